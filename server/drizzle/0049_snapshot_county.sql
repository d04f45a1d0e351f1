-- Issue 19 part 1 ("Not yet distributed" item 1): the month-end snapshots (member_count_snapshot,
-- organization_count_snapshot) and the 应录入数 sums (organization_reported_count) carry the holder's
-- county bucket, `county_id` = organization.county_id of `organization_id` (as member_count's, migration
-- 0038), on every engine: backfilled here, and given by every writer — the month-end copy, the recounts
-- and derivations from member_history, the backdated and imported members' changes
-- (member-count-snapshot-build.repository.ts), the 应录入数 triggers and their rebuild (below). The
-- primary keys gain the column (last: the reads by organization on PostgreSQL keep their index order);
-- ON CONFLICT names it. On Citus (the DO block at the end) the three tables are distributed by county_id,
-- co-located with member and the counters: the month-end copy of the counters is a co-located
-- INSERT … SELECT run on each shard, and a county's trend, as-of figures and sums are one shard
-- (docs/SCALING.md "Snapshots by county").
ALTER TABLE "member_count_snapshot" ADD COLUMN "county_id" integer;--> statement-breakpoint
UPDATE "member_count_snapshot" s SET county_id = coalesce((SELECT o.county_id FROM organization o WHERE o.id = s.organization_id), 0);--> statement-breakpoint
ALTER TABLE "member_count_snapshot" ALTER COLUMN "county_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "member_count_snapshot" DROP CONSTRAINT "member_count_snapshot_organization_id_dimension_month_status_value_pk";--> statement-breakpoint
ALTER TABLE "member_count_snapshot" ADD CONSTRAINT "member_count_snapshot_organization_id_dimension_month_status_value_county_id_pk" PRIMARY KEY("organization_id","dimension","month","status","value","county_id");--> statement-breakpoint
ALTER TABLE "organization_count_snapshot" ADD COLUMN "county_id" integer;--> statement-breakpoint
UPDATE "organization_count_snapshot" s SET county_id = coalesce((SELECT o.county_id FROM organization o WHERE o.id = s.organization_id), 0);--> statement-breakpoint
ALTER TABLE "organization_count_snapshot" ALTER COLUMN "county_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organization_count_snapshot" DROP CONSTRAINT "organization_count_snapshot_organization_id_month_dimension_value_pk";--> statement-breakpoint
ALTER TABLE "organization_count_snapshot" ADD CONSTRAINT "organization_count_snapshot_organization_id_month_dimension_value_county_id_pk" PRIMARY KEY("organization_id","month","dimension","value","county_id");--> statement-breakpoint
ALTER TABLE "organization_reported_count" ADD COLUMN "county_id" integer;--> statement-breakpoint
UPDATE "organization_reported_count" c SET county_id = coalesce((SELECT o.county_id FROM organization o WHERE o.id = c.organization_id), 0);--> statement-breakpoint
ALTER TABLE "organization_reported_count" ALTER COLUMN "county_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organization_reported_count" DROP CONSTRAINT "organization_reported_count_pkey";--> statement-breakpoint
ALTER TABLE "organization_reported_count" ADD CONSTRAINT "organization_reported_count_organization_id_county_id_pk" PRIMARY KEY("organization_id","county_id");--> statement-breakpoint

-- 应录入数 sums at every holder on the changed rows' paths, each at its holder's county (as
-- organization_count_apply, migration 0038): a holder that is gone (the deleted organization itself)
-- takes the county its old row carried (`county_id` in the jsonb, given by the delete trigger). The
-- triggers on organization fire on the coordinator's placement only (WHEN NOT tuanwu_replica(), 0033),
-- so on Citus this insert runs from the coordinator and reads only jsonb and the reference table: Citus
-- routes each row to its holder's shard.
CREATE OR REPLACE FUNCTION organization_reported_count_apply(rows_changed jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
  SELECT coalesce(ho.county_id, r.county_id, 0), h.id, sum(r.reported * r.sign)::int, sum(r.sign)::int
    FROM jsonb_to_recordset(rows_changed) AS r (path text, kind text, reported int, sign int, county_id int)
    CROSS JOIN LATERAL unnest(member_count_holders(r.path, r.kind)) AS h (id)
    LEFT JOIN organization ho ON ho.id = h.id
   WHERE r.reported IS NOT NULL
   GROUP BY 1, 2
  HAVING sum(r.reported * r.sign) <> 0 OR sum(r.sign) <> 0
   ORDER BY 2
  ON CONFLICT (county_id, organization_id) DO UPDATE
    SET reported = organization_reported_count.reported + excluded.reported,
        reporting = organization_reported_count.reporting + excluded.reporting;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organization_reported_count_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organization_reported_count_apply((
    SELECT coalesce(jsonb_agg(jsonb_build_object('path', o.path, 'kind', o.kind,
             'reported', o.reported_member_count, 'sign', -1, 'county_id', o.county_id)), '[]')
      FROM organization_reported_count_old o WHERE o.reported_member_count IS NOT NULL));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The recount (0033's), every row at its holder's county.
CREATE OR REPLACE FUNCTION organization_reported_count_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE organization_reported_count IN EXCLUSIVE MODE;
  DELETE FROM organization_reported_count;
  INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
  SELECT ho.county_id, h.id, sum(o.reported_member_count)::int, count(*)::int
    FROM organization o
    CROSS JOIN LATERAL unnest(member_count_holders(o.path, o.kind)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   WHERE o.reported_member_count IS NOT NULL
   GROUP BY 1, 2
   ORDER BY 2;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint
-- A moved subtree that changes county (0038's version; on Citus refused by 0030 when it has members)
-- takes its committees' rows along to their new county bucket: the counters, the 应录入数 sums and the
-- month-end snapshots (a snapshot row stays at its holder's current bucket, where the reads look).
-- Delete and insert, not an update: on Citus the distribution column cannot change in place.
CREATE OR REPLACE FUNCTION organization_counter_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM organization_county_old o JOIN organization_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  WITH moved AS (
    DELETE FROM member_count c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> o.county_id
    RETURNING o.county_id, c.organization_id, c.status, c.dimension, c.value, c.count
  )
  INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
  SELECT county_id, organization_id, status, dimension, value, count FROM moved;
  WITH moved AS (
    DELETE FROM organization_count c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> o.county_id
    RETURNING o.county_id, c.organization_id, c.dimension, c.value, c.count
  )
  INSERT INTO organization_count (county_id, organization_id, dimension, value, count)
  SELECT county_id, organization_id, dimension, value, count FROM moved;
  WITH moved AS (
    DELETE FROM organization_reported_count c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> o.county_id
    RETURNING o.county_id, c.organization_id, c.reported, c.reporting
  )
  INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
  SELECT county_id, organization_id, reported, reporting FROM moved;
  WITH moved AS (
    DELETE FROM member_count_snapshot c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> o.county_id
    RETURNING o.county_id, c.month, c.organization_id, c.status, c.dimension, c.value, c.count
  )
  INSERT INTO member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
  SELECT county_id, month, organization_id, status, dimension, value, count FROM moved;
  WITH moved AS (
    DELETE FROM organization_count_snapshot c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> o.county_id
    RETURNING o.county_id, c.month, c.organization_id, c.dimension, c.value, c.count
  )
  INSERT INTO organization_count_snapshot (county_id, month, organization_id, dimension, value, count)
  SELECT county_id, month, organization_id, dimension, value, count FROM moved;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- On Citus: the snapshots and the 应录入数 sums distributed by county_id, co-located with member (Citus
-- local tables since 0030/0033, rebuilt by tuanwu_citus_distribute, migration 0048: primary keys with
-- county_id first, the BRIN index on month kept). member_count_snapshot_month (a row per month-end, the
-- snapshot takers' lock) stays a Citus local table on the coordinator. The trigger functions that write
-- the distributed tables from the coordinator's placement of organization get back the setting that
-- CREATE OR REPLACE dropped (migrations 0030, 0038).
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  PERFORM tuanwu_citus_distribute(
    ARRAY['member_count_snapshot', 'organization_count_snapshot', 'organization_reported_count']);
  ALTER FUNCTION organization_reported_count_on_insert() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION organization_reported_count_on_update() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION organization_reported_count_on_delete() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION organization_counter_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

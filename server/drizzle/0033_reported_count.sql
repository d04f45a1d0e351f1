CREATE TABLE "organization_reported_count" (
	"organization_id" integer PRIMARY KEY NOT NULL,
	"reported" integer NOT NULL,
	"reporting" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_birth_date_idx" ON "member" USING btree ("birth_date","status","organization_id");--> statement-breakpoint
-- Issue 18 part 1: 应录入数 per subtree (organization_reported_count; schema member-count.ts), kept by
-- statement-level triggers on organization like organization_count (migration 0006), in their own
-- functions. PL/pgSQL (a SQL function with parameters reading a table cannot be planned once the table
-- is in Citus's metadata, migration 0030). The triggers carry WHEN (NOT tuanwu_replica()): on Citus,
-- organization is a reference table and a statement trigger fires once per placement (0030); false on
-- PostgreSQL and PGlite.
CREATE FUNCTION organization_reported_count_apply(rows_changed jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- Each changed row: its reported count signed (+1 new, −1 old) at every holder on its path.
  INSERT INTO organization_reported_count (organization_id, reported, reporting)
  SELECT h.id, sum(r.reported * r.sign)::int, sum(r.sign)::int
    FROM jsonb_to_recordset(rows_changed) AS r (path text, kind text, reported int, sign int)
    CROSS JOIN LATERAL unnest(member_count_holders(r.path, r.kind)) AS h (id)
   WHERE r.reported IS NOT NULL
   GROUP BY h.id
  HAVING sum(r.reported * r.sign) <> 0 OR sum(r.sign) <> 0
   ORDER BY 1
  ON CONFLICT (organization_id) DO UPDATE
    SET reported = organization_reported_count.reported + excluded.reported,
        reporting = organization_reported_count.reporting + excluded.reporting;
END
$$;
--> statement-breakpoint
CREATE FUNCTION organization_reported_count_on_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organization_reported_count_apply((
    SELECT coalesce(jsonb_agg(jsonb_build_object('path', n.path, 'kind', n.kind,
             'reported', n.reported_member_count, 'sign', 1)), '[]')
      FROM organization_reported_count_new n WHERE n.reported_member_count IS NOT NULL));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION organization_reported_count_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organization_reported_count_apply((
    SELECT coalesce(jsonb_agg(jsonb_build_object('path', o.path, 'kind', o.kind,
             'reported', o.reported_member_count, 'sign', -1)), '[]')
      FROM organization_reported_count_old o WHERE o.reported_member_count IS NOT NULL));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Updates: the rows whose count, path (a move, or an ancestor's move) or kind changed leave their old
-- holders and join their new ones. enable_nestloop off: the planner joins the old and new transition
-- tables by nested loop otherwise (quadratic, migration 0006).
CREATE FUNCTION organization_reported_count_on_update() RETURNS trigger
LANGUAGE plpgsql SET enable_nestloop = off SET jit = off AS $$
BEGIN
  PERFORM organization_reported_count_apply((
    SELECT coalesce(jsonb_agg(v.item), '[]')
      FROM organization_reported_count_old o
      JOIN organization_reported_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (jsonb_build_object('path', o.path, 'kind', o.kind, 'reported', o.reported_member_count, 'sign', -1)),
        (jsonb_build_object('path', n.path, 'kind', n.kind, 'reported', n.reported_member_count, 'sign', 1))
      ) AS v (item)
     WHERE (o.reported_member_count IS NOT NULL OR n.reported_member_count IS NOT NULL)
       AND (o.path, o.kind, o.reported_member_count) IS DISTINCT FROM (n.path, n.kind, n.reported_member_count)));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The recount: every holder's sums from the organizations (≈ 1 s for the 291,544 organizations of the
-- bench province). rebuildMemberCounts (tuanwu counters rebuild) runs it; the tests compare it.
CREATE FUNCTION organization_reported_count_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE organization_reported_count IN EXCLUSIVE MODE;
  DELETE FROM organization_reported_count;
  INSERT INTO organization_reported_count (organization_id, reported, reporting)
  SELECT h.id, sum(o.reported_member_count)::int, count(*)::int
    FROM organization o
    CROSS JOIN LATERAL unnest(member_count_holders(o.path, o.kind)) AS h (id)
   WHERE o.reported_member_count IS NOT NULL
   GROUP BY h.id
   ORDER BY 1;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint
-- Citus: a trigger on a reference table (organization) needs citus.enable_unsafe_triggers, set by
-- migration 0030 with SET LOCAL. When the migrations since 0030 run in a transaction of their own (a
-- cluster migrated to 0030 earlier, then upgraded), that setting is gone: set it again, for this
-- transaction only. Nothing runs on PostgreSQL or PGlite.
DO $citus$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    SET LOCAL citus.enable_unsafe_triggers = on;
  END IF;
END
$citus$;
--> statement-breakpoint
CREATE TRIGGER organization_reported_count_insert AFTER INSERT ON organization
  REFERENCING NEW TABLE AS organization_reported_count_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION organization_reported_count_on_insert();
--> statement-breakpoint
CREATE TRIGGER organization_reported_count_update AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS organization_reported_count_old NEW TABLE AS organization_reported_count_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION organization_reported_count_on_update();
--> statement-breakpoint
CREATE TRIGGER organization_reported_count_delete AFTER DELETE ON organization
  REFERENCING OLD TABLE AS organization_reported_count_old
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION organization_reported_count_on_delete();
--> statement-breakpoint
-- Citus (the extension present): the new table joins the metadata as a Citus local table, as every
-- table of the coordinator does (migration 0030). Nothing runs on PostgreSQL or PGlite.
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM citus_add_local_table_to_metadata('organization_reported_count');
END
$citus$;
--> statement-breakpoint
-- Existing organizations.
SELECT organization_reported_count_rebuild();

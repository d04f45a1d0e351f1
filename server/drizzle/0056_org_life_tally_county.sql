ALTER TABLE "org_life_count" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_life_own" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_life_count" DROP CONSTRAINT "org_life_count_pkey";
--> statement-breakpoint
ALTER TABLE "org_life_count" ADD CONSTRAINT "org_life_count_pkey" PRIMARY KEY("organization_id","dimension","value","county_id");--> statement-breakpoint
ALTER TABLE "org_life_own" DROP CONSTRAINT "org_life_own_pkey";
--> statement-breakpoint
ALTER TABLE "org_life_own" ADD CONSTRAINT "org_life_own_pkey" PRIMARY KEY("organization_id","dimension","value","county_id");--> statement-breakpoint
-- Issue 19 part 1: the organizational-life tallies by the holder's county (docs/SCALING.md "The
-- organizational-life tallies by holder"). On every engine org_life_count and org_life_own carry county_id =
-- the HOLDER's bucket (the organization whose row it is: org_life_count's subtree tally, org_life_own's own
-- contribution), computed in ONE place, org_life_holder_bucket (below; today organization.county_id: a county
-- and everything in it the county's, a city, province or the national committee its own id, as member_count
-- of 0038 — "Figures above the county"); the keys end with it (one ON CONFLICT target everywhere). The
-- refresh, the withdrawal, the organization trigger and the rebuild write the holders' buckets; the readers
-- (indicators) name them. On Citus both are distributed by county_id, co-located with member, so a county's
-- tallies are one shard and the fold's refresh writes each holder's row on its bucket's shard.
--
-- The holder's bucket of the tallies: the one expression every writer and reader uses (the reader through
-- db/org-life-buckets.ts, which calls it). Its arguments are the holder's organization row (id, county_id,
-- level) so that the rule for holders above the county can change here alone.
CREATE FUNCTION org_life_holder_bucket(holder_id int, holder_county int, holder_level text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT holder_county $$;
--> statement-breakpoint
UPDATE org_life_count x SET county_id = org_life_holder_bucket(o.id, o.county_id, o.level)
  FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
UPDATE org_life_own x SET county_id = org_life_holder_bucket(o.id, o.county_id, o.level)
  FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
-- 0026's refresh: the organizations' own contributions recomputed (org_life_own_of), the difference to the
-- stored ones added to every holder on their paths, each holder's row in its bucket. The steps are
-- statements of their own through jsonb (on Citus org_life_own_of reads distributed tables, and a CTE that
-- writes one distributed table from another's rows is not planned there); the own rows are read and
-- deleted by (bucket, organization).
CREATE OR REPLACE FUNCTION org_life_count_refresh(org_ids int[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  buckets int[];
  fresh jsonb;
  stale jsonb;
BEGIN
  IF org_ids IS NULL OR cardinality(org_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM organization o WHERE o.id = ANY (org_ids) ORDER BY o.id FOR NO KEY UPDATE;
  buckets := ARRAY(SELECT DISTINCT org_life_holder_bucket(o.id, o.county_id, o.level)
                     FROM organization o WHERE o.id = ANY (org_ids));
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', f.organization_id, 'dimension', f.dimension,
           'value', f.value, 'amount', f.amount)), '[]') INTO fresh
    FROM org_life_own_of(org_ids) AS f;
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', w.organization_id, 'dimension', w.dimension,
           'value', w.value, 'amount', -w.amount)), '[]') INTO stale
    FROM org_life_own w WHERE w.county_id = ANY (buckets) AND w.organization_id = ANY (org_ids);

  INSERT INTO org_life_count (organization_id, county_id, dimension, value, amount)
  SELECT h.id, org_life_holder_bucket(ho.id, ho.county_id, ho.level), d.dimension, d.value, sum(d.amount)
    FROM (SELECT x.organization_id, x.dimension, x.value, sum(x.amount) AS amount
            FROM jsonb_to_recordset(fresh || stale) AS x (organization_id int, dimension text, value text, amount numeric)
           GROUP BY 1, 2, 3
          HAVING sum(x.amount) <> 0) AS d
    JOIN organization o ON o.id = d.organization_id
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   GROUP BY 1, 2, 3, 4
  HAVING sum(d.amount) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET amount = org_life_count.amount + excluded.amount;

  DELETE FROM org_life_own w WHERE w.county_id = ANY (buckets) AND w.organization_id = ANY (org_ids);
  INSERT INTO org_life_own (organization_id, county_id, dimension, value, amount)
  SELECT f.organization_id, org_life_holder_bucket(o.id, o.county_id, o.level), f.dimension, f.value, f.amount
    FROM jsonb_to_recordset(fresh) AS f (organization_id int, dimension text, value text, amount numeric)
    JOIN organization o ON o.id = f.organization_id
   ORDER BY 1, 2, 3, 4;
END
$$;
--> statement-breakpoint
-- 0026's withdrawal (organizations moved or deleted: their own contributions taken from the holders of
-- their old paths), each holder's row in its bucket; a holder no longer in the tree (deleted in the same
-- statement) is skipped: its rows go with it. The own rows are read by organization alone (on Citus every
-- shard: a move or a deletion of organizations, rare — the moved ones' rows are already in their new
-- bucket, org_life_count_on_organization below).
CREATE OR REPLACE FUNCTION org_life_count_withdraw(org_ids int[], paths text[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  own jsonb;
BEGIN
  IF org_ids IS NULL OR cardinality(org_ids) = 0 THEN
    RETURN;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', w.organization_id, 'dimension', w.dimension,
           'value', w.value, 'amount', w.amount)), '[]') INTO own
    FROM org_life_own w WHERE w.organization_id = ANY (org_ids);
  INSERT INTO org_life_count (organization_id, county_id, dimension, value, amount)
  SELECT h.id, org_life_holder_bucket(ho.id, ho.county_id, ho.level), w.dimension, w.value, -sum(w.amount)
    FROM unnest(org_ids, paths) AS x (id, path)
    JOIN jsonb_to_recordset(own) AS w (organization_id int, dimension text, value text, amount numeric)
      ON w.organization_id = x.id
    CROSS JOIN LATERAL unnest(cadre_count_holders(x.path)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   GROUP BY 1, 2, 3, 4
  HAVING sum(w.amount) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET amount = org_life_count.amount + excluded.amount;
  DELETE FROM org_life_own w WHERE w.organization_id = ANY (org_ids);
END
$$;
--> statement-breakpoint
-- An organization whose bucket changed (a subtree moved to another county, a level changed): its tallies and
-- own rows carried to its new bucket (summed into what is there), before anything else refreshes them. The
-- trigger is named to fire FIRST among the AFTER UPDATE triggers on organization (PostgreSQL fires them by
-- name): the relocations after it (members, meetings, ratings, reviews) fire the tallies' triggers, whose
-- refresh reads the own rows in the organization's bucket as it is now.
CREATE FUNCTION org_life_bucket_relocate() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  moved int[];
  left_buckets int[];
  carried jsonb;
  nestloop text := current_setting('enable_nestloop');
BEGIN
  PERFORM set_config('enable_nestloop', 'off', true);
  SELECT array_agg(o.id), array_agg(DISTINCT org_life_holder_bucket(o.id, o.county_id, o.level))
    INTO moved, left_buckets
    FROM org_life_bucket_old o
    JOIN org_life_bucket_new n ON n.id = o.id
   WHERE org_life_holder_bucket(o.id, o.county_id, o.level) <> org_life_holder_bucket(n.id, n.county_id, n.level);
  PERFORM set_config('enable_nestloop', nestloop, true);
  IF moved IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object('t', 'count', 'organization_id', c.organization_id,
           'dimension', c.dimension, 'value', c.value, 'amount', c.amount)), '[]') INTO carried
    FROM org_life_count c WHERE c.county_id = ANY (left_buckets) AND c.organization_id = ANY (moved);
  SELECT carried || coalesce(jsonb_agg(jsonb_build_object('t', 'own', 'organization_id', w.organization_id,
           'dimension', w.dimension, 'value', w.value, 'amount', w.amount)), '[]') INTO carried
    FROM org_life_own w WHERE w.county_id = ANY (left_buckets) AND w.organization_id = ANY (moved);
  DELETE FROM org_life_count c WHERE c.county_id = ANY (left_buckets) AND c.organization_id = ANY (moved);
  DELETE FROM org_life_own w WHERE w.county_id = ANY (left_buckets) AND w.organization_id = ANY (moved);
  INSERT INTO org_life_count (organization_id, county_id, dimension, value, amount)
  SELECT r.organization_id, org_life_holder_bucket(o.id, o.county_id, o.level), r.dimension, r.value, sum(r.amount)
    FROM jsonb_to_recordset(carried) AS r (t text, organization_id int, dimension text, value text, amount numeric)
    JOIN organization o ON o.id = r.organization_id
   WHERE r.t = 'count'
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET amount = org_life_count.amount + excluded.amount;
  INSERT INTO org_life_own (organization_id, county_id, dimension, value, amount)
  SELECT r.organization_id, org_life_holder_bucket(o.id, o.county_id, o.level), r.dimension, r.value, sum(r.amount)
    FROM jsonb_to_recordset(carried) AS r (t text, organization_id int, dimension text, value text, amount numeric)
    JOIN organization o ON o.id = r.organization_id
   WHERE r.t = 'own'
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET amount = org_life_own.amount + excluded.amount;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER aa_org_life_bucket_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS org_life_bucket_old NEW TABLE AS org_life_bucket_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION org_life_bucket_relocate();
--> statement-breakpoint
-- 0026's organization trigger: a changed path or kind withdraws the own contributions from the old path's
-- holders and refreshes them on the new one (the moved ones' rows are in their new bucket by now: above); a
-- deleted organization's rows are deleted in its bucket.
CREATE OR REPLACE FUNCTION org_life_count_on_organization() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
  paths text[];
  left_buckets int[];
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.id) INTO ids FROM org_life_org_new n;
    PERFORM org_life_count_refresh(ids);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.id), array_agg(o.path), array_agg(DISTINCT org_life_holder_bucket(o.id, o.county_id, o.level))
      INTO ids, paths, left_buckets FROM org_life_org_old o;
    PERFORM org_life_count_withdraw(ids, paths);
    DELETE FROM org_life_count c WHERE c.county_id = ANY (left_buckets) AND c.organization_id = ANY (ids);
  ELSE
    PERFORM set_config('enable_nestloop', 'off', true);
    SELECT array_agg(o.id), array_agg(o.path) INTO ids, paths
      FROM org_life_org_old o
      JOIN org_life_org_new n ON n.id = o.id
     WHERE (o.path, o.kind) IS DISTINCT FROM (n.path, n.kind);
    PERFORM set_config('enable_nestloop', nestloop, true);
    PERFORM org_life_count_withdraw(ids, paths);
    PERFORM org_life_count_refresh(ids);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- 0026's rebuild, each row in its holder's bucket. On Citus the own contributions go through jsonb (a
-- function reading distributed tables cannot feed an INSERT there); elsewhere set-based, as before (the
-- province benchmark's rebuild). DELETE rather than TRUNCATE: the same on every engine, in the caller's
-- transaction.
CREATE OR REPLACE FUNCTION org_life_count_rebuild() RETURNS bigint
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  written bigint;
  own jsonb;
BEGIN
  LOCK TABLE org_life_count IN EXCLUSIVE MODE;
  LOCK TABLE org_life_own IN EXCLUSIVE MODE;
  DELETE FROM org_life_own;
  IF tuanwu_citus() THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', f.organization_id, 'dimension', f.dimension,
             'value', f.value, 'amount', f.amount)), '[]') INTO own
      FROM org_life_own_of((SELECT array_agg(e.id) FROM organization e)) AS f;
    INSERT INTO org_life_own (organization_id, county_id, dimension, value, amount)
    SELECT f.organization_id, org_life_holder_bucket(o.id, o.county_id, o.level), f.dimension, f.value, f.amount
      FROM jsonb_to_recordset(own) AS f (organization_id int, dimension text, value text, amount numeric)
      JOIN organization o ON o.id = f.organization_id;
  ELSE
    INSERT INTO org_life_own (organization_id, county_id, dimension, value, amount)
    SELECT f.organization_id, org_life_holder_bucket(o.id, o.county_id, o.level), f.dimension, f.value, f.amount
      FROM org_life_own_of((SELECT array_agg(e.id) FROM organization e)) AS f
      JOIN organization o ON o.id = f.organization_id;
  END IF;
  DELETE FROM org_life_count;
  INSERT INTO org_life_count (organization_id, county_id, dimension, value, amount)
  SELECT h.id, org_life_holder_bucket(ho.id, ho.county_id, ho.level), w.dimension, w.value, sum(w.amount)
    FROM org_life_own w
    JOIN organization o ON o.id = w.organization_id
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   GROUP BY 1, 2, 3, 4
  HAVING sum(w.amount) <> 0;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint
-- On Citus: org_life_count and org_life_own distributed by county_id, co-located with member
-- (tuanwu_citus_distribute, migration 0048: primary keys (county_id, organization_id, dimension, value); no
-- keys, no triggers of their own). Their only writers are the functions above, run on the coordinator — by
-- the fold (foldMemberCountDeltas → org_life_count_refresh) and by the organization trigger (on the
-- coordinator's placement of the tree) — each holder's row routed to its bucket's shard. The trigger function
-- replaced above gets back nested distributed execution (0030 had set it; CREATE OR REPLACE resets it), and
-- the new one has it too.
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM tuanwu_citus_distribute(ARRAY['org_life_count', 'org_life_own'], '{}', '{}');
  ALTER FUNCTION org_life_count_on_organization() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION org_life_bucket_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

ALTER TABLE "cadre" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cadre_count" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cadre_placement" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cadre_count" DROP CONSTRAINT "cadre_count_pkey";
--> statement-breakpoint
ALTER TABLE "cadre_count" ADD CONSTRAINT "cadre_count_pkey" PRIMARY KEY("organization_id","dimension","value","county_id");--> statement-breakpoint
ALTER TABLE "training_attendance" DROP CONSTRAINT "training_attendance_pkey";
--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_pkey" PRIMARY KEY("round_id","cadre_id","county_id");
--> statement-breakpoint
-- Issue 19 part 1: the cadre records and their training by county (docs/SCALING.md "Cadres and training
-- by county"). On every engine cadre, cadre_placement, training_attendance, cadre_count and
-- cadre_empty_post carry county_id:
-- - cadre: its organization's county bucket (organization.county_id; a city's, province's or the national
--   committee's own), filled by trigger on PostgreSQL and PGlite (0 = fill me; 0042's cadre_county_fill),
--   given with every insert by the repositories;
-- - cadre_placement, training_attendance: their cadre's (cadre_child_county_fill on PostgreSQL and PGlite);
-- - cadre_count: the HOLDER's county bucket (each organization on the cadre's path holds a tally: the
--   city, province and national committees' rows are in their own buckets);
-- - cadre_empty_post: its organization's.
-- The keys of cadre_count, cadre_empty_post and training_attendance end with county_id on every engine (one
-- ON CONFLICT target everywhere; the county is a function of the organization or cadre, so they decide the
-- same; on Citus a unique key must hold the distribution column). The tallies' functions (0019, 0023) are
-- rewritten to write the holder's county and to read the cadre records in statements of their own (on
-- Citus a correlated read of a distributed table from a coordinator row answers no rows or fails).
ALTER TABLE cadre_empty_post ADD COLUMN county_id integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE cadre c SET county_id = o.county_id FROM organization o
 WHERE o.id = c.organization_id AND c.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE cadre_placement p SET county_id = c.county_id FROM cadre c
 WHERE c.id = p.cadre_id AND p.county_id IS DISTINCT FROM c.county_id;
--> statement-breakpoint
UPDATE training_attendance a SET county_id = c.county_id FROM cadre c
 WHERE c.id = a.cadre_id AND a.county_id IS DISTINCT FROM c.county_id;
--> statement-breakpoint
UPDATE cadre_count x SET county_id = o.county_id FROM organization o
 WHERE o.id = x.organization_id AND x.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE cadre_empty_post x SET county_id = o.county_id FROM organization o
 WHERE o.id = x.organization_id AND x.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
ALTER TABLE cadre_empty_post DROP CONSTRAINT cadre_empty_post_pkey;
--> statement-breakpoint
ALTER TABLE cadre_empty_post ADD CONSTRAINT cadre_empty_post_pkey PRIMARY KEY (organization_id, post, county_id);
--> statement-breakpoint
-- cadre: the county of its organization (checked on Citus, filled elsewhere: 0042's function).
CREATE TRIGGER cadre_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON cadre
  FOR EACH ROW EXECUTE FUNCTION cadre_county_fill();
--> statement-breakpoint
-- A placement's or an attendance's county is its cadre's: filled from it on PostgreSQL and PGlite. Not
-- kept once cadre is distributed on Citus (a trigger on a shard cannot read another distributed table):
-- there the writer gives it and the key (county_id, cadre_id) → cadre (county_id, id) refuses a wrong one.
CREATE FUNCTION cadre_child_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT c.county_id INTO county FROM cadre c WHERE c.id = NEW.cadre_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cadre_placement_county_fill BEFORE INSERT OR UPDATE OF cadre_id, county_id ON cadre_placement
  FOR EACH ROW EXECUTE FUNCTION cadre_child_county_fill();
--> statement-breakpoint
CREATE TRIGGER training_attendance_county_fill BEFORE INSERT OR UPDATE OF cadre_id, county_id ON training_attendance
  FOR EACH ROW EXECUTE FUNCTION cadre_child_county_fill();
--> statement-breakpoint
-- The open posts of organizations, per organization and post: {"<organization_id>:<post>": n}. One read of
-- cadre on its own (on Citus: the shards of the counties given, or all when `counties` is null). PL/pgSQL:
-- Citus does not plan a SQL function's parameters in a distributed read.
CREATE FUNCTION cadre_open_posts(org_ids int[], counties int[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT coalesce(jsonb_object_agg(x.organization_id || ':' || x.post, x.n), '{}')
      FROM (SELECT c.organization_id, c.post, count(*)::int AS n FROM cadre c
             WHERE c.organization_id = ANY (org_ids) AND c.ended_on IS NULL
               AND (counties IS NULL OR c.county_id = ANY (counties))
             GROUP BY 1, 2) AS x);
END
$$;
--> statement-breakpoint
-- 0019's apply, the holders' rows now in the holder's county bucket, and the open posts per organization
-- and post read first (cadre_open_posts) instead of correlated per changed post.
CREATE OR REPLACE FUNCTION cadre_count_apply(changes jsonb) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  org_ids int[];
  open_now jsonb;
BEGIN
  IF jsonb_array_length(changes) = 0 THEN
    RETURN;
  END IF;
  SELECT array_agg(DISTINCT (e ->> 'organization_id')::int) INTO org_ids FROM jsonb_array_elements(changes) AS e;
  PERFORM 1 FROM organization o WHERE o.id = ANY (org_ids) ORDER BY o.id FOR NO KEY UPDATE;

  INSERT INTO cadre_count (organization_id, county_id, dimension, value, count)
  SELECT h.id, ho.county_id, d.dimension, d.value, sum(r.sign)::int
    FROM jsonb_to_recordset(changes) AS r (organization_id int, kind text, source_channel text,
      education text, party_member boolean, from_grassroots boolean, trained boolean, birth_date date, sign int)
    JOIN organization o ON o.id = r.organization_id
    CROSS JOIN LATERAL cadre_count_dimensions(r.kind, r.source_channel, r.education, r.party_member,
      r.from_grassroots, r.trained, r.birth_date) AS d
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   GROUP BY 1, 2, 3, 4
  HAVING sum(r.sign) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET count = cadre_count.count + excluded.count;

  -- post_open: per (organization, post) whose open posts changed, n before (= now − net) and n now.
  open_now := cadre_open_posts(org_ids, ARRAY(SELECT DISTINCT o.county_id FROM organization o WHERE o.id = ANY (org_ids)));
  INSERT INTO cadre_count (organization_id, county_id, dimension, value, count)
  SELECT h.id, ho.county_id, 'post_open', o.kind || ':' || o.level || ':' || p.post || ':' || v.n, sum(v.sign)::int
    FROM (
      SELECT r.organization_id, r.post, sum(r.sign)::int AS net
        FROM jsonb_to_recordset(changes) AS r (organization_id int, post text, sign int)
       GROUP BY 1, 2
      HAVING sum(r.sign) <> 0
    ) AS p
    JOIN organization o ON o.id = p.organization_id
    CROSS JOIN LATERAL (VALUES
      (coalesce((open_now ->> (p.organization_id || ':' || p.post))::int, 0) - p.net, -1),
      (coalesce((open_now ->> (p.organization_id || ':' || p.post))::int, 0), 1)) AS v (n, sign)
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   WHERE v.n > 0
   GROUP BY 1, 2, 3, 4
  HAVING sum(v.sign) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET count = cadre_count.count + excluded.count;
END
$$;
--> statement-breakpoint
-- What organizations add to their holders' tallies (0019's cadre_count_own for several at once, read in
-- one statement of cadre on its own): itself by kind and level, its open posts by dimension, and per post
-- how many it holds open. `orgs` = [{id, kind, level}] (the kind and level to count it under).
CREATE FUNCTION cadre_count_own_of(orgs jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  org_ids int[];
  dims jsonb;
  posts jsonb;
BEGIN
  SELECT array_agg((e ->> 'id')::int) INTO org_ids FROM jsonb_array_elements(orgs) AS e;
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.organization_id, 'dimension', x.dimension,
           'value', x.value, 'count', x.n)), '[]') INTO dims
    FROM (SELECT c.organization_id, d.dimension, d.value, count(*)::int AS n
            FROM cadre c
            CROSS JOIN LATERAL cadre_count_dimensions(c.kind, c.source_channel, c.education, c.party_member,
              c.from_grassroots, c.training_rounds > 0, c.birth_date) AS d
           WHERE c.organization_id = ANY (org_ids) AND c.ended_on IS NULL
           GROUP BY 1, 2, 3) AS x;
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.organization_id, 'post', x.post, 'n', x.n)), '[]') INTO posts
    FROM (SELECT c.organization_id, c.post, count(*)::int AS n FROM cadre c
           WHERE c.organization_id = ANY (org_ids) AND c.ended_on IS NULL
           GROUP BY 1, 2) AS x;
  RETURN (
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'dimension', w.dimension, 'value', w.value,
             'count', w.count)), '[]')
      FROM (
        SELECT r.id, 'organizations' AS dimension, r.kind || ':' || r.level AS value, 1 AS count
          FROM jsonb_to_recordset(orgs) AS r (id int, kind text, level text)
        UNION ALL
        SELECT d.id, d.dimension, d.value, d.count
          FROM jsonb_to_recordset(dims) AS d (id int, dimension text, value text, count int)
        UNION ALL
        SELECT r.id, 'post_open', r.kind || ':' || r.level || ':' || p.post || ':' || p.n, 1
          FROM jsonb_to_recordset(orgs) AS r (id int, kind text, level text)
          JOIN jsonb_to_recordset(posts) AS p (id int, post text, n int) ON p.id = r.id
      ) AS w);
END
$$;
--> statement-breakpoint
-- 0019's organization trigger: each inserted, deleted or changed (path, kind or level) organization takes
-- its own contribution from the holders of its old path and gives it to those of its new one, the
-- holders' rows in the holders' county buckets (as they are after the statement: a moved holder's rows
-- are netted to zero here and carried to its new bucket by cadre_county_relocate).
CREATE OR REPLACE FUNCTION cadre_count_on_organization() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changes jsonb;
  own_old jsonb;
  own_new jsonb;
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'path', n.path, 'kind', n.kind,
             'level', n.level, 'sign', 1)), '[]')
      INTO changes FROM cadre_count_org_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'path', o.path, 'kind', o.kind,
             'level', o.level, 'sign', -1)), '[]')
      INTO changes FROM cadre_count_org_old o;
  ELSE
    PERFORM set_config('enable_nestloop', 'off', true);
    SELECT coalesce(jsonb_agg(v.item), '[]') INTO changes
      FROM cadre_count_org_old o
      JOIN cadre_count_org_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (jsonb_build_object('id', o.id, 'path', o.path, 'kind', o.kind, 'level', o.level, 'sign', -1)),
        (jsonb_build_object('id', n.id, 'path', n.path, 'kind', n.kind, 'level', n.level, 'sign', 1))
      ) AS v (item)
     WHERE (o.path, o.kind, o.level) IS DISTINCT FROM (n.path, n.kind, n.level);
    PERFORM set_config('enable_nestloop', nestloop, true);
  END IF;
  IF jsonb_array_length(changes) = 0 THEN
    RETURN NULL;
  END IF;
  own_old := cadre_count_own_of((SELECT jsonb_agg(e) FROM jsonb_array_elements(changes) AS e WHERE (e ->> 'sign')::int < 0));
  own_new := cadre_count_own_of((SELECT jsonb_agg(e) FROM jsonb_array_elements(changes) AS e WHERE (e ->> 'sign')::int > 0));
  INSERT INTO cadre_count (organization_id, county_id, dimension, value, count)
  SELECT h.id, ho.county_id, c.dimension, c.value, sum(c.count * r.sign)::int
    FROM jsonb_to_recordset(changes) AS r (id int, path text, kind text, level text, sign int)
    JOIN jsonb_to_recordset(CASE WHEN r.sign < 0 THEN own_old ELSE own_new END)
      AS c (id int, dimension text, value text, count int) ON c.id = r.id
    CROSS JOIN LATERAL unnest(cadre_count_holders(r.path)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   GROUP BY 1, 2, 3, 4
  HAVING sum(c.count * r.sign) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, dimension, value, county_id) DO UPDATE SET count = cadre_count.count + excluded.count;
  -- A deleted organization's own rows (all zero by now) go with it.
  IF TG_OP = 'DELETE' THEN
    DELETE FROM cadre_count c
     WHERE c.organization_id = ANY (ARRAY(SELECT (e ->> 'id')::int FROM jsonb_array_elements(changes) AS e));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- 0019's recount as PL/pgSQL (the same rows): Citus does not plan a SQL function's reads of distributed
-- tables (as 0035 did for org_life_count_recount).
CREATE OR REPLACE FUNCTION cadre_count_recount() RETURNS TABLE (organization_id int, dimension text, value text, count int)
LANGUAGE plpgsql STABLE AS $recount$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH own AS (
    SELECT o.path, 'organizations' AS dimension, o.kind || ':' || o.level AS value, count(*)::int AS count
      FROM organization o GROUP BY 1, 2, 3
    UNION ALL
    SELECT o.path, d.dimension, d.value, count(*)::int
      FROM cadre c
      JOIN organization o ON o.id = c.organization_id
      CROSS JOIN LATERAL cadre_count_dimensions(c.kind, c.source_channel, c.education, c.party_member,
        c.from_grassroots, c.training_rounds > 0, c.birth_date) AS d
     WHERE c.ended_on IS NULL
     GROUP BY 1, 2, 3
    UNION ALL
    SELECT o.path, 'post_open', o.kind || ':' || o.level || ':' || p.post || ':' || p.n, 1
      FROM (SELECT c.organization_id, c.post, count(*) AS n FROM cadre c WHERE c.ended_on IS NULL GROUP BY 1, 2) AS p
      JOIN organization o ON o.id = p.organization_id
  )
  SELECT h.id, own.dimension, own.value, sum(own.count)::int
    FROM own CROSS JOIN LATERAL unnest(cadre_count_holders(own.path)) AS h (id)
   GROUP BY 1, 2, 3
  HAVING sum(own.count) <> 0;
END
$recount$;
--> statement-breakpoint
-- 0019's rebuild: training_rounds recounted by a join on (county_id, cadre), the tallies written in the
-- holders' county buckets.
CREATE OR REPLACE FUNCTION cadre_count_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
  recounted jsonb;
BEGIN
  LOCK TABLE cadre_count IN EXCLUSIVE MODE;
  UPDATE cadre c SET training_rounds = x.n
    FROM (SELECT c2.county_id, c2.id, count(a.cadre_id)::int AS n
            FROM cadre c2
            LEFT JOIN training_attendance a ON a.county_id = c2.county_id AND a.cadre_id = c2.id
           GROUP BY 1, 2) AS x
   WHERE c.county_id = x.county_id AND c.id = x.id AND c.training_rounds <> x.n;
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', r.organization_id, 'dimension', r.dimension,
           'value', r.value, 'count', r.count)), '[]') INTO recounted
    FROM cadre_count_recount() AS r;
  DELETE FROM cadre_count;
  INSERT INTO cadre_count (organization_id, county_id, dimension, value, count)
  SELECT r.organization_id, o.county_id, r.dimension, r.value, r.count
    FROM jsonb_to_recordset(recounted) AS r (organization_id int, dimension text, value text, count int)
    JOIN organization o ON o.id = r.organization_id;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint
-- 0023's refresh, the rows in the organization's county and the open posts read first.
CREATE OR REPLACE FUNCTION cadre_empty_post_refresh(org_ids int[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  -- The organizations' county buckets: on Citus the read and the delete go to those shards only.
  counties int[] := ARRAY(SELECT DISTINCT o.county_id FROM organization o WHERE o.id = ANY (org_ids));
  open_now jsonb := cadre_open_posts(org_ids, counties);
BEGIN
  DELETE FROM cadre_empty_post WHERE county_id = ANY (counties) AND organization_id = ANY (org_ids);
  INSERT INTO cadre_empty_post (organization_id, county_id, path, post, rank, empty)
  SELECT o.id, o.county_id, o.path, r.post, r.rank,
         r.expected - coalesce((open_now ->> (o.id || ':' || r.post))::int, 0)
    FROM organization o
    JOIN cadre_post_rule r ON r.kind = o.kind AND r.level = o.level
   WHERE o.id = ANY (org_ids) AND coalesce((open_now ->> (o.id || ':' || r.post))::int, 0) < r.expected;
END $$;
--> statement-breakpoint
-- 0042's relocation of a subtree moved to another county, now with the cadre records (PostgreSQL and
-- PGlite: carried along; Citus: refused with the reason when the organizations hold cadre records — the
-- distribution column cannot change in place) and the tallies (every engine: the moved holders' rows
-- deleted and written again in their new bucket, the empty posts refreshed).
CREATE OR REPLACE FUNCTION cadre_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
  moved jsonb;
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM cadre_county_old o JOIN cadre_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() AND EXISTS (SELECT 1 FROM cadre c WHERE c.organization_id = ANY (ids)) THEN
    RAISE EXCEPTION 'an organization with cadre records (团干部) cannot change county on Citus (the distribution column cannot change in place)'
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE organization_term x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE deputy x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE liaison_station x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE liaison_assignment x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE contact_log x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  IF NOT tuanwu_citus() THEN
    UPDATE cadre x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE cadre_placement p SET county_id = c.county_id
      FROM cadre c WHERE c.id = p.cadre_id AND c.organization_id = ANY (ids) AND p.county_id <> c.county_id;
    UPDATE training_attendance a SET county_id = c.county_id
      FROM cadre c WHERE c.id = a.cadre_id AND c.organization_id = ANY (ids) AND a.county_id <> c.county_id;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'dimension', x.dimension,
           'value', x.value, 'count', x.count)), '[]') INTO moved
    FROM cadre_count x WHERE x.organization_id = ANY (ids);
  DELETE FROM cadre_count WHERE organization_id = ANY (ids);
  INSERT INTO cadre_count (organization_id, county_id, dimension, value, count)
  SELECT r.organization_id, o.county_id, r.dimension, r.value, sum(r.count)::int
    FROM jsonb_to_recordset(moved) AS r (organization_id int, dimension text, value text, count int)
    JOIN organization o ON o.id = r.organization_id
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4;
  PERFORM cadre_empty_post_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- On Citus the three statement triggers on cadre (0019 tallies, 0021 member fields, 0023 empty posts) and
-- the attendance trigger (0019: training_rounds) are kept out of the distributed tables (a trigger on a
-- worker's shard can write neither the holders' tallies in other buckets nor a member in another
-- county). In their place the repositories that write cadres and attendance call, in the same
-- transaction on the coordinator, one of these two functions. PostgreSQL and PGlite keep the triggers
-- and never call them.
--
-- cadre_upkeep(before, after): the cadre rows a statement changed as they were (`before`, [] for an
-- insert) and as they are (`after`, [] for a delete), each `to_jsonb` of a cadre row. Does what the three
-- triggers do: the tallies of every holder on the posts' paths (cadre_count_apply: an open post as it was
-- −1, as it is +1; unchanged rows cancel), the member fields of the members named (as
-- member_cadre_fields_refresh, each member updated on its county's shard), the empty posts of the
-- organizations named (cadre_empty_post_refresh).
CREATE FUNCTION cadre_upkeep(before jsonb, after jsonb) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changes jsonb;
  member_ids bigint[];
  member_counties int[];
  org_ids int[];
  posts jsonb;
  fields jsonb;
  r record;
BEGIN
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'post', x.post,
           'kind', x.kind, 'source_channel', x.source_channel, 'education', x.education,
           'party_member', x.party_member, 'from_grassroots', x.from_grassroots,
           'trained', x.training_rounds > 0, 'birth_date', x.birth_date, 'sign', x.sign)), '[]')
    INTO changes
    FROM (SELECT b.*, -1 AS sign FROM jsonb_populate_recordset(NULL::cadre, before) AS b WHERE b.ended_on IS NULL
          UNION ALL
          SELECT a.*, 1 FROM jsonb_populate_recordset(NULL::cadre, after) AS a WHERE a.ended_on IS NULL) AS x;
  PERFORM cadre_count_apply(changes);

  SELECT array_agg(DISTINCT x.organization_id) INTO org_ids
    FROM (SELECT b.organization_id FROM jsonb_populate_recordset(NULL::cadre, before) AS b
          UNION SELECT a.organization_id FROM jsonb_populate_recordset(NULL::cadre, after) AS a) AS x;
  IF org_ids IS NOT NULL THEN
    PERFORM cadre_empty_post_refresh(org_ids);
  END IF;

  SELECT array_agg(DISTINCT x.member_id) INTO member_ids
    FROM (SELECT b.member_id FROM jsonb_populate_recordset(NULL::cadre, before) AS b
          UNION SELECT a.member_id FROM jsonb_populate_recordset(NULL::cadre, after) AS a) AS x
   WHERE x.member_id IS NOT NULL;
  IF member_ids IS NULL THEN
    RETURN;
  END IF;
  -- 0021's rule (member_cadre_fields_refresh), its reads split: the members' open posts, then the members
  -- (by their counties from county_locator), then one update per member whose fields change.
  -- (Each object built by name: a whole-row to_jsonb of a subquery over a distributed table may lose the
  -- column names on Citus.)
  SELECT coalesce(jsonb_agg(jsonb_build_object('member_id', c.member_id, 'post', c.post, 'kind', c.kind,
           'started_on', c.started_on, 'id', c.id)), '[]') INTO posts
    FROM cadre c
   WHERE c.member_id = ANY (member_ids) AND c.ended_on IS NULL;
  SELECT array_agg(DISTINCT l.county_id) INTO member_counties
    FROM county_locator l WHERE l.kind = 'member' AND l.id = ANY (member_ids);
  SELECT coalesce(jsonb_agg(jsonb_build_object('county_id', m.county_id, 'id', m.id,
           'league_position', m.league_position, 'is_cadre', m.is_cadre, 'cadre_kind', m.cadre_kind,
           'position_since', m.position_since)), '[]') INTO fields
    FROM member m
   WHERE m.id = ANY (member_ids) AND (member_counties IS NULL OR m.county_id = ANY (member_counties));
  FOR r IN
    WITH current_post AS (
      SELECT DISTINCT ON (p.member_id) p.member_id, p.post, p.kind, p.started_on
        FROM jsonb_to_recordset(posts) AS p (member_id bigint, post text, kind text, started_on date, id bigint)
       ORDER BY p.member_id,
                CASE p.post WHEN 'secretary' THEN 1 WHEN 'deputy_secretary' THEN 2 WHEN 'organizer' THEN 3
                            WHEN 'publicity' THEN 4 WHEN 'committee_member' THEN 5 ELSE 6 END,
                p.started_on, p.id),
    derived AS (
      SELECT m.county_id, m.id, m.is_cadre AS was_cadre, m.league_position AS was_position,
             m.cadre_kind AS was_kind, m.position_since AS was_since,
             p.member_id IS NOT NULL AS is_cadre,
             CASE
               WHEN p.member_id IS NULL THEN NULL
               WHEN p.post = 'secretary' THEN 'secretary'
               WHEN p.post = 'deputy_secretary' THEN 'deputy_secretary'
               WHEN p.post = 'organizer' THEN 'organization_member'
               WHEN p.post = 'publicity' THEN 'publicity_member'
               WHEN p.post = 'committee_member' AND m.league_position IN
                    ('culture_sports_member', 'production_member', 'rights_member', 'volunteer_member')
                 THEN m.league_position
               ELSE 'other' END AS league_position,
             p.kind AS cadre_kind,
             p.started_on AS position_since
        FROM jsonb_to_recordset(fields) AS m (county_id int, id bigint, league_position text, is_cadre boolean,
               cadre_kind text, position_since date)
        LEFT JOIN current_post p ON p.member_id = m.id)
    SELECT * FROM derived d
     WHERE (d.was_cadre, d.was_position, d.was_kind, d.was_since)
           IS DISTINCT FROM (d.is_cadre, d.league_position, d.cadre_kind, d.position_since)
     ORDER BY d.county_id, d.id
  LOOP
    UPDATE member m
       SET is_cadre = r.is_cadre, league_position = r.league_position, cadre_kind = r.cadre_kind,
           position_since = r.position_since
     WHERE m.county_id = r.county_id AND m.id = r.id;
  END LOOP;
END
$$;
--> statement-breakpoint
-- cadre_attendance_upkeep(attended): on Citus, after a round's attendance changed, what 0019's attendance
-- trigger does: `attended` = [{county_id, cadre_id, n}] (attendance rows added − removed per cadre);
-- each cadre's training_rounds moved by n on its county's shard, then cadre_upkeep of the rows before and
-- after ("trained" moves when it crosses zero). The caller has locked the cadres.
CREATE FUNCTION cadre_attendance_upkeep(attended jsonb) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  before jsonb := '[]';
  after jsonb := '[]';
  r record;
  row_before jsonb;
  row_after jsonb;
BEGIN
  FOR r IN
    SELECT x.county_id, x.cadre_id, x.n FROM jsonb_to_recordset(attended) AS x (county_id int, cadre_id bigint, n int)
     WHERE x.n <> 0 ORDER BY x.cadre_id
  LOOP
    -- (Citus refuses to_jsonb in a distributed write's RETURNING: the row is read again after.)
    SELECT to_jsonb(c) INTO row_before FROM cadre c WHERE c.county_id = r.county_id AND c.id = r.cadre_id;
    UPDATE cadre c SET training_rounds = c.training_rounds + r.n
     WHERE c.county_id = r.county_id AND c.id = r.cadre_id;
    SELECT to_jsonb(c) INTO row_after FROM cadre c WHERE c.county_id = r.county_id AND c.id = r.cadre_id;
    IF row_after IS NOT NULL THEN
      before := before || jsonb_build_array(row_before);
      after := after || jsonb_build_array(row_after);
    END IF;
  END LOOP;
  PERFORM cadre_upkeep(before, after);
END
$$;
--> statement-breakpoint
-- On Citus: cadre, cadre_placement, training_attendance, cadre_count and cadre_empty_post distributed by
-- county_id, co-located with member (0048's procedure: ids from sequences continuing the old ones, keys
-- with county_id first, the keys to organization kept); training_round and cadre_post_rule reference
-- tables. The triggers kept out: the three on cadre, the attendance trigger and the placement's and
-- attendance's county fill (they read cadre from a shard). Keys between them name the county. Dropped on
-- Citus with the old tables (CASCADE): the keys of the coordinator's tables into cadre
-- (review_reporter.cadre_id; contact_log.cadre_id and liaison_assignment.from_cadre_id were already
-- dropped by 0042) — the services check those ends by id in the same transaction, and nothing deletes a
-- cadre. The organization triggers that now read and write the distributed tables from the coordinator
-- get nested distributed execution (CREATE OR REPLACE above reset their settings).
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM tuanwu_citus_distribute(
    ARRAY['cadre', 'cadre_placement', 'training_attendance', 'cadre_count', 'cadre_empty_post'],
    ARRAY['training_round', 'cadre_post_rule'],
    ARRAY['cadre_count_on_cadre()'::regprocedure, 'cadre_member_fields_capture()'::regprocedure,
          'cadre_empty_post_on_cadre()'::regprocedure, 'cadre_count_on_attendance()'::regprocedure,
          'cadre_child_county_fill()'::regprocedure]);
  ALTER TABLE cadre_placement ADD CONSTRAINT cadre_placement_cadre_fk
    FOREIGN KEY (county_id, cadre_id) REFERENCES cadre (county_id, id);
  ALTER TABLE training_attendance ADD CONSTRAINT training_attendance_cadre_fk
    FOREIGN KEY (county_id, cadre_id) REFERENCES cadre (county_id, id);
  ALTER FUNCTION cadre_count_on_organization() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION cadre_empty_post_on_organization() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION cadre_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

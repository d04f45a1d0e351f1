-- Issue 19 part 5 (docs/SCALING.md "Figures above the county"): the counters and organization counts of every
-- holder ABOVE the county — a city, a province, the national committee, i.e. an organization that is its own
-- county bucket (organization.county_id = id) without being a county — lie in ONE bucket, `county_id` = -1
-- (the above-county bucket), instead of each in a bucket of its own (its id). A province's or a city's own
-- figures and a province's children's (its cities') are then one task on Citus, not one per holder (32 shards
-- for a province's pass). -1, not 0: 0 means "fill me" to the county triggers of migration 0030, and no
-- organization has id -1. The rule, one on every engine (PostgreSQL, PGlite, Citus), written inline as
--   CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
-- (not a SQL function: on Citus a function in a statement pushed to a worker would have to exist there), and
-- in TypeScript as db/county.ts counterBucketOf: the holder rows of member_count, organization_count,
-- organization_reported_count, member_count_snapshot and organization_count_snapshot. Below the county nothing
-- moves (a county, its townships and branches keep the county's bucket; a committee directly under a city
-- keeps the city's id, as organization.county_id says). Every SQL writer of those rows is replaced here with
-- the rule (the organization triggers, the recount, the 应录入数 sums, the relocation); the application's
-- writers (the fold, the snapshots) give it too. Existing rows move (delete and insert: on Citus the
-- distribution column cannot change in place).
-- Organization counts at every holder on the changed rows' paths, each in its holder's counter bucket. A
-- holder that is gone (the deleted organization itself) takes the bucket of its old row (`county_id` in the
-- jsonb, given by the delete trigger).
CREATE OR REPLACE FUNCTION organization_count_apply(rows_changed jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO organization_count (county_id, organization_id, dimension, value, count)
  SELECT coalesce(CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, r.county_id, 0), h.id, d.dimension, d.value, sum(r.sign)::int
    FROM jsonb_to_recordset(rows_changed) AS r (path text, kind text, sector text, sign int, county_id int)
    CROSS JOIN LATERAL unnest(member_count_holders(r.path, r.kind)) AS h (id)
    LEFT JOIN organization ho ON ho.id = h.id
    CROSS JOIN LATERAL (VALUES ('total', ''), ('kind', r.kind), ('sector', coalesce(r.sector, '')))
      AS d (dimension, value)
   GROUP BY 1, 2, 3, 4
  HAVING sum(r.sign) <> 0
   ORDER BY 2, 3, 4
  ON CONFLICT (county_id, organization_id, dimension, value)
    DO UPDATE SET count = organization_count.count + excluded.count;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organization_count_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organization_count_apply(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('path', o.path, 'kind', o.kind, 'sector', o.sector, 'sign', -1,
              'county_id', CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END)), '[]')
       FROM organization_count_old o));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Organization moves and sector changes (0038's version): every counter row written in its holder's bucket.
CREATE OR REPLACE FUNCTION organization_count_on_update() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changed jsonb;
  moved_branches int[];
  moved_committees int[];
  resectored int[];
  branch_members jsonb;
  committee_counters jsonb;
  own_members jsonb;
  nestloop text := current_setting('enable_nestloop');
BEGIN
  -- The changed rows, old beside new, taken once. The planner joins transition tables by nested loop
  -- (quadratic: 40,000 rows updated took 100 s), so hash joins are forced for this one statement.
  PERFORM set_config('enable_nestloop', 'off', true);
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'id', n.id, 'kind', n.kind, 'old_kind', o.kind, 'old_path', o.path, 'new_path', n.path,
           'old_sector', o.sector, 'new_sector', n.sector,
           'moved', o.parent_id IS DISTINCT FROM n.parent_id)), '[]')
    INTO changed
    FROM organization_count_old o JOIN organization_count_new n ON n.id = o.id
   WHERE o.path <> n.path OR o.kind <> n.kind OR o.sector IS DISTINCT FROM n.sector;
  PERFORM set_config('enable_nestloop', nestloop, true);
  IF jsonb_array_length(changed) = 0 THEN
    RETURN NULL;
  END IF;
  LOCK TABLE member_count IN EXCLUSIVE MODE;

  -- Organization counts: −1 for each changed old row, +1 for its new row, at each holder.
  PERFORM organization_count_apply((
    SELECT coalesce(jsonb_agg(c.item), '[]') FROM (
      SELECT jsonb_build_object('path', r.old_path, 'kind', r.old_kind, 'sector', r.old_sector, 'sign', -1) AS item
        FROM jsonb_to_recordset(changed) AS r (old_path text, old_kind text, old_sector text)
      UNION ALL
      SELECT jsonb_build_object('path', r.new_path, 'kind', r.kind, 'sector', r.new_sector, 'sign', 1)
        FROM jsonb_to_recordset(changed) AS r (new_path text, kind text, new_sector text)
    ) AS c));

  -- The members of the moved branches and of the organizations whose sector changed, minus their
  -- pending deltas (the folded part, which the counters hold), and the moved committees' counters,
  -- each read from one table alone.
  SELECT array_agg(x.id) FILTER (WHERE x.moved AND x.kind = 'branch'),
         array_agg(x.id) FILTER (WHERE x.moved AND x.kind <> 'branch'),
         array_agg(x.id) FILTER (WHERE x.old_sector IS DISTINCT FROM x.new_sector)
    INTO moved_branches, moved_committees, resectored
    FROM jsonb_to_recordset(changed) AS x (id int, kind text, moved boolean, old_sector text, new_sector text);
  IF moved_branches IS NOT NULL THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', t.organization_id, 'status', t.status,
             'sex', t.sex, 'birth_month', t.birth_month, 'occupation', t.occupation, 'education', t.education,
             'ethnicity', t.ethnicity, 'is_cadre', t.is_cadre, 'complete', t.complete, 'count', t.count)), '[]')
      INTO branch_members
      FROM (
        SELECT m.organization_id, m.status, m.sex, to_char(m.birth_date, 'YYYY-MM') AS birth_month, m.occupation,
               m.education, m.ethnicity, m.is_cadre, member_record_complete(m) AS complete, count(*)::int AS count
          FROM member m WHERE m.organization_id = ANY (moved_branches)
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        UNION ALL
        SELECT x.organization_id, x.status, x.sex, x.birth_month, x.occupation, x.education, x.ethnicity,
               x.is_cadre, x.complete, -sum(x.delta)::int
          FROM member_count_delta x WHERE x.organization_id = ANY (moved_branches)
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ) AS t;
  END IF;
  IF moved_committees IS NOT NULL THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', mc.organization_id, 'status', mc.status,
             'dimension', mc.dimension, 'value', mc.value, 'count', mc.count)), '[]')
      INTO committee_counters
      FROM member_count mc WHERE mc.organization_id = ANY (moved_committees);
  END IF;
  IF resectored IS NOT NULL THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', t.organization_id, 'status', t.status,
             'count', t.count)), '[]')
      INTO own_members
      FROM (
        SELECT m.organization_id, m.status, count(*)::int AS count
          FROM member m WHERE m.organization_id = ANY (resectored) GROUP BY 1, 2
        UNION ALL
        SELECT x.organization_id, x.status, -sum(x.delta)::int
          FROM member_count_delta x WHERE x.organization_id = ANY (resectored) GROUP BY 1, 2
      ) AS t;
  END IF;

  -- Moves: each moved subtree root carries its folded members (its counters, or for a branch its
  -- members minus its pending deltas) from its old strict ancestors to its new ones.
  INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
  SELECT CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, a.id, c.status, c.dimension, c.value, sum(c.count * a.sign)::int
    FROM (
      SELECT x.id AS root_id, x.kind, x.old_path, x.new_path, x.old_sector AS sector
        FROM jsonb_to_recordset(changed)
          AS x (id int, kind text, old_path text, new_path text, old_sector text, moved boolean)
       WHERE x.moved
    ) AS r
    CROSS JOIN LATERAL (
      SELECT k.status, k.dimension, k.value, k.count
        FROM jsonb_to_recordset(coalesce(committee_counters, '[]'))
          AS k (organization_id int, status text, dimension text, value text, count int)
       WHERE r.kind <> 'branch' AND k.organization_id = r.root_id
      UNION ALL
      SELECT b.status, d.dimension, d.value, b.count
        FROM jsonb_to_recordset(coalesce(branch_members, '[]'))
          AS b (organization_id int, status text, sex text, birth_month text, occupation text, education text,
                ethnicity text, is_cadre boolean, complete boolean, count int)
        CROSS JOIN LATERAL member_count_dimensions(b.sex, b.birth_month, b.occupation, b.education,
          b.ethnicity, b.is_cadre, r.sector, b.complete) AS d
       WHERE r.kind = 'branch' AND b.organization_id = r.root_id
    ) AS c
    CROSS JOIN LATERAL (
      SELECT old_id, -1 FROM unnest(member_count_holders(r.old_path, 'branch')) AS old_id
      UNION ALL
      SELECT new_id, 1 FROM unnest(member_count_holders(r.new_path, 'branch')) AS new_id
    ) AS a (id, sign)
    JOIN organization ho ON ho.id = a.id
   GROUP BY CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, a.id, c.status, c.dimension, c.value
  HAVING sum(c.count * a.sign) <> 0
   ORDER BY 2, 3, 4, 5
  ON CONFLICT (county_id, organization_id, status, dimension, value)
    DO UPDATE SET count = member_count.count + excluded.count;

  -- Sector changes: an organization's own members (minus their pending deltas) move from the old
  -- sector value to the new one at every holder of the organization.
  INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
  SELECT CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, h.id, s.status, 'sector', s.value, sum(s.count)::int
    FROM (
      SELECT x.id, x.new_path AS path, x.kind, coalesce(x.old_sector, '') AS old_sector,
             coalesce(x.new_sector, '') AS new_sector
        FROM jsonb_to_recordset(changed)
          AS x (id int, kind text, new_path text, old_sector text, new_sector text)
       WHERE x.old_sector IS DISTINCT FROM x.new_sector
    ) AS r
    CROSS JOIN LATERAL (
      SELECT own.status, v.value, own.count * v.sign AS count
        FROM jsonb_to_recordset(coalesce(own_members, '[]')) AS own (organization_id int, status text, count int)
        CROSS JOIN LATERAL (VALUES (r.old_sector, -1), (r.new_sector, 1)) AS v (value, sign)
       WHERE own.organization_id = r.id
    ) AS s
    CROSS JOIN LATERAL unnest(member_count_holders(r.path, r.kind)) AS h (id)
    JOIN organization ho ON ho.id = h.id
   GROUP BY CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, h.id, s.status, s.value
  HAVING sum(s.count) <> 0
   ORDER BY 2, 3, 4
  ON CONFLICT (county_id, organization_id, status, dimension, value)
    DO UPDATE SET count = member_count.count + excluded.count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A holder whose bucket changes (0049's version: a subtree moved to another county, or an organization
-- whose level changed) takes its rows along: the counters, organization counts, 应录入数 sums and snapshots.
CREATE OR REPLACE FUNCTION organization_counter_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM organization_county_old o JOIN organization_county_new n ON n.id = o.id
   WHERE CASE WHEN n.county_id = n.id AND n.level <> 'county' THEN -1 ELSE n.county_id END <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  WITH moved AS (
    DELETE FROM member_count c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
    RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.organization_id, c.status, c.dimension, c.value, c.count
  )
  INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
  SELECT county_id, organization_id, status, dimension, value, count FROM moved;
  WITH moved AS (
    DELETE FROM organization_count c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
    RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.organization_id, c.dimension, c.value, c.count
  )
  INSERT INTO organization_count (county_id, organization_id, dimension, value, count)
  SELECT county_id, organization_id, dimension, value, count FROM moved;
  WITH moved AS (
    DELETE FROM organization_reported_count c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
    RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.organization_id, c.reported, c.reporting
  )
  INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
  SELECT county_id, organization_id, reported, reporting FROM moved;
  WITH moved AS (
    DELETE FROM member_count_snapshot c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
    RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.month, c.organization_id, c.status, c.dimension, c.value, c.count
  )
  INSERT INTO member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
  SELECT county_id, month, organization_id, status, dimension, value, count FROM moved;
  WITH moved AS (
    DELETE FROM organization_count_snapshot c USING organization o
     WHERE o.id = c.organization_id AND c.organization_id = ANY (ids) AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
    RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.month, c.organization_id, c.dimension, c.value, c.count
  )
  INSERT INTO organization_count_snapshot (county_id, month, organization_id, dimension, value, count)
  SELECT county_id, month, organization_id, dimension, value, count FROM moved;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The recount (0038's version): every counter row in its holder's bucket.
CREATE OR REPLACE FUNCTION member_count_rebuild(root_path text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  root_id int;
  root_kind text;
  root_county int;
  top_depth int := 1;
  at_depth int;
  written bigint;
  old_counters jsonb := '[]';
BEGIN
  LOCK TABLE member_count IN EXCLUSIVE MODE;
  IF root_path IS NULL THEN
    DELETE FROM member_count_delta;
    TRUNCATE member_count;
    TRUNCATE organization_count;
    INSERT INTO organization_count (county_id, organization_id, dimension, value, count)
    SELECT CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, h.id, d.dimension, d.value, count(*)::int
      FROM organization o
      CROSS JOIN LATERAL unnest(member_count_holders(o.path, o.kind)) AS h (id)
      JOIN organization ho ON ho.id = h.id
      CROSS JOIN LATERAL (VALUES ('total', ''), ('kind', o.kind), ('sector', coalesce(o.sector, '')))
        AS d (dimension, value)
     GROUP BY 1, 2, 3, 4;
  ELSE
    SELECT o.id, o.kind, o.depth, CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END INTO root_id, root_kind, top_depth, root_county
      FROM organization o WHERE o.path = root_path;
    IF root_id IS NULL OR root_kind = 'branch' THEN
      RETURN 0;
    END IF;
    SELECT coalesce(jsonb_agg(jsonb_build_object('status', c.status, 'dimension', c.dimension, 'value', c.value,
             'count', c.count)), '[]')
      INTO old_counters
      FROM member_count c WHERE c.organization_id = root_id AND c.county_id = root_county;
    DELETE FROM member_count_delta x USING organization o
     WHERE o.id = x.organization_id AND o.path ~>=~ root_path AND o.path ~<~ (root_path || '~');
    DELETE FROM member_count c USING organization o
     WHERE o.id = c.organization_id AND o.path ~>=~ root_path AND o.path ~<~ (root_path || '~');
  END IF;

  INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
  SELECT CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, ho.id, m.status, d.dimension, d.value, count(*)::int
    FROM member m
    JOIN organization o ON o.id = m.organization_id
    JOIN organization ho ON ho.id = CASE WHEN o.kind = 'branch' THEN o.parent_id ELSE o.id END
    CROSS JOIN LATERAL member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation, m.education,
      m.ethnicity, m.is_cadre, o.sector, member_record_complete(m)) AS d
   WHERE (o.kind <> 'branch' OR o.parent_id IS NOT NULL)
     AND (root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~')))
   GROUP BY 1, 2, 3, 4, 5;

  SELECT max(o.depth) INTO at_depth FROM organization o
   WHERE root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~'));
  WHILE at_depth > top_depth LOOP
    INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
    SELECT CASE WHEN p.county_id = p.id AND p.level <> 'county' THEN -1 ELSE p.county_id END, p.id, c.status, c.dimension, c.value, sum(c.count)::int
      FROM organization o
      JOIN organization p ON p.id = o.parent_id
      JOIN member_count c ON c.organization_id = o.id AND c.county_id = CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
     WHERE o.depth = at_depth AND o.kind <> 'branch'
       AND (root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~')))
     GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (county_id, organization_id, status, dimension, value)
      DO UPDATE SET count = member_count.count + excluded.count;
    at_depth := at_depth - 1;
  END LOOP;

  IF root_path IS NOT NULL THEN
    INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
    SELECT CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, a.id, x.status, x.dimension, x.value, sum(x.count)::int
      FROM (
        SELECT c.status, c.dimension, c.value, c.count FROM member_count c
         WHERE c.organization_id = root_id AND c.county_id = root_county
        UNION ALL
        SELECT o.status, o.dimension, o.value, -o.count
          FROM jsonb_to_recordset(old_counters) AS o (status text, dimension text, value text, count int)
      ) AS x
      CROSS JOIN LATERAL unnest(member_count_holders(root_path, 'branch')) AS a (id)
      JOIN organization ho ON ho.id = a.id
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(x.count) <> 0
    ON CONFLICT (county_id, organization_id, status, dimension, value)
      DO UPDATE SET count = member_count.count + excluded.count;
  END IF;
  SELECT count(*) INTO written FROM member_count c JOIN organization o ON o.id = c.organization_id
   WHERE root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~'));
  RETURN written;
END
$$;
--> statement-breakpoint
-- 应录入数 sums (0049's versions): each row in its holder's bucket.
CREATE OR REPLACE FUNCTION organization_reported_count_apply(rows_changed jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
  SELECT coalesce(CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, r.county_id, 0), h.id, sum(r.reported * r.sign)::int, sum(r.sign)::int
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
             'reported', o.reported_member_count, 'sign', -1, 'county_id', CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END)), '[]')
      FROM organization_reported_count_old o WHERE o.reported_member_count IS NOT NULL));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organization_reported_count_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE organization_reported_count IN EXCLUSIVE MODE;
  DELETE FROM organization_reported_count;
  INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
  SELECT CASE WHEN ho.county_id = ho.id AND ho.level <> 'county' THEN -1 ELSE ho.county_id END, h.id, sum(o.reported_member_count)::int, count(*)::int
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
-- The rows that lie elsewhere now move to their holder's bucket (the above-county holders' rows, from
-- their own ids to -1).
WITH moved AS (
  DELETE FROM member_count c USING organization o
   WHERE o.id = c.organization_id AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
  RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.organization_id, c.status, c.dimension, c.value, c.count
)
INSERT INTO member_count (county_id, organization_id, status, dimension, value, count)
SELECT county_id, organization_id, status, dimension, value, count FROM moved;
--> statement-breakpoint
WITH moved AS (
  DELETE FROM organization_count c USING organization o
   WHERE o.id = c.organization_id AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
  RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.organization_id, c.dimension, c.value, c.count
)
INSERT INTO organization_count (county_id, organization_id, dimension, value, count)
SELECT county_id, organization_id, dimension, value, count FROM moved;
--> statement-breakpoint
WITH moved AS (
  DELETE FROM organization_reported_count c USING organization o
   WHERE o.id = c.organization_id AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
  RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.organization_id, c.reported, c.reporting
)
INSERT INTO organization_reported_count (county_id, organization_id, reported, reporting)
SELECT county_id, organization_id, reported, reporting FROM moved;
--> statement-breakpoint
WITH moved AS (
  DELETE FROM member_count_snapshot c USING organization o
   WHERE o.id = c.organization_id AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
  RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.month, c.organization_id, c.status, c.dimension, c.value, c.count
)
INSERT INTO member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
SELECT county_id, month, organization_id, status, dimension, value, count FROM moved;
--> statement-breakpoint
WITH moved AS (
  DELETE FROM organization_count_snapshot c USING organization o
   WHERE o.id = c.organization_id AND c.county_id <> CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END
  RETURNING CASE WHEN o.county_id = o.id AND o.level <> 'county' THEN -1 ELSE o.county_id END AS county_id, c.month, c.organization_id, c.dimension, c.value, c.count
)
INSERT INTO organization_count_snapshot (county_id, month, organization_id, dimension, value, count)
SELECT county_id, month, organization_id, dimension, value, count FROM moved;
--> statement-breakpoint
-- On Citus: the trigger functions replaced above get back the setting that CREATE OR REPLACE dropped
-- (migrations 0030, 0038, 0049): they write the distributed counters from the coordinator's placement.
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  ALTER FUNCTION organization_count_on_update() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION organization_count_on_delete() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION organization_counter_relocate() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION organization_reported_count_on_delete() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

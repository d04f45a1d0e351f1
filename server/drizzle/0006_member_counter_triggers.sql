-- Subtree counters (issue 4 part 3; docs/ARCHITECTURE.md "Fast aggregation").
-- PostgreSQL 15 and PGlite (PostgreSQL 18) both accept everything here.

-- The counted dimensions of one member, defined once: used by the fold, the reads, the rebuild,
-- the snapshots and the organization trigger. Changing them = a new migration replacing this
-- function, then `tuanwu counters rebuild`.
CREATE FUNCTION member_count_dimensions(
  sex text, birth_month text, occupation text, education text, ethnicity text, is_cadre boolean, sector text
) RETURNS TABLE (dimension text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT * FROM (VALUES
    ('total', ''),
    ('sex_birth_month', sex || ':' || birth_month),
    ('occupation', coalesce(occupation, '')),
    ('education', coalesce(education, '')),
    ('ethnicity', coalesce(ethnicity, '')),
    ('cadre', CASE WHEN is_cadre THEN 'true' ELSE 'false' END),
    ('sector', coalesce(sector, ''))
  ) AS d (dimension, value)
$$;
--> statement-breakpoint

-- The organizations that hold counters covering an organization's members: every id on its path,
-- except the organization itself when it is a branch (branches are leaves and are read from member).
CREATE FUNCTION member_count_holders(path text, kind text) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN kind = 'branch' THEN ids[1:cardinality(ids) - 1] ELSE ids END
  FROM (SELECT string_to_array(rtrim(path, '/'), '/')::int[] AS ids) AS p
$$;
--> statement-breakpoint

-- Statement-level capture of member writes: one signed row per member whose counted columns changed.
-- enable_nestloop off: the planner joins the old and new transition tables by nested loop, quadratic
-- in the rows one statement updates (40,000 rows: 100 s; hash join: 0.3 s). jit off: the penalty
-- cost of the nested loops that remain (the lateral VALUES) passes the JIT thresholds, and compiling
-- on every write made each member write take 0.4–1 s on a server with jit on (PostgreSQL's default).
CREATE FUNCTION member_count_capture() RETURNS trigger
LANGUAGE plpgsql SET enable_nestloop = off SET jit = off AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO member_count_delta
      (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, delta)
    SELECT n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
           n.ethnicity, n.is_cadre, 1
      FROM member_count_new n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO member_count_delta
      (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, delta)
    SELECT o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
           o.ethnicity, o.is_cadre, -1
      FROM member_count_old o;
  ELSE
    INSERT INTO member_count_delta
      (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, delta)
    SELECT v.organization_id, v.status, v.sex, v.birth_month, v.occupation, v.education, v.ethnicity,
           v.is_cadre, v.delta
      FROM member_count_old o
      JOIN member_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
         o.ethnicity, o.is_cadre, -1),
        (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
         n.ethnicity, n.is_cadre, 1)
      ) AS v (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, delta)
     WHERE (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
            o.ethnicity, o.is_cadre)
           IS DISTINCT FROM
           (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
            n.ethnicity, n.is_cadre);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER member_count_capture_insert AFTER INSERT ON member
  REFERENCING NEW TABLE AS member_count_new
  FOR EACH STATEMENT EXECUTE FUNCTION member_count_capture();
--> statement-breakpoint
CREATE TRIGGER member_count_capture_update AFTER UPDATE ON member
  REFERENCING OLD TABLE AS member_count_old NEW TABLE AS member_count_new
  FOR EACH STATEMENT EXECUTE FUNCTION member_count_capture();
--> statement-breakpoint
CREATE TRIGGER member_count_capture_delete AFTER DELETE ON member
  REFERENCING OLD TABLE AS member_count_old
  FOR EACH STATEMENT EXECUTE FUNCTION member_count_capture();
--> statement-breakpoint

-- Statement-level upkeep on organization writes (rare): organization counts of every holder, and,
-- when a subtree moves or a sector changes, the member counters of the old and new holders.
-- Takes the counter lock (EXCLUSIVE on member_count) so that no fold runs meanwhile.
CREATE FUNCTION organization_count_apply(rows_changed jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO organization_count (organization_id, dimension, value, count)
  SELECT h.id, d.dimension, d.value, sum(r.sign)::int
    FROM jsonb_to_recordset(rows_changed) AS r (path text, kind text, sector text, sign int)
    CROSS JOIN LATERAL unnest(member_count_holders(r.path, r.kind)) AS h (id)
    CROSS JOIN LATERAL (VALUES ('total', ''), ('kind', r.kind), ('sector', coalesce(r.sector, '')))
      AS d (dimension, value)
   GROUP BY h.id, d.dimension, d.value
  HAVING sum(r.sign) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, dimension, value) DO UPDATE SET count = organization_count.count + excluded.count
$$;
--> statement-breakpoint
CREATE FUNCTION organization_count_on_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organization_count_apply(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('path', n.path, 'kind', n.kind, 'sector', n.sector, 'sign', 1)), '[]')
       FROM organization_count_new n));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION organization_count_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organization_count_apply(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('path', o.path, 'kind', o.kind, 'sector', o.sector, 'sign', -1)), '[]')
       FROM organization_count_old o));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION organization_count_on_update() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changed jsonb;
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

  -- Moves: each moved subtree root carries its folded members (its counters, or for a branch its
  -- members minus its pending deltas) from its old strict ancestors to its new ones.
  INSERT INTO member_count (organization_id, status, dimension, value, count)
  SELECT a.id, c.status, c.dimension, c.value, sum(c.count * a.sign)::int
    FROM (
      SELECT x.id AS root_id, x.kind, x.old_path, x.new_path, x.old_sector AS sector
        FROM jsonb_to_recordset(changed)
          AS x (id int, kind text, old_path text, new_path text, old_sector text, moved boolean)
       WHERE x.moved
    ) AS r
    CROSS JOIN LATERAL (
      SELECT mc.status, mc.dimension, mc.value, mc.count FROM member_count mc
       WHERE r.kind <> 'branch' AND mc.organization_id = r.root_id
      UNION ALL
      SELECT m.status, d.dimension, d.value, 1 FROM member m
        CROSS JOIN LATERAL member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation,
          m.education, m.ethnicity, m.is_cadre, r.sector) AS d
       WHERE r.kind = 'branch' AND m.organization_id = r.root_id
      UNION ALL
      SELECT x.status, d.dimension, d.value, -x.delta FROM member_count_delta x
        CROSS JOIN LATERAL member_count_dimensions(x.sex, x.birth_month, x.occupation, x.education,
          x.ethnicity, x.is_cadre, r.sector) AS d
       WHERE r.kind = 'branch' AND x.organization_id = r.root_id
    ) AS c
    CROSS JOIN LATERAL (
      SELECT old_id, -1 FROM unnest(member_count_holders(r.old_path, 'branch')) AS old_id
      UNION ALL
      SELECT new_id, 1 FROM unnest(member_count_holders(r.new_path, 'branch')) AS new_id
    ) AS a (id, sign)
   GROUP BY a.id, c.status, c.dimension, c.value
  HAVING sum(c.count * a.sign) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, status, dimension, value) DO UPDATE SET count = member_count.count + excluded.count;

  -- Sector changes: an organization's own members (minus their pending deltas) move from the old
  -- sector value to the new one at every holder of the organization.
  INSERT INTO member_count (organization_id, status, dimension, value, count)
  SELECT h.id, s.status, 'sector', s.value, sum(s.count)::int
    FROM (
      SELECT x.id, x.new_path AS path, x.kind, coalesce(x.old_sector, '') AS old_sector,
             coalesce(x.new_sector, '') AS new_sector
        FROM jsonb_to_recordset(changed)
          AS x (id int, kind text, new_path text, old_sector text, new_sector text)
       WHERE x.old_sector IS DISTINCT FROM x.new_sector
    ) AS r
    CROSS JOIN LATERAL (
      SELECT own.status, v.value, own.count * v.sign AS count
        FROM (
          SELECT m.status, 1 AS count FROM member m WHERE m.organization_id = r.id
          UNION ALL
          SELECT x.status, -x.delta FROM member_count_delta x WHERE x.organization_id = r.id
        ) AS own
        CROSS JOIN LATERAL (VALUES (r.old_sector, -1), (r.new_sector, 1)) AS v (value, sign)
    ) AS s
    CROSS JOIN LATERAL unnest(member_count_holders(r.path, r.kind)) AS h (id)
   GROUP BY h.id, s.status, s.value
  HAVING sum(s.count) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, status, dimension, value) DO UPDATE SET count = member_count.count + excluded.count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER organization_count_capture_insert AFTER INSERT ON organization
  REFERENCING NEW TABLE AS organization_count_new
  FOR EACH STATEMENT EXECUTE FUNCTION organization_count_on_insert();
--> statement-breakpoint
CREATE TRIGGER organization_count_capture_update AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS organization_count_old NEW TABLE AS organization_count_new
  FOR EACH STATEMENT EXECUTE FUNCTION organization_count_on_update();
--> statement-breakpoint
CREATE TRIGGER organization_count_capture_delete AFTER DELETE ON organization
  REFERENCING OLD TABLE AS organization_count_old
  FOR EACH STATEMENT EXECUTE FUNCTION organization_count_on_delete();
--> statement-breakpoint

-- The full recount (`rebuildMemberCounts`, `tuanwu counters rebuild`), hierarchical: members are
-- grouped once by the holder nearest them (a branch's parent), then the counters are rolled up the
-- tree one level at a time, deepest first. With a root path, only that subtree is recounted and the
-- difference is carried to its strict ancestors; without, every counter (and organization_count).
-- Callers wanting exactness under concurrent writes run it in a REPEATABLE READ transaction whose
-- first statement is `LOCK TABLE member_count IN EXCLUSIVE MODE`. Returns the counter rows written.
CREATE FUNCTION member_count_rebuild(root_path text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  root_id int;
  root_kind text;
  top_depth int := 1;
  at_depth int;
  written bigint;
BEGIN
  LOCK TABLE member_count IN EXCLUSIVE MODE;
  DROP TABLE IF EXISTS member_count_rebuild_old;
  CREATE TEMP TABLE member_count_rebuild_old (status text, dimension text, value text, count int) ON COMMIT DROP;
  IF root_path IS NULL THEN
    DELETE FROM member_count_delta;
    TRUNCATE member_count, organization_count;
    INSERT INTO organization_count (organization_id, dimension, value, count)
    SELECT h.id, d.dimension, d.value, count(*)::int
      FROM organization o
      CROSS JOIN LATERAL unnest(member_count_holders(o.path, o.kind)) AS h (id)
      CROSS JOIN LATERAL (VALUES ('total', ''), ('kind', o.kind), ('sector', coalesce(o.sector, '')))
        AS d (dimension, value)
     GROUP BY h.id, d.dimension, d.value;
  ELSE
    SELECT o.id, o.kind, o.depth INTO root_id, root_kind, top_depth FROM organization o WHERE o.path = root_path;
    IF root_id IS NULL OR root_kind = 'branch' THEN
      RETURN 0;
    END IF;
    INSERT INTO member_count_rebuild_old
    SELECT c.status, c.dimension, c.value, c.count FROM member_count c WHERE c.organization_id = root_id;
    DELETE FROM member_count_delta x USING organization o
     WHERE o.id = x.organization_id AND o.path ~>=~ root_path AND o.path ~<~ (root_path || '~');
    DELETE FROM member_count c USING organization o
     WHERE o.id = c.organization_id AND o.path ~>=~ root_path AND o.path ~<~ (root_path || '~');
  END IF;

  INSERT INTO member_count (organization_id, status, dimension, value, count)
  SELECT CASE WHEN o.kind = 'branch' THEN o.parent_id ELSE o.id END, m.status, d.dimension, d.value, count(*)::int
    FROM member m
    JOIN organization o ON o.id = m.organization_id
    CROSS JOIN LATERAL member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation, m.education,
      m.ethnicity, m.is_cadre, o.sector) AS d
   WHERE (o.kind <> 'branch' OR o.parent_id IS NOT NULL)
     AND (root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~')))
   GROUP BY 1, 2, 3, 4;

  SELECT max(o.depth) INTO at_depth FROM organization o
   WHERE root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~'));
  WHILE at_depth > top_depth LOOP
    INSERT INTO member_count (organization_id, status, dimension, value, count)
    SELECT o.parent_id, c.status, c.dimension, c.value, sum(c.count)::int
      FROM organization o
      JOIN member_count c ON c.organization_id = o.id
     WHERE o.depth = at_depth AND o.kind <> 'branch'
       AND (root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~')))
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, status, dimension, value)
      DO UPDATE SET count = member_count.count + excluded.count;
    at_depth := at_depth - 1;
  END LOOP;

  IF root_path IS NOT NULL THEN
    INSERT INTO member_count (organization_id, status, dimension, value, count)
    SELECT a.id, x.status, x.dimension, x.value, sum(x.count)::int
      FROM (
        SELECT c.status, c.dimension, c.value, c.count FROM member_count c WHERE c.organization_id = root_id
        UNION ALL
        SELECT o.status, o.dimension, o.value, -o.count FROM member_count_rebuild_old o
      ) AS x
      CROSS JOIN LATERAL unnest(member_count_holders(root_path, 'branch')) AS a (id)
     GROUP BY 1, 2, 3, 4
    HAVING sum(x.count) <> 0
    ON CONFLICT (organization_id, status, dimension, value)
      DO UPDATE SET count = member_count.count + excluded.count;
  END IF;
  SELECT count(*) INTO written FROM member_count c JOIN organization o ON o.id = c.organization_id
   WHERE root_path IS NULL OR (o.path ~>=~ root_path AND o.path ~<~ (root_path || '~'));
  RETURN written;
END
$$;
--> statement-breakpoint

-- The delta table is emptied every few seconds: vacuum and analyze it by row count, not by a
-- fraction of its (tiny) size, so that reads never scan dead pages or plan with stale estimates.
ALTER TABLE member_count_delta SET (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000
);
--> statement-breakpoint

-- Counters of the data already there.
SELECT member_count_rebuild(NULL);

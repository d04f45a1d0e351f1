-- Subtree tallies of the cadre records (issue 13: 配备率 and the cadre profile at province scale read
-- one organization's cadre_count rows instead of its subtree's cadres). Kept in the writing
-- transaction by statement-level triggers on cadre, training_attendance and organization.
-- PostgreSQL 15 and PGlite both accept everything here.

-- The organizations whose tallies cover an organization: every id on its path, itself included.
CREATE FUNCTION cadre_count_holders(path text) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_to_array(rtrim(path, '/'), '/')::int[]
$$;
--> statement-breakpoint

-- The tallied dimensions of one open post, defined once (triggers, recount). Changing them = a new
-- migration replacing this function, then `select cadre_count_rebuild()`.
CREATE FUNCTION cadre_count_dimensions(
  kind text, source_channel text, education text, party_member boolean, from_grassroots boolean,
  trained boolean, birth_date date
) RETURNS TABLE (dimension text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT * FROM (VALUES
    ('total', ''),
    ('kind', kind),
    ('source_channel', source_channel),
    ('education', coalesce(education, '')),
    ('party_member', CASE WHEN party_member THEN 'true' ELSE 'false' END),
    ('from_grassroots', CASE WHEN from_grassroots THEN 'true' ELSE 'false' END),
    ('trained', CASE WHEN trained THEN 'true' ELSE 'false' END),
    ('birth_date', to_char(birth_date, 'YYYY-MM-DD'))
  ) AS d (dimension, value)
$$;
--> statement-breakpoint

-- What one organization adds to the tallies of each of its holders: itself by kind and level, its own
-- open posts by dimension, and per post how many it holds open (post_open "kind:level:post:n").
CREATE FUNCTION cadre_count_own(org_id int, org_kind text, org_level text)
RETURNS TABLE (dimension text, value text, count int)
LANGUAGE sql STABLE AS $$
  SELECT 'organizations', org_kind || ':' || org_level, 1
  UNION ALL
  SELECT d.dimension, d.value, count(*)::int
    FROM cadre c
    CROSS JOIN LATERAL cadre_count_dimensions(c.kind, c.source_channel, c.education, c.party_member,
      c.from_grassroots, c.training_rounds > 0, c.birth_date) AS d
   WHERE c.organization_id = org_id AND c.ended_on IS NULL
   GROUP BY 1, 2
  UNION ALL
  SELECT 'post_open', org_kind || ':' || org_level || ':' || c.post || ':' || count(*), 1
    FROM cadre c
   WHERE c.organization_id = org_id AND c.ended_on IS NULL
   GROUP BY c.post
$$;
--> statement-breakpoint

-- Applies changed open posts: `changes` = [{organization_id, post, kind, source_channel, education,
-- party_member, from_grassroots, trained, birth_date, sign}] (−1 an open post as it was, +1 as it is).
-- The organizations concerned are locked first (FOR NO KEY UPDATE, in id order), so that concurrent
-- writes to one organization's posts serialize and each counts its open posts after the other's
-- commit (post_open stays exact; each statement of this function takes a fresh snapshot).
CREATE FUNCTION cadre_count_apply(changes jsonb) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF jsonb_array_length(changes) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM organization o
   WHERE o.id IN (SELECT DISTINCT (e ->> 'organization_id')::int FROM jsonb_array_elements(changes) AS e)
   ORDER BY o.id FOR NO KEY UPDATE;

  INSERT INTO cadre_count (organization_id, dimension, value, count)
  SELECT h.id, d.dimension, d.value, sum(r.sign)::int
    FROM jsonb_to_recordset(changes) AS r (organization_id int, kind text, source_channel text,
      education text, party_member boolean, from_grassroots boolean, trained boolean, birth_date date, sign int)
    JOIN organization o ON o.id = r.organization_id
    CROSS JOIN LATERAL cadre_count_dimensions(r.kind, r.source_channel, r.education, r.party_member,
      r.from_grassroots, r.trained, r.birth_date) AS d
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
   GROUP BY 1, 2, 3
  HAVING sum(r.sign) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, dimension, value) DO UPDATE SET count = cadre_count.count + excluded.count;

  -- post_open: per (organization, post) whose open posts changed, n before (= now − net) and n now.
  INSERT INTO cadre_count (organization_id, dimension, value, count)
  SELECT h.id, 'post_open', o.kind || ':' || o.level || ':' || p.post || ':' || v.n, sum(v.sign)::int
    FROM (
      SELECT r.organization_id, r.post, sum(r.sign)::int AS net
        FROM jsonb_to_recordset(changes) AS r (organization_id int, post text, sign int)
       GROUP BY 1, 2
      HAVING sum(r.sign) <> 0
    ) AS p
    JOIN organization o ON o.id = p.organization_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS now_open FROM cadre c
       WHERE c.organization_id = p.organization_id AND c.post = p.post AND c.ended_on IS NULL
    ) AS c
    CROSS JOIN LATERAL (VALUES (c.now_open - p.net, -1), (c.now_open, 1)) AS v (n, sign)
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
   WHERE v.n > 0
   GROUP BY 1, 2, 3
  HAVING sum(v.sign) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, dimension, value) DO UPDATE SET count = cadre_count.count + excluded.count;
END
$$;
--> statement-breakpoint

CREATE FUNCTION cadre_count_on_cadre() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changes jsonb;
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', n.organization_id, 'post', n.post,
             'kind', n.kind, 'source_channel', n.source_channel, 'education', n.education,
             'party_member', n.party_member, 'from_grassroots', n.from_grassroots,
             'trained', n.training_rounds > 0, 'birth_date', n.birth_date, 'sign', 1)), '[]')
      INTO changes FROM cadre_count_new n WHERE n.ended_on IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', o.organization_id, 'post', o.post,
             'kind', o.kind, 'source_channel', o.source_channel, 'education', o.education,
             'party_member', o.party_member, 'from_grassroots', o.from_grassroots,
             'trained', o.training_rounds > 0, 'birth_date', o.birth_date, 'sign', -1)), '[]')
      INTO changes FROM cadre_count_old o WHERE o.ended_on IS NULL;
  ELSE
    -- Old beside new, hash-joined (the planner's nested loop over transition tables is quadratic).
    PERFORM set_config('enable_nestloop', 'off', true);
    SELECT coalesce(jsonb_agg(v.item), '[]') INTO changes
      FROM cadre_count_old o
      JOIN cadre_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (o.ended_on IS NULL, jsonb_build_object('organization_id', o.organization_id, 'post', o.post,
           'kind', o.kind, 'source_channel', o.source_channel, 'education', o.education,
           'party_member', o.party_member, 'from_grassroots', o.from_grassroots,
           'trained', o.training_rounds > 0, 'birth_date', o.birth_date, 'sign', -1)),
        (n.ended_on IS NULL, jsonb_build_object('organization_id', n.organization_id, 'post', n.post,
           'kind', n.kind, 'source_channel', n.source_channel, 'education', n.education,
           'party_member', n.party_member, 'from_grassroots', n.from_grassroots,
           'trained', n.training_rounds > 0, 'birth_date', n.birth_date, 'sign', 1))
      ) AS v (open, item)
     WHERE v.open
       AND (o.organization_id, o.post, o.kind, o.source_channel, o.education, o.party_member,
            o.from_grassroots, o.training_rounds > 0, o.birth_date, o.ended_on IS NULL)
           IS DISTINCT FROM
           (n.organization_id, n.post, n.kind, n.source_channel, n.education, n.party_member,
            n.from_grassroots, n.training_rounds > 0, n.birth_date, n.ended_on IS NULL);
    PERFORM set_config('enable_nestloop', nestloop, true);
  END IF;
  PERFORM cadre_count_apply(changes);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cadre_count_capture_insert AFTER INSERT ON cadre
  REFERENCING NEW TABLE AS cadre_count_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_cadre();
--> statement-breakpoint
CREATE TRIGGER cadre_count_capture_update AFTER UPDATE ON cadre
  REFERENCING OLD TABLE AS cadre_count_old NEW TABLE AS cadre_count_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_cadre();
--> statement-breakpoint
CREATE TRIGGER cadre_count_capture_delete AFTER DELETE ON cadre
  REFERENCING OLD TABLE AS cadre_count_old
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_cadre();
--> statement-breakpoint

-- Attendance moves cadre.training_rounds under the cadre's row lock; the cadre trigger then moves
-- "trained" when it crosses zero.
CREATE FUNCTION cadre_count_on_attendance() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE cadre c SET training_rounds = c.training_rounds + x.n
      FROM (SELECT a.cadre_id, count(*)::int AS n FROM cadre_count_attendance_new a GROUP BY 1) AS x
     WHERE c.id = x.cadre_id;
  ELSE
    UPDATE cadre c SET training_rounds = c.training_rounds - x.n
      FROM (SELECT a.cadre_id, count(*)::int AS n FROM cadre_count_attendance_old a GROUP BY 1) AS x
     WHERE c.id = x.cadre_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cadre_count_attendance_insert AFTER INSERT ON training_attendance
  REFERENCING NEW TABLE AS cadre_count_attendance_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_attendance();
--> statement-breakpoint
CREATE TRIGGER cadre_count_attendance_delete AFTER DELETE ON training_attendance
  REFERENCING OLD TABLE AS cadre_count_attendance_old
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_attendance();
--> statement-breakpoint

-- Organization writes (rare): each inserted, deleted or changed (path, kind or level) organization
-- takes its own contribution (cadre_count_own) from the holders of its old path and gives it to those
-- of its new one. A moved subtree's organizations are all in the statement (their paths change), so
-- each carries its own posts.
CREATE FUNCTION cadre_count_on_organization() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changes jsonb;
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
  INSERT INTO cadre_count (organization_id, dimension, value, count)
  SELECT h.id, c.dimension, c.value, sum(c.count * r.sign)::int
    FROM jsonb_to_recordset(changes) AS r (id int, path text, kind text, level text, sign int)
    CROSS JOIN LATERAL cadre_count_own(r.id, r.kind, r.level) AS c
    CROSS JOIN LATERAL unnest(cadre_count_holders(r.path)) AS h (id)
   GROUP BY 1, 2, 3
  HAVING sum(c.count * r.sign) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, dimension, value) DO UPDATE SET count = cadre_count.count + excluded.count;
  -- A deleted organization's own rows (all zero by now) go with it.
  IF TG_OP = 'DELETE' THEN
    DELETE FROM cadre_count c USING cadre_count_org_old o WHERE c.organization_id = o.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cadre_count_organization_insert AFTER INSERT ON organization
  REFERENCING NEW TABLE AS cadre_count_org_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_organization();
--> statement-breakpoint
CREATE TRIGGER cadre_count_organization_update AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS cadre_count_org_old NEW TABLE AS cadre_count_org_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_organization();
--> statement-breakpoint
CREATE TRIGGER cadre_count_organization_delete AFTER DELETE ON organization
  REFERENCING OLD TABLE AS cadre_count_org_old
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_on_organization();
--> statement-breakpoint

-- The tallies recounted from the records, set-based (the consistency test compares cadre_count with
-- this; zero rows left out).
CREATE FUNCTION cadre_count_recount() RETURNS TABLE (organization_id int, dimension text, value text, count int)
LANGUAGE sql STABLE AS $$
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
  HAVING sum(own.count) <> 0
$$;
--> statement-breakpoint

-- The full recount into cadre_count (after a bulk load with the triggers off, or to repair).
CREATE FUNCTION cadre_count_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE cadre_count IN EXCLUSIVE MODE;
  UPDATE cadre c SET training_rounds = x.n
    FROM (SELECT c2.id, (SELECT count(*)::int FROM training_attendance a WHERE a.cadre_id = c2.id) AS n
            FROM cadre c2) AS x
   WHERE c.id = x.id AND c.training_rounds <> x.n;
  TRUNCATE cadre_count;
  INSERT INTO cadre_count (organization_id, dimension, value, count) SELECT * FROM cadre_count_recount();
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint

-- Tallies of the data already there.
UPDATE cadre c SET training_rounds = x.n
  FROM (SELECT a.cadre_id, count(*)::int AS n FROM training_attendance a GROUP BY 1) AS x
 WHERE c.id = x.cadre_id;
--> statement-breakpoint
SELECT cadre_count_rebuild();

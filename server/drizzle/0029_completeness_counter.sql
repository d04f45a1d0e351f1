-- Issue 18 part 1: 信息完整率 (completeness_rate) as a counter dimension. member_count gains the
-- dimension `complete` ("true"/"false": the member's record has every required field), kept by the
-- same statement-level capture as the other dimensions (the delta row carries the flag), folded,
-- moved and rebuilt like them. The indicator then reads complete / recorded from the counters instead
-- of scanning the subtree's members. Live only: month-end snapshots do not copy it (the indicator is
-- today's records only, as before).
ALTER TABLE "member_count_delta" ADD COLUMN "complete" boolean DEFAULT false NOT NULL;
--> statement-breakpoint

-- A field counts as present: not null and not blank. Blank = only whitespace as JavaScript's
-- String.prototype.trim sees it (domain isPresent): ASCII whitespace, NBSP, the Unicode space
-- separators, line/paragraph separators, the ideographic space U+3000 and the BOM.
CREATE FUNCTION member_field_present(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(btrim(value, U&'\0009\000A\000B\000C\000D\0020\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000\FEFF'), '') IS NOT NULL
$$;
--> statement-breakpoint

-- 信息完整率's rule, in SQL: every field of REQUIRED_MEMBER_FIELDS (domain/src/member/member-record.ts)
-- present. Changing the rule = a new migration replacing this function, then `tuanwu counters rebuild`;
-- member-completeness.test.ts checks that it agrees with the domain's isRecordComplete.
CREATE FUNCTION member_record_complete(m member) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT member_field_present(m.name)
     AND member_field_present(m.id_document_type)
     AND member_field_present(m.citizen_id)
     AND m.birth_date IS NOT NULL
     AND member_field_present(m.sex)
     AND m.joined_on IS NOT NULL
     AND m.organization_id IS NOT NULL
     AND member_field_present(m.ethnicity)
     AND member_field_present(m.political_status)
     AND member_field_present(m.education)
     AND member_field_present(m.occupation)
     AND member_field_present(m.phone)
     AND member_field_present(m.member_number)
$$;
--> statement-breakpoint

-- The counted dimensions gain `complete`. The flag defaults to false so that readers which never ask
-- for the dimension (snapshots from history, the dashboard) need not pass it.
DROP FUNCTION member_count_dimensions(text, text, text, text, text, boolean, text);
--> statement-breakpoint
CREATE FUNCTION member_count_dimensions(
  sex text, birth_month text, occupation text, education text, ethnicity text, is_cadre boolean, sector text,
  complete boolean DEFAULT false
) RETURNS TABLE (dimension text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT * FROM (VALUES
    ('total', ''),
    ('sex_birth_month', sex || ':' || birth_month),
    ('occupation', coalesce(occupation, '')),
    ('education', coalesce(education, '')),
    ('ethnicity', coalesce(ethnicity, '')),
    ('cadre', CASE WHEN is_cadre THEN 'true' ELSE 'false' END),
    ('sector', coalesce(sector, '')),
    ('complete', CASE WHEN complete THEN 'true' ELSE 'false' END)
  ) AS d (dimension, value)
$$;
--> statement-breakpoint

-- The capture of migration 0006, the completeness flag added to each signed row (and to what counts
-- as a change: filling in a phone number now moves the member from complete:false to complete:true).
CREATE OR REPLACE FUNCTION member_count_capture() RETURNS trigger
LANGUAGE plpgsql SET enable_nestloop = off SET jit = off AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO member_count_delta
      (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
           n.ethnicity, n.is_cadre, member_record_complete(n), 1
      FROM member_count_new n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO member_count_delta
      (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
           o.ethnicity, o.is_cadre, member_record_complete(o), -1
      FROM member_count_old o;
  ELSE
    INSERT INTO member_count_delta
      (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT v.organization_id, v.status, v.sex, v.birth_month, v.occupation, v.education, v.ethnicity,
           v.is_cadre, v.complete, v.delta
      FROM member_count_old o
      JOIN member_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
         o.ethnicity, o.is_cadre, member_record_complete(o), -1),
        (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
         n.ethnicity, n.is_cadre, member_record_complete(n), 1)
      ) AS v (organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
     WHERE (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
            o.ethnicity, o.is_cadre, member_record_complete(o))
           IS DISTINCT FROM
           (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
            n.ethnicity, n.is_cadre, member_record_complete(n));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- Organization moves (migration 0006) carry the completeness flag of the moved branch's members.
CREATE OR REPLACE FUNCTION organization_count_on_update() RETURNS trigger
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
          m.education, m.ethnicity, m.is_cadre, r.sector, member_record_complete(m)) AS d
       WHERE r.kind = 'branch' AND m.organization_id = r.root_id
      UNION ALL
      SELECT x.status, d.dimension, d.value, -x.delta FROM member_count_delta x
        CROSS JOIN LATERAL member_count_dimensions(x.sex, x.birth_month, x.occupation, x.education,
          x.ethnicity, x.is_cadre, r.sector, x.complete) AS d
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

-- The recount (migration 0006) counts the flag from each member's record.
CREATE OR REPLACE FUNCTION member_count_rebuild(root_path text) RETURNS bigint
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
      m.ethnicity, m.is_cadre, o.sector, member_record_complete(m)) AS d
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

-- The new dimension for the data already there, without recounting the others (a full rebuild took
-- 416 s on the 5-million-member province): each member's flag now, counted at every holder on its
-- branch's path. The deltas still pending were captured without a flag (false by default) and the
-- fold will add them as complete:false, so their net is subtracted from complete:false here; after
-- the fold the dimension counts exactly the members as they are now. member_count_delta is locked by
-- the ALTER TABLE above (no member write captures meanwhile), and the counter lock keeps folds out.
LOCK TABLE member_count IN EXCLUSIVE MODE;
--> statement-breakpoint
INSERT INTO member_count (organization_id, status, dimension, value, count)
SELECT h.id, s.status, 'complete', s.value, sum(s.count)::int
  FROM (
    SELECT m.organization_id, m.status, CASE WHEN member_record_complete(m) THEN 'true' ELSE 'false' END AS value,
           count(*) AS count
      FROM member m
     GROUP BY 1, 2, 3
    UNION ALL
    SELECT x.organization_id, x.status, 'false', -sum(x.delta)
      FROM member_count_delta x
     GROUP BY 1, 2
  ) AS s
  JOIN organization o ON o.id = s.organization_id
  CROSS JOIN LATERAL unnest(member_count_holders(o.path, o.kind)) AS h (id)
 GROUP BY h.id, s.status, s.value
HAVING sum(s.count) <> 0
 ORDER BY 1, 2, 3, 4
ON CONFLICT (organization_id, status, dimension, value) DO UPDATE SET count = member_count.count + excluded.count;

-- Issue 19 part 3: the counters and their triggers on Citus (docs/SCALING.md "What runs on Citus now").
-- Every engine: the organization-move upkeep of migration 0029 reads the moved branches' members and
-- pending deltas in statements of their own (the member family is distributed on Citus, member_count a
-- coordinator table: one statement joining both is "direct joins between distributed and local tables
-- are not supported"), then writes the counters from those rows. Same figures on every engine.
-- On Citus only (the DO block at the end, nothing without the extension): the counter capture also
-- marks a change of joined_on (a net-zero pair of deltas at the member's branch), and the member side of
-- the organizational-life tallies (migration 0026's org_life_count_member_* triggers, dropped by 0030)
-- is refreshed by the fold from the branches of the deltas it takes (member-count.service.ts).

-- Organization moves (migration 0006, 0029) carry the moved branch's folded members (its members minus
-- its pending deltas) or a moved committee's counters from the old strict ancestors to the new ones;
-- a sector change moves an organization's own folded members between sector values at every holder.
CREATE OR REPLACE FUNCTION organization_count_on_update() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changed jsonb;
  moved_branches int[];
  resectored int[];
  branch_members jsonb;
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
  -- pending deltas (the folded part, which the counters hold), each read from the member family alone.
  SELECT array_agg(x.id) FILTER (WHERE x.moved AND x.kind = 'branch'),
         array_agg(x.id) FILTER (WHERE x.old_sector IS DISTINCT FROM x.new_sector)
    INTO moved_branches, resectored
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
        FROM jsonb_to_recordset(coalesce(own_members, '[]')) AS own (organization_id int, status text, count int)
        CROSS JOIN LATERAL (VALUES (r.old_sector, -1), (r.new_sector, 1)) AS v (value, sign)
       WHERE own.organization_id = r.id
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
-- On a Citus coordinator (migration 0030 distributed the member family): the capture also marks a change
-- of joined_on alone with a net-zero pair of deltas at the member's branch, so that the fold, which
-- refreshes the organizational-life tallies of the branches it takes deltas of, sees every member change
-- those tallies depend on (organization, status, joined_on: migration 0026's org_life_count_on_member).
-- The pair folds to nothing in member_count (the fold drops groups summing to 0) and adds 0 to any read.
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  EXECUTE $capture$CREATE OR REPLACE FUNCTION member_count_capture() RETURNS trigger
LANGUAGE plpgsql SET enable_nestloop = off SET jit = off AS $body$
DECLARE
  changed jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('county_id', n.county_id, 'organization_id', n.organization_id,
             'status', n.status, 'sex', n.sex, 'birth_month', to_char(n.birth_date, 'YYYY-MM'),
             'occupation', n.occupation, 'education', n.education, 'ethnicity', n.ethnicity,
             'is_cadre', n.is_cadre, 'complete', member_record_complete(n), 'delta', 1))
      INTO changed FROM member_count_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(jsonb_build_object('county_id', o.county_id, 'organization_id', o.organization_id,
             'status', o.status, 'sex', o.sex, 'birth_month', to_char(o.birth_date, 'YYYY-MM'),
             'occupation', o.occupation, 'education', o.education, 'ethnicity', o.ethnicity,
             'is_cadre', o.is_cadre, 'complete', member_record_complete(o), 'delta', -1))
      INTO changed FROM member_count_old o;
  ELSE
    SELECT jsonb_agg(v.item) INTO changed
      FROM member_count_old o
      JOIN member_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (jsonb_build_object('county_id', o.county_id, 'organization_id', o.organization_id,
           'status', o.status, 'sex', o.sex, 'birth_month', to_char(o.birth_date, 'YYYY-MM'),
           'occupation', o.occupation, 'education', o.education, 'ethnicity', o.ethnicity,
           'is_cadre', o.is_cadre, 'complete', member_record_complete(o), 'delta', -1)),
        (jsonb_build_object('county_id', n.county_id, 'organization_id', n.organization_id,
           'status', n.status, 'sex', n.sex, 'birth_month', to_char(n.birth_date, 'YYYY-MM'),
           'occupation', n.occupation, 'education', n.education, 'ethnicity', n.ethnicity,
           'is_cadre', n.is_cadre, 'complete', member_record_complete(n), 'delta', 1))
      ) AS v (item)
     WHERE (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
            o.ethnicity, o.is_cadre, member_record_complete(o), o.joined_on)
           IS DISTINCT FROM
           (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
            n.ethnicity, n.is_cadre, member_record_complete(n), n.joined_on);
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO member_count_delta
      (county_id, organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT * FROM jsonb_to_recordset(changed) AS r (county_id int, organization_id int, status text, sex text,
      birth_month text, occupation text, education text, ethnicity text, is_cadre boolean, complete boolean,
      delta smallint);
  END IF;
  RETURN NULL;
END
$body$$capture$;
  -- The organization trigger replaced above reads the member family from the coordinator (as 0030 set
  -- for every such trigger function: CREATE OR REPLACE dropped the setting).
  ALTER FUNCTION organization_count_on_update() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

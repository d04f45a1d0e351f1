-- Subtree tallies of the organizational-life records (issue 12 part 8: the org-life and dues/rating
-- indicators at province scale read one organization's org_life_count rows). Each organization's own
-- contribution is kept in org_life_own; a write recomputes the own contribution of the organizations
-- it touches (org_life_own_of, from the records) and adds the difference to every organization on
-- their path (cadre_count_holders, migration 0019). Statement-level triggers on meeting,
-- meeting_attendance, star_rating, dues_payment, member and organization; all in the writing
-- transaction. PostgreSQL 15 and PGlite both accept everything here.

-- The own contribution of the organizations `org_ids`, from the records. The
-- dimensions are documented on the table (server/src/db/schema/organizational-life.ts). Changing them
-- = a new migration replacing this function, then `select org_life_count_rebuild()`.
CREATE FUNCTION org_life_own_of(org_ids int[])
RETURNS TABLE (organization_id int, dimension text, value text, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH o AS (
    SELECT e.id, e.kind FROM organization e WHERE e.id = ANY (org_ids)
  ), held AS (
    SELECT m.id, m.organization_id, m.kind, m.held_on, m.class_hours
      FROM o JOIN meeting m ON m.organization_id = o.id
     WHERE o.kind IN ('branch', 'general_branch')
  ), current_member AS (
    SELECT mb.id, mb.organization_id, mb.joined_on
      FROM o JOIN member mb ON mb.organization_id = o.id
     WHERE mb.status IN ('active', 'transferring', 'flowing')
  )
  SELECT o.id, 'branches', '', 1::numeric FROM o WHERE o.kind IN ('branch', 'general_branch')
  UNION ALL
  SELECT h.organization_id, 'meetings', to_char(h.held_on, 'YYYY-MM'), count(*)::numeric
    FROM held h GROUP BY 1, 3
  UNION ALL
  SELECT h.organization_id, 'last_meeting', to_char(max(h.held_on), 'YYYY-MM-DD'), 1::numeric
    FROM held h GROUP BY 1
  UNION ALL
  SELECT x.organization_id, 'class_person_hours', x.month, sum(x.hours)
    FROM (
      SELECT h.organization_id, to_char(h.held_on, 'YYYY-MM') AS month,
             h.class_hours * (SELECT count(*) FROM meeting_attendance a
                               WHERE a.meeting_id = h.id AND a.status = 'present') AS hours
        FROM held h WHERE h.kind = 'league_class' AND h.class_hours IS NOT NULL
    ) AS x
   GROUP BY 1, 3
  HAVING sum(x.hours) <> 0
  UNION ALL
  SELECT r.organization_id, 'star', r.year || ':' || coalesce(r.stars::text, '') || ':' || r.exempt::text,
         count(*)::numeric
    FROM o JOIN star_rating r ON r.organization_id = o.id GROUP BY 1, 3
  UNION ALL
  SELECT c.organization_id, 'joined', to_char(c.joined_on, 'YYYY-MM'), count(*)::numeric
    FROM current_member c GROUP BY 1, 3
  UNION ALL
  SELECT c.organization_id, 'paid', to_char(p.month, 'YYYY-MM'), count(*)::numeric
    FROM current_member c
    JOIN dues_payment p ON p.member_id = c.id AND p.month >= date_trunc('month', c.joined_on::timestamp)::date
   GROUP BY 1, 3
$$;
--> statement-breakpoint

-- Recomputes the own contribution of `org_ids` and applies the difference to the tallies of every
-- organization on their paths. The organizations are locked first (FOR NO KEY UPDATE, in id order), so
-- concurrent writes touching one organization serialize and each recomputes after the other's commit
-- (each statement of this function takes a fresh snapshot under READ COMMITTED).
CREATE FUNCTION org_life_count_refresh(org_ids int[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF org_ids IS NULL OR cardinality(org_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM organization o WHERE o.id = ANY (org_ids) ORDER BY o.id FOR NO KEY UPDATE;

  WITH fresh AS MATERIALIZED (
    SELECT * FROM org_life_own_of(org_ids)
  ), stale AS MATERIALIZED (
    SELECT w.organization_id, w.dimension, w.value, w.amount FROM org_life_own w
     WHERE w.organization_id = ANY (org_ids)
  ), delta AS (
    SELECT d.organization_id, d.dimension, d.value, sum(d.amount) AS amount
      FROM (SELECT * FROM fresh
            UNION ALL
            SELECT s.organization_id, s.dimension, s.value, -s.amount FROM stale s) AS d
     GROUP BY 1, 2, 3
    HAVING sum(d.amount) <> 0
  ), tallied AS (
    INSERT INTO org_life_count (organization_id, dimension, value, amount)
    SELECT h.id, d.dimension, d.value, sum(d.amount)
      FROM delta d
      JOIN organization o ON o.id = d.organization_id
      CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3
    ON CONFLICT (organization_id, dimension, value) DO UPDATE SET amount = org_life_count.amount + excluded.amount
    RETURNING 1
  ), kept AS (
    INSERT INTO org_life_own (organization_id, dimension, value, amount)
    SELECT * FROM fresh
    ON CONFLICT (organization_id, dimension, value) DO UPDATE SET amount = excluded.amount
    RETURNING 1
  )
  DELETE FROM org_life_own w
   USING stale s
   WHERE w.organization_id = s.organization_id AND w.dimension = s.dimension AND w.value = s.value
     AND NOT EXISTS (SELECT 1 FROM fresh f
                      WHERE f.organization_id = s.organization_id AND f.dimension = s.dimension
                        AND f.value = s.value);
END
$$;
--> statement-breakpoint

-- Takes the stored own contribution of organizations away from the organizations of `paths` (their
-- holders) and forgets it: a deleted organization, or one about to be re-added under a new path or kind.
CREATE FUNCTION org_life_count_withdraw(org_ids int[], paths text[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF org_ids IS NULL OR cardinality(org_ids) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO org_life_count (organization_id, dimension, value, amount)
  SELECT h.id, w.dimension, w.value, -sum(w.amount)
    FROM unnest(org_ids, paths) AS x (id, path)
    JOIN org_life_own w ON w.organization_id = x.id
    CROSS JOIN LATERAL unnest(cadre_count_holders(x.path)) AS h (id)
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, dimension, value) DO UPDATE SET amount = org_life_count.amount + excluded.amount;
  DELETE FROM org_life_own w WHERE w.organization_id = ANY (org_ids);
END
$$;
--> statement-breakpoint

CREATE FUNCTION org_life_count_on_meeting() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.organization_id) INTO ids FROM org_life_meeting_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.organization_id) INTO ids FROM org_life_meeting_old o;
  ELSE
    SELECT array_agg(DISTINCT x.organization_id) INTO ids FROM (
      SELECT o.organization_id FROM org_life_meeting_old o
      UNION SELECT n.organization_id FROM org_life_meeting_new n) AS x;
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_meeting_insert AFTER INSERT ON meeting
  REFERENCING NEW TABLE AS org_life_meeting_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_meeting();
--> statement-breakpoint
CREATE TRIGGER org_life_count_meeting_update AFTER UPDATE ON meeting
  REFERENCING OLD TABLE AS org_life_meeting_old NEW TABLE AS org_life_meeting_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_meeting();
--> statement-breakpoint
CREATE TRIGGER org_life_count_meeting_delete AFTER DELETE ON meeting
  REFERENCING OLD TABLE AS org_life_meeting_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_meeting();
--> statement-breakpoint

CREATE FUNCTION org_life_count_on_attendance() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM meeting m
     WHERE m.kind = 'league_class' AND m.id IN (SELECT n.meeting_id FROM org_life_attendance_new n);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM meeting m
     WHERE m.kind = 'league_class' AND m.id IN (SELECT o.meeting_id FROM org_life_attendance_old o);
  ELSE
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM meeting m
     WHERE m.kind = 'league_class' AND m.id IN (
       SELECT o.meeting_id FROM org_life_attendance_old o
       UNION SELECT n.meeting_id FROM org_life_attendance_new n);
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_attendance_insert AFTER INSERT ON meeting_attendance
  REFERENCING NEW TABLE AS org_life_attendance_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_attendance();
--> statement-breakpoint
CREATE TRIGGER org_life_count_attendance_update AFTER UPDATE ON meeting_attendance
  REFERENCING OLD TABLE AS org_life_attendance_old NEW TABLE AS org_life_attendance_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_attendance();
--> statement-breakpoint
CREATE TRIGGER org_life_count_attendance_delete AFTER DELETE ON meeting_attendance
  REFERENCING OLD TABLE AS org_life_attendance_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_attendance();
--> statement-breakpoint

CREATE FUNCTION org_life_count_on_star_rating() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.organization_id) INTO ids FROM org_life_star_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.organization_id) INTO ids FROM org_life_star_old o;
  ELSE
    SELECT array_agg(DISTINCT x.organization_id) INTO ids FROM (
      SELECT o.organization_id FROM org_life_star_old o
      UNION SELECT n.organization_id FROM org_life_star_new n) AS x;
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_star_insert AFTER INSERT ON star_rating
  REFERENCING NEW TABLE AS org_life_star_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_star_rating();
--> statement-breakpoint
CREATE TRIGGER org_life_count_star_update AFTER UPDATE ON star_rating
  REFERENCING OLD TABLE AS org_life_star_old NEW TABLE AS org_life_star_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_star_rating();
--> statement-breakpoint
CREATE TRIGGER org_life_count_star_delete AFTER DELETE ON star_rating
  REFERENCING OLD TABLE AS org_life_star_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_star_rating();
--> statement-breakpoint

-- A payment counts at its member's CURRENT organization (as the indicator reads it), not at
-- dues_payment.organization_id.
CREATE FUNCTION org_life_count_on_dues() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM member m
     WHERE m.id IN (SELECT n.member_id FROM org_life_dues_new n);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM member m
     WHERE m.id IN (SELECT o.member_id FROM org_life_dues_old o);
  ELSE
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM member m
     WHERE m.id IN (SELECT o.member_id FROM org_life_dues_old o
                    UNION SELECT n.member_id FROM org_life_dues_new n);
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_dues_insert AFTER INSERT ON dues_payment
  REFERENCING NEW TABLE AS org_life_dues_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_dues();
--> statement-breakpoint
CREATE TRIGGER org_life_count_dues_update AFTER UPDATE ON dues_payment
  REFERENCING OLD TABLE AS org_life_dues_old NEW TABLE AS org_life_dues_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_dues();
--> statement-breakpoint
CREATE TRIGGER org_life_count_dues_delete AFTER DELETE ON dues_payment
  REFERENCING OLD TABLE AS org_life_dues_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_dues();
--> statement-breakpoint

-- Members: only a change of organization, status or joined_on matters (the dues import's
-- last_dues_paid_on update touches nothing).
CREATE FUNCTION org_life_count_on_member() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.organization_id) INTO ids FROM org_life_member_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.organization_id) INTO ids FROM org_life_member_old o;
  ELSE
    -- Old beside new, hash-joined (the planner's nested loop over transition tables is quadratic).
    PERFORM set_config('enable_nestloop', 'off', true);
    SELECT array_agg(DISTINCT x.id) INTO ids
      FROM org_life_member_old o
      JOIN org_life_member_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES (o.organization_id), (n.organization_id)) AS x (id)
     WHERE (o.organization_id, o.status, o.joined_on) IS DISTINCT FROM (n.organization_id, n.status, n.joined_on);
    PERFORM set_config('enable_nestloop', nestloop, true);
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_member_insert AFTER INSERT ON member
  REFERENCING NEW TABLE AS org_life_member_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_member();
--> statement-breakpoint
CREATE TRIGGER org_life_count_member_update AFTER UPDATE ON member
  REFERENCING OLD TABLE AS org_life_member_old NEW TABLE AS org_life_member_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_member();
--> statement-breakpoint
CREATE TRIGGER org_life_count_member_delete AFTER DELETE ON member
  REFERENCING OLD TABLE AS org_life_member_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_member();
--> statement-breakpoint

-- Organization writes (rare): an inserted organization adds its own contribution (a new branch: 1
-- branch); a deleted one withdraws it; a changed path (a moved subtree: every organization of it is in
-- the statement) or kind withdraws it from the old path's organizations and adds it afresh on the new.
CREATE FUNCTION org_life_count_on_organization() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
  paths text[];
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.id) INTO ids FROM org_life_org_new n;
    PERFORM org_life_count_refresh(ids);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.id), array_agg(o.path) INTO ids, paths FROM org_life_org_old o;
    PERFORM org_life_count_withdraw(ids, paths);
    DELETE FROM org_life_count c WHERE c.organization_id = ANY (ids);
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
CREATE TRIGGER org_life_count_organization_insert AFTER INSERT ON organization
  REFERENCING NEW TABLE AS org_life_org_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_organization();
--> statement-breakpoint
CREATE TRIGGER org_life_count_organization_update AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS org_life_org_old NEW TABLE AS org_life_org_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_organization();
--> statement-breakpoint
CREATE TRIGGER org_life_count_organization_delete AFTER DELETE ON organization
  REFERENCING OLD TABLE AS org_life_org_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_organization();
--> statement-breakpoint

-- The tallies recounted from the records, set-based (the consistency test compares org_life_count's
-- non-zero rows with this).
CREATE FUNCTION org_life_count_recount()
RETURNS TABLE (organization_id int, dimension text, value text, amount numeric)
LANGUAGE sql STABLE AS $$
  SELECT h.id, w.dimension, w.value, sum(w.amount)
    FROM org_life_own_of((SELECT array_agg(e.id) FROM organization e)) AS w
    JOIN organization o ON o.id = w.organization_id
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
   GROUP BY 1, 2, 3
  HAVING sum(w.amount) <> 0
$$;
--> statement-breakpoint

-- The full recount into org_life_own and org_life_count (after a bulk load, or to repair).
CREATE FUNCTION org_life_count_rebuild() RETURNS bigint
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE org_life_count IN EXCLUSIVE MODE;
  LOCK TABLE org_life_own IN EXCLUSIVE MODE;
  TRUNCATE org_life_own;
  INSERT INTO org_life_own (organization_id, dimension, value, amount) SELECT * FROM org_life_own_of((SELECT array_agg(e.id) FROM organization e));
  TRUNCATE org_life_count;
  INSERT INTO org_life_count (organization_id, dimension, value, amount)
  SELECT h.id, w.dimension, w.value, sum(w.amount)
    FROM org_life_own w
    JOIN organization o ON o.id = w.organization_id
    CROSS JOIN LATERAL unnest(cadre_count_holders(o.path)) AS h (id)
   GROUP BY 1, 2, 3
  HAVING sum(w.amount) <> 0;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint

-- Tallies of the data already there.
SELECT org_life_count_rebuild();

-- The annual cycle (团籍注册, 团员教育评议; issue 12 part 8) in the org_life_count subtree tallies
-- (migration 0026): four more dimensions of each organization's own contribution, per campaign —
-- `registered` "campaignId" (registered rows of its current members), `review` "campaignId" (its
-- branch_education_review rows), `review_approved` "campaignId" and `graded` "campaignId:grade"
-- (grades of its approved reviews) — kept by statement-level triggers on member_registration,
-- branch_education_review and member_review_grade (member and organization writes are already
-- handled by 0026's triggers). Members due to register are the `joined` rows (current members).

CREATE OR REPLACE FUNCTION org_life_own_of(org_ids int[])
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
  UNION ALL
  SELECT c.organization_id, 'registered', r.campaign_id::text, count(*)::numeric
    FROM current_member c
    JOIN member_registration r ON r.member_id = c.id AND r.status = 'registered'
   GROUP BY 1, 3
  UNION ALL
  SELECT r.organization_id, 'review', r.campaign_id::text, count(*)::numeric
    FROM o JOIN branch_education_review r ON r.organization_id = o.id GROUP BY 1, 3
  UNION ALL
  SELECT r.organization_id, 'review_approved', r.campaign_id::text, count(*)::numeric
    FROM o JOIN branch_education_review r ON r.organization_id = o.id
   WHERE r.approved_at IS NOT NULL GROUP BY 1, 3
  UNION ALL
  SELECT r.organization_id, 'graded', r.campaign_id || ':' || g.grade, count(*)::numeric
    FROM o JOIN branch_education_review r ON r.organization_id = o.id AND r.approved_at IS NOT NULL
    JOIN member_review_grade g ON g.branch_review_id = r.id AND g.grade IS NOT NULL
   GROUP BY 1, 3
$$;
--> statement-breakpoint

CREATE FUNCTION org_life_count_on_registration() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM member m
     WHERE m.id IN (SELECT n.member_id FROM org_life_registration_new n);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM member m
     WHERE m.id IN (SELECT o.member_id FROM org_life_registration_old o);
  ELSE
    SELECT array_agg(DISTINCT m.organization_id) INTO ids FROM member m
     WHERE m.id IN (SELECT o.member_id FROM org_life_registration_old o
                    UNION SELECT n.member_id FROM org_life_registration_new n);
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_registration_insert AFTER INSERT ON member_registration
  REFERENCING NEW TABLE AS org_life_registration_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_registration();
--> statement-breakpoint
CREATE TRIGGER org_life_count_registration_update AFTER UPDATE ON member_registration
  REFERENCING OLD TABLE AS org_life_registration_old NEW TABLE AS org_life_registration_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_registration();
--> statement-breakpoint
CREATE TRIGGER org_life_count_registration_delete AFTER DELETE ON member_registration
  REFERENCING OLD TABLE AS org_life_registration_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_registration();
--> statement-breakpoint

CREATE FUNCTION org_life_count_on_review() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.organization_id) INTO ids FROM org_life_review_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.organization_id) INTO ids FROM org_life_review_old o;
  ELSE
    SELECT array_agg(DISTINCT x.organization_id) INTO ids FROM (
      SELECT o.organization_id FROM org_life_review_old o
      UNION SELECT n.organization_id FROM org_life_review_new n) AS x;
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_review_insert AFTER INSERT ON branch_education_review
  REFERENCING NEW TABLE AS org_life_review_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_review();
--> statement-breakpoint
CREATE TRIGGER org_life_count_review_update AFTER UPDATE ON branch_education_review
  REFERENCING OLD TABLE AS org_life_review_old NEW TABLE AS org_life_review_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_review();
--> statement-breakpoint
CREATE TRIGGER org_life_count_review_delete AFTER DELETE ON branch_education_review
  REFERENCING OLD TABLE AS org_life_review_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_review();
--> statement-breakpoint

CREATE FUNCTION org_life_count_on_grade() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT r.organization_id) INTO ids FROM branch_education_review r
     WHERE r.approved_at IS NOT NULL AND r.id IN (SELECT n.branch_review_id FROM org_life_grade_new n);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT r.organization_id) INTO ids FROM branch_education_review r
     WHERE r.approved_at IS NOT NULL AND r.id IN (SELECT o.branch_review_id FROM org_life_grade_old o);
  ELSE
    SELECT array_agg(DISTINCT r.organization_id) INTO ids FROM branch_education_review r
     WHERE r.approved_at IS NOT NULL AND r.id IN (SELECT o.branch_review_id FROM org_life_grade_old o
                    UNION SELECT n.branch_review_id FROM org_life_grade_new n);
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_life_count_grade_insert AFTER INSERT ON member_review_grade
  REFERENCING NEW TABLE AS org_life_grade_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_grade();
--> statement-breakpoint
CREATE TRIGGER org_life_count_grade_update AFTER UPDATE ON member_review_grade
  REFERENCING OLD TABLE AS org_life_grade_old NEW TABLE AS org_life_grade_new
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_grade();
--> statement-breakpoint
CREATE TRIGGER org_life_count_grade_delete AFTER DELETE ON member_review_grade
  REFERENCING OLD TABLE AS org_life_grade_old
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_count_on_grade();
--> statement-breakpoint

-- Tallies of the data already there (the new dimensions).
SELECT org_life_count_rebuild();

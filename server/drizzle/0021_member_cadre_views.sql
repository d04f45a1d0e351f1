-- Custom SQL migration file, put your code below! --
-- Issue 13 part 1: the member record's cadre fields (is_cadre 是否团干部, league_position 团内现任职务,
-- cadre_kind 团干部性质, position_since 任现职年月) become views of the cadre records. They stay columns
-- (is_cadre is a dimension of the member counters, migration 0006), written only from here: the
-- statement-level triggers on cadre re-derive the fields of every member whose cadre rows were
-- inserted, changed or deleted, in the writing transaction. Every writer of cadre rows is covered
-- (the cadre API, the conversion of migration 0016 and cadre-from-members.repository.ts, the demo and
-- bench seeds). The member update fires member_count_capture (migration 0006), so the counters follow.
--
-- A member's fields from their open cadre records (ended_on null), the most senior first
-- (书记, 副书记, 组织委员, 宣传委员, 委员, 其他; then the earliest started, then the lowest id):
--   is_cadre       = holds an open post;
--   league_position = the post in the registry's vocabulary (organizer → organization_member,
--                    publicity → publicity_member, committee_member → the member's committee post
--                    when it already names one (文体/生产/权益/志愿委员), else other); null without a post;
--   cadre_kind     = that post's kind; position_since = its start. Null without a post.
-- Only rows whose fields change are written (no counter deltas for nothing).
-- The same rule in TypeScript: domain/src/cadre/member-cadre-fields.ts (memberCadreFieldsOf, for tests and web).
CREATE FUNCTION member_cadre_fields_refresh(member_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  WITH current_post AS (
    SELECT DISTINCT ON (c.member_id) c.member_id, c.post, c.kind, c.started_on
      FROM cadre c
     WHERE c.member_id = ANY (member_ids) AND c.ended_on IS NULL
     ORDER BY c.member_id,
              CASE c.post WHEN 'secretary' THEN 1 WHEN 'deputy_secretary' THEN 2 WHEN 'organizer' THEN 3
                          WHEN 'publicity' THEN 4 WHEN 'committee_member' THEN 5 ELSE 6 END,
              c.started_on, c.id),
  derived AS (
    SELECT m.id,
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
      FROM member m
      LEFT JOIN current_post p ON p.member_id = m.id
     WHERE m.id = ANY (member_ids))
  UPDATE member m
     SET is_cadre = d.is_cadre, league_position = d.league_position, cadre_kind = d.cadre_kind,
         position_since = d.position_since
    FROM derived d
   WHERE m.id = d.id
     AND (m.is_cadre, m.league_position, m.cadre_kind, m.position_since)
         IS DISTINCT FROM (d.is_cadre, d.league_position, d.cadre_kind, d.position_since);
$$;
--> statement-breakpoint
CREATE FUNCTION cadre_member_fields_capture() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM member_cadre_fields_refresh(ARRAY(
      SELECT DISTINCT member_id FROM cadre_member_new WHERE member_id IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM member_cadre_fields_refresh(ARRAY(
      SELECT DISTINCT member_id FROM cadre_member_old WHERE member_id IS NOT NULL));
  ELSE
    PERFORM member_cadre_fields_refresh(ARRAY(
      SELECT member_id FROM cadre_member_old WHERE member_id IS NOT NULL
      UNION
      SELECT member_id FROM cadre_member_new WHERE member_id IS NOT NULL));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cadre_member_fields_insert AFTER INSERT ON cadre
  REFERENCING NEW TABLE AS cadre_member_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_member_fields_capture();
--> statement-breakpoint
CREATE TRIGGER cadre_member_fields_update AFTER UPDATE ON cadre
  REFERENCING OLD TABLE AS cadre_member_old NEW TABLE AS cadre_member_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_member_fields_capture();
--> statement-breakpoint
CREATE TRIGGER cadre_member_fields_delete AFTER DELETE ON cadre
  REFERENCING OLD TABLE AS cadre_member_old
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_member_fields_capture();
--> statement-breakpoint
-- Data (appended by hand): every member's fields re-derived once from the cadre records. Migration
-- 0016 made cadre records of the members marked as cadres with a post; a member marked without one
-- (no post, not current, or a second holder of a single post) has no cadre record and is no longer
-- shown as a cadre — record the post under 团干部 to show it again.
SELECT member_cadre_fields_refresh(ARRAY(SELECT id FROM member));

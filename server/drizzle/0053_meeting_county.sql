ALTER TABLE "meeting" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_photo" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19 parts 1 and 3: meetings by county, and one mechanism for the organizational-life tallies on Citus
-- (docs/SCALING.md "Meetings by county; the tallies' one mechanism on Citus").
-- Every engine: meeting.county_id = the county bucket of its organization (organization.county_id; a city's
-- or province's meeting sits in that committee's own bucket), meeting_attendance's and meeting_photo's their
-- meeting's; backfilled here, given by every writer (meetings/meeting.repository), filled by trigger on
-- PostgreSQL and PGlite (0 = fill me; on Citus the meeting's fill only checks: the insert was routed by the
-- value given), carried along when a subtree moves to another county (meeting_county_relocate; refused on
-- Citus, where the distribution column cannot change in place). A meeting and a photo are found by id through
-- county_locator (kinds 'meeting' and 'meeting_photo', migration 0037): one single-shard read on Citus.
UPDATE meeting m SET county_id = o.county_id FROM organization o WHERE o.id = m.organization_id;
--> statement-breakpoint
UPDATE meeting_attendance a SET county_id = m.county_id FROM meeting m WHERE m.id = a.meeting_id;
--> statement-breakpoint
UPDATE meeting_photo p SET county_id = m.county_id FROM meeting m WHERE m.id = p.meeting_id;
--> statement-breakpoint
CREATE TRIGGER meeting_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON meeting
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
-- An attendance row or a photo: its meeting's county (not kept on Citus: it would read another distributed
-- table from the shard; there the repositories give it and the key (county_id, meeting_id) → meeting refuses
-- a wrong one).
CREATE FUNCTION meeting_record_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT m.county_id INTO county FROM meeting m WHERE m.id = NEW.meeting_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_county_fill BEFORE INSERT OR UPDATE OF meeting_id, county_id ON meeting_attendance
  FOR EACH ROW EXECUTE FUNCTION meeting_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER meeting_photo_county_fill BEFORE INSERT OR UPDATE OF meeting_id, county_id ON meeting_photo
  FOR EACH ROW EXECUTE FUNCTION meeting_record_county_fill();
--> statement-breakpoint
-- A meeting moved to another organization (an UPDATE of organization_id) or whose organization changed county
-- takes its attendance, photos and locations along (PostgreSQL and PGlite; on Citus both are refused: the
-- meeting's fill refuses a county other than its organization's, and this trigger refuses a move of a
-- subtree holding meetings to another county).
CREATE FUNCTION meeting_follow_county() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE meeting_attendance SET county_id = NEW.county_id WHERE meeting_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE meeting_photo SET county_id = NEW.county_id WHERE meeting_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE county_locator SET county_id = NEW.county_id WHERE kind = 'meeting' AND id = NEW.id AND county_id <> NEW.county_id;
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'meeting_photo' AND county_id <> NEW.county_id
     AND id IN (SELECT p.id FROM meeting_photo p WHERE p.meeting_id = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION meeting_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM meeting_county_old o JOIN meeting_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() THEN
    IF EXISTS (SELECT 1 FROM meeting WHERE organization_id = ANY (ids)) THEN
      RAISE EXCEPTION 'an organization with meetings (组织生活) cannot change county on Citus (the distribution column cannot change in place)'
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
  END IF;
  UPDATE meeting t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER meeting_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS meeting_county_old NEW TABLE AS meeting_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION meeting_county_relocate();
--> statement-breakpoint
-- The 团课 person-hours arm of org_life_own_of (migration 0027) counted a meeting's attendance by a subquery
-- correlated on meeting_id alone; on Citus the two tables are distributed by county and a correlated
-- subquery between them is planned only on the distribution column. A join on (county_id, meeting_id) gives
-- the same sum (class hours once per present attendee). The function's current text (SQL, or PL/pgSQL on
-- Citus since 0030) with those two places changed, as 0044 does.
DO $own$
DECLARE
  def text := pg_get_functiondef('org_life_own_of(int[])'::regprocedure);
  changed text;
BEGIN
  changed := regexp_replace(def,
    'SELECT m\.id, m\.organization_id, m\.kind, m\.held_on, m\.class_hours',
    'SELECT m.id, m.county_id, m.organization_id, m.kind, m.held_on, m.class_hours');
  changed := regexp_replace(changed,
    'h\.class_hours \* \(SELECT count\(\*\) FROM meeting_attendance a\s+WHERE a\.meeting_id = h\.id AND a\.status = ''present''\) AS hours\s+FROM held h WHERE',
    'h.class_hours AS hours
        FROM held h
        JOIN meeting_attendance a ON a.county_id = h.county_id AND a.meeting_id = h.id AND a.status = ''present''
       WHERE');
  IF changed = def OR changed !~ 'm\.county_id' OR changed !~ 'a\.county_id = h\.county_id' THEN
    RAISE EXCEPTION 'org_life_own_of: the meeting arms of migration 0027 were not found';
  END IF;
  EXECUTE changed;
END
$own$;
--> statement-breakpoint
-- On Citus only (used by the triggers the DO block below creates): appends the organizations whose
-- organizational-life tallies a statement changed to org_life_mark (migration 0043), on the statement's own
-- shard group; the fold (member-count.service foldMemberCountDeltas) takes a county's marks and refreshes
-- those organizations' tallies. Without arguments the rows carry organization_id (meeting, star_rating,
-- branch_education_review); with TG_ARGV = (parent table, key column) they are the children of a row that
-- does (meeting_attendance → meeting by meeting_id, member_review_grade → branch_education_review by
-- branch_review_id), read on the same shard group by (county_id, id). An UPDATE marks the old and the new
-- rows' organizations (a meeting moved to another branch of its county changes both).
CREATE FUNCTION org_life_mark_organizations() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  parent text := TG_ARGV[0];
  parent_key text := TG_ARGV[1];
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'org_life_mark_new'
    WHEN 'DELETE' THEN 'org_life_mark_old'
    ELSE '(SELECT * FROM org_life_mark_old UNION ALL SELECT * FROM org_life_mark_new)' END;
  parents jsonb;
  found jsonb;
  written jsonb := '[]';
  r record;
BEGIN
  -- (a transition table cannot feed a statement Citus plans: the rows go through jsonb)
  IF parent IS NULL THEN
    EXECUTE format('SELECT jsonb_agg(DISTINCT jsonb_build_object(''county_id'', x.county_id, ''organization_id'', x.organization_id)) FROM %s x', source)
      INTO found;
    written := coalesce(found, '[]');
  ELSE
    EXECUTE format('SELECT jsonb_agg(DISTINCT jsonb_build_object(''county_id'', x.county_id, ''id'', x.%I)) FROM %s x', parent_key, source)
      INTO parents;
    FOR r IN
      SELECT x.county_id, array_agg(x.id) AS ids
        FROM jsonb_to_recordset(coalesce(parents, '[]')) AS x (county_id int, id bigint) GROUP BY 1
    LOOP
      EXECUTE format('SELECT jsonb_agg(DISTINCT jsonb_build_object(''county_id'', p.county_id, ''organization_id'', p.organization_id)) FROM %I p WHERE p.county_id = $1 AND p.id = ANY ($2)', parent)
        INTO found USING r.county_id, r.ids;
      written := written || coalesce(found, '[]');
    END LOOP;
  END IF;
  IF jsonb_array_length(written) > 0 THEN
    INSERT INTO org_life_mark (county_id, organization_id)
    SELECT x.county_id, x.organization_id FROM jsonb_to_recordset(written) AS x (county_id int, organization_id int);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- PostgreSQL and PGlite: a meeting's or photo's location follows its meeting (above) and goes with the row
-- (county_locator_forget, migration 0037). Every engine: the locations of the rows there now.
DO $locate$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    -- (not UPDATE OF county_id: the fill trigger sets it when organization_id changes, outside the SET list)
    CREATE TRIGGER meeting_follow_county AFTER UPDATE ON meeting
      FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id) EXECUTE FUNCTION meeting_follow_county();
    CREATE TRIGGER county_locator_forget AFTER DELETE ON meeting
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
    CREATE TRIGGER county_locator_forget AFTER DELETE ON meeting_photo
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
  END IF;
  INSERT INTO county_locator (kind, id, county_id) SELECT 'meeting', id, county_id FROM meeting;
  INSERT INTO county_locator (kind, id, county_id) SELECT 'meeting_photo', id, county_id FROM meeting_photo;
END
$locate$;
--> statement-breakpoint
-- On Citus: meeting, meeting_attendance and meeting_photo distributed by county_id, co-located with member
-- (tuanwu_citus_distribute, migration 0048: primary keys (county_id, id) and (county_id, meeting_id,
-- member_id), the sign-in token unique per county — 24 random bytes, and the token names its meeting —,
-- the key to organization kept), the keys (county_id, meeting_id) → meeting (county_id, id) ON DELETE
-- CASCADE added. The tallies' statement triggers on meetings and attendance (0026, 0035) would write the
-- coordinator's org_life_count from a worker's shard: not kept; and those of 0044's reviews, grades and
-- ratings, which the repositories replaced by a refresh from the coordinator in the writing transaction,
-- are replaced too: one mechanism for every family on Citus — a statement trigger appends marks
-- (org_life_mark_organizations above; org_life_mark_members of 0043 for dues and registrations) and the fold
-- refreshes the marked organizations' tallies, exact after each fold.
DO $citus$
DECLARE
  t text;
  marked text[][] := ARRAY[
    ARRAY['meeting', ''], ARRAY['meeting_attendance', 'meeting:meeting_id'],
    ARRAY['star_rating', ''], ARRAY['branch_education_review', ''],
    ARRAY['member_review_grade', 'branch_education_review:branch_review_id']];
  arguments text;
  i int;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM tuanwu_citus_distribute(ARRAY['meeting', 'meeting_attendance', 'meeting_photo'], '{}',
    ARRAY['org_life_count_on_meeting()'::regprocedure, 'org_life_count_on_attendance()'::regprocedure,
      'meeting_record_county_fill()'::regprocedure, 'meeting_follow_county()'::regprocedure]);
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  ALTER TABLE meeting_attendance ADD CONSTRAINT meeting_attendance_meeting_fk
    FOREIGN KEY (county_id, meeting_id) REFERENCES meeting (county_id, id) ON DELETE CASCADE;
  ALTER TABLE meeting_photo ADD CONSTRAINT meeting_photo_meeting_fk
    FOREIGN KEY (county_id, meeting_id) REFERENCES meeting (county_id, id) ON DELETE CASCADE;
  FOR i IN 1 .. array_length(marked, 1) LOOP
    t := marked[i][1];
    arguments := CASE WHEN marked[i][2] = '' THEN ''
      ELSE format('%L, %L', split_part(marked[i][2], ':', 1), split_part(marked[i][2], ':', 2)) END;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS org_life_mark_new
      FOR EACH STATEMENT EXECUTE FUNCTION org_life_mark_organizations(%s)', t || '_org_life_mark_insert', t, arguments);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS org_life_mark_old NEW TABLE AS org_life_mark_new
      FOR EACH STATEMENT EXECUTE FUNCTION org_life_mark_organizations(%s)', t || '_org_life_mark_update', t, arguments);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS org_life_mark_old
      FOR EACH STATEMENT EXECUTE FUNCTION org_life_mark_organizations(%s)', t || '_org_life_mark_delete', t, arguments);
  END LOOP;
  ALTER FUNCTION meeting_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

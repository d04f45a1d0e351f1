DROP INDEX "youth_home_service_key";--> statement-breakpoint
CREATE UNIQUE INDEX "youth_home_service_key" ON "youth_home_service" USING btree ("youth_home_id","month","county_id");--> statement-breakpoint
-- Issue 19: the Youth Home family distributed by county on Citus (docs/SCALING.md "The Youth Home family on
-- Citus"; the county is on every row since 0050_youth_home_county). Every engine: youth_home_service_key
-- ends with the county (above: one ON CONFLICT target everywhere); a home, an activity, a shift and a
-- volunteer record are found by id through county_locator (kinds 'youth_home', 'activity',
-- 'volunteer_shift', 'volunteer_record', migration 0037: one single-shard read on Citus), located after the
-- commit of their creation by the services and here for the rows there now; on PostgreSQL and PGlite a
-- location follows its row when the row changes county (youth_home_locator_follow, below) and goes with it
-- (county_locator_forget). A new activity's sign-up and check-in tokens name the activity (16 random bytes in
-- base64url followed by its id: activity.repository newActivityToken), so the public pages read its county
-- first; a token issued before (the random part alone) is looked up on every shard.
CREATE FUNCTION youth_home_locator_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = TG_TABLE_NAME AND id = NEW.id AND county_id <> NEW.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Organizations that changed county bucket take the family along on PostgreSQL and PGlite (as in 0050); on
-- Citus a move of a subtree holding the family's rows is refused with the reason (the distribution column
-- cannot change in place), as county_data_relocate (0046) and meeting_county_relocate (0053) do.
CREATE OR REPLACE FUNCTION youth_home_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM youth_home_old o JOIN youth_home_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() THEN
    IF EXISTS (SELECT 1 FROM youth_home WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM activity WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM volunteer_shift WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM volunteer_record WHERE organization_id = ANY (ids)) THEN
      RAISE EXCEPTION 'an organization with Youth Homes, activities or volunteer hours (青年之家、活动、志愿服务) cannot change county on Citus (the distribution column cannot change in place)'
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
  END IF;
  UPDATE youth_home t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE activity t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE volunteer_shift t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE volunteer_record t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE youth_home_service s SET county_id = h.county_id FROM youth_home h
   WHERE h.id = s.youth_home_id AND h.organization_id = ANY (ids) AND s.county_id <> h.county_id;
  UPDATE activity_signup s SET county_id = a.county_id FROM activity a
   WHERE a.id = s.activity_id AND a.organization_id = ANY (ids) AND s.county_id <> a.county_id;
  UPDATE activity_photo p SET county_id = a.county_id FROM activity a
   WHERE a.id = p.activity_id AND a.organization_id = ANY (ids) AND p.county_id <> a.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- PostgreSQL and PGlite: the locations follow and go with their rows. Every engine: the locations of the
-- rows there now.
DO $locate$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['youth_home', 'activity', 'volunteer_shift', 'volunteer_record'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
      -- (not UPDATE OF county_id: the fill trigger sets it when organization_id changes, outside the SET list)
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW
        WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id) EXECUTE FUNCTION youth_home_locator_follow()',
        t || '_locator_follow', t);
      EXECUTE format('CREATE TRIGGER county_locator_forget AFTER DELETE ON %I
        REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget()', t);
    END IF;
    EXECUTE format('INSERT INTO county_locator (kind, id, county_id) SELECT %L, id, county_id FROM %I', t, t);
  END LOOP;
END
$locate$;
--> statement-breakpoint
-- On Citus: the seven tables distributed by county_id, co-located with member (tuanwu_citus_distribute,
-- migration 0048: primary keys (county_id, id), the unique keys with the county first — the tokens and the
-- certificate number unique per county (random, or naming the record's id: unique everywhere) —, the keys
-- to organization and app_user kept; the sign-ups' and records' keys to member dropped: a person signs up
-- at another county's activity). The child fill (youth_home_child_county_fill) would read another
-- distributed table from a worker's shard: kept out (the writers give the county, and the keys
-- (county_id, youth_home_id | activity_id | shift_id) → parent (county_id, id) added here refuse a wrong one).
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM tuanwu_citus_distribute(
    ARRAY['youth_home', 'youth_home_service', 'activity', 'activity_signup', 'activity_photo',
      'volunteer_shift', 'volunteer_record'],
    '{}',
    ARRAY['youth_home_child_county_fill()'::regprocedure, 'youth_home_locator_follow()'::regprocedure]);
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  ALTER TABLE youth_home_service ADD CONSTRAINT youth_home_service_youth_home_fk
    FOREIGN KEY (county_id, youth_home_id) REFERENCES youth_home (county_id, id);
  ALTER TABLE activity ADD CONSTRAINT activity_youth_home_fk
    FOREIGN KEY (county_id, youth_home_id) REFERENCES youth_home (county_id, id);
  ALTER TABLE activity_signup ADD CONSTRAINT activity_signup_activity_fk
    FOREIGN KEY (county_id, activity_id) REFERENCES activity (county_id, id);
  ALTER TABLE activity_photo ADD CONSTRAINT activity_photo_activity_fk
    FOREIGN KEY (county_id, activity_id) REFERENCES activity (county_id, id);
  ALTER TABLE volunteer_shift ADD CONSTRAINT volunteer_shift_activity_fk
    FOREIGN KEY (county_id, activity_id) REFERENCES activity (county_id, id);
  ALTER TABLE volunteer_record ADD CONSTRAINT volunteer_record_shift_fk
    FOREIGN KEY (county_id, shift_id) REFERENCES volunteer_shift (county_id, id);
  ALTER FUNCTION youth_home_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

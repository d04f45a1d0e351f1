ALTER TABLE "activity" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_photo" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_signup" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer_record" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer_shift" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "youth_home" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "youth_home_service" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19 part 1: the Youth Home family (青年之家, activities, sign-ups, photos, volunteer shifts and
-- hours) carries the county on every engine (docs/SCALING.md "The Youth Home family by county"), the first
-- step of its distribution by county co-located with member (as 0039 was for the workflows before 0041).
-- county_id — of a home, an activity, a shift and a volunteer record its organization's county bucket
-- (organization.county_id: a city, province or national committee is its own bucket), of a home's service
-- month its home's, of a sign-up and a photo its activity's — backfilled here, given by every writer
-- (youth-home, activity and volunteer-hours repositories, the demo seed) and checked by trigger. The tables
-- stay Citus local tables on the coordinator here: their distribution (tuanwu_citus_distribute, the public
-- tokens located by county, the keys between them on (county_id, …)) is a later migration.
UPDATE youth_home t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE activity t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE volunteer_shift t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE volunteer_record t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE youth_home_service t SET county_id = h.county_id FROM youth_home h
 WHERE h.id = t.youth_home_id AND t.county_id IS DISTINCT FROM h.county_id;
--> statement-breakpoint
UPDATE activity_signup t SET county_id = a.county_id FROM activity a
 WHERE a.id = t.activity_id AND t.county_id IS DISTINCT FROM a.county_id;
--> statement-breakpoint
UPDATE activity_photo t SET county_id = a.county_id FROM activity a
 WHERE a.id = t.activity_id AND t.county_id IS DISTINCT FROM a.county_id;
--> statement-breakpoint
-- A home's, activity's, shift's and record's county is its organization's: 0046's check (filled when 0 and
-- corrected on PostgreSQL and PGlite, refused with the reason on Citus).
CREATE TRIGGER youth_home_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON youth_home
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
CREATE TRIGGER activity_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON activity
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
CREATE TRIGGER volunteer_shift_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON volunteer_shift
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
CREATE TRIGGER volunteer_record_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON volunteer_record
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
-- A service month's county is its home's, a sign-up's and a photo's their activity's: filled from the parent
-- on every engine while the family is on the coordinator (when it is distributed the writer gives it and the
-- key (county_id, parent) → parent (county_id, id) refuses a wrong one, as survey_response's does). The
-- parent is the trigger's argument, not TG_TABLE_NAME: on Citus the trigger fires on the table's shard
-- (youth_home_service_102xxx).
CREATE FUNCTION youth_home_child_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  IF TG_ARGV[0] = 'youth_home' THEN
    SELECT h.county_id INTO county FROM youth_home h WHERE h.id = NEW.youth_home_id;
  ELSE
    SELECT a.county_id INTO county FROM activity a WHERE a.id = NEW.activity_id;
  END IF;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER youth_home_service_county_fill BEFORE INSERT OR UPDATE OF youth_home_id, county_id ON youth_home_service
  FOR EACH ROW EXECUTE FUNCTION youth_home_child_county_fill('youth_home');
--> statement-breakpoint
CREATE TRIGGER activity_signup_county_fill BEFORE INSERT OR UPDATE OF activity_id, county_id ON activity_signup
  FOR EACH ROW EXECUTE FUNCTION youth_home_child_county_fill('activity');
--> statement-breakpoint
CREATE TRIGGER activity_photo_county_fill BEFORE INSERT OR UPDATE OF activity_id, county_id ON activity_photo
  FOR EACH ROW EXECUTE FUNCTION youth_home_child_county_fill('activity');
--> statement-breakpoint
-- Organizations that changed county bucket (a subtree moved to another county) take their homes,
-- activities, shifts and records, and those rows' service months, sign-ups and photos, along — on every
-- engine while the family is on the coordinator (its distribution will refuse such a move on Citus, as
-- county_data_relocate does). Once per statement, on the coordinator's placement of organization.
CREATE FUNCTION youth_home_county_relocate() RETURNS trigger
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
CREATE TRIGGER youth_home_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS youth_home_old NEW TABLE AS youth_home_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION youth_home_county_relocate();

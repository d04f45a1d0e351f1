CREATE TABLE "county_locator" (
	"kind" text NOT NULL,
	"id" bigint NOT NULL,
	"county_id" integer NOT NULL,
	CONSTRAINT "county_locator_pkey" PRIMARY KEY("id","kind")
);
--> statement-breakpoint
-- Issue 19 part 2: a member-family row's county by its id (docs/SCALING.md "The member write path names
-- the county"). A request that names only an id (a member's page, a decision on a status or correction
-- request, the access check) reads the county here, then names it on every statement of the family:
-- on Citus one single-shard read instead of a probe of every shard. Written by the repositories in the
-- row's own transaction (db/county.ts locateInCounty: member creation one and in bulk, the two kinds
-- of request). Filled here for existing rows.
-- PostgreSQL and PGlite: a plain table; a member that changes county in place (moved to another
-- county's branch, its subtree moved) carries its location and its requests' along
-- (member_family_follow_county, replaced below), and a deleted member or request takes its location
-- with it (county_locator_forget). Citus: distributed by id in a colocation of its own (a lookup by id
-- is one shard), without those triggers (a trigger on a member shard cannot write another node; a
-- member never changes county in place there: member_county_fill refuses it; a member or request is
-- never deleted by the application — a location left by a row deleted by hand points to a county
-- where the row is not found: "no such member").
CREATE OR REPLACE FUNCTION member_family_follow_county() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE member_history SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_event SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_attachment SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_award SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_correction_request SET county_id = NEW.county_id
   WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_status_request SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE citizen_id_registry SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_number_registry SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'member' AND id = NEW.id AND county_id <> NEW.county_id;
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'member_status_request' AND county_id <> NEW.county_id
     AND id IN (SELECT r.id FROM member_status_request r WHERE r.member_id = NEW.id);
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'member_correction_request' AND county_id <> NEW.county_id
     AND id IN (SELECT r.id FROM member_correction_request r WHERE r.member_id = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION county_locator_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM county_locator l USING county_locator_gone g WHERE l.kind = TG_TABLE_NAME AND l.id = g.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    CREATE TRIGGER county_locator_forget AFTER DELETE ON member
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
    CREATE TRIGGER county_locator_forget AFTER DELETE ON member_status_request
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
    CREATE TRIGGER county_locator_forget AFTER DELETE ON member_correction_request
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
  ELSE
    SET LOCAL citus.multi_shard_modify_mode = 'sequential';
    PERFORM create_distributed_table('county_locator', 'id', colocate_with => 'none');
  END IF;
  INSERT INTO county_locator (kind, id, county_id) SELECT 'member', id, county_id FROM member;
  INSERT INTO county_locator (kind, id, county_id) SELECT 'member_status_request', id, county_id FROM member_status_request;
  INSERT INTO county_locator (kind, id, county_id)
    SELECT 'member_correction_request', id, county_id FROM member_correction_request;
END
$citus$;

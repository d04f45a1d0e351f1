CREATE TABLE "citizen_id_registry" (
	"citizen_id" text PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"member_id" bigint NOT NULL
);
--> statement-breakpoint
-- Issue 19 part 2: citizen IDs unique across counties (docs/SCALING.md "Uniqueness across counties").
-- citizen_id_registry holds one row per citizen ID ever recorded (a member who leaves keeps it: nothing is
-- deleted, domain.md §4), written by the member repositories in the member's transaction: creation,
-- imports, a correction or edit of the ID (old row deleted, new one inserted). Its primary key decides a
-- duplicate on every engine; on Citus it is the only national check (member_citizen_id_key holds per
-- county there).
-- PostgreSQL and PGlite: a plain table whose member_id references member (a deleted member frees its ID).
-- There a member can still change county in place (moved to a branch of another county, or its subtree
-- moved): member_family_follow_county then carries its records and its registration along, so that the
-- county named in every member-family statement (db/county.ts) finds them. Citus: the registry is
-- distributed by citizen_id in a colocation of its own (a lookup by ID is one shard), without the foreign
-- key (not co-located with member) and without the trigger (a member never changes county in place on
-- Citus: member_county_fill refuses it).
CREATE FUNCTION member_family_follow_county() RETURNS trigger
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
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $citus$
DECLARE
  shared text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    ALTER TABLE citizen_id_registry ADD CONSTRAINT citizen_id_registry_member_id_fk
      FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE;
    CREATE INDEX citizen_id_registry_member_idx ON citizen_id_registry (member_id);
    CREATE TRIGGER member_family_follow_county AFTER UPDATE ON member
      FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id)
      EXECUTE FUNCTION member_family_follow_county();
    INSERT INTO citizen_id_registry (citizen_id, county_id, member_id) SELECT citizen_id, county_id, id FROM member;
    RETURN;
  END IF;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  -- A row found by its id alone (the county lookup before a lock, db/county.ts): on Citus the primary keys
  -- are (county_id, id), so each shard gets an index on id (one probe per shard instead of a scan).
  CREATE INDEX member_id_idx ON member (id);
  CREATE INDEX member_status_request_id_idx ON member_status_request (id);
  CREATE INDEX member_correction_request_id_idx ON member_correction_request (id);
  PERFORM create_distributed_table('citizen_id_registry', 'citizen_id', colocate_with => 'none');
  -- Members of two counties with one citizen ID (possible on Citus before this registry): refused with the
  -- ID, to be resolved (one of them transferred or corrected) before the registry can hold it.
  SELECT citizen_id INTO shared FROM member GROUP BY citizen_id HAVING count(*) > 1 LIMIT 1;
  IF shared IS NOT NULL THEN
    RAISE EXCEPTION 'tuanwu: citizen ID % is held by members of several counties (select county_id, id from member where citizen_id = ''%''): correct or merge them, then run the migration again',
      shared, shared USING ERRCODE = 'unique_violation';
  END IF;
  INSERT INTO citizen_id_registry (citizen_id, county_id, member_id) SELECT citizen_id, county_id, id FROM member;
END
$citus$;

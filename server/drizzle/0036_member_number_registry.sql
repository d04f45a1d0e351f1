CREATE TABLE "member_number_registry" (
	"member_number" text PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"member_id" bigint NOT NULL
);
--> statement-breakpoint
-- Issue 19 part 2: member numbers (团员编号) unique across counties (docs/SCALING.md "Uniqueness across
-- counties"), the twin of citizen_id_registry (migration 0032). member_number_registry holds one row per
-- member number in use (members without a number have none), written by the member repositories in the
-- member's transaction: creation (one and in bulk: imports, development's admission, a transfer in, the
-- demo seed) and an edit or correction of the number (old row deleted, new one inserted; a number
-- cleared deletes it). Its primary key decides a duplicate on every engine; on Citus it is the only
-- national check (member_member_number_key holds per county there, migration 0030).
-- PostgreSQL and PGlite: a plain table whose member_id references member (a deleted member frees its
-- number); member_family_follow_county (0032) also carries its registration along when a member changes
-- county in place. Citus: distributed by member_number in a colocation of its own (a lookup by number is
-- one shard), without the foreign key (not co-located with member); a member never changes county in
-- place there (member_county_fill refuses it).
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
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $citus$
DECLARE
  shared text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    ALTER TABLE member_number_registry ADD CONSTRAINT member_number_registry_member_id_fk
      FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE;
    CREATE INDEX member_number_registry_member_idx ON member_number_registry (member_id);
    INSERT INTO member_number_registry (member_number, county_id, member_id)
    SELECT member_number, county_id, id FROM member WHERE member_number IS NOT NULL;
    RETURN;
  END IF;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  PERFORM create_distributed_table('member_number_registry', 'member_number', colocate_with => 'none');
  -- Members of two counties with one number (possible on Citus before this registry): refused with the
  -- number, to be resolved (one of them corrected) before the registry can hold it.
  SELECT member_number INTO shared FROM member WHERE member_number IS NOT NULL
   GROUP BY member_number HAVING count(*) > 1 LIMIT 1;
  IF shared IS NOT NULL THEN
    RAISE EXCEPTION 'tuanwu: member number % is held by members of several counties (select county_id, id from member where member_number = ''%''): correct one of them, then run the migration again',
      shared, shared USING ERRCODE = 'unique_violation';
  END IF;
  INSERT INTO member_number_registry (member_number, county_id, member_id)
  SELECT member_number, county_id, id FROM member WHERE member_number IS NOT NULL;
END
$citus$;

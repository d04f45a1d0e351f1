-- Issue 19 parts 1–2 (docs/SCALING.md "Users on Citus", "A member attachment by its id").
--
-- 1. Users. On Citus, app_user and user_role become reference tables (a copy on every node, written rarely:
--    accounts and roles are created, changed and revoked by administrators; read on every request and
--    beside distributed rows — who entered a figure, who imported a plan — which a join to a reference
--    table serves on the row's own shard). user_session stays a Citus local table on the coordinator: it
--    is written at every login and logout (and its expired rows deleted at every login), and a reference
--    table's write goes to every node and commits in two phases; it is read only by its token, with the
--    user and the roles, which the coordinator holds too (measured: bench/RESULTS.md 2026-12-07 "Users on
--    Citus"). Not distributed by user id: the user list of a subtree, the joins from distributed rows to
--    the user's name and the role → organization key would each ask every shard or not be planned.
--    tuanwu_citus_distribute (0048) rebuilds the two tables (their keys, indexes and checks; the key
--    user_role → app_user, user_role → organization) and drops every key into them (CASCADE): the keys
--    that tables outside the family held to app_user (user_session's, the coordinator's tables' — the
--    distributed tables' were dropped when they were distributed) are read first and added again (a key
--    from a Citus local table to a reference table is allowed).
-- 2. A member attachment by its id (GET /member-attachments/:id/content, its decision, the access check)
--    named only the id: on Citus a read of every shard. county_locator (0037) now also locates
--    attachments (kind 'member_attachment'): filled here for existing rows, written by the attachment
--    repository in the upload's transaction, pointed at the new county when a member moves between counties
--    on Citus (member-relocation.repository); on PostgreSQL and PGlite carried along by
--    member_family_follow_county (replaced below) and dropped with the row by county_locator_forget.
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
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'member_attachment' AND county_id <> NEW.county_id
     AND id IN (SELECT a.id FROM member_attachment a WHERE a.member_id = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $citus$
DECLARE
  outside_keys text[];
  def text;
BEGIN
  INSERT INTO county_locator (kind, id, county_id) SELECT 'member_attachment', id, county_id FROM member_attachment;
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    CREATE TRIGGER county_locator_forget AFTER DELETE ON member_attachment
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
    RETURN;
  END IF;
  SELECT coalesce(array_agg(format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
           pg_get_constraintdef(c.oid)) ORDER BY c.conname), '{}')
    INTO outside_keys
    FROM pg_constraint c
   WHERE c.contype = 'f' AND c.confrelid = 'app_user'::regclass
     AND c.conrelid NOT IN ('app_user'::regclass, 'user_role'::regclass);
  PERFORM tuanwu_citus_distribute('{}', ARRAY['app_user', 'user_role']);
  FOREACH def IN ARRAY outside_keys LOOP
    EXECUTE def;
  END LOOP;
END
$citus$;

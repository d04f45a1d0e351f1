CREATE TABLE "org_life_mark" (
	"county_id" integer NOT NULL,
	"organization_id" integer,
	"member_id" bigint
);
--> statement-breakpoint
DROP INDEX "dues_payment_member_month_key";--> statement-breakpoint
DROP INDEX "member_registration_key";--> statement-breakpoint
ALTER TABLE "dues_payment" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_registration" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "org_life_mark_county_idx" ON "org_life_mark" USING btree ("county_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_payment_member_month_key" ON "dues_payment" USING btree ("member_id","month","county_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_registration_key" ON "member_registration" USING btree ("campaign_id","member_id","county_id");--> statement-breakpoint
-- Issue 19 part 1: dues and registrations by county (docs/SCALING.md "What runs on Citus now", "Dues and
-- registrations by county"). Every engine: dues_payment and member_registration carry county_id, the
-- county of their member (a row of the member's record: co-located with it on Citus), given by every
-- writer; on PostgreSQL and PGlite filled from the member when left 0 and carried along when the member
-- changes county (a transfer between counties, a moved subtree), as member_family_follow_county does for
-- the member family. org_life_mark (new) is used on Citus only (below).
--
-- On Citus (the DO block at the end; nothing without the extension):
-- - dues_payment and member_registration are built anew (Citus refuses to distribute a Citus local table
--   with an identity column) and distributed by county_id, co-located with member: primary key
--   (county_id, id), the unique keys ending with county_id on every engine ((member_id, month, county_id):
--   one payment per member and month; (campaign_id, member_id, county_id): one decision per member and
--   campaign — a member's rows live in the member's county, so per county is the whole key), keys
--   (county_id, member_id) → member (county_id, id) (migration 0030 had dropped member_id → member);
-- - dues_schedule and registration_campaign — configuration written rarely, by committees at any level,
--   read beside the distributed rows — become reference tables (a copy on every node; ids from a
--   sequence evaluated on the coordinator); member_registration keeps its key to registration_campaign;
-- - the tallies' triggers on dues_payment and member_registration (migrations 0026, 0027, 0035) would run
--   on the row's shard and write org_life_count, a coordinator table: not possible from a worker. Instead
--   a statement trigger appends the members written to org_life_mark (distributed by county_id,
--   co-located: a local insert on the same shard group, like member_count_capture's deltas), and the fold
--   (member-count.service foldMemberCountDeltas) takes each county's marks with its deltas and refreshes
--   the tallies of those members' current branches. So on Citus the org-life tallies are exact after each
--   fold, as they already were for member changes (migration 0035).
CREATE FUNCTION org_life_member_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT m.county_id INTO county FROM member m WHERE m.id = NEW.member_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION org_life_follow_member_county() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dues_payment SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE member_registration SET county_id = NEW.county_id WHERE member_id = NEW.id AND county_id <> NEW.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Existing rows: the member's county. On Citus member is distributed and these tables are still Citus
-- local tables (one UPDATE joining both is not planned there): the members' counties are read first.
DO $fill$
DECLARE
  counties jsonb;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    UPDATE dues_payment p SET county_id = m.county_id FROM member m WHERE m.id = p.member_id;
    UPDATE member_registration r SET county_id = m.county_id FROM member m WHERE m.id = r.member_id;
    CREATE TRIGGER dues_payment_county_fill BEFORE INSERT OR UPDATE OF member_id ON dues_payment
      FOR EACH ROW EXECUTE FUNCTION org_life_member_county_fill();
    CREATE TRIGGER member_registration_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_registration
      FOR EACH ROW EXECUTE FUNCTION org_life_member_county_fill();
    CREATE TRIGGER org_life_follow_member_county AFTER UPDATE OF county_id ON member
      FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id)
      EXECUTE FUNCTION org_life_follow_member_county();
    RETURN;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'county_id', m.county_id)), '[]') INTO counties
    FROM member m
   WHERE m.id IN (SELECT p.member_id FROM dues_payment p UNION SELECT r.member_id FROM member_registration r);
  UPDATE dues_payment p SET county_id = x.county_id
    FROM jsonb_to_recordset(counties) AS x (id bigint, county_id int) WHERE x.id = p.member_id;
  UPDATE member_registration r SET county_id = x.county_id
    FROM jsonb_to_recordset(counties) AS x (id bigint, county_id int) WHERE x.id = r.member_id;
END
$fill$;
--> statement-breakpoint
DO $citus$
DECLARE
  distributed text[] := ARRAY['dues_payment', 'member_registration'];
  reference text[] := ARRAY['dues_schedule', 'registration_campaign'];
  t text;
  r record;
  indexes text[] := '{}';
  org_keys text[] := '{}';
  def text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  -- What to recreate: the indexes (the unique ones already end with county_id), the keys to organization.
  -- The tallies' triggers and the county fill are not recreated (replaced by the marks below; the keys
  -- to member refuse a wrong county).
  FOREACH t IN ARRAY distributed || reference LOOP
    FOR r IN
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS is_unique
        FROM pg_index i WHERE i.indrelid = t::regclass AND NOT i.indisprimary
    LOOP
      indexes := indexes || r.def;
    END LOOP;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.conrelid = t::regclass AND c.contype = 'f' AND c.confrelid = 'organization'::regclass
    LOOP
      org_keys := org_keys || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, r.conname, r.def);
    END LOOP;
  END LOOP;

  -- The new tables with the rows: the reference tables first.
  FOREACH t IN ARRAY reference || distributed LOOP
    EXECUTE format('CREATE SEQUENCE %I AS bigint', t || '_id_seq_new');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', t || '_new', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L::regclass)', t || '_new', t || '_id_seq_new');
    -- (owned by the column before Citus takes the sequence: it refuses ALTER SEQUENCE on it after)
    EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.id', t || '_id_seq_new', t || '_new');
    IF t = ANY (reference) THEN
      PERFORM create_reference_table(t || '_new');
    ELSE
      PERFORM create_distributed_table(t || '_new', 'county_id', colocate_with => 'member');
    END IF;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t || '_new', t);
    EXECUTE format('SELECT setval(%L::regclass, coalesce(max(id), 0) + 1, false) FROM %I', t || '_id_seq_new', t);
  END LOOP;
  -- The old tables at once, with the keys between them (one statement: see migration 0041).
  EXECUTE 'DROP TABLE ' || array_to_string(distributed || reference, ', ') || ' CASCADE';
  FOREACH t IN ARRAY reference || distributed LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '_new', t);
    EXECUTE format('ALTER SEQUENCE %I RENAME TO %I', t || '_id_seq_new', t || '_id_seq');
    IF t = ANY (reference) THEN
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (id)', t, t || '_pkey');
    ELSE
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (county_id, id)', t, t || '_pkey');
    END IF;
  END LOOP;
  FOREACH def IN ARRAY indexes LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY org_keys LOOP
    EXECUTE def;
  END LOOP;
  ALTER TABLE dues_payment ADD CONSTRAINT dues_payment_member_fk
    FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_registration ADD CONSTRAINT member_registration_member_fk
    FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_registration ADD CONSTRAINT member_registration_campaign_id_registration_campaign_id_fk
    FOREIGN KEY (campaign_id) REFERENCES registration_campaign (id);

  -- The marks the fold takes (see above), on the rows' own shard group.
  PERFORM create_distributed_table('org_life_mark', 'county_id', colocate_with => 'member');
  EXECUTE $mark$CREATE FUNCTION org_life_mark_members() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
  written jsonb;
BEGIN
  -- (a transition table cannot feed a statement Citus plans: the rows go through jsonb)
  IF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(DISTINCT jsonb_build_object('county_id', o.county_id, 'member_id', o.member_id))
      INTO written FROM org_life_mark_old o;
  ELSE
    SELECT jsonb_agg(DISTINCT jsonb_build_object('county_id', n.county_id, 'member_id', n.member_id))
      INTO written FROM org_life_mark_new n;
  END IF;
  IF written IS NOT NULL THEN
    INSERT INTO org_life_mark (county_id, member_id)
    SELECT x.county_id, x.member_id FROM jsonb_to_recordset(written) AS x (county_id int, member_id bigint);
  END IF;
  RETURN NULL;
END
$body$$mark$;
  FOREACH t IN ARRAY distributed LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS org_life_mark_new
      FOR EACH STATEMENT EXECUTE FUNCTION org_life_mark_members()', t || '_org_life_mark_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS org_life_mark_new
      FOR EACH STATEMENT EXECUTE FUNCTION org_life_mark_members()', t || '_org_life_mark_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS org_life_mark_old
      FOR EACH STATEMENT EXECUTE FUNCTION org_life_mark_members()', t || '_org_life_mark_delete', t);
  END LOOP;
END
$citus$;

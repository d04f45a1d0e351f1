ALTER TABLE "contact_log" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deputy" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "liaison_assignment" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "liaison_station" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization_term" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19: the deputies, terms and liaison tables by county (docs/SCALING.md "Terms, deputies and liaison
-- on Citus"). organization_term, deputy, liaison_station, liaison_assignment and contact_log carry county_id,
-- the county bucket of the organization they sit at (organization.county_id; a city's or province's
-- rows are its own bucket): filled by trigger on PostgreSQL and PGlite (0 = fill me), given with every
-- insert by the repositories, checked on Citus (where the row was routed by the county given: a row without
-- it would sit in county 0's shard, so there 0 is refused too). A subtree moved to another county takes
-- its rows along (cadre_county_relocate; on Citus that move is refused, as for members and workflows).
CREATE FUNCTION cadre_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.organization_id;
  IF NEW.county_id IS DISTINCT FROM county THEN
    IF tuanwu_citus() THEN
      -- (TG_TABLE_NAME is the shard's name on Citus, e.g. deputy_102345)
      RAISE EXCEPTION '% %: county_id % is not its organization''s county % (on Citus the county is given with the write)', TG_TABLE_NAME, NEW.id, NEW.county_id, county
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.county_id := county;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION cadre_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM cadre_county_old o JOIN cadre_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE organization_term x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE deputy x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE liaison_station x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE liaison_assignment x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  UPDATE contact_log x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
UPDATE organization_term x SET county_id = o.county_id FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
UPDATE deputy x SET county_id = o.county_id FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
UPDATE liaison_station x SET county_id = o.county_id FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
UPDATE liaison_assignment x SET county_id = o.county_id FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
UPDATE contact_log x SET county_id = o.county_id FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
CREATE TRIGGER organization_term_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON organization_term
  FOR EACH ROW EXECUTE FUNCTION cadre_county_fill();
--> statement-breakpoint
CREATE TRIGGER deputy_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON deputy
  FOR EACH ROW EXECUTE FUNCTION cadre_county_fill();
--> statement-breakpoint
CREATE TRIGGER liaison_station_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON liaison_station
  FOR EACH ROW EXECUTE FUNCTION cadre_county_fill();
--> statement-breakpoint
CREATE TRIGGER liaison_assignment_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON liaison_assignment
  FOR EACH ROW EXECUTE FUNCTION cadre_county_fill();
--> statement-breakpoint
CREATE TRIGGER contact_log_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON contact_log
  FOR EACH ROW EXECUTE FUNCTION cadre_county_fill();
--> statement-breakpoint
CREATE TRIGGER cadre_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS cadre_county_old NEW TABLE AS cadre_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION cadre_county_relocate();
--> statement-breakpoint
-- On Citus: the five tables distributed by county_id, co-located with member (one shard group per county),
-- rebuilt as migration 0041 rebuilt the workflow tables (Citus refuses to distribute a Citus local table with
-- an identity column): a copy without the identity, ids from a sequence continuing the old values, the rows
-- copied, the old tables dropped together, the new ones renamed; primary keys (county_id, id), the indexes
-- and the county fill triggers recreated, the keys to organization (a reference table) kept. Keys between
-- them that stay inside one county are (county_id, …): a deputy's term (a deputy is recorded at its term's
-- organization: liaison.service createDeputy), a contact log's deputy (a log is stored at its person's
-- organization), and a term's election reminder → workflow_instance (opened at the term's organization:
-- term-election.job) — the key 0041 had to drop while organization_term was a Citus local table.
-- Dropped on Citus only: liaison_assignment's ends → deputy (an assignment made at a city names deputies
-- of its counties: other buckets), and the keys to cadre (still a Citus local table on the coordinator:
-- contact_log.cadre_id, liaison_assignment.from_cadre_id). The services check those ends in the same
-- transaction (requireAccess reads each end by id: a missing one is a 404), and nothing deletes a cadre or
-- a deputy.
DO $citus$
DECLARE
  tabs text[] := ARRAY['organization_term', 'deputy', 'liaison_station', 'liaison_assignment', 'contact_log'];
  t text;
  r record;
  indexes text[] := '{}';
  triggers text[] := '{}';
  org_keys text[] := '{}';
  def text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  FOREACH t IN ARRAY tabs LOOP
    FOR r IN
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS is_unique
        FROM pg_index i WHERE i.indrelid = t::regclass AND NOT i.indisprimary
    LOOP
      indexes := indexes || CASE WHEN r.is_unique
        THEN regexp_replace(r.def, 'USING btree \(', 'USING btree (county_id, ') ELSE r.def END;
    END LOOP;
    FOR r IN
      SELECT pg_get_triggerdef(g.oid) AS def FROM pg_trigger g WHERE g.tgrelid = t::regclass AND NOT g.tgisinternal
    LOOP
      triggers := triggers || r.def;
    END LOOP;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.conrelid = t::regclass AND c.contype = 'f' AND c.confrelid = 'organization'::regclass
    LOOP
      org_keys := org_keys || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, r.conname, r.def);
    END LOOP;
  END LOOP;

  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('CREATE SEQUENCE %I AS bigint', t || '_id_seq_new');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', t || '_new', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L::regclass)', t || '_new', t || '_id_seq_new');
    EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.id', t || '_id_seq_new', t || '_new');
    PERFORM create_distributed_table(t || '_new', 'county_id', colocate_with => 'member');
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t || '_new', t);
    EXECUTE format('SELECT setval(%L::regclass, coalesce(max(id), 0) + 1, false) FROM %I', t || '_id_seq_new', t);
  END LOOP;
  EXECUTE 'DROP TABLE ' || array_to_string(tabs, ', ') || ' CASCADE';
  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '_new', t);
    EXECUTE format('ALTER SEQUENCE %I RENAME TO %I', t || '_id_seq_new', t || '_id_seq');
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (county_id, id)', t, t || '_pkey');
  END LOOP;
  FOREACH def IN ARRAY indexes LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY org_keys LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY triggers LOOP
    EXECUTE def;
  END LOOP;

  ALTER TABLE deputy ADD CONSTRAINT deputy_term_fk
    FOREIGN KEY (county_id, term_id) REFERENCES organization_term (county_id, id);
  ALTER TABLE contact_log ADD CONSTRAINT contact_log_deputy_fk
    FOREIGN KEY (county_id, deputy_id) REFERENCES deputy (county_id, id);
  ALTER TABLE organization_term ADD CONSTRAINT organization_term_election_instance_fk
    FOREIGN KEY (county_id, election_instance_id) REFERENCES workflow_instance (county_id, id);

  -- A subtree moved to another county: the relocation writes the distributed tables from the coordinator's
  -- trigger (as 0030's member relocation and 0041's workflow relocation do).
  ALTER FUNCTION cadre_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

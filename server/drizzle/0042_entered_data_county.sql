ALTER TABLE "eligible_units" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "school_enrollment" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "youth_population" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19 part 1: the entered data (填报数据: youth_population, school_enrollment, eligible_units) by
-- county (docs/SCALING.md "Entered data by county"). Every engine: county_id, the entering
-- organization's county bucket (organization.county_id — a city, province or national committee is its
-- own bucket), backfilled here, given by every writer (entered-data.repository) and checked by trigger.
-- On Citus (the DO block at the end) the three tables are distributed by it, co-located with member.
UPDATE youth_population t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE school_enrollment t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE eligible_units t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
-- An entry's county is its organization's. PostgreSQL and PGlite: filled when 0 (a writer that does not
-- give it) and corrected when wrong. Citus: refused when not the organization's (the insert was routed
-- by the value given, so filling it would leave the row on another county's shard).
CREATE FUNCTION entered_data_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.organization_id;
  IF county IS NOT NULL AND NEW.county_id IS DISTINCT FROM county THEN
    IF tuanwu_citus() THEN
      RAISE EXCEPTION '% of organization %: county_id % is not its organization''s county % (on Citus the county is given with the write)', TG_TABLE_NAME, NEW.organization_id, NEW.county_id, county
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.county_id := county;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER youth_population_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON youth_population
  FOR EACH ROW EXECUTE FUNCTION entered_data_county_fill();
--> statement-breakpoint
CREATE TRIGGER school_enrollment_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON school_enrollment
  FOR EACH ROW EXECUTE FUNCTION entered_data_county_fill();
--> statement-breakpoint
CREATE TRIGGER eligible_units_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON eligible_units
  FOR EACH ROW EXECUTE FUNCTION entered_data_county_fill();
--> statement-breakpoint
-- Organizations that changed county bucket (a subtree moved to another county) take their entries
-- along on PostgreSQL and PGlite. On Citus the distribution column cannot change in place: such a move
-- of an organization holding entries is refused, with the reason (as a move with members is).
CREATE FUNCTION entered_data_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM entered_data_county_old o JOIN entered_data_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() THEN
    IF EXISTS (SELECT 1 FROM youth_population WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM school_enrollment WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM eligible_units WHERE organization_id = ANY (ids)) THEN
      RAISE EXCEPTION 'an organization with entered data (填报数据) cannot change county on Citus (the distribution column cannot change in place)'
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
  END IF;
  UPDATE youth_population t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE school_enrollment t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE eligible_units t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER entered_data_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS entered_data_county_old NEW TABLE AS entered_data_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION entered_data_county_relocate();
--> statement-breakpoint
-- On Citus: the three tables distributed by county_id, co-located with member, so that an organization's
-- entries are read and replaced on its county's shard (one task) and an indicator inside a county reads
-- them there. 0030 made them Citus local tables, which Citus refuses to distribute with an identity
-- column: each is built anew as 0041 does (a copy of its columns, defaults and checks without the
-- identity, its id from a sequence continuing the old values, distributed, the rows copied, the old table
-- dropped, the new one renamed), primary key (county_id, id), the unique keys with county_id first (an
-- organization has one bucket, so "one entry per organization and year (level, grade, sector)" holds
-- as before). The keys to organization (a reference table) kept; the keys entered_by → app_user (a
-- coordinator table) cannot be held by a distributed table: dropped on Citus (the service writes the
-- acting user; nothing deletes a user). Nothing references these tables.
DO $citus$
DECLARE
  tabs text[] := ARRAY['youth_population', 'school_enrollment', 'eligible_units'];
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
  -- The relocation check reads the distributed tables from the coordinator's trigger on organization.
  ALTER FUNCTION entered_data_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

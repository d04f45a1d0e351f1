ALTER TABLE "eligible_units" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "school_enrollment" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "survey_response" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "youth_population" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19 part 1: the entered data (填报数据: youth_population, school_enrollment, eligible_units) and the
-- surveys (问卷: survey, survey_response) by county (docs/SCALING.md "Entered data and surveys by county").
-- Every engine: county_id — of an entry or a survey its organization's county bucket (organization.county_id:
-- a city, province or national committee is its own bucket), of an answer its survey's — backfilled here,
-- given by every writer (entered-data.repository, surveys.repository, the demo seed) and checked by
-- trigger. On Citus (the DO block at the end) the five tables are distributed by it, co-located with member.
UPDATE youth_population t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE school_enrollment t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE eligible_units t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE survey t SET county_id = o.county_id FROM organization o
 WHERE o.id = t.organization_id AND t.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
UPDATE survey_response r SET county_id = v.county_id FROM survey v
 WHERE v.id = r.survey_id AND r.county_id IS DISTINCT FROM v.county_id;
--> statement-breakpoint
-- An entry's or a survey's county is its organization's. PostgreSQL and PGlite: filled when 0 (a writer that does not
-- give it) and corrected when wrong. Citus: refused when not the organization's (the insert was routed
-- by the value given, so filling it would leave the row on another county's shard).
CREATE FUNCTION organization_row_county_fill() RETURNS trigger
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
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
CREATE TRIGGER school_enrollment_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON school_enrollment
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
CREATE TRIGGER eligible_units_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON eligible_units
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
CREATE TRIGGER survey_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON survey
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
-- An answer's county is its survey's: filled from it on PostgreSQL and PGlite. Not kept on Citus (a
-- trigger on a shard cannot read the distributed survey table): there the writer gives it and the key
-- (county_id, survey_id) → survey (county_id, id) refuses a wrong one.
CREATE FUNCTION survey_response_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT v.county_id INTO county FROM survey v WHERE v.id = NEW.survey_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER survey_response_county_fill BEFORE INSERT OR UPDATE OF survey_id, county_id ON survey_response
  FOR EACH ROW EXECUTE FUNCTION survey_response_county_fill();
--> statement-breakpoint
-- Organizations that changed county bucket (a subtree moved to another county) take their entries,
-- surveys and answers along on PostgreSQL and PGlite. On Citus the distribution column cannot change in
-- place: such a move of an organization holding entries or surveys is refused, with the reason (as a
-- move with members is).
CREATE FUNCTION county_data_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM county_data_old o JOIN county_data_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() THEN
    IF EXISTS (SELECT 1 FROM youth_population WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM school_enrollment WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM eligible_units WHERE organization_id = ANY (ids))
       OR EXISTS (SELECT 1 FROM survey WHERE organization_id = ANY (ids)) THEN
      RAISE EXCEPTION 'an organization with entered data (填报数据) or surveys cannot change county on Citus (the distribution column cannot change in place)'
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
  UPDATE survey t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  UPDATE survey_response r SET county_id = v.county_id FROM survey v
   WHERE v.id = r.survey_id AND v.organization_id = ANY (ids) AND r.county_id <> v.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER county_data_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS county_data_old NEW TABLE AS county_data_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION county_data_relocate();
--> statement-breakpoint
-- On Citus: the five tables distributed by county_id, co-located with member, so that an organization's
-- entries are read and replaced on its county's shard (one task), a survey is edited, opened, closed,
-- answered and tallied there, and an indicator inside a county reads them there. 0030 made them Citus local tables, which Citus refuses to distribute with an identity
-- column: each is built anew as 0041 does (a copy of its columns, defaults and checks without the
-- identity, its id from a sequence continuing the old values, distributed, the rows copied, the old table
-- dropped, the new one renamed), primary key (county_id, id), the unique keys with county_id first (an
-- organization has one bucket, so "one entry per organization and year (level, grade, sector)" holds
-- as before; a survey's public token is unique per county only — 18 random bytes, a collision is not
-- a case — and the one-answer-per-device key (county_id, survey_id, unique_device_key) holds as before).
-- The keys to organization (a reference table) kept; survey_response → survey becomes (county_id,
-- survey_id) → survey (county_id, id); the keys entered_by → app_user (a coordinator table) cannot be
-- held by a distributed table: dropped on Citus (the service writes the acting user; nothing deletes a
-- user). The answer's county fill from its survey is not recreated (above). Nothing else references
-- these tables.
DO $citus$
DECLARE
  tabs text[] := ARRAY['youth_population', 'school_enrollment', 'eligible_units', 'survey', 'survey_response'];
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
      SELECT pg_get_triggerdef(g.oid) AS def FROM pg_trigger g
       WHERE g.tgrelid = t::regclass AND NOT g.tgisinternal AND g.tgfoid <> 'survey_response_county_fill()'::regprocedure
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
  ALTER TABLE survey_response ADD CONSTRAINT survey_response_survey_fk
    FOREIGN KEY (county_id, survey_id) REFERENCES survey (county_id, id);
  -- The relocation check reads the distributed tables from the coordinator's trigger on organization.
  ALTER FUNCTION county_data_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

ALTER TABLE "applicant_prerequisite_record" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "development_application" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_flow" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_transfer" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_item" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_item" ADD COLUMN "instance_county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_instance" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_step" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19: the workflows by county (docs/SCALING.md "Workflows on Citus"). The approval engine
-- (workflow_instance, workflow_step, work_item) and the workflows' own tables (development_application,
-- applicant_prerequisite_record, member_transfer, member_flow) carry county_id: an instance the county of
-- its organization, a step, an application, a transfer the instance's county, a prerequisite record its
-- application's, a flow its outflow branch's, a work item the county of the organization it sits at (a
-- transfer's receiving steps wait in the receiving county, so that a county's inbox is one shard) and
-- its instance's county (instance_county_id). Filled by trigger on PostgreSQL and PGlite (as migration
-- 0030 does for the member family); given with every insert by the repositories. On Citus (the last
-- statement, a DO block doing nothing without the extension) the seven tables are distributed by
-- county_id, co-located with member.

-- An organization-placed row (an instance, a work item, a flow): the county of its organization. On
-- Citus the row was routed by the county given: checked, not filled.
CREATE FUNCTION workflow_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  -- (each branch names only its own table's column: PL/pgSQL resolves NEW's fields when evaluated)
  IF TG_TABLE_NAME = 'member_flow' THEN
    SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.outflow_organization_id;
  ELSE
    SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.organization_id;
  END IF;
  IF NEW.county_id IS DISTINCT FROM county THEN
    IF tuanwu_citus() THEN
      RAISE EXCEPTION '% %: county_id % is not its organization''s county % (on Citus the county is given with the write)', TG_TABLE_NAME, NEW.id, NEW.county_id, county
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.county_id := county;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- A row of an instance (a step, an application, a transfer) or of an application (a prerequisite
-- record): its parent's county; a work item's instance_county_id. On Citus the co-located foreign key
-- (county_id, parent) checks it instead.
CREATE FUNCTION workflow_record_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  IF tuanwu_citus() THEN
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'applicant_prerequisite_record' THEN
    SELECT a.county_id INTO county FROM development_application a WHERE a.id = NEW.application_id;
    NEW.county_id := coalesce(county, NEW.county_id);
  ELSIF TG_TABLE_NAME = 'work_item' THEN
    SELECT i.county_id INTO county FROM workflow_instance i WHERE i.id = NEW.instance_id;
    NEW.instance_county_id := coalesce(county, NEW.instance_county_id);
  ELSE
    SELECT i.county_id INTO county FROM workflow_instance i WHERE i.id = NEW.instance_id;
    NEW.county_id := coalesce(county, NEW.county_id);
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- PostgreSQL and PGlite: organizations that changed county (a subtree moved) take their workflows along,
-- as organization_county_relocate (0030) does for the members. Dropped on Citus (below), where such a
-- move is a maintenance job.
CREATE FUNCTION workflow_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM workflow_county_old o JOIN workflow_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE workflow_instance i SET county_id = o.county_id
    FROM organization o WHERE o.id = i.organization_id AND i.organization_id = ANY (ids) AND i.county_id <> o.county_id;
  UPDATE workflow_step x SET county_id = i.county_id FROM workflow_instance i
   WHERE i.id = x.instance_id AND i.organization_id = ANY (ids) AND x.county_id <> i.county_id;
  UPDATE development_application x SET county_id = i.county_id FROM workflow_instance i
   WHERE i.id = x.instance_id AND i.organization_id = ANY (ids) AND x.county_id <> i.county_id;
  UPDATE member_transfer x SET county_id = i.county_id FROM workflow_instance i
   WHERE i.id = x.instance_id AND i.organization_id = ANY (ids) AND x.county_id <> i.county_id;
  UPDATE applicant_prerequisite_record x SET county_id = a.county_id FROM development_application a
   WHERE a.id = x.application_id AND a.organization_id = ANY (ids) AND x.county_id <> a.county_id;
  UPDATE work_item w SET county_id = o.county_id
    FROM organization o WHERE o.id = w.organization_id AND w.organization_id = ANY (ids) AND w.county_id <> o.county_id;
  UPDATE work_item w SET instance_county_id = i.county_id FROM workflow_instance i
   WHERE i.id = w.instance_id AND i.organization_id = ANY (ids) AND w.instance_county_id <> i.county_id;
  UPDATE member_flow f SET county_id = o.county_id
    FROM organization o WHERE o.id = f.outflow_organization_id AND f.outflow_organization_id = ANY (ids)
     AND f.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Existing rows.
UPDATE workflow_instance i SET county_id = o.county_id FROM organization o WHERE o.id = i.organization_id;
--> statement-breakpoint
UPDATE workflow_step x SET county_id = i.county_id FROM workflow_instance i WHERE i.id = x.instance_id;
--> statement-breakpoint
UPDATE development_application x SET county_id = i.county_id FROM workflow_instance i WHERE i.id = x.instance_id;
--> statement-breakpoint
UPDATE member_transfer x SET county_id = i.county_id FROM workflow_instance i WHERE i.id = x.instance_id;
--> statement-breakpoint
UPDATE applicant_prerequisite_record x SET county_id = a.county_id
  FROM development_application a WHERE a.id = x.application_id;
--> statement-breakpoint
UPDATE work_item w SET county_id = o.county_id FROM organization o WHERE o.id = w.organization_id;
--> statement-breakpoint
UPDATE work_item w SET instance_county_id = i.county_id FROM workflow_instance i WHERE i.id = w.instance_id;
--> statement-breakpoint
UPDATE member_flow f SET county_id = o.county_id FROM organization o WHERE o.id = f.outflow_organization_id;
--> statement-breakpoint
CREATE TRIGGER workflow_instance_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON workflow_instance
  FOR EACH ROW EXECUTE FUNCTION workflow_county_fill();
--> statement-breakpoint
CREATE TRIGGER work_item_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON work_item
  FOR EACH ROW EXECUTE FUNCTION workflow_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_flow_county_fill BEFORE INSERT OR UPDATE OF outflow_organization_id, county_id ON member_flow
  FOR EACH ROW EXECUTE FUNCTION workflow_county_fill();
--> statement-breakpoint
CREATE TRIGGER workflow_step_county_fill BEFORE INSERT OR UPDATE OF instance_id ON workflow_step
  FOR EACH ROW EXECUTE FUNCTION workflow_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER work_item_instance_county_fill BEFORE INSERT OR UPDATE OF instance_id ON work_item
  FOR EACH ROW EXECUTE FUNCTION workflow_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER development_application_county_fill BEFORE INSERT OR UPDATE OF instance_id ON development_application
  FOR EACH ROW EXECUTE FUNCTION workflow_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_transfer_county_fill BEFORE INSERT OR UPDATE OF instance_id ON member_transfer
  FOR EACH ROW EXECUTE FUNCTION workflow_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER applicant_prerequisite_record_county_fill BEFORE INSERT OR UPDATE OF application_id ON applicant_prerequisite_record
  FOR EACH ROW EXECUTE FUNCTION workflow_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER workflow_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS workflow_county_old NEW TABLE AS workflow_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION workflow_county_relocate();
--> statement-breakpoint
CREATE INDEX work_item_county_open_path_idx ON work_item (county_id, organization_path text_pattern_ops, opened_at)
  WHERE closed_at IS NULL;
--> statement-breakpoint
-- On a Citus coordinator (migration 0030 ran there: these tables are Citus local tables): distributed by
-- county_id, co-located with the member family, so that a workflow step in a county is one shard group
-- (one worker, one-phase commit). Primary keys become (county_id, id), unique indexes get county_id
-- first, the keys between them are re-created co-located: (county_id, instance_id) → workflow_instance,
-- (county_id, application_id) → development_application. A work item is placed by the county of its
-- organization, which for a transfer between counties is not its instance's: work_item → workflow_instance
-- is not a key on Citus (the engine writes both in the same transaction). Keys to tables that stay on the
-- coordinator (app_user, admission_quota) or to the member family (a transfer's member leaves the county
-- it was sent from) are dropped, as 0030 did for the coordinator's tables; so are the keys of the
-- coordinator's tables to workflow_instance (organization_term, branch_education_review,
-- party_recommendation, star_rating): a local table cannot reference a distributed one. Nothing runs on
-- PostgreSQL or PGlite.
DO $citus$
DECLARE
  family text[] := ARRAY['workflow_instance', 'workflow_step', 'work_item', 'development_application',
                         'applicant_prerequisite_record', 'member_transfer', 'member_flow'];
  t text;
  r record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  -- Moves of organizations between counties carry no workflow on Citus (refused with members by 0030).
  DROP TRIGGER workflow_county_relocate ON organization;
  -- The parent's county is given by the repositories and checked by the co-located keys below.
  DROP TRIGGER workflow_step_county_fill ON workflow_step;
  DROP TRIGGER work_item_instance_county_fill ON work_item;
  DROP TRIGGER development_application_county_fill ON development_application;
  DROP TRIGGER member_transfer_county_fill ON member_transfer;
  DROP TRIGGER applicant_prerequisite_record_county_fill ON applicant_prerequisite_record;

  FOR r IN
    SELECT c.conrelid::regclass AS tab, c.conname
      FROM pg_constraint c
     WHERE c.contype = 'f'
       AND (c.confrelid::regclass::text = ANY (family) OR c.conrelid::regclass::text = ANY (family))
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tab, r.conname);
  END LOOP;

  FOREACH t IN ARRAY family LOOP
    PERFORM undistribute_table(t);
    FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = t::regclass AND contype = 'p' LOOP
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, r.conname);
    END LOOP;
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (county_id, id)', t);
    FOR r IN
      SELECT i.indexrelid::regclass AS idx, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i
       WHERE i.indrelid = t::regclass AND i.indisunique AND NOT i.indisprimary
    LOOP
      EXECUTE format('DROP INDEX %s', r.idx);
      EXECUTE regexp_replace(r.def, 'USING btree \(', 'USING btree (county_id, ');
    END LOOP;
    PERFORM create_distributed_table(t, 'county_id', colocate_with => 'member');
  END LOOP;

  ALTER TABLE workflow_instance ADD FOREIGN KEY (organization_id) REFERENCES organization (id);
  ALTER TABLE workflow_instance ADD FOREIGN KEY (counterpart_organization_id) REFERENCES organization (id);
  ALTER TABLE work_item ADD FOREIGN KEY (organization_id) REFERENCES organization (id);
  ALTER TABLE development_application ADD FOREIGN KEY (organization_id) REFERENCES organization (id);
  ALTER TABLE member_transfer ADD FOREIGN KEY (from_organization_id) REFERENCES organization (id);
  ALTER TABLE member_transfer ADD FOREIGN KEY (to_organization_id) REFERENCES organization (id);
  ALTER TABLE member_transfer ADD FOREIGN KEY (assigned_branch_id) REFERENCES organization (id);
  ALTER TABLE member_flow ADD FOREIGN KEY (outflow_organization_id) REFERENCES organization (id);
  ALTER TABLE member_flow ADD FOREIGN KEY (inflow_organization_id) REFERENCES organization (id);
  ALTER TABLE workflow_step ADD FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE development_application ADD FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE member_transfer ADD FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE applicant_prerequisite_record ADD FOREIGN KEY (county_id, application_id)
    REFERENCES development_application (county_id, id);
END
$citus$;

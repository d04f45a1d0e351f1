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
-- its instance's county (instance_county_id). Filled by trigger (as migration 0030 does for the member
-- family); given with every insert by the repositories. On Citus the seven tables stay Citus local
-- tables (migration 0030) for now: Citus refuses to distribute a Citus local table with an identity column
-- ("cannot complete operation on a table with identity column"; DROP IDENTITY is not supported on it
-- either), so distributing them needs a copy into new tables — the next step (docs/SCALING.md
-- "Workflows on Citus"). There the organization-placed rows' county is checked, not filled.

-- An organization-placed row (an instance, a work item, a flow): the county of its organization. On
-- Citus the row was routed by the county given: checked, not filled.
CREATE FUNCTION workflow_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  -- (each branch names only its own table's column: PL/pgSQL resolves NEW's fields when evaluated)
  -- (TG_TABLE_NAME is the shard's name on Citus, e.g. member_flow_102345)
  IF TG_TABLE_NAME ~ '^member_flow(_[0-9]+)?$' THEN
    SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.outflow_organization_id;
  ELSE
    SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.organization_id;
  END IF;
  IF NEW.county_id IS DISTINCT FROM county THEN
    -- (0 = fill me, as 0030's convention; a wrong county given is refused on Citus)
    IF tuanwu_citus() AND NEW.county_id <> 0 THEN
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
-- record): its parent's county; a work item's instance_county_id.
CREATE FUNCTION workflow_record_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  -- (TG_TABLE_NAME is the shard's name on Citus, e.g. work_item_102345)
  IF TG_TABLE_NAME ~ '^applicant_prerequisite_record(_[0-9]+)?$' THEN
    SELECT a.county_id INTO county FROM development_application a WHERE a.id = NEW.application_id;
    NEW.county_id := coalesce(county, NEW.county_id);
  ELSIF TG_TABLE_NAME ~ '^work_item(_[0-9]+)?$' THEN
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
-- Organizations that changed county (a subtree moved) take their workflows along, as
-- organization_county_relocate (0030) does for the members.
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
-- Citus: a trigger on a reference table (organization) needs citus.enable_unsafe_triggers, which
-- migration 0030 sets with SET LOCAL; a cluster upgraded from 0038 runs this migration in a transaction
-- of its own, without it (as 0033): set it again, for this transaction only.
DO $citus$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    SET LOCAL citus.enable_unsafe_triggers = on;
  END IF;
END
$citus$;
--> statement-breakpoint
CREATE TRIGGER workflow_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS workflow_county_old NEW TABLE AS workflow_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION workflow_county_relocate();
--> statement-breakpoint
CREATE INDEX work_item_county_open_path_idx ON work_item (county_id, organization_path text_pattern_ops, opened_at)
  WHERE closed_at IS NULL;

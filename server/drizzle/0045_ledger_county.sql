DROP INDEX "evaluation_score_item_task_key";--> statement-breakpoint
ALTER TABLE "evaluation_score" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_attachment" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_close_out" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_level_target" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_phase" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_progress_report" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_supervision" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_target" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_task" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_unit" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_score_item_task_key" ON "evaluation_score" USING btree ("county_id","item_id","task_id");--> statement-breakpoint
-- Issue 19: the reform ledger by county (docs/SCALING.md "The ledger on Citus"). Every table of the
-- ledger but the evaluation rounds carries county_id: a plan the county bucket of its organization
-- (organization.county_id; a city's or province's plan sits in that committee's own bucket), a phase,
-- a task, a plan-level target and a unit their plan's, a target, a progress report, a close-out, an
-- attachment, a supervision record and an evaluation score their task's. Filled by trigger on
-- PostgreSQL and PGlite; given with every insert by the repositories (on Citus the insert is routed by
-- it, and there the plan's county is checked, not filled, and the fill of a record from its parent is
-- not kept — it would read another distributed table from a shard).

-- A plan: the county of its organization. On Citus the row was routed by the county given: checked.
CREATE FUNCTION ledger_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT o.county_id INTO county FROM organization o WHERE o.id = NEW.organization_id;
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
-- A record of a plan (phase, task, plan-level target, unit) or of a task (target, report, close-out,
-- attachment, supervision, score): its parent's county.
CREATE FUNCTION ledger_record_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  -- (TG_TABLE_NAME is the shard's name on Citus, e.g. plan_phase_102345)
  IF TG_TABLE_NAME ~ '^(plan_phase|plan_task|plan_level_target|plan_unit)(_[0-9]+)?$' THEN
    SELECT p.county_id INTO county FROM plan p WHERE p.id = NEW.plan_id;
  ELSE
    SELECT t.county_id INTO county FROM plan_task t WHERE t.id = NEW.task_id;
  END IF;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Organizations that changed county (a subtree moved) take their plans along, as
-- workflow_county_relocate (0039) does for the workflows.
CREATE FUNCTION ledger_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
  plans int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM ledger_county_old o JOIN ledger_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(p.id) INTO plans FROM plan p WHERE p.organization_id = ANY (ids);
  IF plans IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE plan p SET county_id = o.county_id
    FROM organization o WHERE o.id = p.organization_id AND p.id = ANY (plans) AND p.county_id <> o.county_id;
  UPDATE plan_phase x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id AND p.id = ANY (plans);
  UPDATE plan_task x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id AND p.id = ANY (plans);
  UPDATE plan_level_target x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id AND p.id = ANY (plans);
  UPDATE plan_unit x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id AND p.id = ANY (plans);
  UPDATE plan_target x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id AND t.plan_id = ANY (plans);
  UPDATE plan_progress_report x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id AND t.plan_id = ANY (plans);
  UPDATE plan_close_out x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id AND t.plan_id = ANY (plans);
  UPDATE plan_attachment x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id AND t.plan_id = ANY (plans);
  UPDATE plan_supervision x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id AND t.plan_id = ANY (plans);
  UPDATE evaluation_score x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id AND t.plan_id = ANY (plans);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Existing rows.
UPDATE plan p SET county_id = o.county_id FROM organization o WHERE o.id = p.organization_id;
--> statement-breakpoint
UPDATE plan_phase x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id;
--> statement-breakpoint
UPDATE plan_task x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id;
--> statement-breakpoint
UPDATE plan_level_target x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id;
--> statement-breakpoint
UPDATE plan_unit x SET county_id = p.county_id FROM plan p WHERE p.id = x.plan_id;
--> statement-breakpoint
UPDATE plan_target x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id;
--> statement-breakpoint
UPDATE plan_progress_report x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id;
--> statement-breakpoint
UPDATE plan_close_out x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id;
--> statement-breakpoint
UPDATE plan_attachment x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id;
--> statement-breakpoint
UPDATE plan_supervision x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id;
--> statement-breakpoint
UPDATE evaluation_score x SET county_id = t.county_id FROM plan_task t WHERE t.id = x.task_id;
--> statement-breakpoint
CREATE TRIGGER plan_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON plan
  FOR EACH ROW EXECUTE FUNCTION ledger_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_phase_county_fill BEFORE INSERT OR UPDATE OF plan_id ON plan_phase
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_task_county_fill BEFORE INSERT OR UPDATE OF plan_id ON plan_task
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_level_target_county_fill BEFORE INSERT OR UPDATE OF plan_id ON plan_level_target
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_unit_county_fill BEFORE INSERT OR UPDATE OF plan_id ON plan_unit
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_target_county_fill BEFORE INSERT OR UPDATE OF task_id ON plan_target
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_progress_report_county_fill BEFORE INSERT OR UPDATE OF task_id ON plan_progress_report
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_close_out_county_fill BEFORE INSERT OR UPDATE OF task_id ON plan_close_out
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_attachment_county_fill BEFORE INSERT OR UPDATE OF task_id ON plan_attachment
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER plan_supervision_county_fill BEFORE INSERT OR UPDATE OF task_id ON plan_supervision
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER evaluation_score_county_fill BEFORE INSERT OR UPDATE OF task_id ON evaluation_score
  FOR EACH ROW EXECUTE FUNCTION ledger_record_county_fill();
--> statement-breakpoint
-- Citus: a trigger on a reference table (organization) needs citus.enable_unsafe_triggers (as 0039).
DO $citus$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    SET LOCAL citus.enable_unsafe_triggers = on;
  END IF;
END
$citus$;
--> statement-breakpoint
CREATE TRIGGER ledger_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS ledger_county_old NEW TABLE AS ledger_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION ledger_county_relocate();
--> statement-breakpoint
-- Citus only: the ledger distributed by county, co-located with member (one shard group per county),
-- as migration 0041 does for the workflows. Citus refuses to distribute a Citus local table with an
-- identity column, so each table is built anew: a copy of its columns, defaults and checks without the
-- identity, its id from a sequence continuing the old values, the rows copied, the old table dropped
-- and the new one renamed; primary key (county_id, id); unique indexes with county_id first
-- (plan_phase_position_key, plan_task_number_key, plan_level_target_position_key, plan_unit_name_key,
-- plan_close_out_open_key, evaluation_score_item_task_key: all per plan or task, so per county); the keys
-- between the ledger's tables as (county_id, plan_id) / (county_id, task_id) / (county_id, …_report_id).
-- The evaluation round and its scoring sheet (evaluation_round, evaluation_item: configuration written
-- rarely, by the committee that evaluates, often above the county, and read with every county's scores)
-- become reference tables. Keys to the coordinator's app_user (imported_by, reported_by, submitted_by,
-- reviewed_by, reopened_by, uploaded_by, recorded_by, created_by, evaluator_id) cannot exist from a
-- distributed or reference table to a Citus local table: dropped here (the services write the acting
-- user's id; nothing deletes a user). The keys to organization (a reference table) are kept.
DO $citus$
DECLARE
  distributed text[] := ARRAY['plan', 'plan_phase', 'plan_task', 'plan_target', 'plan_level_target', 'plan_unit',
    'plan_progress_report', 'plan_close_out', 'plan_attachment', 'plan_supervision', 'evaluation_score'];
  reference text[] := ARRAY['evaluation_round', 'evaluation_item'];
  tabs text[] := reference || distributed;
  t text;
  r record;
  indexes text[] := '{}';
  triggers text[] := '{}';
  keys text[] := '{}';
  def text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  -- What to recreate: the indexes (unique ones of a distributed table with county_id first, the primary
  -- key apart), the plan's county check, the keys to organization and to the reference tables.
  FOREACH t IN ARRAY tabs LOOP
    FOR r IN
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS is_unique
        FROM pg_index i WHERE i.indrelid = t::regclass AND NOT i.indisprimary
    LOOP
      indexes := indexes || CASE WHEN r.is_unique AND t = ANY (distributed) AND r.def !~ 'USING btree \(county_id'
        THEN regexp_replace(r.def, 'USING btree \(', 'USING btree (county_id, ') ELSE r.def END;
    END LOOP;
    FOR r IN
      SELECT pg_get_triggerdef(g.oid) AS def FROM pg_trigger g
       WHERE g.tgrelid = t::regclass AND NOT g.tgisinternal AND g.tgfoid = 'ledger_county_fill()'::regprocedure
    LOOP
      triggers := triggers || r.def;
    END LOOP;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.conrelid = t::regclass AND c.contype = 'f'
         AND c.confrelid IN ('organization'::regclass, 'evaluation_round'::regclass, 'evaluation_item'::regclass)
    LOOP
      keys := keys || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, r.conname, r.def);
    END LOOP;
  END LOOP;

  -- The new tables, reference ones first (the distributed ones' keys point at them), with the rows.
  FOREACH t IN ARRAY tabs LOOP
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
  -- The old tables at once, with the keys from and to them (one statement, as 0041).
  EXECUTE 'DROP TABLE ' || array_to_string(tabs, ', ') || ' CASCADE';
  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '_new', t);
    EXECUTE format('ALTER SEQUENCE %I RENAME TO %I', t || '_id_seq_new', t || '_id_seq');
    IF t = ANY (reference) THEN
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (id)', t, t || '_pkey');
    ELSE
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (county_id, id)', t, t || '_pkey');
      -- (a row looked up by its id alone, to learn its county: db/county.ts countyOfLedgerRecord)
      EXECUTE format('CREATE INDEX %I ON %I (id)', t || '_id_idx', t);
    END IF;
  END LOOP;
  FOREACH def IN ARRAY indexes LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY keys LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY triggers LOOP
    EXECUTE def;
  END LOOP;

  -- The keys between the co-located tables.
  ALTER TABLE plan_phase ADD CONSTRAINT plan_phase_plan_fk FOREIGN KEY (county_id, plan_id) REFERENCES plan (county_id, id);
  ALTER TABLE plan_task ADD CONSTRAINT plan_task_plan_fk FOREIGN KEY (county_id, plan_id) REFERENCES plan (county_id, id);
  ALTER TABLE plan_level_target ADD CONSTRAINT plan_level_target_plan_fk
    FOREIGN KEY (county_id, plan_id) REFERENCES plan (county_id, id);
  ALTER TABLE plan_unit ADD CONSTRAINT plan_unit_plan_fk FOREIGN KEY (county_id, plan_id) REFERENCES plan (county_id, id);
  ALTER TABLE plan_target ADD CONSTRAINT plan_target_task_fk
    FOREIGN KEY (county_id, task_id) REFERENCES plan_task (county_id, id);
  ALTER TABLE plan_progress_report ADD CONSTRAINT plan_progress_report_task_fk
    FOREIGN KEY (county_id, task_id) REFERENCES plan_task (county_id, id);
  ALTER TABLE plan_close_out ADD CONSTRAINT plan_close_out_task_fk
    FOREIGN KEY (county_id, task_id) REFERENCES plan_task (county_id, id);
  ALTER TABLE plan_attachment ADD CONSTRAINT plan_attachment_task_fk
    FOREIGN KEY (county_id, task_id) REFERENCES plan_task (county_id, id);
  ALTER TABLE plan_attachment ADD CONSTRAINT plan_attachment_progress_report_fk
    FOREIGN KEY (county_id, progress_report_id) REFERENCES plan_progress_report (county_id, id);
  ALTER TABLE plan_attachment ADD CONSTRAINT plan_attachment_close_out_fk
    FOREIGN KEY (county_id, close_out_id) REFERENCES plan_close_out (county_id, id);
  ALTER TABLE plan_supervision ADD CONSTRAINT plan_supervision_task_fk
    FOREIGN KEY (county_id, task_id) REFERENCES plan_task (county_id, id);
  ALTER TABLE evaluation_score ADD CONSTRAINT evaluation_score_task_fk
    FOREIGN KEY (county_id, task_id) REFERENCES plan_task (county_id, id);

  -- A subtree moved to another county: the relocation writes the distributed tables from the
  -- coordinator's trigger (as 0041 for the workflows).
  ALTER FUNCTION ledger_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

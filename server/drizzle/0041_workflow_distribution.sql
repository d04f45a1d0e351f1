-- Issue 19: the workflow tables distributed by county on Citus (docs/SCALING.md "Workflows on Citus").
-- Nothing changes on PostgreSQL and PGlite (the DO block returns at once without the extension).
--
-- On Citus the approval engine (workflow_instance, workflow_step, work_item) and the workflows' own tables
-- (development_application, applicant_prerequisite_record, member_transfer, member_flow) were Citus local
-- tables on the coordinator (migration 0030), so a workflow step was a transaction over the coordinator
-- and the county's worker. Citus refuses to distribute a Citus local table with an identity column
-- ("cannot complete operation on a table with identity column"; DROP IDENTITY is refused on it too), so
-- each table is built anew:
-- - a copy of its columns, defaults and check constraints without the identity (CREATE TABLE … LIKE),
--   its id from a sequence continuing the old values: on Citus the coordinator evaluates nextval for
--   every insert it routes (every insert of the application goes through it), and a bigint sequence
--   used on a worker draws from that node's own range (group id << 48), so ids stay unique in the cluster;
-- - distributed by county_id, co-located with member (one shard group per county); work_item by its
--   own county_id — the county of the organization the item sits at — so a county's to-do list is one
--   shard (an item of a transfer between counties sits in another county than its instance);
-- - the rows copied, the old table dropped, the new one renamed;
-- - primary key (county_id, id); the unique indexes with county_id first (a unique index must contain
--   the distribution column): member_transfer_open_member_key (a transfer lives in its member's county),
--   the letter keys (the outgoing number embeds the transfer id, unique in the cluster; an incoming
--   letter's number is unique per issuer and county only), development_application_member_number_key
--   (the member number's national uniqueness is member_number_registry's, migration 0036),
--   work_item_open_instance_key (per county of the item; one open item per instance is kept by the
--   instance's version lock, which every step takes), workflow_step_instance_sequence_key;
-- - the keys (county_id, instance_id) → workflow_instance (steps, applications, transfers) and
--   (county_id, application_id) → development_application; not work_item → workflow_instance (an item
--   can sit in another county); the keys to organization (a reference table) kept. Keys to the
--   coordinator's tables (app_user, admission_quota) and from them (organization_term, star_rating,
--   branch_education_review, party_recommendation → workflow_instance) cannot exist between a
--   distributed table and a Citus local table: dropped here; the services write those ids in the same
--   transaction as the instance (and nothing deletes an instance, a user or a quota).
-- - the county fill triggers of organization-placed rows (a check on Citus: they read only the reference
--   table organization); the fill of a record from its parent (workflow_record_county_fill) would read
--   another distributed table from a shard: not recreated — the repositories give the county and the
--   (county_id, instance_id) keys refuse a wrong one.
DO $citus$
DECLARE
  tabs text[] := ARRAY['workflow_instance', 'workflow_step', 'work_item', 'development_application',
    'applicant_prerequisite_record', 'member_transfer', 'member_flow'];
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

  -- What to recreate: the indexes (unique ones with county_id first, the primary key apart), the
  -- triggers but the record fill, the keys to organization.
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
       WHERE g.tgrelid = t::regclass AND NOT g.tgisinternal AND g.tgfoid <> 'workflow_record_county_fill()'::regprocedure
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

  -- The new tables, distributed, with the rows.
  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('CREATE SEQUENCE %I AS bigint', t || '_id_seq_new');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', t || '_new', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L::regclass)', t || '_new', t || '_id_seq_new');
    -- (owned by the column before Citus takes the sequence: it refuses ALTER SEQUENCE on it after)
    EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.id', t || '_id_seq_new', t || '_new');
    PERFORM create_distributed_table(t || '_new', 'county_id', colocate_with => 'member');
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t || '_new', t);
    EXECUTE format('SELECT setval(%L::regclass, coalesce(max(id), 0) + 1, false) FROM %I', t || '_id_seq_new', t);
  END LOOP;
  -- The old tables at once, with the keys from and to them (the coordinator's tables' keys to
  -- workflow_instance go with them). One statement: dropping a key between two Citus local tables alone
  -- makes Citus undistribute the one left without a key to the reference table, which it refuses for a
  -- table with an identity column.
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

  -- The keys between the co-located tables.
  ALTER TABLE workflow_step ADD CONSTRAINT workflow_step_instance_fk
    FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE development_application ADD CONSTRAINT development_application_instance_fk
    FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE member_transfer ADD CONSTRAINT member_transfer_instance_fk
    FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE applicant_prerequisite_record ADD CONSTRAINT applicant_prerequisite_record_application_fk
    FOREIGN KEY (county_id, application_id) REFERENCES development_application (county_id, id);

  -- A subtree moved to another county: the relocation of its workflows writes the distributed tables
  -- from the coordinator's trigger (as 0030's member relocation does).
  ALTER FUNCTION workflow_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;

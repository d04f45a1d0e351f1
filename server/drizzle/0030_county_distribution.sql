ALTER TABLE "member" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_attachment" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_award" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_correction_request" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_count_delta" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_event" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_history" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_status_request" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19: the county as the distribution column (docs/SCALING.md "What runs on Citus now").
-- Every engine: organization.county_id is the county-level ancestor-or-self (the topmost organization
-- of level 'county' on the path; without one, the deepest committee above the county: the organization
-- itself for a city, province or national committee); the member family (member, member_history,
-- member_event, member_attachment, member_award, member_correction_request, member_status_request) and
-- member_count_delta carry their member's county. Triggers fill it on PostgreSQL and PGlite (0 = to be
-- filled); on Citus the application gives it (a distributed insert is routed by it) and the triggers
-- check it. The last statement distributes the member family when the citus extension is present.

-- true on a Citus coordinator once this migration distributed the member family (replaced below).
CREATE FUNCTION tuanwu_citus() RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT false $$;
--> statement-breakpoint
-- true inside a placement of a Citus reference table on a worker (a statement trigger on such a table
-- fires once per placement: its side effects run on the coordinator's placement only). Replaced below.
CREATE FUNCTION tuanwu_replica() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT false $$;
--> statement-breakpoint
CREATE FUNCTION organization_county_of(org_id int, org_level text, org_depth int, org_path text) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT c.id FROM (
      SELECT a.id, a.level, a.depth FROM organization a
       WHERE a.id = ANY (string_to_array(rtrim(org_path, '/'), '/')::int[]) AND a.id <> org_id
      UNION ALL SELECT org_id, org_level, org_depth
    ) AS c
     WHERE c.level IN ('national', 'province', 'city', 'county')
     ORDER BY c.level = 'county' DESC, CASE WHEN c.level = 'county' THEN c.depth ELSE -c.depth END
     LIMIT 1), org_id)
$$;
--> statement-breakpoint
CREATE FUNCTION organization_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.county_id := organization_county_of(NEW.id, NEW.level, NEW.depth, NEW.path);
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- A moved subtree that changes county takes its members, their records and pending deltas along. On
-- Citus the distribution column cannot change in place: such a move is refused (a maintenance job).
CREATE FUNCTION organization_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM organization_county_old o JOIN organization_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() AND EXISTS (SELECT 1 FROM member m WHERE m.organization_id = ANY (ids)) THEN
    RAISE EXCEPTION 'moving organizations % to another county would move their members between Citus shards: not an online operation on Citus (docs/SCALING.md)', ids
      USING ERRCODE = 'feature_not_supported';
  END IF;
  UPDATE member m SET county_id = o.county_id
    FROM organization o WHERE o.id = m.organization_id AND m.organization_id = ANY (ids) AND m.county_id <> o.county_id;
  UPDATE member_history x SET county_id = m.county_id FROM member m
   WHERE m.id = x.member_id AND m.organization_id = ANY (ids) AND x.county_id <> m.county_id;
  UPDATE member_event x SET county_id = m.county_id FROM member m
   WHERE m.id = x.member_id AND m.organization_id = ANY (ids) AND x.county_id <> m.county_id;
  UPDATE member_attachment x SET county_id = m.county_id FROM member m
   WHERE m.id = x.member_id AND m.organization_id = ANY (ids) AND x.county_id <> m.county_id;
  UPDATE member_award x SET county_id = m.county_id FROM member m
   WHERE m.id = x.member_id AND m.organization_id = ANY (ids) AND x.county_id <> m.county_id;
  UPDATE member_correction_request x SET county_id = m.county_id FROM member m
   WHERE m.id = x.member_id AND m.organization_id = ANY (ids) AND x.county_id <> m.county_id;
  UPDATE member_status_request x SET county_id = m.county_id FROM member m
   WHERE m.id = x.member_id AND m.organization_id = ANY (ids) AND x.county_id <> m.county_id;
  UPDATE member_count_delta x SET county_id = o.county_id
    FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- member: its branch's county. On Citus the row was routed by the county_id given: check it.
CREATE FUNCTION member_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int := (SELECT o.county_id FROM organization o WHERE o.id = NEW.organization_id);
BEGIN
  IF NEW.county_id IS DISTINCT FROM county THEN
    IF tuanwu_citus() THEN
      RAISE EXCEPTION 'member %: county_id % is not its branch''s county % (on Citus the county is given with the write; a move to another county is a transfer)', NEW.id, NEW.county_id, county
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.county_id := county;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- A member's records: the member's county (read co-located on Citus, where it is only checked).
CREATE FUNCTION member_record_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  IF tuanwu_citus() THEN
    IF NOT EXISTS (SELECT 1 FROM member m WHERE m.county_id = NEW.county_id AND m.id = NEW.member_id) THEN
      RAISE EXCEPTION '%: member % is not in county % (on Citus the county is given with the write)', TG_TABLE_NAME, NEW.member_id, NEW.county_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT m.county_id INTO county FROM member m WHERE m.id = NEW.member_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- The capture of migration 0029 (0006 with the completeness flag) with the member's county on each delta
-- (co-located on Citus).
CREATE OR REPLACE FUNCTION member_count_capture() RETURNS trigger
LANGUAGE plpgsql SET enable_nestloop = off SET jit = off AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO member_count_delta
      (county_id, organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT n.county_id, n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
           n.ethnicity, n.is_cadre, member_record_complete(n), 1
      FROM member_count_new n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO member_count_delta
      (county_id, organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT o.county_id, o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
           o.ethnicity, o.is_cadre, member_record_complete(o), -1
      FROM member_count_old o;
  ELSE
    INSERT INTO member_count_delta
      (county_id, organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT v.county_id, v.organization_id, v.status, v.sex, v.birth_month, v.occupation, v.education, v.ethnicity,
           v.is_cadre, v.complete, v.delta
      FROM member_count_old o
      JOIN member_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (o.county_id, o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
         o.ethnicity, o.is_cadre, member_record_complete(o), -1),
        (n.county_id, n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
         n.ethnicity, n.is_cadre, member_record_complete(n), 1)
      ) AS v (county_id, organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
     WHERE (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
            o.ethnicity, o.is_cadre, member_record_complete(o))
           IS DISTINCT FROM
           (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
            n.ethnicity, n.is_cadre, member_record_complete(n));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Existing rows.
UPDATE organization SET county_id = organization_county_of(id, level, depth, path);
--> statement-breakpoint
ALTER TABLE member DISABLE TRIGGER USER;
--> statement-breakpoint
UPDATE member m SET county_id = o.county_id FROM organization o WHERE o.id = m.organization_id;
--> statement-breakpoint
ALTER TABLE member ENABLE TRIGGER USER;
--> statement-breakpoint
UPDATE member_history x SET county_id = m.county_id FROM member m WHERE m.id = x.member_id;
--> statement-breakpoint
UPDATE member_event x SET county_id = m.county_id FROM member m WHERE m.id = x.member_id;
--> statement-breakpoint
UPDATE member_attachment x SET county_id = m.county_id FROM member m WHERE m.id = x.member_id;
--> statement-breakpoint
UPDATE member_award x SET county_id = m.county_id FROM member m WHERE m.id = x.member_id;
--> statement-breakpoint
UPDATE member_correction_request x SET county_id = m.county_id FROM member m WHERE m.id = x.member_id;
--> statement-breakpoint
UPDATE member_status_request x SET county_id = m.county_id FROM member m WHERE m.id = x.member_id;
--> statement-breakpoint
UPDATE member_count_delta x SET county_id = o.county_id FROM organization o WHERE o.id = x.organization_id;
--> statement-breakpoint
CREATE TRIGGER organization_county_fill BEFORE INSERT OR UPDATE OF path, level, depth ON organization
  FOR EACH ROW EXECUTE FUNCTION organization_county_fill();
--> statement-breakpoint
CREATE TRIGGER organization_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS organization_county_old NEW TABLE AS organization_county_new
  FOR EACH STATEMENT EXECUTE FUNCTION organization_county_relocate();
--> statement-breakpoint
CREATE TRIGGER member_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON member
  FOR EACH ROW EXECUTE FUNCTION member_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_history_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_history
  FOR EACH ROW EXECUTE FUNCTION member_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_event_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_event
  FOR EACH ROW EXECUTE FUNCTION member_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_attachment_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_attachment
  FOR EACH ROW EXECUTE FUNCTION member_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_award_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_award
  FOR EACH ROW EXECUTE FUNCTION member_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_correction_request_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_correction_request
  FOR EACH ROW EXECUTE FUNCTION member_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER member_status_request_county_fill BEFORE INSERT OR UPDATE OF member_id ON member_status_request
  FOR EACH ROW EXECUTE FUNCTION member_record_county_fill();
--> statement-breakpoint
CREATE INDEX member_county_organization_idx ON member (county_id, organization_id);
--> statement-breakpoint
-- On a Citus coordinator (the citus extension present): the organization tree becomes a reference table
-- (a copy on every node, read locally by the member family's joins and triggers), the member family and
-- member_count_delta are distributed by county_id, co-located (a county's rows of all eight tables live
-- in one shard group: a county-scoped transaction is single-shard). Every other table stays on the
-- coordinator as a Citus local table (joined to the distributed ones by Citus's recursive planning):
-- docs/SCALING.md "What runs on Citus now" lists them and why. Nothing runs on PostgreSQL or PGlite.
DO $citus$
DECLARE
  family text[] := ARRAY['member', 'member_history', 'member_event', 'member_attachment', 'member_award',
                         'member_correction_request', 'member_status_request', 'member_count_delta'];
  t text;
  r record;
  missing text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  -- Every worker must have the extension in this database, or the distribution fails half-way.
  SELECT string_agg(format('%s:%s (%s)', w.nodename, w.nodeport, coalesce(nullif(w.result, ''), 'no citus extension')), ', ')
    INTO missing
    FROM run_command_on_workers($$SELECT extversion FROM pg_extension WHERE extname = 'citus'$$) AS w
   WHERE NOT w.success OR coalesce(w.result, '') = '';
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'tuanwu: the citus extension is missing or unreachable on worker(s) % of database %: create it there (create extension citus) and run the migration again',
      missing, current_database() USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0 AND isactive) THEN
    RAISE EXCEPTION 'tuanwu: no active Citus worker is registered in database % (select citus_add_node(host, port) on the coordinator)',
      current_database() USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  EXECUTE $f$CREATE OR REPLACE FUNCTION tuanwu_citus() RETURNS boolean LANGUAGE sql IMMUTABLE AS $b$ SELECT true $b$$f$;
  EXECUTE $f$CREATE OR REPLACE FUNCTION tuanwu_replica() RETURNS boolean LANGUAGE sql STABLE AS
    $b$ SELECT groupid <> 0 FROM pg_dist_local_group $b$$f$;

  -- Foreign keys Citus cannot keep: from tables that stay on the coordinator to the member family (a
  -- local table cannot reference a distributed one); the family's own, rewritten below with county_id.
  FOR r IN
    SELECT c.conrelid::regclass AS tab, c.conname
      FROM pg_constraint c
     WHERE c.contype = 'f'
       AND (c.confrelid::regclass::text = ANY (family) OR c.conrelid::regclass::text = ANY (family))
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tab, r.conname);
  END LOOP;

  -- Primary keys and unique indexes include the distribution column (Citus enforces a unique index
  -- only within a shard). Citizen ID and member number become unique per county: see SCALING.md.
  FOREACH t IN ARRAY family LOOP
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
  END LOOP;

  FOREACH t IN ARRAY family LOOP
    IF t = 'member' THEN
      PERFORM create_distributed_table('member', 'county_id');
    ELSE
      PERFORM create_distributed_table(t, 'county_id', colocate_with => 'member');
    END IF;
  END LOOP;

  -- Statement triggers of organization fire once per placement: their effects run on the
  -- coordinator's placement only (the WHEN condition), which writes the coordinator's tables.
  FOR r IN
    SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger
     WHERE tgrelid = 'organization'::regclass AND NOT tgisinternal AND (tgtype & 1) = 0
  LOOP
    EXECUTE format('DROP TRIGGER %I ON organization', r.tgname);
    EXECUTE replace(r.def, ' EXECUTE FUNCTION ', ' WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION ');
  END LOOP;
  PERFORM create_reference_table('organization');

  -- Functions the member triggers call on the workers' shards that Citus does not find as dependencies
  -- (they are called from PL/pgSQL bodies): 信息完整率's rule of migration 0029.
  PERFORM create_distributed_function('member_field_present(text)');
  PERFORM create_distributed_function('member_record_complete(member)');

  -- The family's keys, now co-located.
  ALTER TABLE member ADD FOREIGN KEY (organization_id) REFERENCES organization (id);
  ALTER TABLE member_history ADD FOREIGN KEY (organization_id) REFERENCES organization (id);
  ALTER TABLE member_status_request ADD FOREIGN KEY (target_organization_id) REFERENCES organization (id);
  ALTER TABLE member_history ADD FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_event ADD FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_attachment ADD FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_award ADD FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_award ADD FOREIGN KEY (county_id, attachment_id) REFERENCES member_attachment (county_id, id);
  ALTER TABLE member_correction_request ADD FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);
  ALTER TABLE member_status_request ADD FOREIGN KEY (county_id, member_id) REFERENCES member (county_id, id);

  -- Triggers of the tables left on the coordinator that read or write the member family (cadre fields
  -- on member, organizational-life refreshes reading members): nested distributed execution from the
  -- coordinator runs in the coordinator's own distributed transaction.
  FOR r IN
    SELECT DISTINCT p.oid::regprocedure AS fn
      FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
     WHERE NOT g.tgisinternal AND NOT (g.tgrelid::regclass::text = ANY (family))
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET citus.allow_nested_distributed_execution = on', r.fn);
  END LOOP;
  -- Every other table joins Citus's metadata as a Citus local table (it stays on the coordinator; Citus
  -- joins it to the distributed tables by recursive planning, and its triggers run on the coordinator).
  FOR r IN
    SELECT c.oid::regclass AS tab FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
       AND c.relname <> '__drizzle_migrations'
  LOOP
    PERFORM citus_add_local_table_to_metadata(r.tab::text);
  END LOOP;

  -- The counter capture on member's shards: a transition table cannot feed an INSERT Citus plans (the
  -- named tuplestore is not passed on), so the changed rows go through a jsonb array; each delta
  -- carries the member's county, so the insert lands in the co-located shard of the same node.
  EXECUTE $capture$CREATE OR REPLACE FUNCTION member_count_capture() RETURNS trigger
LANGUAGE plpgsql SET enable_nestloop = off SET jit = off AS $body$
DECLARE
  changed jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('county_id', n.county_id, 'organization_id', n.organization_id,
             'status', n.status, 'sex', n.sex, 'birth_month', to_char(n.birth_date, 'YYYY-MM'),
             'occupation', n.occupation, 'education', n.education, 'ethnicity', n.ethnicity,
             'is_cadre', n.is_cadre, 'complete', member_record_complete(n), 'delta', 1))
      INTO changed FROM member_count_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(jsonb_build_object('county_id', o.county_id, 'organization_id', o.organization_id,
             'status', o.status, 'sex', o.sex, 'birth_month', to_char(o.birth_date, 'YYYY-MM'),
             'occupation', o.occupation, 'education', o.education, 'ethnicity', o.ethnicity,
             'is_cadre', o.is_cadre, 'complete', member_record_complete(o), 'delta', -1))
      INTO changed FROM member_count_old o;
  ELSE
    SELECT jsonb_agg(v.item) INTO changed
      FROM member_count_old o
      JOIN member_count_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (jsonb_build_object('county_id', o.county_id, 'organization_id', o.organization_id,
           'status', o.status, 'sex', o.sex, 'birth_month', to_char(o.birth_date, 'YYYY-MM'),
           'occupation', o.occupation, 'education', o.education, 'ethnicity', o.ethnicity,
           'is_cadre', o.is_cadre, 'complete', member_record_complete(o), 'delta', -1)),
        (jsonb_build_object('county_id', n.county_id, 'organization_id', n.organization_id,
           'status', n.status, 'sex', n.sex, 'birth_month', to_char(n.birth_date, 'YYYY-MM'),
           'occupation', n.occupation, 'education', n.education, 'ethnicity', n.ethnicity,
           'is_cadre', n.is_cadre, 'complete', member_record_complete(n), 'delta', 1))
      ) AS v (item)
     WHERE (o.organization_id, o.status, o.sex, to_char(o.birth_date, 'YYYY-MM'), o.occupation, o.education,
            o.ethnicity, o.is_cadre, member_record_complete(o))
           IS DISTINCT FROM
           (n.organization_id, n.status, n.sex, to_char(n.birth_date, 'YYYY-MM'), n.occupation, n.education,
            n.ethnicity, n.is_cadre, member_record_complete(n));
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO member_count_delta
      (county_id, organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete, delta)
    SELECT * FROM jsonb_to_recordset(changed) AS r (county_id int, organization_id int, status text, sex text,
      birth_month text, occupation text, education text, ethnicity text, is_cadre boolean, complete boolean,
      delta smallint);
  END IF;
  RETURN NULL;
END
$body$$capture$;

  -- Organizational-life counters (migrations 0026–0027) refreshed from member writes run on the member's
  -- shard and would write org_life_count, a table of the coordinator: not possible from a worker. Not
  -- yet on Citus (docs/SCALING.md "What runs on Citus now"): the member side of that upkeep is dropped.
  DROP TRIGGER org_life_count_member_insert ON member;
  DROP TRIGGER org_life_count_member_update ON member;
  DROP TRIGGER org_life_count_member_delete ON member;

  -- SQL-language functions with parameters that read a table (now all in Citus's metadata) cannot be
  -- planned by Citus ("parameterized queries for SQL functions referencing distributed tables"): the same
  -- statement as a PL/pgSQL function (column names win over the output parameters' names).
  FOR r IN
    SELECT p.oid::regprocedure AS fn, p.proname, pg_get_function_arguments(p.oid) AS args,
           pg_get_function_result(p.oid) AS result, p.proretset, p.prorettype = 'void'::regtype AS is_void,
           p.provolatile, regexp_replace(p.prosrc, ';\s*$', '') AS body
      FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
     WHERE l.lanname = 'sql' AND p.pronamespace = 'public'::regnamespace AND p.pronargs > 0
       AND EXISTS (SELECT 1 FROM pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v')
                      AND p.prosrc ~* ('\m(from|join|update|into)\s+' || c.relname || '\M'))
  LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION %I(%s) RETURNS %s LANGUAGE plpgsql %s AS %L',
      r.proname, r.args, r.result, CASE r.provolatile WHEN 's' THEN 'STABLE' WHEN 'i' THEN 'STABLE' ELSE 'VOLATILE' END,
      '#variable_conflict use_column' || chr(10) || 'BEGIN' || chr(10)
        || CASE WHEN r.proretset THEN 'RETURN QUERY ' || r.body
                WHEN r.is_void THEN r.body
                ELSE 'RETURN (' || r.body || ')' END || ';' || chr(10) || 'END');
  END LOOP;
END
$citus$;

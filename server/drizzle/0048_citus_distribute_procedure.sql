-- Issue 19 part 1: one procedure for the Citus rebuild that migrations 0041–0046 each wrote out
-- (docs/SCALING.md "Distributing a table family on Citus"). A family of tables is distributed by
-- county_id, co-located with member, and its configuration tables replicated as reference tables, in
-- one call from a migration:
--   SELECT tuanwu_citus_distribute(ARRAY['meeting', 'meeting_attendance'], ARRAY['meeting_kind'],
--     ARRAY['meeting_tally()'::regprocedure]);
-- On PostgreSQL and PGlite (no citus extension) it does nothing. On a Citus coordinator, because Citus
-- refuses to distribute or replicate a Citus local table with an identity column, each table is built
-- anew: a copy of its columns, defaults and checks (LIKE … INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
-- without the identity, the identity column's values from a sequence continuing the old ones, distributed
-- (or replicated), the rows copied, the old tables dropped (CASCADE: every foreign key into them goes),
-- the new ones renamed. Then, on the new tables:
-- - the primary key: the old one's columns, with county_id first on a distributed table;
-- - the other indexes, a distributed table's unique ones with county_id first (Citus enforces a unique
--   index only when it holds the distribution column; the county is a function of the row's organization
--   or member, so "one per X" still decides the same);
-- - the foreign keys to the organization tree, to the family's reference tables and to reference tables
--   already there (repmodel 't'; a Citus local table, also partmethod 'n', is not one) — the keys a
--   distributed table holds to another distributed table must name the county:
--   the caller adds them, as "(county_id, x_id) → x (county_id, id)";
-- - every trigger but those calling a function of `kept_out` (tallies or fills a worker's shard cannot
--   run: the caller says what replaces them).
-- Errors: a table of `distributed` without county_id raises (distributing it would route nothing).
CREATE FUNCTION tuanwu_citus_distribute(distributed text[], referenced text[] DEFAULT '{}',
  kept_out regprocedure[] DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  tabs text[] := referenced || distributed;
  t text;
  r record;
  identity_of jsonb := '{}';
  primary_keys text[] := '{}';
  indexes text[] := '{}';
  triggers text[] := '{}';
  foreign_keys text[] := '{}';
  columns text;
  id_column text;
  def text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  FOREACH t IN ARRAY tabs LOOP
    IF t = ANY (distributed) AND NOT EXISTS (
      SELECT 1 FROM pg_attribute WHERE attrelid = t::regclass AND attname = 'county_id' AND NOT attisdropped
    ) THEN
      RAISE EXCEPTION 'tuanwu_citus_distribute: table % has no county_id to distribute by', t;
    END IF;
    SELECT a.attname INTO id_column FROM pg_attribute a
     WHERE a.attrelid = t::regclass AND a.attidentity <> '' AND NOT a.attisdropped;
    IF id_column IS NOT NULL THEN
      identity_of := identity_of || jsonb_build_object(t, id_column);
    END IF;
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) INTO columns
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
     WHERE c.conrelid = t::regclass AND c.contype = 'p';
    IF columns IS NOT NULL THEN
      IF t = ANY (distributed) AND columns !~ '^county_id(,|$)' THEN
        columns := 'county_id, ' || regexp_replace(columns, '(^|, )county_id(?=,|$)', '', 'g');
        columns := regexp_replace(columns, ', $', '');
      END IF;
      primary_keys := primary_keys || format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', t, t || '_pkey', columns);
    END IF;
    FOR r IN
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS is_unique
        FROM pg_index i WHERE i.indrelid = t::regclass AND NOT i.indisprimary
    LOOP
      indexes := indexes || CASE
        WHEN r.is_unique AND t = ANY (distributed) AND r.def !~ 'USING btree \(county_id[,)]'
          THEN regexp_replace(r.def, 'USING btree \(', 'USING btree (county_id, ')
        ELSE r.def END;
    END LOOP;
    FOR r IN
      SELECT pg_get_triggerdef(g.oid) AS def FROM pg_trigger g
       WHERE g.tgrelid = t::regclass AND NOT g.tgisinternal AND g.tgfoid <> ALL (kept_out::oid[])
    LOOP
      triggers := triggers || r.def;
    END LOOP;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.conrelid = t::regclass AND c.contype = 'f'
         AND (c.confrelid::regclass::text = ANY (referenced) OR EXISTS (
           SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.confrelid AND p.partmethod = 'n' AND p.repmodel = 't'))
    LOOP
      foreign_keys := foreign_keys || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, r.conname, r.def);
    END LOOP;
  END LOOP;

  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', t || '_new', t);
    id_column := identity_of ->> t;
    IF id_column IS NOT NULL THEN
      EXECUTE format('CREATE SEQUENCE %I AS bigint', t || '_id_seq_new');
      EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT nextval(%L::regclass)', t || '_new', id_column, t || '_id_seq_new');
      EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.%I', t || '_id_seq_new', t || '_new', id_column);
    END IF;
    IF t = ANY (referenced) THEN
      PERFORM create_reference_table(t || '_new');
    ELSE
      PERFORM create_distributed_table(t || '_new', 'county_id', colocate_with => 'member');
    END IF;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t || '_new', t);
    IF id_column IS NOT NULL THEN
      EXECUTE format('SELECT setval(%L::regclass, coalesce(max(%I), 0) + 1, false) FROM %I',
        t || '_id_seq_new', id_column, t);
    END IF;
  END LOOP;
  EXECUTE 'DROP TABLE ' || (SELECT string_agg(quote_ident(x), ', ') FROM unnest(tabs) x) || ' CASCADE';
  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '_new', t);
    IF identity_of ? t THEN
      EXECUTE format('ALTER SEQUENCE %I RENAME TO %I', t || '_id_seq_new', t || '_id_seq');
    END IF;
  END LOOP;
  FOREACH def IN ARRAY primary_keys || indexes || foreign_keys || triggers LOOP
    EXECUTE def;
  END LOOP;
END
$$;

ALTER TABLE "audit_log" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing entries: the county bucket of their organization (organization.county_id: a city, province or
-- national committee is its own bucket); 0 for an entry filed under no organization or under one since
-- deleted. From now on every writer gives it (audit.repository insertAuditEntry and the statements that
-- write their entry in a CTE); no trigger fills it (a trigger cannot route the row on Citus).
UPDATE audit_log a SET county_id = o.county_id FROM organization o
 WHERE o.id = a.organization_id AND a.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
-- On Citus: audit_log distributed by county_id, co-located with member (issue 19 part 5), so that a county's
-- write and its audit entry are one shard group (one worker, a one-phase commit) instead of the county's
-- worker plus the coordinator (two-phase commit). 0030 made it a Citus local table, and Citus refuses to
-- distribute a Citus local table with an identity column ("cannot complete operation on a table with
-- identity column"; DROP IDENTITY is not supported on it): the table is created anew without identity,
-- ids from a sequence continuing the old values, the rows copied, the old table dropped, the new one renamed
-- and distributed (create_distributed_table copies its rows into the shards). The primary key becomes
-- (county_id, id): a distributed table's unique keys contain the distribution column. Nothing references
-- audit_log. On PostgreSQL and PGlite nothing changes but the column above.
DO $citus$
DECLARE
  next_id bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    -- PostgreSQL and PGlite: an organization that changes county bucket (its subtree moved to another
    -- county) takes its entries along, so the new county's list (which names its bucket) still shows them.
    -- On Citus the distribution column cannot change in place: an entry stays in the bucket it was
    -- written in (docs/SCALING.md "The audit log by county").
    CREATE FUNCTION audit_log_follow_county() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE audit_log SET county_id = NEW.county_id WHERE organization_id = NEW.id AND county_id <> NEW.county_id;
      RETURN NULL;
    END
    $fn$;
    CREATE TRIGGER organization_audit_follow_county AFTER UPDATE ON organization
      FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id) EXECUTE FUNCTION audit_log_follow_county();
    RETURN;
  END IF;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  CREATE TABLE audit_log_distributed (
    id bigint NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id integer,
    actor_name text NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text,
    organization_id integer,
    before jsonb,
    after jsonb,
    detail jsonb,
    county_id integer DEFAULT 0 NOT NULL
  );
  INSERT INTO audit_log_distributed (id, occurred_at, actor_user_id, actor_name, action, entity_type, entity_id,
                                     organization_id, before, after, detail, county_id)
  SELECT id, occurred_at, actor_user_id, actor_name, action, entity_type, entity_id,
         organization_id, before, after, detail, county_id
    FROM audit_log;
  SELECT coalesce(max(id), 0) + 1 INTO next_id FROM audit_log;
  DROP TABLE audit_log;
  ALTER TABLE audit_log_distributed RENAME TO audit_log;
  EXECUTE format('CREATE SEQUENCE audit_log_id_seq AS bigint START WITH %s OWNED BY audit_log.id', next_id);
  ALTER TABLE audit_log ALTER COLUMN id SET DEFAULT nextval('audit_log_id_seq');
  ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (county_id, id);
  CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, occurred_at);
  CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);
  CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at);
  PERFORM create_distributed_table('audit_log', 'county_id', colocate_with => 'member');
END
$citus$;

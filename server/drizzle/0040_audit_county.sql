ALTER TABLE "audit_log" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing entries: the county bucket of their organization (organization.county_id: a city, province or
-- national committee is its own bucket); 0 for an entry filed under no organization or under one since
-- deleted. From now on every writer gives it (audit.repository insertAuditEntry and the statements that
-- write their entry in a CTE); no trigger fills it (a trigger cannot route the row on Citus).
UPDATE audit_log a SET county_id = o.county_id FROM organization o
 WHERE o.id = a.organization_id AND a.county_id IS DISTINCT FROM o.county_id;
--> statement-breakpoint
-- The immediate status change (flowing <-> active) as one function call, on every engine (issue 19 part 5;
-- member-status.repository applyImmediateStatusChange). Before, one statement with data-modifying CTEs:
-- Citus plans such a statement as a chain of subplans whose results travel between the nodes (7 per change),
-- even when every CTE names one county. As a function distributed by its county argument and co-located
-- with member, Citus sends the whole call to the worker holding the county's shard group, where every
-- statement below is local (one round trip, a one-phase commit on one worker). Writes only while the member
-- still holds the state the caller checked (status, its start, branch; no open history period beginning
-- after the effective day): then the member updated, the open member_history period rewritten (it began on
-- that day) or closed and a new one opened (also when there was none), the archive entry and the audit
-- entry (county_id: the member's). Returns the rows written (changed 0: nothing written).
CREATE FUNCTION member_status_change_apply(
  p_county_id integer, p_member_id bigint, p_expected_status text, p_expected_since date,
  p_expected_organization_id integer, p_to_status text, p_effective_on date, p_event_kind text,
  p_event_summary text, p_event_detail jsonb, p_actor_user_id integer, p_actor_name text,
  p_audit_action text, p_audit_before jsonb, p_audit_after jsonb,
  OUT changed integer, OUT periods integer, OUT archived integer, OUT audited integer)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_organization_id integer;
BEGIN
  changed := 0; periods := 0; archived := 0; audited := 0;
  PERFORM 1 FROM member m
   WHERE m.county_id = p_county_id AND m.id = p_member_id AND m.status = p_expected_status
     AND m.status_since = p_expected_since AND m.organization_id = p_expected_organization_id
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM member_history h
              WHERE h.county_id = p_county_id AND h.member_id = p_member_id AND h.valid_to IS NULL
                AND h.valid_from > p_effective_on) THEN
    RETURN;
  END IF;
  UPDATE member SET status = p_to_status, status_since = p_effective_on, updated_at = now()
   WHERE county_id = p_county_id AND id = p_member_id
  RETURNING organization_id INTO v_organization_id;
  changed := 1;
  UPDATE member_history SET status = p_to_status, organization_id = p_expected_organization_id
   WHERE county_id = p_county_id AND member_id = p_member_id AND valid_to IS NULL AND valid_from = p_effective_on;
  GET DIAGNOSTICS periods = ROW_COUNT;
  IF periods = 0 THEN
    -- closed first, so the open-period key never sees two open periods
    UPDATE member_history SET valid_to = p_effective_on
     WHERE county_id = p_county_id AND member_id = p_member_id AND valid_to IS NULL AND valid_from < p_effective_on;
    INSERT INTO member_history (county_id, member_id, organization_id, status, valid_from)
    VALUES (p_county_id, p_member_id, v_organization_id, p_to_status, p_effective_on);
    periods := 1;
  END IF;
  INSERT INTO member_event (county_id, member_id, kind, occurred_on, actor_user_id, actor_name, summary, detail)
  VALUES (p_county_id, p_member_id, p_event_kind, p_effective_on, p_actor_user_id, p_actor_name, p_event_summary,
          p_event_detail);
  archived := 1;
  INSERT INTO audit_log (county_id, actor_user_id, actor_name, action, entity_type, entity_id, organization_id,
                         before, after)
  VALUES (p_county_id, p_actor_user_id, p_actor_name, p_audit_action, 'member', p_member_id::text, v_organization_id,
          p_audit_before, p_audit_after);
  audited := 1;
END
$fn$;
--> statement-breakpoint
-- On Citus: audit_log distributed by county_id, co-located with member (issue 19 part 5), so that a county's
-- write and its audit entry are one shard group (one worker, a one-phase commit) instead of the county's
-- worker plus the coordinator (two-phase commit). 0030 made it a Citus local table, and Citus refuses to
-- distribute a Citus local table with an identity column ("cannot complete operation on a table with
-- identity column"; DROP IDENTITY is not supported on it): the table is created anew without identity and
-- distributed, the rows copied, ids continuing the old values from its own sequence, the old table dropped
-- and the new one renamed. The primary key becomes
-- (county_id, id): a distributed table's unique keys contain the distribution column. Nothing references
-- audit_log. On PostgreSQL and PGlite nothing changes but the column above.
DO $citus$
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
  -- Distributed while still empty and before the old table is dropped: a sequence created (or a default
  -- set) in this transaction after the DROP of the Citus local table deadlocks with its propagation to
  -- the workers ("involved in a distributed deadlock", tried 2026-12-07); a serial column declared before
  -- create_distributed_table is the form Citus accepts (no OWNED BY on a distributed table afterwards).
  CREATE TABLE audit_log_distributed (
    id bigserial NOT NULL,
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
    county_id integer DEFAULT 0 NOT NULL,
    CONSTRAINT audit_log_distributed_pkey PRIMARY KEY (county_id, id)
  );
  PERFORM create_distributed_table('audit_log_distributed', 'county_id', colocate_with => 'member');
  INSERT INTO audit_log_distributed (id, occurred_at, actor_user_id, actor_name, action, entity_type, entity_id,
                                     organization_id, before, after, detail, county_id)
  SELECT id, occurred_at, actor_user_id, actor_name, action, entity_type, entity_id,
         organization_id, before, after, detail, county_id
    FROM audit_log;
  PERFORM setval('audit_log_distributed_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM audit_log), false);
  DROP TABLE audit_log;
  ALTER TABLE audit_log_distributed RENAME TO audit_log;
  ALTER SEQUENCE audit_log_distributed_id_seq RENAME TO audit_log_id_seq;
  ALTER INDEX audit_log_distributed_pkey RENAME TO audit_log_pkey;
  CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, occurred_at);
  CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);
  CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at);
  PERFORM create_distributed_function(
    'member_status_change_apply(integer, bigint, text, date, integer, text, date, text, text, jsonb, integer, text, text, jsonb, jsonb)',
    'p_county_id', colocate_with => 'member');
END
$citus$;

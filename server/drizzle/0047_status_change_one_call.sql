-- The immediate status change (flowing <-> active) without the state read before it (issue 19 part 5;
-- member-status.repository applyImmediateStatusChange). Before, the server read the member's status, its start,
-- its branch's path and its open history period (one statement, one round trip: on Citus one router query to the
-- county's worker), checked them, then called member_status_change_apply (0040) with the state it had read. Now
-- the checks that need the member's row run here, where the row is locked: the member still holds the one status
-- a user changes from at once into p_to_status (domain immediateTransitionInto), that status began on or before
-- p_effective_on, its branch lies in one of the actor's scope roots (p_scope_paths, null for the whole tree: the
-- access rule of access.service requireLoadedAccess for kind member — the path starts with a root), and no open
-- history period begins after p_effective_on. Then the same writes as member_status_change_apply: the member
-- updated, the open member_history period rewritten (it began on that day) or closed and a new one opened (also
-- when there was none), the archive entry and the audit entry (county_id: the member's; before: the status and its
-- start as found). Returns the rows written (changed 0: nothing written, and the caller takes the locking path,
-- which answers with the refusal). On Citus distributed by its county argument, co-located with member: the whole
-- call runs on the worker holding the county's shard group (one round trip, a one-phase commit).
CREATE FUNCTION member_status_change_try(
  p_county_id integer, p_member_id bigint, p_from_status text, p_scope_paths text[], p_to_status text,
  p_effective_on date, p_event_kind text, p_event_summary text, p_event_detail jsonb, p_actor_user_id integer,
  p_actor_name text, p_audit_action text, p_audit_after jsonb,
  OUT changed integer, OUT periods integer, OUT archived integer, OUT audited integer)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_since date;
  v_organization_id integer;
  v_path text;
BEGIN
  changed := 0; periods := 0; archived := 0; audited := 0;
  SELECT m.status_since, m.organization_id INTO v_since, v_organization_id
    FROM member m
   WHERE m.county_id = p_county_id AND m.id = p_member_id AND m.status = p_from_status
     FOR UPDATE;
  IF NOT FOUND OR v_since > p_effective_on THEN
    RETURN;
  END IF;
  IF p_scope_paths IS NOT NULL THEN
    SELECT o.path INTO v_path FROM organization o WHERE o.id = v_organization_id;
    IF v_path IS NULL OR NOT EXISTS (SELECT 1 FROM unnest(p_scope_paths) AS root (path)
                                      WHERE starts_with(v_path, root.path)) THEN
      RETURN;
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM member_history h
              WHERE h.county_id = p_county_id AND h.member_id = p_member_id AND h.valid_to IS NULL
                AND h.valid_from > p_effective_on) THEN
    RETURN;
  END IF;
  UPDATE member SET status = p_to_status, status_since = p_effective_on, updated_at = now()
   WHERE county_id = p_county_id AND id = p_member_id;
  changed := 1;
  UPDATE member_history SET status = p_to_status, organization_id = v_organization_id
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
          jsonb_build_object('status', p_from_status, 'statusSince', to_char(v_since, 'YYYY-MM-DD')), p_audit_after);
  audited := 1;
END
$fn$;
--> statement-breakpoint
-- member_status_change_apply (0040) has no caller left.
DROP FUNCTION member_status_change_apply(integer, bigint, text, date, integer, text, date, text, text, jsonb, integer,
  text, text, jsonb, jsonb);
--> statement-breakpoint
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM create_distributed_function(
    'member_status_change_try(integer, bigint, text, text[], text, date, text, text, jsonb, integer, text, text, jsonb)',
    'p_county_id', colocate_with => 'member');
END
$citus$;

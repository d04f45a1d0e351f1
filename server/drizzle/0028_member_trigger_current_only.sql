-- Issue 18 part 5: a status change between two current statuses (flowing ↔ active, active →
-- transferring, …) no longer recomputes the branch's organizational-life tallies. org_life_own_of
-- (migrations 0026, 0027) reads a member only through `current_member` (status in active,
-- transferring, flowing), its organization and joined_on, so the member trigger now compares whether
-- the member is current, not the status itself. Before, every flowing ↔ active change locked the
-- branch (FOR NO KEY UPDATE), recounted its members, dues and registrations and rewrote its
-- org_life_own rows: ≈ 2 ms of the ≈ 2.1 ms of the member UPDATE, and all changes in one branch
-- serialized on the lock. The statement-level trigger itself must stay (transition tables cannot be
-- combined with a column list or a WHEN clause); a non-matching statement costs one hash join of the
-- transition tables and no refresh.
CREATE OR REPLACE FUNCTION org_life_count_on_member() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids int[];
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.organization_id) INTO ids FROM org_life_member_new n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.organization_id) INTO ids FROM org_life_member_old o;
  ELSE
    -- Old beside new, hash-joined (the planner's nested loop over transition tables is quadratic).
    PERFORM set_config('enable_nestloop', 'off', true);
    SELECT array_agg(DISTINCT x.id) INTO ids
      FROM org_life_member_old o
      JOIN org_life_member_new n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES (o.organization_id), (n.organization_id)) AS x (id)
     WHERE (o.organization_id, o.status IN ('active', 'transferring', 'flowing'), o.joined_on)
           IS DISTINCT FROM (n.organization_id, n.status IN ('active', 'transferring', 'flowing'), n.joined_on);
    PERFORM set_config('enable_nestloop', nestloop, true);
  END IF;
  PERFORM org_life_count_refresh(ids);
  RETURN NULL;
END
$$;

import type { Permission } from "@tuanwu/domain";
import { useMemo } from "react";
import type { Me } from "../../../api/types";
import { useMe } from "./use-me";

/** What the signed-in user may do, from GET /me's roles; used to hide what the role cannot use. */
export interface Abilities {
  /** Whether some role grants `permission` (inside its organization's subtree). */
  can(permission: Permission): boolean;
  /**
   * Whether the user is the higher committee of a branch (上级团委: a role with member:write on an
   * organization strictly above it) and not the requester: who may approve or return a request about
   * the branch's members (server: member.policy authorizeReviewDecision). A branch secretary is not.
   */
  decidesFor(branchId: number, requestedByName?: string | null): boolean;
  /**
   * Whether the user is on the requester's side of a request about the branch's members (the
   * requester, the branch's own secretary or a system administrator, with member:write): who may
   * withdraw it (server: member.policy authorizeWithdrawal).
   */
  withdrawsFor(branchId: number, requestedByName?: string | null): boolean;
}

/** {@link Abilities} of a /me answer (pure, for tests and hooks). */
export function abilitiesOf(me: Me): Abilities {
  return {
    can: (permission) => me.permissions.includes(permission),
    decidesFor: (branchId, requestedByName) =>
      requestedByName !== me.username &&
      me.roles.some(
        (grant) =>
          grant.permissions.includes("member:write") &&
          (grant.organizationId === null || grant.organizationId !== branchId),
      ),
    withdrawsFor: (branchId, requestedByName) =>
      me.permissions.includes("member:write") &&
      (requestedByName === me.username ||
        me.roles.some((grant) => grant.organizationId === null || grant.organizationId === branchId)),
  };
}

/** The user's {@link Abilities}; only below <RequireAuth>. The server still decides. */
export function useAbilities(): Abilities {
  const me = useMe();
  return useMemo(() => abilitiesOf(me), [me]);
}

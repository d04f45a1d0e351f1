import { DomainError } from "../errors";
import type { OrganizationKind } from "../organization/organization-kind";
import type { Role } from "./permissions";

/** Roles an administrator may grant through the API and the web (never system_admin: CLI only). */
export const GRANTABLE_ROLES = ["org_admin", "branch_secretary", "evaluator", "member"] as const;

/** A role of {@link GRANTABLE_ROLES}. */
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Whether `role` may be granted through the API (type guard). */
export function isGrantableRole(role: string): role is GrantableRole {
  return (GRANTABLE_ROLES as readonly string[]).includes(role);
}

/**
 * The rule for granting a role (授予角色, issue 17 part 1), besides the scope check the server makes
 * first (the organization must lie in the grantor's subtree, 404 otherwise — so a township
 * administrator can grant nothing at the county, and no grant reaches above the grantor's own place):
 * - system_admin is never granted this way (403 role_not_grantable; `tuanwu user grant` only);
 * - branch_secretary and member are held on a branch (团支部), org_admin on a committee, working
 *   committee or general branch (422 role_kind_mismatch, field organizationId); an evaluator anywhere.
 * A grantor may give a role on their own scope root (a colleague of equal rank), never above it.
 */
export function assertRoleGrantAllowed(role: Role, organizationKind: OrganizationKind): void {
  if (!isGrantableRole(role)) {
    throw new DomainError("role_not_grantable", "role：系统管理员只能用命令行授予 / system_admin: CLI only", {
      field: "role",
      status: 403,
    });
  }
  const onBranch = organizationKind === "branch";
  if ((role === "branch_secretary" || role === "member") && !onBranch) {
    throw new DomainError(
      "role_kind_mismatch",
      "organizationId：团支部书记和团员角色只能设在团支部 / this role is held on a branch",
      { field: "organizationId" },
    );
  }
  if (role === "org_admin" && onBranch) {
    throw new DomainError(
      "role_kind_mismatch",
      "organizationId：组织管理员不能设在团支部，请授予团支部书记 / an organization administrator is not held on a branch",
      { field: "organizationId" },
    );
  }
}

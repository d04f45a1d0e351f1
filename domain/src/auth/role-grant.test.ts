import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { ORGANIZATION_KINDS, type OrganizationKind } from "../organization/organization-kind";
import { ROLES, type Role } from "./permissions";
import { assertRoleGrantAllowed } from "./role-grant";

// Every (role, organization kind) pair: the code it is refused with, or null when allowed.
const table: Record<Role, Record<OrganizationKind, string | null>> = {
  system_admin: {
    committee: "role_not_grantable",
    working_committee: "role_not_grantable",
    general_branch: "role_not_grantable",
    branch: "role_not_grantable",
  },
  org_admin: {
    committee: null,
    working_committee: null,
    general_branch: null,
    branch: "role_kind_mismatch",
  },
  branch_secretary: {
    committee: "role_kind_mismatch",
    working_committee: "role_kind_mismatch",
    general_branch: "role_kind_mismatch",
    branch: null,
  },
  evaluator: { committee: null, working_committee: null, general_branch: null, branch: null },
  member: {
    committee: "role_kind_mismatch",
    working_committee: "role_kind_mismatch",
    general_branch: "role_kind_mismatch",
    branch: null,
  },
};

describe("assertRoleGrantAllowed", () => {
  const cases = ROLES.flatMap((role) => ORGANIZATION_KINDS.map((kind) => [role, kind] as const));
  it.each(cases)("%s on a %s", (role, kind) => {
    const expected = table[role][kind];
    let code: string | null = null;
    try {
      assertRoleGrantAllowed(role, kind);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      code = error.code;
      expect(error.field).toBe(code === "role_not_grantable" ? "role" : "organizationId");
    }
    expect(code).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import {
  isPermission,
  isRole,
  PERMISSION_LABELS,
  PERMISSIONS,
  type Permission,
  permissionsOfRoles,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
  roleHasPermission,
} from "./permissions";

// The whole role → permission table, reviewed like any permission change.
const table: Record<Role, Record<Permission, boolean>> = {
  system_admin: {
    "organization:read": true,
    "organization:write": true,
    "member:read": true,
    "member:read_personal": true,
    "member:write": true,
    "member:export_full": true,
    "stats:read": true,
    "audit:read": true,
    "user:manage": true,
    "plan:read": true,
    "plan:write": true,
    "plan:review": true,
    "plan:evaluate": true,
    "youth_home:read": true,
    "youth_home:write": true,
    "cadre:read": true,
    "cadre:write": true,
  },
  org_admin: {
    "organization:read": true,
    "organization:write": true,
    "member:read": true,
    "member:read_personal": true,
    "member:write": true,
    "member:export_full": true,
    "stats:read": true,
    "audit:read": true,
    "user:manage": true,
    "plan:read": true,
    "plan:write": true,
    "plan:review": true,
    "plan:evaluate": true,
    "youth_home:read": true,
    "youth_home:write": true,
    "cadre:read": true,
    "cadre:write": true,
  },
  branch_secretary: {
    "organization:read": true,
    "organization:write": false,
    "member:read": true,
    "member:read_personal": true,
    "member:write": true,
    "member:export_full": false,
    "stats:read": true,
    "audit:read": false,
    "user:manage": false,
    "plan:read": true,
    "plan:write": false,
    "plan:review": false,
    "plan:evaluate": false,
    "youth_home:read": true,
    "youth_home:write": true,
    "cadre:read": true,
    "cadre:write": false,
  },
  evaluator: {
    "organization:read": true,
    "organization:write": false,
    "member:read": false,
    "member:read_personal": false,
    "member:write": false,
    "member:export_full": false,
    "stats:read": false,
    "audit:read": false,
    "user:manage": false,
    "plan:read": true,
    "plan:write": false,
    "plan:review": false,
    "plan:evaluate": true,
    "youth_home:read": false,
    "youth_home:write": false,
    "cadre:read": false,
    "cadre:write": false,
  },
  member: {
    "organization:read": true,
    "organization:write": false,
    "member:read": false,
    "member:read_personal": false,
    "member:write": false,
    "member:export_full": false,
    "stats:read": false,
    "audit:read": false,
    "user:manage": false,
    "plan:read": false,
    "plan:write": false,
    "plan:review": false,
    "plan:evaluate": false,
    "youth_home:read": false,
    "youth_home:write": false,
    "cadre:read": false,
    "cadre:write": false,
  },
};

const cases = ROLES.flatMap((role) =>
  PERMISSIONS.map((permission) => [role, permission, table[role][permission]] as const),
);

describe("roleHasPermission", () => {
  it.each(cases)("%s has %s: %s", (role, permission, expected) => {
    expect(roleHasPermission(role, permission)).toBe(expected);
  });
});

describe("ROLE_PERMISSIONS", () => {
  it("lists only known permissions, without duplicates", () => {
    for (const role of ROLES) {
      const permissions = ROLE_PERMISSIONS[role];
      expect(new Set(permissions).size).toBe(permissions.length);
      for (const permission of permissions) expect(isPermission(permission)).toBe(true);
    }
  });
});

describe("permissionsOfRoles", () => {
  it.each([
    [[], []],
    [["member"], ["organization:read"]],
    [
      ["member", "branch_secretary"],
      [
        "organization:read",
        "member:read",
        "member:read_personal",
        "member:write",
        "stats:read",
        "plan:read",
        "youth_home:read",
        "youth_home:write",
        "cadre:read",
      ],
    ],
    [["branch_secretary", "branch_secretary"], ROLE_PERMISSIONS.branch_secretary],
    [["org_admin"], PERMISSIONS],
    [["member", "system_admin"], PERMISSIONS],
  ] as const)("%j → %j", (roles, permissions) => {
    expect(permissionsOfRoles(roles)).toEqual(permissions);
  });
});

describe("labels and guards", () => {
  it("labels every role and permission", () => {
    expect(Object.keys(ROLE_LABELS)).toEqual([...ROLES]);
    expect(Object.keys(PERMISSION_LABELS)).toEqual([...PERMISSIONS]);
    expect(ROLES.map((role) => ROLE_LABELS[role].zh)).toEqual([
      "系统管理员",
      "组织管理员",
      "团支部书记",
      "评估人员",
      "团员",
    ]);
  });

  it.each([
    ["org_admin", true, false],
    ["member:read", false, true],
    ["admin", false, false],
  ])("%s: role %s, permission %s", (value, role, permission) => {
    expect(isRole(value)).toBe(role);
    expect(isPermission(value)).toBe(permission);
  });
});

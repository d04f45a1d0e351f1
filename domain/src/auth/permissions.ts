import type { Label } from "../dictionaries/dictionary";

/**
 * User roles (角色), held on an organization: the role applies to that organization's subtree,
 * which is the user's data scope (style.md "Authorization"). system_admin 系统管理员 runs the
 * installation from the root; org_admin 组织管理员 administers a committee's subtree;
 * branch_secretary 团支部书记 runs one branch; evaluator 评估人员 (a third-party evaluator, domain.md §8)
 * reads the reform ledger of a subtree and scores it, nothing else; member 团员 sees their own organization.
 */
export const ROLES = ["system_admin", "org_admin", "branch_secretary", "evaluator", "member"] as const;

/** A role (see {@link ROLES}). */
export type Role = (typeof ROLES)[number];

/** Display labels of {@link ROLES}. */
export const ROLE_LABELS: Readonly<Record<Role, Label>> = {
  system_admin: { zh: "系统管理员", en: "System administrator" },
  org_admin: { zh: "组织管理员", en: "Organization administrator" },
  branch_secretary: { zh: "团支部书记", en: "Branch secretary" },
  evaluator: { zh: "评估人员", en: "Evaluator" },
  member: { zh: "团员", en: "Member" },
};

/**
 * Permissions ("resource:action"), checked by the server inside the user's scope (the subtree of the
 * organization the role is held on). "member:read_personal" is seeing unmasked citizen ID and phone
 * (domain.md §2 "Who sees personal data"); each such view is audited.
 */
export const PERMISSIONS = [
  "organization:read",
  "organization:write",
  "member:read",
  "member:read_personal",
  "member:write",
  "member:export_full",
  "stats:read",
  "audit:read",
  "user:manage",
  "plan:read",
  "plan:write",
  "plan:review",
  "plan:evaluate",
  "youth_home:read",
  "youth_home:write",
  "cadre:read",
  "cadre:write",
] as const;

/** A permission (see {@link PERMISSIONS}). */
export type Permission = (typeof PERMISSIONS)[number];

/** Display labels of {@link PERMISSIONS}. */
export const PERMISSION_LABELS: Readonly<Record<Permission, Label>> = {
  "organization:read": { zh: "查看组织", en: "View organizations" },
  "organization:write": { zh: "管理组织", en: "Manage organizations" },
  "member:read": { zh: "查看团员", en: "View members" },
  "member:read_personal": {
    zh: "查看团员完整身份证号和手机号",
    en: "View members' full ID numbers and phones",
  },
  "member:write": { zh: "管理团员", en: "Manage members" },
  "member:export_full": {
    zh: "导出完整团员信息（不遮蔽身份证号和手机号）",
    en: "Export members with full ID numbers and phones",
  },
  "stats:read": { zh: "查看统计", en: "View statistics" },
  "audit:read": { zh: "查看审计日志", en: "View audit log" },
  "user:manage": { zh: "管理用户", en: "Manage users" },
  "plan:read": { zh: "查看改革任务台账", en: "View reform plans and their ledger" },
  "plan:write": { zh: "管理改革任务台账", en: "Manage reform plans and their ledger" },
  "plan:review": { zh: "审核任务销号", en: "Review task close-outs" },
  "plan:evaluate": { zh: "评估打分", en: "Score tasks in evaluation rounds" },
  "youth_home:read": {
    zh: "查看青年之家、活动、志愿服务和问卷",
    en: "View Youth Homes, activities, volunteer hours and surveys",
  },
  "youth_home:write": {
    zh: "管理青年之家、活动、志愿服务和问卷",
    en: "Manage Youth Homes, activities, volunteer hours and surveys",
  },
  "cadre:read": { zh: "查看团干部、届期、述职评议和联络", en: "View cadres, terms, reviews and liaison" },
  "cadre:write": {
    zh: "管理团干部、届期、述职评议和联络",
    en: "Manage cadres, terms, reviews and liaison",
  },
};

/**
 * What each role may do, within its scope. system_admin and org_admin hold every permission (an
 * org_admin manages users too, inside its subtree); they differ in scope, not in permissions.
 * A branch secretary reads organizations, reads and edits the branch's members (personal data
 * included, domain.md §2), reads statistics and reads the reform ledger (改革任务台账). An evaluator
 * reads the organization tree and the ledger and scores evaluation rounds, nothing else (issue 5
 * part 5). A member only reads
 * organizations. A branch secretary also runs the branch's Youth Homes, activities, volunteer hours and
 * surveys (youth_home:read/write; issue 14). Cadre records (团干部, terms, report-and-review, liaison; issue 13): county and township
 * committees' administrators (org_admin) write them, branch secretaries read them.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  system_admin: PERMISSIONS,
  org_admin: PERMISSIONS,
  branch_secretary: [
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
  evaluator: ["organization:read", "plan:read", "plan:evaluate"],
  member: ["organization:read"],
};

/** Whether `value` is one of {@link ROLES} (type guard, for text read from the database or a request). */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether `value` is one of {@link PERMISSIONS} (type guard). */
export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether `role` grants `permission` (table {@link ROLE_PERMISSIONS}). */
export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * The permissions granted by any of `roles`, without duplicates, in the order of {@link PERMISSIONS}
 * (e.g. for GET /me). An empty list grants nothing.
 */
export function permissionsOfRoles(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((permission) => roles.some((role) => roleHasPermission(role, permission)));
}

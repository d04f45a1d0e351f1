import { MAXIMUM_PASSWORD_LENGTH, ROLES } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { unauthorized } from "../../lib/http-errors";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { registerApplicantAccountRoutes } from "./applicant-account.routes";
import { branchSecretaryWorkbook, createBranchSecretaryAccounts } from "./branch-secretary-accounts.service";
import type { UserView } from "./user.repository";
import { usernameSchema } from "./user.schemas";
import {
  createManagedUser,
  getManagedUser,
  grantRole,
  listManagedUsers,
  resetUserPassword,
  revokeRole,
  setUserActive,
} from "./user-management.service";
import { changeOwnPassword } from "./user-password.service";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const displayNameSchema = z
  .string()
  .trim()
  .min(1, "请输入名称 / name required")
  .max(64, "名称不能超过 64 个字符 / at most 64 characters");

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    isActive: z.boolean().describe("false: disabled (停用), cannot log in"),
    mustChangePassword: z.boolean().describe("holds a one-time password not yet changed"),
    createdAt: z.string().describe("ISO 8601"),
    roles: z.array(
      z.object({
        id: z.number().int().describe("the grant's id, for DELETE /users/{id}/roles/{roleId}"),
        role: z.enum(ROLES),
        organizationId: z.number().int().nullable(),
        organizationName: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "User" });

const userWithPasswordSchema = z
  .object({
    user: userSchema,
    oneTimePassword: z.string().describe("shown once; must be changed at first login"),
  })
  .meta({ id: "UserWithOneTimePassword" });

const userParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };

function toUserResponse(user: UserView): z.infer<typeof userSchema> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    isActive: user.isActive,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt.toISOString(),
    roles: user.roles.map(({ id, role, organizationId, organizationName }) => ({
      id,
      role,
      organizationId,
      organizationName,
    })),
  };
}

/**
 * Accounts routes (账号管理, issue 17 part 1) under /api/v1/users, and a user's own password change
 * (POST /me/password). An administrator (user:manage) manages the users of their subtree — those whose
 * every role lies inside it (user-access.ts); outside → 404. Every write is audited; passwords are
 * never stored in the log nor logged.
 */
export async function registerUserRoutes(app: ZodApp, context: AppContext): Promise<void> {
  const { db } = context;
  app.get(
    "/users",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary: "账号列表 The accounts of an organization's subtree, by user name, paged",
        querystring: z.object({
          organizationId: idParameter,
          q: z.string().trim().max(64, "q：不能超过 64 个字符 / at most 64 characters").optional(),
          role: z.enum(ROLES).optional(),
          disabled: z
            .enum(["true", "false"])
            .transform((value) => value === "true")
            .optional(),
          page: z.coerce.number().int().min(1, "page：应为正整数 / positive integer").default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(100, "pageSize：不能超过 100 / at most 100")
            .default(20),
        }),
        response: {
          200: z.object({ items: z.array(userSchema), total: z.number().int() }),
          ...commonErrorResponses,
        },
      },
    },
    /**
     * GET /api/v1/users?organizationId=&q=&role=&disabled=&page=&pageSize= → { items, total }: users
     * holding a role in the organization's subtree (q: user name or name contains). 404 organization
     * outside the scope; 403 without user:manage.
     */
    async (request) => {
      const result = await listManagedUsers(db, requireActor(request), request.query);
      return { items: result.items.map(toUserResponse), total: result.total };
    },
  );

  app.get(
    "/users/:id",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary: "账号详情 One account with its roles",
        params: userParams,
        response: { 200: userSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/users/{id} → User; 404 outside the subtree. */
    async (request) => toUserResponse(await getManagedUser(db, requireActor(request), request.params.id)),
  );

  app.post(
    "/users",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary: "新建账号 Create an account with a role and a one-time password",
        body: z.object({
          username: usernameSchema,
          displayName: displayNameSchema,
          role: z.enum(ROLES),
          organizationId: idParameter,
        }),
        response: { 201: userWithPasswordSchema, ...writeErrors },
      },
    },
    /**
     * POST /api/v1/users {username, displayName, role, organizationId} → 201 {user, oneTimePassword}.
     * 404 organization outside the scope; 403 role_not_grantable (system_admin); 422
     * role_kind_mismatch (field organizationId); 409 user name taken (field username). Audited.
     */
    async (request, reply) => {
      const created = await createManagedUser(db, requireActor(request), request.body);
      return reply
        .status(201)
        .send({ user: toUserResponse(created.user), oneTimePassword: created.oneTimePassword });
    },
  );

  for (const [action, isActive] of [
    ["disable", false],
    ["enable", true],
  ] as const) {
    app.post(
      `/users/:id/${action}`,
      {
        config: { permission: "user:manage" },
        schema: {
          tags: ["users"],
          summary: isActive
            ? "启用账号 Re-enable an account"
            : "停用账号 Disable an account (ends its sessions)",
          params: userParams,
          response: { 200: userSchema, ...writeErrors },
        },
      },
      /**
       * POST /api/v1/users/{id}/disable | enable → User. Disabling ends the user's sessions; 422
       * own_account for oneself. Audited user.disable / user.enable.
       */
      async (request) =>
        toUserResponse(await setUserActive(db, requireActor(request), request.params.id, isActive)),
    );
  }

  app.post(
    "/users/:id/password-reset",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary: "重置密码 Reset to a one-time password (ends the user's sessions)",
        params: userParams,
        response: { 200: userWithPasswordSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/users/{id}/password-reset → {user, oneTimePassword}; audited user.reset_password. */
    async (request) => {
      const reset = await resetUserPassword(db, requireActor(request), request.params.id);
      return { user: toUserResponse(reset.user), oneTimePassword: reset.oneTimePassword };
    },
  );

  app.post(
    "/users/:id/roles",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary: "授予角色 Grant a role on an organization of one's subtree",
        params: userParams,
        body: z.object({ role: z.enum(ROLES), organizationId: idParameter }),
        response: { 201: userSchema, ...writeErrors },
      },
    },
    /**
     * POST /api/v1/users/{id}/roles {role, organizationId} → 201 User. The user and the organization
     * must lie in the subtree (404); role rules: 403 role_not_grantable, 422 role_kind_mismatch; 409
     * role_already_held. Audited user.grant_role.
     */
    async (request, reply) => {
      const user = await grantRole(db, requireActor(request), request.params.id, request.body);
      return reply.status(201).send(toUserResponse(user));
    },
  );

  app.delete(
    "/users/:id/roles/:roleId",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary: "撤销角色 Revoke a role grant",
        params: z.object({ id: idParameter, roleId: idParameter }),
        response: { 200: userSchema, ...writeErrors },
      },
    },
    /** DELETE /api/v1/users/{id}/roles/{roleId} → User; 422 last_role / own_account. Audited user.revoke_role. */
    async (request) =>
      toUserResponse(await revokeRole(db, requireActor(request), request.params.id, request.params.roleId)),
  );

  app.post(
    "/users/branch-secretaries",
    {
      config: { permission: "user:manage" },
      schema: {
        tags: ["users"],
        summary:
          "批量开通团支部书记账号 Create a secretary account for every branch without one (.xlsx of one-time passwords)",
        produces: [XLSX_MEDIA_TYPE],
        body: z.object({ organizationId: idParameter }),
        response: { 200: z.any().describe("the .xlsx hand-out"), ...commonErrorResponses },
      },
    },
    /**
     * POST /api/v1/users/branch-secretaries {organizationId} → the .xlsx hand-out (团支部, 组织编码, 用户名,
     * 账号名称, 一次性密码); header x-created-count: accounts created (0: every branch has one, the
     * workbook is then empty). Audited per account and as user.export_one_time_passwords.
     */
    async (request, reply) => {
      const { organizationName, accounts } = await createBranchSecretaryAccounts(
        db,
        requireActor(request),
        request.body.organizationId,
      );
      const bytes = await branchSecretaryWorkbook(organizationName, accounts);
      const fileName = `${organizationName}-团支部书记账号.xlsx`;
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header("cache-control", "no-store")
        .header("x-created-count", String(accounts.length))
        .header(
          "content-disposition",
          `attachment; filename="branch-secretaries.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .send(bytes);
    },
  );

  app.post(
    "/me/password",
    {
      // Every role holds organization:read (as for GET /me): any logged-in user may change their password.
      config: { permission: "organization:read" },
      schema: {
        tags: ["auth"],
        summary: "修改密码 Change one's own password (the current one required)",
        body: z.object({
          currentPassword: z
            .string()
            .min(1, "请输入当前密码 / current password required")
            .max(MAXIMUM_PASSWORD_LENGTH),
          newPassword: z
            .string()
            .min(1, "请输入新密码 / new password required")
            .max(MAXIMUM_PASSWORD_LENGTH + 1),
        }),
        response: { 204: z.null(), ...commonErrorResponses },
      },
    },
    /**
     * POST /api/v1/me/password {currentPassword, newPassword} → 204; ends the user's other sessions.
     * 400 wrong_current_password (field currentPassword), weak_password / password_unchanged (field
     * newPassword). Allowed while a one-time password is held. Audited user.change_password.
     */
    async (request, reply) => {
      if (!request.sessionToken) throw unauthorized();
      await changeOwnPassword(db, requireActor(request), request.sessionToken, request.body);
      return reply.status(204).send(null);
    },
  );

  await registerApplicantAccountRoutes(app, context);
}

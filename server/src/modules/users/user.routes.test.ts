import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, latestAuditEntry } from "../../test/database-state";
import {
  createTestApp,
  createTestUser,
  logInAs,
  logInEach,
  TEST_PASSWORD,
  type TestSession,
} from "../../test/factories";

/** Accounts API (账号管理, issue 17 part 1): every endpoint's refusals and success, scope of grants. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let ids: Record<string, number>;

beforeAll(async () => {
  context = await createTestApp();
  [admin, county, east, secretary] = await logInEach(context.app, ["admin", "county", "east", "secretary"]);
  const listed = await context.app.inject({
    method: "GET",
    url: `/api/v1/users?organizationId=${context.tree.county.id}&pageSize=100`,
    headers: county.headers,
  });
  ids = Object.fromEntries(
    (listed.json().items as Array<{ username: string; id: number }>).map((user) => [user.username, user.id]),
  );
});
afterAll(async () => context.close());

function inject(
  session: TestSession | undefined,
  method: "GET" | "POST" | "DELETE",
  url: string,
  payload?: object,
) {
  return context.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(session ? { headers: session.headers } : {}),
    ...(payload ? { payload } : {}),
  });
}

function counted() {
  return countRows(context.db, ["app_user", "audit_log", "user_session"]);
}

describe("GET /users", () => {
  it("answers 401 without a session, 403 to a branch secretary, 404 outside the scope", async () => {
    const url = `/users?organizationId=${context.tree.east.id}`;
    expect((await inject(undefined, "GET", url)).statusCode).toBe(401);
    expect((await inject(secretary, "GET", url)).statusCode).toBe(403);
    const outside = await inject(east, "GET", `/users?organizationId=${context.tree.county.id}`);
    expect(outside.statusCode).toBe(404);
  });

  it("answers 400 naming the field for a bad filter", async () => {
    const response = await inject(county, "GET", `/users?organizationId=${context.tree.county.id}&role=king`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("role");
    const page = await inject(county, "GET", `/users?organizationId=${context.tree.county.id}&pageSize=101`);
    expect(page.json().error.field).toBe("pageSize");
  });

  it("lists the users whose every role is in the subtree: the county sees east, secretary, member, not admin", async () => {
    const response = await inject(county, "GET", `/users?organizationId=${context.tree.county.id}`);
    expect(response.statusCode).toBe(200);
    const names = response.json().items.map((user: { username: string }) => user.username);
    expect(names).toEqual(["county", "east", "member", "secretary"]);
    expect(response.json().total).toBe(4);
    expect(JSON.stringify(response.json())).not.toMatch(/password_?hash|argon/i);
  });

  it("narrows to a subtree, a role, a name and disabled accounts", async () => {
    const inEast = await inject(
      county,
      "GET",
      `/users?organizationId=${context.tree.east.id}&role=branch_secretary`,
    );
    expect(inEast.json().items.map((user: { username: string }) => user.username)).toEqual(["secretary"]);
    const byName = await inject(county, "GET", `/users?organizationId=${context.tree.county.id}&q=MEM`);
    expect(byName.json().items.map((user: { username: string }) => user.username)).toEqual(["member"]);
    const disabled = await inject(
      county,
      "GET",
      `/users?organizationId=${context.tree.county.id}&disabled=true`,
    );
    expect(disabled.json().total).toBe(0);
  });

  it("hides from a township administrator a user who also holds a role above it", async () => {
    const id = await createTestUser(context.db, "twohats", "org_admin", context.tree.county.id);
    await inject(admin, "POST", `/users/${id}/roles`, {
      role: "org_admin",
      organizationId: context.tree.east.id,
    });
    const list = await inject(east, "GET", `/users?organizationId=${context.tree.east.id}`);
    expect(list.json().items.map((user: { username: string }) => user.username)).not.toContain("twohats");
    expect((await inject(east, "GET", `/users/${id}`)).statusCode).toBe(404);
    expect((await inject(east, "POST", `/users/${id}/disable`)).statusCode).toBe(404);
    expect((await inject(east, "POST", `/users/${id}/password-reset`)).statusCode).toBe(404);
  });
});

describe("POST /users", () => {
  const body = (overrides: object = {}) => ({
    username: "newsecretary",
    displayName: "东二村团支部书记",
    role: "branch_secretary",
    organizationId: context.tree.eastVillage2.id,
    ...overrides,
  });

  it("answers 401, 403 to a branch secretary, 404 outside the scope, writing nothing", async () => {
    const before = await counted();
    expect((await inject(undefined, "POST", "/users", body())).statusCode).toBe(401);
    expect((await inject(secretary, "POST", "/users", body())).statusCode).toBe(403);
    const outside = await inject(
      east,
      "POST",
      "/users",
      body({ organizationId: context.tree.westVillage.id }),
    );
    expect(outside.statusCode).toBe(404);
    // A township administrator can grant nothing at the county.
    const above = await inject(
      east,
      "POST",
      "/users",
      body({ role: "evaluator", organizationId: context.tree.county.id }),
    );
    expect(above.statusCode).toBe(404);
    expect(await counted()).toEqual(before);
  });

  it.each([
    ["username", { username: "a b" }],
    ["displayName", { displayName: "" }],
    ["role", { role: "king" }],
    ["organizationId", { organizationId: 0 }],
  ])("answers 400 naming %s, writing nothing", async (field, overrides) => {
    const before = await counted();
    const response = await inject(east, "POST", "/users", body(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await counted()).toEqual(before);
  });

  it("refuses a role above one's own or on the wrong kind of organization, writing nothing", async () => {
    const before = await counted();
    const system = await inject(county, "POST", "/users", body({ role: "system_admin" }));
    expect(system.statusCode).toBe(403);
    expect(system.json().error).toMatchObject({ code: "role_not_grantable", field: "role" });
    const onTownship = await inject(east, "POST", "/users", body({ organizationId: context.tree.east.id }));
    expect(onTownship.statusCode).toBe(422);
    expect(onTownship.json().error).toMatchObject({ code: "role_kind_mismatch", field: "organizationId" });
    expect(await counted()).toEqual(before);
  });

  it("answers 409 naming username when it is taken", async () => {
    const response = await inject(east, "POST", "/users", body({ username: "member" }));
    expect(response.statusCode).toBe(409);
    expect(response.json().error.field).toBe("username");
  });

  it("creates the account with a one-time password that must be changed first; audited without it", async () => {
    const response = await inject(east, "POST", "/users", body());
    expect(response.statusCode).toBe(201);
    const { user, oneTimePassword } = response.json();
    expect(user).toMatchObject({
      username: "newsecretary",
      isActive: true,
      mustChangePassword: true,
      roles: [
        {
          role: "branch_secretary",
          organizationId: context.tree.eastVillage2.id,
          organizationName: "东二村团支部",
        },
      ],
    });
    expect(oneTimePassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
    const audit = await latestAuditEntry(context.db, "user.create");
    expect(audit).toMatchObject({
      actorName: "east",
      entityId: String(user.id),
      organizationId: context.tree.eastVillage2.id,
    });
    expect(JSON.stringify(audit)).not.toContain(oneTimePassword);

    // First login: told to change the password; every other route refuses until then.
    const login = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "newsecretary", password: oneTimePassword },
      remoteAddress: "10.9.0.1",
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const session = await logInAs(context.app, "newsecretary", oneTimePassword, "10.9.0.2");
    const members = await inject(session, "GET", `/organizations/${context.tree.eastVillage2.id}/members`);
    expect(members.statusCode).toBe(403);
    expect(members.json().error.code).toBe("password_change_required");
    expect((await inject(session, "GET", "/me")).json().mustChangePassword).toBe(true);

    const weak = await inject(session, "POST", "/me/password", {
      currentPassword: oneTimePassword,
      newPassword: "newsecretary",
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe("newPassword");
    const changed = await inject(session, "POST", "/me/password", {
      currentPassword: oneTimePassword,
      newPassword: "东二村的新密码 2026",
    });
    expect(changed.statusCode).toBe(204);
    expect((await inject(session, "GET", "/me")).json().mustChangePassword).toBe(false);
    const after = await inject(session, "GET", `/organizations/${context.tree.eastVillage2.id}/members`);
    expect(after.statusCode).toBe(200);
    expect(await latestAuditEntry(context.db, "user.change_password")).toMatchObject({
      actorName: "newsecretary",
    });
  });
});

describe("POST /users/{id}/disable and /enable", () => {
  it("answers 401, 403 to a branch secretary, 404 outside the scope, 400 for a bad id", async () => {
    expect((await inject(undefined, "POST", `/users/${ids.member}/disable`)).statusCode).toBe(401);
    expect((await inject(secretary, "POST", `/users/${ids.member}/disable`)).statusCode).toBe(403);
    expect((await inject(east, "POST", `/users/${ids.county}/disable`)).statusCode).toBe(404);
    const bad = await inject(east, "POST", "/users/abc/disable");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
    expect((await inject(county, "POST", `/users/${ids.county}/disable`)).statusCode).toBe(422);
  });

  it("disables: the user's sessions end at once and they cannot log in; enabling lets them in again", async () => {
    await createTestUser(context.db, "leaving", "member", context.tree.eastVillage1.id);
    const session = await logInAs(context.app, "leaving", TEST_PASSWORD, "10.9.1.1");
    const id = (await inject(session, "GET", "/me")).json().id as number;
    const disabled = await inject(east, "POST", `/users/${id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().isActive).toBe(false);
    expect((await inject(session, "GET", "/me")).statusCode).toBe(401);
    const login = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "leaving", password: TEST_PASSWORD },
      remoteAddress: "10.9.1.2",
    });
    expect(login.statusCode).toBe(401);
    expect(await latestAuditEntry(context.db, "auth.login_failed")).toMatchObject({
      actorName: "leaving",
      entityId: String(id),
      organizationId: context.tree.eastVillage1.id,
      detail: { reason: "disabled" },
    });
    expect(await latestAuditEntry(context.db, "user.disable")).toMatchObject({
      actorName: "east",
      entityId: String(id),
      after: { isActive: false },
    });
    const enabled = await inject(east, "POST", `/users/${id}/enable`);
    expect(enabled.json().isActive).toBe(true);
    await logInAs(context.app, "leaving", TEST_PASSWORD, "10.9.1.3");
  });
});

describe("POST /users/{id}/password-reset", () => {
  it("answers 401, 403, 404 outside the scope", async () => {
    expect((await inject(undefined, "POST", `/users/${ids.secretary}/password-reset`)).statusCode).toBe(401);
    expect((await inject(secretary, "POST", `/users/${ids.secretary}/password-reset`)).statusCode).toBe(403);
    expect((await inject(east, "POST", `/users/${ids.county}/password-reset`)).statusCode).toBe(404);
  });

  it("gives a one-time password, ends the user's sessions, the old password stops working", async () => {
    await createTestUser(context.db, "forgetful", "branch_secretary", context.tree.westVillage.id);
    const session = await logInAs(context.app, "forgetful", TEST_PASSWORD, "10.9.2.1");
    const id = (await inject(session, "GET", "/me")).json().id as number;
    const reset = await inject(county, "POST", `/users/${id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().user.mustChangePassword).toBe(true);
    expect((await inject(session, "GET", "/me")).statusCode).toBe(401);
    await expect(logInAs(context.app, "forgetful", TEST_PASSWORD, "10.9.2.2")).rejects.toThrow(/failed/);
    const fresh = await logInAs(context.app, "forgetful", reset.json().oneTimePassword, "10.9.2.3");
    expect((await inject(fresh, "GET", "/me")).json().mustChangePassword).toBe(true);
    const audit = await latestAuditEntry(context.db, "user.reset_password");
    expect(audit).toMatchObject({ actorName: "county", entityId: String(id) });
    expect(JSON.stringify(audit)).not.toContain(reset.json().oneTimePassword);
  });
});

describe("POST /users/{id}/roles and DELETE /users/{id}/roles/{roleId}", () => {
  it("answers 401, 403, 404 for a user or organization outside the scope, 400 naming the field", async () => {
    const url = `/users/${ids.secretary}/roles`;
    const grant = { role: "evaluator", organizationId: context.tree.east.id };
    const before = await counted();
    expect((await inject(undefined, "POST", url, grant)).statusCode).toBe(401);
    expect((await inject(secretary, "POST", url, grant)).statusCode).toBe(403);
    expect((await inject(east, "POST", `/users/${ids.county}/roles`, grant)).statusCode).toBe(404);
    const above = await inject(east, "POST", url, {
      role: "evaluator",
      organizationId: context.tree.county.id,
    });
    expect(above.statusCode).toBe(404);
    const bad = await inject(east, "POST", url, { role: "evaluator" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("organizationId");
    expect(await counted()).toEqual(before);
  });

  it("grants inside the scope (audited under the organization), 409 twice, revokes, never the last role", async () => {
    const granted = await inject(east, "POST", `/users/${ids.secretary}/roles`, {
      role: "evaluator",
      organizationId: context.tree.east.id,
    });
    expect(granted.statusCode).toBe(201);
    const evaluator = granted.json().roles.find((role: { role: string }) => role.role === "evaluator") as {
      id: number;
    };
    expect(await latestAuditEntry(context.db, "user.grant_role")).toMatchObject({
      actorName: "east",
      organizationId: context.tree.east.id,
      detail: { role: "evaluator" },
    });
    const again = await inject(east, "POST", `/users/${ids.secretary}/roles`, {
      role: "evaluator",
      organizationId: context.tree.east.id,
    });
    expect(again.statusCode).toBe(409);

    expect(
      (await inject(undefined, "DELETE", `/users/${ids.secretary}/roles/${evaluator.id}`)).statusCode,
    ).toBe(401);
    expect(
      (await inject(secretary, "DELETE", `/users/${ids.secretary}/roles/${evaluator.id}`)).statusCode,
    ).toBe(403);
    const revoked = await inject(east, "DELETE", `/users/${ids.secretary}/roles/${evaluator.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().roles.map((role: { role: string }) => role.role)).toEqual(["branch_secretary"]);
    const last = revoked.json().roles[0] as { id: number };
    const refused = await inject(east, "DELETE", `/users/${ids.secretary}/roles/${last.id}`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: "last_role", field: "roleId" });
    expect((await inject(east, "DELETE", `/users/${ids.secretary}/roles/999999`)).statusCode).toBe(404);
  });
});

describe("POST /users/branch-secretaries", () => {
  it("answers 401, 403, 404 outside the scope, 400 naming organizationId, writing nothing", async () => {
    const before = await counted();
    const payload = { organizationId: context.tree.county.id };
    expect((await inject(undefined, "POST", "/users/branch-secretaries", payload)).statusCode).toBe(401);
    expect((await inject(secretary, "POST", "/users/branch-secretaries", payload)).statusCode).toBe(403);
    expect((await inject(east, "POST", "/users/branch-secretaries", payload)).statusCode).toBe(404);
    const bad = await inject(county, "POST", "/users/branch-secretaries", {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("organizationId");
    expect(await counted()).toEqual(before);
  });

  it("creates one account per branch without a secretary and hands out the one-time passwords as .xlsx; a second run creates none", async () => {
    // eastVillage1 and westVillage have secretaries (secretary, forgetful), eastVillage2 got newsecretary.
    const spare = await context.app.inject({
      method: "POST",
      url: "/api/v1/organizations",
      headers: county.headers,
      payload: {
        parentId: context.tree.west.id,
        kind: "branch",
        name: "西二村团支部",
        code: "990001101002",
        level: "grassroots",
        sector: "rural",
      },
    });
    expect(spare.statusCode).toBe(201);
    const branchId = spare.json().id as number;
    const response = await inject(county, "POST", "/users/branch-secretaries", {
      organizationId: context.tree.county.id,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/spreadsheetml/);
    expect(response.headers["x-created-count"]).toBe("1");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("账号");
    const row = sheet?.getRow(3).values as unknown[];
    expect(row.slice(1, 4)).toEqual(["西二村团支部", "990001101002", `sj${branchId}`]);
    const password = String(row[5]);
    const session = await logInAs(context.app, `sj${branchId}`, password, "10.9.3.1");
    expect((await inject(session, "GET", "/me")).json()).toMatchObject({
      mustChangePassword: true,
      roles: [{ role: "branch_secretary", organizationId: branchId }],
    });
    const audit = await latestAuditEntry(context.db, "user.export_one_time_passwords");
    expect(audit).toMatchObject({
      actorName: "county",
      detail: { accounts: 1, usernames: [`sj${branchId}`] },
    });
    expect(JSON.stringify(audit)).not.toContain(password);
    const again = await inject(county, "POST", "/users/branch-secretaries", {
      organizationId: context.tree.county.id,
    });
    expect(again.headers["x-created-count"]).toBe("0");
  });
});

describe("POST /me/password", () => {
  it("answers 401 without a session and 400 naming currentPassword when it is wrong, changing nothing", async () => {
    const payload = { currentPassword: "wrong password", newPassword: "a brand new password" };
    expect((await inject(undefined, "POST", "/me/password", payload)).statusCode).toBe(401);
    const session = await logInAs(context.app, "member", TEST_PASSWORD, "10.9.4.1");
    const before = await counted();
    const wrong = await inject(session, "POST", "/me/password", payload);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: "wrong_current_password", field: "currentPassword" });
    const missing = await inject(session, "POST", "/me/password", { currentPassword: TEST_PASSWORD });
    expect(missing.json().error.field).toBe("newPassword");
    const common = await inject(session, "POST", "/me/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "Password123",
    });
    expect(common.json().error).toMatchObject({ code: "weak_password", field: "newPassword" });
    expect(await counted()).toEqual(before);
  });

  it("changes the password, ends the user's other sessions and keeps this one", async () => {
    await createTestUser(context.db, "changer", "member", context.tree.eastVillage1.id);
    const [first, second] = [
      await logInAs(context.app, "changer", TEST_PASSWORD, "10.9.5.1"),
      await logInAs(context.app, "changer", TEST_PASSWORD, "10.9.5.2"),
    ];
    const response = await inject(first, "POST", "/me/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new password",
    });
    expect(response.statusCode).toBe(204);
    expect((await inject(first, "GET", "/me")).statusCode).toBe(200);
    expect((await inject(second, "GET", "/me")).statusCode).toBe(401);
    await logInAs(context.app, "changer", "a brand new password", "10.9.5.3");
  });
});

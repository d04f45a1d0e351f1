import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { countRows, latestAuditEntry } from "../../test/database-state";
import {
  createTestApp,
  createUserWithoutRoles,
  logInAs,
  TEST_PASSWORD,
  type TestSession,
} from "../../test/factories";
import { INVALID_CREDENTIALS_MESSAGE } from "./auth.service";

let context: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  context = await createTestApp();
});
afterAll(async () => context.close());

/** A login attempt from a given client address (the rate limit counts per address and user name). */
function attemptLogin(payload: unknown, remoteAddress = "127.0.0.1") {
  return context.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: payload as object,
    remoteAddress,
  });
}

/** The rows that logging in and out write: sessions and audit entries. */
function countSessionsAndAudit() {
  return countRows(context.db, ["user_session", "audit_log"]);
}

describe("POST /auth/login", () => {
  it("logs in: sets an httpOnly session cookie and answers the user, roles, permissions and CSRF token", async () => {
    const before = await countSessionsAndAudit();
    const response = await attemptLogin({ username: "east", password: TEST_PASSWORD }, "10.0.0.1");
    expect(response.statusCode).toBe(200);
    expect(await countSessionsAndAudit()).toEqual({
      user_session: (before.user_session ?? 0) + 1,
      audit_log: (before.audit_log ?? 0) + 1,
    });
    expect(await latestAuditEntry(context.db, "auth.login")).toMatchObject({
      actorName: "east",
      entityType: "user",
      entityId: String(response.json().id),
    });
    const cookie = response.cookies.find((candidate) => candidate.name === "tuanwu_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const body = response.json();
    expect(body).toMatchObject({
      username: "east",
      roles: [
        { role: "org_admin", organizationId: context.tree.east.id, organizationName: "共青团东河镇委员会" },
      ],
      scopeRoot: { id: context.tree.east.id, name: "共青团东河镇委员会" },
    });
    expect(body.permissions).toContain("organization:write");
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(body.mustChangePassword).toBe(false);
    expect(JSON.stringify({ ...body, mustChangePassword: undefined })).not.toMatch(/password/i);
  });

  it("answers 401 with one generic message for a wrong password and for an unknown user, opening no session; each refusal audited without the password (issue 17)", async () => {
    const before = await countSessionsAndAudit();
    const wrongPassword = await attemptLogin({ username: "east", password: "wrong password" }, "10.0.0.2");
    const unknownUser = await attemptLogin({ username: "nobody", password: TEST_PASSWORD }, "10.0.0.2");
    for (const response of [wrongPassword, unknownUser]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: "invalid_credentials", message: INVALID_CREDENTIALS_MESSAGE },
      });
      expect(response.cookies).toEqual([]);
    }
    expect(await countSessionsAndAudit()).toEqual({
      user_session: before.user_session,
      audit_log: (before.audit_log ?? 0) + 2,
    });
    const failures = await queryRows<{ actor_name: string; organization_id: number | null; text: string }>(
      context.db,
      sql`select actor_name, organization_id, detail::text || coalesce(before::text, '') || coalesce(after::text, '') as text
        from audit_log where action = 'auth.login_failed' order by id desc limit 2`,
    );
    expect(failures.map((row) => [row.actor_name, row.organization_id])).toEqual([
      ["no***", null],
      ["east", context.tree.east.id],
    ]);
    expect(failures.map((row) => row.text).join()).not.toMatch(/wrong password|correct horse/);
  });

  it("answers 400 naming the missing field, and opens no session", async () => {
    const before = await countSessionsAndAudit();
    const response = await attemptLogin({ username: "east" }, "10.0.0.3");
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field: "password" });
    const blank = await attemptLogin({ username: "  ", password: "x" }, "10.0.0.3");
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe("username");
    expect(await countSessionsAndAudit()).toEqual(before);
  });

  it("answers 400 malformed_json for a body that is not JSON", async () => {
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"username": "east", "password": ',
      remoteAddress: "10.0.0.4",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "malformed_json", field: "body" });
  });

  it("rate limits after loginAttemptsPerMinute (5) attempts per address and user name, even with the right password", async () => {
    const address = "10.0.0.5";
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await attemptLogin({ username: "secretary", password: `wrong ${attempt}` }, address);
      expect(response.statusCode).toBe(401);
    }
    const limited = await attemptLogin({ username: "secretary", password: TEST_PASSWORD }, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(limited.cookies).toEqual([]);
    // Another user from the same address is not locked out by someone else's failures.
    const otherUser = await attemptLogin({ username: "member", password: TEST_PASSWORD }, address);
    expect(otherUser.statusCode).toBe(200);
  });
});

describe("POST /auth/login from one address trying many user names", () => {
  it("is limited per address (loginAttemptsPerAddressPerMinute, 30 by default) with the same generic message", async () => {
    const address = "10.0.0.30";
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const response = await attemptLogin(
        { username: `guess${attempt}`, password: "wrong password" },
        address,
      );
      expect(response.statusCode).toBe(401);
    }
    const before = await countSessionsAndAudit();
    const limited = await attemptLogin({ username: "east", password: TEST_PASSWORD }, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: "rate_limited" });
    expect(limited.json().error.message).toBe(
      "尝试次数过多，请稍后再试 / too many attempts, try again later",
    );
    expect(limited.cookies).toEqual([]);
    expect((await countSessionsAndAudit()).user_session).toBe(before.user_session);
    // Another address is not limited by this one.
    const elsewhere = await attemptLogin({ username: "east", password: TEST_PASSWORD }, "10.0.0.31");
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe("audit of refused logins (issue 17 part 2)", () => {
  it("audits a rate-limited login once per address, user name and minute, without the password", async () => {
    const address = "10.0.0.6";
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      await attemptLogin({ username: "member", password: `secret-try-${attempt}` }, address);
    }
    // The entry is written after the 429 is decided: wait for it.
    let rows: Array<{ actor_name: string; organization_id: number | null; text: string }> = [];
    for (let wait = 0; wait < 50 && rows.length === 0; wait += 1) {
      rows = await queryRows(
        context.db,
        sql`select actor_name, organization_id, detail::text as text from audit_log
          where action = 'auth.login_rate_limited' and detail->>'address' = ${address}`,
      );
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_name: "member", organization_id: context.tree.eastVillage1.id });
    expect(rows[0]?.text).not.toMatch(/secret-try/);
  });
});

describe("GET /me", () => {
  let member: TestSession;
  beforeAll(async () => {
    member = await logInAs(context.app, "member");
  });

  it("answers 401 without a session, and with an unknown session token", async () => {
    const anonymous = await context.app.inject({ method: "GET", url: "/api/v1/me" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe("unauthorized");
    const forged = await context.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: "tuanwu_session=not-a-real-token" },
    });
    expect(forged.statusCode).toBe(401);
  });

  it("returns the member's role, scope root and the read-only permission set", async () => {
    const response = await context.app.inject({ method: "GET", url: "/api/v1/me", headers: member.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      username: "member",
      roles: [
        {
          role: "member",
          organizationId: context.tree.eastVillage1.id,
          organizationName: "东一村团支部",
          organizationPath: context.tree.eastVillage1.path,
          permissions: ["organization:read"],
        },
      ],
      scopeRoot: { id: context.tree.eastVillage1.id, name: "东一村团支部" },
      permissions: ["organization:read"],
      csrfToken: member.csrfToken,
    });
  });

  it("gives a system administrator the top of the tree as scope root", async () => {
    const admin = await logInAs(context.app, "admin");
    const response = await context.app.inject({ method: "GET", url: "/api/v1/me", headers: admin.headers });
    expect(response.json()).toMatchObject({
      roles: [{ role: "system_admin", organizationId: null, organizationName: null, organizationPath: null }],
      scopeRoot: { id: context.tree.county.id, name: "共青团测试县委员会" },
    });
  });

  it("answers 403 to a user whose roles grant no permission", async () => {
    await createUserWithoutRoles(context.db, "roleless", context.tree.east.id);
    const roleless = await logInAs(context.app, "roleless");
    const response = await context.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: roleless.headers,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("forbidden");
  });
});

describe("POST /auth/logout", () => {
  it("answers 204 without a session (public, idempotent)", async () => {
    const response = await context.app.inject({ method: "POST", url: "/api/v1/auth/logout" });
    expect(response.statusCode).toBe(204);
  });

  it("refuses a logout without the CSRF header (403 csrf_mismatch) and keeps the session", async () => {
    const session = await logInAs(context.app, "secretary", TEST_PASSWORD, "10.0.1.1");
    const before = await countSessionsAndAudit();
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({ code: "csrf_mismatch", field: "x-csrf-token" });
    expect(await countSessionsAndAudit()).toEqual(before);
    const me = await context.app.inject({ method: "GET", url: "/api/v1/me", headers: session.headers });
    expect(me.statusCode).toBe(200);
  });

  it("ends the session: cookie cleared, session row deleted, logout audited, the old cookie dead", async () => {
    const session = await logInAs(context.app, "secretary", TEST_PASSWORD, "10.0.1.2");
    const before = await countSessionsAndAudit();
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: session.headers,
    });
    expect(response.statusCode).toBe(204);
    const cleared = response.cookies.find((cookie) => cookie.name === "tuanwu_session");
    expect(cleared?.value).toBe("");
    expect(await countSessionsAndAudit()).toEqual({
      user_session: (before.user_session ?? 0) - 1,
      audit_log: (before.audit_log ?? 0) + 1,
    });
    expect(await latestAuditEntry(context.db, "auth.logout")).toMatchObject({ actorName: "secretary" });
    const me = await context.app.inject({ method: "GET", url: "/api/v1/me", headers: session.headers });
    expect(me.statusCode).toBe(401);
  });
});

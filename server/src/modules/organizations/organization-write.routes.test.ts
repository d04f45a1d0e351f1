import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, latestAuditEntry, organizationSnapshot } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";

/** POST /organizations and PATCH /organizations/{id}: refusals write nothing, successes are audited. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
});
afterAll(async () => context.close());

function send(method: "POST" | "PATCH", url: string, payload: unknown, headers?: Record<string, string>) {
  return context.app.inject({ method, url, payload: payload as object, ...(headers ? { headers } : {}) });
}

/** Runs `write` and checks it answered `status` with `error` and left organizations and the audit log as they were. */
async function expectRefusedWithoutWrites(
  write: () => ReturnType<typeof send>,
  status: number,
  error: { code?: string; field?: string },
) {
  const counts = await countRows(context.db);
  const organizations = await organizationSnapshot(context.db);
  const response = await write();
  expect(response.statusCode).toBe(status);
  expect(response.json().error).toMatchObject(error);
  expect(await countRows(context.db)).toEqual(counts);
  expect(await organizationSnapshot(context.db)).toEqual(organizations);
  return response;
}

const newBranch = () => ({
  parentId: context.tree.east.id,
  kind: "branch",
  level: "grassroots",
  sector: "rural",
  name: "东三村团支部",
});

describe("POST /organizations", () => {
  it("answers 401 without a session and writes nothing", async () => {
    await expectRefusedWithoutWrites(() => send("POST", "/api/v1/organizations", newBranch()), 401, {
      code: "unauthorized",
    });
  });

  it("answers 404 for a parent outside the scope", async () => {
    await expectRefusedWithoutWrites(
      () =>
        send(
          "POST",
          "/api/v1/organizations",
          { ...newBranch(), parentId: context.tree.west.id },
          east.headers,
        ),
      404,
      { code: "not_found" },
    );
  });

  it.each([
    ["member", () => member],
    ["branch secretary", () => secretary],
  ])("answers 403 to a %s (no organization:write) inside the scope", async (_role, session) => {
    await expectRefusedWithoutWrites(
      () =>
        send(
          "POST",
          "/api/v1/organizations",
          { ...newBranch(), parentId: context.tree.eastVillage1.id },
          session().headers,
        ),
      403,
      { code: "forbidden" },
    );
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: undefined }, "name"],
    [{ kind: "league" }, "kind"],
    [{ sector: "mining" }, "sector"],
    [{ parentId: "east" }, "parentId"],
    [{ code: "东河 001" }, "code"],
    [{ divisionCode: "12345" }, "divisionCode"],
    [{ foundedOn: "2024-02-30" }, "foundedOn"],
    [{ termStart: "2024-05-01", termEnd: "2023-05-01" }, "termEnd"],
  ])("answers 400 for %j naming the field %s, and writes nothing", async (change, field) => {
    await expectRefusedWithoutWrites(
      () => send("POST", "/api/v1/organizations", { ...newBranch(), ...change }, east.headers),
      400,
      { code: "invalid_input", field },
    );
  });

  it("answers 400 malformed_json for a body that is not JSON, and writes nothing", async () => {
    await expectRefusedWithoutWrites(
      () =>
        context.app.inject({
          method: "POST",
          url: "/api/v1/organizations",
          headers: { ...east.headers, "content-type": "application/json" },
          payload: '{"parentId": 2, "name": "东三村团支部"',
        }),
      400,
      { code: "malformed_json" },
    );
  });

  it("answers 403 csrf_mismatch to a write without the x-csrf-token header, or with another session's, and writes nothing", async () => {
    await expectRefusedWithoutWrites(
      () => send("POST", "/api/v1/organizations", newBranch(), { cookie: east.cookie }),
      403,
      { code: "csrf_mismatch", field: "x-csrf-token" },
    );
    await expectRefusedWithoutWrites(
      () =>
        send("POST", "/api/v1/organizations", newBranch(), {
          cookie: east.cookie,
          "x-csrf-token": member.csrfToken,
        }),
      403,
      { code: "csrf_mismatch" },
    );
  });

  it("answers 422 kind_not_allowed for a committee under a branch, and writes nothing", async () => {
    const response = await expectRefusedWithoutWrites(
      () =>
        send(
          "POST",
          "/api/v1/organizations",
          { ...newBranch(), parentId: context.tree.eastVillage1.id, kind: "committee", name: "某团委" },
          east.headers,
        ),
      422,
      { code: "kind_not_allowed", field: "kind" },
    );
    expect(response.json().error.message).toMatch(/团支部/);
  });

  it("answers 422 for a general branch under a general branch", async () => {
    const general = await send(
      "POST",
      "/api/v1/organizations",
      { ...newBranch(), kind: "general_branch", name: "东河中学团总支", code: "DH-ZZ" },
      east.headers,
    );
    expect(general.statusCode).toBe(201);
    await expectRefusedWithoutWrites(
      () =>
        send(
          "POST",
          "/api/v1/organizations",
          { ...newBranch(), parentId: general.json().id, kind: "general_branch", name: "高一团总支" },
          east.headers,
        ),
      422,
      { code: "kind_not_allowed", field: "kind" },
    );
  });

  it("answers 409 naming code for a duplicate organization code, and writes nothing", async () => {
    await expectRefusedWithoutWrites(
      () => send("POST", "/api/v1/organizations", { ...newBranch(), code: "990001101" }, east.headers),
      409,
      { code: "duplicate", field: "code" },
    );
  });

  it("answers 409 naming divisionCode for a division code that already has an organization", async () => {
    const first = await send(
      "POST",
      "/api/v1/organizations",
      { ...newBranch(), name: "北山村团支部", divisionCode: "990001100204" },
      east.headers,
    );
    expect(first.statusCode).toBe(201);
    await expectRefusedWithoutWrites(
      () =>
        send("POST", "/api/v1/organizations", { ...newBranch(), divisionCode: "990001100204" }, east.headers),
      409,
      { code: "duplicate", field: "divisionCode" },
    );
  });

  it("creates the organization (201) with a generated code and leaves an audit entry", async () => {
    const counts = await countRows(context.db);
    const response = await send(
      "POST",
      "/api/v1/organizations",
      { ...newBranch(), foundedOn: "2020-05-04" },
      east.headers,
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      parentId: context.tree.east.id,
      path: `${context.tree.east.path}${body.id}/`,
      kind: "branch",
      level: "grassroots",
      sector: "rural",
      name: "东三村团支部",
      code: `ORG-${body.id}`,
      foundedOn: "2020-05-04",
      childCount: 0,
      subtreeMemberCount: 0,
      ancestors: [{ id: context.tree.east.id, name: "共青团东河镇委员会" }],
    });
    expect(await countRows(context.db)).toEqual({
      organization: (counts.organization ?? 0) + 1,
      audit_log: (counts.audit_log ?? 0) + 1,
    });
    const audit = await latestAuditEntry(context.db, "organization.create");
    expect(audit).toMatchObject({
      actorName: "east",
      entityType: "organization",
      entityId: String(body.id),
      organizationId: body.id,
      before: null,
      after: expect.objectContaining({
        name: "东三村团支部",
        parentId: context.tree.east.id,
        code: `ORG-${body.id}`,
      }),
    });
    expect(audit?.actorUserId).toEqual(expect.any(Number));
    expect(audit?.after?.createdAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    const children = await context.app.inject({
      method: "GET",
      url: `/api/v1/organizations/${context.tree.east.id}/children`,
      headers: east.headers,
    });
    expect(children.json().items.map((item: { id: number }) => item.id)).toContain(body.id);
  });

  it("finds a created organization by the pinyin initials of its name", async () => {
    const response = await context.app.inject({
      method: "GET",
      url: "/api/v1/organizations?q=dsc",
      headers: east.headers,
    });
    expect(response.json().items.map((item: { name: string }) => item.name)).toEqual(["东三村团支部"]);
  });
});

describe("PATCH /organizations/{id}", () => {
  const url = () => `/api/v1/organizations/${context.tree.eastVillage2.id}`;

  it("answers 401 without a session and writes nothing", async () => {
    await expectRefusedWithoutWrites(() => send("PATCH", url(), { name: "改名" }), 401, {
      code: "unauthorized",
    });
  });

  it("answers 404 outside the scope", async () => {
    await expectRefusedWithoutWrites(
      () =>
        send("PATCH", `/api/v1/organizations/${context.tree.westVillage.id}`, { name: "改名" }, east.headers),
      404,
      { code: "not_found" },
    );
  });

  it("answers 403 to the branch secretary and to a member of the branch", async () => {
    for (const session of [secretary, member]) {
      await expectRefusedWithoutWrites(
        () =>
          send(
            "PATCH",
            `/api/v1/organizations/${context.tree.eastVillage1.id}`,
            { name: "改名" },
            session.headers,
          ),
        403,
        { code: "forbidden" },
      );
    }
  });

  it.each([
    [{ name: "" }, "name"],
    [{ sector: "mining" }, "sector"],
    [{ code: null }, "code"],
    [{ termStart: "2024-13-01" }, "termStart"],
  ])("answers 400 for %j naming the field %s, and writes nothing", async (change, field) => {
    await expectRefusedWithoutWrites(() => send("PATCH", url(), change, east.headers), 400, { field });
  });

  it("answers 409 naming code for a code another organization has", async () => {
    await expectRefusedWithoutWrites(() => send("PATCH", url(), { code: "990001100" }, east.headers), 409, {
      code: "duplicate",
      field: "code",
    });
  });

  it("answers 422 when the patched term would end before the stored start", async () => {
    const first = await send(
      "PATCH",
      url(),
      { termStart: "2023-05-01", termEnd: "2028-05-01" },
      east.headers,
    );
    expect(first.statusCode).toBe(200);
    await expectRefusedWithoutWrites(
      () => send("PATCH", url(), { termEnd: "2022-01-01" }, east.headers),
      422,
      {
        code: "term_end_before_start",
        field: "termEnd",
      },
    );
  });

  it("updates the given fields, keeps the others, and audits before and after", async () => {
    const counts = await countRows(context.db);
    const response = await send(
      "PATCH",
      url(),
      { name: "东二社区团支部", sector: "community", shortName: "东二社区" },
      east.headers,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: context.tree.eastVillage2.id,
      name: "东二社区团支部",
      shortName: "东二社区",
      sector: "community",
      kind: "branch",
      code: context.tree.eastVillage2.code,
      termStart: "2023-05-01",
    });
    expect((await countRows(context.db)).audit_log).toBe((counts.audit_log ?? 0) + 1);
    const audit = await latestAuditEntry(context.db, "organization.update");
    expect(audit).toMatchObject({
      actorName: "east",
      entityId: String(context.tree.eastVillage2.id),
      before: expect.objectContaining({ name: "东二村团支部", sector: "rural", shortName: null }),
      after: expect.objectContaining({ name: "东二社区团支部", sector: "community", shortName: "东二社区" }),
    });
    const search = await context.app.inject({
      method: "GET",
      url: "/api/v1/organizations?q=desq",
      headers: east.headers,
    });
    expect(search.json().items.map((item: { name: string }) => item.name)).toEqual(["东二社区团支部"]);
  });
});

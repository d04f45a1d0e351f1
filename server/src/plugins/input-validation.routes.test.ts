import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, organizationSnapshot } from "../test/database-state";
import { createTestApp, logInAs, type TestSession } from "../test/factories";

/**
 * Ids and text the probe found answering 500 (issue 17): ids ≥ 2^31 or written oddly, and control
 * characters in any text. Each must answer 400 naming the field, and write nothing.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  admin = await logInAs(context.app, "admin");
});
afterAll(async () => context.close());

function request(method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: unknown) {
  return context.app.inject({
    method,
    url,
    headers: admin.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Runs `send` and checks it answered 400 naming `field`, and wrote nothing. */
async function expectBadInput(send: () => ReturnType<typeof request>, field: string) {
  const counts = await countRows(context.db);
  const organizations = await organizationSnapshot(context.db);
  const response = await send();
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json().error).toMatchObject({ code: "invalid_input", field });
  expect(await countRows(context.db)).toEqual(counts);
  expect(await organizationSnapshot(context.db)).toEqual(organizations);
  return response;
}

const PATHS = [
  "/api/v1/organizations/{id}",
  "/api/v1/organizations/{id}/children",
  "/api/v1/organizations/{id}/plans",
  "/api/v1/plans/{id}",
  "/api/v1/plan-tasks/{id}",
  "/api/v1/evaluation-rounds/{id}",
  "/api/v1/plans/{id}/targets",
  "/api/v1/plans/{id}/units",
  "/api/v1/members/{id}",
];

describe("ids in paths", () => {
  it.each(PATHS.flatMap((path) => ["2147483648", "99999999999", "4294967297"].map((id) => [path, id])))(
    "GET %s with id %s (above 2^31 − 1) → 400 naming id",
    async (path, id) => {
      await expectBadInput(() => request("GET", path.replace("{id}", id)), "id");
    },
  );

  it.each(["0x10", "1e3", "%2B2", "%202", "0", "-1", "1.5", "01"])(
    "GET /organizations/%s → 400 naming id (only plain decimal digits)",
    async (id) => {
      await expectBadInput(() => request("GET", `/api/v1/organizations/${id}`), "id");
    },
  );

  it("still answers the largest id (2^31 − 1) with 404, and a real id with 200", async () => {
    expect((await request("GET", "/api/v1/organizations/2147483647")).statusCode).toBe(404);
    expect((await request("GET", `/api/v1/organizations/${context.tree.east.id}`)).statusCode).toBe(200);
  });
});

describe("ids in bodies", () => {
  it("PATCH /organizations/{id}/move with newParentId 2^31 → 400 naming newParentId", async () => {
    await expectBadInput(
      () =>
        request("POST", `/api/v1/organizations/${context.tree.eastVillage1.id}/move`, {
          newParentId: 2 ** 31,
        }),
      "newParentId",
    );
  });

  it("POST /organizations with parentId 2^31 → 400 naming parentId", async () => {
    await expectBadInput(
      () =>
        request("POST", "/api/v1/organizations", {
          parentId: 2 ** 31,
          kind: "branch",
          level: "grassroots",
          sector: "rural",
          name: "东三村团支部",
        }),
      "parentId",
    );
  });

  it("PUT /plan-units/{id} with organizationId 2^31 → 400 naming organizationId", async () => {
    await expectBadInput(
      () => request("PUT", "/api/v1/plan-units/1", { organizationId: 2 ** 31 }),
      "organizationId",
    );
  });
});

describe("control characters and blank text", () => {
  it("GET /organizations?q= with a NUL byte → 400 naming q", async () => {
    await expectBadInput(() => request("GET", "/api/v1/organizations?q=%E4%B8%9C%00"), "q");
  });

  it("POST /auth/login with a NUL byte in the user name → 400 naming username, no session", async () => {
    const counts = await countRows(context.db, ["user_session", "audit_log"]);
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "admin\u0000", password: "whatever password" },
      remoteAddress: "10.9.9.9",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field: "username" });
    expect(await countRows(context.db, ["user_session", "audit_log"])).toEqual(counts);
  });

  const newBranch = (name: string) => ({
    parentId: context.tree.east.id,
    kind: "branch",
    level: "grassroots",
    sector: "rural",
    name,
  });

  it.each([
    ["a NUL byte", "东三村\u0000团支部"],
    ["an escape character", "东三村\u001b[31m团支部"],
    ["a C1 control character", "东三村\u0085团支部"],
  ])("POST /organizations with %s in the name → 400 naming name", async (_what, name) => {
    await expectBadInput(() => request("POST", "/api/v1/organizations", newBranch(name)), "name");
  });

  it.each([
    ["a zero-width space", "\u200b"],
    ["zero-width characters and spaces", " \u200b\u200c\u200d\ufeff\u3000 "],
    ["a word joiner", "\u2060"],
  ])("POST /organizations with a name of only %s → 400 naming name", async (_what, name) => {
    const response = await expectBadInput(
      () => request("POST", "/api/v1/organizations", newBranch(name)),
      "name",
    );
    expect(response.json().error.message).toContain("不能为空");
  });

  it("still accepts a name with an inner zero-width joiner and multi-line text elsewhere", async () => {
    const response = await request("POST", "/api/v1/organizations", newBranch("东三村\u200d团支部"));
    expect(response.statusCode, response.body).toBe(201);
  });
});

describe("uploads and bodies over the limit", () => {
  it("a member import over the upload limit (32 MB) answers 413 file_too_large, not not_xlsx, and writes nothing", async () => {
    const content = Buffer.alloc(33 * 1024 * 1024, 0x50);
    content.write("PK\u0003\u0004", 0, "latin1");
    const boundary = "----tuanwu-too-large";
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.xlsx"\r\n` +
          "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const counts = await countRows(context.db);
    const response = await context.app.inject({
      method: "POST",
      url: `/api/v1/organizations/${context.tree.eastVillage1.id}/member-imports?dryRun=false`,
      payload,
      headers: { ...admin.headers, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().error).toMatchObject({ code: "file_too_large", field: "file" });
    expect(response.json().error.message).toContain("too large");
    expect(await countRows(context.db)).toEqual(counts);
  });

  it("a JSON body over 1 MB answers 413", async () => {
    const response = await request("POST", "/api/v1/organizations", { name: "x".repeat(1024 * 1024 + 1) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("file_too_large");
  });
});

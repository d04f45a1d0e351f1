import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createUserWithoutRoles, logInEach, type TestSession } from "../../test/factories";

/** Reads of the organization tree: search, one organization, children. Writes: organization-write / -move tests. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let roleless: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  await createUserWithoutRoles(context.db, "roleless", context.tree.east.id);
  [county, east, member, roleless] = await logInEach(context.app, ["county", "east", "member", "roleless"]);
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return context.app.inject({ method: "GET", url, ...(session ? { headers: session.headers } : {}) });
}

function names(body: { items: { name: string }[] }): string[] {
  return body.items.map((item) => item.name);
}

describe("GET /organizations", () => {
  it("answers 401 without a session", async () => {
    const response = await get("/api/v1/organizations?q=东河");
    expect(response.statusCode).toBe(401);
  });

  it("answers 403 to a user whose roles grant no permission", async () => {
    const response = await get("/api/v1/organizations?q=东河", roleless);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("forbidden");
  });

  it.each([
    ["limit=101", "limit"],
    ["limit=0", "limit"],
    ["divisionCode=51a", "divisionCode"],
    [`q=${"东".repeat(51)}`, "q"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await get(`/api/v1/organizations?${encodeURI(query)}`, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field });
  });

  it("finds by name, pinyin initials of the short name and exact code, shallowest first", async () => {
    const byName = await get(`/api/v1/organizations?q=${encodeURIComponent("河镇")}`, county);
    expect(byName.statusCode).toBe(200);
    expect(names(byName.json())).toEqual(["共青团东河镇委员会", "共青团西河镇委员会"]);
    const byInitials = await get("/api/v1/organizations?q=DHZ", county);
    expect(names(byInitials.json())).toEqual(["共青团东河镇委员会"]);
    const byCode = await get("/api/v1/organizations?q=990001101", county);
    expect(byCode.json().items).toEqual([
      expect.objectContaining({
        id: context.tree.west.id,
        parentId: context.tree.county.id,
        kind: "committee",
        level: "township",
        code: "990001101",
        childCount: 1,
        subtreeMemberCount: 1,
      }),
    ]);
  });

  it("treats LIKE wildcards in q as plain text", async () => {
    const response = await get("/api/v1/organizations?q=%25", county);
    expect(response.json().items).toEqual([]);
  });

  it("lists only the actor's subtree: the township admin never finds the other township", async () => {
    const other = await get(`/api/v1/organizations?q=${encodeURIComponent("西")}`, east);
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
    const everything = await get("/api/v1/organizations?limit=100", east);
    expect(names(everything.json())).toEqual(["共青团东河镇委员会", "东一村团支部", "东二村团支部"]);
  });

  it("honours the limit", async () => {
    const response = await get("/api/v1/organizations?limit=2", county);
    expect(response.json().items).toHaveLength(2);
    expect(response.json().items[0].name).toBe("共青团测试县委员会");
  });
});

describe("GET /organizations/{id}", () => {
  it("answers 401 without a session", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.east.id}`);
    expect(response.statusCode).toBe(401);
  });

  it("answers 404 outside the user's subtree, the same as for an id that does not exist", async () => {
    const outside = await get(`/api/v1/organizations/${context.tree.west.id}`, east);
    const missing = await get("/api/v1/organizations/999999", east);
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
  });

  it("answers 404 to a member for the township above their branch", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.east.id}`, member);
    expect(response.statusCode).toBe(404);
  });

  it("answers 403 to a user whose roles grant no permission", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.east.id}`, roleless);
    expect(response.statusCode).toBe(403);
  });

  it.each(["abc", "0", "-1", "1.5"])("answers 400 naming the parameter for the id %s", async (id) => {
    const response = await get(`/api/v1/organizations/${id}`, east);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });

  it("returns the organization with counts and in-scope ancestors", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.eastVillage1.id}`, east);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id: context.tree.eastVillage1.id,
      parentId: context.tree.east.id,
      path: context.tree.eastVillage1.path,
      name: "东一村团支部",
      kind: "branch",
      childCount: 0,
      subtreeMemberCount: 2,
    });
    expect(body.ancestors.map((a: { name: string }) => a.name)).toEqual(["共青团东河镇委员会"]);
    expect(body).not.toHaveProperty("nameInitials");
  });

  it("shows the county administrator the whole breadcrumb from the county", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.eastVillage1.id}`, county);
    expect(response.json().ancestors).toEqual([
      { id: context.tree.county.id, name: "共青团测试县委员会" },
      { id: context.tree.east.id, name: "共青团东河镇委员会" },
    ]);
  });

  it("lets a member read their own branch", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.eastVillage1.id}`, member);
    expect(response.statusCode).toBe(200);
    expect(response.json().ancestors).toEqual([]);
  });
});

describe("GET /organizations/{id}/children", () => {
  it("answers 401 without a session", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.county.id}/children`);
    expect(response.statusCode).toBe(401);
  });

  it("answers 404 for a parent outside the scope", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.county.id}/children`, east);
    expect(response.statusCode).toBe(404);
  });

  it("answers 403 to a user whose roles grant no permission", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.east.id}/children`, roleless);
    expect(response.statusCode).toBe(403);
  });

  it("answers 400 naming the parameter for a non-numeric id", async () => {
    const response = await get("/api/v1/organizations/x/children", county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });

  it("lists children with subtree member counts", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.county.id}/children`, county);
    expect(response.statusCode).toBe(200);
    const counts = Object.fromEntries(
      response
        .json()
        .items.map((item: { name: string; subtreeMemberCount: number; childCount: number }) => [
          item.name,
          [item.childCount, item.subtreeMemberCount],
        ]),
    );
    expect(counts).toEqual({ 共青团东河镇委员会: [2, 3], 共青团西河镇委员会: [1, 1] });
  });

  it("answers an empty list for a branch", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.eastVillage2.id}/children`, east);
    expect(response.json()).toEqual({ items: [] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, logInEach, type TestSession, testMember } from "../../test/factories";
import { insertMembersWithHistory } from "./member-bulk.repository";

/** GET /organizations/{id}/members: search, filter, paging, masking and the subtree scope. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

interface Item {
  id: number;
  name: string;
  citizenId: string;
  phone: string | null;
  memberNumber: string | null;
  status: string;
  organizationName: string;
}

beforeAll(async () => {
  context = await createTestApp();
  // Besides the county's four active members (张三, 李四 in 东一村; 王五 in 东二村; 赵六 in 西一村):
  await insertMembersWithHistory(context.db, [
    testMember(context.tree.eastVillage2.id, "张珊珊", "zss", "11010520060707123X", "female", {
      status: "lapsed",
      statusSince: "2025-01-01",
      phone: null,
      memberNumber: null,
    }),
    testMember(context.tree.eastVillage1.id, "钱%_七", "qq", "110105200808080074", "male", {
      status: "transferring",
      statusSince: "2025-03-01",
    }),
  ]);
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

async function list(organizationId: number, query: string, session: TestSession | undefined) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/organizations/${organizationId}/members${query ? `?${query}` : ""}`,
    ...(session ? { headers: session.headers } : {}),
  });
}

async function namesOf(organizationId: number, query: string, session = east): Promise<string[]> {
  const response = await list(organizationId, query, session);
  expect(response.statusCode).toBe(200);
  return (response.json().items as Item[]).map((item) => item.name);
}

describe("GET /organizations/{id}/members — refusals", () => {
  it("answers 401 without a session", async () => {
    const response = await list(context.tree.east.id, "", undefined);
    expect(response.statusCode).toBe(401);
  });

  it("answers 404 for another township's organization", async () => {
    const response = await list(context.tree.west.id, "", east);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("not_found");
    expect((await list(context.tree.county.id, "", east)).statusCode).toBe(404);
  });

  it("answers 404 to a branch secretary for the neighbouring branch", async () => {
    const response = await list(context.tree.eastVillage2.id, "", secretary);
    expect(response.statusCode).toBe(404);
  });

  it("answers 403 to a member (no member:read) for their own branch", async () => {
    const response = await list(context.tree.eastVillage1.id, "", member);
    expect(response.statusCode).toBe(403);
  });

  it.each([
    ["pageSize=101", "pageSize"],
    ["pageSize=0", "pageSize"],
    ["page=0", "page"],
    ["page=x", "page"],
    ["status=deleted", "status"],
    [`q=${"张".repeat(51)}`, "q"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await list(context.tree.east.id, encodeURI(query), east);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field });
    expect(response.json().error.message).toContain(field);
  });

  it("answers 400 naming the id for a non-numeric organization", async () => {
    const response = await list(Number.NaN, "", east);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });
});

describe("GET /organizations/{id}/members — search", () => {
  it("lists the whole subtree with citizen ID and phone masked", async () => {
    const response = await list(context.tree.east.id, "", east);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 5, page: 1, pageSize: 20 });
    const zhangSan = (body.items as Item[]).find((item) => item.name === "张三");
    expect(zhangSan).toMatchObject({
      citizenId: "1101**********0016",
      phone: "138****5678",
      memberNumber: "9900012020000100",
      status: "active",
      sex: "male",
      birthDate: "2005-01-01",
      organizationName: "东一村团支部",
    });
    expect(zhangSan).toHaveProperty("age", expect.any(Number));
    const zhangShanshan = (body.items as Item[]).find((item) => item.name === "张珊珊");
    expect(zhangShanshan).toMatchObject({ citizenId: "1101**********123X", phone: null });
    expect(response.body).not.toMatch(/110105200501010016|13812345678/);
  });

  it("finds by name (contains)", async () => {
    expect(await namesOf(context.tree.east.id, `q=${encodeURIComponent("张")}`)).toEqual(["张三", "张珊珊"]);
    expect(await namesOf(context.tree.east.id, `q=${encodeURIComponent("三")}`)).toEqual(["张三"]);
  });

  it("finds by pinyin initials (prefix, any case)", async () => {
    expect(await namesOf(context.tree.east.id, "q=zs")).toEqual(["张三", "张珊珊"]);
    expect(await namesOf(context.tree.east.id, "q=ZSS")).toEqual(["张珊珊"]);
    expect(await namesOf(context.tree.east.id, "q=ww")).toEqual(["王五"]);
  });

  it("finds by the last four characters of the citizen ID, an X in either case", async () => {
    expect(await namesOf(context.tree.east.id, "q=0016")).toEqual(["张三"]);
    expect(await namesOf(context.tree.east.id, "q=123x")).toEqual(["张珊珊"]);
    expect(await namesOf(context.tree.east.id, "q=0202")).toEqual([]);
  });

  it("finds by member number (prefix)", async () => {
    expect(await namesOf(context.tree.east.id, "q=9900012020000300")).toEqual(["王五"]);
    expect(await namesOf(context.tree.east.id, "q=99000120200002")).toEqual(["李四"]);
  });

  it("treats LIKE wildcards in q as plain text", async () => {
    expect(await namesOf(context.tree.east.id, `q=${encodeURIComponent("%")}`)).toEqual(["钱%_七"]);
    expect(await namesOf(context.tree.east.id, "q=_")).toEqual(["钱%_七"]);
  });

  it("filters by status, alone and with q", async () => {
    expect(await namesOf(context.tree.east.id, "status=lapsed")).toEqual(["张珊珊"]);
    expect(await namesOf(context.tree.east.id, "status=transferring")).toEqual(["钱%_七"]);
    expect(await namesOf(context.tree.east.id, "status=active&q=zs")).toEqual(["张三"]);
    const response = await list(context.tree.east.id, "status=expelled", east);
    expect(response.json()).toMatchObject({ items: [], total: 0 });
  });

  it("pages through the list without gaps or repeats, with the total of the whole match", async () => {
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const response = await list(context.tree.east.id, `pageSize=2&page=${page}`, east);
      const body = response.json();
      expect(body).toMatchObject({ total: 5, page, pageSize: 2 });
      expect(body.items.length).toBe(page === 3 ? 1 : 2);
      seen.push(...(body.items as Item[]).map((item) => item.name));
    }
    expect(seen.sort()).toEqual(["张三", "张珊珊", "李四", "王五", "钱%_七"].sort());
    const beyond = await list(context.tree.east.id, "pageSize=2&page=4", east);
    expect(beyond.json()).toMatchObject({ items: [], total: 5 });
  });

  it("narrows every search to the subtree: the township admin never sees the other township's members", async () => {
    expect(await namesOf(context.tree.east.id, `q=${encodeURIComponent("赵六")}`)).toEqual([]);
    expect(await namesOf(context.tree.east.id, "q=zl")).toEqual([]);
    expect(await namesOf(context.tree.east.id, "q=0047")).toEqual([]);
    expect(await namesOf(context.tree.east.id, "q=9900012020000400")).toEqual([]);
    expect(await namesOf(context.tree.county.id, "q=zl", county)).toEqual(["赵六"]);
  });

  it("shows a branch secretary their own branch only", async () => {
    expect(await namesOf(context.tree.eastVillage1.id, "", secretary)).toEqual(["李四", "钱%_七", "张三"]);
  });
});

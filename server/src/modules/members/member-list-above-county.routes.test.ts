import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyScopeOf } from "../../db/county";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { findCitusClusterOfRun } from "../../test/citus-test-cluster";
import {
  createOrganizationRow,
  createTestApp,
  createTestUser,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { memberPageStatement } from "./member.repository";
import { insertMembersWithHistory } from "./member-bulk.repository";

/**
 * GET /organizations/{id}/members of an organization above the county (issue 19): a city, whose
 * counties are distribution buckets of their own on Citus, with a university committee held directly
 * by the city (the city's own bucket). The page, the cursor and the total run over every county, in
 * the list's one order, on every engine (PGlite, PostgreSQL, Citus). On a Citus coordinator such a
 * list takes the walk plan (member.service listMembers): the "branches" plan, a lateral probe per
 * organization into member, cannot be planned by Citus over several shards.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let cityAdmin: TestSession;
type Row = Awaited<ReturnType<typeof createOrganizationRow>>;
let city: Row;
let countyA: Row;
/** Names in the list's order (initials in byte order, then id). */
const cityMembers: { name: string; initials: string }[] = [];
const citus = await findCitusClusterOfRun();

interface Page {
  items: { id: number; name: string; organizationId: number }[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

beforeAll(async () => {
  context = await createTestApp();
  const db = context.db;
  city = await createOrganizationRow(db, {
    name: "共青团测试市委员会",
    level: "city",
    sector: null,
    code: "990100",
  });
  countyA = await createOrganizationRow(db, {
    parent: city,
    name: "共青团甲县委员会",
    level: "county",
    sector: null,
  });
  const countyB = await createOrganizationRow(db, {
    parent: city,
    name: "共青团乙县委员会",
    level: "county",
    sector: null,
  });
  const university = await createOrganizationRow(db, {
    parent: city,
    name: "测试大学团委",
    level: "grassroots",
    sector: "university",
  });
  const branchA = await createOrganizationRow(db, { parent: countyA, kind: "branch", name: "甲一村团支部" });
  const branchB = await createOrganizationRow(db, { parent: countyB, kind: "branch", name: "乙一村团支部" });
  const classBranch = await createOrganizationRow(db, {
    parent: university,
    kind: "branch",
    name: "计算机1班团支部",
    sector: "university",
  });
  // Initials interleaved across the three buckets, so that every page mixes counties.
  const people: [number, string, string][] = [
    [branchA.id, "安一", "ay"],
    [branchB.id, "安二", "ae"],
    [classBranch.id, "包一", "by"],
    [branchA.id, "陈一", "cy"],
    [branchB.id, "陈二", "ce"],
    [classBranch.id, "陈三", "cs"],
    [branchB.id, "丁一", "dy"],
    [branchA.id, "张三", "zs"],
    [classBranch.id, "张四", "zs"],
  ];
  await insertMembersWithHistory(
    db,
    people.map(([organizationId, name, initials], index) =>
      testMember(
        organizationId,
        name,
        initials,
        `11010520050${index + 1}010${String(index).padStart(2, "0")}X`,
        "male",
        {
          memberNumber: `C${String(index).padStart(8, "0")}`,
        },
      ),
    ),
  );
  cityMembers.push(
    ...people
      .map(([, name, initials]) => ({ name, initials }))
      .sort((a, b) => (a.initials < b.initials ? -1 : a.initials > b.initials ? 1 : 0)),
  );
  await createTestUser(db, "city", "org_admin", city.id);
  [cityAdmin] = await logInEach(context.app, ["city"]);
});
afterAll(async () => context?.close());

async function page(organizationId: number, query: string): Promise<Page> {
  const response = await context.app.inject({
    method: "GET",
    url: `/api/v1/organizations/${organizationId}/members?${query}`,
    headers: cityAdmin.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
}

describe("GET /organizations/{id}/members above the county", () => {
  it("the city is no county bucket; its counties and the university committee are", async () => {
    const rows = await queryRows<{ id: number; level: string; county_id: number }>(
      context.db,
      sql`select id, level, county_id from organization where path like ${`${city.path}%`} and kind <> 'branch'`,
    );
    const scopes = new Map(
      rows.map((row) => [
        Number(row.id),
        countyScopeOf({ id: Number(row.id), level: row.level, countyId: Number(row.county_id) }),
      ]),
    );
    expect(scopes.get(city.id)).toBeNull();
    expect(scopes.get(countyA.id)).toBe(countyA.id);
    expect([...scopes.values()].filter((scope) => scope === city.id)).toHaveLength(1);
    expect(await isDistributed(context.db)).toBe(citus !== null);
  });

  it("pages the city's members over its counties by cursor, in the list's order, with the exact total", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const current: Page = await page(city.id, `pageSize=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(current.total).toBe(9);
      expect(current.totalExact).toBe(true);
      names.push(...current.items.map((item) => item.name));
      cursor = current.nextCursor;
    } while (cursor);
    // Ties on initials ("zs") by id: 张三 was inserted first.
    expect(names).toEqual(cityMembers.map((member) => member.name));
    const third = await page(city.id, "pageSize=3&page=2");
    expect(third.items.map((item) => item.name)).toEqual(names.slice(3, 6));
  });

  it("searches the city by initials, by name and by status across its counties", async () => {
    const byInitials = await page(city.id, "q=c&pageSize=10");
    expect(byInitials.items.map((item) => item.name)).toEqual(["陈二", "陈三", "陈一"]);
    expect(byInitials).toMatchObject({ total: 3, totalExact: true });
    const byName = await page(city.id, `q=${encodeURIComponent("张")}&pageSize=10`);
    expect(byName.items.map((item) => item.name)).toEqual(["张三", "张四"]);
    expect(byName.total).toBe(2);
    const active = await page(city.id, "status=active&pageSize=1");
    expect(active).toMatchObject({ total: 9, totalExact: true });
    expect(active.items).toHaveLength(1);
  });

  it("still lists one county of the city alone", async () => {
    const current = await page(countyA.id, "pageSize=10");
    expect(current.items.map((item) => item.name)).toEqual(["安一", "陈一", "张三"]);
    expect(current.total).toBe(3);
  });
});

describe.skipIf(citus === null)("the city's list on a Citus coordinator", () => {
  async function explain(statement: SQL): Promise<string> {
    const rows = await queryRows<{ "QUERY PLAN": string }>(context.db, sql`explain ${statement}`);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  }

  it("cannot plan the branches plan over the city's shards, and plans the walk over every shard", async () => {
    const refusal = await explain(
      memberPageStatement(city.path, {}, { offset: 0, limit: 20, plan: "branches" }),
    ).then(
      () => "planned",
      (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
    );
    expect(refusal).toMatch(/push down|not supported/);
    const walk = await explain(memberPageStatement(city.path, {}, { offset: 0, limit: 20, plan: "walk" }));
    const tasks = Number(/Task Count: (\d+)/.exec(walk)?.[1] ?? 0);
    expect(tasks).toBeGreaterThan(1);
  });
});

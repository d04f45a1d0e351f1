import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  createOrganizationRow,
  createTestApp,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { foldMemberCountDeltas } from "../stats/member-count.service";

/**
 * The member counts of the organization tree (detail, children, search) come from the subtree
 * counters plus the pending deltas, never from counting members (issue 18 part 2): they must equal a
 * recount from `member` whether the deltas are folded, few (each delta's branch looked up) or more
 * than the subtree's organizations (the subtree scanned).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let admin: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [county, admin] = await logInEach(context.app, ["county", "admin"]);
});
afterAll(async () => context.close());

/**
 * Current members (active, transferring, flowing) of every organization's subtree, counted one by one:
 * each organization's own members, added up along the paths here (two plain reads, which Citus runs
 * too: a subquery correlated with the tree over the distributed member table it cannot plan).
 */
async function recount(): Promise<Map<number, number>> {
  const organizations = await queryRows<{ id: number; path: string }>(
    context.db,
    sql`select id, path from organization`,
  );
  const own = await queryRows<{ organization_id: number; count: number }>(
    context.db,
    sql`select organization_id, count(*)::int as count from member
         where status in ('active', 'transferring', 'flowing') group by organization_id`,
  );
  const pathOf = new Map(organizations.map((row) => [Number(row.id), row.path]));
  const counts = new Map(organizations.map((row) => [Number(row.id), 0]));
  for (const row of own) {
    const path = pathOf.get(Number(row.organization_id)) ?? "";
    for (const ancestor of path.split("/").filter(Boolean).map(Number)) {
      counts.set(ancestor, (counts.get(ancestor) ?? 0) + Number(row.count));
    }
  }
  return counts;
}

async function getJson(url: string, session: TestSession) {
  const response = await context.app.inject({ method: "GET", url, headers: session.headers });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** Every figure the three routes serve, as id → subtreeMemberCount, checked against the recount. */
async function expectServedEqualRecount() {
  const expected = await recount();
  const ids = [...expected.keys()];
  const detail = new Map<number, number>();
  for (const id of ids) {
    const body = await getJson(`/api/v1/organizations/${id}`, admin);
    detail.set(id, body.subtreeMemberCount);
  }
  expect(detail).toEqual(expected);
  for (const id of ids) {
    const body = await getJson(`/api/v1/organizations/${id}/children`, admin);
    for (const child of body.items as { id: number; subtreeMemberCount: number }[]) {
      expect([child.id, child.subtreeMemberCount]).toEqual([child.id, expected.get(child.id)]);
    }
  }
  for (const session of [admin, county]) {
    const found = await getJson("/api/v1/organizations?limit=100", session);
    for (const item of found.items as { id: number; subtreeMemberCount: number }[]) {
      expect([item.id, item.subtreeMemberCount]).toEqual([item.id, expected.get(item.id)]);
    }
  }
  return expected;
}

async function pendingDeltas(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    context.db,
    sql`select count(*)::int as n from member_count_delta`,
  );
  return Number(row?.n ?? 0);
}

describe("organization member counts from the counters", () => {
  it("equal a recount with many pending deltas, after a fold, and with a few pending", async () => {
    const { east, eastVillage1, eastVillage2, westVillage } = context.tree;
    const school = await createOrganizationRow(context.db, {
      parent: east,
      name: "东河镇中学团委",
      level: "grassroots",
      sector: "secondary_school",
    });
    const classBranch = await createOrganizationRow(context.db, {
      parent: school,
      kind: "branch",
      name: "初三（1）班团支部",
      sector: "secondary_school",
    });
    await insertMembersWithHistory(context.db, [
      testMember(classBranch.id, "陈一", "cy", "110105201001012011", "male"),
      testMember(classBranch.id, "陈二", "ce", "110105201002022021", "female", { status: "flowing" }),
      testMember(classBranch.id, "陈三", "cs", "110105201003032031", "male", { status: "transferring" }),
      testMember(eastVillage2.id, "刘一", "ly", "110105199001012041", "female", {
        status: "aged_out",
        statusSince: "2018-01-01",
      }),
      testMember(westVillage.id, "刘二", "le", "110105200905052051", "male", { status: "lapsed" }),
      // A member held directly by a committee (not a branch) counts at that committee and above.
      testMember(school.id, "陈四", "cs", "110105201104042061", "female"),
    ]);
    // More pending deltas than organizations in the test tree: the subtree scan.
    expect(await pendingDeltas()).toBeGreaterThan(8);
    const before = await expectServedEqualRecount();
    expect(before.get(context.tree.county.id)).toBe(8);

    await foldMemberCountDeltas(context.db);
    expect(await pendingDeltas()).toBe(0);
    await expectServedEqualRecount();

    // A few pending deltas (fewer than the subtree's organizations): each delta's branch by primary key.
    await context.db.execute(
      sql`update member set status = 'lapsed' where organization_id = ${eastVillage1.id} and name = '张三'`,
    );
    await context.db.execute(
      sql`update member set organization_id = ${westVillage.id} where organization_id = ${classBranch.id} and name = '陈一'`,
    );
    const pending = await pendingDeltas();
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(8);
    const after = await expectServedEqualRecount();
    expect(after.get(context.tree.county.id)).toBe(7);
    expect(after.get(school.id)).toBe(3);
  });
});

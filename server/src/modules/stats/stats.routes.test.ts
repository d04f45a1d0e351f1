import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, logInEach, type TestSession, testMember } from "../../test/factories";
import { insertMembersWithHistory } from "../members/member-bulk.repository";

/**
 * GET /organizations/{id}/stats on the small county, with the clock (the only mock) set to
 * 2025-06-01 00:30 in China (still 31 May in UTC), so that ages are fixed:
 *
 * | member | sex | born       | branch | status       | age | band  |
 * | 张三   | M   | 2005-01-01 | 东一村 | active       | 20  | 18-22 |
 * | 李四   | F   | 2006-02-02 | 东一村 | active       | 19  | 18-22 |
 * | 王五   | M   | 2007-03-03 | 东二村 | active       | 18  | 18-22 |
 * | 孙八   | M   | 2002-06-01 | 东二村 | transferring | 23 (birthday today) | 23-25 |
 * | 赵六   | F   | 2008-04-04 | 西一村 | active       | 17  | 14-17 |
 * | 周九   | F   | 2009-06-01 | 西一村 | lapsed       | — not a current member — |
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-05-31T16:30:00Z") });
  context = await createTestApp();
  await insertMembersWithHistory(context.db, [
    testMember(context.tree.eastVillage2.id, "孙八", "sb", "110105200206010053", "male", {
      status: "transferring",
      statusSince: "2025-05-01",
    }),
    testMember(context.tree.westVillage.id, "周九", "zj", "110105200906010064", "female", {
      status: "lapsed",
      statusSince: "2025-01-01",
    }),
  ]);
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => {
  vi.useRealTimers();
  await context.close();
});

function stats(organizationId: number | string, session?: TestSession) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/organizations/${organizationId}/stats`,
    ...(session ? { headers: session.headers } : {}),
  });
}

describe("GET /organizations/{id}/stats — refusals", () => {
  it("answers 401 without a session", async () => {
    expect((await stats(context.tree.county.id)).statusCode).toBe(401);
  });

  it("answers 404 for another township", async () => {
    const response = await stats(context.tree.west.id, east);
    expect(response.statusCode).toBe(404);
    expect((await stats(context.tree.county.id, east)).statusCode).toBe(404);
  });

  it("answers 403 to a member (no stats:read)", async () => {
    const response = await stats(context.tree.eastVillage1.id, member);
    expect(response.statusCode).toBe(403);
  });

  it("answers 400 naming the parameter for a non-numeric id", async () => {
    const response = await stats("county", county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });
});

describe("GET /organizations/{id}/stats — figures", () => {
  it("gives the county's totals, by kind, sector, status, sex, occupation and education", async () => {
    const response = await stats(context.tree.county.id, county);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      organizationId: context.tree.county.id,
      asOf: "2025-06-01",
      totalOrganizations: 6,
      totalMembers: 5,
    });
    // Largest count first, ties by key.
    expect(body.organizationsByKind).toEqual([
      { key: "branch", count: 3 },
      { key: "committee", count: 3 },
    ]);
    expect(body.organizationsBySector).toEqual([
      { key: "rural", count: 5 },
      { key: "unknown", count: 1 },
    ]);
    expect(body.membersByStatus).toEqual([
      { key: "active", count: 4 },
      { key: "lapsed", count: 1 },
      { key: "transferring", count: 1 },
    ]);
    expect(body.membersBySex).toEqual([
      { key: "male", count: 3 },
      { key: "female", count: 2 },
    ]);
    expect(body.membersByOccupation).toEqual([{ key: "farmer", count: 5 }]);
    expect(body.membersByEducation).toEqual([{ key: "senior_high", count: 5 }]);
    expect(body.membersBySector).toEqual([{ key: "rural", count: 5 }]);
  });

  it("counts current members by age band and sex, a birthday today counting", async () => {
    const body = (await stats(context.tree.county.id, county)).json();
    // In band order, male before female; empty cells are left out.
    expect(body.membersByAgeBand).toEqual([
      { ageBand: "14-17", sex: "female", count: 1 },
      { ageBand: "18-22", sex: "male", count: 2 },
      { ageBand: "18-22", sex: "female", count: 1 },
      { ageBand: "23-25", sex: "male", count: 1 },
    ]);
  });

  it("gives per-child organization, current and active member counts, largest first", async () => {
    const body = (await stats(context.tree.county.id, county)).json();
    expect(body.children).toEqual([
      {
        id: context.tree.east.id,
        name: "共青团东河镇委员会",
        kind: "committee",
        sector: "rural",
        organizationCount: 3,
        memberCount: 4,
        activeMemberCount: 3,
      },
      {
        id: context.tree.west.id,
        name: "共青团西河镇委员会",
        kind: "committee",
        sector: "rural",
        organizationCount: 2,
        memberCount: 1,
        activeMemberCount: 1,
      },
    ]);
  });

  it("narrows the figures to the township administrator's subtree", async () => {
    const body = (await stats(context.tree.east.id, east)).json();
    expect(body).toMatchObject({ totalOrganizations: 3, totalMembers: 4 });
    expect(body.membersByStatus).toEqual([
      { key: "active", count: 3 },
      { key: "transferring", count: 1 },
    ]);
    expect(
      body.children.map((child: { name: string; memberCount: number; activeMemberCount: number }) => [
        child.name,
        child.memberCount,
        child.activeMemberCount,
      ]),
    ).toEqual([
      ["东一村团支部", 2, 2], // a tie on memberCount: by id
      ["东二村团支部", 2, 1],
    ]);
  });

  it("gives a branch secretary the figures of their branch, with no children", async () => {
    const body = (await stats(context.tree.eastVillage1.id, secretary)).json();
    expect(body).toMatchObject({ totalOrganizations: 1, totalMembers: 2, children: [] });
    expect(body.membersBySex).toEqual([
      { key: "female", count: 1 },
      { key: "male", count: 1 },
    ]);
  });
});

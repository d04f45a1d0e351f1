import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession, testMember } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { insertMembersWithHistory } from "./member-bulk.repository";

/** GET /organizations/{id}/completeness (信息完整率, 录入率) and PUT /organizations/{id}/reported-member-count. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  // Besides the four complete active members (东一村 2, 东二村 1, 西一村 1):
  await insertMembersWithHistory(context.db, [
    // recorded but incomplete (no phone)
    testMember(context.tree.eastVillage2.id, "陈七", "cq", "110105200606060061", "male", { phone: null }),
    // recorded but incomplete (blank ethnicity counts as absent)
    testMember(context.tree.eastVillage2.id, "林八", "lb", "110105200707070072", "female", {
      ethnicity: " ",
    }),
    // not recorded: lapsed
    testMember(context.tree.westVillage.id, "何九", "hj", "110105200808080083", "male", {
      status: "lapsed",
      statusSince: "2025-01-01",
    }),
  ]);
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

const completeness = (session: TestSession | undefined, id: number) =>
  sendAs(context.app, session, "GET", `/organizations/${id}/completeness`);
const setReported = (session: TestSession | undefined, id: number, count: unknown) =>
  sendAs(context.app, session, "PUT", `/organizations/${id}/reported-member-count`, { count });

describe("GET /organizations/{id}/completeness", () => {
  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the id", async () => {
    expect((await completeness(undefined, context.tree.county.id)).statusCode).toBe(401);
    expect((await completeness(east, context.tree.west.id)).statusCode).toBe(404);
    expect((await completeness(member, context.tree.eastVillage1.id)).statusCode).toBe(403);
    const bad = await completeness(east, 0);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });

  it("counts recorded and complete members; no 录入率 while nothing is reported", async () => {
    const response = await completeness(county, context.tree.county.id);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      organizationId: context.tree.county.id,
      recorded: 6,
      complete: 4,
      completenessRate: 66.7,
      reported: null,
      entryRate: null,
      children: [
        {
          id: context.tree.east.id,
          name: "共青团东河镇委员会",
          recorded: 5,
          complete: 3,
          completenessRate: 60,
          reported: null,
          entryRate: null,
        },
        {
          id: context.tree.west.id,
          name: "共青团西河镇委员会",
          recorded: 1,
          complete: 1,
          completenessRate: 100,
          reported: null,
          entryRate: null,
        },
      ],
    });
  });

  it("computes 录入率 from the counts the subtree's organizations report, never mixed with 完整率", async () => {
    expect((await setReported(county, context.tree.east.id, 8)).statusCode).toBe(200);
    expect((await setReported(county, context.tree.westVillage.id, 3)).statusCode).toBe(200);
    const body = (await completeness(county, context.tree.county.id)).json();
    expect(body).toMatchObject({
      recorded: 6,
      complete: 4,
      completenessRate: 66.7,
      reported: 11,
      entryRate: 54.5,
    });
    expect(body.children).toMatchObject([
      { recorded: 5, complete: 3, completenessRate: 60, reported: 8, entryRate: 62.5 },
      { recorded: 1, complete: 1, completenessRate: 100, reported: 3, entryRate: 33.3 },
    ]);
    const branch = (await completeness(secretary, context.tree.eastVillage1.id)).json();
    expect(branch).toEqual({
      organizationId: context.tree.eastVillage1.id,
      recorded: 2,
      complete: 2,
      completenessRate: 100,
      reported: null,
      entryRate: null,
      children: [],
    });
  });

  it("answers a null 录入率 when the reported count is 0", async () => {
    const body = (await completeness(east, context.tree.eastVillage1.id)).json();
    expect(body.recorded).toBe(2);
    const emptyReported = await setReported(county, context.tree.eastVillage1.id, 0);
    expect(emptyReported.statusCode).toBe(200);
    expect((await completeness(east, context.tree.eastVillage1.id)).json()).toMatchObject({
      reported: 0,
      entryRate: null,
    });
  });
});

describe("PUT /organizations/{id}/reported-member-count", () => {
  it("refuses without writing: 401, 404 outside the scope, 403 to a branch secretary, 400 naming count", async () => {
    const before = await countRows(context.db);
    expect((await setReported(undefined, context.tree.east.id, 5)).statusCode).toBe(401);
    expect((await setReported(east, context.tree.west.id, 5)).statusCode).toBe(404);
    expect((await setReported(secretary, context.tree.eastVillage1.id, 5)).statusCode).toBe(403);
    for (const count of [-1, 1.5, "7"]) {
      const response = await setReported(east, context.tree.east.id, count);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe("count");
    }
    expect(await countRows(context.db)).toEqual(before);
  });

  it("stores, audits and clears the count", async () => {
    const response = await setReported(east, context.tree.eastVillage2.id, 4);
    expect(response.json()).toEqual({ organizationId: context.tree.eastVillage2.id, reportedMemberCount: 4 });
    expect(await latestAuditEntry(context.db, "organization.reported_member_count")).toMatchObject({
      actorName: "east",
      before: { reportedMemberCount: null },
      after: { reportedMemberCount: 4 },
    });
    const cleared = await setReported(east, context.tree.eastVillage2.id, null);
    expect(cleared.json().reportedMemberCount).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { createTestCounty, testMember } from "../../../test/factories";
import { createTestDatabase } from "../../../test/test-database";
import { insertMembersWithHistory } from "../../members/member-bulk.repository";
import { seedDemoPartyRecommendations } from "../../seed/demo-party-recommendations";
import { computeIndicators } from "../indicator.service";
import { readPartyRecommendationTallies } from "../party-recommendation-figures.repository";

/**
 * 推优入党 indicators (issue 12 parts 5 and 8): approved recommendations dated this year, and the
 * share of members aged 18–28 holding one (valid, or taken up by the Party), per subtree in one statement.
 */

const TODAY = "2026-12-06";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  await insertMembersWithHistory(handle.db, [
    testMember(tree.eastVillage2.id, "陈一", "cy", "110105200001010911", "male", {
      memberNumber: "9900012020091100",
    }),
    testMember(tree.eastVillage2.id, "陈二", "ce", "110105200102020922", "female", {
      memberNumber: "9900012020092200",
    }),
    testMember(tree.westVillage.id, "陈三", "cs", "110105200203030933", "male", {
      memberNumber: "9900012020093300",
    }),
    testMember(tree.westVillage.id, "陈四", "cs", "110105200304040944", "female", {
      memberNumber: "9900012020094400",
    }),
  ]);
  // Awaiting, returned (张三, 李四 in 东河一村); approved 90 days ago (陈一), 300 (陈二, activist),
  // 500 (陈三, development target), 700 days ago (陈四, probationary) — see the demo.
  await seedDemoPartyRecommendations(handle.db, tree.county, TODAY, tree.eastVillage1.id);
});
afterAll(async () => handle.close());

describe("推优入党 indicators", () => {
  it("tallies each subtree in one statement", async () => {
    const tallies = await readPartyRecommendationTallies(handle.db, [tree.county.id, tree.west.id], TODAY);
    // This year (since 2026-01-01): approved 90 and 300 days ago. Aged 18–28: all 8 members (赵六 is 18).
    expect(tallies.get(tree.county.id)).toEqual({
      recommendedThisYear: 2,
      membersOfAge: 8,
      membersOfAgeRecommended: 4,
    });
    expect(tallies.get(tree.west.id)).toEqual({
      recommendedThisYear: 0,
      membersOfAge: 3,
      membersOfAgeRecommended: 2,
    });
  });

  it("gives the catalog's values", async () => {
    const ids = ["party_recommendations", "party_recommendation_share"] as const;
    expect(Object.fromEntries(await computeIndicators(handle.db, tree.county.path, ids, TODAY))).toEqual({
      party_recommendations: 2,
      party_recommendation_share: 50,
    });
  });
});

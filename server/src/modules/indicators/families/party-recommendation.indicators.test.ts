import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { queryRows } from "../../../db/sql-result";
import { createTestCounty, testMember } from "../../../test/factories";
import { createTestDatabase } from "../../../test/test-database";
import { insertMembersWithHistory } from "../../members/member-bulk.repository";
import { seedDemoPartyRecommendations } from "../../seed/demo-party-recommendations";
import { foldMemberCountDeltas } from "../../stats/member-count.service";
import type { FigureOrganization } from "../indicator.repository";
import { computeIndicators } from "../indicator.service";
import {
  readPartyRecommendationTallies,
  readPartyRecommendationTalliesFromCounters,
} from "../party-recommendation-figures.repository";

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

describe("推优入党 from the counters (issue 18 part 1)", () => {
  // Around TODAY's bounds (born after 1997-12-06, on or before 2008-12-06): each boundary month's
  // days inside and outside, the months next to them, and members no longer current.
  beforeAll(async () => {
    const born = (organizationId: number, name: string, birth: string, seq: number, status = "active") =>
      testMember(organizationId, name, "bj", `110105${birth.replaceAll("-", "")}${seq}1`, "male", {
        memberNumber: `99000120201${seq}00`,
        status: status as "active",
      });
    await insertMembersWithHistory(handle.db, [
      born(tree.eastVillage1.id, "边一", "1997-12-06", 101),
      born(tree.eastVillage1.id, "边二", "1997-12-07", 102),
      born(tree.eastVillage2.id, "边三", "1997-11-30", 103),
      born(tree.eastVillage2.id, "边四", "1998-01-01", 104, "transferring"),
      born(tree.westVillage.id, "边五", "2008-12-06", 105, "flowing"),
      born(tree.westVillage.id, "边六", "2008-12-07", 106),
      born(tree.westVillage.id, "边七", "2008-12-01", 107, "lapsed"),
      born(tree.eastVillage1.id, "边八", "2008-11-30", 108),
      born(tree.eastVillage1.id, "边九", "1997-12-31", 109, "aged_out"),
      born(tree.westVillage.id, "边十", "1997-12-31", 110),
    ]);
  });

  it("equals the member scan for every subtree, on several dates, before and after the fold", async () => {
    const organizations = await queryRows<FigureOrganization>(
      handle.db,
      sql`select id, path, kind, sector, depth from organization order by id`,
    );
    const ids = organizations.map((organization) => organization.id);
    for (const fold of [false, true]) {
      if (fold) await foldMemberCountDeltas(handle.db);
      for (const asOf of [TODAY, "2026-12-31", "2026-12-07", "2027-02-28", "2028-02-29", "2026-01-01"]) {
        const scan = await readPartyRecommendationTallies(handle.db, ids, asOf);
        const counted = await readPartyRecommendationTalliesFromCounters(handle.db, organizations, asOf);
        expect(Object.fromEntries(counted), `${asOf}, fold ${fold}`).toEqual(Object.fromEntries(scan));
      }
    }
    // The boundary members count: at the county 8 + 边二, 边四, 边五, 边八, 边十.
    expect(
      (await readPartyRecommendationTalliesFromCounters(handle.db, organizations, TODAY)).get(tree.county.id),
    ).toMatchObject({ membersOfAge: 13 });
  });
});

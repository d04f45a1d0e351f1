import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { queryRows } from "../../../db/sql-result";
import { createTestCounty, testMember } from "../../../test/factories";
import { createTestDatabase } from "../../../test/test-database";
import { insertBranchReviewsOfSubtree } from "../../education-reviews/education-review.repository";
import { insertMembersWithHistory } from "../../members/member-bulk.repository";
import { readAnnualCycleTallies } from "../annual-cycle-figures.repository";
import { computeIndicators } from "../indicator.service";

/**
 * Annual-cycle indicators (issue 12 part 8; domain.md §5): 团籍注册率, 教育评议完成率 and the grade
 * distribution, each over the latest campaign of its kind at, above or under the subtree. Fixture:
 * 东一村 张三 李四; 东二村 王五 陈一 陈二; 西一村 赵六 陈三 陈四 (8 members).
 */

const TODAY = "2026-12-06";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

async function idOf(name: string): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    handle.db,
    sql`select id::int as id from member where name = ${name}`,
  );
  return Number(row?.id);
}

async function campaign(
  table: "education_review_campaign" | "registration_campaign",
  organizationId: number,
  year: number,
) {
  const [row] = await queryRows<{ id: number }>(
    handle.db,
    sql`insert into ${sql.raw(table)} (organization_id, year, opens_on, closes_on)
        values (${organizationId}, ${year}, ${`${year}-01-01`}, ${`${year}-12-31`}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** Grades the branch's review in the campaign; approved when asked. */
async function grade(
  campaignId: number,
  branchId: number,
  grades: Record<string, string>,
  approved: boolean,
) {
  const [review] = await queryRows<{ id: number }>(
    handle.db,
    sql`update branch_education_review set approved_at = ${approved ? sql`now()` : sql`null`}
        where campaign_id = ${campaignId} and organization_id = ${branchId} returning id::int as id`,
  );
  for (const [name, value] of Object.entries(grades))
    await handle.db.execute(
      sql`insert into member_review_grade (branch_review_id, member_id, grade) values (${review?.id}, ${await idOf(name)}, ${value})`,
    );
}

async function register(campaignId: number, name: string, status: string) {
  await handle.db.execute(
    sql`insert into member_registration (campaign_id, member_id, status, deferred_until, reason, decided_on)
        values (${campaignId}, ${await idOf(name)}, ${status}, ${status === "deferred" ? "2027-04-01" : null},
                ${status === "registered" ? null : "原因"}, ${TODAY})`,
  );
}

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
  // Review 2025 (older: ignored where 2026 exists), 2026 (latest), 2027 (opens after asOf: ignored).
  const old = await campaign("education_review_campaign", tree.county.id, 2025);
  await insertBranchReviewsOfSubtree(handle.db, old, tree.county.path);
  await grade(old, tree.eastVillage2.id, { 王五: "unqualified", 陈一: "unqualified" }, true);
  const review = await campaign("education_review_campaign", tree.county.id, 2026);
  await insertBranchReviewsOfSubtree(handle.db, review, tree.county.path);
  await grade(review, tree.eastVillage1.id, { 张三: "qualified", 李四: "excellent" }, true);
  await grade(
    review,
    tree.westVillage.id,
    { 赵六: "qualified", 陈三: "basically_qualified", 陈四: "unqualified" },
    true,
  );
  await grade(review, tree.eastVillage2.id, { 王五: "excellent" }, false); // a draft: not counted
  const future = await campaign("education_review_campaign", tree.county.id, 2027);
  await insertBranchReviewsOfSubtree(handle.db, future, tree.county.path);
  // Registration: the county's 2025 campaign, then 东河镇's own 2026 one.
  const county2025 = await campaign("registration_campaign", tree.county.id, 2025);
  await register(county2025, "赵六", "registered");
  await register(county2025, "张三", "registered");
  const east2026 = await campaign("registration_campaign", tree.east.id, 2026);
  await register(east2026, "张三", "registered");
  await register(east2026, "李四", "deferred");
  await register(east2026, "王五", "registered");
  await register(east2026, "陈一", "unregistered");
});
afterAll(async () => handle.close());

describe("annual-cycle indicators", () => {
  it("tallies each subtree over its latest campaigns in one statement", async () => {
    const tallies = await readAnnualCycleTallies(
      handle.db,
      [tree.county.id, tree.east.id, tree.west.id, tree.eastVillage1.id],
      TODAY,
    );
    // County: registration 2026 (东河镇's, 5 members under it: 2 registered); review 2026: 3 branches, 2 approved.
    expect(tallies.get(tree.county.id)).toEqual({
      dueToRegister: 5,
      registered: 2,
      reviewBranches: 3,
      reviewsApproved: 2,
      excellent: 1,
      qualified: 2,
      basicallyQualified: 1,
      unqualified: 1,
    });
    // 西河镇: only the county's 2025 registration covers it (3 members, 赵六 registered).
    expect(tallies.get(tree.west.id)).toMatchObject({
      dueToRegister: 3,
      registered: 1,
      reviewBranches: 1,
      reviewsApproved: 1,
    });
    expect(tallies.get(tree.eastVillage1.id)).toMatchObject({
      dueToRegister: 2,
      registered: 1,
      reviewBranches: 1,
    });
  });

  it("gives the catalog's values (percent, one decimal; null without graded members)", async () => {
    const ids = [
      "registration_rate",
      "review_completion_rate",
      "review_grade_excellent_share",
      "review_grade_qualified_share",
      "review_grade_basically_qualified_share",
      "review_grade_unqualified_share",
    ] as const;
    expect(Object.fromEntries(await computeIndicators(handle.db, tree.county.path, ids, TODAY))).toEqual({
      registration_rate: 40,
      review_completion_rate: 66.7,
      review_grade_excellent_share: 20,
      review_grade_qualified_share: 40,
      review_grade_basically_qualified_share: 20,
      review_grade_unqualified_share: 20,
    });
    expect(Object.fromEntries(await computeIndicators(handle.db, tree.west.path, ids, TODAY))).toEqual({
      registration_rate: 33.3,
      review_completion_rate: 100,
      review_grade_excellent_share: 0,
      review_grade_qualified_share: 33.3,
      review_grade_basically_qualified_share: 33.3,
      review_grade_unqualified_share: 33.3,
    });
    expect(
      Object.fromEntries(await computeIndicators(handle.db, tree.eastVillage2.path, ids, TODAY)),
    ).toEqual({
      registration_rate: 33.3,
      review_completion_rate: 0,
      review_grade_excellent_share: null,
      review_grade_qualified_share: null,
      review_grade_basically_qualified_share: null,
      review_grade_unqualified_share: null,
    });
  });
});

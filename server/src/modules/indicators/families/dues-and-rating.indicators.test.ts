import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { createTestCounty } from "../../../test/factories";
import { memberIdByName } from "../../../test/member-factories";
import { createTestDatabase } from "../../../test/test-database";
import { readDuesAndRatingTallies } from "../dues-and-rating.repository";
import { computeIndicators } from "../indicator.service";

/**
 * Dues collection rate and star distribution (issue 12 part 8): member-months paid / due from January
 * to the as-of month, five-star share and 软弱涣散 branches of the year, per subtree in one statement.
 */

const AS_OF = "2026-02-20";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const zhang = await memberIdByName(handle.db, "张三");
  const wang = await memberIdByName(handle.db, "王五");
  for (const [memberId, org, month] of [
    [zhang, tree.eastVillage1.id, "2026-01-01"],
    [zhang, tree.eastVillage1.id, "2026-02-01"],
    [wang, tree.eastVillage2.id, "2026-01-01"],
    [wang, tree.eastVillage2.id, "2026-03-01"],
  ] as const) {
    await handle.db.execute(
      sql`insert into dues_payment (member_id, organization_id, month, amount_yuan, paid_on, category)
          values (${memberId}, ${org}, ${month}, 0.2, ${month}, 'student')`,
    );
  }
  await handle.db.execute(
    sql`insert into star_rating (organization_id, year, stars, exempt) values
          (${tree.eastVillage1.id}, 2026, 5, false), (${tree.eastVillage2.id}, 2026, 0, false),
          (${tree.westVillage.id}, 2026, null, true)`,
  );
});
afterAll(async () => handle.close());

describe("dues and star-rating indicators", () => {
  it("tallies each subtree in one statement", async () => {
    const tallies = await readDuesAndRatingTallies(
      handle.db,
      [tree.county.id, tree.east.id, tree.west.id],
      AS_OF,
    );
    // 4 members × 2 months due; paid: 张三 Jan, Feb; 王五 Jan (March is after the as-of month).
    expect(tallies.get(tree.county.id)).toEqual({
      expectedMemberMonths: 8,
      paidMemberMonths: 3,
      ratedBranches: 2,
      fiveStar: 1,
      weak: 1,
    });
    expect(tallies.get(tree.west.id)).toEqual({
      expectedMemberMonths: 2,
      paidMemberMonths: 0,
      ratedBranches: 0,
      fiveStar: 0,
      weak: 0,
    });
  });

  it("gives the catalog's values", async () => {
    const ids = ["dues_collection_rate", "star_five_star_share", "star_weak_branch_count"] as const;
    expect(Object.fromEntries(await computeIndicators(handle.db, tree.county.path, ids, AS_OF))).toEqual({
      dues_collection_rate: 37.5,
      star_five_star_share: 50,
      star_weak_branch_count: 1,
    });
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { createTestCounty } from "../../../test/factories";
import { memberIdByName } from "../../../test/member-factories";
import { createTestDatabase } from "../../../test/test-database";
import { computeIndicators } from "../indicator.service";
import { readOrganizationalLifeTallies } from "../organizational-life.repository";

/**
 * Organizational-life indicators (issue 12 part 8): meetings of the quarter, per branch, the share of
 * branches with a meeting in the last 3 months and the year's 团课 person-hours, from meeting records
 * as of a date (later meetings and earlier quarters are left out), per subtree in one statement.
 */

const TODAY = "2026-11-15";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

async function meeting(
  organizationId: number,
  kind: string,
  heldOn: string,
  hours: number | null,
  present: number[],
) {
  const rows = (await handle.db.execute(
    sql`insert into meeting (county_id, organization_id, kind, held_on, topic, class_hours)
        select o.county_id, o.id, ${kind}, ${heldOn}::date, 't', ${hours}::numeric from organization o
         where o.id = ${organizationId} returning id`,
  )) as unknown as { rows: { id: number }[] };
  const id = Number(rows.rows[0]?.id);
  for (const memberId of present) {
    await handle.db.execute(
      sql`insert into meeting_attendance (county_id, meeting_id, member_id, status)
          select m.county_id, m.id, ${memberId}, 'present' from meeting m where m.id = ${id}`,
    );
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const zhang = await memberIdByName(handle.db, "张三");
  const li = await memberIdByName(handle.db, "李四");
  await meeting(tree.eastVillage1.id, "general_meeting", "2026-10-10", null, [zhang]);
  await meeting(tree.eastVillage1.id, "league_class", "2026-11-01", 2, [zhang, li]);
  await meeting(tree.eastVillage1.id, "league_class", "2026-03-01", 1.5, [zhang]);
  await meeting(tree.eastVillage1.id, "league_class", "2025-11-01", 3, [zhang]);
  await meeting(tree.eastVillage2.id, "theme_day", "2026-09-01", null, []);
  await meeting(tree.westVillage.id, "committee_meeting", "2026-05-01", null, []);
  await meeting(tree.westVillage.id, "committee_meeting", "2026-12-01", null, []);
});
afterAll(async () => handle.close());

describe("organizational-life indicators", () => {
  it("tallies each subtree in one statement", async () => {
    const tallies = await readOrganizationalLifeTallies(
      handle.db,
      [tree.county.id, tree.east.id, tree.west.id],
      TODAY,
    );
    expect(tallies.get(tree.county.id)).toEqual({
      branches: 3,
      meetingsInQuarter: 2,
      activeBranches: 2,
      leagueClassPersonHours: 5.5,
    });
    expect(tallies.get(tree.east.id)).toEqual({
      branches: 2,
      meetingsInQuarter: 2,
      activeBranches: 2,
      leagueClassPersonHours: 5.5,
    });
    expect(tallies.get(tree.west.id)).toEqual({
      branches: 1,
      meetingsInQuarter: 0,
      activeBranches: 0,
      leagueClassPersonHours: 0,
    });
  });

  it("gives the catalog's values", async () => {
    const ids = [
      "org_life_meetings_quarter",
      "org_life_meetings_per_branch_quarter",
      "org_life_active_branch_rate",
      "org_life_league_class_hours",
    ] as const;
    expect(Object.fromEntries(await computeIndicators(handle.db, tree.county.path, ids, TODAY))).toEqual({
      org_life_meetings_quarter: 2,
      org_life_meetings_per_branch_quarter: 0.7,
      org_life_active_branch_rate: 66.7,
      org_life_league_class_hours: 5.5,
    });
    expect(Object.fromEntries(await computeIndicators(handle.db, tree.west.path, ids, TODAY))).toEqual({
      org_life_meetings_quarter: 0,
      org_life_meetings_per_branch_quarter: 0,
      org_life_active_branch_rate: 0,
      org_life_league_class_hours: 0,
    });
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty, testMember } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { seedDemoPartyRecommendations } from "./demo-party-recommendations";

/** The demo's 推优入党 rows (issue 12 parts 5 and 9): one recommendation at each stage, consistent. */

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
});
afterAll(async () => handle.close());

describe("seedDemoPartyRecommendations", () => {
  it("writes one recommendation per stage through the service, the preferred branch first", async () => {
    const result = await seedDemoPartyRecommendations(handle.db, tree.county, TODAY, tree.eastVillage1.id);
    expect(result.recommendations).toBe(6);
    const rows = await queryRows<Record<string, unknown>>(
      handle.db,
      sql`select r.organization_id, w.state, r.party_stage, m.political_status,
            (select count(*)::int from work_item i where i.instance_id = w.id and i.closed_at is null) as open_items
          from party_recommendation r join workflow_instance w on w.id = r.instance_id
          join member m on m.id = r.member_id order by r.id`,
    );
    expect(rows.map((row) => [row.state, row.party_stage, row.political_status, row.open_items])).toEqual([
      ["awaiting_committee_review", null, "league_member", 1],
      ["returned", null, "league_member", 1],
      ["recommended", null, "league_member", 0],
      ["recommended", "activist", "league_member", 0],
      ["recommended", "development_target", "league_member", 0],
      ["recommended", "probationary", "probationary_party_member", 0],
    ]);
    expect(rows[0]?.organization_id).toBe(tree.eastVillage1.id);
    const again = await seedDemoPartyRecommendations(handle.db, tree.county, TODAY);
    expect(again.recommendations).toBe(0);
  });
});

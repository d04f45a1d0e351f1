import {
  type SeasonTransferFacts,
  seasonTransferRates,
  type TransferKind,
  type TransferReason,
  tallySeasonTransfers,
} from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { createTestCounty, testMember } from "../../../test/factories";
import { createTestDatabase } from "../../../test/test-database";
import { insertMembersWithHistory } from "../../members/member-bulk.repository";
import { computeIndicators } from "../indicator.service";
import { readSeasonTransferTallies } from "../transfer-rates.repository";

/**
 * The graduation season's transfer rates (issue 11 part 7): the one-statement SQL tally equals the
 * domain's tally (tallySeasonTransfers) over the same rows, per subtree; the catalog's values come
 * from it; the committee's own completion deadline (transfer_season) applies; other years and kinds
 * are not counted.
 */

const YEAR = 2026;
const TODAY = `${YEAR}-11-15`;
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;
const rows: (SeasonTransferFacts & { from: number })[] = [];

async function insertTransfer(
  memberId: number,
  from: number,
  to: number,
  kind: TransferKind,
  reason: TransferReason,
  startedOn: string,
  completedOn: string | null,
  closed: boolean,
  seasonYear: number | null = YEAR,
) {
  const instance = await handle.db.execute(
    sql`insert into workflow_instance (kind, organization_id, counterpart_organization_id, state, title)
        values ('member_transfer', ${from}, ${to}, ${completedOn ? "completed" : closed ? "returned" : "awaiting_receiving_branch"}, 't')
        returning id`,
  );
  const instanceId = Number((instance as unknown as { rows: { id: number }[] }).rows[0]?.id);
  const inserted = await handle.db.execute(
    sql`insert into member_transfer (instance_id, member_id, from_organization_id, to_organization_id, reason,
          kind, initiator, started_on, completed_on, season_year, closed_at)
        values (${instanceId}, ${memberId}, ${from}, ${to}, ${reason}, ${kind}, 'sending', ${startedOn},
          ${completedOn}, ${seasonYear}, ${closed ? sql`now()` : sql`null`})
        returning id`,
  );
  const transferId = Number((inserted as unknown as { rows: { id: number }[] }).rows[0]?.id);
  if (seasonYear === YEAR) {
    rows.push({ memberId, transferId, kind, reason, startedOn, completedOn, open: !closed, from });
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const graduates = Array.from({ length: 9 }, (_, index) =>
    testMember(
      index < 6 ? tree.eastVillage1.id : tree.westVillage.id,
      `毕业生${index}`,
      `bys${index}`,
      `11010520080101${String(100 + index).padStart(3, "0")}${index % 2 === 0 ? "1" : "2"}`,
      index % 2 === 0 ? "male" : "female",
    ),
  );
  await insertMembersWithHistory(handle.db, graduates);
  const ids = (
    (await handle.db.execute(
      sql`select id from member where name like '毕业生%' order by name`,
    )) as unknown as {
      rows: { id: number }[];
    }
  ).rows.map((row) => Number(row.id));
  const [e0, e1, e2, e3, e4, e5, w0, w1, w2] = ids as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const east = tree.eastVillage1.id;
  const west = tree.westVillage.id;
  const to = tree.eastVillage2.id;
  await insertTransfer(
    e0,
    east,
    to,
    "school_to_school",
    "further_study",
    `${YEAR}-07-01`,
    `${YEAR}-07-11`,
    true,
  );
  await insertTransfer(e1, east, to, "school_to_school", "further_study", `${YEAR}-07-01`, null, false);
  // returned, then started again and landed late: counted once, by the second
  await insertTransfer(
    e2,
    east,
    to,
    "school_to_society",
    "employed_with_league_organization",
    `${YEAR}-07-01`,
    null,
    true,
  );
  await insertTransfer(
    e2,
    east,
    to,
    "school_to_society",
    "employed_with_league_organization",
    `${YEAR}-08-01`,
    `${YEAR}-11-05`,
    true,
  );
  await insertTransfer(
    e3,
    east,
    to,
    "school_to_society",
    "moved_residence",
    `${YEAR}-07-03`,
    `${YEAR}-07-13`,
    true,
  );
  await insertTransfer(
    e4,
    east,
    to,
    "school_to_society",
    "employed_without_league_organization",
    `${YEAR}-07-05`,
    null,
    false,
  );
  // not a graduate's kind, and last year's season: not counted
  await insertTransfer(e5, east, to, "ordinary", "moved_residence", `${YEAR}-07-01`, `${YEAR}-07-02`, true);
  await insertTransfer(
    w2,
    west,
    to,
    "school_to_society",
    "moved_residence",
    `${YEAR - 1}-07-01`,
    `${YEAR - 1}-07-02`,
    true,
    YEAR - 1,
  );
  await insertTransfer(
    w0,
    west,
    to,
    "school_to_society",
    "employed_with_league_organization",
    `${YEAR}-06-20`,
    `${YEAR}-07-20`,
    true,
  );
  await insertTransfer(
    w1,
    west,
    to,
    "school_to_school",
    "further_study",
    `${YEAR}-06-20`,
    `${YEAR}-09-01`,
    true,
  );
});
afterAll(async () => handle.close());

function expected(fromIds: readonly number[], completedBy = `${YEAR}-10-31`) {
  return tallySeasonTransfers(
    rows.filter((row) => fromIds.includes(row.from)),
    completedBy,
    TODAY,
  );
}

describe("readSeasonTransferTallies", () => {
  it("equals the domain's tally per subtree (county, east, west, a branch), in one statement", async () => {
    const tallies = await readSeasonTransferTallies(
      handle.db,
      [tree.county.id, tree.east.id, tree.west.id, tree.eastVillage2.id],
      YEAR,
      TODAY,
    );
    expect(tallies.get(tree.county.id)).toEqual(expected([tree.eastVillage1.id, tree.westVillage.id]));
    expect(tallies.get(tree.east.id)).toEqual(expected([tree.eastVillage1.id]));
    expect(tallies.get(tree.west.id)).toEqual(expected([tree.westVillage.id]));
    expect(tallies.get(tree.eastVillage2.id)).toBeUndefined();
    expect(tallies.get(tree.county.id)).toMatchObject({
      studyGraduates: 3,
      studyLanded: 2,
      societyGraduates: 4,
      societyLanded: 3,
      employerLanded: 2,
      openPastDeadline: 2,
    });
  });

  it("reads a committee's own completion deadline from transfer_season", async () => {
    await handle.db.execute(
      sql`insert into transfer_season (organization_id, year, initiated_by, approved_by, completed_by)
          values (${tree.east.id}, ${YEAR}, ${`${YEAR}-08-31`}, ${`${YEAR}-09-30`}, ${`${YEAR}-11-10`})`,
    );
    const tallies = await readSeasonTransferTallies(handle.db, [tree.east.id, tree.west.id], YEAR, TODAY);
    expect(tallies.get(tree.east.id)).toEqual(expected([tree.eastVillage1.id], `${YEAR}-11-10`));
    expect(tallies.get(tree.east.id)?.landedOnTime).toBe(3);
    expect(tallies.get(tree.west.id)).toEqual(expected([tree.westVillage.id]));
    await handle.db.execute(sql`delete from transfer_season`);
  });

  it("as of an earlier date leaves out later starts and counts later completions as open", async () => {
    const tallies = await readSeasonTransferTallies(handle.db, [tree.county.id], YEAR, `${YEAR}-07-15`);
    expect(tallies.get(tree.county.id)).toMatchObject({ landed: 2, studyLanded: 1, societyLanded: 1 });
  });
});

describe("the catalog's season transfer rates", () => {
  it("are the domain's rates of the subtree's tally, the median in days", async () => {
    const rates = seasonTransferRates(expected([tree.eastVillage1.id, tree.westVillage.id]));
    const values = await computeIndicators(
      handle.db,
      tree.county.path,
      [
        "transfer_school_to_society_rate",
        "transfer_school_to_school_rate",
        "transfer_employer_rate",
        "transfer_on_time_share",
        "transfer_median_days",
      ],
      TODAY,
    );
    expect(Object.fromEntries(values)).toEqual({
      transfer_school_to_society_rate: rates.schoolToSocietyRate,
      transfer_school_to_school_rate: rates.schoolToSchoolRate,
      transfer_employer_rate: rates.employerTransferRate,
      transfer_on_time_share: rates.onTimeShare,
      transfer_median_days: rates.medianDaysToComplete,
    });
    expect(values.get("transfer_school_to_society_rate")).toBe(75);
    expect(values.get("transfer_school_to_school_rate")).toBe(66.7);
  });

  it("are null for a subtree without season transfers", async () => {
    const values = await computeIndicators(
      handle.db,
      tree.eastVillage2.path,
      ["transfer_school_to_society_rate", "transfer_median_days"],
      TODAY,
    );
    expect([...values.values()]).toEqual([null, null]);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { loadDivisionTree } from "../../server/src/modules/divisions/china-division";
import { rebuildMemberCounts } from "../../server/src/modules/stats/member-count.service";
import { createTestDatabase } from "../../server/src/test/test-database";
import {
  COPY_COLUMNS,
  type CopyTable,
  countiesOfOrganizations,
  fixedTimestamp,
  memberLine,
  organizationLine,
} from "./province-copy";
import { generateUnitRows } from "./province-members";
import { planProvince } from "./province-plan";
import { ProvinceTallies } from "./province-tallies";

const TODAY = "2026-09-01";
const STAMP = fixedTimestamp(TODAY);
/** 中牟县 (郑州), as province-generator.test.ts: a few hundred organizations. */
const COUNTY = "410122";

/** Inserts COPY text lines as one INSERT (the test's tables are small). */
async function insertLines(
  handle: DatabaseHandle,
  table: CopyTable,
  lines: readonly string[],
): Promise<void> {
  for (let start = 0; start < lines.length; start += 2_000) {
    const values = lines.slice(start, start + 2_000).map((line) => {
      const fields = line
        .replace(/\n$/, "")
        .split("\t")
        .map((field) => (field === "\\N" ? "null" : `'${field.replaceAll("'", "''")}'`));
      return `(${fields.join(", ")})`;
    });
    await handle.exec(
      `insert into ${table} (${COPY_COLUMNS[table].join(", ")}) values ${values.join(",\n")}`,
    );
  }
}

async function tableLines(handle: DatabaseHandle, table: CopyTable): Promise<string[]> {
  const columns = COPY_COLUMNS[table].join(" || E'\\t' || ");
  const rows = await queryRows<{ line: string }>(
    handle.db,
    sql.raw(`select ${columns} as line from ${table}`),
  );
  return rows.map((row) => row.line).sort();
}

function split(chunks: Iterable<string>): string[] {
  return [...chunks]
    .join("")
    .split("\n")
    .filter((line) => line !== "")
    .sort();
}

describe("province tallies (issue 18 part 6): the loader's counters equal the recount functions", () => {
  let handle: DatabaseHandle;
  let tallies: ProvinceTallies;
  let counties: Map<number, number>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const tree = await loadDivisionTree(COUNTY);
    const plan = planProvince(tree, { scale: 0.05, members: 3_000, seed: 11, today: TODAY });
    tallies = new ProvinceTallies(plan.organizations);
    counties = countiesOfOrganizations(plan.organizations);
    await insertLines(
      handle,
      "organization",
      plan.organizations.map((row) => organizationLine(row, STAMP)),
    );
    const ids = { member: 1, history: 1, event: 1 };
    const members: string[] = [];
    for (const unit of plan.units) {
      for (const rows of generateUnitRows(unit, TODAY, ids)) {
        tallies.addMember(rows.member);
        members.push(memberLine(rows.member, STAMP));
      }
    }
    await insertLines(handle, "member", members);
    await rebuildMemberCounts(handle.db);
    await handle.exec("select org_life_count_rebuild()");
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
  });

  it("member_count and organization_count as member_count_rebuild", async () => {
    const counters = split(tallies.memberCountLines());
    expect(counters.length).toBeGreaterThan(1_000);
    expect(counters).toEqual(await tableLines(handle, "member_count"));
    expect(split(tallies.organizationCountLines())).toEqual(await tableLines(handle, "organization_count"));
  });

  it("org_life_own and org_life_count as org_life_count_rebuild", async () => {
    const own = split(tallies.orgLifeLines("org_life_own"));
    expect(own.some((line) => line.includes("\tjoined\t"))).toBe(true);
    expect(own).toEqual(await tableLines(handle, "org_life_own"));
    expect(split(tallies.orgLifeLines("org_life_count"))).toEqual(await tableLines(handle, "org_life_count"));
  });

  it("gives every organization the county_id migration 0030's trigger computes (issue 19: the loader writes it)", async () => {
    const rows = await queryRows<{ id: number; county: number }>(
      handle.db,
      sql`select id, county_id as county from organization`,
    );
    expect(new Map(rows.map((row) => [Number(row.id), Number(row.county)]))).toEqual(counties);
  });

  it("counts the current members of each branch (应录入数)", async () => {
    const rows = await queryRows<{ id: number; n: number }>(
      handle.db,
      sql`select organization_id as id, count(*)::int as n from member
           where status in ('active', 'transferring', 'flowing') group by 1`,
    );
    expect(new Map(rows.map((row) => [Number(row.id), Number(row.n)]))).toEqual(tallies.currentMembers);
  });
});

import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countDivisionsByLevel,
  type DivisionNode,
  loadDivisionTree,
} from "../../server/src/modules/divisions/china-division";
import {
  countiesOfOrganizations,
  eventLine,
  fixedTimestamp,
  historyLine,
  memberLine,
  organizationLine,
} from "./province-copy";
import { generateUnitRows, type HistoryRow, type MemberRows } from "./province-members";
import { type ProvincePlan, planProvince } from "./province-plan";

const TODAY = "2026-09-01";
const STAMP = fixedTimestamp(TODAY);
/** 中牟县 (郑州), a county of 郑州市; tiny scale so the test runs in about a second. */
const COUNTY = "410122";

interface Generated {
  plan: ProvincePlan;
  rows: MemberRows[];
  checksum: string;
}

function generate(tree: DivisionNode, seed: number, members: number, scale: number): Generated {
  const plan = planProvince(tree, { scale, members, seed, today: TODAY });
  const ids = { member: 1, history: 1, event: 1 };
  const hash = createHash("sha256");
  for (const row of plan.organizations) hash.update(organizationLine(row, STAMP));
  const rows = plan.units.flatMap((unit) => [...generateUnitRows(unit, TODAY, ids)]);
  // In the order the loader writes each table.
  for (const row of rows) hash.update(memberLine(row.member, STAMP));
  for (const row of rows.flatMap((member) => member.history)) hash.update(historyLine(row, STAMP));
  for (const row of rows.flatMap((member) => member.events)) hash.update(eventLine(row, STAMP));
  return { plan, rows, checksum: hash.digest("hex") };
}

describe("province generator (issue 4 part 5)", () => {
  let tree: DivisionNode;
  let first: Generated;

  beforeAll(async () => {
    tree = await loadDivisionTree(COUNTY);
    first = generate(tree, 7, 3_000, 0.05);
  });

  it("gives identical rows on every run with the same seed, and other rows with another seed", () => {
    expect(generate(tree, 7, 3_000, 0.05).checksum).toBe(first.checksum);
    expect(generate(tree, 8, 3_000, 0.05).checksum).not.toBe(first.checksum);
  });

  it("builds the real divisions first, then a consistent tree of schools, agencies and enterprises", () => {
    const { organizations } = first.plan;
    const divisions = Object.values(countDivisionsByLevel(tree)).reduce((sum, count) => sum + count, 0);
    expect(organizations.slice(0, divisions).every((row) => row.divisionCode === row.code)).toBe(true);
    expect(organizations.slice(divisions).every((row) => row.divisionCode === null)).toBe(true);
    expect(organizations[0]).toMatchObject({ name: "共青团中牟县委员会", level: "county", path: "1/" });

    const byId = new Map(organizations.map((row) => [row.id, row]));
    for (const [index, row] of organizations.entries()) {
      expect(row.id).toBe(index + 1);
      if (row.parentId === null) {
        expect(row.depth).toBe(1);
        continue;
      }
      const parent = byId.get(row.parentId);
      expect(parent && parent.id < row.id).toBe(true);
      expect(row.path).toBe(`${parent?.path}${row.id}/`);
      expect(row.depth).toBe((parent?.depth ?? 0) + 1);
      // domain.md §1: a branch holds nothing, a general branch only branches.
      expect(parent?.kind).not.toBe("branch");
      if (parent?.kind === "general_branch") expect(row.kind).toBe("branch");
    }
    expect(new Set(organizations.map((row) => row.code)).size).toBe(organizations.length);
    const sectors = new Set(organizations.map((row) => row.sector));
    for (const sector of [
      "rural",
      "secondary_school",
      "vocational_school",
      "agency",
      "non_public_enterprise",
    ]) {
      expect(sectors).toContain(sector);
    }
  });

  it("generates the requested members in branches, each with contiguous history ending in its status", () => {
    const branches = new Set(
      first.plan.organizations.filter((row) => row.kind === "branch").map((row) => row.id),
    );
    const members = first.rows.map((rows) => rows.member);
    expect(members).toHaveLength(3_000);
    expect(new Set(members.map((row) => row.citizenId)).size).toBe(3_000);
    expect(new Set(members.map((row) => row.memberNumber)).size).toBe(3_000);
    expect(first.rows.filter((rows) => rows.moved).length).toBeGreaterThan(0);

    const history = new Map<number, HistoryRow[]>();
    for (const row of first.rows.flatMap((rows) => rows.history)) {
      history.set(row.memberId, [...(history.get(row.memberId) ?? []), row]);
    }
    const events = first.rows.flatMap((rows) => rows.events);
    for (const member of members) {
      expect(branches.has(member.organizationId)).toBe(true);
      const periods = history.get(member.id) ?? [];
      expect(periods[0]?.validFrom).toBe(member.joinedOn);
      periods.forEach((period, index) => {
        expect(branches.has(period.organizationId)).toBe(true);
        const next = periods[index + 1];
        if (next) expect(period.validTo).toBe(next.validFrom);
        if (period.validTo !== null) expect(period.validTo > period.validFrom).toBe(true);
      });
      expect(periods.at(-1)).toMatchObject({
        validTo: null,
        status: member.status,
        organizationId: member.organizationId,
      });
    }
    expect(events.filter((row) => row.kind === "joined")).toHaveLength(3_000);
  });
});

describe("countiesOfOrganizations (migration 0030's organization_county_of, issue 19)", () => {
  it("takes the topmost county on the path, else the deepest committee above the county, else itself", () => {
    const rows = [
      { id: 1, path: "1/", level: "province", depth: 1 },
      { id: 2, path: "1/2/", level: "city", depth: 2 },
      { id: 3, path: "1/2/3/", level: "county", depth: 3 },
      { id: 4, path: "1/2/3/4/", level: "township", depth: 4 },
      { id: 5, path: "1/2/3/4/5/", level: "grassroots", depth: 5 },
      // A county-level committee under a county (e.g. a development zone): the topmost county wins.
      { id: 6, path: "1/2/3/6/", level: "county", depth: 4 },
      // A city's colleges: no county on the path → the deepest committee above the county (the city).
      { id: 7, path: "1/2/7/", level: "grassroots", depth: 3 },
      { id: 8, path: "1/2/7/8/", level: "grassroots", depth: 4 },
    ] as const;
    expect(countiesOfOrganizations(rows)).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 3],
        [5, 3],
        [6, 3],
        [7, 2],
        [8, 2],
      ]),
    );
  });
});

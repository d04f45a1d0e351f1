import {
  AGE_BANDS,
  type AgeBand,
  ageBandBirthDateThresholds,
  CURRENT_MEMBER_STATUSES,
  DomainError,
  isIsoDate,
  isMonthEnd,
  lastDayOfMonth,
  MEMBER_STATUSES,
  type MemberStatus,
  type OrganizationKind,
  SEXES,
  type Sector,
  type Sex,
} from "@tuanwu/domain";
import { ABOVE_COUNTY_BUCKET, countyScopeOf, countyScopeOfPath } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound, requireLoadedAccess } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  type CountedOrganization,
  type DashboardChild,
  type MemberFigure,
  type OrganizationFigure,
  readChildMemberTotals,
  readChildOrganizationTotals,
  readLiveDashboard,
  readMemberFigures,
  readOrganizationFigures,
} from "./member-count.repository";
import {
  type FigureDate,
  findHistoryStart,
  findSnapshotMonth,
  readHistoryBranchTotals,
  readHistoryChildTotals,
  readHistoryMemberFigures,
  readSnapshotMemberFigures,
  readSnapshotOrganizationFigures,
  readSnapshotOrganizationTotals,
  readSnapshotTotals,
} from "./member-count-snapshot.repository";
import { findChildOrganizations } from "./stats.repository";

const CURRENT = new Set<string>(CURRENT_MEMBER_STATUSES);

type ChildRow = { id: number; name: string; kind: OrganizationKind; sector: Sector | null; countyId: number };
type ChildTotals = { childId: number; status: MemberStatus; count: number }[];

/** Where the figures of one date come from: the live counters, a month-end snapshot, or member_history. */
interface FigureSource {
  members(root: CountedOrganization): Promise<MemberFigure[]>;
  organizations(root: CountedOrganization): Promise<OrganizationFigure[]>;
  childMembers(root: CountedOrganization, children: readonly ChildRow[]): Promise<ChildTotals>;
  childOrganizations(children: readonly ChildRow[]): Promise<Map<number, number>>;
}

function liveSource(db: Executor): FigureSource {
  return {
    members: (root) => readMemberFigures(db, root),
    organizations: (root) => readOrganizationFigures(db, root),
    childMembers: (root, children) => readChildMemberTotals(db, root, children),
    childOrganizations: (children) => readChildOrganizationTotals(db, idsOf(children, false)),
  };
}

/**
 * The holder of root's own counter and snapshot rows: its bucket is the subtree's county, or the one bucket
 * of every holder above the county (db/county.ts ABOVE_COUNTY_BUCKET).
 */
function holderOf(root: CountedOrganization) {
  return { id: root.id, countyId: root.county ?? ABOVE_COUNTY_BUCKET };
}

/** A month-end with a snapshot: counters copied then; branches (which hold none) from member_history. */
function snapshotSource(db: Executor, month: string): FigureSource {
  return {
    members: (root) =>
      root.kind === "branch"
        ? readHistoryMemberFigures(db, root, month)
        : readSnapshotMemberFigures(db, holderOf(root), month),
    organizations: (root) =>
      root.kind === "branch"
        ? readOrganizationFigures(db, root)
        : readSnapshotOrganizationFigures(db, holderOf(root), month),
    childMembers: async (root, children) => [
      ...(await readSnapshotTotals(db, holdersOf(children), month)),
      ...(await readHistoryBranchTotals(db, idsOf(children, true), month, root)),
    ],
    childOrganizations: (children) => readSnapshotOrganizationTotals(db, holdersOf(children), month),
  };
}

/** A month-end without a snapshot: recounted from member_history for this subtree (slow on a province). */
function historySource(db: Executor, month: string): FigureSource {
  return {
    members: (root) => readHistoryMemberFigures(db, root, month),
    organizations: (root) => readOrganizationFigures(db, root),
    childMembers: (root, children) =>
      readHistoryChildTotals(
        db,
        root,
        children.map((child) => child.id),
        month,
      ),
    childOrganizations: (children) => readChildOrganizationTotals(db, idsOf(children, false)),
  };
}

/** The non-branch children with their counter buckets (db/county.ts counterBucketOf). */
function holdersOf(children: readonly ChildRow[]) {
  return children
    .filter((child) => child.kind !== "branch")
    .map((child) => ({ id: child.id, countyId: child.countyId }));
}

function idsOf(children: readonly ChildRow[], branches: boolean): number[] {
  return children.filter((child) => (child.kind === "branch") === branches).map((child) => child.id);
}

/**
 * Checks `asOf` (issue 4 part 2) and says where its figures come from: today → live counters; a past
 * month-end → its snapshot, or member_history when none was taken. Shared with the indicators module.
 * Errors: 400 naming "asOf" when it is not a date, in the future, before the member history begins,
 * or a past day that is not a month's last day.
 */
export async function resolveFigureDate(db: Executor, asOf: string, today: string): Promise<FigureDate> {
  const invalid = (code: string, message: string) =>
    new DomainError(code, `asOf：${message}`, { field: "asOf", status: 400 });
  if (!isIsoDate(asOf))
    throw invalid("invalid_as_of", "不是有效日期 / asOf is not a valid date (YYYY-MM-DD)");
  if (asOf > today)
    throw invalid("as_of_in_future", `不能晚于今天 ${today} / asOf cannot be after today (${today})`);
  if (asOf === today) return { kind: "live" };
  // A month-end with a snapshot has data; only without one is the history's start (a scan) needed.
  if (isMonthEnd(asOf) && (await findSnapshotMonth(db, asOf))) return { kind: "snapshot", month: asOf };
  const start = (await findHistoryStart(db)) ?? today;
  if (asOf < start) {
    throw invalid(
      "as_of_before_data",
      `早于数据开始日期 ${start} / asOf is before the data begins (${start})`,
    );
  }
  if (!isMonthEnd(asOf)) {
    throw invalid(
      "as_of_not_month_end",
      "须为今天或某月最后一天 / asOf must be today or the last day of a month",
    );
  }
  return { kind: "history", month: asOf };
}

/** The figure source of a date checked by {@link resolveFigureDate}. */
async function chooseSource(db: Database, asOf: string, today: string): Promise<FigureSource> {
  const date = await resolveFigureDate(db, asOf, today);
  if (date.kind === "live") return liveSource(db);
  return date.kind === "snapshot" ? snapshotSource(db, date.month) : historySource(db, date.month);
}

/**
 * Statistics of an organization's whole subtree (统计, issue 4 parts 2–3): organizations by kind and
 * sector; members by status (all statuses), and current members (active, transferring, flowing) by
 * sex, age band, occupation, education and branch sector; per child organization its organization
 * count, member count (current) and active count. Read from the subtree counters (a primary-key range
 * of one organization plus the pending deltas of its subtree; docs/ARCHITECTURE.md "Fast aggregation")
 * for `asOf` = today, from the month-end snapshot for a past month-end. Age bands are by birth month:
 * the age a member reaches by the end of `asOf`'s month (exact on month-ends).
 * Parameters: `today` (YYYY-MM-DD in China), `asOf` (default today).
 * Errors: 404 outside the actor's subtree; 400 naming "asOf" (see chooseSource).
 */
export async function getSubtreeStats(
  db: Database,
  actor: Actor,
  organizationId: number,
  today: string,
  asOf: string = today,
) {
  if (asOf === today) {
    // Live: the organization and, unless it is a branch, its whole dashboard in one statement
    // (figures summed and banded in SQL; docs/ARCHITECTURE.md "Fast aggregation").
    const bands = birthMonthBands(asOf);
    const dashboard = await readLiveDashboard(
      db,
      organizationId,
      { all: MEMBER_STATUSES, current: CURRENT_MEMBER_STATUSES },
      bands.thresholds,
      bands.youngest,
    );
    const loaded = dashboard.root;
    requireLoadedAccess(
      actor,
      { permission: "organization:read", kind: "organization", ids: [organizationId] },
      (id) => (loaded?.id === id ? loaded : undefined),
    );
    const root = loaded as CountedOrganization;
    if (root.kind === "branch") {
      // A branch holds no counters: its members are read, in its county (one shard on Citus).
      const county = await countyScopeOfPath(db, root.path);
      return readSubtreeStats(db, { ...root, county }, liveSource(db), asOf);
    }
    return {
      organizationId: root.id,
      asOf,
      ...summarizeFigures(dashboard.members, dashboard.organizations, asOf),
      children: dashboard.children.map(toChildStats).sort(byMembersThenId),
    };
  }
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "organization",
    ids: [organizationId],
  });
  const record = requireFound(await findOrganizationById(db, organizationId), "organization");
  const source = await chooseSource(db, asOf, today);
  const root: CountedOrganization = {
    id: record.id,
    path: record.path,
    kind: record.kind,
    sector: record.sector,
    depth: record.depth,
    county: countyScopeOf(record),
  };
  return readSubtreeStats(db, root, source, asOf);
}

/** A child's line of the statistics from the live dashboard's row. */
function toChildStats(child: DashboardChild) {
  return {
    id: child.id,
    name: child.name,
    kind: child.kind as OrganizationKind,
    sector: child.sector as Sector | null,
    organizationCount: child.kind === "branch" ? 1 : (child.organizationCount ?? 1),
    memberCount: child.memberCount,
    activeMemberCount: child.activeMemberCount,
  };
}

/** The statistics of an authorized organization from a figure source (four reads, two round trips). */
async function readSubtreeStats(db: Database, root: CountedOrganization, source: FigureSource, asOf: string) {
  // The subtree's own figures and the children list in parallel; then the children's figures.
  const [members, organizations, childRows] = await Promise.all([
    source.members(root),
    source.organizations(root),
    root.kind === "branch" ? Promise.resolve([]) : findChildOrganizations(db, root.id),
  ]);
  const [childMembers, childOrganizations] = await Promise.all([
    source.childMembers(root, childRows),
    source.childOrganizations(childRows),
  ]);
  return {
    organizationId: root.id,
    asOf,
    ...summarizeFigures(members, organizations, asOf),
    children: summarizeChildren(childRows, childMembers, childOrganizations),
  };
}

function tally(entries: Iterable<[string, number]>): { key: string; count: number }[] {
  const totals = new Map<string, number>();
  for (const [key, value] of entries) totals.set(key, (totals.get(key) ?? 0) + value);
  return [...totals]
    .filter(([, count]) => count !== 0)
    .map(([key, count]) => ({ key, count }))
    .sort(byCountThenKey);
}

/** Largest count first; ties by key, so that the answer does not depend on the order rows come back in. */
function byCountThenKey(a: { key: string; count: number }, b: { key: string; count: number }): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** A dimension value as the response shows it ("" = not recorded → "unknown"). */
function keyOf(value: string): string {
  return value === "" ? "unknown" : value;
}

/**
 * The age band of a birth month ("YYYY-MM") by the age reached on the last day of `asOf`'s month:
 * born in or before the month of a band's latest birth date for that day.
 */
function ageBandsByBirthMonth(asOf: string): (birthMonth: string) => AgeBand {
  const { thresholds, youngest } = birthMonthBands(asOf);
  return (birthMonth) => thresholds.find((entry) => birthMonth <= entry.month)?.band ?? youngest;
}

/**
 * The age bands of {@link ageBandsByBirthMonth} as birth-month thresholds, oldest band first (the
 * first whose month a birth month is not after), and the band of everyone younger — the same rule
 * in JS and, for the live dashboard, in SQL.
 */
function birthMonthBands(asOf: string): {
  thresholds: { band: AgeBand; month: string }[];
  youngest: AgeBand;
} {
  const thresholds = ageBandBirthDateThresholds(lastDayOfMonth(asOf)).map(({ band, bornOnOrBefore }) => ({
    band,
    month: bornOnOrBefore.slice(0, 7),
  }));
  return { thresholds, youngest: "14-17" };
}

/** The response's member and organization figures from counter rows (pure). */
export function summarizeFigures(members: MemberFigure[], organizations: OrganizationFigure[], asOf: string) {
  const current = members.filter((row) => CURRENT.has(row.status));
  const of = (dimension: string, rows = current) => rows.filter((row) => row.dimension === dimension);
  const bandOf = ageBandsByBirthMonth(asOf);
  const ageBandCounts = new Map<string, { ageBand: AgeBand; sex: Sex; count: number }>();
  const sexCounts: [string, number][] = [];
  // sex_birth_month "male:2005-01" (counters, snapshots, history), or already banded by the live
  // dashboard's SQL: sex_age_band "male:18-22".
  for (const row of [...of("sex_birth_month"), ...of("sex_age_band")]) {
    const [sex, birthMonthOrBand] = row.value.split(":") as [Sex, string];
    sexCounts.push([sex, row.count]);
    const ageBand =
      row.dimension === "sex_age_band" ? (birthMonthOrBand as AgeBand) : bandOf(birthMonthOrBand);
    const key = `${ageBand}|${sex}`;
    const entry = ageBandCounts.get(key) ?? { ageBand, sex, count: 0 };
    entry.count += Number(row.count);
    ageBandCounts.set(key, entry);
  }
  const organizationRows = (dimension: string) =>
    organizations
      .filter((row) => row.dimension === dimension)
      .map((row): [string, number] => [keyOf(row.value), row.count]);
  return {
    totalOrganizations: organizationRows("total").reduce((sum, [, count]) => sum + Number(count), 0),
    totalMembers: of("total").reduce((sum, row) => sum + Number(row.count), 0),
    organizationsByKind: tally(organizationRows("kind")),
    organizationsBySector: tally(organizationRows("sector")),
    membersByStatus: tally(of("total", members).map((row) => [row.status, Number(row.count)])),
    membersBySex: tally(sexCounts.map(([sex, count]) => [sex, Number(count)])),
    // In band order, male before female; empty cells left out.
    membersByAgeBand: [...ageBandCounts.values()]
      .filter((entry) => entry.count !== 0)
      .sort(
        (a, b) =>
          AGE_BANDS.indexOf(a.ageBand) - AGE_BANDS.indexOf(b.ageBand) ||
          SEXES.indexOf(a.sex) - SEXES.indexOf(b.sex),
      ),
    membersByOccupation: tally(of("occupation").map((row) => [keyOf(row.value), Number(row.count)])),
    membersByEducation: tally(of("education").map((row) => [keyOf(row.value), Number(row.count)])),
    membersBySector: tally(of("sector").map((row) => [keyOf(row.value), Number(row.count)])),
  };
}

function summarizeChildren(
  childRows: readonly ChildRow[],
  childMembers: ChildTotals,
  childOrganizations: Map<number, number>,
) {
  return childRows
    .map((child) => {
      const rows = childMembers.filter((row) => row.childId === child.id);
      return {
        id: child.id,
        name: child.name,
        kind: child.kind,
        sector: child.sector,
        organizationCount: child.kind === "branch" ? 1 : (childOrganizations.get(child.id) ?? 1),
        memberCount: rows.filter((row) => CURRENT.has(row.status)).reduce((sum, row) => sum + row.count, 0),
        activeMemberCount: rows
          .filter((row) => row.status === "active")
          .reduce((sum, row) => sum + row.count, 0),
      };
    })
    .sort(byMembersThenId);
}

/** Children: most members first, then by id. */
function byMembersThenId(
  a: { memberCount: number; id: number },
  b: { memberCount: number; id: number },
): number {
  return b.memberCount - a.memberCount || a.id - b.id;
}

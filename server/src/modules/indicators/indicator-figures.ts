import {
  addDays,
  CURRENT_MEMBER_STATUSES,
  type EnteredMembers,
  type MemberStatus,
  type OrganizationalLifeTally,
  type SeasonTransferTally,
  schoolYearOf,
  TERM_REMINDER_DAYS,
} from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { readCadreCounts } from "../cadres/cadre-count.repository";
import {
  type CadreCountRow,
  type CadreTally,
  cadreTallyOf,
  emptyCadreTally,
  staffingRowsOf,
  sumStaffing,
} from "../cadres/cadre-tally";
import { countRecordedMembers, recordedAndComplete } from "../members/member-completeness.repository";
import type { MemberFigure, OrganizationFigure } from "../stats/member-count.repository";
import type { FigureDate } from "../stats/member-count-snapshot.repository";
import { readReportedCounts } from "../stats/reported-count.repository";
import {
  type AnnualCycleTally,
  EMPTY_ANNUAL_CYCLE_TALLY,
  readAnnualCycleTallies,
} from "./annual-cycle-figures.repository";
import type { DuesAndRatingTally } from "./dues-and-rating.repository";
import {
  type FigureOrganization,
  readMemberFiguresOf,
  readOrganizationFiguresOf,
  sumCurrent,
} from "./indicator.repository";
import {
  type CadreGroup,
  countCoveredUnits,
  countExpiringTerms,
  countGrassrootsDays,
  type EnteredFigure,
  findEnteredFigures,
  readCadreGroups,
  readStaffingRows,
  type StaffingRow,
} from "./indicator-records.repository";
import { readDuesAndRatingCounts, readOrganizationalLifeCounts } from "./org-life-count.repository";
import { readOrganizationalLifeTallies } from "./organizational-life.repository";
import {
  EMPTY_PARTY_RECOMMENDATION_TALLY,
  type PartyRecommendationTally,
  readPartyRecommendationTallies,
  readPartyRecommendationTalliesFromCounters,
} from "./party-recommendation-figures.repository";
import { readSeasonTransferTallies } from "./transfer-rates.repository";
import {
  EMPTY_YOUTH_HOME_TALLY,
  readYouthHomeTallies,
  type YouthHomeTally,
} from "./youth-home-figures.repository";

const CURRENT = new Set<MemberStatus>(CURRENT_MEMBER_STATUSES);

/** The kinds of entered data indicators read (reported_member_count lives on organization). */
export type EnteredTable = "youth_population" | "school_enrollment" | "eligible_units";

/** Member and organization figures of a batch's organizations read beforehand. */
export interface PreloadedFigures {
  members?: Map<number, MemberFigure[]> | undefined;
  organizations?: Map<number, OrganizationFigure[]> | undefined;
}

/**
 * The figures of several organizations' subtrees on one date — the root alone ("subtree") or every
 * child of a root ("children") — each kind loaded at most once, for all of them, by one statement
 * (so a children table of a province costs one query per figure kind, not one per child).
 */
export class FigureBatch {
  private memberFigures?: Promise<Map<number, MemberFigure[]>>;
  private organizationFigures?: Promise<Map<number, OrganizationFigure[]>>;
  private recordedCounts?: Promise<Map<number, { recorded: number; complete: number }>>;
  private reportedCounts?: Promise<Map<number, number | null>>;
  private cadres?: Promise<Map<number, CadreTally>>;
  private staffing?: Promise<StaffingRow[]>;
  private expiringTerms?: Promise<Map<number, number>>;
  private grassrootsDays?: Promise<Map<number, number>>;
  private readonly entered = new Map<EnteredTable, Promise<EnteredFigure[]>>();
  private enteredMembers?: Promise<Map<number, number>>;
  private enteredCohorts?: Promise<Map<number, MemberFigure[]>>;
  private covered?: Promise<{ organizationId: number; sector: string; count: number }[]>;
  private seasonTransfers?: Promise<Map<number, SeasonTransferTally>>;
  private youthHomes?: Promise<Map<number, YouthHomeTally>>;
  private organizationalLifeTallies?: Promise<Map<number, OrganizationalLifeTally>>;
  private duesAndRatingTallies?: Promise<Map<number, DuesAndRatingTally>>;
  private partyRecommendationTallies?: Promise<Map<number, PartyRecommendationTally>>;
  private partyRecommendationsThisYear?: Promise<Map<number, PartyRecommendationTally>>;
  private annualCycleTallies?: Promise<Map<number, AnnualCycleTally>>;

  constructor(
    private readonly db: Executor,
    readonly date: FigureDate,
    /** "YYYY-MM-DD": the date the figures are of (today, or a past month-end). */
    readonly asOf: string,
    /** The organization whose subtree holds every organization of the batch. */
    readonly scope: FigureOrganization,
    /** The organizations computed: [scope], or the scope's children. */
    readonly organizations: readonly FigureOrganization[],
    /** Figures already read for this date (a trend reads every month's snapshot in one statement). */
    preloaded: PreloadedFigures = {},
  ) {
    if (preloaded.members) this.memberFigures = Promise.resolve(preloaded.members);
    if (preloaded.organizations) this.organizationFigures = Promise.resolve(preloaded.organizations);
  }

  /** Whether the figures are today's (record-based figures exist only for today). */
  get isLive(): boolean {
    return this.date.kind === "live";
  }

  /** The figures of one organization of the batch. */
  of(organization: FigureOrganization): SubtreeFigures {
    return new SubtreeFigures(this, organization);
  }

  membersOf(): Promise<Map<number, MemberFigure[]>> {
    this.memberFigures ??= readMemberFiguresOf(this.db, this.date, this.organizations);
    return this.memberFigures;
  }

  organizationsOf(): Promise<Map<number, OrganizationFigure[]>> {
    this.organizationFigures ??= readOrganizationFiguresOf(this.db, this.date, this.organizations);
    return this.organizationFigures;
  }

  /**
   * Current members recorded and complete, per organization: today from the counters' `total` and
   * `complete` dimensions (primary-key reads plus the pending deltas, as membersOf); another date (no
   * indicator asks: 信息完整率 is today's records only) by the members module's one-scan query.
   */
  recordedOf(): Promise<Map<number, { recorded: number; complete: number }>> {
    this.recordedCounts ??= this.isLive
      ? readMemberFiguresOf(this.db, this.date, this.organizations, ["total", "complete"]).then((figures) => {
          const result = new Map<number, { recorded: number; complete: number }>();
          for (const organization of this.organizations) {
            const rows = figures.get(organization.id) ?? [];
            result.set(organization.id, recordedAndComplete(rows));
          }
          return result;
        })
      : countRecordedMembers(this.db, this.scope.path).then((rows) =>
          this.pick(rows, (row) => ({ recorded: row.recorded, complete: row.complete }), {
            recorded: 0,
            complete: 0,
          }),
        );
    return this.recordedCounts;
  }

  /**
   * 应录入数 per organization; null where nobody in the subtree reported one. From the subtree sums of
   * organization_reported_count (one primary-key read per organization; issue 18 part 1 — the scan of
   * the subtree's organizations, sumReportedMemberCounts, took 1.8 s at the province). Today's value
   * on every date, as before (应录入数 has no history).
   */
  reportedOf(): Promise<Map<number, number | null>> {
    this.reportedCounts ??= readReportedCounts(this.db, this.organizations);
    return this.reportedCounts;
  }

  /** Rows of a per-child GROUPING SETS query of the scope: the total row for "subtree", child rows otherwise. */
  private pick<Row extends { total: boolean; childId: number | null }, Value>(
    rows: readonly Row[],
    value: (row: Row) => Value,
    empty: Value,
  ): Map<number, Value> {
    const result = new Map<number, Value>();
    for (const organization of this.organizations) {
      const row =
        organization.id === this.scope.id
          ? rows.find((candidate) => candidate.total)
          : rows.find((candidate) => !candidate.total && candidate.childId === organization.id);
      result.set(organization.id, row ? value(row) : empty);
    }
    return result;
  }

  /**
   * The cadre profile tally of each organization's subtree: today, the subtree tallies cadre_count
   * (kept by the triggers of migration 0019, the figures getCadreProfile reads; a primary-key range per
   * organization); for a past month-end, the cadre records in post on it (readCadreGroups) folded into
   * the same tally.
   */
  cadresOf(): Promise<Map<number, CadreTally>> {
    const ids = this.organizations.map((organization) => organization.id);
    this.cadres ??= this.isLive
      ? readCadreCounts(this.db, ids, { profile: true, staffing: false, birthDates: true }).then((rows) =>
          tallyByOrganization(ids, rows),
        )
      : readCadreGroups(this.db, ids, this.asOf).then((groups) => tallyOfGroups(ids, groups));
    return this.cadres;
  }

  /** 配备率's rows of each subtree: today from cadre_count (as getStaffing), a past month-end from the records. */
  staffingOf(): Promise<StaffingRow[]> {
    const ids = this.organizations.map((organization) => organization.id);
    this.staffing ??= this.isLive
      ? readCadreCounts(this.db, ids, { profile: false, staffing: true, birthDates: false }).then(
          staffingRowsOf,
        )
      : readStaffingRows(this.db, ids, this.asOf);
    return this.staffing;
  }

  /** Person-days at the grassroots of each subtree in asOf's year up to asOf (one statement). */
  grassrootsDaysOf(): Promise<Map<number, number>> {
    this.grassrootsDays ??= countGrassrootsDays(
      this.db,
      this.organizations.map((organization) => organization.id),
      `${this.asOf.slice(0, 4)}-01-01`,
      this.asOf,
    );
    return this.grassrootsDays;
  }

  expiringTermsOf(): Promise<Map<number, number>> {
    this.expiringTerms ??= countExpiringTerms(
      this.db,
      this.organizations.map((organization) => organization.id),
      this.asOf,
      addDays(this.asOf, TERM_REMINDER_DAYS),
    );
    return this.expiringTerms;
  }

  /** Entries of `table` made in the scope's subtree for asOf's year (school year for enrollment). */
  enteredOf(table: EnteredTable): Promise<EnteredFigure[]> {
    let entries = this.entered.get(table);
    if (!entries) {
      const year = table === "school_enrollment" ? schoolYearOf(this.asOf) : Number(this.asOf.slice(0, 4));
      entries = findEnteredFigures(this.db, table, this.scope.path, year);
      this.entered.set(table, entries);
    }
    return entries;
  }

  /** Current members of the subtree of every organization that entered youth population or students. */
  enteredMembersOf(): Promise<Map<number, number>> {
    this.enteredMembers ??= Promise.all([
      this.enteredOf("youth_population"),
      this.enteredOf("school_enrollment"),
    ]).then(async ([youth, students]) => {
      const byId = new Map([...youth, ...students].map((entry) => [entry.organizationId, entry]));
      const figures = await readMemberFiguresOf(this.db, this.date, [...byId.values()].map(toOrganization), [
        "total",
      ]);
      return new Map([...figures].map(([id, rows]) => [id, sumCurrent(rows)]));
    });
    return this.enteredMembers;
  }

  /**
   * Counter rows (total and sex_birth_month) of the subtree of every organization that entered
   * students: the members of a grade by birth cohort (毕业年级团学比, domain schoolLeagueRatios).
   */
  enteredCohortsOf(): Promise<Map<number, MemberFigure[]>> {
    this.enteredCohorts ??= this.enteredOf("school_enrollment").then((students) => {
      const byId = new Map(students.map((entry) => [entry.organizationId, entry]));
      return readMemberFiguresOf(this.db, this.date, [...byId.values()].map(toOrganization), [
        "total",
        "sex_birth_month",
      ]);
    });
    return this.enteredCohorts;
  }

  /** Units with a League organization under every organization that entered eligible units. */
  coveredOf(): Promise<{ organizationId: number; sector: string; count: number }[]> {
    this.covered ??= this.enteredOf("eligible_units").then((entries) =>
      countCoveredUnits(
        this.db,
        [...new Set(entries.map((entry) => entry.organizationId))],
        [...new Set(entries.map((entry) => entry.key))],
      ),
    );
    return this.covered;
  }

  /**
   * The graduation season's transfer tallies of every organization of the batch, season = asOf's
   * year, late = open after the deadline as of asOf (one statement, transfer-rates.repository.ts).
   */
  seasonTransfersOf(): Promise<Map<number, SeasonTransferTally>> {
    this.seasonTransfers ??= readSeasonTransferTallies(
      this.db,
      this.organizations.map((organization) => organization.id),
      Number(this.asOf.slice(0, 4)),
      this.asOf,
    );
    return this.seasonTransfers;
  }

  /** The Youth Home figures of every organization of the batch on asOf (one statement, youth-home-figures.repository.ts). */
  youthHomesOf(): Promise<Map<number, YouthHomeTally>> {
    this.youthHomes ??= readYouthHomeTallies(
      this.db,
      this.organizations.map((organization) => organization.id),
      this.asOf,
    );
    return this.youthHomes;
  }

  /**
   * The organizational-life tallies of every organization of the batch as of asOf (meetings of the
   * quarter, branches active in 3 months, the year's 团课 person-hours): one read of org_life_count
   * (org-life-count.repository.ts), or of the meeting records when a meeting is dated after asOf.
   */
  organizationalLifeOf(): Promise<Map<number, OrganizationalLifeTally>> {
    const ids = this.organizations.map((organization) => organization.id);
    // The subtree tallies (org_life_count); the records when a meeting is dated after asOf (a past date).
    this.organizationalLifeTallies ??= readOrganizationalLifeCounts(this.db, ids, this.asOf).then(
      (counted) => counted ?? readOrganizationalLifeTallies(this.db, ids, this.asOf),
    );
    return this.organizationalLifeTallies;
  }

  /** The annual-cycle tallies (registration, education review) of every organization of the batch (one statement). */
  annualCycleOf(): Promise<Map<number, AnnualCycleTally>> {
    this.annualCycleTallies ??= readAnnualCycleTallies(
      this.db,
      this.organizations.map((organization) => organization.id),
      this.asOf,
    );
    return this.annualCycleTallies;
  }

  /**
   * The 推优入党 tallies of every organization of the batch as of asOf (one statement). With
   * `membersOfAge` false only recommendedThisYear is counted (the members of age stay 0): the
   * recommendations alone. Today's members of age come from the sex_birth_month counters and the two
   * boundary birth months (readPartyRecommendationTalliesFromCounters); a past date scans the members.
   */
  partyRecommendationsOf(membersOfAge = true): Promise<Map<number, PartyRecommendationTally>> {
    const ids = this.organizations.map((organization) => organization.id);
    if (membersOfAge || this.partyRecommendationTallies) {
      // Today: the members of age from the counters (no member scan); a past date: the scan of today's members.
      this.partyRecommendationTallies ??= this.isLive
        ? readPartyRecommendationTalliesFromCounters(this.db, this.organizations, this.asOf)
        : readPartyRecommendationTallies(this.db, ids, this.asOf);
      return this.partyRecommendationTallies;
    }
    this.partyRecommendationsThisYear ??= readPartyRecommendationTallies(this.db, ids, this.asOf, {
      membersOfAge: false,
    });
    return this.partyRecommendationsThisYear;
  }

  /** The dues and star-rating tallies of every organization of the batch as of asOf (one read of org_life_count). */
  duesAndRatingOf(): Promise<Map<number, DuesAndRatingTally>> {
    this.duesAndRatingTallies ??= readDuesAndRatingCounts(
      this.db,
      this.organizations.map((organization) => organization.id),
      this.asOf,
    );
    return this.duesAndRatingTallies;
  }
}

function toOrganization(entry: EnteredFigure): FigureOrganization {
  return {
    id: entry.organizationId,
    path: entry.path,
    kind: entry.kind,
    sector: entry.sector,
    depth: entry.depth,
  };
}

/**
 * Current members of a subtree from its counter rows (dimensions total and sex_birth_month): in all,
 * and by birth month "YYYY-MM" (both sexes summed) — the input of domain schoolLeagueRatios.
 */
export function currentMembersByBirthMonth(rows: readonly MemberFigure[] | undefined): EnteredMembers {
  let total = 0;
  const birthMonths = new Map<string, number>();
  for (const row of rows ?? []) {
    if (!CURRENT.has(row.status)) continue;
    if (row.dimension === "total") total += Number(row.count);
    else if (row.dimension === "sex_birth_month") {
      const month = row.value.split(":")[1] ?? "";
      birthMonths.set(month, (birthMonths.get(month) ?? 0) + Number(row.count));
    }
  }
  return { total, birthMonths };
}

/** The figures of one organization's subtree, read through its batch. */
export class SubtreeFigures {
  constructor(
    readonly batch: FigureBatch,
    readonly organization: FigureOrganization,
  ) {}

  get asOf(): string {
    return this.batch.asOf;
  }

  get isLive(): boolean {
    return this.batch.isLive;
  }

  /** Counter rows of the subtree (status, dimension, value, count). */
  async members(): Promise<MemberFigure[]> {
    return (await this.batch.membersOf()).get(this.organization.id) ?? [];
  }

  /**
   * The counter rows summed once per subtree (issue 18 part 1): current members by "dimension\0value",
   * members of every status by status (dimension total), and current members by sex and birth month.
   * Every member indicator reads these instead of filtering the ≈ 2,000 rows again (the children
   * table of a province computes ≈ 150 member indicators for each child).
   */
  private summed?: Promise<{
    current: Map<string, number>;
    byStatus: Map<string, number>;
    sexBirthMonths: [string, string, number][];
  }>;

  private summedRows() {
    this.summed ??= this.members().then((rows) => {
      const current = new Map<string, number>();
      const byStatus = new Map<string, number>();
      const sexBirthMonths: [string, string, number][] = [];
      for (const row of rows) {
        const count = Number(row.count);
        if (row.dimension === "total") byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + count);
        if (!CURRENT.has(row.status)) continue;
        const key = `${row.dimension}\0${row.value}`;
        current.set(key, (current.get(key) ?? 0) + count);
        if (row.dimension === "sex_birth_month") {
          const [sex = "", birthMonth = ""] = row.value.split(":");
          sexBirthMonths.push([sex, birthMonth, count]);
        }
      }
      return { current, byStatus, sexBirthMonths };
    });
    return this.summed;
  }

  /** Current members with `value` of `dimension` (total: every current member). */
  async currentMembers(dimension = "total", value = ""): Promise<number> {
    return (await this.summedRows()).current.get(`${dimension}\0${value}`) ?? 0;
  }

  /** Members (any status) with `status`. */
  async membersWithStatus(status: MemberStatus): Promise<number> {
    return (await this.summedRows()).byStatus.get(status) ?? 0;
  }

  /** Current members by sex and birth month: [sex, "YYYY-MM", count] (shared: do not change it). */
  async sexBirthMonths(): Promise<readonly [string, string, number][]> {
    return (await this.summedRows()).sexBirthMonths;
  }

  /** Organizations of the subtree with `value` of `dimension` (total / kind / sector). */
  async organizations(dimension = "total", value = ""): Promise<number> {
    return ((await this.batch.organizationsOf()).get(this.organization.id) ?? [])
      .filter((row) => row.dimension === dimension && row.value === value)
      .reduce((sum, row) => sum + Number(row.count), 0);
  }

  async recorded(): Promise<{ recorded: number; complete: number }> {
    return (await this.batch.recordedOf()).get(this.organization.id) ?? { recorded: 0, complete: 0 };
  }

  async reported(): Promise<number | null> {
    return (await this.batch.reportedOf()).get(this.organization.id) ?? null;
  }

  /** The subtree's cadres in post by profile dimension (see FigureBatch.cadresOf). */
  async cadres(): Promise<CadreTally> {
    return (await this.batch.cadresOf()).get(this.organization.id) ?? emptyCadreTally();
  }

  /**
   * 配备率's figures of the subtree on asOf: expected posts (domain post standard by kind and level)
   * and those filled (each organization's open posts, each post counted up to its expected number).
   */
  async staffing(): Promise<{ expected: number; filled: number }> {
    return sumStaffing(
      (await this.batch.staffingOf()).filter((row) => row.organizationId === this.organization.id),
    );
  }

  /** Person-days at the grassroots logged in the subtree in asOf's year (see FigureBatch.grassrootsDaysOf). */
  async grassrootsDays(): Promise<number> {
    return (await this.batch.grassrootsDaysOf()).get(this.organization.id) ?? 0;
  }

  /** Terms of the subtree due for election on asOf (ending within the reminder window, not renewed). */
  async expiringTerms(): Promise<number> {
    return (await this.batch.expiringTermsOf()).get(this.organization.id) ?? 0;
  }

  /** Entries of `table` made by organizations of this subtree. */
  async entered(table: EnteredTable): Promise<EnteredFigure[]> {
    return (await this.batch.enteredOf(table)).filter((entry) =>
      entry.path.startsWith(this.organization.path),
    );
  }

  /** Current members of the subtree of an organization that entered data. */
  async membersOfEntered(organizationId: number): Promise<number> {
    return (await this.batch.enteredMembersOf()).get(organizationId) ?? 0;
  }

  /** Current members, in all and by birth month, of an organization that entered students. */
  async enteredCohort(organizationId: number): Promise<EnteredMembers> {
    return currentMembersByBirthMonth((await this.batch.enteredCohortsOf()).get(organizationId));
  }

  /** The annual-cycle tally of the subtree as of asOf; zeros without a campaign. */
  async annualCycle(): Promise<AnnualCycleTally> {
    return (await this.batch.annualCycleOf()).get(this.organization.id) ?? EMPTY_ANNUAL_CYCLE_TALLY;
  }

  /** The 推优入党 tally of the subtree as of asOf; zeros without members or recommendations. */
  async partyRecommendations(): Promise<PartyRecommendationTally> {
    return (
      (await this.batch.partyRecommendationsOf()).get(this.organization.id) ??
      EMPTY_PARTY_RECOMMENDATION_TALLY
    );
  }

  /** Recommendations approved this year up to asOf in the subtree (without counting the members of age). */
  async partyRecommendationsThisYear(): Promise<number> {
    return (
      (await this.batch.partyRecommendationsOf(false)).get(this.organization.id)?.recommendedThisYear ?? 0
    );
  }

  /** The dues and star-rating tally of the subtree as of asOf; zeros without members or ratings. */
  async duesAndRating(): Promise<DuesAndRatingTally> {
    return (
      (await this.batch.duesAndRatingOf()).get(this.organization.id) ?? {
        expectedMemberMonths: 0,
        paidMemberMonths: 0,
        ratedBranches: 0,
        fiveStar: 0,
        weak: 0,
      }
    );
  }

  /** The organizational-life tally of the subtree as of asOf; zeros without branches. */
  async organizationalLife(): Promise<OrganizationalLifeTally> {
    return (
      (await this.batch.organizationalLifeOf()).get(this.organization.id) ?? {
        branches: 0,
        meetingsInQuarter: 0,
        activeBranches: 0,
        leagueClassPersonHours: 0,
      }
    );
  }

  /** The graduation season's transfer tally of the subtree (season = asOf's year); zeros without one. */
  async seasonTransfers(): Promise<SeasonTransferTally> {
    return (
      (await this.batch.seasonTransfersOf()).get(this.organization.id) ?? {
        studyGraduates: 0,
        studyLanded: 0,
        societyGraduates: 0,
        societyLanded: 0,
        employerLanded: 0,
        landed: 0,
        landedOnTime: 0,
        openPastDeadline: 0,
        medianDaysToComplete: null,
      }
    );
  }

  /** The Youth Home figures of the subtree on asOf (issue 14 part 6); zeros without any. */
  async youthHomes(): Promise<YouthHomeTally> {
    return (await this.batch.youthHomesOf()).get(this.organization.id) ?? EMPTY_YOUTH_HOME_TALLY;
  }

  /** Covered units of `sector` under an organization that entered eligible units. */
  async coveredUnits(organizationId: number, sector: string): Promise<number> {
    return (await this.batch.coveredOf())
      .filter((row) => row.organizationId === organizationId && row.sector === sector)
      .reduce((sum, row) => sum + row.count, 0);
  }
}

/** The cadre_count rows of each organization folded into its {@link CadreTally} (empty when none). */
function tallyByOrganization(
  ids: readonly number[],
  rows: readonly CadreCountRow[],
): Map<number, CadreTally> {
  const byOrganization = new Map<number, CadreCountRow[]>(ids.map((id) => [id, []]));
  for (const row of rows) byOrganization.get(row.organizationId)?.push(row);
  return new Map([...byOrganization].map(([id, each]) => [id, cadreTallyOf(each)]));
}

/** The record groups of each organization (a past date) as the cadre_count rows they would make, folded. */
function tallyOfGroups(ids: readonly number[], groups: readonly CadreGroup[]): Map<number, CadreTally> {
  const rows: CadreCountRow[] = [];
  for (const group of groups) {
    const row = (dimension: string, value: string) =>
      rows.push({ organizationId: group.organizationId, dimension, value, count: group.count });
    row("total", "");
    row("kind", group.cadreKind ?? "");
    row("education", group.education ?? "");
    row("party_member", String(group.partyMember));
    row("from_grassroots", String(group.fromGrassroots));
    row("trained", String(group.trained));
    if (group.birthDate) row("birth_date", group.birthDate);
  }
  return tallyByOrganization(ids, rows);
}

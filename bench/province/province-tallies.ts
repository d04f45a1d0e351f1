import { CURRENT_MEMBER_STATUSES, isRecordComplete } from "@tuanwu/domain";
import { counterBucketOf } from "../../server/src/db/county";
import { MEMBER_COUNT_DIMENSIONS } from "../../server/src/modules/stats/member-count-snapshot.repository";
import { countiesOfOrganizations } from "./province-copy";
import type { MemberRow } from "./province-members";
import type { PlannedOrganization } from "./province-plan";

/**
 * The subtree counters of a generated province (issue 18 part 6), computed in the loader while the
 * members are generated, so that they are COPYed instead of being recounted from the loaded tables
 * (member_count_rebuild took 185–336 s of the province load). They must equal what the migrations'
 * recount functions give on the loaded rows (province-tallies.test.ts compares them):
 *
 * - member_count (member_count_rebuild, migration 0006): each member counted at the holder nearest it
 *   (its branch's parent; its own organization when that is not a branch) in the dimensions of
 *   member_count_dimensions — total, sex_birth_month, occupation, education, ethnicity, cadre (the
 *   loader writes no is_cadre: always false), the branch's sector and complete (信息完整率) — then rolled up to every
 *   ancestor;
 * - organization_count: every organization counted (total, kind, sector) at each id of its path,
 *   itself excluded when it is a branch (member_count_holders);
 * - org_life_own / org_life_count (org_life_count_rebuild, migrations 0026–0027): the loader writes no
 *   meetings, ratings, dues or campaigns, so an organization's own tallies are `branches` (1 for a
 *   branch or general branch) and `joined` (its current members by month of joining), summed at each
 *   id of its path, itself included (cadre_count_holders).
 *
 * - organization_reported_count (应录入数 per subtree, migration 0033): not tallied here — the loader
 *   sets reported_member_count by one UPDATE and then runs organization_reported_count_rebuild() (one
 *   grouping of the organizations, ≈ 1 s), which is the recount itself.
 *
 * Rows are COPY text lines of the tables' columns (COPY_COLUMNS of province-copy.ts).
 */

/** The counted dimensions, in member_count_dimensions' order: the snapshotted ones, then 信息完整率's. */
const DIMENSIONS = [...MEMBER_COUNT_DIMENSIONS, "complete"] as const;
/** id_document_type is not COPYed: the column's default (server/src/db/schema/member.ts). */
const DEFAULT_ID_DOCUMENT_TYPE = "resident_id_card";
/** Current members (domain.md): counted in 应录入数 and the `joined` tally. */
const CURRENT = new Set<string>(CURRENT_MEMBER_STATUSES);
const VALUE_BITS = 13;
const VALUE_LIMIT = 1 << VALUE_BITS;
const DIMENSION_COUNT = 8;

export class ProvinceTallies {
  private readonly parent: Int32Array;
  private readonly depth: Uint8Array;
  private readonly branch: Uint8Array;
  private readonly kinds: string[] = [];
  private readonly sectors: string[] = [];
  private readonly paths: string[] = [];
  /** Value ids per dimension, and back. */
  private readonly valueIds = DIMENSIONS.map(() => new Map<string, number>());
  private readonly values: string[][] = DIMENSIONS.map(() => []);
  private readonly statusIds = new Map<string, number>();
  private readonly statuses: string[] = [];
  /** Member counters by holder: key (status × 8 + dimension) × 2¹³ + value id → count. */
  private readonly counters = new Map<number, Map<number, number>>();
  /** Current members per organization (for 应录入数) and by organization and month of joining. */
  readonly currentMembers = new Map<number, number>();
  private readonly joined = new Map<number, Map<string, number>>();

  /**
   * The counter bucket of each holder (server db/county.ts counterBucketOf, migration
   * 0057_above_county_bucket): its county bucket (migration 0030's rule), or the one above-county bucket
   * for a city, province or national committee — a counter row's county_id.
   */
  private readonly counties: Map<number, number>;

  /**
   * The county bucket of each organization (migration 0030's rule): the bucket of an organizational-life
   * tally row (org_life_holder_bucket, migration 0056_org_life_tally_county — a city, province or the
   * national committee its own id, not the counters' one above-county bucket).
   */
  private readonly tallyCounties: Map<number, number>;

  private countyOf(holder: number): number {
    return this.counties.get(holder) ?? 0;
  }

  constructor(organizations: readonly PlannedOrganization[]) {
    const counties = countiesOfOrganizations(organizations);
    this.tallyCounties = counties;
    this.counties = new Map(
      organizations.map((row) => [
        row.id,
        counterBucketOf({ id: row.id, level: row.level, countyId: counties.get(row.id) ?? 0 }),
      ]),
    );
    const size = organizations.reduce((max, row) => Math.max(max, row.id), 0) + 1;
    this.parent = new Int32Array(size);
    this.depth = new Uint8Array(size);
    this.branch = new Uint8Array(size);
    for (const row of organizations) {
      this.parent[row.id] = row.parentId ?? 0;
      this.depth[row.id] = row.depth;
      this.branch[row.id] = row.kind === "branch" ? 1 : 0;
      this.kinds[row.id] = row.kind;
      this.sectors[row.id] = row.sector ?? "";
      this.paths[row.id] = row.path;
    }
  }

  /** Counts one generated member (as loaded: is_cadre false). */
  addMember(member: MemberRow): void {
    const organization = member.organizationId;
    if (CURRENT.has(member.status)) {
      this.currentMembers.set(organization, (this.currentMembers.get(organization) ?? 0) + 1);
      let months = this.joined.get(organization);
      if (!months) {
        months = new Map();
        this.joined.set(organization, months);
      }
      const month = member.joinedOn.slice(0, 7);
      months.set(month, (months.get(month) ?? 0) + 1);
    }
    const holder = this.branch[organization] ? (this.parent[organization] as number) : organization;
    if (holder === 0) return;
    let counts = this.counters.get(holder);
    if (!counts) {
      counts = new Map();
      this.counters.set(holder, counts);
    }
    let status = this.statusIds.get(member.status);
    if (status === undefined) {
      status = this.statuses.length;
      this.statuses.push(member.status);
      this.statusIds.set(member.status, status);
    }
    const base = status * DIMENSION_COUNT;
    this.bump(counts, base, 0, "");
    this.bump(counts, base, 1, `${member.sex}:${member.birthDate.slice(0, 7)}`);
    this.bump(counts, base, 2, member.occupation ?? "");
    this.bump(counts, base, 3, member.education ?? "");
    this.bump(counts, base, 4, member.ethnicity ?? "");
    this.bump(counts, base, 5, "false");
    this.bump(counts, base, 6, this.sectors[organization] ?? "");
    // 信息完整率 (migration 0029's member_record_complete, the domain rule isRecordComplete).
    const complete = isRecordComplete({ ...member, idDocumentType: DEFAULT_ID_DOCUMENT_TYPE });
    this.bump(counts, base, 7, complete ? "true" : "false");
  }

  private bump(counts: Map<number, number>, base: number, dimension: number, value: string): void {
    const ids = this.valueIds[dimension] as Map<string, number>;
    let id = ids.get(value);
    if (id === undefined) {
      const values = this.values[dimension] as string[];
      id = values.length;
      if (id >= VALUE_LIMIT) throw new Error(`more than ${VALUE_LIMIT} values of ${DIMENSIONS[dimension]}`);
      values.push(value);
      ids.set(value, id);
    }
    const key = (base + dimension) * VALUE_LIMIT + id;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  /**
   * member_count as COPY lines (organization_id, status, dimension, value, count, county_id): the counters rolled
   * up to every ancestor, deepest holders first (as member_count_rebuild). Call once, at the end.
   */
  *memberCountLines(): Generator<string> {
    // Every ancestor of a holder holds counters too: give each a map, then roll up deepest first.
    for (const holder of [...this.counters.keys()]) {
      for (let id = this.parent[holder] as number; id !== 0 && !this.counters.has(id); ) {
        this.counters.set(id, new Map());
        id = this.parent[id] as number;
      }
    }
    const holders = [...this.counters.keys()].sort((a, b) => (this.depth[b] ?? 0) - (this.depth[a] ?? 0));
    for (const holder of holders) {
      const counts = this.counters.get(holder) as Map<number, number>;
      const parent = this.parent[holder] as number;
      if (parent !== 0) {
        const into = this.counters.get(parent) as Map<number, number>;
        for (const [key, count] of counts) into.set(key, (into.get(key) ?? 0) + count);
      }
      let lines = "";
      for (const [key, count] of counts) {
        const value = key % VALUE_LIMIT;
        const combined = (key - value) / VALUE_LIMIT;
        const dimension = combined % DIMENSION_COUNT;
        const status = (combined - dimension) / DIMENSION_COUNT;
        const text = (this.values[dimension] as string[])[value] as string;
        lines += `${holder}\t${this.statuses[status]}\t${DIMENSIONS[dimension]}\t${copyText(text)}\t${count}\t${this.countyOf(holder)}\n`;
      }
      this.counters.delete(holder);
      if (lines !== "") yield lines;
    }
  }

  /** organization_count as COPY lines (organization_id, dimension, value, count, county_id). */
  *organizationCountLines(): Generator<string> {
    const counts = new Map<number, Map<string, number>>();
    for (let id = 1; id < this.parent.length; id += 1) {
      const kind = this.kinds[id];
      if (kind === undefined) continue;
      const keys = ["total\t", `kind\t${kind}`, `sector\t${this.sectors[id]}`];
      for (let holder = this.branch[id] ? (this.parent[id] as number) : id; holder !== 0; ) {
        let into = counts.get(holder);
        if (!into) {
          into = new Map();
          counts.set(holder, into);
        }
        for (const key of keys) into.set(key, (into.get(key) ?? 0) + 1);
        holder = this.parent[holder] as number;
      }
    }
    for (const [holder, into] of counts) {
      let lines = "";
      for (const [key, count] of into) lines += `${holder}\t${key}\t${count}\t${this.countyOf(holder)}\n`;
      yield lines;
    }
  }

  /**
   * org_life_own and org_life_count as COPY lines (organization_id, dimension, value, amount, county_id —
   * the holder's county bucket, {@link tallyCounties}: migration 0056_org_life_tally_county): each
   * organization's own `branches` and `joined` tallies, and their sums over its subtree (organizations
   * are numbered parents first, so going down the ids rolls children up before their parents).
   */
  *orgLifeLines(table: "org_life_own" | "org_life_count"): Generator<string> {
    const sums = new Map<number, Map<string, number>>();
    for (let id = this.parent.length - 1; id >= 1; id -= 1) {
      const kind = this.kinds[id];
      if (kind === undefined) continue;
      const own = new Map<string, number>();
      if (kind === "branch" || kind === "general_branch") own.set("branches\t", 1);
      for (const [month, amount] of this.joined.get(id) ?? []) own.set(`joined\t${month}`, amount);
      if (table === "org_life_own") {
        let lines = "";
        for (const [key, amount] of own)
          lines += `${id}\t${key}\t${amount}\t${this.tallyCounties.get(id) ?? 0}\n`;
        if (lines !== "") yield lines;
        continue;
      }
      const into = sums.get(id) ?? own;
      if (into !== own) for (const [key, amount] of own) into.set(key, (into.get(key) ?? 0) + amount);
      sums.delete(id);
      let lines = "";
      for (const [key, amount] of into)
        if (amount !== 0) lines += `${id}\t${key}\t${amount}\t${this.tallyCounties.get(id) ?? 0}\n`;
      if (lines !== "") yield lines;
      const parent = this.parent[id] as number;
      if (parent === 0 || into.size === 0) continue;
      const up = sums.get(parent);
      if (!up) sums.set(parent, into);
      else for (const [key, amount] of into) up.set(key, (up.get(key) ?? 0) + amount);
    }
  }
}

function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(
        /[\\\t\n\r]/g,
        (c) => `\\${c === "\t" ? "t" : c === "\n" ? "n" : c === "\r" ? "r" : "\\"}`,
      )
    : value;
}

import {
  type CadrePost,
  isCadrePost,
  type OrganizationKind,
  type OrganizationLevel,
  postFillings,
} from "@tuanwu/domain";

/**
 * The subtree tallies of the cadre records (table cadre_count, migration 0019) turned into figures:
 * 配备率's expected and filled posts by the domain post standard, and the cadre profile's counts. Pure:
 * the rows come from cadre-count.repository.ts (today) or, for a past date, from the records.
 */

/** One cadre_count row of an organization's subtree. */
export interface CadreCountRow {
  organizationId: number;
  dimension: string;
  value: string;
  count: number;
}

/**
 * What 配备率 is computed from, per subtree: organizations by kind and level (post null) and, per kind,
 * level, post and number of posts open, how many organizations hold that many.
 */
export interface StaffingTallyRow {
  organizationId: number;
  kind: string;
  level: string;
  post: string | null;
  open: number;
  organizations: number;
}

/** The staffing rows held in cadre_count ("organizations" "kind:level", "post_open" "kind:level:post:n"). */
export function staffingRowsOf(rows: readonly CadreCountRow[]): StaffingTallyRow[] {
  const result: StaffingTallyRow[] = [];
  for (const row of rows) {
    if (row.count === 0) continue;
    if (row.dimension === "organizations") {
      const [kind = "", level = ""] = row.value.split(":");
      result.push({
        organizationId: row.organizationId,
        kind,
        level,
        post: null,
        open: 0,
        organizations: row.count,
      });
    } else if (row.dimension === "post_open") {
      const [kind = "", level = "", post = "", open = "0"] = row.value.split(":");
      result.push({
        organizationId: row.organizationId,
        kind,
        level,
        post,
        open: Number(open),
        organizations: row.count,
      });
    }
  }
  return result;
}

/**
 * Expected posts (organizations × the domain standard's expected posts of their kind and level) and
 * filled posts (per organization and post, the open posts counted up to the expected number) of the
 * staffing rows of ONE subtree.
 */
export function sumStaffing(rows: readonly StaffingTallyRow[]): { expected: number; filled: number } {
  let expected = 0;
  let filled = 0;
  for (const row of rows) {
    const kind = row.kind as OrganizationKind;
    const level = row.level as OrganizationLevel;
    if (row.post === null) {
      expected +=
        row.organizations * postFillings(kind, level, {}).reduce((sum, each) => sum + each.expected, 0);
    } else if (isCadrePost(row.post)) {
      const open: Partial<Record<CadrePost, number>> = { [row.post]: row.open };
      const filling = postFillings(kind, level, open).find((each) => each.post === row.post);
      if (filling) filled += row.organizations * Math.min(filling.open, filling.expected);
    }
  }
  return { expected, filled };
}

/** The open posts of one subtree by each profile dimension (counts of cadres). */
export interface CadreTally {
  total: number;
  kinds: Record<string, number>;
  sourceChannels: Record<string, number>;
  /** By education code ("" = not recorded). */
  education: Record<string, number>;
  partyMembers: number;
  fromGrassroots: number;
  trained: number;
  /** By birth date "YYYY-MM-DD" (when read). */
  birthDates: { birthDate: string; count: number }[];
}

/** An empty tally (a subtree without open posts). */
export function emptyCadreTally(): CadreTally {
  return {
    total: 0,
    kinds: {},
    sourceChannels: {},
    education: {},
    partyMembers: 0,
    fromGrassroots: 0,
    trained: 0,
    birthDates: [],
  };
}

/** The tally of ONE subtree's cadre_count rows (zero rows and the staffing dimensions left out). */
export function cadreTallyOf(rows: readonly CadreCountRow[]): CadreTally {
  const tally = emptyCadreTally();
  for (const row of rows) {
    if (row.count === 0) continue;
    switch (row.dimension) {
      case "total":
        tally.total += row.count;
        break;
      case "kind":
        tally.kinds[row.value] = (tally.kinds[row.value] ?? 0) + row.count;
        break;
      case "source_channel":
        tally.sourceChannels[row.value] = (tally.sourceChannels[row.value] ?? 0) + row.count;
        break;
      case "education":
        tally.education[row.value] = (tally.education[row.value] ?? 0) + row.count;
        break;
      case "party_member":
        if (row.value === "true") tally.partyMembers += row.count;
        break;
      case "from_grassroots":
        if (row.value === "true") tally.fromGrassroots += row.count;
        break;
      case "trained":
        if (row.value === "true") tally.trained += row.count;
        break;
      case "birth_date":
        tally.birthDates.push({ birthDate: row.value, count: row.count });
        break;
    }
  }
  return tally;
}

/** Σ of the tally's counts whose education code is in `codes`. */
export function countEducation(tally: CadreTally, codes: readonly string[]): number {
  return codes.reduce((sum, code) => sum + (tally.education[code] ?? 0), 0);
}

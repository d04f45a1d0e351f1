import type { EventRow, HistoryRow, MemberRow } from "./province-members";
import type { PlannedOrganization } from "./province-plan";

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, \N for null, backslash escapes), with the
 * column list of each table. Timestamps (created_at, recorded_at …) are fixed to the reference date
 * so that two runs give identical rows. Pure.
 */

type Value = string | number | null;

/** Columns written for each table, in order. */
export const COPY_COLUMNS = {
  organization: [
    "id",
    "parent_id",
    "path",
    "depth",
    "kind",
    "level",
    "sector",
    "name",
    "short_name",
    "name_initials",
    "code",
    "division_code",
    "created_at",
    "updated_at",
  ],
  member: [
    "id",
    "organization_id",
    "name",
    "name_initials",
    "sex",
    "ethnicity",
    "citizen_id",
    "birth_date",
    "member_number",
    "joined_on",
    "education",
    "occupation",
    "political_status",
    "phone",
    "status",
    "status_since",
    "created_at",
    "updated_at",
  ],
  member_history: ["id", "member_id", "organization_id", "status", "valid_from", "valid_to", "recorded_at"],
  member_event: ["id", "member_id", "kind", "occurred_on", "recorded_at", "actor_name", "summary"],
  // The subtree counters and tallies, computed by the loader (province-tallies.ts).
  // county_id: the holder's county bucket (migration member_count_county), on every engine.
  member_count: ["organization_id", "status", "dimension", "value", "count", "county_id"],
  organization_count: ["organization_id", "dimension", "value", "count", "county_id"],
  // county_id: the holder's bucket (org_life_holder_bucket, migration 0056_org_life_tally_county), every engine.
  org_life_own: ["organization_id", "dimension", "value", "amount", "county_id"],
  org_life_count: ["organization_id", "dimension", "value", "amount", "county_id"],
} as const;

/** The tables the loader writes with COPY. */
export type CopyTable = keyof typeof COPY_COLUMNS;

/**
 * Tables whose lines the loader ends with the row's county (`county_id`, migration 0030: the
 * distribution column on Citus, where a COPY is routed by it; on PostgreSQL the same value the
 * county-fill triggers would compute). The line functions append it when given one.
 */
export const COUNTY_TABLES: ReadonlySet<CopyTable> = new Set<CopyTable>([
  "organization",
  "member",
  "member_history",
  "member_event",
]);

/** The column list of a COPY into `table`, with `county_id` last when `withCounty`. */
export function copyColumns(table: CopyTable, withCounty: boolean): string[] {
  return withCounty && COUNTY_TABLES.has(table)
    ? [...COPY_COLUMNS[table], "county_id"]
    : [...COPY_COLUMNS[table]];
}

/** Levels the county rule of migration 0030 (organization_county_of) looks at on a path. */
const COUNTY_RULE_LEVELS = new Set(["national", "province", "city", "county"]);

/**
 * The county of each planned organization, as migration 0030's organization_county_of computes it:
 * the topmost organization of level county on its path (itself included); without one, the deepest
 * national, province or city committee on it; without one, itself. `organizations` parents first.
 */
export function countiesOfOrganizations(
  organizations: readonly Pick<PlannedOrganization, "id" | "path" | "level" | "depth">[],
): Map<number, number> {
  const byId = new Map(organizations.map((row) => [row.id, row] as const));
  const counties = new Map<number, number>();
  for (const row of organizations) {
    let county: { id: number; depth: number } | null = null;
    let committee: { id: number; depth: number } | null = null;
    const ids = row.path.replace(/\/$/, "").split("/").map(Number);
    for (const id of ids) {
      const node = id === row.id ? row : byId.get(id);
      if (!node || !COUNTY_RULE_LEVELS.has(node.level)) continue;
      if (node.level === "county") {
        if (!county || node.depth < county.depth) county = node;
      } else if (!committee || node.depth > committee.depth) committee = node;
    }
    counties.set(row.id, (county ?? committee ?? row).id);
  }
  return counties;
}

/** Who the archive entries are recorded by (member_event.actor_name). */
export const EVENT_ACTOR_NAME = "bench-province";

/** One COPY text line (with its newline). */
export function copyLine(values: readonly Value[]): string {
  let line = "";
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) line += "\t";
    const value = values[index];
    if (value === null || value === undefined) line += "\\N";
    else if (typeof value === "number") line += String(value);
    else line += /[\\\t\n\r]/.test(value) ? escapeCopyText(value) : value;
  }
  return `${line}\n`;
}

function escapeCopyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => {
    switch (character) {
      case "\t":
        return "\\t";
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      default:
        return "\\\\";
    }
  });
}

/** The fixed timestamp written into created_at / updated_at / recorded_at: midnight UTC of `today`. */
export function fixedTimestamp(today: string): string {
  return `${today} 00:00:00+00`;
}

/** An organization row (COPY_COLUMNS.organization), timestamps `stamp`. */
export function organizationLine(row: PlannedOrganization, stamp: string, county?: number): string {
  return copyLine([
    row.id,
    row.parentId,
    row.path,
    row.depth,
    row.kind,
    row.level,
    row.sector,
    row.name,
    row.shortName,
    row.nameInitials,
    row.code,
    row.divisionCode,
    stamp,
    stamp,
    ...countyValue(county),
  ]);
}

/** A member row (COPY_COLUMNS.member), timestamps `stamp`. */
export function memberLine(row: MemberRow, stamp: string, county?: number): string {
  return copyLine([
    row.id,
    row.organizationId,
    row.name,
    row.nameInitials,
    row.sex,
    row.ethnicity,
    row.citizenId,
    row.birthDate,
    row.memberNumber,
    row.joinedOn,
    row.education,
    row.occupation,
    row.politicalStatus,
    row.phone,
    row.status,
    row.statusSince,
    stamp,
    stamp,
    ...countyValue(county),
  ]);
}

/** A member_history row (COPY_COLUMNS.member_history), recorded at `stamp`. */
export function historyLine(row: HistoryRow, stamp: string, county?: number): string {
  return copyLine([
    row.id,
    row.memberId,
    row.organizationId,
    row.status,
    row.validFrom,
    row.validTo,
    stamp,
    ...countyValue(county),
  ]);
}

/** A member_event row (COPY_COLUMNS.member_event), recorded at `stamp` by EVENT_ACTOR_NAME. */
export function eventLine(row: EventRow, stamp: string, county?: number): string {
  return copyLine([
    row.id,
    row.memberId,
    row.kind,
    row.occurredOn,
    stamp,
    EVENT_ACTOR_NAME,
    row.summary,
    ...countyValue(county),
  ]);
}

/** The trailing county_id value of a line, when the COPY lists it (copyColumns … withCounty). */
function countyValue(county: number | undefined): number[] {
  return county === undefined ? [] : [county];
}

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
    "county_id",
  ],
  // county_id: the member's county (migration 0030, the distribution column on Citus); 0 = fill by trigger.
  member_history: [
    "id",
    "member_id",
    "organization_id",
    "status",
    "valid_from",
    "valid_to",
    "recorded_at",
    "county_id",
  ],
  member_event: [
    "id",
    "member_id",
    "kind",
    "occurred_on",
    "recorded_at",
    "actor_name",
    "summary",
    "county_id",
  ],
  // The subtree counters and tallies, computed by the loader (province-tallies.ts).
  member_count: ["organization_id", "status", "dimension", "value", "count"],
  organization_count: ["organization_id", "dimension", "value", "count"],
  org_life_own: ["organization_id", "dimension", "value", "amount"],
  org_life_count: ["organization_id", "dimension", "value", "amount"],
} as const;

/** The tables the loader writes with COPY. */
export type CopyTable = keyof typeof COPY_COLUMNS;

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
export function organizationLine(row: PlannedOrganization, stamp: string): string {
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
  ]);
}

/**
 * A member row (COPY_COLUMNS.member), timestamps `stamp`; `countyId` is its branch's
 * organization.county_id (0: let the fill trigger of migration 0030 find it).
 */
export function memberLine(row: MemberRow, stamp: string, countyId = 0): string {
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
    countyId,
  ]);
}

/** A member_history row (COPY_COLUMNS.member_history), recorded at `stamp`; `countyId` the member's county. */
export function historyLine(row: HistoryRow, stamp: string, countyId = 0): string {
  return copyLine([
    row.id,
    row.memberId,
    row.organizationId,
    row.status,
    row.validFrom,
    row.validTo,
    stamp,
    countyId,
  ]);
}

/** A member_event row (COPY_COLUMNS.member_event), recorded at `stamp` by EVENT_ACTOR_NAME; `countyId` the member's county. */
export function eventLine(row: EventRow, stamp: string, countyId = 0): string {
  return copyLine([
    row.id,
    row.memberId,
    row.kind,
    row.occurredOn,
    stamp,
    EVENT_ACTOR_NAME,
    row.summary,
    countyId,
  ]);
}

import type { MemberEventKind, MemberStatus } from "@tuanwu/domain";
import { type DemoMember, generateDemoMembers } from "../../server/src/modules/seed/demo-generator";
import type { MemberUnit } from "./province-plan";
import { createRandom, hashSeed } from "./province-random";

/**
 * The member rows of one member-generation unit: the members (generateDemoMembers, as the demo),
 * their member_history periods and their archive entries (member_event). Pure.
 */

/** A member row: the demo member with its id. */
export type MemberRow = DemoMember & { id: number };

/** A member_history period: [validFrom, validTo) with one status in one branch; validTo null = current. */
export interface HistoryRow {
  id: number;
  memberId: number;
  organizationId: number;
  status: MemberStatus;
  validFrom: string;
  validTo: string | null;
}

/** An archive entry (电子团员档案). */
export interface EventRow {
  id: number;
  memberId: number;
  kind: MemberEventKind;
  occurredOn: string;
  summary: string;
}

/** The next id of each table; advanced as rows are generated. */
export interface IdCounters {
  member: number;
  history: number;
  event: number;
}

/** The rows of one member: the member, its history periods (oldest first) and archive entries. */
export interface MemberRows {
  member: MemberRow;
  history: HistoryRow[];
  events: EventRow[];
  /** Whether the member first belonged to a school class branch and moved. */
  moved: boolean;
}

/** How each status other than active began in the archive (as the demo seed, demo-seed.service.ts). */
const STATUS_EVENTS: Partial<Record<MemberStatus, { kind: MemberEventKind; summary: string }>> = {
  aged_out: { kind: "aged_out", summary: "满28周岁离团" },
  lapsed: { kind: "lapsed", summary: "自行脱团" },
  withdrawn: { kind: "withdrawn", summary: "自愿退团" },
  flowing: { kind: "flowing_started", summary: "成为流动团员" },
  transferring: { kind: "transfer_started", summary: "组织关系转接中" },
};

/** Share of eligible members whose first branch was a school class branch of their county. */
const MOVED_SHARE = 0.3;
const DAY_MS = 86_400_000;

/**
 * Generates the members of `unit` with generateDemoMembers (seed `unit.seed`, the unit's code as
 * the county code of citizen IDs and member numbers), then their history and archive:
 *
 * - history as insertMembersWithHistory writes it (server/src/modules/members/member-bulk.repository.ts):
 *   `active` from the join date, and when the status is another one, that status from `statusSince`
 *   on (the active period ends there), all in the member's branch;
 * - in addition, about 30% of the members outside schools who joined before 19 and at least a year
 *   before their current status began (or before today) first belonged to a random secondary-school
 *   class branch of the unit: an `active` period there from the join date to a move date at least
 *   180 days later, then `active` in the current branch (a `transfer_finished` archive entry on the
 *   move date);
 * - archive: `joined` (入团) on the join date, and how a status other than active began (as the
 *   demo seed).
 *
 * Yields member by member, so that the rows can be written out as they come (only the unit's
 * DemoMember array is held). Ids are taken from `ids` in order, member by member.
 */
export function* generateUnitRows(unit: MemberUnit, today: string, ids: IdCounters): Generator<MemberRows> {
  const demo = generateDemoMembers({
    seed: unit.seed,
    today,
    branches: unit.branches,
    total: unit.members,
    countyDivisionCode: unit.code,
  });
  const random = createRandom(hashSeed(unit.seed, "moves"));
  const schoolBranches = new Set(unit.schoolBranchIds);
  const todayDay = toDay(today);
  for (const member of demo) {
    const id = ids.member++;
    const rows: MemberRows = { member: { ...member, id }, history: [], events: [], moved: false };
    const joined = toDay(member.joinedOn);
    const since = toDay(member.statusSince);
    const statusChanged = member.status !== "active" && since > joined;
    const periodEnd = statusChanged ? since : todayDay;
    let branchFrom = joined;
    rows.events.push(event(ids, id, "joined", member.joinedOn, "入团"));
    const roll = random();
    if (
      (member.status === "active" || statusChanged) &&
      unit.schoolBranchIds.length > 0 &&
      !schoolBranches.has(member.organizationId) &&
      joined - toDay(member.birthDate) < 19 * 365 &&
      periodEnd - joined >= 365 &&
      roll < MOVED_SHARE
    ) {
      const school = unit.schoolBranchIds[Math.floor(random() * unit.schoolBranchIds.length)] as number;
      const moved = joined + 180 + Math.floor(random() * (periodEnd - joined - 180));
      rows.history.push(period(ids, id, school, "active", member.joinedOn, fromDay(moved)));
      rows.events.push(event(ids, id, "transfer_finished", fromDay(moved), "组织关系转入"));
      branchFrom = moved;
      rows.moved = true;
    }
    if (statusChanged) {
      rows.history.push(
        period(ids, id, member.organizationId, "active", fromDay(branchFrom), member.statusSince),
        period(ids, id, member.organizationId, member.status, member.statusSince, null),
      );
    } else {
      rows.history.push(period(ids, id, member.organizationId, member.status, fromDay(branchFrom), null));
    }
    const began = STATUS_EVENTS[member.status];
    if (began) rows.events.push(event(ids, id, began.kind, member.statusSince, began.summary));
    yield rows;
  }
}

function period(
  ids: IdCounters,
  memberId: number,
  organizationId: number,
  status: MemberStatus,
  validFrom: string,
  validTo: string | null,
): HistoryRow {
  return { id: ids.history++, memberId, organizationId, status, validFrom, validTo };
}

function event(
  ids: IdCounters,
  memberId: number,
  kind: MemberEventKind,
  occurredOn: string,
  summary: string,
): EventRow {
  return { id: ids.event++, memberId, kind, occurredOn, summary };
}

function toDay(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

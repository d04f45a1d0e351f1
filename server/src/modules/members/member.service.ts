import { type AgeBand, ageOn, MEMBER_STATUSES, maskCitizenId, maskPhone } from "@tuanwu/domain";
import { countyScopeOf } from "../../db/county";
import type { Database } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { HttpError } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { countCurrentSubtreeMembers, findOrganizationById } from "../organizations/organization.repository";
import {
  chooseMemberPagePlan,
  countMembersUpTo,
  estimateMemberShare,
  findMemberPage,
  findMemberPageCountedUpTo,
  type MemberFilter,
  type MemberListCursor,
  type MemberPageRow,
} from "./member.repository";

/** Largest page of a member list. */
export const MEMBER_PAGE_SIZE_LIMIT = 100;

/** A list filter as the query string gives it: the age band without its date. */
export type MemberListQuery = Omit<MemberFilter, "ageBand"> & {
  ageBand?: AgeBand | undefined;
  page: number;
  pageSize: number;
  /** Keyset: the `nextCursor` of the previous page; `page` is then ignored. */
  cursor?: string | undefined;
};

/**
 * A filtered list counts its matches exactly up to this many; beyond, its total is an estimate
 * ("约 N", `totalExact` false).
 */
export const MEMBER_EXACT_TOTAL_LIMIT = 1_000;

/** The opaque cursor of a list page: base64url of [initials, id] of its last row. */
export function encodeMemberCursor(cursor: MemberListCursor): string {
  return Buffer.from(JSON.stringify([cursor.initials, cursor.id])).toString("base64url");
}

/** The cursor's position, or undefined when it is not one this list handed out. */
export function decodeMemberCursor(text: string): MemberListCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      Number.isSafeInteger(value[1])
    ) {
      return { initials: value[0], id: value[1] as number };
    }
  } catch {
    // not a cursor
  }
  return undefined;
}

/** A member row of a list with its age on `today` and citizen ID and phone masked. */
export function toMemberListItem<Row extends { birthDate: string; citizenId: string; phone: string | null }>(
  row: Row,
  today: string,
) {
  return {
    ...row,
    age: ageOn(row.birthDate, today),
    citizenId: maskCitizenId(row.citizenId),
    phone: maskPhone(row.phone),
  };
}

/**
 * Lists the members (团员) of an organization's subtree, one page at a time, searchable by name,
 * pinyin initials, citizen ID tail or member number, filterable by status, sector of the branch, age
 * band on `today` (AGE_BANDS, as in the statistics), cadre flag and political status.
 * Ordered by pinyin initials (byte order) then id; paged by `cursor` (keyset: `nextCursor` of the
 * previous page, stable while members are added) or by `page` (offset, for older clients). The cost
 * follows the page, not the subtree (issue 18 part 3): the plan is chosen by the subtree's size from
 * the counters. On a Citus coordinator a list above the county (a city's, a province's: no single
 * county bucket) always takes the walk plan, which Citus runs on every shard with the limit pushed
 * down and merges on the coordinator; the "branches" plan (a lateral probe per organization into
 * member) cannot be planned by Citus across shards (issue 19; docs/SCALING.md "What runs on Citus now"). `total`: without a filter other than the status, exact from the subtree counters;
 * otherwise counted exactly up to MEMBER_EXACT_TOTAL_LIMIT (on Citus always; elsewhere not counted when a walk of a large subtree
 * expects ten times as many) and beyond that estimated (the planner's
 * share of matches × the subtree's members) with `totalExact` false — "约 N" in the web list.
 * Citizen ID and phone are always masked here: lists never show them in full (domain.md §2 "who sees
 * personal data"; the full values appear only in a member's detail view to those allowed).
 * `age` is in whole years on `today` (YYYY-MM-DD).
 * Errors: 404 when the organization is outside the actor's subtree; 400 for a cursor not handed out.
 */
export async function listMembers(
  db: Database,
  actor: Actor,
  organizationId: number,
  query: MemberListQuery,
  today: string,
) {
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "organization",
    ids: [organizationId],
  });
  const root = requireFound(await findOrganizationById(db, organizationId), "organization");
  const cursor = query.cursor === undefined ? undefined : decodeMemberCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) {
    throw new HttpError(400, "invalid_input", "无效的翻页游标 / invalid cursor", "cursor");
  }
  const filter: MemberFilter = {
    q: query.q,
    status: query.status,
    sector: query.sector,
    ageBand: query.ageBand ? { band: query.ageBand, on: today } : undefined,
    isCadre: query.isCadre,
    politicalStatus: query.politicalStatus,
    countyId: countyScopeOf(root) ?? undefined,
  };
  const offset = cursor ? 0 : (query.page - 1) * query.pageSize;
  const counted = await countCurrentSubtreeMembers(db, [root], root, MEMBER_STATUSES);
  const subtreeMembers = counted.get(root.id) ?? 0;
  const onlyStatus =
    !filter.q?.trim() &&
    !filter.sector &&
    !filter.ageBand &&
    filter.isCadre === undefined &&
    !filter.politicalStatus;
  const matchedByCounters = onlyStatus
    ? filter.status
      ? ((await countCurrentSubtreeMembers(db, [root], root, [filter.status])).get(root.id) ?? 0)
      : subtreeMembers
    : undefined;
  const { share, allMembers } = await estimateMemberShare(db, filter);
  const choice = {
    members: subtreeMembers,
    allMembers,
    rows: offset + query.pageSize,
    selectivity:
      matchedByCounters !== undefined
        ? matchedByCounters / Math.max(1, subtreeMembers)
        : Math.max(share, 0.001),
  };
  // On Citus the planner's share is not known: the coordinator's `member` holds no rows (pg_class
  // reltuples 0, `share` 1), so the matches are counted up to the limit rather than skipped on an
  // estimate, and a count beyond it is answered as the lower bound it is (issue 19: the same exact
  // totals as one PostgreSQL whenever PostgreSQL counts).
  const distributed = await isDistributed(db);
  const plan = filter.countyId === undefined && distributed ? "walk" : chooseMemberPagePlan(choice);
  const pageInput = { cursor, offset, limit: query.pageSize };
  let rows: MemberPageRow[] | null = null;
  let total: number;
  let totalExact = true;
  if (matchedByCounters !== undefined) {
    total = matchedByCounters;
  } else {
    const estimate = Math.round(share * subtreeMembers);
    if (plan === "branches") {
      // One probe of each organization for the page and the count together.
      ({ rows, total } = await findMemberPageCountedUpTo(
        db,
        root.path,
        filter,
        pageInput,
        MEMBER_EXACT_TOTAL_LIMIT,
      ));
    } else {
      // A walk of a large subtree whose matches are estimated at ten times the limit is not counted
      // (it would read ≥ 1,000 index entries and their branches): the estimate is answered as such.
      total =
        !distributed && estimate > 10 * MEMBER_EXACT_TOTAL_LIMIT
          ? MEMBER_EXACT_TOTAL_LIMIT + 1
          : await countMembersUpTo(db, root.path, filter, plan, MEMBER_EXACT_TOTAL_LIMIT);
    }
    if (total > MEMBER_EXACT_TOTAL_LIMIT) {
      totalExact = false;
      total = distributed ? total : Math.max(total, estimate);
    }
  }
  rows ??= await findMemberPage(db, root.path, filter, { ...pageInput, plan });
  const last = rows.length === query.pageSize ? rows[rows.length - 1] : undefined;
  return {
    items: rows.map(({ nameInitials: _initials, ...row }) => toMemberListItem(row, today)),
    total,
    totalExact,
    nextCursor: last ? encodeMemberCursor({ initials: last.nameInitials, id: last.id }) : null,
    page: cursor ? 1 : query.page,
    pageSize: query.pageSize,
  };
}

import {
  addMonths,
  ageOutDate,
  ageOutListBirthDateBound,
  hasReachedAgeOut,
  isUnregisteredOverAYear,
  lapseReasons,
  lapseThresholdDate,
  type ReviewRequestState,
  UNREGISTERED_LAPSE_MONTHS,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { toMemberListItem } from "../members/member.service";
import { statusRequestView } from "../members/member-detail.service";
import { findOrganizationById } from "../organizations/organization.repository";
import { findStatusRequestPage } from "./member-status.repository";
import { findAgeOutPage, findLapsePage } from "./member-work-list.repository";

/** A page request: 1-based page, page size ≤ 100. */
export interface PageQuery {
  page: number;
  pageSize: number;
}

/** The organization of a work list. Errors: 404 outside the actor's subtree; 403 without organization:read. */
async function authorizedRoot(db: Database, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "organization",
    ids: [organizationId],
  });
  return requireFound(await findOrganizationById(db, organizationId), "organization");
}

function pageOf(query: PageQuery) {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}

/**
 * The status requests about members of a subtree (or restoring members into it), newest first,
 * optionally in one state (pending: the review work list of the higher committee).
 * Errors: 404 outside the subtree.
 */
export async function listStatusRequests(
  db: Database,
  actor: Actor,
  organizationId: number,
  query: PageQuery & { state?: ReviewRequestState | undefined },
) {
  const root = await authorizedRoot(db, actor, organizationId);
  const { items, total } = await findStatusRequestPage(db, root.path, query.state, pageOf(query));
  return { items: items.map(statusRequestView), total, page: query.page, pageSize: query.pageSize };
}

/**
 * The age-out work list (超龄离团, issue 3 part 2): active or flowing members of the subtree who turn
 * 28 in `year` (default: this year) or are older, cadres excluded (团章第一章; domain
 * ageOutListBirthDateBound), oldest first. Each with its 28th birthday (ageOutDate), whether 28 is
 * reached on `today` (overAge) and whether a status request is pending. Citizen ID and phone masked.
 * Errors: 404 outside the subtree.
 */
export async function listAgeOutWorkList(
  db: Database,
  actor: Actor,
  organizationId: number,
  query: PageQuery & { year?: number | undefined },
  today: string,
) {
  const root = await authorizedRoot(db, actor, organizationId);
  const year = query.year ?? Number(today.slice(0, 4));
  const bound = ageOutListBirthDateBound(`${String(year).padStart(4, "0")}-01-01`);
  const { items, total } = await findAgeOutPage(db, root.path, bound, pageOf(query));
  return {
    items: items.map((row) => ({
      ...toMemberListItem(row, today),
      ageOutDate: ageOutDate(row.birthDate),
      overAge: hasReachedAgeOut(row.birthDate, today),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    year,
  };
}

/**
 * The lapse work list (自行脱团 candidates, 团章第八条): active or flowing members of the subtree
 * whose last recorded dues or organizational life is six months old or more on `today` (domain
 * lapseThresholdDate; nothing recorded is never "missing") or unregistered for over a year (团籍注册),
 * each with its reasons ("dues", "organizational_life", "unregistered"). Being listed changes nothing: the branch meeting decides and asks.
 * Errors: 404 outside the subtree.
 */
export async function listLapseWorkList(
  db: Database,
  actor: Actor,
  organizationId: number,
  query: PageQuery,
  today: string,
) {
  const root = await authorizedRoot(db, actor, organizationId);
  const { items, total } = await findLapsePage(
    db,
    root.path,
    lapseThresholdDate(today),
    pageOf(query),
    addMonths(today, -UNREGISTERED_LAPSE_MONTHS),
  );
  return {
    items: items.map(({ unregisteredSince, ...row }) => ({
      ...toMemberListItem(row, today),
      reasons: [
        ...lapseReasons(row, today),
        ...(unregisteredSince && isUnregisteredOverAYear(unregisteredSince, today)
          ? (["unregistered"] as const)
          : []),
      ],
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

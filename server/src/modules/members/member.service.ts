import { type AgeBand, ageOn, maskCitizenId, maskPhone } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { countMembers, findMemberPage, type MemberFilter } from "./member.repository";

/** Largest page of a member list. */
export const MEMBER_PAGE_SIZE_LIMIT = 100;

/** A list filter as the query string gives it: the age band without its date. */
export type MemberListQuery = Omit<MemberFilter, "ageBand"> & {
  ageBand?: AgeBand | undefined;
  page: number;
  pageSize: number;
};

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
 * Citizen ID and phone are always masked here: lists never show them in full (domain.md §2 "who sees
 * personal data"; the full values appear only in a member's detail view to those allowed).
 * `age` is in whole years on `today` (YYYY-MM-DD).
 * Errors: 404 when the organization is outside the actor's subtree.
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
  const filter: MemberFilter = {
    q: query.q,
    status: query.status,
    sector: query.sector,
    ageBand: query.ageBand ? { band: query.ageBand, on: today } : undefined,
    isCadre: query.isCadre,
    politicalStatus: query.politicalStatus,
  };
  const [rows, total] = await Promise.all([
    findMemberPage(db, root.path, filter, {
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    }),
    countMembers(db, root.path, filter),
  ]);
  return {
    items: rows.map((row) => toMemberListItem(row, today)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

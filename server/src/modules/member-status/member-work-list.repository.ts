import { and, asc, count, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { member, memberStatusRequest, organization } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

/** Statuses the work lists look at: current members who can leave (active, flowing; work-lists.ts). */
const LISTED_STATUSES = ["active", "flowing"] as const;

const pendingRequest = sql<boolean>`exists (select 1 from ${memberStatusRequest}
  where ${memberStatusRequest.memberId} = ${member.id} and ${memberStatusRequest.state} = 'pending')`;

/**
 * Since when a member has been unregistered (团籍注册, domain.md §5): the earliest decision not to
 * register (a deferral counts from its end) after their last registration; null when none.
 */
const unregisteredSince = sql<string | null>`(select min(coalesce(r.deferred_until, r.decided_on))::text
  from member_registration r where r.member_id = ${member.id} and r.status <> 'registered'
  and r.decided_on > coalesce((select max(r2.decided_on) from member_registration r2
    where r2.member_id = ${member.id} and r2.status = 'registered'), '0001-01-01'::date))`;

const workListColumns = {
  id: member.id,
  name: member.name,
  sex: member.sex,
  birthDate: member.birthDate,
  citizenId: member.citizenId,
  phone: member.phone,
  memberNumber: member.memberNumber,
  joinedOn: member.joinedOn,
  status: member.status,
  organizationId: member.organizationId,
  organizationName: organization.name,
  ethnicity: member.ethnicity,
  education: member.education,
  occupation: member.occupation,
  politicalStatus: member.politicalStatus,
  isCadre: member.isCadre,
  lastDuesPaidOn: member.lastDuesPaidOn,
  lastOrganizationalLifeOn: member.lastOrganizationalLifeOn,
  hasPendingStatusRequest: pendingRequest,
  unregisteredSince: unregisteredSince,
};

async function findWorkListPage(db: Executor, where: SQL, page: { offset: number; limit: number }) {
  const [items, totals] = await Promise.all([
    db
      .select(workListColumns)
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(where)
      .orderBy(asc(member.birthDate), asc(member.id))
      .offset(page.offset)
      .limit(page.limit),
    db
      .select({ total: count() })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(where),
  ]);
  return { items, total: Number(totals[0]?.total ?? 0) };
}

/**
 * The age-out work list of a subtree: active or flowing members who are not cadres and were born on
 * or before `bornOnOrBefore` (domain ageOutListBirthDateBound: those 28 or older and those turning 28
 * in the year), oldest first, one page and the total.
 */
export async function findAgeOutPage(
  db: Executor,
  rootPath: string,
  bornOnOrBefore: string,
  page: { offset: number; limit: number },
) {
  const where = and(
    inSubtree(organization.path, rootPath),
    inArray(member.status, [...LISTED_STATUSES]),
    eq(member.isCadre, false),
    sql`${member.birthDate} <= ${bornOnOrBefore}`,
  ) as SQL;
  return findWorkListPage(db, where, page);
}

/**
 * The lapse work list of a subtree: active or flowing members whose last recorded dues payment or
 * organizational life is on or before `recordedOnOrBefore` (domain lapseThresholdDate: six months
 * ago), or who have been unregistered since before `unregisteredBefore` (a year ago: domain
 * isUnregisteredOverAYear); members with nothing recorded are not listed. Oldest first, one page and the total.
 */
export async function findLapsePage(
  db: Executor,
  rootPath: string,
  recordedOnOrBefore: string,
  page: { offset: number; limit: number },
  unregisteredBefore?: string,
) {
  const where = and(
    inSubtree(organization.path, rootPath),
    inArray(member.status, [...LISTED_STATUSES]),
    or(
      sql`${member.lastDuesPaidOn} <= ${recordedOnOrBefore}`,
      sql`${member.lastOrganizationalLifeOn} <= ${recordedOnOrBefore}`,
      ...(unregisteredBefore ? [sql`${unregisteredSince} < ${unregisteredBefore}`] : []),
    ),
  ) as SQL;
  return findWorkListPage(db, where, page);
}

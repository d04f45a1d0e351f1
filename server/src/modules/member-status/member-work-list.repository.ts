import { and, asc, count, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { member, memberStatusRequest, organization } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { bigintArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/** Statuses the work lists look at: current members who can leave (active, flowing; work-lists.ts). */
const LISTED_STATUSES = ["active", "flowing"] as const;

// Correlated on the county too: on Citus the requests are co-located with the member by county_id, and a
// correlated subquery is pushed down to the shards only when it joins on the distribution column.
const pendingRequest = sql<boolean>`exists (select 1 from ${memberStatusRequest}
  where ${memberStatusRequest.countyId} = ${member.countyId} and ${memberStatusRequest.memberId} = ${member.id}
    and ${memberStatusRequest.state} = 'pending')`;

/**
 * Since when members have been unregistered (团籍注册, domain.md §5), by member id: the earliest decision
 * not to register (a deferral counts from its end) after their last registration; members without one
 * are absent. Of `memberIds`, or of every member when null; `before`: only those unregistered since
 * before that date. A read of member_registration alone (on Citus distributed by the member's county,
 * migration 0043_org_life_county: the correlated latest registration names the county, so it runs on each shard), and
 * the member reads take its ids.
 */
export async function findUnregisteredSince(
  db: Executor,
  memberIds: readonly number[] | null,
  before?: string,
): Promise<Map<number, string>> {
  if (memberIds !== null && memberIds.length === 0) return new Map();
  const rows = await queryRows<{ member_id: number | string; since: string }>(
    db,
    sql`select r.member_id, min(coalesce(r.deferred_until, r.decided_on))::text as since
      from member_registration r
      where r.status <> 'registered' ${memberIds === null ? sql`` : sql`and r.member_id = any(${bigintArray(memberIds)})`}
        and r.decided_on > coalesce((select max(r2.decided_on) from member_registration r2
          where r2.county_id = r.county_id and r2.member_id = r.member_id and r2.status = 'registered'), '0001-01-01'::date)
      group by r.member_id
      ${before === undefined ? sql`` : sql`having min(coalesce(r.deferred_until, r.decided_on)) < ${before}::date`}`,
  );
  return new Map(rows.map((row) => [Number(row.member_id), row.since]));
}

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
};

/** One page of a work list and its total; each item with its `unregisteredSince` (null when registered). */
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
  const unregistered = await findUnregisteredSince(
    db,
    items.map((item) => item.id),
  );
  return {
    items: items.map((item) => ({ ...item, unregisteredSince: unregistered.get(item.id) ?? null })),
    total: Number(totals[0]?.total ?? 0),
  };
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
  // The members unregistered since before the bound, read first (member_registration alone), then
  // named by id in the member query.
  const unregistered = unregisteredBefore
    ? [...(await findUnregisteredSince(db, null, unregisteredBefore)).keys()]
    : [];
  const where = and(
    inSubtree(organization.path, rootPath),
    inArray(member.status, [...LISTED_STATUSES]),
    or(
      sql`${member.lastDuesPaidOn} <= ${recordedOnOrBefore}`,
      sql`${member.lastOrganizationalLifeOn} <= ${recordedOnOrBefore}`,
      ...(unregistered.length > 0 ? [sql`${member.id} = any(${bigintArray(unregistered)})`] : []),
    ),
  ) as SQL;
  return findWorkListPage(db, where, page);
}

import { type AgeBand, ageBandBirthDateThresholds, type MemberStatus, type Sector } from "@tuanwu/domain";
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { member, organization } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

/** A filter over the members of a subtree. */
export interface MemberFilter {
  /** Name (contains), pinyin initials (prefix), citizen ID tail (suffix, ≥ 4 characters) or member number (prefix). */
  q?: string | undefined;
  status?: MemberStatus | undefined;
  /** The sector (领域) of the member's branch. */
  sector?: Sector | undefined;
  /** An age band (AGE_BANDS) on the date `on` ("YYYY-MM-DD"), compared as birth-date thresholds. */
  ageBand?: { band: AgeBand; on: string } | undefined;
  /** Holds a League post (是否团干部). */
  isCadre?: boolean | undefined;
  /** 政治面貌 code (POLITICAL_STATUSES). */
  politicalStatus?: string | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The birth-date range of an age band on a date (domain ageBandBirthDateThresholds, the same bands as
 * the statistics): born on or before the band's threshold and after the next older band's.
 */
function ageBandCondition(band: AgeBand, on: string): SQL {
  const thresholds = ageBandBirthDateThresholds(on);
  const index = thresholds.findIndex((threshold) => threshold.band === band);
  const conditions: SQL[] = [];
  const own = thresholds[index];
  if (own) conditions.push(sql`${member.birthDate} <= ${own.bornOnOrBefore}`);
  const older = index === -1 ? thresholds[thresholds.length - 1] : thresholds[index - 1];
  if (older) conditions.push(sql`${member.birthDate} > ${older.bornOnOrBefore}`);
  return and(...conditions) as SQL;
}

/**
 * The WHERE of a member search: subtree, optional status, sector, age band, cadre flag, political
 * status, optional q (kind of q decided by its shape).
 */
function memberConditions(rootPath: string, filter: MemberFilter): SQL {
  // The subtree's organization ids first (one range of the path index), then the members of those
  // ids: joined on organization.path instead, PostgreSQL walked the whole province's organizations in
  // code order for a county search (0.6 s on 5 M members; 26–36 ms this way, bench/RESULTS.md).
  const conditions: SQL[] = [
    sql`${member.organizationId} = any(array(select s.id from organization s where ${inSubtree(sql`s.path`, rootPath)}))`,
  ];
  if (filter.status) conditions.push(eq(member.status, filter.status));
  if (filter.sector) conditions.push(eq(organization.sector, filter.sector));
  if (filter.ageBand) conditions.push(ageBandCondition(filter.ageBand.band, filter.ageBand.on));
  if (filter.isCadre !== undefined) conditions.push(eq(member.isCadre, filter.isCadre));
  if (filter.politicalStatus) conditions.push(eq(member.politicalStatus, filter.politicalStatus));
  const q = filter.q?.trim();
  if (q) {
    const escaped = escapeLike(q);
    if (/^[0-9]{4,}[0-9Xx]?$|^[0-9]{3}[Xx]$/.test(q)) {
      conditions.push(
        sql`(${member.citizenId} like ${`%${escaped.toUpperCase()}`} or ${member.memberNumber} like ${`${escaped}%`})`,
      );
    } else if (/^[A-Za-z]+$/.test(q)) {
      conditions.push(sql`${member.nameInitials} like ${`${escaped.toLowerCase()}%`}`);
    } else {
      conditions.push(sql`${member.name} like ${`%${escaped}%`}`);
    }
  }
  return and(...conditions) as SQL;
}

/** One page of the members of a subtree, ordered by branch code then name, with their branch's name. */
export async function findMemberPage(
  db: Executor,
  rootPath: string,
  filter: MemberFilter,
  page: { offset: number; limit: number },
) {
  return db
    .select({
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
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(memberConditions(rootPath, filter))
    .orderBy(asc(organization.code), asc(member.nameInitials), asc(member.id))
    .offset(page.offset)
    .limit(page.limit);
}

/** How many members of a subtree match the filter. */
export async function countMembers(db: Executor, rootPath: string, filter: MemberFilter): Promise<number> {
  const rows = await db
    .select({ total: count() })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(memberConditions(rootPath, filter));
  return Number(rows[0]?.total ?? 0);
}

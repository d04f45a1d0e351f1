import { type AgeBand, ageBandBirthDateThresholds, type MemberStatus, type Sector } from "@tuanwu/domain";
import { and, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
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
  /**
   * The county bucket the whole subtree lies in (db/county.ts countyScopeOf): `m.county_id = …` makes the
   * read a single-shard query on Citus; a no-op filter on PostgreSQL and PGlite.
   */
  countyId?: number | undefined;
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
  if (own) conditions.push(sql`m.birth_date <= ${own.bornOnOrBefore}`);
  const older = index === -1 ? thresholds[thresholds.length - 1] : thresholds[index - 1];
  if (older) conditions.push(sql`m.birth_date > ${older.bornOnOrBefore}`);
  return and(...conditions) as SQL;
}

/** A position in the list's order (initials in byte order, then id): the last row of a page. */
export interface MemberListCursor {
  initials: string;
  id: number;
}

/** How a page is read (issue 18 part 3, chosen by {@link chooseMemberPagePlan}). */
export type MemberPagePlan = "walk" | "branches";

/**
 * The member-level conditions of a filter on `m` (and the branch `o` for the sector), without the
 * subtree: status, sector, age band, cadre flag, political status, q (kind decided by its shape).
 */
function filterConditions(filter: MemberFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.countyId !== undefined) conditions.push(sql`m.county_id = ${filter.countyId}`);
  if (filter.status) conditions.push(sql`m.status = ${filter.status}`);
  if (filter.sector) conditions.push(sql`o.sector = ${filter.sector}`);
  if (filter.ageBand) conditions.push(ageBandCondition(filter.ageBand.band, filter.ageBand.on));
  if (filter.isCadre !== undefined) conditions.push(sql`m.is_cadre = ${filter.isCadre}`);
  if (filter.politicalStatus) conditions.push(sql`m.political_status = ${filter.politicalStatus}`);
  const q = filter.q?.trim();
  if (q) {
    const escaped = escapeLike(q);
    if (/^[0-9]{4,}[0-9Xx]?$|^[0-9]{3}[Xx]$/.test(q)) {
      conditions.push(
        sql`(m.citizen_id like ${`%${escaped.toUpperCase()}`} or m.member_number like ${`${escaped}%`})`,
      );
    } else if (/^[A-Za-z]+$/.test(q)) {
      // One range of the initials indexes (byte order); the upper bound spelled out for PGlite too.
      const prefix = q.toLowerCase();
      conditions.push(
        sql`(m.name_initials collate "C" >= ${prefix} and m.name_initials collate "C" < ${`${prefix}~`})`,
      );
    } else {
      conditions.push(sql`m.name like ${`%${escaped}%`}`);
    }
  }
  return conditions;
}

const ORDER = sql`m.name_initials collate "C", m.id`;

function afterCursor(cursor: MemberListCursor | undefined): SQL {
  return cursor
    ? sql`(m.name_initials collate "C", m.id) > (${cursor.initials}::text collate "C", ${cursor.id}::bigint)`
    : sql`true`;
}

const LIST_COLUMNS = sql`m.id, m.name, m.sex, m.birth_date::text as "birthDate", m.citizen_id as "citizenId",
  m.phone, m.member_number as "memberNumber", m.joined_on::text as "joinedOn", m.status,
  m.organization_id::int as "organizationId", o.name as "organizationName", m.ethnicity, m.education,
  m.occupation, m.political_status as "politicalStatus", m.name_initials as "nameInitials"`;

/**
 * Chooses how to read a page by the subtree's size (issue 18 part 3): `members` of the subtree (from
 * the counters) against `allMembers` (the table's estimate). "walk" reads the whole table's initials
 * index in order and keeps the subtree's rows — about `rows × allMembers / members` entries, at most
 * the matches anywhere; "branches" reads each organization of the subtree's own range of
 * (organization, initials, id) and merges them — about the subtree's matches plus one probe per
 * organization (≈ members / 20). `selectivity` is the share of members the filter keeps (a guess
 * for q and the other filters, exact for the status from the counters).
 */
export function chooseMemberPagePlan(input: {
  members: number;
  allMembers: number;
  rows: number;
  selectivity: number;
}): MemberPagePlan {
  const members = Math.max(1, input.members);
  const allMembers = Math.max(members, input.allMembers);
  const walk = Math.min((input.rows * allMembers) / members, allMembers * input.selectivity);
  const branches = members * input.selectivity + members / 20;
  return walk < branches ? "walk" : "branches";
}

function pageQuery(
  plan: MemberPagePlan,
  rootPath: string,
  filter: MemberFilter,
  cursor: MemberListCursor | undefined,
  rows: number,
): { from: SQL; where: SQL } {
  const conditions = [...filterConditions(filter), afterCursor(cursor)];
  if (plan === "walk") {
    return {
      from: sql`member m join organization o on o.id = m.organization_id`,
      where: sql.join([inSubtree(sql`o.path`, rootPath), ...conditions], sql` and `),
    };
  }
  // Each organization's first `rows` matches by its (organization, initials, id) index range; the
  // lateral keeps the planner from walking the province-wide index for a small subtree.
  return {
    from: sql`organization o cross join lateral (
      select m.* from member m
       where m.organization_id = o.id and ${sql.join(conditions, sql` and `)}
       order by ${ORDER} limit ${rows}) m`,
    where: inSubtree(sql`o.path`, rootPath),
  };
}

export type MemberPageRow = {
  id: number;
  name: string;
  sex: "male" | "female";
  birthDate: string;
  citizenId: string;
  phone: string | null;
  memberNumber: string | null;
  joinedOn: string;
  status: MemberStatus;
  organizationId: number;
  organizationName: string;
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  politicalStatus: string | null;
  nameInitials: string;
};

/** The statement of {@link findMemberPage} (also EXPLAINed by the Citus routing test). */
export function memberPageStatement(
  rootPath: string,
  filter: MemberFilter,
  page: { cursor?: MemberListCursor | undefined; offset: number; limit: number; plan: MemberPagePlan },
): SQL {
  const { from, where } = pageQuery(page.plan, rootPath, filter, page.cursor, page.offset + page.limit);
  return sql`select ${LIST_COLUMNS} from ${from} where ${where}
        order by ${ORDER} limit ${page.limit} offset ${page.offset}`;
}

/**
 * One page of the members of a subtree in the list's order (initials in byte order, then id), after
 * `cursor` (keyset) and then `offset` rows (the page number of older clients), with their branch's
 * name. One statement; its cost follows the page and `plan`, not the subtree's size.
 */
export async function findMemberPage(
  db: Executor,
  rootPath: string,
  filter: MemberFilter,
  page: { cursor?: MemberListCursor | undefined; offset: number; limit: number; plan: MemberPagePlan },
): Promise<MemberPageRow[]> {
  const found = await queryRows<MemberPageRow>(db, memberPageStatement(rootPath, filter, page));
  return found.map((row) => ({ ...row, id: Number(row.id), organizationId: Number(row.organizationId) }));
}

/**
 * How many members of a subtree match the filter, counted up to `cap` + 1 rows by `plan`'s reading
 * (so a province-wide search stops early): exact when at most `cap`.
 */
export async function countMembersUpTo(
  db: Executor,
  rootPath: string,
  filter: MemberFilter,
  plan: MemberPagePlan,
  cap: number,
): Promise<number> {
  const { from, where } = pageQuery(plan, rootPath, filter, undefined, cap + 1);
  const [row] = await queryRows<{ total: number }>(
    db,
    // Ordered as the page: the walk then reads the initials index in order and stops at the cap.
    sql`select count(*)::int as total from (select 1 from ${from} where ${where} order by ${ORDER} limit ${cap + 1}) as c`,
  );
  return Number(row?.total ?? 0);
}

/**
 * The planner's estimate of the share of all members the filter's member-level conditions keep
 * (EXPLAIN, no rows read; the sector is left out), and of the table's rows. For "about N" totals.
 */
export async function estimateMemberShare(
  db: Executor,
  filter: MemberFilter,
): Promise<{ share: number; allMembers: number }> {
  const conditions = filterConditions({ ...filter, sector: undefined });
  const [table] = await queryRows<{ rows: number }>(
    db,
    sql`select greatest(reltuples, 0)::float8 as rows from pg_class where oid = 'member'::regclass`,
  );
  const allMembers = Number(table?.rows ?? 0);
  if (conditions.length === 0 || allMembers === 0) return { share: 1, allMembers };
  const plans = await queryRows<{ "QUERY PLAN": unknown }>(
    db,
    sql`explain (format json) select 1 from member m where ${sql.join(conditions, sql` and `)}`,
  );
  const raw = plans[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: { "Plan Rows": number } }];
  const estimated = Number(parsed?.[0]?.Plan?.["Plan Rows"] ?? allMembers);
  return { share: Math.min(1, estimated / allMembers), allMembers };
}

/**
 * A page and the capped count of the "branches" plan in one statement (issue 18 part 3): each
 * organization of the subtree is probed once, for its first `cap` + 1 matches in the list's order
 * (no cursor); the count is over those (at most `cap` + 1) and the page is read from them after
 * `cursor`, then `offset`. Exact as {@link findMemberPage} + {@link countMembersUpTo} when the
 * count is at most `cap` (every match was read) or there is no cursor and offset + limit ≤ `cap` + 1
 * (each organization's first rows were read); otherwise `page` is null and the caller reads the
 * page alone.
 */
export async function findMemberPageCountedUpTo(
  db: Executor,
  rootPath: string,
  filter: MemberFilter,
  page: { cursor?: MemberListCursor | undefined; offset: number; limit: number },
  cap: number,
): Promise<{ rows: MemberPageRow[] | null; total: number }> {
  const { from, where } = pageQuery("branches", rootPath, filter, undefined, cap + 1);
  const found = await queryRows<MemberPageRow & { total: number }>(
    db,
    sql`with hits as materialized (select m.* from ${from} where ${where}),
      counted as (select least(count(*), ${cap + 1})::int as total from hits)
      select ${LIST_COLUMNS}, counted.total from counted
        left join lateral (select * from hits m where ${afterCursor(page.cursor)}
          order by ${ORDER} limit ${page.limit} offset ${page.offset}) m on true
        left join organization o on o.id = m.organization_id
       order by ${ORDER}`,
  );
  const total = Number(found[0]?.total ?? 0);
  const complete = total <= cap || (!page.cursor && page.offset + page.limit <= cap + 1);
  if (!complete) return { rows: null, total };
  const rows = found
    .filter((row) => row.id !== null)
    .map(({ total: _total, ...row }) => ({
      ...row,
      id: Number(row.id),
      organizationId: Number(row.organizationId),
    }));
  return { rows, total };
}

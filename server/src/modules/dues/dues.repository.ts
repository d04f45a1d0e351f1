import type { DuesCategory, DuesScheduleRow } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import { countiesOfMembers, countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of League dues (团费; dues_schedule, dues_payment): the schedule of the nearest organization on
 * a path that has one, a branch's roll and payments of a month, the month's upsert, the member's
 * last_dues_paid_on kept true, and arrears / collection counts of a subtree. The unique key
 * (county_id, member_id, month) is the last word on a payment. A payment lives in its member's county
 * (dues_payment.county_id, migration 0043_org_life_county: on Citus distributed by it, co-located with
 * member): every statement names the county and joins member on (county_id, member_id), so inside a
 * county each is one shard on Citus. dues_schedule is a reference table there.
 */

/** `alias.county_id = <county>` when known, else true (a subtree above the county). */
function inCounty(alias: string, county: number | null): SQL {
  return county === null ? sql`true` : sql`${sql.raw(alias)}.county_id = ${county}`;
}

interface RawScheduleRow {
  organization_id: number;
  category: DuesCategory;
  income_min_yuan: string;
  income_max_yuan: string | null;
  monthly_yuan: string;
  effective_from: string | Date;
}

function dateText(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/**
 * The schedule rows of the first organization of `organizationIds` (nearest first) holding any, with
 * that organization's id; null when none of them has a schedule.
 */
export async function findNearestSchedule(
  db: Executor,
  organizationIds: readonly number[],
): Promise<{ organizationId: number; rows: DuesScheduleRow[] } | null> {
  if (organizationIds.length === 0) return null;
  const rows = await queryRows<RawScheduleRow>(
    db,
    sql`select organization_id, category, income_min_yuan, income_max_yuan, monthly_yuan, effective_from
        from dues_schedule
        where organization_id = (
          select organization_id from dues_schedule where organization_id = any(${intArray(organizationIds)})
          order by array_position(${intArray(organizationIds)}, organization_id) limit 1)
        order by effective_from, category, income_min_yuan`,
  );
  const first = rows[0];
  if (!first) return null;
  return {
    organizationId: Number(first.organization_id),
    rows: rows.map((row) => ({
      category: row.category,
      incomeMinYuan: Number(row.income_min_yuan),
      incomeMaxYuan: row.income_max_yuan === null ? null : Number(row.income_max_yuan),
      monthlyYuan: Number(row.monthly_yuan),
      effectiveFrom: dateText(row.effective_from),
    })),
  };
}

/** Replaces an organization's own schedule with `rows` (delete then insert, in the caller's transaction). */
export async function replaceSchedule(
  db: Executor,
  organizationId: number,
  rows: readonly DuesScheduleRow[],
): Promise<void> {
  await executeWrite(db, sql`delete from dues_schedule where organization_id = ${organizationId}`);
  if (rows.length === 0) return;
  await executeWrite(
    db,
    sql`insert into dues_schedule (organization_id, category, income_min_yuan, income_max_yuan, monthly_yuan, effective_from)
        values ${sql.join(
          rows.map(
            (row) =>
              sql`(${organizationId}, ${row.category}, ${row.incomeMinYuan}, ${row.incomeMaxYuan}, ${row.monthlyYuan}, ${row.effectiveFrom})`,
          ),
          sql`, `,
        )}`,
  );
}

/** A member of a branch's roll with their payment of one month (null when unpaid). */
export interface RollPaymentRow {
  memberId: number;
  name: string;
  memberNumber: string | null;
  payment: {
    amountYuan: number;
    paidOn: string;
    category: DuesCategory;
    deviationReason: string | null;
  } | null;
}

/**
 * The current members of a branch (active, transferring, flowing) and of any member who paid there
 * that month, with their payment of `month` (YYYY-MM-01); by name. Names the branch's county (one shard
 * on Citus).
 */
export async function findMonthRoll(
  db: Executor,
  organizationId: number,
  month: string,
): Promise<RollPaymentRow[]> {
  const county = await countyOfOrganization(db, organizationId);
  const rows = await queryRows<{
    id: number;
    name: string;
    member_number: string | null;
    amount_yuan: string | null;
    paid_on: string | Date | null;
    category: DuesCategory | null;
    deviation_reason: string | null;
  }>(
    db,
    sql`select m.id, m.name, m.member_number, p.amount_yuan, p.paid_on, p.category, p.deviation_reason
        from member m
        left join dues_payment p on p.county_id = m.county_id and p.member_id = m.id and p.month = ${month}
        where m.county_id = ${county} and (m.organization_id = ${organizationId} and m.status in ('active', 'transferring', 'flowing'))
           or p.organization_id = ${organizationId}
        order by m.name, m.id`,
  );
  return rows.map((row) => ({
    memberId: Number(row.id),
    name: row.name,
    memberNumber: row.member_number,
    payment:
      row.amount_yuan === null || row.paid_on === null || row.category === null
        ? null
        : {
            amountYuan: Number(row.amount_yuan),
            paidOn: dateText(row.paid_on),
            category: row.category,
            deviationReason: row.deviation_reason,
          },
  }));
}

/** Of `memberIds`, those currently on the branch's roll (active, transferring, flowing); names the branch's county. */
export async function findRollMemberIds(
  db: Executor,
  organizationId: number,
  memberIds: readonly number[],
): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const county = await countyOfOrganization(db, organizationId);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select id from member where county_id = ${county} and organization_id = ${organizationId}
          and status in ('active', 'transferring', 'flowing') and id = any(${sql`${`{${memberIds.join(",")}}`}::bigint[]`})`,
  );
  return new Set(rows.map((row) => Number(row.id)));
}

/** A payment to write for one member and month. */
export interface PaymentWrite {
  memberId: number;
  /** The member's branch at the time. */
  organizationId: number;
  amountYuan: number;
  paidOn: string;
  category: DuesCategory;
  deviationReason: string | null;
}

/**
 * Writes payments for `month` (insert, or update the member's payment of that month)
 * and moves each member's last_dues_paid_on forward to the payment's paid_on (never back), so the
 * six-month lapse work list reads the records (issue 12 part 7). Each payment is written in its member's
 * county — the county of the branch it is recorded at (`organizationId`, the member's branch), read from
 * the tree first; then one insert, and one update of `member` per county (one shard each on Citus).
 */
export async function upsertPayments(
  db: Executor,
  month: string,
  payments: readonly PaymentWrite[],
  /** Optional: receives the time (ms) of each statement, for the bench's profile. */
  profile?: (phase: string, milliseconds: number) => void,
): Promise<void> {
  if (payments.length === 0) return;
  let started = performance.now();
  const branches = [...new Set(payments.map((p) => p.organizationId))];
  const countyRows = await queryRows<{ id: number; county_id: number }>(
    db,
    sql`select id, county_id from organization where id = any(${intArray(branches)})`,
  );
  const countyOf = new Map(countyRows.map((row) => [Number(row.id), Number(row.county_id)]));
  // One JSON parameter for all rows (a county's 60,000 in one statement: one trigger run).
  const rows = JSON.stringify(
    payments.map((p) => ({
      county_id: countyOf.get(p.organizationId) ?? 0,
      member_id: p.memberId,
      organization_id: p.organizationId,
      amount_yuan: p.amountYuan,
      paid_on: p.paidOn,
      category: p.category,
      deviation_reason: p.deviationReason,
    })),
  );
  await executeWrite(
    db,
    sql`insert into dues_payment (county_id, member_id, organization_id, month, amount_yuan, paid_on, category, deviation_reason)
        select v.county_id, v.member_id, v.organization_id, ${month}::date, v.amount_yuan, v.paid_on, v.category, v.deviation_reason
          from jsonb_to_recordset(${rows}::jsonb) as v(county_id int, member_id bigint, organization_id int, amount_yuan numeric,
            paid_on date, category text, deviation_reason text)
        on conflict (county_id, member_id, month) do update set
          organization_id = excluded.organization_id, amount_yuan = excluded.amount_yuan,
          paid_on = excluded.paid_on, category = excluded.category, deviation_reason = excluded.deviation_reason`,
  );
  profile?.("insert dues_payment", performance.now() - started);
  started = performance.now();
  for (const county of new Set(countyOf.values())) {
    const ofCounty = JSON.stringify(
      payments
        .filter((p) => countyOf.get(p.organizationId) === county)
        .map((p) => ({ member_id: p.memberId, paid_on: p.paidOn })),
    );
    await executeWrite(
      db,
      sql`update member m set last_dues_paid_on = v.paid_on
            from (select x.member_id, max(x.paid_on) as paid_on
                    from jsonb_to_recordset(${ofCounty}::jsonb) as x(member_id bigint, paid_on date) group by 1) as v
           where m.county_id = ${county} and m.id = v.member_id
             and (m.last_dues_paid_on is null or m.last_dues_paid_on < v.paid_on)`,
    );
  }
  profile?.("update member.last_dues_paid_on", performance.now() - started);
}

/**
 * The dues schedules of several organizations (each organization's own rows), in one statement: for the
 * import, which resolves the schedule in force at every branch of a county from the ids on their paths.
 */
export async function findSchedulesOf(
  db: Executor,
  organizationIds: readonly number[],
): Promise<Map<number, DuesScheduleRow[]>> {
  const found = new Map<number, DuesScheduleRow[]>();
  if (organizationIds.length === 0) return found;
  const rows = await queryRows<RawScheduleRow>(
    db,
    sql`select organization_id, category, income_min_yuan, income_max_yuan, monthly_yuan, effective_from
        from dues_schedule
        where organization_id = any(${intArray(organizationIds)})
        order by organization_id, effective_from, category, income_min_yuan`,
  );
  for (const row of rows) {
    const id = Number(row.organization_id);
    const list = found.get(id) ?? [];
    list.push({
      category: row.category,
      incomeMinYuan: Number(row.income_min_yuan),
      incomeMaxYuan: row.income_max_yuan === null ? null : Number(row.income_max_yuan),
      monthlyYuan: Number(row.monthly_yuan),
      effectiveFrom: dateText(row.effective_from),
    });
    found.set(id, list);
  }
  return found;
}

/** A member of a subtree with the months (YYYY-MM-01) they did not pay within a period. */
export interface ArrearsRow {
  memberId: number;
  name: string;
  organizationId: number;
  organizationName: string;
  months: string[];
}

/**
 * The current members of the subtree at `rootPath` with unpaid months between `from` and `through`
 * (both YYYY-MM-01), counting from the month they joined; by organization, then name. At most `limit`.
 * The period's payments join as a derived table (at most one per member and month,
 * dues_payment_member_month_key) on (county_id, member_id), not a correlated NOT EXISTS: on Citus a
 * co-located join, pushed down to each shard — one shard when the subtree lies in one county (named).
 */
export async function findArrears(
  db: Executor,
  rootPath: string,
  from: string,
  through: string,
  limit: number,
): Promise<ArrearsRow[]> {
  const county = await countyScopeOfPath(db, rootPath);
  const rows = await queryRows<{
    id: number;
    name: string;
    organization_id: number;
    organization_name: string;
    months: string[];
  }>(
    db,
    sql`select m.id, m.name, o.id as organization_id, coalesce(o.short_name, o.name) as organization_name,
               array_agg(to_char(g.month, 'YYYY-MM-DD') order by g.month) as months
        from member m
        join organization o on o.id = m.organization_id
        cross join lateral generate_series(
          greatest(date_trunc('month', m.joined_on::timestamp), ${from}::timestamp), ${through}::timestamp, interval '1 month') as g(month)
        left join (select county_id, member_id, month from dues_payment
            where ${inCounty("dues_payment", county)} and month between ${from}::date and ${through}::date) p
          on p.county_id = m.county_id and p.member_id = m.id and p.month = g.month::date
        where ${inCounty("m", county)} and ${inSubtree(sql`o.path`, rootPath)} and m.status in ('active', 'transferring', 'flowing')
          and p.member_id is null
        group by m.id, m.name, o.id, o.short_name, o.name
        order by o.path, m.name, m.id
        limit ${limit}`,
  );
  return rows.map((row) => ({
    memberId: Number(row.id),
    name: row.name,
    organizationId: Number(row.organization_id),
    organizationName: row.organization_name,
    months: row.months.map((m) => m.slice(0, 10)),
  }));
}

/**
 * Expected and paid member-months of the subtree at `rootPath` between `from` and `through` (YYYY-MM-01):
 * every current member owes each month from the month they joined; a paid month is one with a
 * payment. One statement; the payments joined as in {@link findArrears}.
 */
export async function countMemberMonths(
  db: Executor,
  rootPath: string,
  from: string,
  through: string,
): Promise<{ expected: number; paid: number }> {
  const county = await countyScopeOfPath(db, rootPath);
  const [row] = await queryRows<{ expected: number; paid: number }>(
    db,
    sql`select count(*)::int as expected, count(p.member_id)::int as paid
        from member m
        join organization o on o.id = m.organization_id
        cross join lateral generate_series(
          greatest(date_trunc('month', m.joined_on::timestamp), ${from}::timestamp), ${through}::timestamp, interval '1 month') as g(month)
        left join (select county_id, member_id, month from dues_payment
            where ${inCounty("dues_payment", county)} and month between ${from}::date and ${through}::date) p
          on p.county_id = m.county_id and p.member_id = m.id and p.month = g.month::date
        where ${inCounty("m", county)} and ${inSubtree(sql`o.path`, rootPath)} and m.status in ('active', 'transferring', 'flowing')`,
  );
  return { expected: Number(row?.expected ?? 0), paid: Number(row?.paid ?? 0) };
}

/** One member's payments, newest month first (the member's county from the locator, then one shard). */
export async function findMemberPayments(db: Executor, memberId: number) {
  const county = (await countiesOfMembers(db, [memberId])).get(memberId) ?? 0;
  const rows = await queryRows<{
    month: string | Date;
    amount_yuan: string;
    paid_on: string | Date;
    category: DuesCategory;
  }>(
    db,
    sql`select month, amount_yuan, paid_on, category from dues_payment
      where county_id = ${county} and member_id = ${memberId} order by month desc`,
  );
  return rows.map((row) => ({
    month: dateText(row.month),
    amountYuan: Number(row.amount_yuan),
    paidOn: dateText(row.paid_on),
    category: row.category,
  }));
}

/** A member's join date and branch (for their own dues page); by county and id. */
export async function findMemberJoin(db: Executor, memberId: number) {
  const county = (await countiesOfMembers(db, [memberId])).get(memberId) ?? 0;
  const [row] = await queryRows<{ joined_on: string | Date; organization_id: number; path: string }>(
    db,
    sql`select m.joined_on, m.organization_id, o.path from member m join organization o on o.id = m.organization_id
      where m.county_id = ${county} and m.id = ${memberId}`,
  );
  return row
    ? { joinedOn: dateText(row.joined_on), organizationId: Number(row.organization_id), path: row.path }
    : undefined;
}

/** A current member of a subtree found by citizen ID (for the .xlsx import). */
export interface MemberByCitizenId {
  memberId: number;
  organizationId: number;
  organizationPath: string;
  citizenId: string;
  name: string;
}

/**
 * The current members of the subtree at `rootPath` holding one of `citizenIds`. One statement, naming the
 * subtree's county when it lies in one.
 */
export async function findMembersByCitizenIds(
  db: Executor,
  rootPath: string,
  citizenIds: readonly string[],
): Promise<MemberByCitizenId[]> {
  if (citizenIds.length === 0) return [];
  const county = await countyScopeOfPath(db, rootPath);
  const rows = await queryRows<{
    id: number;
    organization_id: number;
    path: string;
    citizen_id: string;
    name: string;
  }>(
    db,
    sql`select m.id, m.organization_id, o.path, m.citizen_id, m.name
        from member m join organization o on o.id = m.organization_id
        where ${inCounty("m", county)} and m.citizen_id = any(${`{${citizenIds.join(",")}}`}::text[])
          and m.status in ('active', 'transferring', 'flowing') and ${inSubtree(sql`o.path`, rootPath)}`,
  );
  return rows.map((row) => ({
    memberId: Number(row.id),
    organizationId: Number(row.organization_id),
    organizationPath: row.path,
    citizenId: row.citizen_id,
    name: row.name,
  }));
}

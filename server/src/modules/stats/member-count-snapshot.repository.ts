import type { MemberStatus } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import { counterBucketSql } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import {
  type CountedOrganization,
  type CounterHolder,
  inCountyOf,
  inHolderBuckets,
  type MemberFigure,
  type OrganizationFigure,
} from "./member-count.repository";
import { copyOrganizationCountsToSnapshot } from "./member-count-snapshot-build.repository";

/**
 * SQL of the month-end snapshots (issue 4 part 2): copies of the counters taken at a month's end,
 * recounts from member_history for month-ends before tuanwu kept counters, and the reads of both. A
 * snapshot row lies at its holder's county bucket (migration snapshot_county): every read names the
 * buckets of the holders it reads ({@link inHolderBuckets}), one shard on Citus for holders of one county.
 */

/** Where the figures of a date come from: the live counters, a month-end snapshot, or member_history. */
export type FigureDate =
  | { kind: "live" }
  | { kind: "snapshot"; month: string }
  | { kind: "history"; month: string };

/** The dimensions of member_count_dimensions, to narrow snapshot reads to primary-key ranges. */
export const MEMBER_COUNT_DIMENSIONS = [
  "total",
  "sex_birth_month",
  "occupation",
  "education",
  "ethnicity",
  "cadre",
  "sector",
] as const;
export type MemberCountDimension = (typeof MEMBER_COUNT_DIMENSIONS)[number];

/**
 * Dimensions of the live counters only (never snapshotted): `complete` ("true"/"false", 信息完整率),
 * a figure of today's records.
 */
export type LiveMemberCountDimension = MemberCountDimension | "complete";

const dimensionList = sql`${`{${MEMBER_COUNT_DIMENSIONS.join(",")}}`}::text[]`;

/**
 * Serialises snapshot takers until the transaction ends: EXCLUSIVE on member_count_snapshot_month,
 * which conflicts only with writers of snapshots (readers go on). LOCK takes no snapshot, so a
 * REPEATABLE READ transaction that starts with it sees the snapshot months committed before.
 */
export async function lockSnapshotMonths(db: Executor): Promise<void> {
  await db.execute(sql`lock table member_count_snapshot_month in exclusive mode`);
}

/**
 * Makes a backdated member write wait for a snapshot being taken, and a snapshot taker wait for the
 * backdated writes in flight, until the transaction ends: ROW SHARE on member_count_snapshot_month
 * (conflicts with the takers' EXCLUSIVE only; backdated writers do not wait for one another).
 */
export async function shareSnapshotMonths(db: Executor): Promise<void> {
  await db.execute(sql`lock table member_count_snapshot_month in row share mode`);
}

/** The month-ends on or after `from` that have a snapshot, oldest first. */
export async function findSnapshotMonthsFrom(db: Executor, from: string): Promise<string[]> {
  const rows = await queryRows<{ month: string }>(
    db,
    sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month
         where month >= ${from}::date order by month`,
  );
  return rows.map((row) => row.month);
}

/** The month-end snapshots there are, with how each was made. */
export async function findSnapshotMonth(
  db: Executor,
  month: string,
): Promise<{ month: string; source: "counters" | "history" } | null> {
  const [row] = await queryRows<{ month: string; source: "counters" | "history" }>(
    db,
    sql`select to_char(month, 'YYYY-MM-DD') as month, source from member_count_snapshot_month where month = ${month}::date`,
  );
  return row ?? null;
}

/** The first day the member history covers (the earliest valid_from), or null with no members. */
export async function findHistoryStart(db: Executor): Promise<string | null> {
  const [row] = await queryRows<{ start: string | null }>(
    db,
    sql`select to_char(min(valid_from), 'YYYY-MM-DD') as start from member_history`,
  );
  return row?.start ?? null;
}

/** Periods of member_history containing `month` (a date), aliased h. */
function periodContains(month: string): SQL {
  return sql`h.valid_from <= ${month}::date and (h.valid_to is null or h.valid_to > ${month}::date)`;
}

const dimensionsOfHistory = sql`member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation,
  m.education, m.ethnicity, m.is_cadre, o.sector)`;

/**
 * Recounts the snapshot of `month` from member_history: each member's status and branch in the period
 * containing that day, the other dimensions as they are now, on today's tree; organization counts as
 * they are now. Records the month as taken from `history`.
 */
export async function recountSnapshotFromHistory(db: Executor, month: string): Promise<void> {
  await db.execute(
    sql`insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
      select ${counterBucketSql("ho")}, ${month}::date, a.id, h.status, d.dimension, d.value, count(*)::int
        from member_history h
        join member m on m.county_id = h.county_id and m.id = h.member_id
        join organization o on o.id = h.organization_id
        cross join lateral ${dimensionsOfHistory} as d
        cross join lateral unnest(member_count_holders(o.path, o.kind)) as a (id)
        join organization ho on ho.id = a.id
       where ${periodContains(month)} and d.dimension <> 'complete'
       group by 1, a.id, h.status, d.dimension, d.value`,
  );
  await copyOrganizationCountsToSnapshot(db, month);
  await db.execute(
    sql`insert into member_count_snapshot_month (month, source) values (${month}::date, 'history')`,
  );
}

/** Member figures of a non-branch organization from the snapshot of `month` (its bucket's shard). */
export async function readSnapshotMemberFigures(
  db: Executor,
  holder: CounterHolder,
  month: string,
): Promise<MemberFigure[]> {
  return queryRows<MemberFigure>(db, snapshotMemberFiguresStatement(holder, month));
}

/** The statement of {@link readSnapshotMemberFigures} (the Citus routing proof EXPLAINs it). */
export function snapshotMemberFiguresStatement(holder: CounterHolder, month: string): SQL {
  return sql`select s.status, s.dimension, s.value, s.count from member_count_snapshot s
       where s.organization_id = ${holder.id} and ${inHolderBuckets("s", [holder])}
         and s.dimension = any(${dimensionList}) and s.month = ${month}::date`;
}

/** Members by status of non-branch organizations from the snapshot of `month` (their buckets' shards). */
export async function readSnapshotTotals(
  db: Executor,
  holders: readonly CounterHolder[],
  month: string,
): Promise<{ childId: number; status: MemberStatus; count: number }[]> {
  if (holders.length === 0) return [];
  const rows = await queryRows<{ organization_id: number; status: MemberStatus; count: number }>(
    db,
    snapshotTotalsStatement(holders, month),
  );
  return rows.map((row) => ({
    childId: Number(row.organization_id),
    status: row.status,
    count: Number(row.count),
  }));
}

/** The statement of {@link readSnapshotTotals} (the Citus routing proof EXPLAINs it). */
export function snapshotTotalsStatement(holders: readonly CounterHolder[], month: string): SQL {
  return sql`select s.organization_id, s.status, s.count from member_count_snapshot s
       where s.organization_id = any(${intArray(holders.map((holder) => holder.id))})
         and ${inHolderBuckets("s", holders)} and s.dimension = 'total' and s.month = ${month}::date`;
}

/** Organization figures of a non-branch organization from the snapshot of `month` (its bucket's shard). */
export async function readSnapshotOrganizationFigures(
  db: Executor,
  holder: CounterHolder,
  month: string,
): Promise<OrganizationFigure[]> {
  return queryRows<OrganizationFigure>(
    db,
    sql`select s.dimension, s.value, s.count from organization_count_snapshot s
         where s.organization_id = ${holder.id} and ${inHolderBuckets("s", [holder])} and s.month = ${month}::date`,
  );
}

/** Organizations in each given subtree (dimension total) from the snapshot of `month` (their buckets). */
export async function readSnapshotOrganizationTotals(
  db: Executor,
  holders: readonly CounterHolder[],
  month: string,
): Promise<Map<number, number>> {
  if (holders.length === 0) return new Map();
  const rows = await queryRows<{ organization_id: number; count: number }>(
    db,
    sql`select s.organization_id, s.count from organization_count_snapshot s
         where s.organization_id = any(${intArray(holders.map((holder) => holder.id))})
           and ${inHolderBuckets("s", holders)} and s.month = ${month}::date and s.dimension = 'total'`,
  );
  return new Map(rows.map((row) => [Number(row.organization_id), Number(row.count)]));
}

/**
 * Member figures of a subtree on `day`, recounted from member_history (the periods containing that
 * day; other dimensions as now). Used for branches, and for month-ends without a snapshot.
 */
export async function readHistoryMemberFigures(
  db: Executor,
  root: CountedOrganization,
  day: string,
): Promise<MemberFigure[]> {
  return queryRows<MemberFigure>(
    db,
    sql`select h.status, d.dimension, d.value, count(*)::int as count
      from organization o
      join member_history h on h.organization_id = o.id
      join member m on m.county_id = h.county_id and m.id = h.member_id
      cross join lateral ${dimensionsOfHistory} as d
     where ${inSubtree(sql`o.path`, root.path)} and ${periodContains(day)} and d.dimension <> 'complete'
       and ${inCountyOf("h", root)}
     group by 1, 2, 3`,
  );
}

/** Members by status under each child of `root` on `day`, recounted from member_history. */
export async function readHistoryChildTotals(
  db: Executor,
  root: CountedOrganization,
  childIds: readonly number[],
  day: string,
): Promise<{ childId: number; status: MemberStatus; count: number }[]> {
  if (childIds.length === 0) return [];
  const rows = await queryRows<{ child_id: number; status: MemberStatus; count: number }>(
    db,
    sql`select split_part(o.path, '/', ${root.depth + 1})::int as child_id, h.status, count(*)::int as count
      from organization o
      join member_history h on h.organization_id = o.id
     where ${inSubtree(sql`o.path`, root.path)} and o.depth > ${root.depth} and ${periodContains(day)}
       and split_part(o.path, '/', ${root.depth + 1})::int = any(${intArray(childIds)}) and ${inCountyOf("h", root)}
     group by 1, 2`,
  );
  return rows.map((row) => ({ childId: Number(row.child_id), status: row.status, count: Number(row.count) }));
}

/**
 * Members of branches by status on `day`, from member_history (a branch's few periods); `within`: the
 * organization whose subtree holds them, its county bucket named when known (see CountedOrganization).
 */
export async function readHistoryBranchTotals(
  db: Executor,
  branchIds: readonly number[],
  day: string,
  within: Pick<CountedOrganization, "county"> = {},
): Promise<{ childId: number; status: MemberStatus; count: number }[]> {
  if (branchIds.length === 0) return [];
  const rows = await queryRows<{ organization_id: number; status: MemberStatus; count: number }>(
    db,
    sql`select h.organization_id, h.status, count(*)::int as count from member_history h
         where h.organization_id = any(${intArray(branchIds)}) and ${periodContains(day)}
           and ${inCountyOf("h", within)}
         group by 1, 2`,
  );
  return rows.map((row) => ({
    childId: Number(row.organization_id),
    status: row.status,
    count: Number(row.count),
  }));
}

/**
 * The trend of one dimension of an organization over month-ends `from`..`to` (inclusive), from the
 * snapshots: one index range of member_count_snapshot, in the holder's bucket (one shard on Citus).
 * Months without a snapshot are absent.
 */
export async function readSnapshotTrend(
  db: Executor,
  holder: CounterHolder,
  dimension: MemberCountDimension,
  from: string,
  to: string,
): Promise<{ month: string; status: MemberStatus; value: string; count: number }[]> {
  const rows = await queryRows<{ month: string; status: MemberStatus; value: string; count: number }>(
    db,
    snapshotTrendStatement(holder, dimension, from, to),
  );
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** The statement of {@link readSnapshotTrend} (the Citus routing proof EXPLAINs it). */
export function snapshotTrendStatement(
  holder: CounterHolder,
  dimension: MemberCountDimension,
  from: string,
  to: string,
): SQL {
  return sql`select to_char(s.month, 'YYYY-MM-DD') as month, s.status, s.value, s.count from member_count_snapshot s
       where s.organization_id = ${holder.id} and ${inHolderBuckets("s", [holder])} and s.dimension = ${dimension}
         and s.month between ${from}::date and ${to}::date
       order by month, status, value`;
}

import { type SQL, sql } from "drizzle-orm";
import { counterBucketSql } from "../../db/county";
import type { Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";

/**
 * SQL that builds month-end snapshots in bulk (issue 18 part 4): many month-ends recounted from
 * member_history in ONE statement (each period counted once where it starts and once where it ends,
 * then a running sum per counter row — not one recount per month), the live counters copied without
 * the counter lock, and imported members added to the snapshots that exist. Every snapshot row names
 * its holder's counter bucket (`county_id`: db/county.ts counterBucketOf — organization.county_id of the
 * holder, or the one above-county bucket for a city, province or national committee; migrations
 * snapshot_county, 0057_above_county_bucket): on Citus the snapshots are distributed by it, co-located with member and the
 * counters (docs/SCALING.md "Snapshots by county").
 */

/** Month-ends as a SQL date[] literal (sorted, distinct). */
function monthArray(months: readonly string[]) {
  return sql`${`{${[...new Set(months)].sort().join(",")}}`}::date[]`;
}

// Snapshots never hold `complete` (信息完整率, migration 0029: a figure of today's records only).
const dimensionsOfMember = sql`member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation,
  m.education, m.ethnicity, m.is_cadre, o.sector)`;

/**
 * Rows of member_count_snapshot for every month-end of `months` from the member_history periods
 * `periodFilter` selects (aliased h): a period counts at month-end k when valid_from ≤ k < valid_to.
 * Each period becomes +1 at the first month-end it contains and −1 at the first it no longer does;
 * the rows are summed per (holder, status, dimension, value) and run up over the months, so the work
 * is the periods plus the output, not periods × months. Status and branch as in the period, the other
 * dimensions as the member is now, on today's tree (as recountSnapshotFromHistory).
 */
function snapshotRowsFromHistory(months: readonly string[], memberIds: readonly number[] | null) {
  const sorted = [...new Set(months)].sort();
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  const onlyMembers = memberIds === null ? sql`true` : sql`h.member_id = any(${intArray(memberIds)})`;
  return sql`with months as (
      select k.month::date as month, k.i::int as i from unnest(${monthArray(sorted)}) with ordinality as k (month, i)
    ), periods as (
      select h.county_id as member_county_id, h.member_id, h.organization_id, h.status,
        (select min(k.i) from months k where k.month >= h.valid_from) as s,
        (select min(k.i) from months k where h.valid_to is not null and k.month >= h.valid_to) as e
        from member_history h
       where h.valid_from <= ${last}::date and (h.valid_to is null or h.valid_to > ${first}::date) and ${onlyMembers}
    ), changes as (
      select p.member_county_id, p.member_id, p.organization_id, p.status, p.s as i, 1 as delta
        from periods p where p.e is null or p.e > p.s
      union all
      select p.member_county_id, p.member_id, p.organization_id, p.status, p.e, -1
        from periods p where p.e is not null and p.e > p.s and p.e <= ${sorted.length}
    ), summed as (
      select ${counterBucketSql("ho")} as county_id, a.id as organization_id, c.status, d.dimension, d.value, c.i,
             sum(c.delta)::int as delta
        from changes c
        join member m on m.county_id = c.member_county_id and m.id = c.member_id
        join organization o on o.id = c.organization_id
        cross join lateral ${dimensionsOfMember} as d
        cross join lateral unnest(member_count_holders(o.path, o.kind)) as a (id)
        join organization ho on ho.id = a.id
       where d.dimension <> 'complete'
       group by 1, 2, 3, 4, 5, 6
    ), running as (
      select county_id, organization_id, status, dimension, value, i,
             sum(delta) over w as count,
             lead(i, 1, ${sorted.length + 1}) over w as next_i
        from summed
      window w as (partition by county_id, organization_id, status, dimension, value order by i)
    )
    select r.county_id, k.month, r.organization_id, r.status, r.dimension, r.value, r.count::int as count
      from running r
      join months k on k.i >= r.i and k.i < r.next_i
     where r.count <> 0`;
}

/**
 * Recounts the snapshots of month-ends `months` (none of which may have one yet) from member_history
 * in one statement, copies today's organization counts for each, and records them as taken from
 * `history`. Returns the member rows written.
 */
export async function recountSnapshotsFromHistory(db: Executor, months: readonly string[]): Promise<number> {
  if (months.length === 0) return 0;
  const [row] = await queryRows<{ rows: number }>(
    db,
    sql`with inserted as (
        insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
        ${snapshotRowsFromHistory(months, null)}
        returning 1
      ) select count(*)::int as rows from inserted`,
  );
  await db.execute(
    sql`insert into organization_count_snapshot (county_id, month, organization_id, dimension, value, count)
      select c.county_id, k.month, c.organization_id, c.dimension, c.value, c.count
        from organization_count c cross join unnest(${monthArray(months)}) as k (month)
       where c.count <> 0`,
  );
  await db.execute(
    sql`insert into member_count_snapshot_month (month, source)
      select k.month, 'history' from unnest(${monthArray(months)}) as k (month)`,
  );
  return Number(row?.rows ?? 0);
}

/**
 * Adds the member_history periods of `memberIds` (members just inserted, e.g. imported with past
 * join dates) to every existing snapshot they fall in. Call in the inserting transaction, with the
 * snapshot-month lock held. Returns the snapshot rows added or changed.
 */
export async function addMembersToSnapshots(db: Executor, memberIds: readonly number[]): Promise<number> {
  if (memberIds.length === 0) return 0;
  const months = (
    await queryRows<{ month: string }>(
      db,
      sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month order by month`,
    )
  ).map((row) => row.month);
  if (months.length === 0) return 0;
  const [row] = await queryRows<{ rows: number }>(
    db,
    sql`with added as (
        insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
        ${snapshotRowsFromHistory(months, memberIds)}
        order by 3, 5, 2, 4, 6
        on conflict (county_id, organization_id, dimension, month, status, value)
          do update set count = member_count_snapshot.count + excluded.count
        returning 1
      ) select count(*)::int as rows from added`,
  );
  return Number(row?.rows ?? 0);
}

/**
 * Copies today's organization counts (organization_count, rows ≠ 0) into the snapshot of `month`, each
 * row at its holder's county bucket: on Citus a co-located INSERT … SELECT, run on each shard.
 */
export async function copyOrganizationCountsToSnapshot(db: Executor, month: string): Promise<void> {
  await db.execute(copyStatements(month).organizationCounts);
}

/**
 * The two co-located copies of the month-end copy ({@link copyLiveCountersToSnapshot}): member_count's
 * rows (without `complete`) and organization_count's, each at its own county bucket (the Citus routing
 * proof EXPLAINs them: one task per shard, pushed down, nothing through the coordinator).
 */
export function copyStatements(month: string): { counters: SQL; organizationCounts: SQL } {
  return {
    counters: sql`insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
      select c.county_id, ${month}::date, c.organization_id, c.status, c.dimension, c.value, c.count
        from member_count c where c.count <> 0 and c.dimension <> 'complete'`,
    organizationCounts: sql`insert into organization_count_snapshot (county_id, month, organization_id, dimension, value, count)
      select c.county_id, ${month}::date, c.organization_id, c.dimension, c.value, c.count
        from organization_count c where c.count <> 0`,
  };
}

/**
 * Copies the live figures — member_count plus the pending deltas not yet folded, both read in the
 * caller's one MVCC snapshot (a fold deletes its deltas and updates the counters in one statement, so
 * any snapshot sees each change exactly once) — and the organization counts into the snapshot of
 * `month`, and records it as taken from `counters`. Three statements, each row at its holder's county
 * bucket: the counters copied as they are (on Citus a co-located INSERT … SELECT: each shard copies its
 * own rows, nothing passes through the coordinator), then the pending deltas expanded to their holders
 * and added (few: the fold keeps them near zero; on Citus through the coordinator, each row routed to
 * its holder's shard), rows that fell to 0 deleted; the organization counts copied as the counters.
 * Needs no counter lock on PostgreSQL and PGlite: the fold goes on meanwhile. On Citus each shard answers
 * from its own snapshot, so the counter lock (and organization_count's) is taken in SHARE mode on the
 * coordinator first, as the province dashboard does (dashboard-above-county.repository.ts): a fold
 * (which holds EXCLUSIVE until its commit reached every worker) is seen on every shard or on none; the
 * caller must not have read a distributed table earlier in the transaction.
 */
export async function copyLiveCountersToSnapshot(db: Executor, month: string): Promise<void> {
  if (await isDistributed(db)) {
    await db.execute(
      sql.raw(`set local citus.enable_ddl_propagation = off;
        lock table member_count, organization_count in share mode;
        set local citus.enable_ddl_propagation = on`),
    );
  }
  await db.execute(copyStatements(month).counters);
  const pending = await queryRows<{ count: number }>(
    db,
    sql`insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
      select ${counterBucketSql("ho")}, ${month}::date, h.id, x.status, d.dimension, d.value, sum(x.delta)::int
        from member_count_delta x
        join organization o on o.id = x.organization_id
        cross join lateral member_count_dimensions(x.sex, x.birth_month, x.occupation, x.education,
          x.ethnicity, x.is_cadre, o.sector) as d
        cross join lateral unnest(member_count_holders(o.path, o.kind)) as h (id)
        join organization ho on ho.id = h.id
       where d.dimension <> 'complete'
       group by 1, h.id, x.status, d.dimension, d.value
      having sum(x.delta) <> 0
      on conflict (county_id, organization_id, dimension, month, status, value)
        do update set count = member_count_snapshot.count + excluded.count
      returning count`,
  );
  if (pending.some((row) => Number(row.count) === 0)) {
    await db.execute(sql`delete from member_count_snapshot where month = ${month}::date and count = 0`);
  }
  await copyOrganizationCountsToSnapshot(db, month);
  await db.execute(
    sql`insert into member_count_snapshot_month (month, source) values (${month}::date, 'counters')`,
  );
}

/**
 * Summarizes the pages appended since the last time into the BRIN index on month (migration 0031),
 * so that reading one month skips the others' pages (unsummarized pages are always read).
 */
async function summarizeSnapshotMonthIndex(db: Executor): Promise<void> {
  await db.execute(sql`select brin_summarize_new_values('member_count_snapshot_month_brin'::regclass)`);
}

/**
 * The nearest month-end after `month` that has a snapshot (either source), or null: the base a
 * snapshot of `month` is derived from ({@link deriveSnapshotFromLater}).
 */
export async function findLaterSnapshotMonth(db: Executor, month: string): Promise<string | null> {
  const [row] = await queryRows<{ month: string }>(
    db,
    sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month
         where month > ${month}::date order by month limit 1`,
  );
  return row?.month ?? null;
}

/**
 * Builds the snapshot of month-end `month` from the snapshot of the later month-end `base` (issue 18
 * part 4, one slice of the window build): a copy of `base`'s member rows, plus the member_history
 * periods that hold on one of the two days and not on the other (+1 held on `month` only, −1 on
 * `base` only: the periods starting or ending in (month, base] — a month's changes, not the whole
 * history), rows that fall to 0 deleted; the organization counts as they are now, as
 * {@link recountSnapshotsFromHistory}. The result equals a recount of `month` from history whenever
 * `base` does (status and branch as in the period, the other dimensions as the member is now, on
 * today's tree). Recorded as taken from `history`. Returns the member rows of the new snapshot.
 */
export async function deriveSnapshotFromLater(db: Executor, month: string, base: string): Promise<number> {
  await summarizeSnapshotMonthIndex(db);
  // In primary-key order: the index grows leaf by leaf instead of at random places across all months
  // (the province's copy, 2.1 M rows, spent its time evicting index pages).
  await db.execute(
    sql`insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
      select county_id, ${month}::date, organization_id, status, dimension, value, count
        from member_count_snapshot where month = ${base}::date
       order by organization_id, dimension, status, value`,
  );
  const holds = (day: string) =>
    sql`(case when h.valid_from <= ${day}::date and (h.valid_to is null or h.valid_to > ${day}::date) then 1 else 0 end)`;
  await db.execute(
    sql`insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
      select ${counterBucketSql("ho")}, ${month}::date, a.id, c.status, d.dimension, d.value, sum(c.delta)::int
        from (
          select h.county_id, h.member_id, h.organization_id, h.status, ${holds(month)} - ${holds(base)} as delta
            from member_history h
           where (h.valid_from > ${month}::date and h.valid_from <= ${base}::date)
              or (h.valid_to > ${month}::date and h.valid_to <= ${base}::date)
        ) c
        join member m on m.county_id = c.county_id and m.id = c.member_id
        join organization o on o.id = c.organization_id
        cross join lateral ${dimensionsOfMember} as d
        cross join lateral unnest(member_count_holders(o.path, o.kind)) as a (id)
        join organization ho on ho.id = a.id
       where c.delta <> 0 and d.dimension <> 'complete'
       group by 1, 3, 4, 5, 6
      having sum(c.delta) <> 0
       order by 3, 5, 4, 6
      on conflict (county_id, organization_id, dimension, month, status, value)
        do update set count = member_count_snapshot.count + excluded.count`,
  );
  await summarizeSnapshotMonthIndex(db);
  await db.execute(sql`delete from member_count_snapshot where month = ${month}::date and count = 0`);
  await copyOrganizationCountsToSnapshot(db, month);
  await db.execute(
    sql`insert into member_count_snapshot_month (month, source) values (${month}::date, 'history')`,
  );
  const [row] = await queryRows<{ rows: number }>(
    db,
    sql`select count(*)::int as rows from member_count_snapshot where month = ${month}::date`,
  );
  return Number(row?.rows ?? 0);
}

/** One member_count_snapshot row's key and count (a member's contribution, or a change to apply). */
export interface SnapshotRow {
  /** The holder's counter bucket (db/county.ts counterBucketOf of organizationId). */
  countyId: number;
  month: string;
  organizationId: number;
  status: string;
  dimension: string;
  value: string;
  count: number;
}

/**
 * What the member_history periods of `memberIds` add to the snapshots of month-ends `months` (the rows a recount from history would count for them there). Read before and after a backdated
 * write, the difference is what the write changes in the snapshots.
 */
export async function readMemberSnapshotContribution(
  db: Executor,
  memberIds: readonly number[],
  months: readonly string[],
): Promise<SnapshotRow[]> {
  if (months.length === 0 || memberIds.length === 0) return [];
  const rows = await queryRows<{
    county_id: number;
    month: string;
    organization_id: number;
    status: string;
    dimension: string;
    value: string;
    count: number;
  }>(
    db,
    sql`select s.county_id, to_char(s.month, 'YYYY-MM-DD') as month, s.organization_id, s.status, s.dimension, s.value, s.count
          from (${snapshotRowsFromHistory(months, memberIds)}) s`,
  );
  return rows.map((row) => ({
    countyId: Number(row.county_id),
    month: row.month,
    organizationId: Number(row.organization_id),
    status: row.status,
    dimension: row.dimension,
    value: row.value,
    count: Number(row.count),
  }));
}

/**
 * Adds `changes` (counts may be negative) to the snapshot rows of their keys, creating missing rows
 * and deleting those that fall to 0 (snapshots hold non-zero rows only). Values are passed as one
 * JSON parameter (they may hold any character).
 */
export async function applySnapshotChanges(db: Executor, changes: readonly SnapshotRow[]): Promise<void> {
  if (changes.length === 0) return;
  const json = JSON.stringify(changes);
  const keyed = sql`select (c->>'countyId')::int as county_id, (c->>'month')::date as month, (c->>'organizationId')::int as organization_id,
      c->>'status' as status, c->>'dimension' as dimension, c->>'value' as value, (c->>'count')::int as count
      from jsonb_array_elements(${json}::jsonb) as c`;
  await db.execute(
    sql`insert into member_count_snapshot (county_id, month, organization_id, status, dimension, value, count)
      select county_id, month, organization_id, status, dimension, value, count from (${keyed}) k
       order by organization_id, dimension, month, status, value
      on conflict (county_id, organization_id, dimension, month, status, value)
        do update set count = member_count_snapshot.count + excluded.count`,
  );
  // The rows that fell to 0 are among the changed holders' rows of the changed months (snapshots hold no
  // other zero rows): named by plain arrays, which Citus routes to the holders' buckets (a join to the
  // jsonb, "STABLE functions used in UPDATE queries cannot be called with column references", it refuses).
  const distinct = (values: readonly number[]) => [...new Set(values)];
  await db.execute(
    sql`delete from member_count_snapshot s
         where s.county_id = any(${intArray(distinct(changes.map((change) => change.countyId)))})
           and s.organization_id = any(${intArray(distinct(changes.map((change) => change.organizationId)))})
           and s.month = any(${monthArray(changes.map((change) => change.month))}) and s.count = 0`,
  );
}

/** Which of `months` have a snapshot. */
export async function findSnapshotMonths(db: Executor, months: readonly string[]): Promise<Set<string>> {
  if (months.length === 0) return new Set();
  const rows = await queryRows<{ month: string }>(
    db,
    sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month
         where month = any(${monthArray(months)})`,
  );
  return new Set(rows.map((row) => row.month));
}

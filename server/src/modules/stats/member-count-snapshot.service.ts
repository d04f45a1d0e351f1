import { DomainError, isMonthEnd, lastDayOfMonth, previousMonthEnd } from "@tuanwu/domain";
import { counterBucketOfOrganization } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { todayInChina } from "../../lib/clock";
import {
  findHistoryStart,
  findSnapshotMonth,
  findSnapshotMonthsFrom,
  lockSnapshotMonths,
  MEMBER_COUNT_DIMENSIONS,
  type MemberCountDimension,
  readSnapshotTrend,
  recountSnapshotFromHistory,
  shareSnapshotMonths,
} from "./member-count-snapshot.repository";
import {
  addMembersToSnapshots,
  applySnapshotChanges,
  copyLiveCountersToSnapshot,
  deriveSnapshotFromLater,
  findLaterSnapshotMonth,
  readMemberSnapshotContribution,
  recountSnapshotsFromHistory,
  type SnapshotRow,
} from "./member-count-snapshot-build.repository";

/**
 * Takes the snapshot of month-end `month` (YYYY-MM-DD, a month's last day; issue 4 part 2) unless it
 * exists: `counters` — copy the live figures, member_count plus the pending deltas not yet folded
 * (only right after the month ended: they are then the month-end's figures) — or `history` —
 * recount from member_history (status and branch as they were on that day, the other dimensions as
 * now; for month-ends before tuanwu ran, or a job that missed its day). One transaction in REPEATABLE
 * READ, so the member figures and organization counts come from one snapshot of the database. Neither
 * takes the counter lock (issue 18 part 4): the fold, rebuilds and organization moves go on meanwhile
 * (the fold deletes its deltas and updates the counters in one statement, so counters plus pending
 * deltas are exact in any snapshot). Snapshot takers are serialised by the snapshot-month lock, taken
 * first (LOCK takes no snapshot, so a taker that waited sees the month the other one took). Returns
 * whether a snapshot was taken. Errors: 400 naming "month" when not a month-end.
 */
export async function takeMonthEndSnapshot(
  db: Database,
  month: string,
  source: "counters" | "history",
): Promise<boolean> {
  if (!isMonthEnd(month)) {
    throw new DomainError(
      "not_month_end",
      "month：须为某月最后一天 / month must be the last day of a month",
      {
        field: "month",
        status: 400,
      },
    );
  }
  return db.transaction(
    async (tx) => {
      await lockSnapshotMonths(tx);
      if (await findSnapshotMonth(tx, month)) return false;
      if (source === "counters") await copyLiveCountersToSnapshot(tx, month);
      else await recountSnapshotFromHistory(tx, month);
      return true;
    },
    { isolationLevel: "repeatable read" },
  );
}

/** Most month-ends a trend covers (the indicator trend's limit): the window snapshots are built for. */
export const SNAPSHOT_WINDOW_MONTHS = 36;

/**
 * The past month-ends of the trend window on `today`: the last `months` month-ends before today's
 * month (oldest first), none before the month-end of `historyStart` (the data's first day).
 */
export function trendWindowMonthEnds(today: string, historyStart: string, months: number): string[] {
  const result: string[] = [];
  let monthEnd = previousMonthEnd(today);
  const first = lastDayOfMonth(historyStart);
  while (result.length < months - 1 && monthEnd >= first) {
    result.unshift(monthEnd);
    monthEnd = previousMonthEnd(monthEnd);
  }
  return result;
}

/** One slice of {@link buildWindowSnapshots}: a month-end built, from what, how many rows, how long. */
export interface WindowSlice {
  month: string;
  /** The later month-end it was derived from, or null when recounted from member_history. */
  base: string | null;
  rows: number;
  milliseconds: number;
}

/**
 * Builds the snapshot of every past month-end of the trend window (the {@link SNAPSHOT_WINDOW_MONTHS}
 * months up to today's, from the first month the member history covers) that has none (issue 18
 * part 4: the demo seed, `tuanwu counters snapshot --window`, after a bulk load). In monthly slices,
 * newest first, each its own transaction (REPEATABLE READ after the snapshot-month lock, never the
 * counter lock; backdated member writes wait for one slice at most): a month-end with a later
 * snapshot is derived from it and the periods changed in between ({@link deriveSnapshotFromLater}: a
 * copy plus one month's changes), the newest without one is recounted from member_history. Resumable:
 * a run stopped after any slice keeps the months built, and the next run builds the rest.
 * `onSlice` hears of each slice when committed. Returns the month-ends built and the member rows written.
 */
export async function buildWindowSnapshots(
  db: Database,
  today: string,
  months = SNAPSHOT_WINDOW_MONTHS,
  onSlice?: (slice: WindowSlice) => void,
): Promise<{ months: string[]; rows: number }> {
  const start = await findHistoryStart(db);
  if (!start) return { months: [], rows: 0 };
  const built: string[] = [];
  let rows = 0;
  for (const month of trendWindowMonthEnds(today, start, months).reverse()) {
    const began = performance.now();
    const slice = await db.transaction(
      async (tx) => {
        await lockSnapshotMonths(tx);
        if (await findSnapshotMonth(tx, month)) return null;
        const base = await findLaterSnapshotMonth(tx, month);
        const written = base
          ? await deriveSnapshotFromLater(tx, month, base)
          : await recountSnapshotsFromHistory(tx, [month]);
        return { month, base, rows: written };
      },
      { isolationLevel: "repeatable read" },
    );
    if (!slice) continue;
    built.unshift(month);
    rows += slice.rows;
    onSlice?.({ ...slice, milliseconds: performance.now() - began });
  }
  return { months: built, rows };
}

/**
 * Whether a member_history change holding from `day` (YYYY-MM-DD) can change a month-end snapshot:
 * `day` is on or before the last month-end by the server's clock in China. A change from a later day
 * (every status change dated this month) touches none (issue 18 part 4).
 */
export function mayChangeSnapshots(day: string): boolean {
  return day <= previousMonthEnd(todayInChina());
}

/**
 * Runs `write` — a change of the member_history of `memberIds` that holds from `from` (YYYY-MM-DD) on:
 * a member created with a past join date, a backdated status or branch change, a corrected join date
 * — and keeps the month-end snapshots on or after `from` exact in the same transaction (issue 18
 * part 4): the members' contribution to those snapshots (as a recount from history counts them) is
 * read before and after the write and the difference applied, so the trend still equals a recount
 * from history. A write from a day after the last month-end (by the server's clock in China) touches
 * no snapshot and costs nothing more; a backdated one takes ROW SHARE on the snapshot months (waits
 * for a snapshot slice being built, which then sees the write) and two small reads by member.
 * Member attributes (sex, birth date, …) are not history: a snapshot keeps them as they were when
 * it was taken.
 */
export async function keepSnapshotsExact<T>(
  tx: Executor,
  memberIds: readonly number[],
  from: string,
  write: () => Promise<T>,
): Promise<T> {
  if (!mayChangeSnapshots(from) || memberIds.length === 0) return write();
  await shareSnapshotMonths(tx);
  const months = await findSnapshotMonthsFrom(tx, from);
  if (months.length === 0) return write();
  const before = await readMemberSnapshotContribution(tx, memberIds, months);
  const result = await write();
  const after = await readMemberSnapshotContribution(tx, memberIds, months);
  await applySnapshotChanges(tx, snapshotDifference(before, after));
  return result;
}

/** `after` minus `before`, row by row (non-zero differences only). */
function snapshotDifference(before: readonly SnapshotRow[], after: readonly SnapshotRow[]): SnapshotRow[] {
  const key = (row: SnapshotRow) =>
    JSON.stringify([row.month, row.organizationId, row.status, row.dimension, row.value]);
  const changes = new Map<string, SnapshotRow>();
  for (const [rows, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const row of rows) {
      const existing = changes.get(key(row));
      if (existing) existing.count += sign * row.count;
      else changes.set(key(row), { ...row, count: sign * row.count });
    }
  }
  return [...changes.values()].filter((row) => row.count !== 0);
}

/**
 * Adds members just inserted with their history (an import: 团员信息 from the national registry,
 * with past join dates) to the month-end snapshots that exist, in the importing transaction, so that
 * the trend of past months counts them as a recount from history would. Takes the snapshot-month lock
 * (serialises with snapshot takers only). Returns the snapshot rows added or changed.
 */
export async function addImportedMembersToSnapshots(
  tx: Executor,
  memberIds: readonly number[],
): Promise<number> {
  if (memberIds.length === 0) return 0;
  await lockSnapshotMonths(tx);
  return addMembersToSnapshots(tx, memberIds);
}

/**
 * The scheduled month-end job: on `today` (China), makes sure the month that just ended has its
 * snapshot — copied from the counters on the 1st (the counters still hold the month-end figures),
 * recounted from member_history on a later day (the server was not running on the 1st).
 * Returns the month-end snapshotted now, or null when it existed.
 */
export async function runMonthEndSnapshotJob(db: Database, today: string): Promise<string | null> {
  const month = previousMonthEnd(today);
  const source = today.endsWith("-01") ? "counters" : "history";
  return (await takeMonthEndSnapshot(db, month, source)) ? month : null;
}

/**
 * The trend of one dimension for an organization (non-branch) over the month-ends `from`..`to`, from
 * the snapshots in one index-range query (issue 4 part 2) in the organization's county bucket (read
 * first from the tree: on Citus one shard, for a county and above): rows { month, status, value, count }.
 * Errors: 400 naming "dimension" for an unknown dimension.
 */
export async function getMemberCountTrend(
  db: Database,
  organizationId: number,
  dimension: string,
  from: string,
  to: string,
) {
  if (!(MEMBER_COUNT_DIMENSIONS as readonly string[]).includes(dimension)) {
    throw new DomainError("unknown_dimension", `dimension：未知维度 ${dimension} / unknown dimension`, {
      field: "dimension",
      status: 400,
    });
  }
  const countyId = await counterBucketOfOrganization(db, organizationId);
  return readSnapshotTrend(db, { id: organizationId, countyId }, dimension as MemberCountDimension, from, to);
}

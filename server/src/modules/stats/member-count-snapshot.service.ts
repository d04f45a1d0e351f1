import { DomainError, isMonthEnd, previousMonthEnd } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { foldPendingDeltas, lockMemberCounters } from "./member-count.repository";
import {
  copyCountersToSnapshot,
  findSnapshotMonth,
  lockSnapshotMonths,
  MEMBER_COUNT_DIMENSIONS,
  type MemberCountDimension,
  readSnapshotTrend,
  recountSnapshotFromHistory,
} from "./member-count-snapshot.repository";

/**
 * Takes the snapshot of month-end `month` (YYYY-MM-DD, a month's last day; issue 4 part 2) unless it
 * exists: `counters` — fold the pending deltas, then copy member_count and organization_count (only
 * right after the month ended: the counters are then the month-end's figures) — or `history` —
 * recount from member_history (status and branch as they were on that day, the other dimensions as
 * now; for month-ends before tuanwu ran, or a job that missed its day). One transaction. Only the
 * `counters` copy takes the counter lock (it folds, and must see every fold); the `history` recount
 * (≈ 90 s at a 5-million-member province) takes it never, so the fold, rebuilds and organization
 * moves go on meanwhile (issue 18 part 4): it runs in REPEATABLE READ, so its member figures and
 * organization counts come from one snapshot of the tree. Snapshot takers are serialised by the
 * snapshot-month lock, taken first (LOCK takes no snapshot, so a taker that waited sees the month
 * the other one took). Returns whether a snapshot was taken. Errors: 400 naming "month" when not a
 * month-end.
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
  if (source === "counters") {
    return db.transaction(async (tx) => {
      await lockMemberCounters(tx);
      await lockSnapshotMonths(tx);
      if (await findSnapshotMonth(tx, month)) return false;
      await foldPendingDeltas(tx);
      await copyCountersToSnapshot(tx, month);
      return true;
    });
  }
  return db.transaction(
    async (tx) => {
      await lockSnapshotMonths(tx);
      if (await findSnapshotMonth(tx, month)) return false;
      await recountSnapshotFromHistory(tx, month);
      return true;
    },
    { isolationLevel: "repeatable read" },
  );
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
 * the snapshots in one index-range query (issue 4 part 2): rows { month, status, value, count }.
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
  return readSnapshotTrend(db, organizationId, dimension as MemberCountDimension, from, to);
}

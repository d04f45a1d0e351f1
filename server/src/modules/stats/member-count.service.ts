import type { Database } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import {
  deleteZeroCounters,
  foldPendingDeltas,
  lockMemberCounters,
  pendingFoldWork,
  refreshOrgLifeOfFolded,
  runMemberCountRebuild,
  takeOrgLifeMarks,
} from "./member-count.repository";
import { runReportedCountRebuild } from "./reported-count.repository";

/**
 * Folds the pending member deltas into the subtree counters (issue 4 part 3): in one transaction,
 * takes the counter lock (so folds, rebuilds and organization moves run one at a time, while member
 * writes and reads go on), then moves every pending delta into member_count at each holder on its
 * branch's current path (foldPendingDeltas: two statements for all counties on every engine). On a
 * Citus coordinator (issue 19, docs/SCALING.md "Figures above the county") every county is taken in
 * the same one pass — one distributed transaction, one statement per table read and deleted over every
 * shard, one statement adding the nets to the holders' buckets — after a probe of both tables that
 * lets an idle fold write nothing. There it also brings the organizational-life tallies of the changed
 * branches up to date (refreshOrgLifeOfFolded: there they are exact after each fold, not in the
 * member's transaction), and of the branches whose members' dues payments or registrations were
 * written (org_life_mark, migration 0043_org_life_county: those tables are distributed there, and a
 * trigger on their shard cannot write the coordinator's tallies); one refresh for all of them.
 * PostgreSQL and PGlite keep the tallies in the member's transaction, so the fold skips both there.
 * Runs on a timer in the server (startMemberCountFolding) and before snapshots; reads are exact
 * whether or not it has run. Returns the deltas taken and the counter rows written.
 */
export async function foldMemberCountDeltas(db: Database): Promise<{ deltas: number; rows: number }> {
  // Asked once per handle (db/distributed.ts), not once per fold's transaction.
  const distributed = await isDistributed(db);
  return db.transaction(async (tx) => {
    await lockMemberCounters(tx);
    if (!distributed) {
      const { deltas, rows } = await foldPendingDeltas(tx);
      return { deltas, rows };
    }
    const pending = await pendingFoldWork(tx);
    const folded = pending.deltas
      ? await foldPendingDeltas(tx)
      : { deltas: 0, rows: 0, organizationIds: [] as number[] };
    const marked = pending.marks ? await takeOrgLifeMarks(tx) : [];
    await refreshOrgLifeOfFolded(tx, [...new Set([...folded.organizationIds, ...marked])]);
    return { deltas: folded.deltas, rows: folded.rows };
  });
}

/**
 * Recounts the subtree counters from the members (issue 4 part 3; SQL function member_count_rebuild):
 * every counter, organization count and 应录入数 sum (organization_reported_count), or with `rootPath` the counters of that subtree (its
 * difference carried to the ancestors). Hierarchical: members grouped by their nearest holder once,
 * then rolled up level by level. Runs in REPEATABLE READ after taking the counter lock, so the pending
 * deltas it discards are exactly the changes its recount sees. For after bulk loads
 * (`tuanwu counters rebuild`) and as the tests' reference. Returns the counter rows of the scope.
 */
export async function rebuildMemberCounts(db: Database, rootPath?: string): Promise<number> {
  return db.transaction(
    async (tx) => {
      await lockMemberCounters(tx);
      const written = await runMemberCountRebuild(tx, rootPath ?? null);
      if (!rootPath) {
        await deleteZeroCounters(tx);
        // 应录入数 per subtree (organization_reported_count, migration 0033) is recounted with them.
        await runReportedCountRebuild(tx);
      }
      return written;
    },
    { isolationLevel: "repeatable read" },
  );
}

/** A running fold timer; `stop()` waits for a fold in progress. */
export interface MemberCountFolding {
  stop(): Promise<void>;
}

/**
 * Folds pending deltas every `intervalMs` (TUANWU_COUNTER_FOLD_SECONDS, default 1 s) until stopped;
 * one fold at a time; a failed fold is logged with `onError` and retried at the next tick. `afterFold`
 * runs after each fold (the server vacuums the delta table on PGlite, which has no autovacuum).
 */
export function startMemberCountFolding(
  db: Database,
  intervalMs: number,
  onError: (error: unknown) => void,
  afterFold?: (folded: { deltas: number; rows: number }) => Promise<void>,
): MemberCountFolding {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = foldMemberCountDeltas(db)
      .then((folded) => afterFold?.(folded))
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

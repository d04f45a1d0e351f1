import type { Database } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import {
  countiesWithOrgLifeMarks,
  countiesWithPendingDeltas,
  deleteZeroCounters,
  foldPendingDeltas,
  lockMemberCounters,
  refreshOrgLifeOfFolded,
  runMemberCountRebuild,
  takeOrgLifeMarks,
} from "./member-count.repository";
import { runReportedCountRebuild } from "./reported-count.repository";

/**
 * Folds the pending member deltas into the subtree counters (issue 4 part 3): in one transaction,
 * takes the counter lock (so folds, rebuilds and organization moves run one at a time, while member
 * writes and reads go on), then moves every pending delta into member_count at each holder on its
 * branch's current path. On a Citus coordinator it goes county by county (issue 19, docs/SCALING.md
 * "Figures above the county"): a county's deltas are taken on its shard and folded into its own
 * counters there, and the above-county holders' share goes to their buckets as one netted row per
 * holder and figure. Runs on a timer in the server (startMemberCountFolding) and before
 * snapshots; reads are exact whether or not it has run. On a Citus coordinator it also brings the
 * organizational-life tallies of the changed branches up to date (refreshOrgLifeOfFolded: there they
 * are exact after each fold, not in the member's transaction), and of the branches whose members'
 * dues payments or registrations were written (org_life_mark, migration 0043_org_life_county: those
 * tables are distributed there, and a trigger on their shard cannot write the coordinator's tallies).
 * Returns the deltas taken and rows written.
 */
export async function foldMemberCountDeltas(db: Database): Promise<{ deltas: number; rows: number }> {
  return db.transaction(async (tx) => {
    await lockMemberCounters(tx);
    // On Citus county by county, each county's deltas taken on its own shard; elsewhere all at once.
    const distributed = await isDistributed(tx);
    const counties: (number | null)[] = distributed
      ? [
          ...new Set([...(await countiesWithPendingDeltas(tx)), ...(await countiesWithOrgLifeMarks(tx))]),
        ].sort((a, b) => a - b)
      : [null];
    let deltas = 0;
    let rows = 0;
    for (const county of counties) {
      const folded = await foldPendingDeltas(tx, county);
      const marked = distributed && county !== null ? await takeOrgLifeMarks(tx, county) : [];
      // On Citus, the organizational-life tallies of the branches whose members, dues or registrations
      // changed (see there).
      await refreshOrgLifeOfFolded(tx, [...new Set([...folded.organizationIds, ...marked])]);
      deltas += folded.deltas;
      rows += folded.rows;
    }
    return { deltas, rows };
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

import { AUTO_RETURN_AFTER_DAYS, DomainError, isDueForAutoReturn, type TransferState } from "@tuanwu/domain";
import { Cron } from "croner";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { LEAGUE_TIME_ZONE, todayInChina } from "../../lib/clock";
import { HttpError } from "../../lib/http-errors";
import { systemActor } from "../auth/system-actor";
import { transitionTransferIn } from "../transfers/transfers.service";
import { findAllOpenTransfers } from "./transfer-season.repository";

/**
 * The automatic return of stale transfer applications (issue 11 part 4; domain.md §4: after the
 * season's approval deadline, 30 Sep unless a committee set another, an application not reviewed
 * within 10 days is returned automatically), as a scheduled job of the server (croner).
 */

/** The PostgreSQL advisory lock key of the job (any constant; "tuanwu auto return" in spirit). */
export const AUTO_RETURN_LOCK_KEY = 7_261_104_011;

/** Default schedule: every day at 01:30 China time (TUANWU_AUTO_RETURN_CRON; "off" disables it). */
export const AUTO_RETURN_DEFAULT_CRON = "30 1 * * *";

/** What one run did. */
export interface AutoReturnRun {
  /** False when another process held the lock (it is running the job): nothing was done here. */
  ran: boolean;
  today: string;
  /** Open transfers looked at. */
  examined: number;
  /** Transfer ids returned by this run. */
  returned: number[];
  /** Due transfers the engine refused now (moved on meanwhile, 409; a guard, 422): left for a person. */
  skipped: number[];
}

/**
 * Runs the automatic return once for the date of `now` in China: under a transaction-scoped
 * PostgreSQL advisory lock (a second process running at the same time gets `ran: false` and does
 * nothing; on PGlite there is one process), every open transfer due (domain isDueForAutoReturn with
 * the applicable season's approval deadline) takes the workflow's `auto_return` step as the system,
 * through the transfers module (the member becomes active where they were, history and archive
 * entries, audit "workflow.transition"), each in its own savepoint so one refusal does not undo the
 * others. Idempotent: a returned transfer is closed, so a second run finds nothing more to do.
 */
export async function runAutoReturn(db: Database, now: Date): Promise<AutoReturnRun> {
  const today = todayInChina(now);
  const actor = systemActor("auto-return");
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${AUTO_RETURN_LOCK_KEY}) as locked`,
    );
    if (!lock?.locked) return { ran: false, today, examined: 0, returned: [], skipped: [] };
    const open = await findAllOpenTransfers(tx);
    const due = open.filter((row) =>
      isDueForAutoReturn(row.state as TransferState, row.lastStepOn, today, row.approvedBy ?? undefined),
    );
    const returned: number[] = [];
    const skipped: number[] = [];
    for (const row of due) {
      try {
        await tx.transaction((savepoint) =>
          transitionTransferIn(
            savepoint,
            actor,
            row.id,
            {
              action: "auto_return",
              version: Number(row.version),
              payload: {
                reason: `审批截止日期后${AUTO_RETURN_AFTER_DAYS}天未审核，系统自动退回`,
              },
            },
            today,
          ),
        );
        returned.push(row.id);
      } catch (error) {
        if (!(error instanceof HttpError || error instanceof DomainError)) throw error;
        skipped.push(row.id);
      }
    }
    return { ran: true, today, examined: open.length, returned, skipped };
  });
}

/** A started schedule of the job. */
export interface AutoReturnSchedule {
  /** Stops the schedule (a run in progress finishes). */
  stop(): void;
  /** The next planned run, if any. */
  nextRun(): Date | null;
}

/**
 * Schedules {@link runAutoReturn} with croner on `pattern` (China time; no overlapping runs in this
 * process; the advisory lock keeps two processes apart). Failures go to `onError`, the next run
 * tries again. The server starts it (server.ts) and stops it on shutdown; the tests do not start it.
 */
export function startAutoReturnSchedule(
  db: Database,
  pattern: string,
  onError: (error: unknown) => void,
  onRun?: (run: AutoReturnRun) => void,
): AutoReturnSchedule {
  const job = new Cron(
    pattern,
    { timezone: LEAGUE_TIME_ZONE, protect: true, catch: onError, unref: true },
    async () => {
      const run = await runAutoReturn(db, new Date());
      onRun?.(run);
    },
  );
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}

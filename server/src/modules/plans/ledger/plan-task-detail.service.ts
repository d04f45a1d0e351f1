import type { Database } from "../../../db/database";
import type { Actor } from "../../auth/actor";
import { listCloseOuts } from "../close-out/plan-close-out.service";
import { listProgressReports } from "../progress/plan-progress.service";
import { listSupervisions } from "../supervision/plan-supervision.service";
import { getPlanTask, type LedgerView } from "./plan.service";

/**
 * One task with everything the web's task drawer shows (issue 5 part 4): the task as the ledger shows
 * it (status as of `view.today`), its progress reports, close-outs and supervision records (each
 * newest first), and whether the actor may submit a close-out now (plan:write, not cancelled, no
 * close-out submitted or approved). Errors: 404 outside scope; 403 role.
 */
export async function getPlanTaskDetail(db: Database, actor: Actor, taskId: number, view: LedgerView) {
  const task = await getPlanTask(db, actor, taskId, view);
  const [progressReports, closeOuts, supervisions] = await Promise.all([
    listProgressReports(db, actor, taskId),
    listCloseOuts(db, actor, taskId),
    listSupervisions(db, actor, taskId),
  ]);
  const hasOpenCloseOut = closeOuts.some(
    (closeOut) => closeOut.state === "submitted" || closeOut.state === "approved",
  );
  return {
    task,
    progressReports,
    closeOuts,
    supervisions,
    canSubmitCloseOut: actor.permissions.has("plan:write") && !task.cancelled && !hasOpenCloseOut,
  };
}

import {
  assertCloseOutTransition,
  assertTaskAccepts,
  availableCloseOutActions,
  type CloseOutAction,
  type CloseOutState,
  checkPlanFiles,
  DomainError,
  isCloseOutState,
  type PlanFileUpload,
} from "@tuanwu/domain";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Database } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { violatedConstraint } from "../../members/member-constraints";
import { findPlanTaskWithPath } from "../ledger/plan.repository";
import { findAttachmentsOfTask, type PlanAttachmentRecord } from "../progress/plan-progress.repository";
import {
  auditedFiles,
  insertStoredFiles,
  presentPlanAttachment,
  withPlanFiles,
} from "../shared/plan-attachment.service";
import {
  type CloseOutRecord,
  findCloseOutsOfTask,
  findCloseOutWithTask,
  insertCloseOut,
  setTaskClosedOutOn,
  updateCloseOutState,
} from "./plan-close-out.repository";

function stateOf(row: CloseOutRecord): CloseOutState {
  if (!isCloseOutState(row.state)) throw new Error(`unknown close-out state ${row.state}`);
  return row.state;
}

/** A close-out (销号) as the API shows it: its steps, attachments and what `actor` may do with it. */
export function presentCloseOut(
  row: CloseOutRecord,
  attachments: readonly PlanAttachmentRecord[],
  actor: Actor,
) {
  const state = stateOf(row);
  return {
    id: row.id,
    taskId: row.taskId,
    state,
    evidence: row.evidence,
    submittedByName: row.submittedByName,
    submittedAt: row.submittedAt.toISOString(),
    reviewedByName: row.reviewedByName,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewNote: row.reviewNote,
    reopenedByName: row.reopenedByName,
    reopenedAt: row.reopenedAt?.toISOString() ?? null,
    reopenReason: row.reopenReason,
    attachments: attachments
      .filter((attachment) => attachment.closeOutId === row.id)
      .map(presentPlanAttachment),
    actions: availableCloseOutActions({ state, submittedBy: row.submittedBy }, actor),
  };
}

function openCloseOutExists(taskNumber: number): DomainError {
  return new DomainError(
    "close_out_open",
    `任务 ${taskNumber} 已有待审核或已生效的销号申请 / task ${taskNumber} already has a close-out awaiting review or in force`,
    { status: 409 },
  );
}

/**
 * Submits a task for close-out (销号, domain close-out state machine "submit"): evidence text
 * (required, non-blank) and 0–5 files (PDF, JPEG, PNG, DOCX, XLSX by their bytes, ≤ 20 MB each); the
 * close-out starts "submitted" and waits for a reviewer. One transaction with the audit entry; a
 * refusal writes nothing. Source: issue 5 part 4, domain.md §8.
 * Errors: 404 outside scope; 403 role; 400 a file (field "files"); 422 text_required (field
 * "evidence"), task_cancelled; 409 close_out_open (the task has one submitted or approved — the
 * database's partial unique index plan_close_out_open_key decides); 503 files without file storage.
 */
export async function submitCloseOut(
  db: Database,
  actor: Actor,
  filesDir: string | undefined,
  taskId: number,
  evidence: string | undefined,
  files: readonly PlanFileUpload[],
) {
  const found = requireFound(await findPlanTaskWithPath(db, taskId), "plan_task");
  await requireAccess(db, actor, { permission: "plan:write", kind: "plan_task", ids: [taskId] });
  const checked = checkPlanFiles(files);
  const { text } = assertCloseOutTransition("submit", { state: null, submittedBy: null }, actor, evidence);
  assertTaskAccepts(found.task, "close_out");
  try {
    return await withPlanFiles(db, filesDir, checked, (storeFiles) =>
      db.transaction(async (tx) => {
        const locked = requireFound(await findPlanTaskWithPath(tx, taskId, true), "plan_task");
        await requireAccess(tx, actor, { permission: "plan:write", kind: "plan_task", ids: [taskId] });
        assertTaskAccepts(locked.task, "close_out");
        const closeOut = await insertCloseOut(tx, {
          countyId: locked.task.countyId,
          taskId,
          evidence: text ?? "",
          submittedBy: actor.userId,
          submittedByName: actor.displayName || actor.username,
        });
        const attachments = await insertStoredFiles(
          tx,
          actor,
          locked.task.countyId,
          taskId,
          { closeOutId: closeOut.id },
          await storeFiles(),
        );
        await recordAudit(tx, actor, {
          action: "plan_close_out.submit",
          entityType: "plan_close_out",
          entityId: closeOut.id,
          organizationId: locked.organizationId,
          after: {
            taskId,
            taskNumber: locked.task.number,
            state: closeOut.state,
            evidence: closeOut.evidence,
            files: auditedFiles(attachments),
          },
        });
        return presentCloseOut(closeOut, attachments, actor);
      }),
    );
  } catch (error) {
    if (violatedConstraint(error) === "plan_close_out_open_key") throw openCloseOutExists(found.task.number);
    throw error;
  }
}

/**
 * A reviewer's step on a close-out (domain close-out state machine): approve (note optional) sets the
 * task's closed_out_on to `today`, the review date, so its derived status becomes closed_out; return
 * (note required) leaves the task open; reopen (reason required) clears closed_out_on. Approving and
 * returning one's own close-out is refused. The close-out and its task are locked; one transaction
 * with the audit entry; a refusal writes nothing. Source: issue 5 part 4.
 * Errors: 404 outside scope; 403 role (needs plan:review) or reviewer_is_submitter; 409
 * close_out_state (not in the state the step starts from); 422 text_required (field "note" or
 * "reason"), task_cancelled (approving a close-out of a task cancelled since).
 */
export async function reviewCloseOut(
  db: Database,
  actor: Actor,
  closeOutId: number,
  action: Exclude<CloseOutAction, "submit">,
  text: string | undefined,
  today: string,
) {
  return db.transaction(async (tx) => {
    const found = requireFound(await findCloseOutWithTask(tx, closeOutId, true), "plan_close_out");
    await requireAccess(tx, actor, { permission: "plan:review", kind: "plan_close_out", ids: [closeOutId] });
    const before = found.closeOut;
    const { transition, text: recorded } = assertCloseOutTransition(
      action,
      { state: stateOf(before), submittedBy: before.submittedBy },
      actor,
      text,
    );
    if (action === "approve") assertTaskAccepts(found.task, "close_out");
    const now = new Date();
    const by = actor.displayName || actor.username;
    const after = await updateCloseOutState(
      tx,
      found.closeOut.countyId,
      closeOutId,
      before.state,
      action === "reopen"
        ? {
            state: transition.to,
            reopenedBy: actor.userId,
            reopenedByName: by,
            reopenedAt: now,
            reopenReason: recorded,
          }
        : {
            state: transition.to,
            reviewedBy: actor.userId,
            reviewedByName: by,
            reviewedAt: now,
            reviewNote: recorded,
          },
    );
    if (!after) throw new Error("close-out changed under its lock");
    const closedOutOn =
      transition.taskClosedOut === "set"
        ? today
        : transition.taskClosedOut === "clear"
          ? null
          : found.task.closedOutOn;
    if (closedOutOn !== found.task.closedOutOn)
      await setTaskClosedOutOn(tx, found.task.countyId, found.task.id, closedOutOn);
    await recordAudit(tx, actor, {
      action: `plan_close_out.${action}`,
      entityType: "plan_close_out",
      entityId: closeOutId,
      organizationId: found.organizationId,
      before: { state: before.state, taskClosedOutOn: found.task.closedOutOn },
      after: {
        state: after.state,
        taskClosedOutOn: closedOutOn,
        ...(action === "reopen" ? { reason: recorded } : { note: recorded }),
      },
      detail: { taskId: found.task.id, taskNumber: found.task.number },
    });
    const attachments = await findAttachmentsOfTask(tx, found.task.countyId, found.task.id);
    return presentCloseOut(after, attachments, actor);
  });
}

/** A task's close-outs, newest first, with attachments and the actor's possible steps. Errors: 404; 403. */
export async function listCloseOuts(db: Database, actor: Actor, taskId: number) {
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan_task", ids: [taskId] });
  const countyId = await countyOfLedgerRecord(db, "plan_task", taskId);
  const [closeOuts, attachments] = await Promise.all([
    findCloseOutsOfTask(db, countyId, taskId),
    findAttachmentsOfTask(db, countyId, taskId),
  ]);
  return closeOuts.map((closeOut) => presentCloseOut(closeOut, attachments, actor));
}

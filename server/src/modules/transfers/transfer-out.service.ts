import { randomBytes } from "node:crypto";
import {
  assertTransitionAllowed,
  letterCodeFrom,
  type MemberStatus,
  type TransferFacts,
  transferLetterNumber,
} from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { appendMemberEvent } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import { recordMemberPeriod } from "../members/member-history.service";
import { type MemberWithBranch, updateMemberColumns } from "../members/member-record.repository";
import type { TransitionContext } from "../workflow/workflow-engine";
import { setLetterNumber } from "./transfer-letters.repository";
import { type TransferRow, updateTransfer } from "./transfers.repository";

/**
 * The end of a transfer OUT of the installation 转出本系统 (domain.md §4; issue 11 part 3): the sending
 * committee's approval `approve_transfer_out` issues the introduction letter 组织关系介绍信 and closes
 * the transfer as `transferred_out`.
 */

/**
 * The writes of `approve_transfer_out`, in the engine's transaction (which has already locked the
 * instance and will write the step and the audit "workflow.transition"): the letter's number
 * ("YYYYMMDD-NNNNNN", domain transferLetterNumber) and verification code set once on the transfer
 * (audit "transfer.letter_issue"); the member `transferred_out` in the branch they were in — one UPDATE
 * of member, so the counters' triggers move them once, out of the current members of every ancestor
 * (domain CURRENT_MEMBER_STATUSES does not hold it) — with a new member_history period from `today`;
 * the transfer completed on `today` and closed (the season's rates count it landed); the archive entry
 * transfer_finished naming the destination and the letter. Nothing is deleted: the member's record and
 * archive stay in the sending branch.
 *
 * @param found the member, locked FOR UPDATE by the caller, with their branch.
 * @throws DomainError 422 status_transition_not_allowed when the member is no longer transferring.
 * @throws Error letter_race if a letter was set meanwhile (cannot happen under the instance's lock).
 */
export async function transferOutEffects(
  tx: Executor,
  transfer: TransferRow,
  found: MemberWithBranch,
  context: TransitionContext<TransferFacts>,
  today: string,
): Promise<void> {
  assertTransitionAllowed(found.record.status as MemberStatus, "transferred_out", "transfer_workflow");
  const letterNumber = transfer.letterNumber ?? transferLetterNumber(today, transfer.id);
  if (transfer.letterNumber === null) {
    const code = letterCodeFrom(randomBytes(16));
    if (!(await setLetterNumber(tx, transfer.id, letterNumber, code))) {
      throw new Error(`transfer ${transfer.id}: letter set meanwhile`);
    }
    await recordAudit(tx, context.actor, {
      action: "transfer.letter_issue",
      entityType: "member_transfer",
      entityId: transfer.id,
      organizationId: found.branch.id,
      after: { letterNumber },
    });
  }
  await updateMemberColumns(tx, transfer.memberId, { status: "transferred_out", statusSince: today });
  await recordMemberPeriod(tx, transfer.memberId, {
    organizationId: found.branch.id,
    status: "transferred_out",
    effectiveOn: today,
  });
  await updateTransfer(tx, transfer, { completedOn: today, closed: true });
  const note = typeof context.payload.note === "string" ? context.payload.note.trim() : "";
  await appendMemberEvent(tx, context.actor, {
    memberId: transfer.memberId,
    kind: "transfer_finished",
    occurredOn: context.occurredOn,
    summary: `组织关系转出本系统：${found.branch.name} → ${transfer.toExternalName ?? ""}，介绍信编号 ${letterNumber}${note ? `：${note}` : ""}`,
    detail: {
      transferId: transfer.id,
      action: context.action,
      toExternalName: transfer.toExternalName,
      letterNumber,
    },
  });
}

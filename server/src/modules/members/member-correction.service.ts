import {
  DomainError,
  lockedFieldsChanged,
  MEMBER_FIELD_LABELS,
  nextReviewRequestState,
  type ReviewRequestState,
  validateCitizenId,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { requireAccess } from "../access/access.service";
import { appendMemberEvent } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { assertMayDecideReview, maySeePersonalData, requireMemberBranch } from "./member.policy";
import { explainingDuplicateCitizenId } from "./member-constraints";
import { correctionChangeList, correctionView } from "./member-detail.service";
import { moveJoinDateInHistory, recordMemberPeriod } from "./member-history.service";
import {
  type CorrectionChanges,
  decideCorrectionRequest,
  findCorrectionRequest,
  findMemberWithBranch,
  findPendingCorrectionRequest,
  insertCorrectionRequest,
  type MemberRow,
  type MemberWithBranch,
  updateMemberColumns,
} from "./member-record.repository";
import { memberColumns, parseMemberRecord, recordInputOf } from "./member-record-values";

/** New values of locked fields, as a correction asks for them. */
export type CorrectionInput = Partial<{
  name: string;
  citizenId: string;
  joinedOn: string;
  organizationId: number;
}>;

/** The fields a correction may carry: the locked ones, and birth date and sex, which follow the citizen ID. */
const CORRECTED_FIELDS = ["name", "citizenId", "birthDate", "sex", "joinedOn"] as const;

/**
 * The record after a correction, checked by the domain's rules for `today`, and the changes it makes
 * ({ field: { from, to } }). A corrected resident citizen ID brings its birth date and sex with it.
 * @throws DomainError 400 naming the field.
 */
function correctedRecord(before: MemberRow, changes: CorrectionInput, today: string) {
  const { organizationId: _branch, ...fields } = changes;
  const input: Record<string, unknown> = { ...recordInputOf(before), ...fields };
  if (fields.citizenId !== undefined && before.idDocumentType === "resident_id_card") {
    const id = validateCitizenId(fields.citizenId, { today });
    if (id.ok) Object.assign(input, { birthDate: id.birthDate, sex: id.sex });
  }
  const record = parseMemberRecord(input, today);
  const stored: CorrectionChanges = {};
  for (const field of CORRECTED_FIELDS) {
    if (record[field] !== before[field]) stored[field] = { from: before[field], to: record[field] };
  }
  return { record, stored };
}

/**
 * Asks the higher committee to correct locked fields of a verified member (name, citizen ID, join
 * date, branch; domain.md §2: a correction is a reviewed request, never a silent edit). The corrected
 * record is checked now; the request stores { field: { from, to } }. Archive "correction_requested",
 * audit "member.correction_request" (personal data masked), in one transaction.
 *
 * Errors: 404 outside the subtree (the member, or a new branch); 403 without member:write; 400
 * naming the field (invalid value) or "changes" (nothing would change); 422 not_verified (edit the
 * record directly), members_only_in_branch; 409 pending_correction_exists (one pending per member).
 */
export async function requestCorrection(
  db: Database,
  actor: Actor,
  memberId: number,
  body: { changes: CorrectionInput; reason: string },
  today: string,
) {
  return db.transaction(async (tx) => {
    const found = await findMemberWithBranch(tx, memberId, "update");
    await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [memberId] });
    const { record: before, branch } = found as MemberWithBranch;
    if (!before.verifiedAt) {
      throw new DomainError(
        "not_verified",
        "更正申请：团员信息尚未认证，可直接修改 / not verified, edit directly",
        {
          status: 422,
        },
      );
    }
    if (lockedFieldsChanged(before, body.changes).length === 0) {
      throw new DomainError("no_change", "更正内容：与现有信息相同 / nothing to correct", {
        field: "changes",
        status: 400,
      });
    }
    const { stored } = correctedRecord(before, body.changes, today);
    const newBranchId = body.changes.organizationId;
    if (newBranchId !== undefined && newBranchId !== before.organizationId) {
      await requireMemberBranch(tx, actor, newBranchId);
      stored.organizationId = { from: before.organizationId, to: newBranchId };
    }
    if (await findPendingCorrectionRequest(tx, memberId, before.countyId)) {
      throw new DomainError("pending_correction_exists", "更正申请：该团员已有待审核的更正申请", {
        status: 409,
      });
    }
    const row = await insertCorrectionRequest(tx, {
      memberId,
      changes: stored,
      reason: body.reason,
      requestedBy: actor.userId,
      requestedByName: actor.username,
    });
    const masked = correctionChangeList(stored, false);
    await appendMemberEvent(tx, actor, {
      memberId,
      kind: "correction_requested",
      occurredOn: today,
      summary: `申请更正：${labelsOf(Object.keys(stored))}`,
      detail: { requestId: row.id, changes: masked, reason: body.reason },
    });
    await recordAudit(tx, actor, {
      action: "member.correction_request",
      entityType: "member_correction_request",
      entityId: row.id,
      organizationId: branch.id,
      after: { memberId, changes: masked, reason: body.reason },
    });
    return correctionView(row, maySeePersonalData(actor, branch.path));
  });
}

function labelsOf(fields: readonly string[]): string {
  return fields
    .map((field) => MEMBER_FIELD_LABELS[field as keyof typeof MEMBER_FIELD_LABELS] ?? field)
    .join("、");
}

/**
 * The higher committee approves or returns a pending correction. Approval re-checks the corrected
 * record against the member as it is now (today's rules), applies it, moves the history for a new
 * join date, and for a new branch closes the open member_history period today and opens one there.
 * Archive "correction_approved" / "correction_returned", audit "member.correction_decide", one
 * transaction.
 *
 * Errors: 404 request unknown or outside the subtree; 403 not the higher committee of the member's
 * branch, or the requester deciding their own request; 409 review_request_closed (already decided),
 * duplicate citizen ID (naming its holder) or member number; 400/422 when the correction no longer
 * passes the rules.
 */
export async function decideCorrection(
  db: Database,
  actor: Actor,
  requestId: number,
  body: { decision: "approve" | "return"; note?: string | undefined },
  today: string,
) {
  let citizenId = "";
  return explainingDuplicateCitizenId(
    db,
    () => citizenId,
    async () =>
      db.transaction(async (tx) => {
        const request = await findCorrectionRequest(tx, requestId, "update");
        const found = request && (await findMemberWithBranch(tx, request.memberId, "update"));
        if (!request || !found) throw notFoundRequest();
        await requireAccess(tx, actor, {
          permission: ["member:read", "member:write"],
          kind: "member",
          ids: [request.memberId],
        });
        assertMayDecideReview(actor, found.branch.path, request.requestedBy);
        const state = nextReviewRequestState(request.state as ReviewRequestState, body.decision);
        const stored = request.changes as CorrectionChanges;
        const before = found.record;
        // The county after the decision: a new branch in another county carries the member and its
        // request along on PostgreSQL (refused on Citus).
        let countyId = request.countyId;
        if (body.decision === "approve") {
          const wanted = Object.fromEntries(Object.entries(stored).map(([field, { to }]) => [field, to]));
          const { organizationId: newBranchId, ...fields } = wanted as CorrectionInput;
          if (typeof fields.citizenId === "string") citizenId = fields.citizenId;
          const { record } = correctedRecord(before, fields, today);
          const branchChanged = newBranchId !== undefined && newBranchId !== before.organizationId;
          if (branchChanged) await requireMemberBranch(tx, actor, newBranchId);
          const organizationId = branchChanged ? newBranchId : before.organizationId;
          await moveJoinDateInHistory(tx, before.id, before.joinedOn, record.joinedOn);
          const after = await updateMemberColumns(
            tx,
            before.id,
            {
              ...memberColumns(record),
              organizationId,
              statusSince: before.statusSince === before.joinedOn ? record.joinedOn : before.statusSince,
            },
            before.countyId,
          );
          countyId = after.countyId;
          if (branchChanged) {
            await recordMemberPeriod(tx, before.id, {
              organizationId,
              status: before.status,
              effectiveOn: today,
              countyId,
            });
          }
        }
        const decided = await decideCorrectionRequest(
          tx,
          { id: requestId, countyId },
          {
            state,
            decidedBy: actor.userId,
            decidedByName: actor.username,
            decisionNote: body.note ?? null,
          },
        );
        const approved = body.decision === "approve";
        await appendMemberEvent(tx, actor, {
          memberId: before.id,
          kind: approved ? "correction_approved" : "correction_returned",
          occurredOn: today,
          summary: `${approved ? "更正获批准" : "更正申请被退回"}：${labelsOf(Object.keys(stored))}`,
          detail: { requestId, changes: correctionChangeList(stored, false), note: body.note ?? null },
        });
        await recordAudit(tx, actor, {
          action: "member.correction_decide",
          entityType: "member_correction_request",
          entityId: requestId,
          organizationId: found.branch.id,
          after: { state, note: body.note ?? null },
        });
        return correctionView(decided, maySeePersonalData(actor, found.branch.path));
      }),
  );
}

function notFoundRequest() {
  return notFound("更正申请");
}

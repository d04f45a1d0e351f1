import {
  DomainError,
  LOCKED_AFTER_VERIFICATION,
  lockedFieldsChanged,
  MEMBER_FIELD_LABELS,
  type MemberRecordInput,
  normalizeCitizenId,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { assertHigherCommittee, requireAccess } from "../access/access.service";
import { appendMemberEvent } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { keepSnapshotsExact } from "../stats/member-count-snapshot.service";
import { requireMemberBranch } from "./member.policy";
import { explainingDuplicateCitizenId } from "./member-constraints";
import { moveJoinDateInHistory, recordMemberPeriod } from "./member-history.service";
import {
  findMemberWithBranch,
  insertHistoryPeriod,
  insertMember,
  type MemberWithBranch,
  updateMemberColumns,
} from "./member-record.repository";
import { changedRecordFields, memberColumns, parseMemberRecord, recordInputOf } from "./member-record-values";

/** A change of a member record: any record fields, and the branch (所在团支部) by organization id. */
export type MemberRecordPatch = Partial<MemberRecordInput> & { organizationId?: number | undefined };

/**
 * Creates a member (团员) in a branch: checks the record with the domain's rules for `today`
 * (parseMemberRecord), inserts it as active from its join date with its first member_history period,
 * appends "joined" to the archive and audits "member.create", in one transaction. Returns the new id.
 *
 * Errors: 404 branch outside the actor's subtree; 403 without member:write; 422
 * members_only_in_branch (not a branch); 400 invalid_input naming the field (invalid citizen ID,
 * join date before the 14th birthday…); 409 duplicate citizen ID (naming the organization that holds
 * it) or member number already used.
 */
export async function createMember(
  db: Database,
  actor: Actor,
  branchId: number,
  input: MemberRecordInput,
  today: string,
): Promise<number> {
  return explainingDuplicateCitizenId(db, normalizeCitizenId(input.citizenId), () =>
    db.transaction(async (tx) => {
      const branch = await requireMemberBranch(tx, actor, branchId);
      const record = parseMemberRecord(input, today);
      const organizationId = branchId;
      const columns = { ...memberColumns(record), organizationId };
      const countyId = branch.countyId;
      const id = await insertMember(tx, {
        ...columns,
        countyId,
        status: "active",
        statusSince: record.joinedOn,
      });
      // With a past join date, the month-end snapshots since then count the member (issue 18 part 4).
      await keepSnapshotsExact(tx, [id], record.joinedOn, () =>
        insertHistoryPeriod(tx, {
          countyId,
          memberId: id,
          organizationId,
          status: "active",
          validFrom: record.joinedOn,
        }),
      );
      await appendMemberEvent(tx, actor, {
        memberId: id,
        kind: "joined",
        occurredOn: record.joinedOn,
        summary: `入团，编入${branch.name}`,
      });
      await recordAudit(tx, actor, {
        action: "member.create",
        entityType: "member",
        entityId: id,
        organizationId,
        after: columns,
      });
      return id;
    }),
  );
}

/** Refuses a change of a field locked after verification (domain.md §2). */
function assertNoLockedChange(before: MemberWithBranch["record"], patch: MemberRecordPatch): void {
  if (!before.verifiedAt) return;
  const locked = lockedFieldsChanged(before, patch);
  const first = locked[0];
  if (first === undefined) return;
  const names = locked.map((field) => MEMBER_FIELD_LABELS[field]).join("、");
  throw new DomainError(
    "field_locked",
    `${names}：团员信息已经上级团委认证，不能直接修改，请提交更正申请 / locked after verification, request a correction`,
    { field: first, status: 422 },
  );
}

/**
 * Changes a member's record: the fields given in `patch` (null clears an optional one), re-checked
 * with the whole record by the domain's rules for `today`. After verification, name, citizen ID,
 * join date and branch are locked (LOCKED_AFTER_VERIFICATION; a correction request changes them). A
 * new branch closes the open member_history period today and opens one in the new branch; a new
 * join date moves the start of the history. Appends "record_changed" with the changed field names and
 * audits "member.update" (before/after, personal data masked), in one transaction. A patch that
 * changes nothing writes nothing.
 *
 * Errors: 404 member (or new branch) outside the subtree; 403 without member:write; 400 naming the
 * field; 422 field_locked, members_only_in_branch, joined_on_after_history; 409 duplicate citizen ID
 * or member number.
 */
export async function updateMember(
  db: Database,
  actor: Actor,
  id: number,
  patch: MemberRecordPatch,
  today: string,
): Promise<void> {
  const citizenId = patch.citizenId === undefined ? "" : normalizeCitizenId(patch.citizenId);
  await explainingDuplicateCitizenId(db, citizenId, () =>
    db.transaction(async (tx) => {
      const found = await findMemberWithBranch(tx, id, "update");
      await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [id] });
      const before = (found as MemberWithBranch).record;
      assertNoLockedChange(before, patch);
      const { organizationId: newBranchId, ...recordPatch } = patch;
      const branchChanged = newBranchId !== undefined && newBranchId !== before.organizationId;
      if (branchChanged) await requireMemberBranch(tx, actor, newBranchId);
      const record = parseMemberRecord({ ...recordInputOf(before), ...recordPatch }, today);
      const columns = {
        ...memberColumns(record),
        organizationId: branchChanged ? newBranchId : before.organizationId,
      };
      const changed = changedRecordFields(before, columns);
      if (changed.length === 0) return;
      const statusSince = before.statusSince === before.joinedOn ? record.joinedOn : before.statusSince;
      await moveJoinDateInHistory(tx, id, before.joinedOn, record.joinedOn);
      const after = await updateMemberColumns(tx, id, { ...columns, statusSince }, before.countyId);
      if (branchChanged) {
        await recordMemberPeriod(tx, id, {
          organizationId: columns.organizationId,
          status: before.status,
          effectiveOn: today,
          countyId: after.countyId,
        });
      }
      await appendMemberEvent(tx, actor, {
        memberId: id,
        kind: "record_changed",
        occurredOn: today,
        summary: `修改团员信息：${changed.map((field) => MEMBER_FIELD_LABELS[field]).join("、")}`,
        detail: { fields: changed },
      });
      await recordAudit(tx, actor, {
        action: "member.update",
        entityType: "member",
        entityId: id,
        organizationId: after.organizationId,
        before: pickFields(before, changed),
        after: pickFields(after, changed),
      });
    }),
  );
}

function pickFields(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, row[field]]));
}

/**
 * The higher committee verifies a member's record (认证): sets verifiedAt, from when name, citizen
 * ID, join date and branch are locked (domain.md §2). Archive "record_changed", audit "member.verify",
 * in one transaction.
 *
 * Errors: 404 outside the subtree; 403 without member:write or when the actor is not the higher
 * committee of the member's branch (a branch secretary); 409 already_verified.
 */
export async function verifyMember(db: Database, actor: Actor, id: number, today: string): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await findMemberWithBranch(tx, id, "update");
    await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [id] });
    const { record, branch } = found as MemberWithBranch;
    assertHigherCommittee(actor, branch.path);
    if (record.verifiedAt) {
      throw new DomainError("already_verified", "认证：该团员信息已经认证 / already verified", {
        status: 409,
      });
    }
    const after = await updateMemberColumns(tx, id, { verifiedAt: new Date() }, record.countyId);
    const locked = LOCKED_AFTER_VERIFICATION.map((field) => MEMBER_FIELD_LABELS[field]).join("、");
    await appendMemberEvent(tx, actor, {
      memberId: id,
      kind: "record_changed",
      occurredOn: today,
      summary: `上级团委认证团员信息，${locked}锁定`,
      detail: { verified: true },
    });
    await recordAudit(tx, actor, {
      action: "member.verify",
      entityType: "member",
      entityId: id,
      organizationId: branch.id,
      after: { verifiedAt: after.verifiedAt },
    });
  });
}

import {
  ageOn,
  CADRE_POST_LABELS,
  isCadrePost,
  LOCKED_AFTER_VERIFICATION,
  MEMBER_RECORD_FIELD_NAMES,
  type MemberStatus,
  maskCitizenId,
  maskPhone,
  missingRequiredFields,
  type ReviewRequestState,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  findMemberOpenCadreRecords,
  type MemberCadreRecordRow,
} from "../cadres/member-cadre-records.repository";
import { maySeePersonalData } from "./member.policy";
import {
  type CorrectionChanges,
  type CorrectionRequestRow,
  findMemberWithBranch,
  findPendingCorrectionRequest,
  type MemberWithBranch,
} from "./member-record.repository";
import {
  findPendingStatusRequestView,
  type StatusRequestView,
} from "./member-status-request-view.repository";

/** Personal fields shown masked unless the user may see them (domain.md §2 "who sees personal data"). */
const PERSONAL_MASKS: Record<string, (value: string) => string> = {
  citizenId: maskCitizenId,
  phone: maskPhone,
};

/** A value of a correction as shown: personal fields masked unless `visible`. */
function shownValue(field: string, value: unknown, visible: boolean): unknown {
  const mask = PERSONAL_MASKS[field];
  return !visible && mask && typeof value === "string" ? mask(value) : value;
}

/** A field's place in the record (MEMBER_RECORD_FIELD_NAMES order); unknown fields last. */
function fieldOrder(field: string): number {
  const index = (MEMBER_RECORD_FIELD_NAMES as readonly string[]).indexOf(field);
  return index === -1 ? MEMBER_RECORD_FIELD_NAMES.length : index;
}

/**
 * The changes of a correction, citizen ID and phone masked unless `visible`: [{ field, from, to }]
 * in the record's field order (jsonb keeps no order). Also used for the archive and the audit log
 * (always masked there).
 */
export function correctionChangeList(changes: CorrectionChanges, visible: boolean) {
  const entries = Object.entries(changes).sort(([a], [b]) => fieldOrder(a) - fieldOrder(b));
  return entries.map(([field, { from, to }]) => ({
    field,
    from: shownValue(field, from, visible),
    to: shownValue(field, to, visible),
  }));
}

/** A correction request as the API shows it (MemberCorrection). */
export function correctionView(row: CorrectionRequestRow, visible: boolean) {
  return {
    id: row.id,
    memberId: row.memberId,
    changes: correctionChangeList(row.changes as CorrectionChanges, visible),
    reason: row.reason,
    state: row.state,
    requestedByName: row.requestedByName,
    requestedAt: row.requestedAt.toISOString(),
    decidedByName: row.decidedByName,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
  };
}

/** A status request as the API shows it (MemberStatusRequest): timestamps as ISO text. */
export function statusRequestView(row: StatusRequestView) {
  return {
    ...row,
    fromStatus: row.fromStatus as MemberStatus,
    toStatus: row.toStatus as MemberStatus,
    state: row.state as ReviewRequestState,
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** The member detail (MemberDetail) of a member with its branch and pending requests. */
function memberDetailOf(
  found: MemberWithBranch,
  visible: boolean,
  pending: { status: StatusRequestView | undefined; correction: CorrectionRequestRow | undefined },
  today: string,
  cadreRecords: readonly MemberCadreRecordRow[],
) {
  const { record, branch } = found;
  const {
    nameInitials: _initials,
    createdAt: _created,
    updatedAt: _updated,
    lastDuesPaidOn: _dues,
    lastOrganizationalLifeOn: _life,
    ...fields
  } = record;
  return {
    ...fields,
    citizenId: visible ? record.citizenId : maskCitizenId(record.citizenId),
    phone: visible ? record.phone : maskPhone(record.phone),
    age: ageOn(record.birthDate, today),
    organization: { id: branch.id, name: branch.name, path: branch.path },
    verifiedAt: record.verifiedAt?.toISOString() ?? null,
    lockedFields: record.verifiedAt ? [...LOCKED_AFTER_VERIFICATION] : [],
    missingFields: missingRequiredFields(record),
    pendingStatusRequest: pending.status ? statusRequestView(pending.status) : null,
    pendingCorrection: pending.correction ? correctionView(pending.correction, visible) : null,
    personalDataVisible: visible,
    cadreRecords: cadreRecords.map((row) => ({
      ...row,
      postLabel: isCadrePost(row.post) ? CADRE_POST_LABELS[row.post] : row.post,
    })),
  };
}

/**
 * One member's full record (MemberDetail, docs/member-registry.md): every field of
 * MEMBER_RECORD_FIELD_NAMES, status, branch, verification and locked fields, the required fields it
 * lacks (信息完整率), its pending status request and correction, and its open cadre records — the
 * source of the read-only cadre fields isCadre, leaguePosition, cadreKind, positionSince (issue 13 part 1). Citizen ID and phone are unmasked
 * only when the actor may see them (maySeePersonalData: member:read_personal with the member in
 * scope); each such view is audited as "member.view_personal" (domain.md §2). `age` in whole years on
 * `today`. `db` may be a transaction (to answer a write with the state it left).
 *
 * Errors: 404 when the member does not exist or is outside the actor's subtree; 403 without member:read.
 */
export async function getMemberDetail(db: Database | Executor, actor: Actor, id: number, today: string) {
  await requireAccess(db, actor, { permission: "member:read", kind: "member", ids: [id] });
  const member = requireFound(await findMemberWithBranch(db, id), "member");
  const visible = maySeePersonalData(actor, member.branch.path);
  const [status, correction, cadreRecords] = await Promise.all([
    // the county the member was found in: single-shard reads of its requests on Citus
    findPendingStatusRequestView(db, id, member.record.countyId),
    findPendingCorrectionRequest(db, id, member.record.countyId),
    findMemberOpenCadreRecords(db, id),
  ]);
  if (visible) {
    await recordAudit(db, actor, {
      action: "member.view_personal",
      entityType: "member",
      entityId: id,
      organizationId: member.branch.id,
    });
  }
  return memberDetailOf(member, visible, { status, correction }, today, cadreRecords);
}

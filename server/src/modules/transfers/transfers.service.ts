import {
  availableActions,
  DomainError,
  domainErrorFromIssues,
  MEMBER_STATUS_LABELS,
  type MemberStatus,
  maskCitizenId,
  maskPhone,
  normalizeCitizenId,
  TRANSFER_KIND_LABELS,
  TRANSFER_PAYLOAD_SCHEMAS,
  TRANSFER_REASON_LABELS,
  TRANSFER_STATE_LABELS,
  TRANSFER_WORKFLOW,
  type TransferAction,
  type TransferFacts,
  type TransferInitiator,
  type TransferKind,
  type TransferReason,
  type TransferState,
  transferDestinationProblem,
  transferStartingState,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { todayInChina } from "../../lib/clock";
import { forbidden, notFound } from "../../lib/http-errors";
import { checkAccess, requireAccess, requireFound } from "../access/access.service";
import { appendMemberEvent } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { findMemberIdOfUser } from "../me/me.repository";
import { violatedConstraint } from "../members/member-constraints";
import { recordMemberPeriod } from "../members/member-history.service";
import { findMemberWithBranch, updateMemberColumns } from "../members/member-record.repository";
import { relocateMemberToBranch } from "../members/member-relocation.repository";
import { findApplicableSeason } from "../transfer-season/transfer-season.repository";
import {
  findWorkflowInstance,
  findWorkflowSteps,
  type WorkflowInstanceRow,
} from "../workflow/workflow.repository";
import { workflowActorOf } from "../workflow/workflow-actor";
import {
  type AppliedTransition,
  applyTransitionIn,
  openInstance,
  type TransitionContext,
  type TransitionEffects,
} from "../workflow/workflow-engine";
import { transferOutEffects } from "./transfer-out.service";
import {
  findMemberIdByCitizenId,
  findOrganizationPlace,
  findTransfer,
  findTransferIdsOfMember,
  findUserIdOfMember,
  hasBranchBelow,
  insertTransfer,
  linkInstance,
  type TransferRow,
  updateTransfer,
} from "./transfers.repository";
import {
  type TransferDetail,
  type TransferStartInput,
  type TransferTransitionInput,
  transferStartInputSchema,
} from "./transfers.schemas";

/**
 * Organization relationship transfers (组织关系转接, domain.md §4; issue 11 parts 1–3) on the one
 * approval engine: start (by the sending side, the receiving side or the member), a step (approve,
 * accept, return, withdraw), the transfer's page. While open the member is `transferring` and stays
 * (and is counted) in the sending branch; on completion they land in the receiving branch once —
 * member.organization_id changes in one UPDATE (on Citus, for a branch of another county, the member's
 * rows move to that county's shard group: members/member-relocation.repository), so the counters'
 * triggers move them once, and member_history gets one new period. Every step is an archive entry on the member.
 */

/** Extra facts of a start made by the season's batch (SEASON helper) or a letter. */
export interface StartTransferOptions {
  /** The graduate's season year (学社衔接 / 升学衔接), for the deadlines and rates. */
  seasonYear?: number | null;
  /** continuing_study, employed, unplaced (destination routing). */
  destination?: string | null;
  /**
   * "sending" for a batch of the sending side (the season's class batch): access is then checked as
   * member:write over the member (404 outside the scope, 403 without it). Otherwise derived.
   */
  initiator?: TransferInitiator;
}

/** A started transfer: its id, the instance, the state it opened in and the version (1). */
export interface StartedTransfer {
  id: number;
  instanceId: number;
  state: TransferState;
  version: number;
  initiator: TransferInitiator;
}

const ACTION_LABELS = new Map<string, string>(
  TRANSFER_WORKFLOW.transitions.map((transition) => [transition.action, transition.label.zh]),
);

function badInput(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/**
 * Starts a transfer in its own transaction (see {@link startTransferIn}).
 * @returns the transfer's id, instance, state and version.
 */
export async function startTransfer(
  db: Database,
  actor: Actor,
  input: unknown,
  today: string,
  options: StartTransferOptions = {},
): Promise<StartedTransfer> {
  const parsed = parseStart(input, today);
  try {
    return await db.transaction((tx) => startParsedTransferIn(tx, actor, parsed, today, options));
  } catch (error) {
    throw asOpenTransferConflict(error);
  }
}

/**
 * Starts a transfer 发起组织关系转接 (domain.md §4) in the caller's transaction `tx` (a batch of
 * the season runs many in one, all or none). Who starts it decides the initiator: the member's own
 * account (member), a role with member:write over the member's branch (sending; the sending branch's
 * approval is then taken at once, domain transferStartingState), else one with member:write over the
 * receiving organization (receiving; names the member by citizen ID and name). Writes: the workflow
 * instance (organization = sending branch, counterpart = receiving organization) with its step and
 * work item, the member_transfer row, the member `transferring` (member_history period from
 * `today`), the archive entry transfer_started, audit "transfer.start".
 *
 * Errors: 400 naming the field (bad input; startedOn after today; member not named; the member's own
 * branch; a committee with no branch below it; the member not active); 404 member or receiving
 * organization outside the actor's scope (or unknown); 403 without member:write on either side;
 * 409 transfer_already_open (the member has an open transfer; also from the database's partial
 * unique index under a race).
 */
export async function startTransferIn(
  tx: Executor,
  actor: Actor,
  input: unknown,
  today: string,
  options: StartTransferOptions = {},
): Promise<StartedTransfer> {
  return startParsedTransferIn(tx, actor, parseStart(input, today), today, options);
}

function parseStart(input: unknown, today: string): TransferStartInput {
  const parsed = transferStartInputSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const start = parsed.data;
  if (start.startedOn > today) throw badInput("startedOn", `申请日期：不能晚于今天（${today}）`);
  if (start.memberId === undefined && (start.citizenId === undefined || start.name === undefined)) {
    throw badInput("memberId", "团员：请选择团员，或填写公民身份号码和姓名");
  }
  const destination = transferDestinationProblem(start);
  if (destination) throw badInput(destination.field, destination.message);
  return start;
}

/**
 * Who the actor is for this member and receiving organization (`toPath`; null for a transfer out of
 * the installation, which only the member or the sending side starts), and the member's id.
 */
async function resolveStarter(
  tx: Executor,
  actor: Actor,
  start: TransferStartInput,
  toPath: string | null,
  forced: TransferInitiator | undefined,
): Promise<{ memberId: number; initiator: TransferInitiator }> {
  let memberId = start.memberId;
  if (memberId === undefined) {
    const holder = await findMemberIdByCitizenId(tx, normalizeCitizenId(start.citizenId ?? ""));
    if (!holder || holder.name !== start.name) throw notFound("团员");
    memberId = holder.id;
  }
  if (forced === "sending") {
    // A batch of the sending side: member:write over each member, 404 outside the scope.
    await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [memberId] });
    return { memberId, initiator: "sending" };
  }
  const ownMemberId = actor.userId === null ? null : await findMemberIdOfUser(tx, actor.userId);
  if (ownMemberId !== null && ownMemberId === memberId) return { memberId, initiator: "member" };
  const sending = await checkAccess(tx, actor, {
    permission: "organization:read",
    kind: "member",
    ids: [memberId],
  });
  if (sending.length > 0) {
    // The member's own side: starting needs member:write there (403 for a member's plain account).
    if (!actor.permissions.has("member:write")) throw forbidden();
    return { memberId, initiator: "sending" };
  }
  // The receiving side: its own scope must hold the receiving organization and member:write.
  if (toPath === null || !isPathInScope(actor, toPath)) throw notFound("团员");
  if (start.memberId !== undefined) {
    // The receiving side cannot read the sending side's members: it names them by citizen ID and name.
    throw notFound("团员");
  }
  if (!actor.permissions.has("member:write")) throw forbidden();
  return { memberId, initiator: "receiving" };
}

async function startParsedTransferIn(
  tx: Executor,
  actor: Actor,
  start: TransferStartInput,
  today: string,
  options: StartTransferOptions,
): Promise<StartedTransfer> {
  // The receiving organization may lie outside the sending side's scope (another county): it must
  // exist. None for a transfer out of the installation (转出本系统, named by toExternalName).
  let to: Awaited<ReturnType<typeof findOrganizationPlace>>;
  if (start.toOrganizationId !== undefined) {
    to = await findOrganizationPlace(tx, start.toOrganizationId);
    if (!to) throw notFound("组织");
  }
  const toName = to?.name ?? start.toExternalName?.trim() ?? "";
  const { memberId, initiator } = await resolveStarter(tx, actor, start, to?.path ?? null, options.initiator);
  const found = requireFound(await findMemberWithBranch(tx, memberId, "update"), "member");
  const record = found.record;
  if (to && to.id === found.branch.id) {
    throw badInput("toOrganizationId", "转入组织：不能是团员现在所在的团支部");
  }
  if (to && to.kind !== "branch" && !(await hasBranchBelow(tx, to.path))) {
    throw badInput("toOrganizationId", `转入组织：“${to.name}”下没有可接收的团支部`);
  }
  if (record.status === "transferring") {
    throw new DomainError("transfer_already_open", "团员：已有未办结的组织关系转接", {
      field: "memberId",
      status: 409,
    });
  }
  if (record.status !== "active") {
    throw badInput(
      "memberId",
      `团员：团籍状态为“${MEMBER_STATUS_LABELS[record.status as MemberStatus]?.zh ?? record.status}”，只有正常状态的团员可以转接`,
    );
  }
  const state = transferStartingState(initiator);
  const subjectUserId = await findUserIdOfMember(tx, memberId);
  const instance = await openInstance(tx, {
    definition: TRANSFER_WORKFLOW,
    organizationId: found.branch.id,
    counterpartOrganizationId: to?.id ?? null,
    initialState: state,
    title: record.name,
    subjectUserId,
    data: {},
    actor,
    occurredOn: start.startedOn,
    payload: {
      reason: start.reason,
      kind: start.kind,
      initiator,
      ...(start.note ? { note: start.note } : {}),
    },
  });
  const id = await insertTransfer(tx, {
    countyId: instance.countyId,
    instanceId: instance.id,
    memberId,
    fromOrganizationId: found.branch.id,
    toOrganizationId: to?.id ?? null,
    toExternalName: to ? null : toName,
    toExternalAddress: to ? null : (start.toExternalAddress ?? null),
    toExternalContact: to ? null : (start.toExternalContact ?? null),
    assignedBranchId: to?.kind === "branch" ? to.id : null,
    reason: start.reason,
    kind: start.kind,
    initiator,
    startedOn: start.startedOn,
    seasonYear: options.seasonYear ?? null,
    destination: options.destination ?? null,
  });
  await linkInstance(tx, instance, id, memberId);
  await updateMemberColumns(tx, memberId, { status: "transferring", statusSince: today });
  await recordMemberPeriod(tx, memberId, {
    organizationId: found.branch.id,
    status: "transferring",
    effectiveOn: today,
  });
  await appendMemberEvent(tx, actor, {
    memberId,
    kind: "transfer_started",
    occurredOn: start.startedOn,
    summary: `发起组织关系转接：${found.branch.name} → ${toName}${to ? "" : "（转出本系统）"}（${TRANSFER_REASON_LABELS[start.reason].zh}）`,
    detail: {
      transferId: id,
      initiator,
      toOrganizationId: to?.id ?? null,
      ...(to ? {} : { toExternalName: toName }),
      reason: start.reason,
      kind: start.kind,
    },
  });
  await recordAudit(tx, actor, {
    action: "transfer.start",
    entityType: "member_transfer",
    entityId: id,
    organizationId: found.branch.id,
    after: {
      memberId,
      toOrganizationId: to?.id ?? null,
      ...(to ? {} : { toExternalName: toName }),
      reason: start.reason,
      kind: start.kind,
      initiator,
      state,
      startedOn: start.startedOn,
    },
  });
  return { id, instanceId: instance.id, state, version: instance.version, initiator };
}

/** A unique-index refusal of a second open transfer as the 409 the API promises; else the error. */
function asOpenTransferConflict(error: unknown): unknown {
  if (violatedConstraint(error) === "member_transfer_open_member_key") {
    return new DomainError("transfer_already_open", "团员：已有未办结的组织关系转接", {
      field: "memberId",
      status: 409,
    });
  }
  return error;
}

/** The facts the transfer's guards look at (domain TransferFacts), read in the transaction. */
async function loadTransferFacts(
  tx: Executor,
  transfer: TransferRow,
  instance: WorkflowInstanceRow,
  payload: Record<string, unknown>,
  today: string,
): Promise<TransferFacts> {
  // The counterpart's path and kind come with the locked instance (no statement of their own).
  const counterpart =
    instance.counterpartOrganizationPath === null
      ? undefined
      : { path: instance.counterpartOrganizationPath, kind: instance.counterpartOrganizationKind };
  let assignedBranch: TransferFacts["assignedBranch"] = null;
  if (typeof payload.assignedBranchId === "number") {
    const branch = await findOrganizationPlace(tx, payload.assignedBranchId);
    if (!branch || !counterpart || !branch.path.startsWith(counterpart.path)) {
      assignedBranch = { ok: false, message: "不在转入组织之下" };
    } else if (branch.kind !== "branch") {
      assignedBranch = { ok: false, message: `“${branch.name}”不是团支部` };
    } else if (branch.id === transfer.fromOrganizationId) {
      assignedBranch = { ok: false, message: "不能是团员现在所在的团支部" };
    } else {
      assignedBranch = { ok: true };
    }
  }
  // The sending side's nearest committee's season setting (findApplicableSeason), for a graduate's.
  const season =
    transfer.seasonYear === null
      ? undefined
      : await findApplicableSeason(tx, instance.organizationPath, transfer.seasonYear);
  return {
    today,
    initiator: transfer.initiator as TransferInitiator,
    outOfInstallation: isTransferOut(transfer),
    counterpartIsBranch: counterpart?.kind === "branch",
    assignedBranch,
    // The China date of the last step (a step at 23:30 UTC is the next day in China), and the
    // season's own approval deadline as the automatic return's candidate query reads it.
    lastStepOn: todayInChina(new Date(instance.updatedAt)),
    graduateSeason: transfer.seasonYear !== null,
    ...(season ? { approvedBy: season.approvedBy } : {}),
  };
}

/** Whether a transfer goes out of the installation (转出本系统): no receiving organization, a name instead. */
export function isTransferOut(transfer: Pick<TransferRow, "toOrganizationId" | "toExternalName">): boolean {
  return transfer.toOrganizationId === null && transfer.toExternalName !== null;
}

/** A step's note or reason, for the archive entry. */
export function stepNote(payload: Record<string, unknown>): string | null {
  const text = payload.reason ?? payload.note;
  return typeof text === "string" && text.trim() !== "" ? text : null;
}

/**
 * The transfer's own writes for an allowed step: the assigned branch on accepting (the instance's
 * counterpart moves to it, so the receiving committee above it approves next); on completion the
 * member lands in the assigned branch as active (one UPDATE of member: the counters move once; one new
 * member_history period); on a return or a withdrawal the member is active again where they were; an
 * archive entry for every step.
 */
async function transferEffects(
  tx: Executor,
  transfer: TransferRow,
  context: TransitionContext<TransferFacts>,
  today: string,
): Promise<TransitionEffects | undefined> {
  const { payload, actor, to } = context;
  const effects: TransitionEffects = {};
  let landingBranchId = transfer.assignedBranchId;
  if (context.action === "accept_receiving" && typeof payload.assignedBranchId === "number") {
    landingBranchId = payload.assignedBranchId;
    await updateTransfer(tx, transfer, { assignedBranchId: landingBranchId });
    effects.counterpartOrganizationId = landingBranchId;
  }
  const label = ACTION_LABELS.get(context.action) ?? context.action;
  const note = stepNote(payload);
  // The member is locked and read only by the steps that change them (completion, return, withdrawal).
  const lockMember = async () =>
    requireFound(await findMemberWithBranch(tx, transfer.memberId, "update"), "member");
  if (to === "transferred_out") {
    await transferOutEffects(tx, transfer, await lockMember(), context, today);
  } else if (to === "completed") {
    if (landingBranchId === null) throw new Error(`transfer ${transfer.id} completed without a branch`);
    const found = await lockMember();
    // The receiving branch may lie in another county: on Citus the member's rows then move between
    // shard groups (relocateMemberToBranch); elsewhere one UPDATE.
    await relocateMemberToBranch(tx, {
      memberId: transfer.memberId,
      fromCountyId: found.record.countyId,
      organizationId: landingBranchId,
      status: "active",
      statusSince: today,
    });
    await recordMemberPeriod(tx, transfer.memberId, {
      organizationId: landingBranchId,
      status: "active",
      effectiveOn: today,
    });
    await updateTransfer(tx, transfer, { completedOn: today, closed: true });
    const branch = await findOrganizationPlace(tx, landingBranchId);
    await appendMemberEvent(tx, actor, {
      memberId: transfer.memberId,
      kind: "transfer_finished",
      occurredOn: context.occurredOn,
      summary: `组织关系转接完成：${found.branch.name} → ${branch?.name ?? ""}`,
      detail: { transferId: transfer.id, action: context.action, toOrganizationId: landingBranchId },
    });
  } else if (to === "returned" || to === "withdrawn") {
    const found = await lockMember();
    await updateMemberColumns(tx, transfer.memberId, { status: "active", statusSince: today });
    await recordMemberPeriod(tx, transfer.memberId, {
      organizationId: found.branch.id,
      status: "active",
      effectiveOn: today,
    });
    await updateTransfer(tx, transfer, { closed: true });
    await appendMemberEvent(tx, actor, {
      memberId: transfer.memberId,
      kind: "transfer_finished",
      occurredOn: context.occurredOn,
      summary: `组织关系转接${TRANSFER_STATE_LABELS[to].zh}（${label}）${note ? `：${note}` : ""}`,
      detail: { transferId: transfer.id, action: context.action, note },
    });
  } else {
    await appendMemberEvent(tx, actor, {
      memberId: transfer.memberId,
      kind: "transfer_step",
      occurredOn: context.occurredOn,
      summary: `组织关系转接：${label} → ${TRANSFER_STATE_LABELS[to as TransferState].zh}${note ? `：${note}` : ""}`,
      detail: { transferId: transfer.id, action: context.action, note },
    });
  }
  return effects;
}

/**
 * Takes one step of a transfer in the caller's transaction (the season's automatic return runs it
 * per transfer): access to the transfer from either side (404 outside both), then the engine
 * (applyTransitionIn: 409 stale version or step not available, 403 not this actor's step, 400 the
 * payload naming the field, 422 the guards — a committee accepting without assigning a branch, a
 * withdrawal by someone not the initiator), then {@link transferEffects}. Audit
 * "workflow.transition" (the engine's).
 */
export async function transitionTransferIn(
  tx: Executor,
  actor: Actor,
  transferId: number,
  input: TransferTransitionInput,
  today: string,
): Promise<AppliedTransition> {
  await requireAccess(tx, actor, {
    permission: "organization:read",
    kind: "member_transfer",
    ids: [transferId],
  });
  const { transfer } = requireFound(await findTransfer(tx, transferId), "member_transfer");
  return applyTransitionIn(tx, {
    definition: TRANSFER_WORKFLOW,
    payloadSchemas: TRANSFER_PAYLOAD_SCHEMAS,
    instanceId: transfer.instanceId,
    expectedVersion: input.version,
    action: input.action,
    payload: input.payload,
    actor,
    today,
    loadFacts: (executor, instance, payload) =>
      loadTransferFacts(executor, transfer, instance, payload, today),
    effects: (executor, context) => transferEffects(executor, transfer, context, today),
  });
}

/**
 * Takes one step of a transfer 办理转接环节 in one transaction ({@link transitionTransferIn}) and
 * answers the transfer's page as the actor now sees it. Two approvers at once: the engine's row lock
 * orders them; the second gets 409 stale_version.
 * @param input {action, version, payload}: payload per domain TRANSFER_PAYLOAD_SCHEMAS.
 */
export async function applyTransferTransition(
  db: Database,
  actor: Actor,
  transferId: number,
  input: TransferTransitionInput,
  today: string,
): Promise<TransferDetail> {
  await db.transaction((tx) => transitionTransferIn(tx, actor, transferId, input, today));
  return buildTransferDetail(db, actor, transferId);
}

/**
 * Which side of the transfer the actor stands on: the member themself, the sending side (scope holds
 * the sending branch), the receiving side (scope holds the receiving organization), both.
 */
function sideOf(actor: Actor, instance: WorkflowInstanceRow, isMember: boolean): TransferDetail["side"] {
  if (isMember) return "member";
  const sending = isPathInScope(actor, instance.organizationPath);
  const receiving =
    instance.counterpartOrganizationPath !== null &&
    isPathInScope(actor, instance.counterpartOrganizationPath);
  if (sending && receiving) return "both";
  return sending ? "sending" : "receiving";
}

/** Whether the receiving side has accepted (the member's record is then no longer masked for it). */
function receivingAccepted(state: TransferState): boolean {
  return state === "awaiting_receiving_committee" || state === "completed";
}

/**
 * The transfer's page 组织关系转接详情 for an actor already authorized: the member (citizen ID and
 * phone masked unless the actor holds member:read_personal AND stands on the sending side, is the
 * member, or the receiving side has accepted), both organizations, reason, kind, initiator, dates, the
 * history (every step, oldest first) and the actions this actor may take now (a withdrawal only for
 * the initiator's side).
 */
export async function buildTransferDetail(
  db: Executor,
  actor: Actor,
  transferId: number,
): Promise<TransferDetail> {
  const found = requireFound(await findTransfer(db, transferId), "member_transfer");
  const { transfer } = found;
  const instance = requireFound(await findWorkflowInstance(db, transfer.instanceId), "member_transfer");
  const person = requireFound(await findMemberWithBranch(db, transfer.memberId), "member");
  const state = instance.state as TransferState;
  const workflowActor = workflowActorOf(actor, instance);
  const possible = availableActions(
    TRANSFER_WORKFLOW,
    {
      state,
      pausedFrom: null,
      organizationPath: instance.organizationPath,
      counterpartOrganizationPath: instance.counterpartOrganizationPath,
    },
    workflowActor,
  );
  // Guards are not run for the buttons; a withdrawal belongs to the initiator only (domain §4).
  const withdrawal = `withdraw_by_${transfer.initiator}`;
  // A transfer out of the installation is approved by the letter (approve_transfer_out), others not.
  const out = isTransferOut(transfer);
  const committeeApproval = out ? "approve_sending_committee" : "approve_transfer_out";
  const actions = possible.filter(
    (action) => (!action.startsWith("withdraw_by_") || action === withdrawal) && action !== committeeApproval,
  );
  const side =
    transfer.fromOrganizationId === null && !workflowActor.isSubject
      ? "receiving"
      : sideOf(actor, instance, workflowActor.isSubject);
  const mayReadPersonal = actor.permissions.has("member:read_personal") || side === "member";
  const sideSees = side !== "receiving" || receivingAccepted(state);
  const full = mayReadPersonal && sideSees;
  const steps = await findWorkflowSteps(db, instance);
  const record = person.record;
  const ref = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? "" });
  return {
    id: transfer.id,
    instanceId: instance.id,
    state,
    stateLabel: TRANSFER_STATE_LABELS[state].zh,
    version: instance.version,
    closed: instance.closedAt !== null,
    member: {
      id: record.id,
      name: record.name,
      sex: record.sex,
      birthDate: sideSees ? record.birthDate : `${record.birthDate.slice(0, 4)}-**-**`,
      citizenId: full ? record.citizenId : maskCitizenId(record.citizenId),
      phone: full ? record.phone : maskPhone(record.phone),
      memberNumber: sideSees ? record.memberNumber : null,
      status: record.status,
      masked: !full,
    },
    from: ref(transfer.fromOrganizationId, found.fromOrganizationName),
    fromExternalName: transfer.fromExternalName,
    to: ref(transfer.toOrganizationId, found.toOrganizationName),
    toExternalName: transfer.toExternalName,
    toExternalAddress: transfer.toExternalAddress,
    toExternalContact: transfer.toExternalContact,
    outOfInstallation: out,
    assignedBranch: ref(transfer.assignedBranchId, found.assignedBranchName),
    reason: transfer.reason as TransferReason,
    reasonLabel: TRANSFER_REASON_LABELS[transfer.reason as TransferReason]?.zh ?? transfer.reason,
    kind: transfer.kind as TransferKind,
    kindLabel: TRANSFER_KIND_LABELS[transfer.kind as TransferKind]?.zh ?? transfer.kind,
    initiator: transfer.initiator as TransferInitiator,
    startedOn: transfer.startedOn,
    completedOn: transfer.completedOn,
    seasonYear: transfer.seasonYear,
    destination: transfer.destination,
    letterNumber: transfer.letterNumber,
    incomingLetterNumber: transfer.incomingLetterNumber,
    side,
    history: steps.map((step) => ({
      sequence: step.sequence,
      action: step.action,
      actionLabel:
        step.action === "open" ? "发起组织关系转接" : (ACTION_LABELS.get(step.action) ?? step.action),
      fromState: step.fromState,
      toState: step.toState,
      toStateLabel: TRANSFER_STATE_LABELS[step.toState as TransferState]?.zh ?? step.toState,
      occurredOn: step.occurredOn,
      actorName: step.actorName,
      note: stepNote(step.payload as Record<string, unknown>),
      recordedAt: new Date(step.recordedAt).toISOString(),
    })),
    availableActions: actions.map((action: TransferAction) => ({
      action,
      label: ACTION_LABELS.get(action) ?? action,
    })),
  };
}

/**
 * GET /transfers/{id}: the transfer's page ({@link buildTransferDetail}) for either side or the
 * member. Errors: 404 unknown or outside both sides' scopes; 403 without organization:read.
 */
export async function getTransferDetail(
  db: Database,
  actor: Actor,
  transferId: number,
): Promise<TransferDetail> {
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "member_transfer",
    ids: [transferId],
  });
  return buildTransferDetail(db, actor, transferId);
}

/**
 * GET /me/transfers: the signed-in member's own transfers (我的组织关系转接), newest first, each as its
 * page (the member sees their own record unmasked and may withdraw their own request). Empty for an
 * account without a member record.
 */
export async function listOwnTransfers(db: Database, actor: Actor): Promise<TransferDetail[]> {
  const memberId = actor.userId === null ? null : await findMemberIdOfUser(db, actor.userId);
  if (memberId === null) return [];
  const ids = await findTransferIdsOfMember(db, memberId);
  const pages: TransferDetail[] = [];
  for (const id of ids) pages.push(await buildTransferDetail(db, actor, id));
  return pages;
}

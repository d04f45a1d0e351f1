import {
  actorSatisfiesOn,
  DomainError,
  domainErrorFromIssues,
  evaluateTransition,
  type GuardWarning,
  isTerminalState,
  transitionActor,
  type WorkflowActorRule,
  type WorkflowDefinition,
} from "@tuanwu/domain";
import type { ZodType } from "zod";
import type { Database, Executor } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { insertAuditEntry } from "../audit/audit.repository";
import { maskForAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  advanceWorkflowInstance,
  findWorkflowInstance,
  insertWorkflowInstance,
  insertWorkflowStep,
  insertWorkItem,
  type WorkflowInstanceRow,
} from "./workflow.repository";
import { workflowActorOf } from "./workflow-actor";
import { WorkflowRefusal } from "./workflow-errors";

/**
 * The one approval engine's server half (审批流程, issue 10 part 1; docs/ARCHITECTURE.md "How to add a
 * workflow"): it persists any domain `WorkflowDefinition` in one generic shape — workflow_instance
 * (state, optimistic `version`), workflow_step (append-only timeline) and work_item (the to-do inbox
 * 待办) — and applies a transition in one transaction with its audit entry. Work items are written
 * here and nowhere else: opened with an instance, closed and reopened by each transition.
 */

/** A definition of any workflow, as the engine handles it. */
// biome-ignore lint/suspicious/noExplicitAny: the engine is generic over every workflow's states, actions and facts.
export type AnyWorkflowDefinition = WorkflowDefinition<string, string, any>;

/** What {@link openInstance} is asked. */
export interface OpenInstanceRequest {
  definition: AnyWorkflowDefinition;
  /** The organization the instance belongs to (for member development: the applicant's branch). */
  organizationId: number;
  /**
   * The other party's organization (a transfer's receiving side): rules with `side: "counterpart"`
   * are measured from it, and its work items sit there. Omitted when the workflow has none.
   */
  counterpartOrganizationId?: number | null;
  /** The state to open in when not the definition's initial one (a step the starter already passed). */
  initialState?: string;
  /** Display title of the inbox (the applicant's name). */
  title: string;
  /** The subject's own account, if any (the `subject` actor place). */
  subjectUserId?: number | null;
  /** What the instance records from the start (the workflow's own shape). */
  data: Record<string, unknown>;
  actor: Actor;
  /** "YYYY-MM-DD": the date of the opening step (e.g. the application date). */
  occurredOn: string;
  /** What the opening step records (shown in the timeline). */
  payload?: Record<string, unknown>;
}

/** An opened instance. */
export interface OpenedInstance {
  id: number;
  /** The instance's county (its organization's; workflow_instance.county_id). */
  countyId: number;
  state: string;
  version: number;
}

/** An organization's id, path and county (where a work item sits). */
interface PlacedOrganization {
  id: number;
  path: string;
  countyId: number;
}

/**
 * The organization a work item awaiting `rule` sits at: the instance's, or its counterpart's for a
 * `side: "counterpart"` rule (the receiving side's inbox). Falls back to the instance's when the
 * instance has no counterpart.
 */
function workItemOrganization(
  rule: WorkflowActorRule,
  primary: PlacedOrganization,
  counterpart: PlacedOrganization | null,
): PlacedOrganization {
  return rule.side === "counterpart" && counterpart !== null ? counterpart : primary;
}

function awaitingColumns(rule: WorkflowActorRule, subjectUserId: number | null) {
  return {
    awaitingPlace: rule.place,
    awaitingPermission: rule.permission,
    awaitingUserId: rule.place === "subject" ? subjectUserId : null,
  };
}

/**
 * Opens an instance of `definition` in its initial state (or `request.initialState`), in the
 * caller's transaction `tx`: the instance (version 1), step 1 "open" and the work item of whoever the
 * initial state awaits (at the counterpart organization for a counterpart rule). Does not check
 * access (the caller did, in the same transaction) and writes no audit entry (the caller audits what
 * it created).
 * @throws HttpError 404 when the organization (or the counterpart) does not exist.
 */
export async function openInstance(tx: Executor, request: OpenInstanceRequest): Promise<OpenedInstance> {
  const { definition } = request;
  const organization = await findOrganizationById(tx, request.organizationId);
  if (!organization) throw notFound("组织");
  const counterpartId = request.counterpartOrganizationId ?? null;
  const counterpart = counterpartId === null ? null : await findOrganizationById(tx, counterpartId);
  if (counterpartId !== null && !counterpart) throw notFound("组织");
  const subjectUserId = request.subjectUserId ?? null;
  const state = request.initialState ?? definition.initial;
  if (!definition.states.includes(state)) throw new Error(`unknown state ${state} of ${definition.kind}`);
  const id = await insertWorkflowInstance(tx, {
    countyId: organization.countyId,
    kind: definition.kind,
    organizationId: organization.id,
    counterpartOrganizationId: counterpart?.id ?? null,
    state,
    pausedFrom: null,
    subjectUserId,
    title: request.title,
    data: request.data,
  });
  await insertWorkflowStep(tx, {
    countyId: organization.countyId,
    instanceId: id,
    sequence: 1,
    action: "open",
    fromState: null,
    toState: state,
    occurredOn: request.occurredOn,
    actorUserId: request.actor.userId,
    actorName: request.actor.displayName || request.actor.username,
    payload: request.payload ?? {},
    acknowledgedWarnings: [],
  });
  const awaited = definition.awaiting[state];
  if (awaited) {
    const place = workItemOrganization(awaited, organization, counterpart ?? null);
    await insertWorkItem(tx, {
      countyId: place.countyId,
      instanceCountyId: organization.countyId,
      instanceId: id,
      kind: definition.kind,
      state,
      organizationId: place.id,
      organizationPath: place.path,
      title: request.title,
      ...awaitingColumns(awaited, subjectUserId),
    });
  }
  return { id, countyId: organization.countyId, state, version: 1 };
}

/** What a workflow's effects hook gets: the instance before, the step taken, the transaction. */
/**
 * Where the next work item sits: the instance's organization or its counterpart (path and county read
 * with the instance), or a counterpart the step's effects just named (read from the tree). Undefined
 * when that organization does not exist.
 */
async function placeOfNextItem(
  tx: Executor,
  instance: WorkflowInstanceRow,
  placeId: number,
): Promise<PlacedOrganization | undefined> {
  if (placeId === instance.organizationId) {
    return { id: placeId, path: instance.organizationPath, countyId: instance.countyId };
  }
  if (
    placeId === instance.counterpartOrganizationId &&
    instance.counterpartOrganizationPath !== null &&
    instance.counterpartCountyId !== null
  ) {
    return {
      id: placeId,
      path: instance.counterpartOrganizationPath,
      countyId: instance.counterpartCountyId,
    };
  }
  const found = await findOrganizationById(tx, placeId);
  return found ? { id: found.id, path: found.path, countyId: found.countyId } : undefined;
}

export interface TransitionContext<Facts> {
  instance: WorkflowInstanceRow;
  action: string;
  from: string;
  to: string;
  /** The validated payload. */
  payload: Record<string, unknown>;
  facts: Facts;
  /**
   * Appends the step now (once) and answers its id. A hook that reads the instance's timeline
   * (findWorkflowSteps) calls it first, so the timeline includes this step; otherwise the engine
   * appends the step with the instance's move in one statement (advanceWorkflowInstance).
   */
  appendStep: () => Promise<number>;
  /** "YYYY-MM-DD": the step's date. */
  occurredOn: string;
  actor: Actor;
}

/** What the effects hook changes on the instance. */
export interface TransitionEffects {
  /** The instance's new data (unchanged when absent). */
  data?: Record<string, unknown>;
  /** The member the instance is now about (e.g. created on the oath). */
  subjectMemberId?: number;
  /** The instance's new counterpart organization (a receiving committee assigning a branch). */
  counterpartOrganizationId?: number;
}

/** What {@link applyTransition} is asked. */
export interface ApplyTransitionRequest<Facts> {
  definition: WorkflowDefinition<string, string, Facts>;
  /** zod schema of each action's payload (400 naming the field when it does not parse). */
  payloadSchemas: Readonly<Record<string, ZodType>>;
  instanceId: number;
  /** The version the user saw; another transition since then answers 409. */
  expectedVersion: number;
  action: string;
  payload: unknown;
  actor: Actor;
  /** "YYYY-MM-DD", the clock. */
  today: string;
  /** Gathers the facts the guards look at, in the transaction, after the payload parsed. */
  loadFacts: (
    tx: Executor,
    instance: WorkflowInstanceRow,
    payload: Record<string, unknown>,
  ) => Promise<Facts>;
  /**
   * The workflow's own writes for an allowed step, in the same transaction (issue a number, create
   * the member…). May throw (e.g. a {@link WorkflowRefusal} 422) to refuse and roll everything back.
   */
  effects?: (tx: Executor, context: TransitionContext<Facts>) => Promise<TransitionEffects | undefined>;
  /** The step's date from its payload (a dated step's recorded date); default `today`. */
  stepDate?: (action: string, payload: Record<string, unknown>) => string | undefined;
}

/** The outcome of an applied transition. */
export interface AppliedTransition {
  instanceId: number;
  action: string;
  from: string;
  to: string;
  /** The instance's version after the step. */
  version: number;
  stepId: number;
  /** The warnings the actor acknowledged. */
  warnings: GuardWarning[];
}

/**
 * Applies one transition in the caller's transaction `tx` (see {@link applyTransition}).
 * Checks, in order: the instance exists and is of the definition's kind (404 "审批事项"), the version
 * (409 stale_version), the action exists (404), it leaves the current state (409
 * step_not_available), the actor stands where the rule says (403), the payload parses (400 naming the
 * field), then the guard with the loaded facts (422 with every failure; warnings to acknowledge).
 * Then runs `effects`, and in ONE statement when the instance and its items lie in one county
 * (advanceWorkflowInstance; one per county for a transfer between counties) appends the step (unless
 * the effects appended it already, context.appendStep), moves the instance (version + 1; closed in a
 * terminal state; paused_from kept for a deferral), closes the open work item, opens the next state's;
 * then audits "workflow.transition". Statements: the instance's county lookup, the locking read, the
 * final write and the audit entry, plus what `loadFacts` and `effects` send. Every statement on the
 * workflow tables names the instance's county (one task on its shard on Citus).
 * @throws WorkflowRefusal 403/404/409/422, DomainError 400.
 */
export async function applyTransitionIn<Facts>(
  tx: Executor,
  request: ApplyTransitionRequest<Facts>,
): Promise<AppliedTransition> {
  const { definition, actor } = request;
  const instance = await findWorkflowInstance(tx, request.instanceId, "update");
  if (!instance || instance.kind !== definition.kind) throw notFound("审批事项");
  if (instance.version !== request.expectedVersion) {
    throw new WorkflowRefusal(409, [
      {
        code: "stale_version",
        field: "version",
        message: `版本：该事项已被他人办理（当前为第${instance.version}版，您看到的是第${request.expectedVersion}版），请刷新后再试`,
      },
    ]);
  }
  const transition = definition.transitions.find((candidate) => candidate.action === request.action);
  const schema = request.payloadSchemas[request.action];
  if (!transition || !schema) {
    throw new WorkflowRefusal(404, [
      { code: "unknown_action", field: "action", message: `操作：${definition.label.zh}没有此操作` },
    ]);
  }
  const state = {
    state: instance.state,
    pausedFrom: instance.pausedFrom,
    organizationPath: instance.organizationPath,
    counterpartOrganizationPath: instance.counterpartOrganizationPath,
  };
  const workflowActor = workflowActorOf(actor, instance);
  // State and actor before the payload: a skipped step or a role that may not act is told so first.
  const rule = transitionActor(definition, transition, instance.state);
  if (
    !transition.from.includes(instance.state) ||
    rule === null ||
    !actorSatisfiesOn(rule, workflowActor, state)
  ) {
    const decision = evaluateTransition(definition, state, {
      action: request.action,
      actor: workflowActor,
      facts: undefined as Facts,
      payload: {},
    });
    if (!decision.allowed) throw new WorkflowRefusal(decision.status, decision.failures, decision.warnings);
  }
  const parsed = schema.safeParse(request.payload ?? {});
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const payload = parsed.data as Record<string, unknown>;
  const facts = await request.loadFacts(tx, instance, payload);
  const decision = evaluateTransition(definition, state, {
    action: request.action,
    actor: workflowActor,
    facts,
    payload,
  });
  if (!decision.allowed) throw new WorkflowRefusal(decision.status, decision.failures, decision.warnings);
  const to = decision.to;
  const occurredOn = request.stepDate?.(request.action, payload) ?? request.today;
  const version = instance.version + 1;
  const step = {
    countyId: instance.countyId,
    instanceId: instance.id,
    sequence: version,
    action: request.action,
    fromState: instance.state,
    toState: to,
    occurredOn,
    actorUserId: actor.userId,
    actorName: actor.displayName || actor.username,
    payload,
    acknowledgedWarnings: decision.warnings.map((warning) => warning.code),
  };
  let appendedStepId: number | null = null;
  const appendStep = async () => {
    appendedStepId ??= await insertWorkflowStep(tx, step);
    return appendedStepId;
  };
  const effects =
    (await request.effects?.(tx, {
      instance,
      action: request.action,
      from: instance.state,
      to,
      payload,
      facts,
      appendStep,
      occurredOn,
      actor,
    })) ?? {};
  const pausedFrom =
    definition.paused !== null && to === definition.paused
      ? instance.state
      : instance.state === definition.paused
        ? null
        : instance.pausedFrom;
  const terminal = isTerminalState(definition, to);
  const awaited = terminal ? undefined : definition.awaiting[to];
  // The next work item's place: a counterpart rule's item sits at the counterpart the effects named,
  // else at the one the instance had (its path is read in the same statement).
  const counterpartId = effects.counterpartOrganizationId ?? instance.counterpartOrganizationId;
  const placeId =
    awaited?.side === "counterpart" && counterpartId !== null ? counterpartId : instance.organizationId;
  const place = awaited ? await placeOfNextItem(tx, instance, placeId) : null;
  if (awaited && !place) throw notFound("组织");
  // Instance and work items in one statement when they lie in one county (workflow.repository
  // advanceWorkflowInstance), then the audit entry.
  const advanced = await advanceWorkflowInstance(tx, {
    id: instance.id,
    countyId: instance.countyId,
    openItemCountyIds: [instance.countyId, instance.counterpartCountyId ?? instance.countyId],
    expectedVersion: instance.version,
    state: to,
    pausedFrom,
    data: effects.data ?? instance.data,
    closed: terminal,
    ...(effects.subjectMemberId === undefined ? {} : { subjectMemberId: effects.subjectMemberId }),
    ...(effects.counterpartOrganizationId === undefined
      ? {}
      : { counterpartOrganizationId: effects.counterpartOrganizationId }),
    step: appendedStepId === null ? step : appendedStepId,
    next:
      awaited && place
        ? {
            kind: definition.kind,
            state: to,
            organizationId: place.id,
            organizationPath: place.path,
            countyId: place.countyId,
            title: instance.title,
            ...awaitingColumns(awaited, instance.subjectUserId),
          }
        : null,
  });
  if (!advanced.moved)
    throw new DomainError("stale_version", "版本：该事项已被他人办理，请刷新后再试", {
      status: 409,
      field: "version",
    });
  if (!advanced.opened) throw notFound("组织");
  await insertAuditEntry(tx, {
    actorUserId: actor.userId,
    actorName: actor.username,
    action: "workflow.transition",
    entityType: "workflow_instance",
    entityId: String(instance.id),
    organizationId: instance.organizationId,
    before: maskForAudit({ state: instance.state, version: instance.version }),
    after: maskForAudit({ state: to, version }),
    detail: maskForAudit({
      kind: definition.kind,
      action: request.action,
      payload,
      warnings: decision.warnings.map((w) => w.code),
    }),
  });
  return {
    instanceId: instance.id,
    action: request.action,
    from: instance.state,
    to,
    version,
    stepId: advanced.stepId,
    warnings: decision.warnings,
  };
}

/**
 * Applies one transition of a workflow instance in ONE transaction of its own: see
 * {@link applyTransitionIn} for the checks, the writes and the errors. Two approvers at once: the
 * row lock orders them, the second finds the version moved and gets 409.
 */
export async function applyTransition<Facts>(
  db: Database,
  request: ApplyTransitionRequest<Facts>,
): Promise<AppliedTransition> {
  return db.transaction((tx) => applyTransitionIn(tx, request));
}

import type { Permission } from "../auth/permissions";
import type { Label } from "../dictionaries/dictionary";
import { isSameOrDescendantPath } from "../organization/organization-path";

/**
 * The one approval engine's rules (审批流程, issue 10 part 1): a workflow is a state machine written as
 * data — its states, the main line of steps, the transitions, who may take each (a permission and a
 * place in the organization tree relative to the instance's organization), what each records, and
 * guards that return every unmet condition at once. Member development (发展团员) is the first; transfers,
 * registration, review, star rating and close-out requests are to be defined the same way.
 *
 * The server persists instances and their steps in one generic shape and applies a transition in one
 * transaction with its audit entry; the state each open instance waits in names who acts next, which
 * is the to-do inbox (待办). Pure: no I/O, no clock.
 */

/**
 * Where in the tree a user must stand to take a transition, relative to the instance's organization
 * (for member development: the applicant's branch):
 * - `own_organization`: the user's scope contains the organization (its branch secretary, or an
 *   administrator above it);
 * - `higher_committee`: the user's scope root is strictly above the organization (上级团委), as for the
 *   member status review (domain.md §2);
 * - `subject`: the person the instance is about (the applicant), signed in as themselves.
 */
export const WORKFLOW_ACTOR_PLACES = ["own_organization", "higher_committee", "subject"] as const;

/** A place of {@link WORKFLOW_ACTOR_PLACES}. */
export type WorkflowActorPlace = (typeof WORKFLOW_ACTOR_PLACES)[number];

/**
 * Which of an instance's organizations a rule's place is measured from: its own organization
 * (`primary`; for member development the applicant's branch, for a transfer the sending branch) or the
 * other party's (`counterpart`; a transfer's receiving organization, issue 11).
 */
export type WorkflowOrganizationSide = "primary" | "counterpart";

/** Who may take a transition: a place in the tree and, except for the subject, a permission held there. */
export interface WorkflowActorRule {
  place: WorkflowActorPlace;
  /** The permission the user must hold at a role whose scope satisfies {@link place}; null for `subject`. */
  permission: Permission | null;
  /** The organization {@link place} is relative to; `primary` when omitted. */
  side?: WorkflowOrganizationSide;
}

/** The signed-in user as the engine sees them (the server builds it from the user's roles). */
export interface WorkflowActor {
  /** Scope roots of the user's roles that grant each permission: permission → organization paths. */
  scopePathsByPermission: Readonly<Partial<Record<Permission, readonly string[]>>>;
  /** Whether the user is the instance's subject (e.g. the applicant's own account). */
  isSubject: boolean;
}

/**
 * Whether `actor` satisfies `rule` for an instance whose organization has the path `organizationPath`
 * ("1/23/45/"): some role granting the permission has a scope that contains the organization
 * (own_organization) or lies strictly above it (higher_committee); or the actor is the subject.
 */
export function actorSatisfies(
  rule: WorkflowActorRule,
  actor: WorkflowActor,
  organizationPath: string,
): boolean {
  if (rule.place === "subject") return actor.isSubject;
  if (rule.permission === null) return false;
  const scopes = actor.scopePathsByPermission[rule.permission] ?? [];
  return scopes.some((scope) =>
    rule.place === "own_organization"
      ? isSameOrDescendantPath(organizationPath, scope)
      : scope !== organizationPath && isSameOrDescendantPath(organizationPath, scope),
  );
}

/**
 * One unmet condition of a transition, in the user's language (Chinese first), naming the field the
 * user must correct. A guard returns all of them at once, never only the first.
 */
export interface GuardFailure {
  /** Stable snake_case code, e.g. "date_out_of_order". */
  code: string;
  /** The payload field (or prerequisite item) the failure is about. */
  field: string;
  /** Chinese message naming the field: "谈话日期：不能早于申请日期（2026-03-01）". */
  message: string;
}

/**
 * A condition the actor must acknowledge before the transition goes through (e.g. an admission that
 * crosses the 团学比 cap, issue 10 part 5): the first try answers the warnings; the second names their
 * codes in `acknowledgedWarnings`.
 */
export interface GuardWarning {
  code: string;
  message: string;
}

/** What a guard answers: failures refuse the transition; warnings need acknowledging. */
export interface GuardResult {
  failures: GuardFailure[];
  warnings?: GuardWarning[];
}

/**
 * Where a transition leads: a fixed state; back to an earlier step of the main line named in the
 * payload's `toState` (退回到指定环节); or back to the state the instance was paused from (resume a
 * deferral).
 */
export type WorkflowTarget<State extends string> =
  | { kind: "state"; state: State }
  | { kind: "earlier_step" }
  | { kind: "paused_from" };

/**
 * One transition. `Facts` is what the server gathers before asking (the instance's recorded dates,
 * the applicant's age, quota left, prerequisite results…); `payload` is what the step records, already
 * validated by the step's zod schema.
 */
export interface WorkflowTransition<State extends string, Action extends string, Facts> {
  action: Action;
  label: Label;
  /** The states it may be taken from. */
  from: readonly State[];
  to: WorkflowTarget<State>;
  /**
   * Who may take it; "awaited": whoever the current state awaits (definition.awaiting), for an action
   * every approver has at their own step, such as a transfer's return (退回).
   */
  actor: WorkflowActorRule | "awaited";
  /** Every unmet condition at once; an empty list of failures allows it. */
  guard: (facts: Facts, payload: Record<string, unknown>) => GuardResult;
  /** Where the rule comes from (domain.md section, plan task, charter article). */
  source: string;
}

/** A workflow definition (see the module comment). */
export interface WorkflowDefinition<State extends string, Action extends string, Facts> {
  /** Stable kind stored with each instance, e.g. "member_development". */
  kind: string;
  label: Label;
  states: readonly State[];
  stateLabels: Readonly<Record<State, Label>>;
  /** The state a new instance starts in. */
  initial: State;
  /** The steps in order; "returned to a named step" may only go back along it. */
  mainLine: readonly State[];
  /** States that end the instance (no transition leaves them; no one is waited for). */
  terminal: readonly State[];
  /** A state that pauses the instance (暂缓), remembering where it was; null if the workflow has none. */
  paused: State | null;
  /** Who must act next in each open state: the to-do inbox's assignee (待办). */
  awaiting: Readonly<Record<State, WorkflowActorRule | null>>;
  transitions: readonly WorkflowTransition<State, Action, Facts>[];
}

/** An instance as the engine needs it. */
export interface WorkflowInstanceState<State extends string> {
  state: State;
  /** The state a paused instance was paused from; null otherwise. */
  pausedFrom: State | null;
  /** Path of the instance's organization ("1/23/45/"). */
  organizationPath: string;
  /** Path of the other party's organization (a transfer's receiving side); null or absent when none. */
  counterpartOrganizationPath?: string | null;
}

/**
 * The path a rule's place is measured from on `instance`: the instance's organization, or the
 * counterpart's for a `counterpart` rule (null when the instance has no counterpart yet: no one
 * satisfies such a rule).
 */
export function ruleOrganizationPath(
  rule: Pick<WorkflowActorRule, "side">,
  instance: Pick<WorkflowInstanceState<string>, "organizationPath" | "counterpartOrganizationPath">,
): string | null {
  return rule.side === "counterpart"
    ? (instance.counterpartOrganizationPath ?? null)
    : instance.organizationPath;
}

/** Whether `actor` satisfies `rule` on `instance` (its organization or counterpart, per the rule's side). */
export function actorSatisfiesOn(
  rule: WorkflowActorRule,
  actor: WorkflowActor,
  instance: Pick<WorkflowInstanceState<string>, "organizationPath" | "counterpartOrganizationPath">,
): boolean {
  if (rule.place === "subject") return actor.isSubject;
  const path = ruleOrganizationPath(rule, instance);
  return path !== null && actorSatisfies(rule, actor, path);
}

/** The answer of {@link evaluateTransition}: the next state, or why not. */
export type TransitionDecision<State extends string> =
  | { allowed: true; to: State; warnings: GuardWarning[] }
  | {
      allowed: false;
      /** 404: no such action; 403: the actor may not take it; 409: not from this state; 422: conditions unmet. */
      status: 403 | 404 | 409 | 422;
      failures: GuardFailure[];
      /** Warnings not yet acknowledged (status 422 with only these: ask the user to confirm). */
      warnings: GuardWarning[];
    };

/** What {@link evaluateTransition} is asked. */
export interface TransitionRequest<Action extends string, Facts> {
  action: Action;
  actor: WorkflowActor;
  facts: Facts;
  /** The step's payload, validated; `toState` for a return, `acknowledgedWarnings` to confirm warnings. */
  payload: Record<string, unknown>;
}

/**
 * Decide whether `request` may be taken on `instance` under `definition`, and where it leads. Checks in
 * order: the action exists (404), it leaves the current state (409 "step_not_available": a skipped
 * step or one taken twice), the actor stands where the rule says (403), then the guard's failures and
 * the target (all at once, 422), then the warnings (422 "warnings_not_acknowledged" until every warning
 * code is in `payload.acknowledgedWarnings`).
 */
export function evaluateTransition<State extends string, Action extends string, Facts>(
  definition: WorkflowDefinition<State, Action, Facts>,
  instance: WorkflowInstanceState<State>,
  request: TransitionRequest<Action, Facts>,
): TransitionDecision<State> {
  const transition = definition.transitions.find((candidate) => candidate.action === request.action);
  if (transition === undefined) {
    return refuse(404, [
      { code: "unknown_action", field: "action", message: `操作：${definition.label.zh}没有此操作` },
    ]);
  }
  if (!transition.from.includes(instance.state)) {
    const current = definition.stateLabels[instance.state].zh;
    return refuse(409, [
      {
        code: "step_not_available",
        field: "action",
        message: `操作：当前环节为“${current}”，不能“${transition.label.zh}”（不能跳过环节或重复办理）`,
      },
    ]);
  }
  const rule = transitionActor(definition, transition, instance.state);
  if (rule === null || !actorSatisfiesOn(rule, request.actor, instance)) {
    return refuse(403, [
      { code: "actor_not_allowed", field: "action", message: `操作：您无权“${transition.label.zh}”` },
    ]);
  }
  const target = resolveTarget(definition, instance, transition.to, request.payload);
  const guard = transition.guard(request.facts, request.payload);
  const failures = [...target.failures, ...guard.failures];
  if (failures.length > 0 || target.to === null) return refuse(422, failures);
  const warnings = guard.warnings ?? [];
  const acknowledged = acknowledgedCodes(request.payload);
  const pending = warnings.filter((warning) => !acknowledged.has(warning.code));
  if (pending.length > 0) {
    return {
      allowed: false,
      status: 422,
      failures: [
        {
          code: "warnings_not_acknowledged",
          field: "acknowledgedWarnings",
          message: `确认：请确认以下提示后再办理：${pending.map((warning) => warning.message).join("；")}`,
        },
      ],
      warnings: pending,
    };
  }
  return { allowed: true, to: target.to, warnings };
}

/**
 * The actions `actor` may take on `instance` now (for showing only the buttons a role can use); guards
 * are not run (they need the payload).
 */
export function availableActions<State extends string, Action extends string, Facts>(
  definition: WorkflowDefinition<State, Action, Facts>,
  instance: WorkflowInstanceState<State>,
  actor: WorkflowActor,
): Action[] {
  return definition.transitions
    .filter(
      (transition) =>
        transition.from.includes(instance.state) &&
        actorSatisfiesOn(transitionActor(definition, transition, instance.state) ?? NOBODY, actor, instance),
    )
    .map((transition) => transition.action);
}

/** A rule no one satisfies (a transition awaiting no one). */
const NOBODY: WorkflowActorRule = { place: "own_organization", permission: null };

/**
 * The actor rule of `transition` taken from `state`: its own, or for "awaited" the rule of whoever
 * `state` awaits (null when no one is awaited there).
 */
export function transitionActor<State extends string, Action extends string, Facts>(
  definition: Pick<WorkflowDefinition<State, Action, Facts>, "awaiting">,
  transition: Pick<WorkflowTransition<State, Action, Facts>, "actor">,
  state: State,
): WorkflowActorRule | null {
  return transition.actor === "awaited" ? definition.awaiting[state] : transition.actor;
}

/** Whether `state` ends the instance. */
export function isTerminalState<State extends string>(
  definition: Pick<WorkflowDefinition<State, string, unknown>, "terminal">,
  state: State,
): boolean {
  return definition.terminal.includes(state);
}

/**
 * The steps of the main line before `state` (the targets a return may name); for a state off the main
 * line, none.
 */
export function earlierSteps<State extends string>(
  definition: Pick<WorkflowDefinition<State, string, unknown>, "mainLine">,
  state: State,
): State[] {
  const index = definition.mainLine.indexOf(state);
  return index < 0 ? [] : definition.mainLine.slice(0, index);
}

/**
 * Check a definition's consistency (used by its table test): every state labelled; the initial state,
 * main line, terminal and paused states are states; every transition's `from` and fixed target are
 * states; no transition leaves a terminal state; every open state names who is awaited and terminal
 * ones name no one; actions unique. Returns the problems found ([] when sound).
 */
export function checkWorkflowDefinition<State extends string, Action extends string, Facts>(
  definition: WorkflowDefinition<State, Action, Facts>,
): string[] {
  const problems: string[] = [];
  const states = new Set<string>(definition.states);
  const known = (state: string, where: string) => {
    if (!states.has(state)) problems.push(`${where}: unknown state ${state}`);
  };
  known(definition.initial, "initial");
  for (const state of definition.mainLine) known(state, "mainLine");
  for (const state of definition.terminal) known(state, "terminal");
  if (definition.paused !== null) known(definition.paused, "paused");
  const actions = new Set<string>();
  for (const transition of definition.transitions) {
    if (actions.has(transition.action)) problems.push(`action ${transition.action} defined twice`);
    actions.add(transition.action);
    for (const state of transition.from) {
      known(state, `${transition.action}.from`);
      if (definition.terminal.includes(state))
        problems.push(`${transition.action} leaves terminal state ${state}`);
    }
    if (transition.to.kind === "state") known(transition.to.state, `${transition.action}.to`);
    if (transition.actor === "awaited") {
      for (const state of transition.from) {
        if (definition.awaiting[state] === null)
          problems.push(`${transition.action}: state ${state} awaits no one`);
      }
    } else if (transition.actor.place !== "subject" && transition.actor.permission === null) {
      problems.push(`${transition.action}: a permission is needed for place ${transition.actor.place}`);
    }
  }
  for (const state of definition.states) {
    const awaited = definition.awaiting[state];
    const terminal = definition.terminal.includes(state);
    if (terminal && awaited !== null) problems.push(`terminal state ${state} awaits someone`);
    if (!terminal && awaited === null) problems.push(`open state ${state} awaits no one`);
  }
  return problems;
}

function refuse<State extends string>(
  status: 403 | 404 | 409 | 422,
  failures: GuardFailure[],
): TransitionDecision<State> {
  return { allowed: false, status, failures, warnings: [] };
}

function acknowledgedCodes(payload: Record<string, unknown>): Set<string> {
  const value = payload.acknowledgedWarnings;
  return new Set(
    Array.isArray(value) ? value.filter((code): code is string => typeof code === "string") : [],
  );
}

function resolveTarget<State extends string>(
  definition: Pick<WorkflowDefinition<State, string, unknown>, "mainLine" | "stateLabels">,
  instance: WorkflowInstanceState<State>,
  target: WorkflowTarget<State>,
  payload: Record<string, unknown>,
): { to: State | null; failures: GuardFailure[] } {
  if (target.kind === "state") return { to: target.state, failures: [] };
  if (target.kind === "paused_from") {
    if (instance.pausedFrom === null) {
      return {
        to: null,
        failures: [{ code: "not_paused", field: "action", message: "操作：该申请未暂缓，无需恢复" }],
      };
    }
    return { to: instance.pausedFrom, failures: [] };
  }
  const allowed = earlierSteps(definition, instance.state);
  const requested = payload.toState;
  const match = allowed.find((state) => state === requested);
  if (match === undefined) {
    const names = allowed.map((state) => definition.stateLabels[state].zh).join("、");
    return {
      to: null,
      failures: [
        {
          code: "return_target_not_earlier",
          field: "toState",
          message: `退回环节：只能退回到之前的环节（${names || "无"}）`,
        },
      ],
    };
  }
  return { to: match, failures: [] };
}

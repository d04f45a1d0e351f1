import { type Permission, ROLES, type Role, roleHasPermission } from "../auth/permissions";
import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";

/**
 * The close-out state machine (销号, domain.md §8 "closing out items 销号 with evidence"; issue 5
 * part 4): a task is closed out only with evidence (text and files) and a reviewer's approval, and an
 * approved close-out may be reopened with a reason.
 *
 *   (none) ──submit──▶ submitted ──approve──▶ approved ──reopen──▶ reopened
 *                           └──────return───▶ returned
 *
 * A task has at most one open close-out (submitted or approved; the database's partial unique index
 * plan_close_out_open_key); after a return or a reopen a new one may be submitted. The server applies
 * a transition in one transaction with its audit entry.
 */

/** States of a close-out (plan_close_out.state). */
export const CLOSE_OUT_STATES = ["submitted", "approved", "returned", "reopened"] as const;

/** A close-out state (see {@link CLOSE_OUT_STATES}). */
export type CloseOutState = (typeof CLOSE_OUT_STATES)[number];

/** Display labels of {@link CLOSE_OUT_STATES}. */
export const CLOSE_OUT_STATE_LABELS: Readonly<Record<CloseOutState, Label>> = {
  submitted: { zh: "待审核", en: "Awaiting review" },
  approved: { zh: "已销号", en: "Closed out" },
  returned: { zh: "已退回", en: "Returned" },
  reopened: { zh: "已重新打开", en: "Reopened" },
};

/** The states in which a close-out is open: waiting for review or in force (one per task). */
export const OPEN_CLOSE_OUT_STATES = ["submitted", "approved"] as const satisfies readonly CloseOutState[];

/** What can be done with a close-out (see {@link CLOSE_OUT_TRANSITIONS}). */
export const CLOSE_OUT_ACTIONS = ["submit", "approve", "return", "reopen"] as const;

/** A close-out action (see {@link CLOSE_OUT_ACTIONS}). */
export type CloseOutAction = (typeof CLOSE_OUT_ACTIONS)[number];

/** Display labels of {@link CLOSE_OUT_ACTIONS}. */
export const CLOSE_OUT_ACTION_LABELS: Readonly<Record<CloseOutAction, Label>> = {
  submit: { zh: "申请销号", en: "Submit for close-out" },
  approve: { zh: "批准销号", en: "Approve close-out" },
  return: { zh: "退回", en: "Return" },
  reopen: { zh: "重新打开", en: "Reopen" },
};

/** The text a transition records, by the input field that carries it. */
export type CloseOutTextField = "evidence" | "note" | "reason";

/** One allowed step of the close-out state machine. */
export interface CloseOutTransition {
  action: CloseOutAction;
  /** The state it starts from; null for a new close-out (the task has no open one). */
  from: CloseOutState | null;
  to: CloseOutState;
  /** The permission needed, in a scope holding the plan's organization. */
  permission: Permission;
  /** The roles that grant {@link permission} ({@link ROLE_PERMISSIONS}). */
  roles: readonly Role[];
  /** Whether the user who submitted the close-out is refused (a review is a second pair of eyes). */
  notBySubmitter: boolean;
  /** The text it requires (non-blank), named by its input field; null when none is required. */
  requiredText: CloseOutTextField | null;
  /** The text it may record when given (e.g. the reviewer's note on an approval); null when none. */
  optionalText: CloseOutTextField | null;
  /** What happens to the task's closed_out_on: set to the review date, cleared, or left as it is. */
  taskClosedOut: "set" | "clear" | "unchanged";
  /** Where the rule comes from. */
  source: string;
}

function rolesWith(permission: Permission): readonly Role[] {
  return ROLES.filter((role) => roleHasPermission(role, permission));
}

const SOURCE =
  "domain.md §8 (销号 with evidence); issue 5 part 4 (evidence and a reviewer's approval; reopened with a reason)";

/**
 * Every allowed close-out step: submit (plan:write, evidence required) → submitted; approve
 * (plan:review, not the submitter, note optional) → approved, the task's closed_out_on becomes the
 * review date (its derived status: closed_out); return (plan:review, not the submitter, note required)
 * → returned, the task stays open; reopen (plan:review, reason required) → reopened, closed_out_on is
 * cleared. Nothing leaves returned or reopened: a new close-out is submitted instead.
 */
export const CLOSE_OUT_TRANSITIONS: readonly CloseOutTransition[] = [
  {
    action: "submit",
    from: null,
    to: "submitted",
    permission: "plan:write",
    roles: rolesWith("plan:write"),
    notBySubmitter: false,
    requiredText: "evidence",
    optionalText: null,
    taskClosedOut: "unchanged",
    source: SOURCE,
  },
  {
    action: "approve",
    from: "submitted",
    to: "approved",
    permission: "plan:review",
    roles: rolesWith("plan:review"),
    notBySubmitter: true,
    requiredText: null,
    optionalText: "note",
    taskClosedOut: "set",
    source: SOURCE,
  },
  {
    action: "return",
    from: "submitted",
    to: "returned",
    permission: "plan:review",
    roles: rolesWith("plan:review"),
    notBySubmitter: true,
    requiredText: "note",
    optionalText: null,
    taskClosedOut: "unchanged",
    source: SOURCE,
  },
  {
    action: "reopen",
    from: "approved",
    to: "reopened",
    permission: "plan:review",
    roles: rolesWith("plan:review"),
    notBySubmitter: false,
    requiredText: "reason",
    optionalText: null,
    taskClosedOut: "clear",
    source: SOURCE,
  },
];

/** The transition of `action` (every action has exactly one). */
export function closeOutTransition(action: CloseOutAction): CloseOutTransition {
  const transition = CLOSE_OUT_TRANSITIONS.find((candidate) => candidate.action === action);
  if (!transition) throw new RangeError(`unknown close-out action: ${action}`);
  return transition;
}

/** Who asks for a transition, and about which close-out. */
export interface CloseOutActor {
  userId: number | null;
  permissions: ReadonlySet<Permission>;
}

/** The close-out a transition is taken on: its state and who submitted it (null for a new one). */
export interface CloseOutSubject {
  state: CloseOutState | null;
  submittedBy: number | null;
}

const TEXT_LABELS: Readonly<Record<CloseOutTextField, string>> = {
  evidence: "销号佐证材料说明",
  note: "审核意见",
  reason: "重新打开原因",
};

/**
 * Checks that `actor` may take `action` on a close-out in `subject.state`, and returns the
 * transition and the required (or optional) text trimmed. Checks in order: the permission, the
 * state, the submitter rule, then the text.
 *
 * @param text the evidence, note or reason given (may be undefined or blank).
 * @throws DomainError 403 "forbidden" (the role lacks the permission); 409 "close_out_state" (the
 *   close-out is not in the state the action starts from, message naming both); 403
 *   "reviewer_is_submitter" (approving or returning one's own close-out); 422 "text_required" with
 *   field "evidence", "note" or "reason" (missing or blank).
 */
export function assertCloseOutTransition(
  action: CloseOutAction,
  subject: CloseOutSubject,
  actor: CloseOutActor,
  text: string | null | undefined,
): { transition: CloseOutTransition; text: string | null } {
  const transition = closeOutTransition(action);
  const label = CLOSE_OUT_ACTION_LABELS[action];
  if (!actor.permissions.has(transition.permission)) {
    throw new DomainError("forbidden", "您的角色无权执行此操作 / your role does not allow this", {
      status: 403,
    });
  }
  if (subject.state !== transition.from) {
    const current = subject.state === null ? "无" : CLOSE_OUT_STATE_LABELS[subject.state].zh;
    const needed = transition.from === null ? "无" : CLOSE_OUT_STATE_LABELS[transition.from].zh;
    throw new DomainError(
      "close_out_state",
      `销号：当前状态为“${current}”，只有“${needed}”的销号申请才能${label.zh} / ` +
        `cannot ${label.en.toLowerCase()} a close-out that is ${subject.state ?? "absent"}`,
      { status: 409 },
    );
  }
  if (transition.notBySubmitter && subject.submittedBy !== null && subject.submittedBy === actor.userId) {
    throw new DomainError(
      "reviewer_is_submitter",
      "审核：不能审核自己提交的销号申请，请由其他审核人处理 / you cannot review a close-out you submitted",
      { status: 403 },
    );
  }
  const trimmed = text?.trim() ?? "";
  const field = transition.requiredText;
  if (field !== null && trimmed === "") {
    throw new DomainError("text_required", `${field}：${TEXT_LABELS[field]}必填 / ${field} is required`, {
      field,
    });
  }
  const recorded = field !== null || (transition.optionalText !== null && trimmed !== "");
  return { transition, text: recorded ? trimmed : null };
}

/**
 * The actions `actor` may take on an existing close-out, in table order (for the web's buttons; the
 * server still decides): those starting from its state, for which the actor holds the permission and
 * is not refused as the submitter.
 */
export function availableCloseOutActions(subject: CloseOutSubject, actor: CloseOutActor): CloseOutAction[] {
  return CLOSE_OUT_TRANSITIONS.filter(
    (transition) =>
      transition.from !== null &&
      transition.from === subject.state &&
      actor.permissions.has(transition.permission) &&
      !(transition.notBySubmitter && subject.submittedBy !== null && subject.submittedBy === actor.userId),
  ).map((transition) => transition.action);
}

/** Whether `value` is one of {@link CLOSE_OUT_STATES} (type guard, for text read from the database). */
export function isCloseOutState(value: string): value is CloseOutState {
  return (CLOSE_OUT_STATES as readonly string[]).includes(value);
}

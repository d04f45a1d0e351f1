import { type Permission, ROLES, type Role, roleHasPermission } from "../auth/permissions";
import { addMonths, compareIsoDates, daysInMonth, formatIsoDate, requireIsoDate } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";
import { ageOutDate, hasReachedAgeOut } from "./age";
import type { MemberEventKind } from "./member-event";
import { FORMER_MEMBER_STATUSES, MEMBER_STATUS_LABELS, type MemberStatus } from "./member-status";

/**
 * The membership status state machine (团籍状态, domain.md §2; issue 3 part 2): which status changes
 * exist, whether the higher committee reviews them, who may ask and who decides, and what the
 * electronic archive records. The server applies a transition in one transaction and appends the
 * archive entry; a reviewed one first waits as a pending request (member_status_request).
 */

/** The named status changes (see {@link MEMBER_STATUS_TRANSITIONS}). */
export const MEMBER_STATUS_ACTIONS = [
  "start_transfer",
  "finish_transfer",
  "transfer_out",
  "return_from_outside",
  "start_flowing",
  "end_flowing",
  "request_age_out",
  "request_lapse",
  "request_withdrawal",
  "request_expulsion",
  "request_restore",
] as const;

/** A status change (see {@link MEMBER_STATUS_ACTIONS}). */
export type MemberStatusAction = (typeof MEMBER_STATUS_ACTIONS)[number];

/** Display labels of {@link MEMBER_STATUS_ACTIONS}. */
export const MEMBER_STATUS_ACTION_LABELS: Readonly<Record<MemberStatusAction, Label>> = {
  start_transfer: { zh: "发起组织关系转接", en: "Start a transfer" },
  finish_transfer: { zh: "结束组织关系转接", en: "Finish a transfer" },
  transfer_out: { zh: "转出本系统", en: "Transfer out of the installation" },
  return_from_outside: { zh: "凭介绍信转回本系统", en: "Return into the installation by a letter" },
  start_flowing: { zh: "转为流动团员", en: "Mark as flowing" },
  end_flowing: { zh: "结束流动", en: "End flowing" },
  request_age_out: { zh: "申请超龄离团", en: "Request age-out" },
  request_lapse: { zh: "申请按自行脱团除名", en: "Request removal as lapsed" },
  request_withdrawal: { zh: "申请自愿退团", en: "Request withdrawal" },
  request_expulsion: { zh: "申请开除团籍", en: "Request expulsion" },
  request_restore: { zh: "申请恢复团籍", en: "Request restoration" },
};

/**
 * Who starts a status change: a user with the request permission, or the transfer workflow
 * (组织关系转接, domain.md §4), which moves members in and out of "transferring" itself.
 */
export type StatusChangeInitiator = "user" | "transfer_workflow";

/** Who decides a reviewed status change: the higher committee (see {@link isHigherCommitteeScope}). */
export type StatusChangeDecider = "higher_committee";

/** One allowed status change. */
export interface MemberStatusTransition {
  from: MemberStatus;
  to: MemberStatus;
  action: MemberStatusAction;
  /**
   * Whether the change waits for the higher committee's review: the request is recorded pending, the
   * higher committee approves (the status changes) or returns it (nothing changes).
   */
  requiresReview: boolean;
  initiatedBy: StatusChangeInitiator;
  /** The permission the requester needs, in a scope that holds the member's branch. */
  requestPermission: Permission;
  /** The roles that grant {@link requestPermission} ({@link ROLE_PERMISSIONS}). */
  requesterRoles: readonly Role[];
  /** Who decides a reviewed change; null when the change takes effect at once. */
  decidedBy: StatusChangeDecider | null;
  /** Whether the request names the branch the member goes to (恢复团籍 into a branch). */
  needsTargetBranch: boolean;
  /** The archive entry written when the change takes effect (its request and return have their own kinds). */
  eventKind: MemberEventKind;
  /** Where the rule comes from. */
  source: string;
}

const REQUEST_PERMISSION: Permission = "member:write";
const REQUESTER_ROLES: readonly Role[] = ROLES.filter((role) => roleHasPermission(role, REQUEST_PERMISSION));

type TransitionInput = Pick<MemberStatusTransition, "from" | "to" | "action" | "eventKind" | "source"> &
  Partial<Pick<MemberStatusTransition, "initiatedBy" | "needsTargetBranch">>;

function direct(input: TransitionInput): MemberStatusTransition {
  return {
    requiresReview: false,
    initiatedBy: "user",
    requestPermission: REQUEST_PERMISSION,
    requesterRoles: REQUESTER_ROLES,
    decidedBy: null,
    needsTargetBranch: false,
    ...input,
  };
}

function reviewed(input: TransitionInput): MemberStatusTransition {
  return { ...direct(input), requiresReview: true, decidedBy: "higher_committee" };
}

const AGE_OUT_SOURCE =
  "团章第一章：团员年满二十八周岁，没有在团内担任职务，应该办理离团手续; review by the higher committee: domain.md §2";
const LAPSE_SOURCE =
  "团章第八条：连续六个月不交纳团费、不过团的组织生活，或连续六个月不做团组织分配的工作，被认为是自行脱团，由支部大会决定除名，并报上级委员会批准";
const WITHDRAWAL_SOURCE =
  "团章第八条：团员有退团的自由，由支部大会决定除名，并报上级委员会备案 (the charter asks for filing; domain.md §2 makes every leaving state pass the higher committee's review, which receives the filing)";
const EXPULSION_SOURCE = "团章（团的纪律）：开除团籍由支部大会讨论决定，报上级团委批准; domain.md §2";
const RESTORE_SOURCE =
  "domain.md §2: membership can be restored (恢复团籍) into a branch, after the higher committee's review";
const FLOWING_SOURCE = "domain.md §4: 流动团员, the outflow side sets it up, the inflow side manages";
const TRANSFER_SOURCE =
  "domain.md §4: until a transfer completes the member stays where they were, status transferring";

/** Statuses a member may leave the League from: still a member and not in the middle of a transfer. */
const LEAVABLE_STATUSES = ["active", "flowing"] as const satisfies readonly MemberStatus[];

/**
 * Every allowed status change (domain.md §2, issue 3 part 2). Direct: active ↔ flowing (流动团员),
 * and active ↔ transferring, transferring → transferred_out (转出本系统) and back to active by an
 * incoming paper letter, which only the transfer workflow takes. Reviewed by the higher committee:
 * leaving the League from active or flowing — aged_out 满28周岁离团, lapsed 自行脱团, withdrawn
 * 自愿退团, expelled 开除团籍 — and restoring membership (恢复团籍) from any of those into a branch,
 * as active. Not allowed: leaving while transferring (finish or withdraw the transfer first), going
 * from one leaving state to another, any other change of a member transferred out (the relation is kept
 * by the receiving organization outside tuanwu), and "changing" to the same status.
 */
export const MEMBER_STATUS_TRANSITIONS: readonly MemberStatusTransition[] = [
  direct({
    from: "active",
    to: "transferring",
    action: "start_transfer",
    initiatedBy: "transfer_workflow",
    eventKind: "transfer_started",
    source: TRANSFER_SOURCE,
  }),
  direct({
    from: "transferring",
    to: "active",
    action: "finish_transfer",
    initiatedBy: "transfer_workflow",
    eventKind: "transfer_finished",
    source: `${TRANSFER_SOURCE}; completed, returned or withdrawn, the transfer's own record says which`,
  }),
  direct({
    from: "transferring",
    to: "transferred_out",
    action: "transfer_out",
    initiatedBy: "transfer_workflow",
    eventKind: "transfer_finished",
    source:
      "domain.md §4: a transfer to an organization tuanwu does not hold closes as transferred out, with an introduction letter 组织关系介绍信",
  }),
  direct({
    from: "transferred_out",
    to: "active",
    action: "return_from_outside",
    initiatedBy: "transfer_workflow",
    eventKind: "transfer_finished",
    source:
      "domain.md §4: an incoming paper letter is registered as a transfer in — for a member who left tuanwu, into the receiving branch",
  }),
  direct({
    from: "active",
    to: "flowing",
    action: "start_flowing",
    eventKind: "flowing_started",
    source: FLOWING_SOURCE,
  }),
  direct({
    from: "flowing",
    to: "active",
    action: "end_flowing",
    eventKind: "flowing_ended",
    source: FLOWING_SOURCE,
  }),
  ...LEAVABLE_STATUSES.flatMap((from) => [
    reviewed({
      from,
      to: "aged_out",
      action: "request_age_out",
      eventKind: "aged_out",
      source: AGE_OUT_SOURCE,
    }),
    reviewed({ from, to: "lapsed", action: "request_lapse", eventKind: "lapsed", source: LAPSE_SOURCE }),
    reviewed({
      from,
      to: "withdrawn",
      action: "request_withdrawal",
      eventKind: "withdrawn",
      source: WITHDRAWAL_SOURCE,
    }),
    reviewed({
      from,
      to: "expelled",
      action: "request_expulsion",
      eventKind: "expelled",
      source: EXPULSION_SOURCE,
    }),
  ]),
  ...FORMER_MEMBER_STATUSES.map((from) =>
    reviewed({
      from,
      to: "active",
      action: "request_restore",
      needsTargetBranch: true,
      eventKind: "restored",
      source: RESTORE_SOURCE,
    }),
  ),
];

/** The status changes allowed from `from`, in table order (for the buttons of the member view). */
export function allowedTransitions(from: MemberStatus): MemberStatusTransition[] {
  return MEMBER_STATUS_TRANSITIONS.filter((transition) => transition.from === from);
}

/** The transition from `from` to `to`, or undefined when the state machine has none. */
export function findTransition(from: MemberStatus, to: MemberStatus): MemberStatusTransition | undefined {
  return MEMBER_STATUS_TRANSITIONS.find((transition) => transition.from === from && transition.to === to);
}

/**
 * The one change into `to` that a user applies at once (no review, no target branch: flowing ↔ active,
 * domain.md §4), or undefined when there is none — or more than one, so that the caller must read the
 * member's status first. Lets the immediate path name the status it expects without reading it
 * (server member-status.service: the expected status is checked where the member row is locked).
 */
export function immediateTransitionInto(to: MemberStatus): MemberStatusTransition | undefined {
  const candidates = MEMBER_STATUS_TRANSITIONS.filter(
    (transition) =>
      transition.to === to &&
      transition.initiatedBy === "user" &&
      !transition.requiresReview &&
      !transition.needsTargetBranch,
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** A hint added to the refusal, saying what to do instead. */
function refusalHint(from: MemberStatus, to: MemberStatus): string {
  if (from === to) return "（状态未改变）";
  if (from === "transferring") return "（请先完成或撤回组织关系转接）";
  if (from === "transferred_out") return "（组织关系已转出本系统，凭介绍信转回）";
  if ((FORMER_MEMBER_STATUSES as readonly MemberStatus[]).includes(from))
    return "（已离团，只能申请恢复团籍）";
  if (to === "transferring") return "（请发起组织关系转接）";
  return "";
}

/**
 * The transition from `from` to `to`, refusing a change the state machine does not allow
 * ({@link MEMBER_STATUS_TRANSITIONS}). With `initiatedBy`, also refuses a change that belongs to the
 * other initiator: a user cannot move a member in or out of "transferring" directly; that is the
 * transfer workflow's (domain.md §4).
 *
 * @returns the transition, to read whether it needs a review and what it records.
 * @throws DomainError code "status_transition_not_allowed", field "toStatus", status 422, with a
 *   Chinese message naming both states.
 */
export function assertTransitionAllowed(
  from: MemberStatus,
  to: MemberStatus,
  initiatedBy?: StatusChangeInitiator,
): MemberStatusTransition {
  const transition = findTransition(from, to);
  const fromLabel = MEMBER_STATUS_LABELS[from].zh;
  const toLabel = MEMBER_STATUS_LABELS[to].zh;
  if (transition === undefined) {
    throw new DomainError(
      "status_transition_not_allowed",
      `团籍状态：不能从“${fromLabel}”变为“${toLabel}”${refusalHint(from, to)}`,
      { field: "toStatus", status: 422 },
    );
  }
  if (initiatedBy !== undefined && transition.initiatedBy !== initiatedBy) {
    const reason =
      transition.initiatedBy === "transfer_workflow"
        ? "由组织关系转接流程办理，不能直接修改"
        : "须由团组织提出申请，转接流程不能办理";
    throw new DomainError(
      "status_transition_not_allowed",
      `团籍状态：从“${fromLabel}”变为“${toLabel}”${reason}`,
      { field: "toStatus", status: 422 },
    );
  }
  return transition;
}

/**
 * Refuse an age-out (超龄离团) that the League charter does not call for: the member must be 28 or
 * older on `today` (团章第一章: 团员年满二十八周岁…应该办理离团手续; {@link ageOutDate}), and must not
 * hold a League post. The charter keeps the membership of those who hold one (…没有在团内担任职务…), so
 * while `isCadre` is true the request is refused: the post ends first (离任 under 团干部, which the
 * member record shows as 是否团干部 否 — issue 13 part 1), then the
 * member ages out. This keeps the record from showing a cadre who has left the League. A cadre who
 * wants to leave earlier may still withdraw (自愿退团).
 *
 * @param birthDate "YYYY-MM-DD".
 * @param isCadre whether the member holds a League post (是否团干部).
 * @param today "YYYY-MM-DD", passed in.
 * @throws DomainError code "age_out_under_age" or "age_out_holds_league_post", field "toStatus", status 422.
 * @throws RangeError if a date is malformed.
 */
export function assertAgeOutAllowed(birthDate: string, isCadre: boolean, today: string): void {
  if (!hasReachedAgeOut(birthDate, today)) {
    throw new DomainError(
      "age_out_under_age",
      `团籍状态：未满28周岁，不能办理超龄离团（${ageOutDate(birthDate)}年满28周岁）`,
      { field: "toStatus", status: 422 },
    );
  }
  if (isCadre) {
    throw new DomainError(
      "age_out_holds_league_post",
      "团籍状态：该团员在团内担任职务，按团章保留团籍；在「团干部」页签办理离任后再办理超龄离团",
      { field: "toStatus", status: 422 },
    );
  }
}

/** Months without dues, organizational life or assigned work after which a member is a lapse candidate (团章第八条). */
export const LAPSE_MONTHS = 6;

/** What the lapse rule looks at: the last recorded date of each activity; null when nothing is recorded. */
export interface LapseActivity {
  /** Last month's dues paid (团费), "YYYY-MM-DD". */
  lastDuesPaidOn: string | null;
  /** Last organizational life attended (组织生活: 三会两制一课, 主题团日), "YYYY-MM-DD". */
  lastOrganizationalLifeOn: string | null;
  /** Last work assigned by the League organization and done, "YYYY-MM-DD"; not tracked yet. */
  lastAssignedWorkOn?: string | null;
}

/**
 * Which activity has been missing for six months (see {@link lapseReasons}), or "unregistered":
 * unregistered for over a year (团籍注册, domain.md §5; the server adds it from the registrations).
 */
export type LapseReason = "dues" | "organizational_life" | "assigned_work" | "unregistered";

/**
 * The latest date of a last record that makes a member a lapse candidate on `today`: a record on or
 * before it is {@link LAPSE_MONTHS} months old, i.e. `addMonths(record, 6) <= today` (same day six
 * months later, or that month's last day when the day does not exist). Lets the server build the work
 * list with date comparisons.
 *
 * @throws RangeError if `today` is malformed.
 */
export function lapseThresholdDate(today: string): string {
  const date = requireIsoDate(today, "today");
  const back = requireIsoDate(addMonths(today, -LAPSE_MONTHS), "threshold");
  const lastDayOfMonth = date.day === daysInMonth(date.year, date.month);
  const day = lastDayOfMonth
    ? daysInMonth(back.year, back.month)
    : Math.min(date.day, daysInMonth(back.year, back.month));
  return formatIsoDate({ year: back.year, month: back.month, day });
}

/**
 * The activities a member has gone {@link LAPSE_MONTHS} months without, on `today` (团章第八条:
 * 连续六个月不交纳团费、不过团的组织生活，或连续六个月不做团组织分配的工作). Each is read on its own, so
 * the work list shows anyone the charter might apply to; the branch meeting decides (and judges
 * 正当理由). An activity with no record counts as "not recorded", never as missing: a member with no
 * records at all is not a candidate.
 *
 * @throws RangeError if a date is malformed.
 */
export function lapseReasons(activity: LapseActivity, today: string): LapseReason[] {
  const threshold = lapseThresholdDate(today);
  const stale = (value: string | null | undefined, name: string): boolean => {
    if (value === null || value === undefined) return false;
    requireIsoDate(value, name);
    return compareIsoDates(value, threshold) <= 0;
  };
  const reasons: LapseReason[] = [];
  if (stale(activity.lastDuesPaidOn, "lastDuesPaidOn")) reasons.push("dues");
  if (stale(activity.lastOrganizationalLifeOn, "lastOrganizationalLifeOn"))
    reasons.push("organizational_life");
  if (stale(activity.lastAssignedWorkOn, "lastAssignedWorkOn")) reasons.push("assigned_work");
  return reasons;
}

/**
 * Whether a member belongs on the lapse work list (自行脱团 candidates) on `today`: six months or
 * more without dues, organizational life or assigned work, where recorded ({@link lapseReasons}).
 * Being a candidate changes nothing by itself: the branch meeting decides and the higher committee
 * approves (request_lapse); unpaid dues never end membership alone (domain.md §5).
 *
 * @throws RangeError if a date is malformed.
 */
export function isLapseCandidate(activity: LapseActivity, today: string): boolean {
  return lapseReasons(activity, today).length > 0;
}

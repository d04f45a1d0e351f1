import { z } from "zod";
import { addDays } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { enumSchema, idSchema, isoDateSchema, textSchema } from "../field-schemas";
import type {
  GuardFailure,
  GuardResult,
  GuardWarning,
  WorkflowActorRule,
  WorkflowDefinition,
  WorkflowTransition,
} from "../workflow/workflow";

/**
 * Organization relationship transfers (组织关系转接, domain.md §4; issue 11 part 1) on the one approval
 * engine. The instance's organization (`primary`) is the sending branch; the `counterpart` is the
 * receiving organization — a branch, or a committee that assigns a branch when it accepts. Approvals in
 * order: sending branch → sending committee → receiving branch (or committee) → receiving committee;
 * each may return it with a reason (退回, which ends the transfer: the member is active where they were
 * and a new transfer may be started); the initiator may withdraw it until the receiving side decides.
 * Until completed the member stays in the sending branch as `transferring`, counted there.
 *
 * A transfer OUT of the installation (转出本系统: to an organization tuanwu does not hold, named by its
 * text, no counterpart) has a shorter main line ({@link TRANSFER_OUT_MAIN_LINE}): sending branch →
 * sending committee, whose approval `approve_transfer_out` issues the introduction letter 组织关系介绍信
 * and closes the instance as `transferred_out` (domain.md §4; issue 11 part 3). Pure.
 */
export const TRANSFER_STATES = [
  "awaiting_sending_branch",
  "awaiting_sending_committee",
  "awaiting_receiving_branch",
  "awaiting_receiving_committee",
  "completed",
  "transferred_out",
  "returned",
  "withdrawn",
] as const;

/** A state of {@link TRANSFER_STATES}. */
export type TransferState = (typeof TRANSFER_STATES)[number];

/** Display labels of {@link TRANSFER_STATES}. */
export const TRANSFER_STATE_LABELS: Readonly<Record<TransferState, Label>> = {
  awaiting_sending_branch: { zh: "待转出团支部审核", en: "Awaiting the sending branch" },
  awaiting_sending_committee: { zh: "待转出团委审核", en: "Awaiting the sending committee" },
  awaiting_receiving_branch: { zh: "待转入组织接收", en: "Awaiting the receiving organization" },
  awaiting_receiving_committee: { zh: "待转入团委审核", en: "Awaiting the receiving committee" },
  completed: { zh: "转接完成", en: "Completed" },
  transferred_out: { zh: "已转出本系统", en: "Transferred out of the installation" },
  returned: { zh: "已退回", en: "Returned" },
  withdrawn: { zh: "已撤回", en: "Withdrawn" },
};

/** The actions of a transfer. */
export const TRANSFER_ACTIONS = [
  "approve_sending_branch",
  "approve_sending_committee",
  "approve_transfer_out",
  "accept_receiving",
  "approve_receiving_committee",
  "return_transfer",
  "withdraw_by_member",
  "withdraw_by_sending",
  "withdraw_by_receiving",
  "auto_return",
] as const;

/** An action of {@link TRANSFER_ACTIONS}. */
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

/** Who started a transfer: the sending side, the receiving side, or the member themself. */
export const TRANSFER_INITIATORS = ["sending", "receiving", "member"] as const;

/** An initiator of {@link TRANSFER_INITIATORS}. */
export type TransferInitiator = (typeof TRANSFER_INITIATORS)[number];

/** The standard reasons of a transfer (the national registry's list, domain.md §4). */
export const TRANSFER_REASONS = [
  "further_study",
  "employed_with_league_organization",
  "employed_without_league_organization",
  "moved_residence",
  "abroad",
  "military",
  "other",
] as const;

/** A reason of {@link TRANSFER_REASONS}. */
export type TransferReason = (typeof TRANSFER_REASONS)[number];

/** Display labels of {@link TRANSFER_REASONS}. */
export const TRANSFER_REASON_LABELS: Readonly<Record<TransferReason, Label>> = {
  further_study: { zh: "升学", en: "Further study" },
  employed_with_league_organization: {
    zh: "就业（单位已建团组织）",
    en: "Employed at a unit with a League organization",
  },
  employed_without_league_organization: {
    zh: "就业（单位未建团组织）",
    en: "Employed at a unit without a League organization",
  },
  moved_residence: { zh: "居住地变动", en: "Moved residence" },
  abroad: { zh: "出国（境）", en: "Abroad" },
  military: { zh: "参军入伍", en: "Military service" },
  other: { zh: "其他", en: "Other" },
};

/** The kinds of a transfer (domain.md §4). */
export const TRANSFER_KINDS = ["ordinary", "school_to_school", "school_to_society", "migrant"] as const;

/** A kind of {@link TRANSFER_KINDS}. */
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** Display labels of {@link TRANSFER_KINDS}. */
export const TRANSFER_KIND_LABELS: Readonly<Record<TransferKind, Label>> = {
  ordinary: { zh: "一般转接", en: "Ordinary" },
  school_to_school: { zh: "升学衔接", en: "School to next school" },
  school_to_society: { zh: "学社衔接", en: "Graduate to workplace or residence" },
  migrant: { zh: "流动团员", en: "Migrant member" },
};

/** What the server gathers before asking the engine about a transfer step. */
export interface TransferFacts {
  /** Today's date (the clock is passed in). */
  today: string;
  initiator: TransferInitiator;
  /**
   * The receiving organization is outside the installation (转出本系统: named by text, no counterpart):
   * the sending committee's approval is then `approve_transfer_out`, which issues the letter.
   */
  outOfInstallation: boolean;
  /** The receiving organization is a branch (团支部); otherwise accepting must assign one below it. */
  counterpartIsBranch: boolean;
  /**
   * The branch named by `assignedBranchId`, as the server found it: under the receiving organization
   * and a branch (`ok`), or why not; null when the payload names none.
   */
  assignedBranch: { ok: true } | { ok: false; message: string } | null;
  /** The China date (Asia/Shanghai) the instance last changed state (its last step), for the automatic return. */
  lastStepOn: string;
  /** Whether this is a graduate of the season (学社衔接 / 升学衔接), for the season's deadlines. */
  graduateSeason: boolean;
  /**
   * The approval deadline of the season that applies (the sending side's committee's setting,
   * transfer_season); absent: 30 Sep of `today`'s year.
   */
  approvedBy?: string;
}

const reasonSchema = textSchema("理由", 500);

/** What each step records (validated before the engine is asked: 400 naming the field). */
export const TRANSFER_PAYLOAD_SCHEMAS = {
  approve_sending_branch: z.strictObject({ note: textSchema("审核意见", 500).optional() }),
  approve_sending_committee: z.strictObject({ note: textSchema("审核意见", 500).optional() }),
  approve_transfer_out: z.strictObject({ note: textSchema("审核意见", 500).optional() }),
  accept_receiving: z.strictObject({
    assignedBranchId: idSchema("接收团支部").optional(),
    note: textSchema("审核意见", 500).optional(),
  }),
  approve_receiving_committee: z.strictObject({
    note: textSchema("审核意见", 500).optional(),
    acknowledgedWarnings: z.array(z.string().max(60)).max(10).optional(),
  }),
  return_transfer: z.strictObject({ reason: reasonSchema }),
  withdraw_by_member: z.strictObject({ reason: reasonSchema.optional() }),
  withdraw_by_sending: z.strictObject({ reason: reasonSchema.optional() }),
  withdraw_by_receiving: z.strictObject({ reason: reasonSchema.optional() }),
  auto_return: z.strictObject({ reason: reasonSchema }),
} satisfies Record<TransferAction, z.ZodType>;

/**
 * What starting a transfer records (the instance's opening; validated before anything is written).
 * The receiving side is either an organization of the installation (`toOrganizationId`) or, for a
 * transfer out of it (转出本系统), one tuanwu does not hold: `toExternalName` with an optional address
 * and contact, printed on the introduction letter. Exactly one of the two ({@link transferDestinationProblem}).
 */
export const transferStartSchema = z.strictObject({
  memberId: idSchema("团员"),
  toOrganizationId: idSchema("转入组织").optional(),
  toExternalName: textSchema("转往组织名称", 100).optional(),
  toExternalAddress: textSchema("转往组织地址", 200).optional(),
  toExternalContact: textSchema("转往组织联系人及电话", 100).optional(),
  reason: enumSchema("转接原因", TRANSFER_REASONS),
  kind: enumSchema("转接类型", TRANSFER_KINDS),
  startedOn: isoDateSchema("申请日期"),
  note: textSchema("说明", 500).optional(),
});

/**
 * What is wrong with a start's destination, as a field and a Chinese message naming it, or null:
 * neither an organization of the installation nor an outside one named; both named; an address or
 * contact without an outside organization's name.
 */
export function transferDestinationProblem(start: {
  toOrganizationId?: number | undefined;
  toExternalName?: string | undefined;
  toExternalAddress?: string | undefined;
  toExternalContact?: string | undefined;
}): { field: string; message: string } | null {
  const external = start.toExternalName !== undefined && start.toExternalName.trim() !== "";
  if (start.toOrganizationId !== undefined && external) {
    return {
      field: "toExternalName",
      message: "转往组织名称：已选择本系统内的转入组织时不能再填写系统外组织",
    };
  }
  if (start.toOrganizationId === undefined && !external) {
    if (start.toExternalAddress !== undefined || start.toExternalContact !== undefined) {
      return { field: "toExternalName", message: "转往组织名称：转出本系统时必须填写转往组织名称" };
    }
    return {
      field: "toOrganizationId",
      message: "转入组织：请选择本系统内的转入组织，或填写转往的系统外组织名称",
    };
  }
  return null;
}

/** The steps of a transfer out of the installation (转出本系统), in order. */
export const TRANSFER_OUT_MAIN_LINE = [
  "awaiting_sending_branch",
  "awaiting_sending_committee",
  "transferred_out",
] as const satisfies readonly TransferState[];

/** Season deadlines of graduates' transfers (domain.md §4): initiated, approved, done. Month-day. */
export const GRADUATE_SEASON_DEADLINES = {
  initiatedBy: "08-31",
  approvedBy: "09-30",
  doneBy: "10-31",
} as const;

/** After 30 Sep, an application not reviewed within this many days is returned automatically (domain.md §4). */
export const AUTO_RETURN_AFTER_DAYS = 10;

const SENDING_BRANCH: WorkflowActorRule = { place: "own_organization", permission: "member:write" };
const SENDING_COMMITTEE: WorkflowActorRule = { place: "higher_committee", permission: "member:write" };
const RECEIVING_ORGANIZATION: WorkflowActorRule = {
  place: "own_organization",
  permission: "member:write",
  side: "counterpart",
};
const RECEIVING_COMMITTEE: WorkflowActorRule = {
  place: "higher_committee",
  permission: "member:write",
  side: "counterpart",
};
const MEMBER: WorkflowActorRule = { place: "subject", permission: null };
/** The county committee's scheduled job acting for the season rule (a system account holds it). */
const SEASON_JOB: WorkflowActorRule = { place: "higher_committee", permission: "member:write" };

/** Until the receiving side decides, the initiator may withdraw (domain.md §4). */
const BEFORE_RECEIVING_DECIDES = [
  "awaiting_sending_branch",
  "awaiting_sending_committee",
  "awaiting_receiving_branch",
] as const satisfies readonly TransferState[];

const OPEN_STATES = [
  ...BEFORE_RECEIVING_DECIDES,
  "awaiting_receiving_committee",
] as const satisfies readonly TransferState[];

const noGuard = (): GuardResult => ({ failures: [] });

function initiatorIs(initiator: TransferInitiator): (facts: TransferFacts) => GuardResult {
  return (facts) =>
    facts.initiator === initiator
      ? { failures: [] }
      : {
          failures: [{ code: "not_initiator", field: "action", message: "操作：只有发起方可以撤回转接申请" }],
        };
}

/**
 * The season's deadline warnings for a graduate's transfer being approved on `today`: approved after
 * 30 Sep, or after 31 Oct (the season is over). [] outside the season or for other transfers.
 */
export function graduateSeasonWarnings(
  facts: Pick<TransferFacts, "today" | "graduateSeason">,
): GuardWarning[] {
  if (!facts.graduateSeason) return [];
  const monthDay = facts.today.slice(5);
  if (monthDay > GRADUATE_SEASON_DEADLINES.doneBy) {
    return [{ code: "season_over", message: "毕业季转接应于10月31日前完成，已超期" }];
  }
  if (monthDay > GRADUATE_SEASON_DEADLINES.approvedBy) {
    return [{ code: "season_approval_late", message: "毕业季转接应于9月30日前审批，已超期" }];
  }
  return [];
}

/**
 * Whether a transfer last changed on `lastStepOn` is overdue on `today` (domain.md §4): after 30 Sep of
 * the year (or the configured approval deadline `approvedBy`), not reviewed within
 * {@link AUTO_RETURN_AFTER_DAYS} days of its last step or of that deadline.
 */
export function isOverdueAfterSeason(lastStepOn: string, today: string, approvedBy?: string): boolean {
  const seasonCut = approvedBy ?? `${today.slice(0, 4)}-${GRADUATE_SEASON_DEADLINES.approvedBy}`;
  if (today <= seasonCut) return false;
  const from = lastStepOn > seasonCut ? lastStepOn : seasonCut;
  return today > addDays(from, AUTO_RETURN_AFTER_DAYS);
}

/** Whether an open transfer in `state` is due for the automatic return (see {@link isOverdueAfterSeason}). */
export function isDueForAutoReturn(
  state: TransferState,
  lastStepOn: string,
  today: string,
  approvedBy?: string,
): boolean {
  return (
    (OPEN_STATES as readonly string[]).includes(state) && isOverdueAfterSeason(lastStepOn, today, approvedBy)
  );
}

type TransferTransition = WorkflowTransition<TransferState, TransferAction, TransferFacts>;

const TRANSITIONS: readonly TransferTransition[] = [
  {
    action: "approve_sending_branch",
    label: { zh: "转出团支部同意", en: "Sending branch approves" },
    from: ["awaiting_sending_branch"],
    to: { kind: "state", state: "awaiting_sending_committee" },
    actor: SENDING_BRANCH,
    guard: noGuard,
    source: "domain.md §4: approvals in order — sending branch",
  },
  {
    action: "approve_sending_committee",
    label: { zh: "转出团委同意", en: "Sending committee approves" },
    from: ["awaiting_sending_committee"],
    to: { kind: "state", state: "awaiting_receiving_branch" },
    actor: SENDING_COMMITTEE,
    guard: (facts) =>
      facts.outOfInstallation
        ? {
            failures: [
              {
                code: "transfer_out_needs_letter",
                field: "action",
                message: "操作：转往系统外组织的转接由转出团委“同意并开具介绍信”办理",
              },
            ],
          }
        : { failures: [] },
    source: "domain.md §4: approvals in order — its committee",
  },
  {
    action: "approve_transfer_out",
    label: { zh: "转出团委同意并开具介绍信", en: "Sending committee approves and issues the letter" },
    from: ["awaiting_sending_committee"],
    to: { kind: "state", state: "transferred_out" },
    actor: SENDING_COMMITTEE,
    guard: (facts) =>
      facts.outOfInstallation
        ? { failures: [], warnings: graduateSeasonWarnings(facts) }
        : {
            failures: [
              {
                code: "not_out_of_installation",
                field: "action",
                message: "操作：只有转往系统外组织的转接开具组织关系介绍信",
              },
            ],
          },
    source:
      "domain.md §4: a transfer to an organization tuanwu does not hold produces a printable introduction letter and closes as transferred out (issue 11 part 3)",
  },
  {
    action: "accept_receiving",
    label: { zh: "转入组织接收", en: "Receiving organization accepts" },
    from: ["awaiting_receiving_branch"],
    to: { kind: "state", state: "awaiting_receiving_committee" },
    actor: RECEIVING_ORGANIZATION,
    guard: (facts, payload) => {
      const failures: GuardFailure[] = [];
      const named = payload.assignedBranchId !== undefined;
      if (!facts.counterpartIsBranch && !named) {
        failures.push({
          code: "branch_not_assigned",
          field: "assignedBranchId",
          message: "接收团支部：转入组织不是团支部，接收时须指定团支部",
        });
      }
      if (named && facts.assignedBranch !== null && !facts.assignedBranch.ok) {
        failures.push({
          code: "assigned_branch_invalid",
          field: "assignedBranchId",
          message: `接收团支部：${facts.assignedBranch.message}`,
        });
      }
      return { failures };
    },
    source: "domain.md §4: receiving branch (or committee, which then assigns a branch)",
  },
  {
    action: "approve_receiving_committee",
    label: { zh: "转入团委同意", en: "Receiving committee approves" },
    from: ["awaiting_receiving_committee"],
    to: { kind: "state", state: "completed" },
    actor: RECEIVING_COMMITTEE,
    guard: (facts) => ({ failures: [], warnings: graduateSeasonWarnings(facts) }),
    source: "domain.md §4: approvals in order — its committee; season deadlines 30 Sep / 31 Oct",
  },
  {
    action: "return_transfer",
    label: { zh: "退回", en: "Return" },
    from: ["awaiting_sending_committee", "awaiting_receiving_branch", "awaiting_receiving_committee"],
    to: { kind: "state", state: "returned" },
    // Each approver returns at its own step: whoever the current state awaits.
    actor: "awaited",
    guard: noGuard,
    source: "domain.md §4: any of them may return it with a reason",
  },
  {
    action: "withdraw_by_member",
    label: { zh: "撤回转接申请", en: "Withdraw (member)" },
    from: BEFORE_RECEIVING_DECIDES,
    to: { kind: "state", state: "withdrawn" },
    actor: MEMBER,
    guard: initiatorIs("member"),
    source: "domain.md §4: the initiator may withdraw it until the receiving side decides",
  },
  {
    action: "withdraw_by_sending",
    label: { zh: "撤回转接申请", en: "Withdraw (sending side)" },
    from: BEFORE_RECEIVING_DECIDES,
    to: { kind: "state", state: "withdrawn" },
    actor: SENDING_BRANCH,
    guard: initiatorIs("sending"),
    source: "domain.md §4: the initiator may withdraw it until the receiving side decides",
  },
  {
    action: "withdraw_by_receiving",
    label: { zh: "撤回转接申请", en: "Withdraw (receiving side)" },
    from: BEFORE_RECEIVING_DECIDES,
    to: { kind: "state", state: "withdrawn" },
    actor: RECEIVING_ORGANIZATION,
    guard: initiatorIs("receiving"),
    source: "domain.md §4: the initiator may withdraw it until the receiving side decides",
  },
  {
    action: "auto_return",
    label: { zh: "超期自动退回", en: "Returned automatically (overdue)" },
    from: OPEN_STATES,
    to: { kind: "state", state: "returned" },
    actor: SEASON_JOB,
    guard: (facts) =>
      isOverdueAfterSeason(facts.lastStepOn, facts.today, facts.approvedBy)
        ? { failures: [] }
        : {
            failures: [
              {
                code: "not_overdue",
                field: "action",
                message: `操作：9月30日后${AUTO_RETURN_AFTER_DAYS}天未审核的申请才自动退回`,
              },
            ],
          },
    source: "domain.md §4: after 30 Sep an application not reviewed within 10 days is returned automatically",
  },
];

/** The transfer workflow (组织关系转接) as the approval engine runs it. */
export const TRANSFER_WORKFLOW: WorkflowDefinition<TransferState, TransferAction, TransferFacts> = {
  kind: "member_transfer",
  label: { zh: "组织关系转接", en: "Organization relationship transfer" },
  states: TRANSFER_STATES,
  stateLabels: TRANSFER_STATE_LABELS,
  initial: "awaiting_sending_branch",
  mainLine: [
    "awaiting_sending_branch",
    "awaiting_sending_committee",
    "awaiting_receiving_branch",
    "awaiting_receiving_committee",
    "completed",
  ],
  terminal: ["completed", "transferred_out", "returned", "withdrawn"],
  paused: null,
  awaiting: {
    awaiting_sending_branch: SENDING_BRANCH,
    awaiting_sending_committee: SENDING_COMMITTEE,
    awaiting_receiving_branch: RECEIVING_ORGANIZATION,
    awaiting_receiving_committee: RECEIVING_COMMITTEE,
    completed: null,
    transferred_out: null,
    returned: null,
    withdrawn: null,
  },
  transitions: TRANSITIONS,
};

/**
 * The steps a newly started transfer has already passed, by initiator: the sending branch starting
 * it approves its own step at once; the member or the receiving side wait for it.
 */
export function transferStartingState(initiator: TransferInitiator): TransferState {
  return initiator === "sending" ? "awaiting_sending_committee" : "awaiting_sending_branch";
}

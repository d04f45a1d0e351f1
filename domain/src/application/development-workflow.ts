import { z } from "zod";
import { addDays, addMonths } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { enumSchema, idSchema, isoDateSchema, textSchema } from "../field-schemas";
import { AGE_OUT_AGE, ageOn, MINIMUM_JOIN_AGE } from "../member/age";
import type {
  GuardFailure,
  GuardResult,
  GuardWarning,
  WorkflowActorRule,
  WorkflowDefinition,
  WorkflowTransition,
} from "../workflow/workflow";
import { assessBranchVote } from "./branch-vote";

/**
 * Member development (发展团员, domain.md §3; issue 10 part 2) on the approval engine: written application
 * 入团申请 (talk within a month) → candidate 入团积极分子 (推优 or other) → ≥ 3 months of training with
 * 1–2 mentors 培养联系人 and the prerequisites of the points scheme → development target 发展对象,
 * proposed by the branch and pre-checked by the committee above, which issues the 入团志愿书 → two
 * sponsors 入团介绍人 → branch general meeting vote (the join date) → higher committee approval, a member
 * number from the quota → oath 入团仪式 (the member record is created) → the signed 入团志愿书 uploaded
 * within 30 days and verified. Side exits: returned to a named earlier step with a reason, deferred 暂缓
 * and resumed, rejected, withdrawn. Every date of the chain is in order and none is in the future.
 */
export const DEVELOPMENT_STATES = [
  "applied",
  "talked",
  "candidate",
  "target_proposed",
  "development_target",
  "sponsored",
  "branch_voted",
  "approved",
  "admitted",
  "archived",
  "deferred",
  "rejected",
  "withdrawn",
] as const;

/** A state of {@link DEVELOPMENT_STATES}. */
export type DevelopmentState = (typeof DEVELOPMENT_STATES)[number];

/** Display labels of {@link DEVELOPMENT_STATES} (the pipeline board's columns). */
export const DEVELOPMENT_STATE_LABELS: Readonly<Record<DevelopmentState, Label>> = {
  applied: { zh: "已递交入团申请", en: "Applied" },
  talked: { zh: "已谈话", en: "Talked with" },
  candidate: { zh: "入团积极分子", en: "Candidate" },
  target_proposed: { zh: "发展对象待预审", en: "Development target proposed" },
  development_target: { zh: "发展对象", en: "Development target" },
  sponsored: { zh: "已确定入团介绍人", en: "Sponsors named" },
  branch_voted: { zh: "支部大会已通过", en: "Passed by the branch meeting" },
  approved: { zh: "上级团委已批准", en: "Approved" },
  admitted: { zh: "已入团", en: "Admitted" },
  archived: { zh: "入团志愿书已归档", en: "Form archived" },
  deferred: { zh: "暂缓", en: "Deferred" },
  rejected: { zh: "未通过", en: "Rejected" },
  withdrawn: { zh: "已撤回", en: "Withdrawn" },
};

/** The actions of member development. */
export const DEVELOPMENT_ACTIONS = [
  "record_talk",
  "name_candidate",
  "propose_development_target",
  "precheck_development_target",
  "name_sponsors",
  "record_branch_vote",
  "approve_admission",
  "record_oath",
  "verify_application_form",
  "return_to_step",
  "defer",
  "resume",
  "reject",
  "withdraw",
] as const;

/** An action of {@link DEVELOPMENT_ACTIONS}. */
export type DevelopmentAction = (typeof DEVELOPMENT_ACTIONS)[number];

/** How a candidate was put forward (推优入团 or otherwise). */
export const CANDIDATE_SOURCES = ["young_pioneers", "class_recommendation", "other"] as const;

/** A source of {@link CANDIDATE_SOURCES}. */
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];

/** Display labels of {@link CANDIDATE_SOURCES}. */
export const CANDIDATE_SOURCE_LABELS: Readonly<Record<CandidateSource, Label>> = {
  young_pioneers: { zh: "少先队推优", en: "Recommended by the Young Pioneers" },
  class_recommendation: { zh: "班级推优", en: "Recommended by the class" },
  other: { zh: "其他", en: "Other" },
};

/** The dated steps, in chain order, each with the payload field that carries its date. */
export const DEVELOPMENT_DATE_STEPS = [
  { action: "register", field: "applicationDate", label: "申请日期" },
  { action: "record_talk", field: "talkDate", label: "谈话日期" },
  { action: "name_candidate", field: "candidateNamedOn", label: "确定为入团积极分子日期" },
  { action: "propose_development_target", field: "targetProposedOn", label: "确定为发展对象日期" },
  { action: "precheck_development_target", field: "precheckedOn", label: "预审日期" },
  { action: "name_sponsors", field: "sponsorsNamedOn", label: "确定入团介绍人日期" },
  { action: "record_branch_vote", field: "voteDate", label: "支部大会日期" },
  { action: "approve_admission", field: "approvedOn", label: "批准日期" },
  { action: "record_oath", field: "oathDate", label: "入团仪式日期" },
  { action: "verify_application_form", field: "formVerifiedOn", label: "入团志愿书认证日期" },
] as const;

/** A dated field of {@link DEVELOPMENT_DATE_STEPS}. */
export type DevelopmentDateField = (typeof DEVELOPMENT_DATE_STEPS)[number]["field"];

/** A member named as mentor or sponsor, as the server found them. */
export interface NamedMemberFacts {
  name: string;
  /** Status 正常 (active); only active members may be mentors or sponsors. */
  active: boolean;
  /** The applicant themself (never their own sponsor or mentor). */
  isApplicant: boolean;
}

/** What the server gathers before asking the engine about a development step. */
export interface DevelopmentFacts {
  /** Today's date (the clock is passed in). */
  today: string;
  applicantBirthDate: string;
  /** Dates recorded by the steps taken so far (the current chain; a return clears later ones). */
  recorded: Readonly<Partial<Record<DevelopmentDateField, string>>>;
  /** Every member id the payload names (mentors, sponsors), looked up; a missing id was not found in scope. */
  namedMembers: Readonly<Record<number, NamedMemberFacts>>;
  /** Unmet prerequisites of the points scheme (scoreApplicant().missing); [] when met. */
  missingPrerequisites: readonly GuardFailure[];
  /** Admissions left in the quota the approval draws on; null when the organization has no quota this year. */
  quotaAvailable: number | null;
  /** Ratio caps an approval would cross (admissionRatioWarnings). */
  ratioWarnings: readonly GuardWarning[];
  /** When the signed 入团志愿书 was uploaded to the archive; null when not yet. */
  signedFormUploadedOn: string | null;
}

const reasonSchema = textSchema("理由", 500);
const acknowledged = z.array(z.string().max(60)).max(10).optional();

/**
 * What each step records, validated before the engine is asked (400 naming the field). Dates are
 * "YYYY-MM-DD"; ids are member ids.
 */
export const DEVELOPMENT_PAYLOAD_SCHEMAS = {
  record_talk: z.strictObject({
    talkDate: isoDateSchema("谈话日期"),
    note: textSchema("谈话记录", 2000).optional(),
    acknowledgedWarnings: acknowledged,
  }),
  name_candidate: z.strictObject({
    candidateNamedOn: isoDateSchema("确定为入团积极分子日期"),
    source: enumSchema("推荐方式", CANDIDATE_SOURCES),
    mentorMemberIds: z
      .array(idSchema("培养联系人"))
      .min(1, { error: "培养联系人：需要1至2名" })
      .max(2, { error: "培养联系人：需要1至2名" }),
  }),
  propose_development_target: z.strictObject({ targetProposedOn: isoDateSchema("确定为发展对象日期") }),
  precheck_development_target: z.strictObject({ precheckedOn: isoDateSchema("预审日期") }),
  name_sponsors: z.strictObject({
    sponsorsNamedOn: isoDateSchema("确定入团介绍人日期"),
    sponsorMemberIds: z.array(idSchema("入团介绍人")).length(2, { error: "入团介绍人：需要2名" }),
  }),
  record_branch_vote: z.strictObject({
    voteDate: isoDateSchema("支部大会日期"),
    votingMembers: z.number({ error: "应到人数：应为数字" }),
    present: z.number({ error: "实到人数：应为数字" }),
    yes: z.number({ error: "赞成票数：应为数字" }),
  }),
  approve_admission: z.strictObject({
    approvedOn: isoDateSchema("批准日期"),
    acknowledgedWarnings: acknowledged,
  }),
  record_oath: z.strictObject({ oathDate: isoDateSchema("入团仪式日期") }),
  verify_application_form: z.strictObject({
    formVerifiedOn: isoDateSchema("入团志愿书认证日期"),
    acknowledgedWarnings: acknowledged,
  }),
  return_to_step: z.strictObject({
    toState: enumSchema("退回环节", DEVELOPMENT_STATES),
    reason: reasonSchema,
  }),
  defer: z.strictObject({ reason: reasonSchema }),
  resume: z.strictObject({ reason: reasonSchema.optional() }),
  reject: z.strictObject({ reason: reasonSchema }),
  withdraw: z.strictObject({ reason: reasonSchema.optional() }),
} satisfies Record<DevelopmentAction, z.ZodType>;

/** Training lasts at least 3 months from being named a candidate (domain.md §3). */
export const MINIMUM_TRAINING_MONTHS = 3;
/** The branch talks with an applicant within one month of the application (domain.md §3). */
export const TALK_WITHIN_MONTHS = 1;
/** The signed 入团志愿书 is uploaded within 30 days of admission (domain.md §3). */
export const SIGNED_FORM_WITHIN_DAYS = 30;

/** Place and permission of the branch (its secretary, or an administrator above). */
const BRANCH: WorkflowActorRule = { place: "own_organization", permission: "member:write" };
/** The higher committee (上级团委): strictly above the branch. */
const HIGHER_COMMITTEE: WorkflowActorRule = { place: "higher_committee", permission: "member:write" };
/** The applicant, signed in. */
const APPLICANT: WorkflowActorRule = { place: "subject", permission: null };

/** Open states before the approval: where an application can still be deferred, rejected or withdrawn. */
const BEFORE_APPROVAL = [
  "applied",
  "talked",
  "candidate",
  "target_proposed",
  "development_target",
  "sponsored",
  "branch_voted",
] as const satisfies readonly DevelopmentState[];

/**
 * The date `field` of the payload, checked against the chain: not in the future, not before the
 * previous recorded step's date. Returns the date (or null when malformed) and the failures.
 */
function chainedDate(
  facts: DevelopmentFacts,
  payload: Record<string, unknown>,
  field: DevelopmentDateField,
): { date: string | null; failures: GuardFailure[] } {
  const value = payload[field];
  const index = DEVELOPMENT_DATE_STEPS.findIndex((step) => step.field === field);
  const step = DEVELOPMENT_DATE_STEPS[index];
  if (typeof value !== "string" || step === undefined) return { date: null, failures: [] };
  const failures: GuardFailure[] = [];
  if (value > facts.today) {
    failures.push({
      code: "date_in_future",
      field,
      message: `${step.label}：不能晚于今天（${facts.today}）`,
    });
  }
  for (let previous = index - 1; previous >= 0; previous -= 1) {
    const earlier = DEVELOPMENT_DATE_STEPS[previous];
    const recorded = earlier === undefined ? undefined : facts.recorded[earlier.field];
    if (earlier === undefined || recorded === undefined) continue;
    if (value < recorded) {
      failures.push({
        code: "date_out_of_order",
        field,
        message: `${step.label}：不能早于${earlier.label}（${recorded}）`,
      });
    }
    break;
  }
  return { date: value, failures };
}

function namedMemberFailures(
  facts: DevelopmentFacts,
  ids: readonly number[],
  field: string,
  role: string,
): GuardFailure[] {
  const failures: GuardFailure[] = [];
  if (new Set(ids).size !== ids.length) {
    failures.push({ code: "named_member_repeated", field, message: `${role}：不能重复` });
  }
  for (const id of ids) {
    const member = facts.namedMembers[id];
    if (member === undefined) {
      failures.push({ code: "named_member_not_found", field, message: `${role}：找不到编号为${id}的团员` });
    } else if (member.isApplicant) {
      failures.push({ code: "named_member_is_applicant", field, message: `${role}：不能是申请人本人` });
    } else if (!member.active) {
      failures.push({
        code: "named_member_not_active",
        field,
        message: `${role}：${member.name}不是正常状态的团员`,
      });
    }
  }
  return failures;
}

function dateOnly(
  field: DevelopmentDateField,
): (facts: DevelopmentFacts, payload: Record<string, unknown>) => GuardResult {
  return (facts, payload) => ({ failures: chainedDate(facts, payload, field).failures });
}

/** The guard of a step that names members (mentors, sponsors) on a date of the chain. */
function namingMembers(
  dateField: DevelopmentDateField,
  idsField: string,
  role: string,
): (facts: DevelopmentFacts, payload: Record<string, unknown>) => GuardResult {
  return (facts, payload) => {
    const value = payload[idsField];
    const ids = Array.isArray(value) ? value.filter((id): id is number => typeof id === "number") : [];
    return {
      failures: [
        ...chainedDate(facts, payload, dateField).failures,
        ...namedMemberFailures(facts, ids, idsField, role),
      ],
    };
  };
}

const noGuard = (): GuardResult => ({ failures: [] });

type DevelopmentTransition = WorkflowTransition<DevelopmentState, DevelopmentAction, DevelopmentFacts>;

const TRANSITIONS: readonly DevelopmentTransition[] = [
  {
    action: "record_talk",
    label: { zh: "记录谈话", en: "Record the talk" },
    from: ["applied"],
    to: { kind: "state", state: "talked" },
    actor: BRANCH,
    guard: (facts, payload) => {
      const { date, failures } = chainedDate(facts, payload, "talkDate");
      const warnings: GuardWarning[] = [];
      const applied = facts.recorded.applicationDate;
      if (date !== null && applied !== undefined && date > addMonths(applied, TALK_WITHIN_MONTHS)) {
        warnings.push({
          code: "talk_late",
          message: `谈话晚于申请后一个月（应在${addMonths(applied, TALK_WITHIN_MONTHS)}前）`,
        });
      }
      return { failures, warnings };
    },
    source: "domain.md §3: the branch talks with the applicant within one month",
  },
  {
    action: "name_candidate",
    label: { zh: "确定为入团积极分子", en: "Name as candidate" },
    from: ["talked"],
    to: { kind: "state", state: "candidate" },
    actor: BRANCH,
    guard: namingMembers("candidateNamedOn", "mentorMemberIds", "培养联系人"),
    source: "domain.md §3: named a candidate by the branch committee (推优入团), 1–2 mentors 培养联系人",
  },
  {
    action: "propose_development_target",
    label: { zh: "确定为发展对象", en: "Propose as development target" },
    from: ["candidate"],
    to: { kind: "state", state: "target_proposed" },
    actor: BRANCH,
    guard: (facts, payload) => {
      const { date, failures } = chainedDate(facts, payload, "targetProposedOn");
      const named = facts.recorded.candidateNamedOn;
      if (date !== null && named !== undefined && date < addMonths(named, MINIMUM_TRAINING_MONTHS)) {
        failures.push({
          code: "training_too_short",
          field: "targetProposedOn",
          message: `确定为发展对象日期：培养考察不足${MINIMUM_TRAINING_MONTHS}个月（${addMonths(named, MINIMUM_TRAINING_MONTHS)}起方可确定）`,
        });
      }
      return { failures: [...failures, ...facts.missingPrerequisites] };
    },
    source: "domain.md §3: ≥ 3 months of training, ≥ 8 class hours of 团课, points 积分入团 and peer review",
  },
  {
    action: "precheck_development_target",
    label: { zh: "预审发展对象", en: "Pre-check the development target" },
    from: ["target_proposed"],
    to: { kind: "state", state: "development_target" },
    actor: HIGHER_COMMITTEE,
    guard: dateOnly("precheckedOn"),
    source: "domain.md §3: pre-checked by the grassroots committee, which issues the 入团志愿书",
  },
  {
    action: "name_sponsors",
    label: { zh: "确定入团介绍人", en: "Name two sponsors" },
    from: ["development_target"],
    to: { kind: "state", state: "sponsored" },
    actor: BRANCH,
    guard: namingMembers("sponsorsNamedOn", "sponsorMemberIds", "入团介绍人"),
    source: "domain.md §3: two sponsors 入团介绍人, active members, not the applicant",
  },
  {
    action: "record_branch_vote",
    label: { zh: "记录支部大会表决", en: "Record the branch meeting vote" },
    from: ["sponsored"],
    to: { kind: "state", state: "branch_voted" },
    actor: BRANCH,
    guard: (facts, payload) => {
      const { date, failures } = chainedDate(facts, payload, "voteDate");
      const vote = assessBranchVote({
        votingMembers: Number(payload.votingMembers),
        present: Number(payload.present),
        yes: Number(payload.yes),
      });
      failures.push(...vote.failures);
      if (vote.failures.length === 0 && !vote.passed) {
        failures.push({
          code: "vote_not_passed",
          field: "yes",
          message: vote.quorate
            ? `赞成票数：${String(payload.yes)}票未超过实到人数${String(payload.present)}人的半数，表决未通过`
            : `实到人数：${String(payload.present)}人未超过应到人数${String(payload.votingMembers)}人的半数，会议无效`,
        });
      }
      if (date !== null) {
        const age = ageOn(facts.applicantBirthDate, date);
        if (age < MINIMUM_JOIN_AGE || age >= AGE_OUT_AGE) {
          failures.push({
            code: "applicant_age_out_of_range",
            field: "voteDate",
            message: `支部大会日期：申请人当日${age}周岁，入团须年满${MINIMUM_JOIN_AGE}周岁、不满${AGE_OUT_AGE}周岁`,
          });
        }
      }
      return { failures };
    },
    source:
      "domain.md §3: more than half of voting members present, more than half of those present agree; join date = vote date; 团章: 14–28",
  },
  {
    action: "approve_admission",
    label: { zh: "批准入团", en: "Approve the admission" },
    from: ["branch_voted"],
    to: { kind: "state", state: "approved" },
    actor: HIGHER_COMMITTEE,
    guard: (facts, payload) => {
      const { failures } = chainedDate(facts, payload, "approvedOn");
      if (facts.quotaAvailable === null) {
        failures.push({
          code: "quota_missing",
          field: "quota",
          message: "发展名额：本年度未分配发展名额，不能批准",
        });
      } else if (facts.quotaAvailable < 1) {
        failures.push({
          code: "quota_exhausted",
          field: "quota",
          message: "发展名额：本年度名额已用完，不能批准",
        });
      }
      return { failures, warnings: [...facts.ratioWarnings] };
    },
    source:
      "domain.md §3: higher committee approval; number 团员编号 issued from the annual quota (总量控制, 编号管理)",
  },
  {
    action: "record_oath",
    label: { zh: "记录入团仪式", en: "Record the oath" },
    from: ["approved"],
    to: { kind: "state", state: "admitted" },
    actor: BRANCH,
    guard: dateOnly("oathDate"),
    source: "domain.md §3: oath 入团仪式; the member record is created with the vote date as join date",
  },
  {
    action: "verify_application_form",
    label: { zh: "认证入团志愿书", en: "Verify the signed form" },
    from: ["admitted"],
    to: { kind: "state", state: "archived" },
    actor: HIGHER_COMMITTEE,
    guard: (facts, payload) => {
      const { failures } = chainedDate(facts, payload, "formVerifiedOn");
      const warnings: GuardWarning[] = [];
      const uploaded = facts.signedFormUploadedOn;
      const oath = facts.recorded.oathDate;
      if (uploaded === null) {
        failures.push({
          code: "signed_form_missing",
          field: "signedForm",
          message: "入团志愿书：尚未上传签字的入团志愿书",
        });
      } else if (oath !== undefined && uploaded > addDays(oath, SIGNED_FORM_WITHIN_DAYS)) {
        warnings.push({
          code: "signed_form_late",
          message: `入团志愿书晚于入团后${SIGNED_FORM_WITHIN_DAYS}天上传`,
        });
      }
      return { failures, warnings };
    },
    source:
      "domain.md §3: the signed 入团志愿书 uploaded within 30 days and verified by the higher committee",
  },
  {
    action: "return_to_step",
    label: { zh: "退回", en: "Return to an earlier step" },
    from: ["talked", "candidate", "target_proposed", "development_target", "sponsored", "branch_voted"],
    to: { kind: "earlier_step" },
    actor: BRANCH,
    guard: noGuard,
    source: "issue 10 part 2: returned to a named step with a reason",
  },
  {
    action: "defer",
    label: { zh: "暂缓", en: "Defer" },
    from: BEFORE_APPROVAL,
    to: { kind: "state", state: "deferred" },
    actor: BRANCH,
    guard: noGuard,
    source: "issue 10 part 2: deferred",
  },
  {
    action: "resume",
    label: { zh: "恢复办理", en: "Resume" },
    from: ["deferred"],
    to: { kind: "paused_from" },
    actor: BRANCH,
    guard: noGuard,
    source: "issue 10 part 2: a deferral ends where it paused",
  },
  {
    action: "reject",
    label: { zh: "不予通过", en: "Reject" },
    from: [...BEFORE_APPROVAL, "deferred"],
    to: { kind: "state", state: "rejected" },
    actor: BRANCH,
    guard: noGuard,
    source: "issue 10 part 2: rejected, with a reason",
  },
  {
    action: "withdraw",
    label: { zh: "撤回申请", en: "Withdraw the application" },
    from: [...BEFORE_APPROVAL, "deferred"],
    to: { kind: "state", state: "withdrawn" },
    actor: APPLICANT,
    guard: noGuard,
    source: "issue 10 part 2: withdrawn by the applicant",
  },
];

/** The member development workflow (发展团员) as the approval engine runs it. */
export const DEVELOPMENT_WORKFLOW: WorkflowDefinition<DevelopmentState, DevelopmentAction, DevelopmentFacts> =
  {
    kind: "member_development",
    label: { zh: "发展团员", en: "Member development" },
    states: DEVELOPMENT_STATES,
    stateLabels: DEVELOPMENT_STATE_LABELS,
    initial: "applied",
    mainLine: [
      "applied",
      "talked",
      "candidate",
      "target_proposed",
      "development_target",
      "sponsored",
      "branch_voted",
      "approved",
      "admitted",
      "archived",
    ],
    terminal: ["archived", "rejected", "withdrawn"],
    paused: "deferred",
    awaiting: {
      applied: BRANCH,
      talked: BRANCH,
      candidate: BRANCH,
      target_proposed: HIGHER_COMMITTEE,
      development_target: BRANCH,
      sponsored: BRANCH,
      branch_voted: HIGHER_COMMITTEE,
      approved: BRANCH,
      admitted: HIGHER_COMMITTEE,
      archived: null,
      deferred: BRANCH,
      rejected: null,
      withdrawn: null,
    },
    transitions: TRANSITIONS,
  };

/**
 * The dates a return to `toState` clears: every dated step after the step that reached `toState`
 * (so the chain is recorded again from there). The application date is never cleared.
 */
export function datesClearedByReturn(toState: DevelopmentState): DevelopmentDateField[] {
  const reachedBy: Partial<Record<DevelopmentState, DevelopmentDateField>> = {
    applied: "applicationDate",
    talked: "talkDate",
    candidate: "candidateNamedOn",
    target_proposed: "targetProposedOn",
    development_target: "precheckedOn",
    sponsored: "sponsorsNamedOn",
    branch_voted: "voteDate",
  };
  const field = reachedBy[toState];
  const index = DEVELOPMENT_DATE_STEPS.findIndex((step) => step.field === field);
  return index < 0 ? [] : DEVELOPMENT_DATE_STEPS.slice(index + 1).map((step) => step.field);
}

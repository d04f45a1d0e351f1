import { z } from "zod";
import type { Label } from "../dictionaries/dictionary";
import { textSchema } from "../field-schemas";
import type {
  GuardResult,
  WorkflowActorRule,
  WorkflowDefinition,
  WorkflowTransition,
} from "../workflow/workflow";
import type { EducationReviewProblem } from "./education-review";

/**
 * A branch's education review 团员教育评议 (issue 12 part 2) on the one approval engine: the branch
 * records self-assessments, the meeting and the grades, then submits (优秀 ≤ 30%, more than 2/3
 * attending, everyone graded); the committee above approves (the grades go to the members' archives)
 * or returns it with a reason. A closed campaign takes no step. Pure.
 */
export const EDUCATION_REVIEW_STATES = ["branch_review", "awaiting_committee_approval", "approved"] as const;

/** A state of {@link EDUCATION_REVIEW_STATES}. */
export type EducationReviewState = (typeof EDUCATION_REVIEW_STATES)[number];

/** Display labels of {@link EDUCATION_REVIEW_STATES}. */
export const EDUCATION_REVIEW_STATE_LABELS: Readonly<Record<EducationReviewState, Label>> = {
  branch_review: { zh: "支部评议中", en: "Branch reviewing" },
  awaiting_committee_approval: { zh: "待上级团委审批", en: "Awaiting the committee's approval" },
  approved: { zh: "已审批", en: "Approved" },
};

/** The actions of a branch review. */
export const EDUCATION_REVIEW_ACTIONS = ["submit", "approve", "return"] as const;

/** An action of {@link EDUCATION_REVIEW_ACTIONS}. */
export type EducationReviewAction = (typeof EDUCATION_REVIEW_ACTIONS)[number];

/** What the server gathers before asking the engine about a step. */
export interface EducationReviewFacts {
  /** The campaign's closed_at (ISO) or null while open. */
  campaignClosedAt: string | null;
  /** reviewSubmissionProblems of the review as saved (checked on submit). */
  submissionProblems: readonly EducationReviewProblem[];
}

/** What each step records (validated before the engine is asked: 400 naming the field). */
export const EDUCATION_REVIEW_PAYLOAD_SCHEMAS = {
  submit: z.strictObject({ note: textSchema("说明", 500).optional() }),
  approve: z.strictObject({ note: textSchema("审批意见", 500).optional() }),
  return: z.strictObject({ reason: textSchema("退回理由", 500) }),
} satisfies Record<EducationReviewAction, z.ZodType>;

const BRANCH: WorkflowActorRule = { place: "own_organization", permission: "member:write" };
const COMMITTEE: WorkflowActorRule = { place: "higher_committee", permission: "member:write" };

function campaignOpen(facts: EducationReviewFacts) {
  return facts.campaignClosedAt === null
    ? []
    : [{ code: "campaign_closed", field: "action", message: "操作：本次教育评议已结束" }];
}

type Transition = WorkflowTransition<EducationReviewState, EducationReviewAction, EducationReviewFacts>;

const TRANSITIONS: readonly Transition[] = [
  {
    action: "submit",
    label: { zh: "提交审批", en: "Submit for approval" },
    from: ["branch_review"],
    to: { kind: "state", state: "awaiting_committee_approval" },
    actor: BRANCH,
    guard: (facts): GuardResult => ({
      failures: [
        ...campaignOpen(facts),
        ...facts.submissionProblems.map((problem) => ({ code: "review_invalid", ...problem })),
      ],
    }),
    source: "domain.md §5: meeting with more than 2/3 attending, 优秀 at most 30%; issue 12 part 2",
  },
  {
    action: "approve",
    label: { zh: "审批通过", en: "Approve" },
    from: ["awaiting_committee_approval"],
    to: { kind: "state", state: "approved" },
    actor: COMMITTEE,
    guard: (facts): GuardResult => ({ failures: campaignOpen(facts) }),
    source: "domain.md §5: the higher committee approves; issue 12 part 2: results on the archive",
  },
  {
    action: "return",
    label: { zh: "退回支部", en: "Return to the branch" },
    from: ["awaiting_committee_approval"],
    to: { kind: "state", state: "branch_review" },
    actor: COMMITTEE,
    guard: (facts): GuardResult => ({ failures: campaignOpen(facts) }),
    source: "issue 12 part 2: committee approval (or return with a reason)",
  },
];

/** The branch education review workflow (团员教育评议) as the approval engine runs it. */
export const EDUCATION_REVIEW_WORKFLOW: WorkflowDefinition<
  EducationReviewState,
  EducationReviewAction,
  EducationReviewFacts
> = {
  kind: "education_review",
  label: { zh: "团员教育评议", en: "Education review" },
  states: EDUCATION_REVIEW_STATES,
  stateLabels: EDUCATION_REVIEW_STATE_LABELS,
  initial: "branch_review",
  mainLine: ["branch_review", "awaiting_committee_approval", "approved"],
  terminal: ["approved"],
  paused: null,
  awaiting: { branch_review: BRANCH, awaiting_committee_approval: COMMITTEE, approved: null },
  transitions: TRANSITIONS,
};

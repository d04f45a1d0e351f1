import { z } from "zod";
import type { Label } from "../dictionaries/dictionary";
import { textSchema } from "../field-schemas";
import type {
  GuardResult,
  WorkflowActorRule,
  WorkflowDefinition,
  WorkflowTransition,
} from "../workflow/workflow";

/**
 * Recommendation to the Party 推优入党 (domain.md §5; issue 12 part 5) on the one approval engine: the
 * branch general meeting recommends (the instance opens awaiting the committee), the committee above
 * reviews — approves (推优, valid 2 years) or returns it with a reason; the branch resubmits a returned
 * one or withdraws it. The Party's later steps are recorded against an approved recommendation
 * outside the engine (party-recommendation.ts partyStageProblems). Pure.
 */
export const PARTY_RECOMMENDATION_STATES = [
  "awaiting_committee_review",
  "returned",
  "recommended",
  "withdrawn",
] as const;

/** A state of {@link PARTY_RECOMMENDATION_STATES}. */
export type PartyRecommendationState = (typeof PARTY_RECOMMENDATION_STATES)[number];

/** Display labels of {@link PARTY_RECOMMENDATION_STATES}. */
export const PARTY_RECOMMENDATION_STATE_LABELS: Readonly<Record<PartyRecommendationState, Label>> = {
  awaiting_committee_review: { zh: "待上级团委审核", en: "Awaiting the committee's review" },
  returned: { zh: "已退回支部", en: "Returned to the branch" },
  recommended: { zh: "已推优", en: "Recommended" },
  withdrawn: { zh: "已撤回", en: "Withdrawn" },
};

/** The actions of a recommendation. */
export const PARTY_RECOMMENDATION_ACTIONS = ["approve", "return", "resubmit", "withdraw"] as const;

/** An action of {@link PARTY_RECOMMENDATION_ACTIONS}. */
export type PartyRecommendationAction = (typeof PARTY_RECOMMENDATION_ACTIONS)[number];

/** Display labels of {@link PARTY_RECOMMENDATION_ACTIONS}. */
export const PARTY_RECOMMENDATION_ACTION_LABELS: Readonly<Record<PartyRecommendationAction, Label>> = {
  approve: { zh: "审核同意", en: "Approve" },
  return: { zh: "退回", en: "Return" },
  resubmit: { zh: "重新报送", en: "Resubmit" },
  withdraw: { zh: "撤回推优", en: "Withdraw" },
};

/** What the server gathers before asking the engine about a recommendation step. */
export interface PartyRecommendationFacts {
  /** Whether the member is still an active member (正常) and not yet in the Party. */
  memberStillEligible: boolean;
}

/** What each step records (validated before the engine is asked: 400 naming the field). */
export const PARTY_RECOMMENDATION_PAYLOAD_SCHEMAS = {
  approve: z.strictObject({ note: textSchema("审核意见", 500).optional() }),
  return: z.strictObject({ reason: textSchema("退回理由", 500) }),
  resubmit: z.strictObject({ note: textSchema("说明", 500).optional() }),
  withdraw: z.strictObject({ reason: textSchema("撤回理由", 500) }),
} satisfies Record<PartyRecommendationAction, z.ZodType>;

const BRANCH: WorkflowActorRule = { place: "own_organization", permission: "member:write" };
const COMMITTEE: WorkflowActorRule = { place: "higher_committee", permission: "member:write" };

type PartyRecommendationTransition = WorkflowTransition<
  PartyRecommendationState,
  PartyRecommendationAction,
  PartyRecommendationFacts
>;

const TRANSITIONS: readonly PartyRecommendationTransition[] = [
  {
    action: "approve",
    label: PARTY_RECOMMENDATION_ACTION_LABELS.approve,
    from: ["awaiting_committee_review"],
    to: { kind: "state", state: "recommended" },
    actor: COMMITTEE,
    guard: (facts): GuardResult => ({
      failures: facts.memberStillEligible
        ? []
        : [{ code: "member_not_eligible", field: "action", message: "操作：该团员已非正常团员或已是党员" }],
    }),
    source: "domain.md §5: the branch meeting recommends, the committee reviews",
  },
  {
    action: "return",
    label: PARTY_RECOMMENDATION_ACTION_LABELS.return,
    from: ["awaiting_committee_review"],
    to: { kind: "state", state: "returned" },
    actor: COMMITTEE,
    guard: (): GuardResult => ({ failures: [] }),
    source: "domain.md §5: the committee reviews (return with a reason)",
  },
  {
    action: "resubmit",
    label: PARTY_RECOMMENDATION_ACTION_LABELS.resubmit,
    from: ["returned"],
    to: { kind: "state", state: "awaiting_committee_review" },
    actor: BRANCH,
    guard: (facts): GuardResult => ({
      failures: facts.memberStillEligible
        ? []
        : [{ code: "member_not_eligible", field: "action", message: "操作：该团员已非正常团员或已是党员" }],
    }),
    source: "domain.md §5: the branch recommends",
  },
  {
    action: "withdraw",
    label: PARTY_RECOMMENDATION_ACTION_LABELS.withdraw,
    from: ["returned", "awaiting_committee_review"],
    to: { kind: "state", state: "withdrawn" },
    actor: BRANCH,
    guard: (): GuardResult => ({ failures: [] }),
    source: "domain.md §5: the branch recommends (and may take it back before the review)",
  },
];

/** The recommendation to the Party (推优入党) as the approval engine runs it. */
export const PARTY_RECOMMENDATION_WORKFLOW: WorkflowDefinition<
  PartyRecommendationState,
  PartyRecommendationAction,
  PartyRecommendationFacts
> = {
  kind: "party_recommendation",
  label: { zh: "推优入党", en: "Recommendation to the Party" },
  states: PARTY_RECOMMENDATION_STATES,
  stateLabels: PARTY_RECOMMENDATION_STATE_LABELS,
  initial: "awaiting_committee_review",
  mainLine: ["awaiting_committee_review", "recommended"],
  terminal: ["recommended", "withdrawn"],
  paused: null,
  awaiting: {
    awaiting_committee_review: COMMITTEE,
    returned: BRANCH,
    recommended: null,
    withdrawn: null,
  },
  transitions: TRANSITIONS,
};

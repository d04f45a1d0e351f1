import { z } from "zod";
import type { Label } from "../dictionaries/dictionary";
import { textSchema } from "../field-schemas";
import type {
  GuardFailure,
  GuardResult,
  WorkflowActorRule,
  WorkflowDefinition,
  WorkflowTransition,
} from "../workflow/workflow";
import { fiveStarQuotaProblem, lockedRatingProblem, type StarCount } from "./star-rating";

/**
 * The star rating (评星定级, issue 12 part 6) on the one approval engine: the branch rates itself
 * (自评) and submits; the committee above reviews (审核定级: its score and stars, ≤ 20% five-star)
 * or returns it for another self-rating. A locked rating (year-end) takes no transition. Pure.
 */
export const STAR_RATING_STATES = ["self_rating", "awaiting_committee_review", "rated"] as const;

/** A state of {@link STAR_RATING_STATES}. */
export type StarRatingState = (typeof STAR_RATING_STATES)[number];

/** Display labels of {@link STAR_RATING_STATES}. */
export const STAR_RATING_STATE_LABELS: Readonly<Record<StarRatingState, Label>> = {
  self_rating: { zh: "支部自评", en: "Branch self-rating" },
  awaiting_committee_review: { zh: "待上级团委审核", en: "Awaiting the committee's review" },
  rated: { zh: "已定级", en: "Rated" },
};

/** The actions of a star rating. */
export const STAR_RATING_ACTIONS = ["submit_self_rating", "review", "return_self_rating"] as const;

/** An action of {@link STAR_RATING_ACTIONS}. */
export type StarRatingAction = (typeof STAR_RATING_ACTIONS)[number];

/** What the server gathers before asking the engine about a star-rating step. */
export interface StarRatingFacts {
  /** The rating's locked_at (ISO) or null. */
  lockedAt: string | null;
  /** Whether the branch has a self score (submitting needs one). */
  hasSelfScore: boolean;
  /** The stars the review would award (from the reviewed score); null when not a review. */
  reviewedStars: StarCount | null;
  /** Five-star ratings the reviewing committee already awarded this year (this branch excluded). */
  fiveStarsSoFar: number;
  /** Branches (not exempt) of the year under the reviewing committee. */
  ratedBranches: number;
}

/** What each step records (validated before the engine is asked: 400 naming the field). */
export const STAR_RATING_PAYLOAD_SCHEMAS = {
  submit_self_rating: z.strictObject({ note: textSchema("说明", 500).optional() }),
  review: z.strictObject({
    scores: z.record(z.string().max(40), z.number().min(0).max(100)),
    note: textSchema("审核意见", 500).optional(),
  }),
  return_self_rating: z.strictObject({ reason: textSchema("退回理由", 500) }),
} satisfies Record<StarRatingAction, z.ZodType>;

const BRANCH: WorkflowActorRule = { place: "own_organization", permission: "member:write" };
const COMMITTEE: WorkflowActorRule = { place: "higher_committee", permission: "member:write" };

function notLocked(facts: StarRatingFacts): GuardFailure[] {
  const problem = lockedRatingProblem(facts.lockedAt);
  return problem ? [{ code: "rating_locked", field: "action", message: `操作：${problem}` }] : [];
}

type StarRatingTransition = WorkflowTransition<StarRatingState, StarRatingAction, StarRatingFacts>;

const TRANSITIONS: readonly StarRatingTransition[] = [
  {
    action: "submit_self_rating",
    label: { zh: "提交自评", en: "Submit the self-rating" },
    from: ["self_rating"],
    to: { kind: "state", state: "awaiting_committee_review" },
    actor: BRANCH,
    guard: (facts): GuardResult => ({
      failures: [
        ...notLocked(facts),
        ...(facts.hasSelfScore
          ? []
          : [{ code: "no_self_score", field: "selfScores", message: "自评得分：请先完成自评" }]),
      ],
    }),
    source: "issue 12 part 6: branch self-rating, then committee review",
  },
  {
    action: "review",
    label: { zh: "审核定级", en: "Review and rate" },
    from: ["awaiting_committee_review"],
    to: { kind: "state", state: "rated" },
    actor: COMMITTEE,
    guard: (facts): GuardResult => {
      const failures = notLocked(facts);
      if (facts.reviewedStars === 5) {
        const problem = fiveStarQuotaProblem(facts.fiveStarsSoFar, facts.ratedBranches);
        if (problem)
          failures.push({ code: "five_star_quota", field: "scores", message: `评定星级：${problem}` });
      }
      return { failures };
    },
    source: "issue 12 part 6: bands; ≤ 20% five-star per committee",
  },
  {
    action: "return_self_rating",
    label: { zh: "退回重新自评", en: "Return for another self-rating" },
    from: ["awaiting_committee_review"],
    to: { kind: "state", state: "self_rating" },
    actor: COMMITTEE,
    guard: (facts): GuardResult => ({ failures: notLocked(facts) }),
    source: "issue 12 part 6: the committee reviews",
  },
];

/** The star-rating workflow (评星定级) as the approval engine runs it. */
export const STAR_RATING_WORKFLOW: WorkflowDefinition<StarRatingState, StarRatingAction, StarRatingFacts> = {
  kind: "star_rating",
  label: { zh: "评星定级", en: "Branch star rating" },
  states: STAR_RATING_STATES,
  stateLabels: STAR_RATING_STATE_LABELS,
  initial: "self_rating",
  mainLine: ["self_rating", "awaiting_committee_review", "rated"],
  terminal: ["rated"],
  paused: null,
  awaiting: { self_rating: BRANCH, awaiting_committee_review: COMMITTEE, rated: null },
  transitions: TRANSITIONS,
};

import { PROGRESS_RULES } from "@tuanwu/domain";
import { z } from "zod";
import { dueSoonDaysQuery } from "../ledger/plan.schemas";

/** What the city view ranks by: rolled-up progress, overdue tasks (fewest first), close-out rate, evaluation score. */
export const PLAN_COMPARISON_SORTS = ["progress", "overdue", "closeOutRate", "evaluationScore"] as const;

/** A ranking of the city view (see {@link PLAN_COMPARISON_SORTS}). */
export type PlanComparisonSort = (typeof PLAN_COMPARISON_SORTS)[number];

export const planComparisonQuerySchema = z.object({
  dueSoonDays: dueSoonDaysQuery,
  sort: z.enum(PLAN_COMPARISON_SORTS).default("progress"),
});

export const planComparisonEntrySchema = z
  .object({
    rank: z
      .number()
      .int()
      .nullable()
      .describe("1 = best by the chosen sort; equal values share a rank; null: no value (listed last)"),
    organizationId: z.number().int(),
    organizationName: z.string(),
    planId: z.number().int(),
    planTitle: z.string(),
    taskCount: z.number().int(),
    progressRule: z.enum(PROGRESS_RULES),
    progress: z
      .number()
      .nullable()
      .describe("rolled-up percent done (domain rollUpPlanProgress); null when it cannot be computed"),
    progressProblem: z
      .string()
      .nullable()
      .describe("why progress is null (e.g. weights that do not sum to 100%), else null"),
    overdueCount: z.number().int(),
    dueSoonCount: z.number().int(),
    closeOutRate: z
      .number()
      .nullable()
      .describe("closed-out tasks / tasks not cancelled, percent, one decimal; null without such tasks"),
    evaluationScore: z
      .number()
      .nullable()
      .describe("average score of its completely scored tasks in the latest round with scores for it"),
    evaluationRound: z
      .object({ id: z.number().int(), name: z.string(), scoredTasks: z.number().int() })
      .nullable(),
  })
  .meta({ id: "PlanComparisonEntry" });

export const planComparisonSchema = z
  .object({
    organizationId: z.number().int(),
    today: z.string(),
    dueSoonDays: z.number().int(),
    sort: z.enum(PLAN_COMPARISON_SORTS),
    items: z.array(planComparisonEntrySchema),
  })
  .meta({ id: "PlanComparison" });

export type PlanComparison = z.infer<typeof planComparisonSchema>;
export type PlanComparisonEntry = z.infer<typeof planComparisonEntrySchema>;

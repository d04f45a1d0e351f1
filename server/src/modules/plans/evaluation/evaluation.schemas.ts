import { idSchema } from "@tuanwu/domain";
import { z } from "zod";
import { planDate } from "../ledger/plan.schemas";

/** At most two decimals (the database keeps weights, maxima and scores as numeric(…, 2)). */
function twoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

const decimal = (max: number) =>
  z
    .number()
    .finite()
    .max(max, `不能超过 ${max} / at most ${max}`)
    .refine(twoDecimals, "最多两位小数 / at most two decimals");

export const evaluationItemInputSchema = z
  .object({
    name: z.string().trim().min(1, "不能为空 / required").max(100),
    weight: decimal(100).describe("percent; the sheet's weights sum to 100"),
    maxScore: decimal(10_000).describe("the highest score of the item, > 0"),
  })
  .strict()
  .meta({ id: "EvaluationSheetItem" });

/** POST /organizations/{id}/evaluation-rounds: a round with its scoring sheet (评分表). */
export const createEvaluationRoundSchema = z
  .object({
    name: z.string().trim().min(1, "不能为空 / required").max(100),
    startsOn: planDate,
    endsOn: planDate,
    items: z.array(evaluationItemInputSchema).max(50, "评分项不能超过 50 个 / at most 50 items"),
  })
  .strict()
  .meta({ id: "CreateEvaluationRound" });

export type CreateEvaluationRoundInput = z.infer<typeof createEvaluationRoundSchema>;

/** PUT /evaluation-rounds/{id}/scores: scores to save (each replaces the task's score on the item). */
export const saveEvaluationScoresSchema = z
  .object({
    scores: z
      .array(
        z
          .object({
            taskId: idSchema("taskId"),
            itemId: idSchema("itemId"),
            score: decimal(10_000),
            comment: z.string().trim().max(2_000).nullable().optional(),
          })
          .strict(),
      )
      .min(1, "至少一条评分 / at least one score")
      .max(5_000, "每次最多 5000 条 / at most 5,000 scores per request"),
  })
  .strict()
  .meta({ id: "SaveEvaluationScores" });

export type SaveEvaluationScoresInput = z.infer<typeof saveEvaluationScoresSchema>;

export const evaluationItemSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    name: z.string(),
    weight: z.number().describe("percent"),
    maxScore: z.number(),
  })
  .meta({ id: "EvaluationItem" });

export const evaluationRoundSummarySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int().describe("the organization whose subtree's plans the round evaluates"),
    organizationName: z.string(),
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    open: z.boolean().describe("scores may be given today (startsOn ≤ today ≤ endsOn)"),
    itemCount: z.number().int(),
    createdByName: z.string().nullable(),
    createdAt: z.string().describe("ISO 8601 timestamp"),
  })
  .meta({ id: "EvaluationRoundSummary" });

export const evaluationRoundSchema = evaluationRoundSummarySchema
  .extend({ items: z.array(evaluationItemSchema) })
  .meta({ id: "EvaluationRound" });

export const saveEvaluationScoresResultSchema = z
  .object({
    saved: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
  })
  .meta({ id: "SaveEvaluationScoresResult" });

export const evaluationTaskResultSchema = z
  .object({
    taskId: z.number().int(),
    number: z.number().int(),
    title: z.string(),
    planId: z.number().int(),
    planTitle: z.string(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    scores: z.array(
      z.object({
        itemId: z.number().int(),
        score: z.number().nullable().describe("null: not scored yet"),
        comment: z.string().nullable(),
        evaluatorName: z.string().nullable(),
      }),
    ),
    total: z
      .number()
      .nullable()
      .describe("Σ score / maxScore × weight, 0–100; partial when not complete; null when nothing is scored"),
    complete: z.boolean().describe("every item is scored"),
    scoredItems: z.number().int(),
  })
  .meta({ id: "EvaluationTaskResult" });

export const evaluationOrganizationResultSchema = z
  .object({
    rank: z
      .number()
      .int()
      .nullable()
      .describe("1 = highest average; equal averages share a rank; null: no average"),
    organizationId: z.number().int(),
    organizationName: z.string(),
    average: z.number().nullable().describe("average total of the completely scored tasks"),
    scoredTasks: z.number().int().describe("completely scored tasks"),
    incompleteTasks: z.number().int().describe("tasks with some but not all items scored"),
    taskCount: z.number().int(),
  })
  .meta({ id: "EvaluationOrganizationResult" });

export const evaluationResultsSchema = z
  .object({
    round: evaluationRoundSchema,
    tasks: z.array(evaluationTaskResultSchema),
    organizations: z.array(evaluationOrganizationResultSchema),
  })
  .meta({ id: "EvaluationResults" });

export type EvaluationResults = z.infer<typeof evaluationResultsSchema>;

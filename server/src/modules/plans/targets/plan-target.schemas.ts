import { INDICATOR_UNITS, TARGET_COMPARISONS, TARGET_VERDICTS } from "@tuanwu/domain";
import { z } from "zod";
import { planDate } from "../ledger/plan.schemas";

/** PUT /plan-targets/{id}: bind a target to an indicator (null unbinds), its comparison, value and due date. */
export const bindPlanTargetSchema = z
  .object({
    indicatorId: z
      .string()
      .trim()
      .min(1, "不能为空 / required")
      .max(100)
      .nullable()
      .describe("an id of GET /indicators, or null to unbind"),
    comparison: z.enum(TARGET_COMPARISONS).describe('">=" at least, "<=" at most'),
    value: z.number().finite().describe("in the indicator's unit: percent 0–100, or a count ≥ 0"),
    dueOn: planDate.nullable(),
  })
  .strict()
  .meta({ id: "BindPlanTarget" });

export const planTargetSchema = z
  .object({
    id: z.number().int(),
    taskId: z.number().int(),
    taskNumber: z.number().int(),
    taskTitle: z.string(),
    text: z.string().describe("the clause of the task the target came from"),
    dueOn: z.string().nullable(),
    value: z.number().nullable(),
    unit: z.string().nullable().describe("the unit as the plan wrote it (%, 个…)"),
    comparison: z.enum(TARGET_COMPARISONS),
    indicatorId: z.string().nullable(),
    indicator: z
      .object({ name: z.object({ zh: z.string(), en: z.string() }), unit: z.enum(INDICATOR_UNITS) })
      .nullable(),
    actual: z
      .number()
      .nullable()
      .describe("the bound indicator computed now for the plan organization's subtree"),
    verdict: z
      .enum(TARGET_VERDICTS)
      .describe(
        "met; off_track: not met and due within 30 days or past due; on_track: not met, due later or no date; unbound",
      ),
  })
  .meta({ id: "PlanTarget" });

export const planTargetsSchema = z
  .object({
    planId: z.number().int(),
    asOf: z.string().describe("YYYY-MM-DD"),
    targets: z.array(planTargetSchema),
    verdictCounts: z.record(z.enum(TARGET_VERDICTS), z.number().int()),
  })
  .meta({ id: "PlanTargets" });

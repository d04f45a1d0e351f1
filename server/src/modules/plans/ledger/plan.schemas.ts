import { isIsoDate, PLAN_TASK_STATUSES, PROGRESS_RULES, TASK_COLUMNS } from "@tuanwu/domain";
import { z } from "zod";

/** A real calendar date "YYYY-MM-DD". */
export const planDate = z
  .string()
  .refine(isIsoDate, "日期格式应为 YYYY-MM-DD / expected a real date YYYY-MM-DD");

const shortText = z.string().max(500);
const longText = z.string().max(20_000);

export const parsedPhaseSchema = z
  .object({
    name: shortText,
    start: planDate.nullable(),
    end: planDate.nullable(),
    text: longText.optional(),
  })
  .meta({ id: "ParsedPlanPhase" });

export const parsedTargetSchema = z
  .object({
    date: planDate,
    value: z.number().finite(),
    unit: z.string().max(50),
    text: longText,
  })
  .meta({ id: "ParsedPlanTarget" });

export type ParsedTargetInput = z.infer<typeof parsedTargetSchema>;

export const parsedTaskSchema = z
  .object({
    number: z.number().int().min(1).max(100_000),
    title: shortText,
    text: longText,
    units: z.array(shortText).max(100),
    leadUnit: shortText.nullable(),
    deadline: planDate.nullable(),
    deadlineText: z.string().max(500).nullable(),
    deadlineFlagged: z.boolean().optional().describe("no deadline, or one that could not be read as a date"),
    deadlineRecurring: z.enum(["long_term", "yearly"]).nullable().optional(),
    path: z.array(shortText).max(20).describe("heading titles from the top of the document"),
    targets: z.array(parsedTargetSchema).max(100),
    rule: z
      .enum(["labelled", "sibling", "bullet", "enumeration", "heading", "marker", "table-row"])
      .optional()
      .describe("which parser rule found the task (domain TaskRule); shown in the preview"),
  })
  .meta({ id: "ParsedPlanTask" });

/** A parsed plan (domain parsePlan) — what the preview answers and what a corrected import sends back. */
export const parsedPlanSchema = z
  .object({
    title: shortText,
    phases: z.array(parsedPhaseSchema).max(50),
    tasks: z.array(parsedTaskSchema).max(2_000),
    unplaced: z.array(longText).max(5_000),
    targets: z
      .array(parsedTargetSchema)
      .max(100)
      .optional()
      .describe(
        "plan-level targets (总体目标, 到2022年…30%), outside every task; stored with the plan on import",
      ),
    excluded: z
      .array(z.object({ kind: z.enum(["cover", "attachment"]), text: z.string().max(100_000) }))
      .max(50)
      .optional()
      .describe("the cover letter (通知) and attachments (附件), kept out of the tasks"),
  })
  .meta({ id: "ParsedPlan" });

export type ParsedPlanInput = z.infer<typeof parsedPlanSchema>;

/** The JSON body of POST /organizations/{id}/plans: a (corrected) parsed plan and the file it came from. */
export const planImportBodySchema = parsedPlanSchema
  .extend({
    title: z.string().trim().min(1, "不能为空 / required").max(500),
    sourceFileName: z.string().trim().min(1).max(255).nullable().optional(),
  })
  .meta({ id: "PlanImportBody" });

export const planPreviewSchema = parsedPlanSchema
  .extend({
    fileName: z.string(),
    message: z
      .string()
      .nullable()
      .describe("why the plan cannot be imported as it is (e.g. no recognisable tasks); null when it can"),
    review: z
      .object({ unsure: z.boolean(), reasons: z.array(z.string()) })
      .describe(
        "whether the parser is unsure of its reading, and why (Chinese); offer the marker / column choice",
      ),
    markers: z
      .array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() }))
      .describe("heading marker kinds in the document, for the marker choice (field taskMarker)"),
    table: z
      .object({
        index: z.number().int(),
        name: z.string().nullable(),
        headerRow: z.number().int(),
        headers: z.array(z.string()),
        mapping: z.partialRecord(z.enum(TASK_COLUMNS), z.number().int()).nullable(),
      })
      .nullable()
      .describe("the task table read (or to map): header cells and the column mapping; null without one"),
  })
  .meta({ id: "PlanPreview" });

/** The multipart fields that steer reading a plan document (the wizard's marker or column choice). */
export const planReadFieldsSchema = z.object({
  taskMarker: z.string().trim().min(1).max(30).optional(),
  columns: z
    .string()
    .max(2_000)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "应为JSON对象 / expected a JSON object" });
        return z.NEVER;
      }
    })
    .pipe(z.partialRecord(z.enum(TASK_COLUMNS), z.number().int().min(0).max(500)))
    .optional(),
  headerRow: z.coerce.number().int().min(0).max(10_000).optional(),
  table: z.coerce.number().int().min(0).max(500).optional(),
});

export const planSummarySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    title: z.string(),
    sourceFileName: z.string().nullable(),
    importedAt: z.string().describe("ISO 8601 timestamp"),
    importedByName: z.string().nullable(),
    taskCount: z.number().int(),
    phaseCount: z.number().int(),
  })
  .meta({ id: "PlanSummary" });

export const planPhaseSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    name: z.string(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
  })
  .meta({ id: "PlanPhase" });

export const planTaskSchema = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    number: z.number().int(),
    title: z.string(),
    text: z.string(),
    path: z.array(z.string()),
    area: z.string().nullable().describe("the top heading (reform area) the task sits under"),
    units: z.array(z.string()),
    leadUnit: z.string().nullable(),
    deadline: z.string().nullable(),
    deadlineText: z.string().nullable(),
    phase: z.string().nullable().describe("the phase whose date range holds the deadline"),
    ownerName: z.string().nullable(),
    startedOn: z.string().nullable(),
    doneOn: z.string().nullable(),
    closedOutOn: z.string().nullable(),
    cancelled: z.boolean(),
    weight: z.number().nullable().describe("weight in the plan's progress, percent (the weighted rule)"),
    latestPercent: z
      .number()
      .int()
      .nullable()
      .describe("percent of the latest progress report (信息报送), 0–100; null when none"),
    status: z.enum(PLAN_TASK_STATUSES).describe("derived from the dates as of today, never stored"),
    dueSoon: z.boolean(),
    targets: z.array(
      z.object({
        dueOn: z.string().nullable(),
        value: z.number().nullable(),
        unit: z.string().nullable(),
        text: z.string(),
      }),
    ),
  })
  .meta({ id: "PlanTask" });

/** A plan's progress rolled up from its tasks (domain rollUpPlanProgress; issue 5 part 4). */
export const planProgressSchema = z
  .object({
    rule: z.enum(PROGRESS_RULES),
    percent: z
      .number()
      .nullable()
      .describe("0–100, one decimal; null when no task counts or the weights do not sum to 100%"),
    counted: z.number().int().describe("tasks that count (not cancelled)"),
    excluded: z.number().int().describe("cancelled tasks, left out"),
    problem: z.string().nullable().describe("why the percent cannot be computed (the weights), else null"),
  })
  .meta({ id: "PlanProgress" });

/** 总体目标 — a stored plan-level target: a value (with its unit) due by a date, outside every task. */
export const planLevelTargetSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int().describe("order in the document, from 1"),
    dueOn: z.string().nullable(),
    value: z.number().nullable(),
    unit: z.string().nullable().describe("e.g. %, 个; null when the target has none"),
    text: z.string(),
  })
  .meta({ id: "PlanLevelTarget" });

export const planSchema = planSummarySchema
  .extend({
    phases: z.array(planPhaseSchema),
    planTargets: z.array(planLevelTargetSchema).describe("plan-level targets (总体目标) in document order"),
    tasks: z.array(planTaskSchema),
    statusCounts: z.record(z.enum(PLAN_TASK_STATUSES), z.number().int()),
    dueSoonCount: z.number().int(),
    progress: planProgressSchema,
  })
  .meta({ id: "Plan" });

export const PLAN_TASK_GROUPINGS = ["area", "unit", "phase"] as const;
export type PlanTaskGrouping = (typeof PLAN_TASK_GROUPINGS)[number];

export const planTaskGroupsSchema = z
  .object({
    groupBy: z.enum(PLAN_TASK_GROUPINGS),
    groups: z.array(z.object({ key: z.string(), tasks: z.array(planTaskSchema) })),
  })
  .meta({ id: "PlanTaskGroups" });

/** PATCH /plan-tasks/{id}: the person responsible and the dates work started and finished (null clears). */
export const updatePlanTaskSchema = z
  .object({
    ownerName: z.string().trim().min(1, "不能为空 / required").max(50).nullable().optional(),
    startedOn: planDate.nullable().optional(),
    doneOn: planDate.nullable().optional(),
    cancelled: z.boolean().optional().describe("a cancelled task is left out of the plan's progress"),
  })
  .strict()
  .refine((input) => Object.keys(input).length > 0, "至少修改一项 / change at least one field")
  .meta({ id: "UpdatePlanTask" });

export type UpdatePlanTaskInput = z.infer<typeof updatePlanTaskSchema>;

export const dueSoonDaysQuery = z.coerce
  .number()
  .int()
  .min(0, "dueSoonDays 不能为负 / at least 0")
  .max(365, "dueSoonDays 不能超过 365 / at most 365")
  .default(14);

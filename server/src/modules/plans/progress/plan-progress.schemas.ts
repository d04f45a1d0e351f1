import {
  CLOSE_OUT_ACTIONS,
  CLOSE_OUT_STATES,
  enumSchema,
  idSchema,
  isoDateSchema,
  PLAN_ATTACHMENT_MEDIA_TYPES,
  PROGRESS_RULES,
  SUPERVISION_KINDS,
  textSchema,
} from "@tuanwu/domain";
import { z } from "zod";
import { planTaskSchema } from "../ledger/plan.schemas";

/**
 * Request and response schemas of progress reports (信息报送), the plan's progress rule, close-outs
 * (销号) and supervision records (督导) — issue 5 part 4.
 */

/** A multipart text field holding a whole number ("50") read as a number; anything else as is. */
function numberFromForm<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess(
    (value) => (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
    schema,
  );
}

/** Fields of POST /plan-tasks/{id}/progress-reports (multipart text fields or JSON). */
export const progressReportFieldsSchema = z.object({
  reportedOn: isoDateSchema("reportedOn"),
  percent: numberFromForm(
    z
      .number({ error: (issue) => (issue.input === undefined ? "percent：必填" : "percent：应为整数") })
      .int({ error: "percent：应为 0–100 的整数 / an integer 0–100" })
      .min(0, { error: "percent：应为 0–100 的整数 / an integer 0–100" })
      .max(100, { error: "percent：应为 0–100 的整数 / an integer 0–100" }),
  ),
  narrative: textSchema("narrative", 5_000),
});

/** Fields of POST /plan-tasks/{id}/close-outs: the evidence text (blank → 422 from the state machine). */
export const closeOutFieldsSchema = z.object({
  evidence: z
    .string({ error: "evidence：应为文本" })
    .max(5_000, { error: "evidence：不能超过5000个字符" })
    .optional(),
});

/** The documented body of a request with fields and files (multipart) or fields only (JSON). */
export function formBodyDocumentation(properties: Record<string, object>, required: readonly string[]) {
  return z.unknown().meta({
    type: "object",
    properties: {
      ...properties,
      files: {
        type: "array",
        items: { type: "string", format: "binary" },
        description:
          "0–5 files, ≤ 20 MB each: PDF, JPEG, PNG, DOCX, XLSX (type read from the bytes); multipart only",
      },
    },
    required: [...required],
  });
}

export const planAttachmentSchema = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    mediaType: z.enum(PLAN_ATTACHMENT_MEDIA_TYPES).describe("read from the file's bytes"),
    byteSize: z.number().int(),
    uploadedAt: z.string().describe("ISO 8601 timestamp"),
  })
  .meta({ id: "PlanAttachment" });

export const progressReportSchema = z
  .object({
    id: z.number().int(),
    taskId: z.number().int(),
    reportedOn: z.string(),
    percent: z.number().int().describe("percent of the task done, 0–100"),
    narrative: z.string(),
    reportedByName: z.string(),
    createdAt: z.string().describe("ISO 8601 timestamp"),
    attachments: z.array(planAttachmentSchema),
  })
  .meta({ id: "PlanProgressReport" });

export const progressRuleBodySchema = z
  .object({
    rule: enumSchema("rule", PROGRESS_RULES),
    weights: z
      .array(
        z.object({
          taskId: idSchema("taskId"),
          weight: z
            .number()
            .gt(0, { error: "weight：应大于 0 / greater than 0" })
            .max(100, { error: "weight：不能超过 100 / at most 100" })
            .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
              error: "weight：最多两位小数 / at most two decimals",
            }),
        }),
      )
      .max(2_000)
      .optional()
      .describe(
        "percent per task; replaces every weight of the plan (tasks left out get none); the weights of the " +
          "tasks that are not cancelled must sum to 100",
      ),
  })
  .strict()
  .meta({ id: "SetPlanProgressRule" });

export type ProgressRuleInput = z.infer<typeof progressRuleBodySchema>;

export const closeOutSchema = z
  .object({
    id: z.number().int(),
    taskId: z.number().int(),
    state: z.enum(CLOSE_OUT_STATES),
    evidence: z.string(),
    submittedByName: z.string(),
    submittedAt: z.string(),
    reviewedByName: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewNote: z.string().nullable(),
    reopenedByName: z.string().nullable(),
    reopenedAt: z.string().nullable(),
    reopenReason: z.string().nullable(),
    attachments: z.array(planAttachmentSchema),
    actions: z
      .array(z.enum(CLOSE_OUT_ACTIONS))
      .describe("what the current user may do with it (the server still decides)"),
  })
  .meta({ id: "PlanCloseOut" });

export const closeOutReviewBodySchema = z
  .object({ note: z.string().max(2_000, { error: "note：不能超过2000个字符" }).optional() })
  .strict()
  .meta({ id: "PlanCloseOutReview" });

export const closeOutReopenBodySchema = z
  .object({ reason: z.string().max(2_000, { error: "reason：不能超过2000个字符" }).optional() })
  .strict()
  .meta({ id: "PlanCloseOutReopen" });

export const supervisionBodySchema = z
  .object({
    kind: enumSchema("kind", SUPERVISION_KINDS),
    subject: textSchema("subject", 200).describe("whom it was addressed to (a person or unit)"),
    note: textSchema("note", 5_000),
    occurredOn: isoDateSchema("occurredOn"),
  })
  .strict()
  .meta({ id: "RecordPlanSupervision" });

export type SupervisionInput = z.infer<typeof supervisionBodySchema>;

export const supervisionSchema = z
  .object({
    id: z.number().int(),
    taskId: z.number().int(),
    kind: z.enum(SUPERVISION_KINDS),
    subject: z.string(),
    note: z.string(),
    occurredOn: z.string(),
    recordedByName: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "PlanSupervision" });

export const laggardSchema = z
  .object({
    task: planTaskSchema,
    latestReport: z
      .object({ reportedOn: z.string(), percent: z.number().int() })
      .nullable()
      .describe("the latest progress report, or null"),
    supervisionCount: z.number().int(),
    lastSupervisedOn: z.string().nullable(),
  })
  .meta({ id: "PlanLaggard" });

export const laggardsSchema = z
  .object({
    dueSoonDays: z.number().int(),
    overdue: z.array(laggardSchema),
    dueSoon: z.array(laggardSchema),
  })
  .meta({ id: "PlanLaggards" });

export const planTaskDetailSchema = z
  .object({
    task: planTaskSchema,
    progressReports: z.array(progressReportSchema).describe("newest first"),
    closeOuts: z.array(closeOutSchema).describe("newest first"),
    supervisions: z.array(supervisionSchema).describe("newest first"),
    canSubmitCloseOut: z.boolean().describe("whether the current user may submit a close-out now"),
  })
  .meta({ id: "PlanTaskDetail" });

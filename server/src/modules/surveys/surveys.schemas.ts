import {
  booleanSchema,
  SURVEY_QUESTION_KINDS,
  SURVEY_STATUSES,
  surveyDeviceKeySchema,
  surveyQuestionsSchema,
  textSchema,
} from "@tuanwu/domain";
import { z } from "zod";

/**
 * Request and response shapes of the survey routes (问卷, issue 14 part 4): the staff builder, results
 * and export, and the public link. The questions are domain `surveyQuestionsSchema`; Chinese messages
 * name the field.
 */

/** An instant as ISO 8601 with an offset ("2026-12-06T09:00:00+08:00"), messages naming `label`. */
export function instantSchema(label: string) {
  return z
    .string({ error: `${label}：应为时间` })
    .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text), {
      error: `${label}：应为带时区的时间，如 2026-12-06T09:00:00+08:00`,
    })
    .refine((text) => !Number.isNaN(Date.parse(text)), { error: `${label}：不是有效的时间` })
    .meta({ format: "date-time" });
}

const surveyFields = {
  title: textSchema("问卷标题", 100),
  description: textSchema("问卷说明", 2000).nullable().optional(),
  questions: surveyQuestionsSchema,
  allowRepeatPerDevice: booleanSchema("允许同一设备多次作答").optional(),
  opensAt: instantSchema("开始时间").nullable().optional(),
  closesAt: instantSchema("截止时间").nullable().optional(),
};

function opensBeforeCloses(
  value: { opensAt?: string | null; closesAt?: string | null },
  context: z.RefinementCtx,
) {
  if (value.opensAt && value.closesAt && Date.parse(value.closesAt) <= Date.parse(value.opensAt)) {
    context.addIssue({ code: "custom", path: ["closesAt"], message: "截止时间：应晚于开始时间" });
  }
}

/** A new survey (a draft): title, questions, optional description, repeat rule and time window. */
export const surveyCreateSchema = z
  .strictObject(surveyFields)
  .superRefine(opensBeforeCloses)
  .meta({ id: "SurveyCreateInput" });

/** Changes to a survey; questions and the repeat rule only while it is a draft. */
export const surveyUpdateSchema = z
  .strictObject({
    title: surveyFields.title.optional(),
    description: surveyFields.description,
    questions: surveyQuestionsSchema.optional(),
    allowRepeatPerDevice: surveyFields.allowRepeatPerDevice,
    opensAt: surveyFields.opensAt,
    closesAt: surveyFields.closesAt,
  })
  .superRefine(opensBeforeCloses)
  .meta({ id: "SurveyUpdateInput" });

/** The questions as the API shows them (domain SurveyQuestion, every kind). */
export const surveyQuestionOutputSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SURVEY_QUESTION_KINDS),
    title: z.string(),
    required: z.boolean(),
    options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    maxSelections: z.number().int().nullable().optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    minLabel: z.string().nullable().optional(),
    maxLabel: z.string().nullable().optional(),
    maxLength: z.number().int().optional(),
  })
  .meta({ id: "SurveyQuestion" });

/** A survey in a list. */
export const surveySummarySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    title: z.string(),
    status: z.enum(SURVEY_STATUSES),
    statusLabel: z.string(),
    questionCount: z.number().int(),
    responseCount: z.number().int(),
    opensAt: z.string().nullable(),
    closesAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "SurveySummary" });

/** A survey's page: the summary plus its questions, description, public link token and repeat rule. */
export const surveyDetailSchema = surveySummarySchema
  .extend({
    description: z.string().nullable(),
    questions: z.array(surveyQuestionOutputSchema),
    allowRepeatPerDevice: z.boolean(),
    publicToken: z
      .string()
      .describe("the public link: /s/{publicToken} on the web, /api/v1/public/surveys/{token}"),
    accepting: z.boolean().describe("whether the public link takes answers now"),
  })
  .meta({ id: "SurveyDetail" });

const optionCountSchema = z.object({
  optionId: z.string(),
  label: z.string(),
  count: z.number().int(),
  share: z.number().describe("percentage of those who answered the question, to 0.1"),
});

/** Results: counts per option, scale mean and distribution, and an optional cross-tab. */
export const surveyResultsSchema = z
  .object({
    surveyId: z.number().int(),
    responseCount: z.number().int(),
    questions: z.array(
      z.object({
        questionId: z.string(),
        kind: z.enum(SURVEY_QUESTION_KINDS),
        title: z.string(),
        answered: z.number().int(),
        options: z.array(optionCountSchema).optional(),
        mean: z.number().nullable().optional(),
        distribution: z.array(z.object({ value: z.number().int(), count: z.number().int() })).optional(),
      }),
    ),
    crossTab: z
      .object({
        by: z.object({ questionId: z.string(), title: z.string() }),
        tables: z.array(
          z.object({
            questionId: z.string(),
            title: z.string(),
            kind: z.enum(["single_choice", "multiple_choice", "scale"]),
            columns: z.array(z.object({ id: z.string(), label: z.string() })),
            rows: z.array(
              z.object({
                byOptionId: z.string().nullable(),
                label: z.string(),
                respondents: z.number().int(),
                counts: z.array(z.number().int()),
                mean: z.number().nullable(),
              }),
            ),
          }),
        ),
      })
      .nullable(),
  })
  .meta({ id: "SurveyResults" });

/** What the public link shows: the survey's own text and questions, nothing of the registry. */
export const publicSurveySchema = z
  .object({
    title: z.string(),
    description: z.string().nullable(),
    organizationName: z.string().describe("the organization running the survey"),
    questions: z.array(surveyQuestionOutputSchema),
    accepting: z.boolean(),
    allowRepeatPerDevice: z.boolean(),
    closesAt: z.string().nullable(),
  })
  .meta({ id: "PublicSurvey" });

/** A public answer: the device key and the answer sheet (question id → option id(s), number or text). */
export const publicSurveyResponseInputSchema = z
  .strictObject({
    deviceKey: surveyDeviceKeySchema,
    answers: z.record(z.string(), z.unknown(), { error: "答卷：应为按题目编号填写的答案" }),
  })
  .meta({ id: "PublicSurveyResponseInput" });

/** The 400 of a refused answer sheet: the usual error plus every problem, each naming its question. */
export const surveyAnswerErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      problems: z
        .array(
          z.object({
            code: z.string(),
            questionId: z.string().nullable(),
            field: z.string(),
            message: z.string(),
          }),
        )
        .optional()
        .describe("every problem of the sheet at once"),
    }),
  })
  .meta({ id: "SurveyAnswerError" });

import { z } from "zod";
import { textSchema } from "../field-schemas";

/**
 * 问卷 — a youth survey's definition (domain.md §7; issue 14 part 4): an ordered list of questions, each
 * single choice 单选, multiple choice 多选, a scale 量表 (integers min..max) or free text 填空, required
 * or not. Choice options carry stable ids, so answers and results keep their meaning when a label is
 * corrected. Stored as the `survey.questions` jsonb and validated by {@link surveyQuestionsSchema}.
 */

/** The kinds of question a survey holds. */
export const SURVEY_QUESTION_KINDS = ["single_choice", "multiple_choice", "scale", "text"] as const;

/** A kind of {@link SURVEY_QUESTION_KINDS}. */
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];

/** Chinese labels of the question kinds (the builder and the export). */
export const SURVEY_QUESTION_KIND_LABELS: Readonly<Record<SurveyQuestionKind, string>> = {
  single_choice: "单选题",
  multiple_choice: "多选题",
  scale: "量表题",
  text: "填空题",
};

/** Most questions in one survey. */
export const MAX_SURVEY_QUESTIONS = 100;
/** Most options of a choice question. */
export const MAX_SURVEY_OPTIONS = 50;
/** Most points of a scale (e.g. 0..10 is 11 points). */
export const MAX_SCALE_POINTS = 11;
/** The longest text answer a question may allow, and the default when it sets none. */
export const MAX_TEXT_ANSWER_LENGTH = 2000;
export const DEFAULT_TEXT_ANSWER_LENGTH = 500;

/** A question or option id: a letter, then letters, digits, "_" or "-", at most 32 ("q1", "opt-a"). */
export const SURVEY_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

function surveyIdSchema(label: string) {
  return z
    .string({ error: `${label}：必填` })
    .regex(SURVEY_ID_PATTERN, { error: `${label}：应以字母开头，由字母、数字、_或-组成，至多32位` });
}

const optionSchema = z.object({
  id: surveyIdSchema("选项编号"),
  label: textSchema("选项内容", 200),
});

const baseQuestion = {
  id: surveyIdSchema("题目编号"),
  title: textSchema("题目", 300),
  required: z.boolean({ error: "是否必答：应为是或否" }),
};

const singleChoiceSchema = z.object({
  ...baseQuestion,
  kind: z.literal("single_choice"),
  options: z
    .array(optionSchema, { error: "选项：应为列表" })
    .min(2, { error: "选项：至少两项" })
    .max(MAX_SURVEY_OPTIONS, { error: `选项：至多${MAX_SURVEY_OPTIONS}项` }),
});

const multipleChoiceSchema = z.object({
  ...baseQuestion,
  kind: z.literal("multiple_choice"),
  options: z
    .array(optionSchema, { error: "选项：应为列表" })
    .min(2, { error: "选项：至少两项" })
    .max(MAX_SURVEY_OPTIONS, { error: `选项：至多${MAX_SURVEY_OPTIONS}项` }),
  /** Most options one answer may tick; null: any number. */
  maxSelections: z
    .number({ error: "最多可选：应为数字" })
    .int({ error: "最多可选：应为整数" })
    .min(1, { error: "最多可选：至少为1" })
    .nullable()
    .default(null),
});

const scaleSchema = z.object({
  ...baseQuestion,
  kind: z.literal("scale"),
  min: z.number({ error: "量表最小值：应为数字" }).int({ error: "量表最小值：应为整数" }),
  max: z.number({ error: "量表最大值：应为数字" }).int({ error: "量表最大值：应为整数" }),
  /** What the ends mean ("很不满意" … "很满意"); optional. */
  minLabel: textSchema("最小值说明", 40).nullable().default(null),
  maxLabel: textSchema("最大值说明", 40).nullable().default(null),
});

const textQuestionSchema = z.object({
  ...baseQuestion,
  kind: z.literal("text"),
  maxLength: z
    .number({ error: "最多字数：应为数字" })
    .int({ error: "最多字数：应为整数" })
    .min(1, { error: "最多字数：至少为1" })
    .max(MAX_TEXT_ANSWER_LENGTH, { error: `最多字数：至多${MAX_TEXT_ANSWER_LENGTH}` })
    .default(DEFAULT_TEXT_ANSWER_LENGTH),
});

/** One question of a survey (the union of the four kinds, by `kind`). */
export const surveyQuestionSchema = z.discriminatedUnion(
  "kind",
  [singleChoiceSchema, multipleChoiceSchema, scaleSchema, textQuestionSchema],
  { error: "题型：应为单选、多选、量表或填空" },
);

/** A question as stored (defaults filled in). */
export type SurveyQuestion = z.output<typeof surveyQuestionSchema>;
/** A question as a builder sends it (defaults optional). */
export type SurveyQuestionInput = z.input<typeof surveyQuestionSchema>;
/** A choice question (single or multiple). */
export type ChoiceQuestion = Extract<SurveyQuestion, { kind: "single_choice" | "multiple_choice" }>;

/**
 * A survey's questions: 1–{@link MAX_SURVEY_QUESTIONS}, unique question ids, unique option ids and
 * labels within a question, a scale with min < max and at most {@link MAX_SCALE_POINTS} points, a
 * multiple choice's maxSelections within its options. Messages name the field as "N.field"
 * (e.g. "2.options.1.id") and the problem in Chinese.
 */
export const surveyQuestionsSchema = z
  .array(surveyQuestionSchema, { error: "题目：应为列表" })
  .min(1, { error: "题目：至少一题" })
  .max(MAX_SURVEY_QUESTIONS, { error: `题目：至多${MAX_SURVEY_QUESTIONS}题` })
  .superRefine((questions, context) => {
    const questionIds = new Set<string>();
    questions.forEach((question, index) => {
      if (questionIds.has(question.id)) {
        context.addIssue({
          code: "custom",
          path: [index, "id"],
          message: `题目编号：${question.id}重复`,
        });
      }
      questionIds.add(question.id);
      if (question.kind === "single_choice" || question.kind === "multiple_choice") {
        const optionIds = new Set<string>();
        const labels = new Set<string>();
        question.options.forEach((option, optionIndex) => {
          if (optionIds.has(option.id)) {
            context.addIssue({
              code: "custom",
              path: [index, "options", optionIndex, "id"],
              message: `选项编号：第${index + 1}题的${option.id}重复`,
            });
          }
          if (labels.has(option.label)) {
            context.addIssue({
              code: "custom",
              path: [index, "options", optionIndex, "label"],
              message: `选项内容：第${index + 1}题的「${option.label}」重复`,
            });
          }
          optionIds.add(option.id);
          labels.add(option.label);
        });
        if (
          question.kind === "multiple_choice" &&
          question.maxSelections !== null &&
          question.maxSelections > question.options.length
        ) {
          context.addIssue({
            code: "custom",
            path: [index, "maxSelections"],
            message: `最多可选：第${index + 1}题只有${question.options.length}个选项`,
          });
        }
      }
      if (question.kind === "scale") {
        if (question.min >= question.max) {
          context.addIssue({
            code: "custom",
            path: [index, "max"],
            message: `量表最大值：第${index + 1}题应大于最小值${question.min}`,
          });
        } else if (question.max - question.min + 1 > MAX_SCALE_POINTS) {
          context.addIssue({
            code: "custom",
            path: [index, "max"],
            message: `量表最大值：第${index + 1}题至多${MAX_SCALE_POINTS}个刻度`,
          });
        }
      }
    });
  });

/** A survey's questions as stored. */
export type SurveyQuestions = z.output<typeof surveyQuestionsSchema>;

/** The statuses of a survey: 草稿 (editable), 收集中 (the public link answers), 已结束. */
export const SURVEY_STATUSES = ["draft", "open", "closed"] as const;

/** A status of {@link SURVEY_STATUSES}. */
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Chinese labels of the survey statuses. */
export const SURVEY_STATUS_LABELS: Readonly<Record<SurveyStatus, string>> = {
  draft: "草稿",
  open: "收集中",
  closed: "已结束",
};

/**
 * The survey status machine: draft → open (publish), open → closed, closed → open (reopen). Only a
 * draft's questions may change (answers already given keep their meaning).
 */
export const SURVEY_TRANSITIONS: Readonly<Record<"open" | "close", readonly SurveyStatus[]>> = {
  open: ["draft", "closed"],
  close: ["open"],
};

/** Whether `action` may be taken on a survey in `status`. */
export function maySurveyTransition(status: SurveyStatus, action: "open" | "close"): boolean {
  return SURVEY_TRANSITIONS[action].includes(status);
}

/**
 * Whether a survey takes answers at `now`: status open, and `now` within [opensAt, closesAt) where each
 * bound is optional. Times are instants (Date); the public route passes the clock's now.
 */
export function isSurveyAccepting(
  survey: { status: SurveyStatus; opensAt: Date | null; closesAt: Date | null },
  now: Date,
): boolean {
  if (survey.status !== "open") return false;
  if (survey.opensAt && now.getTime() < survey.opensAt.getTime()) return false;
  if (survey.closesAt && now.getTime() >= survey.closesAt.getTime()) return false;
  return true;
}

/**
 * The key a phone sends with a public answer (a random id the page keeps in local storage): 16–64
 * letters, digits, "_" or "-". One answer per key unless the survey allows repeats.
 */
export const surveyDeviceKeySchema = z
  .string({ error: "设备标识：必填" })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "设备标识：应为16–64位字母、数字、_或-" });

/**
 * The value of `survey_response.unique_device_key` for an answer: the device key when the survey allows
 * one answer per device (the unique index then refuses a second), null when it allows repeats.
 */
export function uniqueDeviceKeyFor(
  survey: { allowRepeatPerDevice: boolean },
  deviceKey: string,
): string | null {
  return survey.allowRepeatPerDevice ? null : deviceKey;
}

import { CONTROL_CHARACTERS, isBlankText } from "../field-schemas";
import type { SurveyQuestion, SurveyQuestions } from "./survey-definition";

/**
 * A survey answer sheet (问卷答卷): question id → the answer — an option id for a single choice, option
 * ids for a multiple choice, an integer for a scale, text for a text question. Questions left
 * unanswered are absent.
 */
export type SurveyAnswerValue = string | readonly string[] | number;
export type SurveyAnswers = Readonly<Record<string, SurveyAnswerValue>>;

/** Why an answer sheet is refused, per question. */
export const SURVEY_ANSWER_PROBLEM_CODES = [
  "not_an_object",
  "unknown_question",
  "required_missing",
  "wrong_type",
  "unknown_option",
  "duplicate_option",
  "too_many_selections",
  "scale_out_of_range",
  "text_too_long",
  "control_characters",
] as const;

/** A code of {@link SURVEY_ANSWER_PROBLEM_CODES}. */
export type SurveyAnswerProblemCode = (typeof SURVEY_ANSWER_PROBLEM_CODES)[number];

/**
 * One problem of an answer sheet: the question it is about (null for the sheet as a whole), the field
 * as the API names it ("answers.q3") and a Chinese message naming the question by its number and
 * title ("第3题「你参加过哪些活动」：选项x不存在").
 */
export interface SurveyAnswerProblem {
  code: SurveyAnswerProblemCode;
  questionId: string | null;
  field: string;
  message: string;
}

/** The outcome of {@link validateSurveyAnswers}: the normalized sheet, or every problem at once. */
export type SurveyAnswerValidation =
  | { ok: true; answers: SurveyAnswers }
  | { ok: false; problems: SurveyAnswerProblem[] };

/** How a question is named in a message: "第N题「title」", the title cut to 20 characters. */
export function questionReference(index: number, question: Pick<SurveyQuestion, "title">): string {
  const characters = Array.from(question.title);
  const title = characters.length > 20 ? `${characters.slice(0, 20).join("")}…` : question.title;
  return `第${index + 1}题「${title}」`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a raw answer counts as not given: absent, null, blank text, an empty list. */
function isUnanswered(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return isBlankText(value);
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * Checks an answer sheet against the survey's questions and returns **every** problem at once, each
 * naming its question (issue 14 "bad input": a required question missing, an option that does not
 * exist; also a scale out of range, a text too long, a wrong type, too many options ticked, an answer to
 * a question the survey does not have). On success the sheet is normalized: text trimmed, multiple
 * choices de-duplicated in the options' order, unanswered optional questions dropped.
 */
export function validateSurveyAnswers(questions: SurveyQuestions, raw: unknown): SurveyAnswerValidation {
  if (!isPlainObject(raw)) {
    return {
      ok: false,
      problems: [
        {
          code: "not_an_object",
          questionId: null,
          field: "answers",
          message: "答卷：应为按题目编号填写的答案",
        },
      ],
    };
  }
  const problems: SurveyAnswerProblem[] = [];
  const answers: Record<string, SurveyAnswerValue> = {};
  const known = new Set(questions.map((question) => question.id));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      problems.push({
        code: "unknown_question",
        questionId: key,
        field: `answers.${key}`,
        message: `答卷：问卷没有编号为${key.slice(0, 32)}的题目`,
      });
    }
  }
  questions.forEach((question, index) => {
    const value = Object.hasOwn(raw, question.id) ? raw[question.id] : undefined;
    const name = questionReference(index, question);
    const problem = (code: SurveyAnswerProblemCode, message: string): void => {
      problems.push({
        code,
        questionId: question.id,
        field: `answers.${question.id}`,
        message: `${name}：${message}`,
      });
    };
    if (isUnanswered(value)) {
      if (question.required) problem("required_missing", "必答");
      return;
    }
    switch (question.kind) {
      case "single_choice": {
        if (typeof value !== "string") {
          problem("wrong_type", "应选择一个选项");
          return;
        }
        if (!question.options.some((option) => option.id === value)) {
          problem("unknown_option", `选项${value.slice(0, 32)}不存在`);
          return;
        }
        answers[question.id] = value;
        return;
      }
      case "multiple_choice": {
        if (!Array.isArray(value) || !value.every((each) => typeof each === "string")) {
          problem("wrong_type", "应选择一个或多个选项");
          return;
        }
        const chosen = value as string[];
        const missing = chosen.filter((id) => !question.options.some((option) => option.id === id));
        if (missing.length > 0) {
          problem("unknown_option", `选项${missing.map((id) => id.slice(0, 32)).join("、")}不存在`);
          return;
        }
        if (new Set(chosen).size !== chosen.length) {
          problem("duplicate_option", "同一选项选了两次");
          return;
        }
        if (question.maxSelections !== null && chosen.length > question.maxSelections) {
          problem("too_many_selections", `至多选${question.maxSelections}项，选了${chosen.length}项`);
          return;
        }
        answers[question.id] = question.options
          .filter((option) => chosen.includes(option.id))
          .map((option) => option.id);
        return;
      }
      case "scale": {
        if (typeof value !== "number" || !Number.isInteger(value)) {
          problem("wrong_type", "应为整数");
          return;
        }
        if (value < question.min || value > question.max) {
          problem("scale_out_of_range", `应在${question.min}到${question.max}之间，填了${value}`);
          return;
        }
        answers[question.id] = value;
        return;
      }
      case "text": {
        if (typeof value !== "string") {
          problem("wrong_type", "应为文字");
          return;
        }
        const text = value.trim();
        if (CONTROL_CHARACTERS.test(text)) {
          problem("control_characters", "不能包含控制字符");
          return;
        }
        const length = Array.from(text).length;
        if (length > question.maxLength) {
          problem("text_too_long", `至多${question.maxLength}字，填了${length}字`);
          return;
        }
        answers[question.id] = text;
        return;
      }
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}

import {
  neutralizeSpreadsheetValue,
  SURVEY_QUESTION_KIND_LABELS,
  type SurveyAnswers,
  type SurveyQuestions,
} from "@tuanwu/domain";
import ExcelJS from "exceljs";

/** The sheet of the answers. */
export const SURVEY_ANSWERS_SHEET_NAME = "答卷";

/** Text for a cell: OWASP formula neutralizing, as every export of the project. */
function text(value: string): string {
  return String(neutralizeSpreadsheetValue(value));
}

/** One answer as a cell: option labels joined by "；", a scale's number, a text (neutralized). */
function cellOf(
  question: SurveyQuestions[number],
  value: SurveyAnswers[string] | undefined,
): string | number | null {
  if (value === undefined) return null;
  switch (question.kind) {
    case "single_choice":
      return text(question.options.find((option) => option.id === value)?.label ?? String(value));
    case "multiple_choice": {
      const chosen = Array.isArray(value) ? value : [];
      return text(
        question.options
          .filter((option) => chosen.includes(option.id))
          .map((option) => option.label)
          .join("；"),
      );
    }
    case "scale":
      return typeof value === "number" ? value : null;
    case "text":
      return typeof value === "string" ? text(value) : null;
  }
}

/**
 * A survey's answers as .xlsx (问卷答卷导出): one sheet 答卷 — a title row, then a header (序号, 提交时间
 * and each question "N. title（kind）") and one row per answer sheet, oldest first; options shown by
 * their labels. Every text cell is neutralized against formulas. No device key or any other
 * identifying column is written.
 */
export async function buildSurveyAnswersWorkbook(input: {
  title: string;
  questions: SurveyQuestions;
  responses: readonly { answers: unknown; createdAt: Date }[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "tuanwu";
  const sheet = workbook.addWorksheet(SURVEY_ANSWERS_SHEET_NAME);
  sheet.addRow([`${text(input.title)}　共${input.responses.length}份答卷`]);
  sheet.addRow([
    "序号",
    "提交时间",
    ...input.questions.map(
      (question, index) =>
        `${index + 1}. ${text(question.title)}（${SURVEY_QUESTION_KIND_LABELS[question.kind]}）`,
    ),
  ]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(2).font = { bold: true };
  input.responses.forEach((response, index) => {
    const answers = (response.answers ?? {}) as SurveyAnswers;
    sheet.addRow([
      index + 1,
      new Date(response.createdAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }),
      ...input.questions.map((question) => cellOf(question, answers[question.id])),
    ]);
  });
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 6 : index === 1 ? 20 : 24;
  });
  sheet.views = [{ state: "frozen", ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

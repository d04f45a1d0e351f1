import {
  isSurveyAccepting,
  type SurveyAnswerProblem,
  type SurveyStatus,
  uniqueDeviceKeyFor,
  validateSurveyAnswers,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError, notFound } from "../../lib/http-errors";
import { violatedConstraint } from "../members/member-constraints";
import { findSurveyByToken, insertSurveyResponse, type SurveyRow } from "./surveys.repository";
import { questionsOf } from "./surveys.service";

/**
 * The public survey link 问卷链接 (issue 14 part 4): no account, rate-limited by the route, one answer
 * per device unless the survey allows repeats (the unique index decides), and nothing of the registry —
 * the survey's own title, text and questions and the running organization's name only. Answers are
 * anonymous rows of `survey_response` (append-only, timestamped): they carry no audit entry of their own.
 */

/** A refused answer sheet: 400 with every problem, each naming its question (domain validateSurveyAnswers). */
export class SurveyAnswerRefusal extends HttpError {
  constructor(readonly problems: SurveyAnswerProblem[]) {
    const first = problems[0];
    super(
      400,
      "invalid_answers",
      problems.map((problem) => problem.message).join("；") || "答卷无效",
      first?.field,
    );
    this.name = "SurveyAnswerRefusal";
  }
}

/** A survey reachable by its link: any status but draft (a draft's link answers 404 like an unknown one). */
async function reachPublicSurvey(db: Database, token: string): Promise<SurveyRow> {
  const row = await findSurveyByToken(db, token);
  if (!row || row.status === "draft") throw notFound("问卷");
  return row;
}

function accepting(row: SurveyRow, now: Date): boolean {
  return isSurveyAccepting(
    { status: row.status as SurveyStatus, opensAt: row.opensAt, closesAt: row.closesAt },
    now,
  );
}

/**
 * What the public page shows: title, description, the organization's name, the questions, whether it
 * takes answers now, the repeat rule and the closing time. Errors: 404 unknown token or a draft.
 */
export async function getPublicSurvey(db: Database, token: string, now: Date) {
  const row = await reachPublicSurvey(db, token);
  return {
    title: row.title,
    description: row.description,
    organizationName: row.organizationName,
    questions: questionsOf(row),
    accepting: accepting(row, now),
    allowRepeatPerDevice: row.allowRepeatPerDevice,
    closesAt: row.closesAt ? new Date(row.closesAt).toISOString() : null,
  };
}

/**
 * Records one answer sheet from a device. Order: 404 unknown or draft; 409 survey_not_accepting
 * (closed, not yet open or past its end); 400 invalid_answers with every problem (a required question
 * missing, an option that does not exist, a scale out of range, a text too long …); then one INSERT
 * that writes only while the survey is open, and whose unique index (survey_id, unique_device_key)
 * refuses a second answer from the device: 409 already_answered (concurrent submissions: exactly one
 * wins). Returns the answer's time.
 */
export async function answerSurvey(
  db: Database,
  token: string,
  input: { deviceKey: string; answers: Record<string, unknown> },
  now: Date,
): Promise<{ answeredAt: string }> {
  const row = await reachPublicSurvey(db, token);
  if (!accepting(row, now)) {
    throw new HttpError(409, "survey_not_accepting", "问卷：当前不在答题时间内");
  }
  const checked = validateSurveyAnswers(questionsOf(row), input.answers);
  if (!checked.ok) throw new SurveyAnswerRefusal(checked.problems);
  let inserted: Awaited<ReturnType<typeof insertSurveyResponse>>;
  try {
    inserted = await insertSurveyResponse(db, {
      survey: row,
      deviceKey: input.deviceKey,
      uniqueDeviceKey: uniqueDeviceKeyFor(row, input.deviceKey),
      answers: checked.answers,
    });
  } catch (error) {
    if (violatedConstraint(error) === "survey_response_device_key") {
      throw new HttpError(409, "already_answered", "问卷：本设备已提交过答卷", "deviceKey");
    }
    throw error;
  }
  if (!inserted) throw new HttpError(409, "survey_not_accepting", "问卷：当前不在答题时间内");
  return { answeredAt: inserted.createdAt.toISOString() };
}

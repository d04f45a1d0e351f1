import { randomBytes } from "node:crypto";
import {
  aggregateSurveyResults,
  crossTabulateSurvey,
  DomainError,
  isSurveyAccepting,
  maySurveyTransition,
  SURVEY_STATUS_LABELS,
  type SurveyAnswers,
  type SurveyQuestions,
  type SurveyStatus,
  surveyQuestionsSchema,
} from "@tuanwu/domain";
import type { z } from "zod";
import { countyOfOrganization } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  findSurvey,
  findSurveyResponses,
  findSurveysInSubtree,
  insertSurvey,
  type SurveyRow,
  updateSurvey,
} from "./surveys.repository";
import type { surveyCreateSchema, surveyUpdateSchema } from "./surveys.schemas";

/**
 * Youth surveys 问卷 (domain.md §7; issue 14 part 4), the staff side: build a survey at an
 * organization (a draft), open and close its public link, read results with cross-tabs. Every object
 * through requireAccess (youth_home:read / youth_home:write; 404 outside the subtree); every write
 * audited in its transaction. The public side is survey-public.service.
 */

/** Most surveys a list returns (newest first). */
export const SURVEY_LIST_LIMIT = 500;

/** A new public token: 24 URL-safe characters (144 random bits). */
export function newPublicToken(): string {
  return randomBytes(18).toString("base64url");
}

/** The stored questions, parsed (they were validated on write; a row that no longer parses is a 500). */
export function questionsOf(row: Pick<SurveyRow, "questions">): SurveyQuestions {
  return surveyQuestionsSchema.parse(row.questions);
}

/** A survey row as the list shows it. */
export function surveySummary(row: SurveyRow) {
  const status = row.status as SurveyStatus;
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    title: row.title,
    status,
    statusLabel: SURVEY_STATUS_LABELS[status] ?? row.status,
    questionCount: Array.isArray(row.questions) ? row.questions.length : 0,
    responseCount: row.responseCount,
    opensAt: row.opensAt ? new Date(row.opensAt).toISOString() : null,
    closesAt: row.closesAt ? new Date(row.closesAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function surveyDetail(row: SurveyRow, now: Date) {
  return {
    ...surveySummary(row),
    description: row.description,
    questions: questionsOf(row),
    allowRepeatPerDevice: row.allowRepeatPerDevice,
    publicToken: row.publicToken,
    accepting: isSurveyAccepting(
      { status: row.status as SurveyStatus, opensAt: row.opensAt, closesAt: row.closesAt },
      now,
    ),
  };
}

/** A survey the actor reaches with `permission` (404 outside the subtree or unknown, 403 without it). */
async function reachSurvey(
  db: Executor,
  actor: Actor,
  id: number,
  permission: "youth_home:read" | "youth_home:write",
  lock = false,
): Promise<SurveyRow> {
  await requireAccess(db, actor, { permission, kind: "survey", ids: [id] });
  // (its county read by id first, unlocked; the lock then names it: one shard on Citus)
  return requireFound(await findSurvey(db, id, lock), "survey");
}

/**
 * The surveys of the organization `organizationId` and its subtree, newest first (at most
 * {@link SURVEY_LIST_LIMIT}), each with its number of answers. Errors: 404 outside the scope; 403
 * without youth_home:read.
 */
export async function listSurveys(db: Database, actor: Actor, organizationId: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "youth_home:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findSurveysInSubtree(db, target?.path ?? "", SURVEY_LIST_LIMIT);
  return rows.map(surveySummary);
}

/**
 * Creates a survey (a draft) at an organization: its questions (domain surveyQuestionsSchema, validated
 * by the route), a new public token. Audit "survey.create". Errors: 404 outside the scope; 403 without
 * youth_home:write; 400 naming the field.
 */
export async function createSurvey(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: z.output<typeof surveyCreateSchema>,
  now: Date,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "organization",
      ids: [organizationId],
    });
    const countyId = await countyOfOrganization(tx, organizationId);
    const id = await insertSurvey(tx, {
      organizationId,
      countyId,
      title: input.title,
      description: input.description ?? null,
      questions: input.questions,
      status: "draft",
      publicToken: newPublicToken(),
      allowRepeatPerDevice: input.allowRepeatPerDevice ?? false,
      opensAt: input.opensAt ? new Date(input.opensAt) : null,
      closesAt: input.closesAt ? new Date(input.closesAt) : null,
    });
    await recordAudit(tx, actor, {
      action: "survey.create",
      entityType: "survey",
      entityId: id,
      organizationId,
      after: { title: input.title, questionCount: input.questions.length },
    });
    return surveyDetail(requireFound(await findSurvey(tx, id, false, countyId), "survey"), now);
  });
}

/** A survey's page: questions, status, public token, whether it takes answers `now`. */
export async function getSurvey(db: Database, actor: Actor, id: number, now: Date) {
  return surveyDetail(await reachSurvey(db, actor, id, "youth_home:read"), now);
}

/**
 * Edits a survey. Title, description and the time window may change at any time; the questions and
 * the repeat rule only while it is a draft (answers already given keep their meaning): 422
 * survey_not_draft. A window whose end is not after its start (after merging with the stored one) is
 * 400 naming closesAt. Audit "survey.update" with before and after. Errors: 404, 403, 400.
 */
export async function editSurvey(
  db: Database,
  actor: Actor,
  id: number,
  input: z.output<typeof surveyUpdateSchema>,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const row = await reachSurvey(tx, actor, id, "youth_home:write", true);
    if (
      (input.questions !== undefined || input.allowRepeatPerDevice !== undefined) &&
      row.status !== "draft"
    ) {
      throw new DomainError("survey_not_draft", "问卷：已发布，题目和作答规则不能再修改", {
        field: input.questions !== undefined ? "questions" : "allowRepeatPerDevice",
        status: 422,
      });
    }
    const opensAt =
      input.opensAt === undefined ? row.opensAt : input.opensAt ? new Date(input.opensAt) : null;
    const closesAt =
      input.closesAt === undefined ? row.closesAt : input.closesAt ? new Date(input.closesAt) : null;
    if (opensAt && closesAt && closesAt.getTime() <= opensAt.getTime()) {
      throw new DomainError("invalid_input", "截止时间：应晚于开始时间", { field: "closesAt", status: 400 });
    }
    const changes = {
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.questions === undefined ? {} : { questions: input.questions }),
      ...(input.allowRepeatPerDevice === undefined
        ? {}
        : { allowRepeatPerDevice: input.allowRepeatPerDevice }),
      ...(input.opensAt === undefined ? {} : { opensAt }),
      ...(input.closesAt === undefined ? {} : { closesAt }),
    };
    await updateSurvey(tx, row, changes);
    await recordAudit(tx, actor, {
      action: "survey.update",
      entityType: "survey",
      entityId: id,
      organizationId: row.organizationId,
      before: { title: row.title, status: row.status },
      after: input,
    });
    return surveyDetail(requireFound(await findSurvey(tx, id, false, row.countyId), "survey"), now);
  });
}

/**
 * Opens (publishes or reopens) or closes a survey (domain SURVEY_TRANSITIONS) under the survey's row
 * lock. Audit "survey.open" / "survey.close". Errors: 404, 403; 409 survey_status when the action does
 * not apply to the current status (closing a draft, opening an open survey).
 */
export async function transitionSurvey(
  db: Database,
  actor: Actor,
  id: number,
  action: "open" | "close",
  now: Date,
) {
  return db.transaction(async (tx) => {
    const row = await reachSurvey(tx, actor, id, "youth_home:write", true);
    const status = row.status as SurveyStatus;
    if (!maySurveyTransition(status, action)) {
      throw new DomainError(
        "survey_status",
        `问卷：${SURVEY_STATUS_LABELS[status] ?? status}状态不能${action === "open" ? "发布" : "结束"}`,
        { status: 409 },
      );
    }
    const next: SurveyStatus = action === "open" ? "open" : "closed";
    await updateSurvey(tx, row, { status: next });
    await recordAudit(tx, actor, {
      action: `survey.${action}`,
      entityType: "survey",
      entityId: id,
      organizationId: row.organizationId,
      before: { status },
      after: { status: next },
    });
    return surveyDetail(requireFound(await findSurvey(tx, id, false, row.countyId), "survey"), now);
  });
}

/**
 * A survey's results (domain aggregateSurveyResults): counts and shares per option, scale means and
 * distributions; with `by` (a single-choice question id) the cross-tab of every other choice and
 * scale question (domain crossTabulateSurvey; 400 naming "by" otherwise). Errors: 404, 403, 400.
 */
export async function getSurveyResults(db: Database, actor: Actor, id: number, by: string | undefined) {
  const row = await reachSurvey(db, actor, id, "youth_home:read");
  const questions = questionsOf(row);
  const sheets = (await findSurveyResponses(db, row)).map((response) => response.answers as SurveyAnswers);
  const results = aggregateSurveyResults(questions, sheets);
  return {
    surveyId: id,
    responseCount: results.responseCount,
    questions: results.questions,
    crossTab: by === undefined ? null : crossTabulateSurvey(questions, sheets, by),
  };
}

/** The survey and its answers for the .xlsx export (survey-export.workbook); audit "survey.export". */
export async function readSurveyForExport(db: Database, actor: Actor, id: number) {
  const row = await reachSurvey(db, actor, id, "youth_home:read");
  const responses = await findSurveyResponses(db, row);
  await recordAudit(db, actor, {
    action: "survey.export",
    entityType: "survey",
    entityId: id,
    organizationId: row.organizationId,
    detail: { rows: responses.length },
  });
  return { row, questions: questionsOf(row), responses };
}

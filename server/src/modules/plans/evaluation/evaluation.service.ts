import {
  assertEvaluationRoundDates,
  assertEvaluationRoundOpen,
  assertScoreValid,
  assertScoringSheetValid,
  compareIsoDates,
  DomainError,
} from "@tuanwu/domain";
import { countiesOfLedgerRecords } from "../../../db/county";
import type { Database } from "../../../db/database";
import { checkAccess, requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { findOrganizationById } from "../../organizations/organization.repository";
import {
  type EvaluationItemRow,
  type EvaluationRoundRow,
  findEvaluationItems,
  findEvaluationResultTasks,
  findEvaluationRound,
  findEvaluationRoundsOverlapping,
  findRoundScores,
  findScoresOfTasks,
  insertEvaluationRound,
  upsertEvaluationScores,
} from "./evaluation.repository";
import type {
  CreateEvaluationRoundInput,
  EvaluationResults,
  SaveEvaluationScoresInput,
} from "./evaluation.schemas";
import { buildEvaluationResults } from "./evaluation-results";

function toRoundSummary(round: EvaluationRoundRow, today: string) {
  const { organizationPath: _path, createdAt, itemCount, ...rest } = round;
  return {
    ...rest,
    open: compareIsoDates(round.startsOn, today) <= 0 && compareIsoDates(today, round.endsOn) <= 0,
    itemCount: Number(itemCount),
    createdAt: createdAt.toISOString(),
  };
}

function toItem({ id, position, name, weight, maxScore }: EvaluationItemRow) {
  return { id, position, name, weight, maxScore };
}

/**
 * Creates an evaluation round (评估轮次) at an organization with its scoring sheet: the round evaluates
 * the plans of the organization's subtree (a city its counties, a county its own plan). Audited
 * (`evaluation_round.create`). Source: issue 5 part 5.
 * Errors: 404 organization outside the scope; 403 without plan:write; 422 dates_reversed (endsOn),
 * no_items / invalid_item / duplicate_item / weights_not_100 (items, items.N.*).
 */
export async function createEvaluationRound(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: CreateEvaluationRoundInput,
): Promise<number> {
  await requireAccess(db, actor, { permission: "plan:write", kind: "organization", ids: [organizationId] });
  assertEvaluationRoundDates(input);
  assertScoringSheetValid(input.items);
  return db.transaction(async (tx) => {
    const id = await insertEvaluationRound(
      tx,
      {
        organizationId,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        createdBy: actor.userId,
      },
      input.items,
    );
    await recordAudit(tx, actor, {
      action: "evaluation_round.create",
      entityType: "evaluation_round",
      entityId: id,
      organizationId,
      after: input,
    });
    return id;
  });
}

/**
 * The rounds that concern an organization, newest first: held at it, at an ancestor (covering it) or
 * inside its subtree. Errors: 404 outside the scope; 403 without plan:read.
 */
export async function listEvaluationRounds(
  db: Database,
  actor: Actor,
  organizationId: number,
  today: string,
) {
  await requireAccess(db, actor, { permission: "plan:read", kind: "organization", ids: [organizationId] });
  const target = await findOrganizationById(db, organizationId);
  if (!target) return [];
  const rounds = await findEvaluationRoundsOverlapping(db, target.path);
  return rounds.map((round) => toRoundSummary(round, today));
}

/** One round with its scoring sheet. Errors: 404 missing or not overlapping the scope; 403 without plan:read. */
export async function getEvaluationRound(db: Database, actor: Actor, roundId: number, today: string) {
  const round = requireFound(await findEvaluationRound(db, roundId), "evaluation_round");
  await requireAccess(db, actor, { permission: "plan:read", kind: "evaluation_round", ids: [roundId] });
  const items = await findEvaluationItems(db, [round.id]);
  return { ...toRoundSummary(round, today), items: items.map(toItem) };
}

/**
 * Saves scores in a round (upsert: a task's score on an item replaces the one before), all or none, in
 * one transaction with one audit entry (`evaluation.score`: before and after of every row). Every row
 * is checked: its item is on the round's sheet, its task belongs to a plan in the round's subtree and
 * in the evaluator's scope, its score lies between 0 and the item's maximum, and no (task, item)
 * appears twice. Source: issue 5 part 5.
 * Errors: 404 round missing or outside the scope; 403 without plan:evaluate; 422 round_not_open
 * (startsOn / endsOn) outside the round's dates; 422 naming the row: item_not_in_round
 * ("scores.N.itemId"), duplicate_score ("scores.N.itemId"), task_not_in_round ("scores.N.taskId"),
 * score_out_of_range ("scores.N.score").
 */
export async function saveEvaluationScores(
  db: Database,
  actor: Actor,
  roundId: number,
  input: SaveEvaluationScoresInput,
  today: string,
): Promise<{ saved: number; created: number; updated: number }> {
  return db.transaction(async (tx) => {
    const round = requireFound(await findEvaluationRound(tx, roundId), "evaluation_round");
    await requireAccess(tx, actor, { permission: "plan:evaluate", kind: "evaluation_round", ids: [roundId] });
    assertEvaluationRoundOpen(round, today);
    const items = new Map((await findEvaluationItems(tx, [round.id])).map((item) => [item.id, item]));
    const taskIds = [...new Set(input.scores.map((row) => row.taskId))];
    // The tasks the actor may score: in their scope (a task outside it is refused like one not in the round).
    const taskPaths = new Map(
      (await checkAccess(tx, actor, { permission: "plan:evaluate", kind: "plan_task", ids: taskIds })).map(
        (task) => [task.id, task.path],
      ),
    );
    const seen = new Set<string>();
    input.scores.forEach((row, index) => {
      const item = items.get(row.itemId);
      if (!item) {
        throw new DomainError(
          "item_not_in_round",
          `scores.${index}.itemId：评分项 ${row.itemId} 不属于本轮评估 / item ${row.itemId} is not on this round's sheet`,
          { field: `scores.${index}.itemId` },
        );
      }
      const key = `${row.taskId}:${row.itemId}`;
      if (seen.has(key)) {
        throw new DomainError(
          "duplicate_score",
          `scores.${index}.itemId：任务 ${row.taskId} 的该评分项重复 / task ${row.taskId} is scored twice on this item`,
          { field: `scores.${index}.itemId` },
        );
      }
      seen.add(key);
      const path = taskPaths.get(row.taskId);
      if (path === undefined || !path.startsWith(round.organizationPath)) {
        throw new DomainError(
          "task_not_in_round",
          `scores.${index}.taskId：任务 ${row.taskId} 不在本轮评估或您的管理范围内 / task ${row.taskId} is not in this round or your scope`,
          { field: `scores.${index}.taskId` },
        );
      }
      assertScoreValid(row.score, item.maxScore, `scores.${index}.score`);
    });
    // Each score is written in its task's county (migration 0045_ledger_county).
    const counties = await countiesOfLedgerRecords(tx, "plan_task", taskIds);
    const before = await findScoresOfTasks(tx, round.id, taskIds);
    const existing = new Set(before.map((row) => `${row.taskId}:${row.itemId}`));
    const updated = input.scores.filter((row) => existing.has(`${row.taskId}:${row.itemId}`)).length;
    await upsertEvaluationScores(
      tx,
      input.scores.map((row) => ({
        countyId: counties.get(row.taskId) ?? 0,
        itemId: row.itemId,
        taskId: row.taskId,
        score: row.score,
        comment: row.comment ?? null,
        evaluatorId: actor.userId,
        evaluatorName: actor.displayName,
      })),
    );
    await recordAudit(tx, actor, {
      action: "evaluation.score",
      entityType: "evaluation_round",
      entityId: round.id,
      organizationId: round.organizationId,
      before: before
        .filter((row) => seen.has(`${row.taskId}:${row.itemId}`))
        .map((row) => ({ ...row, score: Number(row.score) })),
      after: input.scores,
      detail: { saved: input.scores.length, created: input.scores.length - updated, updated },
    });
    return { saved: input.scores.length, created: input.scores.length - updated, updated };
  });
}

/**
 * A round's results, narrowed to the actor's scope (see evaluation-results buildEvaluationResults):
 * per task (number, title, plan, organization, item scores, total, complete) and per organization
 * (average of completely scored tasks, tasks scored, rank). Errors: 404; 403 without plan:read.
 */
export async function getEvaluationResults(
  db: Database,
  actor: Actor,
  roundId: number,
  today: string,
): Promise<EvaluationResults> {
  const round = requireFound(await findEvaluationRound(db, roundId), "evaluation_round");
  await requireAccess(db, actor, { permission: "plan:read", kind: "evaluation_round", ids: [roundId] });
  const items = await findEvaluationItems(db, [round.id]);
  const tasks = await findEvaluationResultTasks(db, round.id, round.organizationPath, actor.scopePaths);
  const scores = await findRoundScores(
    db,
    round.id,
    tasks.map((task) => task.taskId),
  );
  return {
    round: { ...toRoundSummary(round, today), items: items.map(toItem) },
    ...buildEvaluationResults(items, tasks, scores),
  };
}

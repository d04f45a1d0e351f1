import {
  availableActions,
  DEFAULT_STAR_RATING_SHEET,
  DomainError,
  isExemptFromStarRating,
  lockedRatingProblem,
  needsRectification,
  STAR_RATING_PAYLOAD_SCHEMAS,
  STAR_RATING_WORKFLOW,
  type StarRatingAction,
  type StarRatingFacts,
  type StarRatingItem,
  type StarRatingState,
  scoreStarRatingSheet,
  starRatingSheetProblems,
  starsForScore,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  findWorkflowInstance,
  findWorkflowSteps,
  setWorkflowInstanceData,
} from "../workflow/workflow.repository";
import { workflowActorOf } from "../workflow/workflow-actor";
import { applyTransitionIn, openInstance } from "../workflow/workflow-engine";
import {
  countFiveStars,
  findNearestSheet,
  findRating,
  findRatingOf,
  findRatingsInSubtree,
  insertRating,
  lockRatings,
  type StarRatingRow,
  updateRating,
  upsertSheet,
} from "./star-rating.repository";

/**
 * 评星定级 (issue 12 part 6): the scoring sheet (nearest ancestor's of the year, else the default), a
 * branch's self-rating, the committee's review on the approval engine (≤ 20% five-star per committee),
 * the year-end lock. Reads member:read, writes member:write, scoped (404 outside), audited.
 */

function pathIdsNearestFirst(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number).reverse();
}

function badInput(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/** The sheet in force at an organization for a year. */
async function resolveSheet(db: Executor, path: string, year: number) {
  const found = await findNearestSheet(db, pathIdsNearestFirst(path), year);
  return found
    ? { ownerOrganizationId: found.organizationId, isDefault: false, items: found.items }
    : { ownerOrganizationId: null, isDefault: true, items: [...DEFAULT_STAR_RATING_SHEET] };
}

/** GET /organizations/{id}/star-rating-sheet?year=: the sheet in force (own, nearest ancestor's, default). */
export async function getSheet(db: Database, actor: Actor, organizationId: number, year: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  return {
    organizationId,
    year,
    ...(await resolveSheet(db, requireFound(target, "organization").path, year)),
  };
}

/**
 * PUT /organizations/{id}/star-rating-sheet?year= {items}: sets the organization's sheet of the year
 * (applies to its subtree). Audit "star_rating_sheet.replace". Errors: 400 naming items.{i}.{field}
 * (domain starRatingSheetProblems: total 100, unique keys); 404; 403.
 */
export async function putSheet(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number,
  items: StarRatingItem[],
) {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const [problem] = starRatingSheetProblems(items);
    if (problem) throw badInput(problem.field, problem.message);
    await upsertSheet(tx, organizationId, year, items);
    await recordAudit(tx, actor, {
      action: "star_rating_sheet.replace",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: null,
      after: { year, items },
    });
    return {
      organizationId,
      year,
      ...(await resolveSheet(tx, requireFound(target, "organization").path, year)),
    };
  });
}

function ratingView(row: StarRatingRow) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    year: row.year,
    state: row.state,
    version: row.version,
    selfScore: row.selfScore,
    reviewedScore: row.reviewedScore,
    stars: row.stars,
    rectification: needsRectification(row.stars),
    exempt: row.exempt,
    lockedAt: row.lockedAt,
  };
}

/** A rating as answered. */
export type StarRatingView = ReturnType<typeof ratingView>;

/**
 * GET /organizations/{id}/star-ratings?year=: the ratings of the subtree with the distribution
 * (stars 5…2, unrated 0 = 软弱涣散, exempt, not yet rated). Errors: 404; 403.
 */
export async function listRatings(db: Database, actor: Actor, organizationId: number, year: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findRatingsInSubtree(db, requireFound(target, "organization").path, year);
  const distribution = { five: 0, four: 0, three: 0, two: 0, unrated: 0, exempt: 0, pending: 0 };
  for (const row of rows) {
    if (row.exempt) distribution.exempt += 1;
    else if (row.stars === null) distribution.pending += 1;
    else if (row.stars === 5) distribution.five += 1;
    else if (row.stars === 4) distribution.four += 1;
    else if (row.stars === 3) distribution.three += 1;
    else if (row.stars === 2) distribution.two += 1;
    else distribution.unrated += 1;
  }
  return { organizationId, year, items: rows.map(ratingView), distribution };
}

/**
 * POST /organizations/{id}/star-ratings {year, scores}: the branch's self-rating 支部自评 — scores
 * per item of the sheet in force; creates the rating and opens its workflow (awaiting submission),
 * or updates the self score while still in self-rating. A branch under 6 months old at year-end is
 * recorded exempt (no workflow). Audit "star_rating.self_rate". Errors: 400 scores.{key} (missing,
 * over the item's maximum, unknown); 422 not a branch / locked / already submitted; 404; 403.
 */
export async function selfRate(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: { year: number; scores: Record<string, number> },
  today: string,
) {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const organization = requireFound(await findOrganizationById(tx, organizationId), "organization");
    if (organization.kind !== "branch")
      throw new DomainError("not_a_branch", "评星定级：只有团支部参加评星定级", { field: "id", status: 422 });
    const exempt = isExemptFromStarRating(organization.foundedOn ?? null, input.year);
    const sheet = await resolveSheet(tx, requireFound(target, "organization").path, input.year);
    const scored = scoreStarRatingSheet(sheet.items, input.scores);
    if (!exempt && scored.problems[0]) throw badInput(scored.problems[0].field, scored.problems[0].message);
    let rating = await findRatingOf(tx, organization.countyId, organizationId, input.year);
    const locked = lockedRatingProblem(rating?.lockedAt ?? null);
    if (locked) throw new DomainError("rating_locked", locked, { field: "year", status: 422 });
    if (rating && rating.state !== null && rating.state !== "self_rating")
      throw new DomainError("already_submitted", "评星定级：自评已提交，等待或已完成上级审核", {
        field: "scores",
        status: 422,
      });
    if (!rating) {
      const id = await insertRating(tx, {
        countyId: organization.countyId,
        organizationId,
        year: input.year,
        selfScore: exempt ? null : scored.total,
        exempt,
      });
      if (!exempt) {
        const opened = await openInstance(tx, {
          definition: STAR_RATING_WORKFLOW,
          organizationId,
          title: `${organization.shortName ?? organization.name} ${input.year}年评星定级`,
          data: { entityId: id, year: input.year, selfScores: input.scores },
          actor,
          occurredOn: today,
          payload: { selfScore: scored.total },
        });
        await updateRating(
          tx,
          { id, countyId: organization.countyId, organizationId },
          { instanceId: opened.id },
        );
      }
    } else if (!exempt) {
      await updateRating(tx, rating, { selfScore: scored.total });
      // The page shows the scores per item from the instance's data: keep them with the new total.
      const instance =
        rating.instanceId === null ? undefined : await findWorkflowInstance(tx, rating.instanceId);
      if (instance)
        await setWorkflowInstanceData(tx, instance, {
          ...(instance.data as object),
          selfScores: input.scores,
        });
    }
    rating = requireFound(
      await findRatingOf(tx, organization.countyId, organizationId, input.year),
      "star_rating",
    );
    await recordAudit(tx, actor, {
      action: "star_rating.self_rate",
      entityType: "star_rating",
      entityId: rating.id,
      organizationId,
      before: null,
      after: { year: input.year, selfScore: rating.selfScore, exempt, scores: input.scores },
    });
    return ratingView(rating);
  });
}

/** The committee that reviews a branch: its parent (the path's second-to-last id). */
function committeeOf(path: string): { id: number; path: string } {
  const ids = path.split("/").filter(Boolean);
  const parentIds = ids.slice(0, -1);
  return { id: Number(parentIds[parentIds.length - 1]), path: `${parentIds.join("/")}/` };
}

/**
 * POST /star-ratings/{id}/transitions {action, version, payload}: submit_self_rating (the branch),
 * review {scores} (the committee above: reviewed score, stars by band; five stars refused over 20%
 * of the committee's rated branches — 422 five_star_quota naming the count), return_self_rating
 * {reason}. A locked rating takes none (422 rating_locked). On the one engine (applyTransitionIn).
 * Errors: 400 payload fields; 403; 404; 409 stale version / step not available; 422 guard failures.
 */
export async function transitionRating(
  db: Database,
  actor: Actor,
  ratingId: number,
  input: { action: string; version: number; payload: Record<string, unknown> },
  today: string,
) {
  await db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "organization:read", kind: "star_rating", ids: [ratingId] });
    const rating = requireFound(await findRating(tx, ratingId, "update"), "star_rating");
    if (rating.instanceId === null)
      throw new DomainError("exempt", "评星定级：该支部成立不满6个月，免于评定", {
        field: "action",
        status: 422,
      });
    const committee = committeeOf(rating.organizationPath);
    let reviewed: { total: number; stars: ReturnType<typeof starsForScore> } | null = null;
    await applyTransitionIn<StarRatingFacts>(tx, {
      definition: STAR_RATING_WORKFLOW,
      payloadSchemas: STAR_RATING_PAYLOAD_SCHEMAS,
      instanceId: rating.instanceId,
      expectedVersion: input.version,
      action: input.action,
      payload: input.payload,
      actor,
      today,
      loadFacts: async (executor, _instance, payload) => {
        if (input.action === "review") {
          const sheet = await resolveSheet(executor, rating.organizationPath, rating.year);
          const scored = scoreStarRatingSheet(sheet.items, payload.scores as Record<string, number>);
          if (scored.problems[0])
            throw badInput(`payload.${scored.problems[0].field}`, scored.problems[0].message);
          reviewed = { total: scored.total, stars: starsForScore(scored.total) };
        }
        const counts = await countFiveStars(executor, committee.id, committee.path, rating.year, rating.id);
        return {
          lockedAt: rating.lockedAt,
          hasSelfScore: rating.selfScore !== null,
          reviewedStars: reviewed?.stars ?? null,
          ...counts,
        };
      },
      effects: async (executor, context) => {
        if (context.action === "review" && reviewed) {
          await updateRating(executor, rating, { reviewedScore: reviewed.total, stars: reviewed.stars });
          return { data: { ...(context.instance.data as object), reviewedScores: context.payload.scores } };
        }
        return undefined;
      },
    });
  });
  return ratingView(requireFound(await findRating(db, ratingId), "star_rating"));
}

/**
 * POST /star-ratings/lock?year=: locks (year-end) the ratings of the year at organizations strictly
 * below the actor's scope (a committee locks its branches'); a locked rating refuses every change.
 * Refuses a year not yet at its end (before 1 December). Audit "star_rating.lock" (one entry, count).
 * Errors: 400 field "year"; 403 without member:write.
 */
export async function lockYear(db: Database, actor: Actor, year: number, today: string) {
  if (`${year}-12-01` > today) throw badInput("year", `年份：${year}年评星定级须在12月1日后锁定`);
  return db.transaction(async (tx) => {
    const ids = await lockRatings(tx, actor.scopePaths, year);
    await recordAudit(tx, actor, {
      action: "star_rating.lock",
      entityType: "star_rating",
      entityId: ids[0] ?? 0,
      organizationId: null,
      before: null,
      after: { year, count: ids.length, ids },
    });
    return { year, locked: ids.length };
  });
}

const ACTION_LABELS = new Map(STAR_RATING_WORKFLOW.transitions.map((item) => [item.action, item.label.zh]));

function scoresOf(data: unknown, key: "selfScores" | "reviewedScores"): Record<string, number> | null {
  const value = (data as Record<string, unknown> | null)?.[key];
  return value && typeof value === "object" ? (value as Record<string, number>) : null;
}

/**
 * GET /star-ratings/{id}: one rating's page — the rating ({@link StarRatingView}), the sheet in force
 * (items), the self and reviewed scores per item (from the engine instance's data), the timeline
 * (oldest first) and the actions this actor may take now (the engine's availableActions; a locked
 * rating takes none; guards such as the 20% five-star cap are run when the step is taken).
 * Errors: 404 unknown or outside the scope; 403 without organization:read.
 */
export async function getRatingDetail(db: Database, actor: Actor, ratingId: number) {
  await requireAccess(db, actor, { permission: "organization:read", kind: "star_rating", ids: [ratingId] });
  const rating = requireFound(await findRating(db, ratingId), "star_rating");
  const sheet = await resolveSheet(db, rating.organizationPath, rating.year);
  // (the instance sits in its rating's county)
  const instance =
    rating.instanceId === null
      ? undefined
      : await findWorkflowInstance(db, rating.instanceId, undefined, rating.countyId);
  const actions =
    instance && rating.lockedAt === null
      ? availableActions(
          STAR_RATING_WORKFLOW,
          {
            state: instance.state as StarRatingState,
            pausedFrom: null,
            organizationPath: instance.organizationPath,
          },
          workflowActorOf(actor, instance),
        )
      : [];
  const steps = instance ? await findWorkflowSteps(db, instance) : [];
  return {
    ...ratingView(rating),
    items: sheet.items,
    selfScores: scoresOf(instance?.data, "selfScores"),
    reviewedScores: scoresOf(instance?.data, "reviewedScores"),
    history: steps.map((step) => ({
      sequence: step.sequence,
      action: step.action,
      actionLabel:
        step.action === "open"
          ? "支部自评"
          : (ACTION_LABELS.get(step.action as StarRatingAction) ?? step.action),
      toState: step.toState,
      occurredOn: step.occurredOn,
      actorName: step.actorName,
      note: noteOf(step.payload),
      recordedAt: new Date(step.recordedAt).toISOString(),
    })),
    availableActions: actions.map((action) => ({ action, label: ACTION_LABELS.get(action) ?? action })),
  };
}

function noteOf(payload: unknown): string | null {
  const record = (payload ?? {}) as Record<string, unknown>;
  const text = record.reason ?? record.note;
  return typeof text === "string" ? text : null;
}

import { compareIsoDates, DomainError, isSameOrDescendantPath } from "@tuanwu/domain";
import type { z } from "zod";
import type { Database } from "../../db/database";
import { todayInChina } from "../../lib/clock";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  findAttendance,
  findCadrePaths,
  findTrainingRounds,
  findUntrainedCadres,
  insertTrainingRound,
  lockAttendanceCadres,
  lockTrainingRound,
  replaceAttendance,
} from "./cadres.repository";
import type { trainingRoundCreateSchema } from "./cadres.schemas";
import { cadreView } from "./cadres.service";

/**
 * 轮训 — training rounds of cadres (issue 13 part 3): an organization's rounds, who attended, and the
 * cadres of a subtree not yet trained.
 */

/** An organization's training rounds, latest first. Errors: 404 outside the scope; 403 without cadre:read. */
export async function listTrainingRounds(db: Database, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, { permission: "cadre:read", kind: "organization", ids: [organizationId] });
  return { items: await findTrainingRounds(db, organizationId) };
}

/**
 * Creates a training round at an organization (it ends on or after it starts). Audit
 * "training_round.create". Errors: 404; 403 without cadre:write; 400 field endsOn.
 */
export async function createTrainingRound(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: z.infer<typeof trainingRoundCreateSchema>,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "cadre:write",
      kind: "organization",
      ids: [organizationId],
    });
    if (compareIsoDates(input.endsOn, input.startsOn) < 0) {
      throw new DomainError("invalid_input", "结束日期 endsOn：不能早于开始日期", {
        field: "endsOn",
        status: 400,
      });
    }
    const id = await insertTrainingRound(tx, { organizationId, ...input });
    await recordAudit(tx, actor, {
      action: "training_round.create",
      entityType: "training_round",
      entityId: id,
      organizationId,
      after: input,
    });
    return { id, organizationId, ...input, attendeeCount: 0 };
  });
}

/**
 * Replaces who attended a round: every cadre must exist in the actor's scope (else 404) and hold a post
 * in the round organization's subtree (else 400 field cadreIds). Audit "training_round.attendance".
 * Errors: 404; 403 without cadre:write; 400.
 */
export async function putAttendance(
  db: Database,
  actor: Actor,
  roundId: number,
  cadreIds: readonly number[],
) {
  const ids = [...new Set(cadreIds)].sort((a, b) => a - b);
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "cadre:write", kind: "training_round", ids: [roundId] });
    const round = requireFound(await lockTrainingRound(tx, roundId), "training_round");
    await requireAccess(tx, actor, { permission: "cadre:write", kind: "cadre", ids });
    const cadres = await findCadrePaths(tx, ids);
    const outside = cadres.filter((row) => !isSameOrDescendantPath(row.path, round.path));
    if (outside.length > 0) {
      throw new DomainError(
        "invalid_input",
        `参训干部 cadreIds：干部 ${outside.map((row) => row.id).join("、")} 不在本次轮训组织的范围内`,
        { field: "cadreIds", status: 400 },
      );
    }
    const before = await findAttendance(tx, roundId);
    await lockAttendanceCadres(
      tx,
      roundId,
      cadres.map((row) => ({ id: row.id, countyId: row.countyId })),
    );
    await replaceAttendance(
      tx,
      roundId,
      cadres.map((row) => ({ cadreId: row.id, countyId: row.countyId })),
    );
    await recordAudit(tx, actor, {
      action: "training_round.attendance",
      entityType: "training_round",
      entityId: roundId,
      organizationId: round.organizationId,
      before: { cadreIds: before },
      after: { cadreIds: ids },
    });
    return { roundId, cadreIds: ids };
  });
}

/**
 * Open posts of a subtree whose holder attended no training round (starting on or after `since`, when
 * given): who has not yet been trained. Phones masked. Errors: 404; 403 without cadre:read.
 */
export async function listUntrainedCadres(
  db: Database,
  actor: Actor,
  organizationId: number,
  since: string | undefined,
) {
  const [target] = await requireAccess(db, actor, {
    permission: "cadre:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findUntrainedCadres(db, requireFound(target, "organization").path, since ?? null);
  const today = todayInChina();
  return { items: rows.map((row) => cadreView(row, today, false)) };
}

import {
  addDays,
  checkComposition,
  compareIsoDates,
  compositionWarning,
  DomainError,
  reminderDate,
  TERM_BODY_LABELS,
  TERM_ELECTION_WORKFLOW,
  TERM_REMINDER_DAYS,
  type TermBody,
  termState,
} from "@tuanwu/domain";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { countyOfCadreRecord, countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { organizationTerm, workflowInstance } from "../../db/schema";
import { todayInChina } from "../../lib/clock";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { applyTransitionIn } from "../workflow/workflow-engine";
import {
  findExpiringTerms,
  findTerm,
  findTerms,
  insertTerm,
  lockOrganizationRow,
  lockTerm,
  type TermRow,
} from "./terms.repository";
import type { electionSchema, termCreateSchema } from "./terms.schemas";

/**
 * Terms 届期 and elections 换届 (domain.md §6; issue 13 part 2): the terms of an organization's congress,
 * full committee and standing committee, the ones expiring (a reminder list, to-do for the committee),
 * the election recorded with its composition checked against ≥ 80 / 60 / 40 % grassroots and front-line
 * seats (Wangcang task 6).
 */

function badRequest(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/**
 * A term's composition check (Wangcang task 6, domain.md §6): from its roster — the deputy / committee
 * member rows linked to the term, a row a seat, grassroots or front line either flag — when it has any,
 * else from the seats entered with the term or election. `warning` says the shortfall plainly (a
 * warning, never a refusal).
 */
export function termComposition(row: TermRow) {
  const body = row.body as TermBody;
  const fromRoster = row.rosterSeats > 0;
  const check = fromRoster
    ? checkComposition(body, row.rosterSeats, row.rosterGrassrootsSeats)
    : checkComposition(body, row.seats, row.grassrootsSeats);
  return {
    source: fromRoster ? ("roster" as const) : ("entered" as const),
    seats: check.seats,
    grassrootsSeats: check.grassrootsSeats,
    share: check.share,
    minimum: check.minimum,
    meets: check.meets,
    shortfall: check.shortfall,
    warning: compositionWarning(check),
  };
}

/** A term as answered: its state today, when it is listed as expiring, its composition check. */
export function termView(row: TermRow, today: string) {
  const body = row.body as TermBody;
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    body: row.body,
    bodyLabel: TERM_BODY_LABELS[body] ?? row.body,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    electedOn: row.electedOn,
    seats: row.seats,
    grassrootsSeats: row.grassrootsSeats,
    rosterSeats: row.rosterSeats,
    state: termState(row, today),
    succeeded: Boolean(row.succeeded),
    remindFrom: reminderDate(row.endsOn),
    composition: termComposition(row),
  };
}

function assertSeats(seats: number, grassrootsSeats: number) {
  if (grassrootsSeats > seats) {
    throw badRequest("grassrootsSeats", `基层和一线席位数 grassrootsSeats：不能多于席位数${seats}`);
  }
}

/** An organization's terms, by body, latest first. Errors: 404 outside the scope; 403 without cadre:read. */
export async function listTerms(db: Database, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, { permission: "cadre:read", kind: "organization", ids: [organizationId] });
  const today = todayInChina();
  const countyId = await countyOfOrganization(db, organizationId);
  return { items: (await findTerms(db, organizationId, countyId)).map((row) => termView(row, today)) };
}

/**
 * Records a term of a body (issue 13 part 2): it ends after it starts ("a term ending before it starts"
 * → 400 field endsOn), does not overlap another term of the body (400 field startsOn), grassroots seats
 * ≤ seats. Audit "organization_term.create". Errors: 404; 403 without cadre:write; 400.
 */
export async function createTerm(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: z.infer<typeof termCreateSchema>,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "cadre:write",
      kind: "organization",
      ids: [organizationId],
    });
    if (compareIsoDates(input.endsOn, input.startsOn) <= 0) {
      throw badRequest("endsOn", `届期结束 endsOn：应晚于届期开始${input.startsOn}`);
    }
    assertSeats(input.seats, input.grassrootsSeats);
    await lockOrganizationRow(tx, organizationId);
    const countyId = await countyOfOrganization(tx, organizationId);
    const [overlap] = await tx
      .select({
        id: organizationTerm.id,
        startsOn: organizationTerm.startsOn,
        endsOn: organizationTerm.endsOn,
      })
      .from(organizationTerm)
      .where(
        and(
          eq(organizationTerm.countyId, countyId),
          eq(organizationTerm.organizationId, organizationId),
          eq(organizationTerm.body, input.body),
          sql`${organizationTerm.startsOn} < ${input.endsOn} and ${organizationTerm.endsOn} > ${input.startsOn}`,
        ),
      )
      .limit(1);
    if (overlap) {
      throw badRequest(
        "startsOn",
        `届期开始 startsOn：与已有届期（${overlap.startsOn} 至 ${overlap.endsOn}）重叠`,
      );
    }
    const id = await insertTerm(tx, {
      organizationId,
      countyId,
      ...input,
      electedOn: input.electedOn ?? null,
    });
    await recordAudit(tx, actor, {
      action: "organization_term.create",
      entityType: "organization_term",
      entityId: id,
      organizationId,
      after: input,
    });
    return termView(requireFound(await findTerm(tx, id, countyId), "organization_term"), todayInChina());
  });
}

/**
 * Records the election 换届 that follows a term: a new term of the same body from `electedOn` to
 * `endsOn`, with its seats; the composition is checked and answered, a shortfall in `warnings` (not
 * refused: domain.md §6 states minimums without a refusal, and task 6 says "一般不少于"). The term's election reminder in the to-do inbox, if the daily job opened one, takes its
 * "elect" step through the workflow engine and closes. Audit "organization_term.election". Errors: 404; 403 without cadre:write; 400 electedOn
 * before the term's start or in the future, endsOn not after electedOn, grassroots seats > seats;
 * 422 already_elected when a later term exists.
 */
export async function recordElection(
  db: Database,
  actor: Actor,
  termId: number,
  input: z.infer<typeof electionSchema>,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "cadre:write", kind: "organization_term", ids: [termId] });
    const countyId = await countyOfCadreRecord(tx, "organization_term", termId);
    const term = requireFound(await findTerm(tx, termId, countyId), "organization_term");
    await lockOrganizationRow(tx, term.organizationId);
    await lockTerm(tx, termId, countyId);
    const locked = requireFound(await findTerm(tx, termId, countyId), "organization_term");
    if (locked.succeeded) {
      throw new DomainError("already_elected", "换届：该届之后已有新一届，选举已记录", { status: 422 });
    }
    const today = todayInChina();
    if (compareIsoDates(input.electedOn, locked.startsOn) <= 0) {
      throw badRequest("electedOn", `选举日期 electedOn：应晚于本届开始${locked.startsOn}`);
    }
    if (compareIsoDates(input.electedOn, today) > 0)
      throw badRequest("electedOn", "选举日期 electedOn：不能晚于今天");
    if (compareIsoDates(input.endsOn, input.electedOn) <= 0) {
      throw badRequest("endsOn", "新一届届期结束 endsOn：应晚于选举日期");
    }
    assertSeats(input.seats, input.grassrootsSeats);
    if (locked.electionInstanceId !== null) {
      // The reminder in the to-do inbox (term_election "due") takes its "elect" step and closes.
      const [instance] = await tx
        .select({ version: workflowInstance.version, closedAt: workflowInstance.closedAt })
        .from(workflowInstance)
        .where(
          and(eq(workflowInstance.countyId, countyId), eq(workflowInstance.id, locked.electionInstanceId)),
        );
      if (instance && instance.closedAt === null) {
        await applyTransitionIn(tx, {
          definition: TERM_ELECTION_WORKFLOW,
          payloadSchemas: { elect: z.object({}) },
          instanceId: locked.electionInstanceId,
          expectedVersion: instance.version,
          action: "elect",
          payload: {},
          actor,
          today,
          loadFacts: async () => ({}),
        });
      }
    }
    const id = await insertTerm(tx, {
      organizationId: locked.organizationId,
      countyId,
      body: locked.body,
      startsOn: input.electedOn,
      endsOn: input.endsOn,
      electedOn: input.electedOn,
      seats: input.seats,
      grassrootsSeats: input.grassrootsSeats,
    });
    await recordAudit(tx, actor, {
      action: "organization_term.election",
      entityType: "organization_term",
      entityId: id,
      organizationId: locked.organizationId,
      before: { termId },
      after: { ...input, body: locked.body },
    });
    const elected = termView(requireFound(await findTerm(tx, id, countyId), "organization_term"), today);
    return {
      previous: termView(requireFound(await findTerm(tx, termId, countyId), "organization_term"), today),
      term: elected,
      warnings: elected.composition.warning ? [elected.composition.warning] : [],
    };
  });
}

/**
 * The reminder list 换届提醒 of a subtree: each organization's latest term of a body that ends within
 * `days` (default 90, domain TERM_REMINDER_DAYS) or has ended, without a recorded election — soonest
 * first. Errors: 404 outside the scope; 403 without cadre:read.
 */
export async function listExpiringTerms(
  db: Database,
  actor: Actor,
  organizationId: number,
  days: number = TERM_REMINDER_DAYS,
) {
  const [target] = await requireAccess(db, actor, {
    permission: "cadre:read",
    kind: "organization",
    ids: [organizationId],
  });
  const today = todayInChina();
  return { items: await readExpiring(db, requireFound(target, "organization").path, today, days) };
}

/** The expiring terms of a subtree on `today` (see {@link listExpiringTerms}). */
export async function readExpiring(db: Executor, path: string, today: string, days = TERM_REMINDER_DAYS) {
  const rows = await findExpiringTerms(db, path, addDays(today, days), await countyScopeOfPath(db, path));
  return rows.map((row) => termView(row, today));
}

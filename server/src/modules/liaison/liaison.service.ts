import {
  CONTACT_LOG_KIND_LABELS,
  type ContactLogInput,
  type ContactLogKind,
  checkContactDate,
  countYearlyDuties,
  DEPUTY_BODY_LABELS,
  DomainError,
  LIAISON_ASSIGNMENT_KIND_LABELS,
  type LiaisonAssignmentKind,
  ROSTER_BODY_OF_TERM,
  type TermBody,
} from "@tuanwu/domain";
import { countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { requireAccess } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  assignmentExists,
  type ContactLogRow,
  countLinkedBranches,
  findAssignments,
  findCadreContactLogs,
  findContactLog,
  findContactLogsUnder,
  findDeputies,
  findOrganizationPath,
  findOwnCadre,
  findPersonOrganization,
  findStations,
  findTermOrganization,
  insertAssignment,
  insertContactLog,
  insertDeputy,
  insertStation,
} from "./liaison.repository";

/**
 * Deputies 团代表, liaison stations 团代表联络站, "两联" assignments, contact logs and a cadre's yearly
 * duties (domain.md §6; issue 13 part 5). Reads need cadre:read, writes cadre:write, inside the actor's
 * subtree (404 outside, through requireAccess); every write is audited. A cadre logs their own contacts
 * from a phone through /me/contact-logs: the account's member (app_user.member_id) holds an open cadre
 * record (cadre.member_id) — nothing else to authorize, a user only reaches their own record.
 */

/**
 * The organization through the one access check (404 outside the scope, 403 without the permission): its
 * path, and its county bucket, which every read and write of these tables names (one shard on Citus).
 */
async function reachOrganization(
  db: Executor,
  actor: Actor,
  organizationId: number,
  permission: "cadre:read" | "cadre:write",
) {
  const [target] = await requireAccess(db, actor, {
    permission,
    kind: "organization",
    ids: [organizationId],
  });
  return {
    path: (target as { path: string }).path,
    countyId: await countyOfOrganization(db, organizationId),
  };
}

function badInput(code: string, message: string, field: string): DomainError {
  return new DomainError(code, message, { status: 400, field });
}

/** GET /organizations/{id}/deputies: the organization's deputies and committee members. */
export async function listDeputies(db: Database, actor: Actor, organizationId: number) {
  const { countyId } = await reachOrganization(db, actor, organizationId, "cadre:read");
  return (await findDeputies(db, organizationId, countyId)).map((row) => ({
    ...row,
    bodyLabel: DEPUTY_BODY_LABELS[row.body as keyof typeof DEPUTY_BODY_LABELS] ?? row.body,
  }));
}

/**
 * POST /organizations/{id}/deputies: a deputy or committee member of the organization. A member, when
 * named, must lie in the actor's scope (404 otherwise); a term must be the organization's and of the
 * matching body — congress deputies in a congress term, and so on (400 termId).
 * Audit "deputy.create".
 */
export async function createDeputy(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: {
    name: string;
    memberId?: number | null | undefined;
    body: string;
    grassroots: boolean;
    frontLine: boolean;
    termId?: number | null | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const { countyId } = await reachOrganization(tx, actor, organizationId, "cadre:write");
    if (input.memberId)
      await requireAccess(tx, actor, { permission: "cadre:write", kind: "member", ids: [input.memberId] });
    if (input.termId) {
      const term = await findTermOrganization(tx, input.termId, countyId);
      if (term?.organizationId !== organizationId) {
        throw badInput("term_not_of_organization", "届次：不是本组织的届次", "termId");
      }
      // The roster of a term is its body's (the composition check counts it, Wangcang task 6).
      if (ROSTER_BODY_OF_TERM[term.body as TermBody] !== input.body) {
        throw badInput("term_body_mismatch", "届次：与代表/委员所属机构不一致", "termId");
      }
    }
    const values = {
      organizationId,
      memberId: input.memberId ?? null,
      name: input.name,
      body: input.body,
      grassroots: input.grassroots,
      frontLine: input.frontLine,
      termId: input.termId ?? null,
    };
    const id = await insertDeputy(tx, { ...values, countyId });
    await recordAudit(tx, actor, {
      action: "deputy.create",
      entityType: "deputy",
      entityId: id,
      organizationId,
      after: values,
    });
    const created = (await findDeputies(tx, organizationId, countyId)).find((row) => row.id === id);
    return {
      ...(created as NonNullable<typeof created>),
      bodyLabel: DEPUTY_BODY_LABELS[input.body as keyof typeof DEPUTY_BODY_LABELS],
    };
  });
}

/** GET /organizations/{id}/liaison-stations. */
export async function listStations(db: Database, actor: Actor, organizationId: number) {
  const { countyId } = await reachOrganization(db, actor, organizationId, "cadre:read");
  return findStations(db, organizationId, countyId);
}

/** POST /organizations/{id}/liaison-stations: a liaison station 团代表联络站. Audit "liaison_station.create". */
export async function createStation(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: { name: string; address?: string | null | undefined },
) {
  return db.transaction(async (tx) => {
    const { countyId } = await reachOrganization(tx, actor, organizationId, "cadre:write");
    const values = { organizationId, name: input.name, address: input.address ?? null };
    const id = await insertStation(tx, { ...values, countyId });
    await recordAudit(tx, actor, {
      action: "liaison_station.create",
      entityType: "liaison_station",
      entityId: id,
      organizationId,
      after: values,
    });
    return { id, ...values };
  });
}

function assignmentView(row: Awaited<ReturnType<typeof findAssignments>>[number]) {
  return { ...row, kindLabel: LIAISON_ASSIGNMENT_KIND_LABELS[row.kind as LiaisonAssignmentKind] ?? row.kind };
}

/** GET /organizations/{id}/liaison-assignments: the "两联" assignments made at the organization. */
export async function listAssignments(db: Database, actor: Actor, organizationId: number) {
  const { countyId } = await reachOrganization(db, actor, organizationId, "cadre:read");
  return (await findAssignments(db, organizationId, countyId)).map(assignmentView);
}

/**
 * POST /organizations/{id}/liaison-assignments: a "两联" assignment. Both ends must lie in the actor's
 * scope (404) and within the organization's subtree (400 naming the end); a branch target must be a
 * branch below the cadre's organization for cadre_to_branch. The same assignment twice → 409.
 * Audit "liaison_assignment.create".
 */
export async function createAssignment(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: {
    kind: LiaisonAssignmentKind;
    fromCadreId?: number | null | undefined;
    fromDeputyId?: number | null | undefined;
    targetDeputyId?: number | null | undefined;
    targetOrganizationId?: number | null | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const { path: rootPath, countyId } = await reachOrganization(tx, actor, organizationId, "cadre:write");
    const values = {
      organizationId,
      kind: input.kind,
      fromCadreId: input.fromCadreId ?? null,
      fromDeputyId: input.fromDeputyId ?? null,
      targetDeputyId: input.targetDeputyId ?? null,
      targetOrganizationId: input.targetOrganizationId ?? null,
    };
    const ends: [field: string, kind: "cadre" | "deputy" | "organization", id: number | null][] = [
      ["fromCadreId", "cadre", values.fromCadreId],
      ["fromDeputyId", "deputy", values.fromDeputyId],
      ["targetDeputyId", "deputy", values.targetDeputyId],
      ["targetOrganizationId", "organization", values.targetOrganizationId],
    ];
    for (const [field, kind, id] of ends) {
      if (id === null) continue;
      const [target] = await requireAccess(tx, actor, { permission: "cadre:write", kind, ids: [id] });
      if (!(target as { path: string }).path.startsWith(rootPath)) {
        throw badInput("assignment_outside_organization", "联系对象：应在本组织及下级组织内", field);
      }
    }
    if (await assignmentExists(tx, { ...values, countyId })) {
      throw new DomainError("assignment_exists", "两联：该联系关系已存在", { status: 409, field: "kind" });
    }
    const id = await insertAssignment(tx, { ...values, countyId });
    await recordAudit(tx, actor, {
      action: "liaison_assignment.create",
      entityType: "liaison_assignment",
      entityId: id,
      organizationId,
      after: values,
    });
    const created = (await findAssignments(tx, organizationId, countyId)).find((row) => row.id === id);
    return assignmentView(created as NonNullable<typeof created>);
  });
}

function logView(row: ContactLogRow) {
  return { ...row, kindLabel: CONTACT_LOG_KIND_LABELS[row.kind as ContactLogKind] ?? row.kind };
}

/** GET /organizations/{id}/contact-logs?year=&cadreId=: logs at the subtree's organizations, newest first. */
export async function listContactLogs(
  db: Database,
  actor: Actor,
  organizationId: number,
  filter: { year: number; cadreId?: number | undefined },
) {
  const { path: rootPath } = await reachOrganization(db, actor, organizationId, "cadre:read");
  const countyScope = await countyScopeOfPath(db, rootPath);
  return (await findContactLogsUnder(db, rootPath, countyScope, filter)).map(logView);
}

/**
 * Writes a contact log of a cadre (or deputy) at `person`'s organization, after the date rule
 * (not after China's `today`) and the linked organization (inside the person's organization's subtree).
 */
async function writeContactLog(
  tx: Executor,
  actor: Actor,
  person: { kind: "cadre" | "deputy"; id: number; organizationId: number; countyId: number; path: string },
  input: ContactLogInput,
  today: string,
) {
  checkContactDate(input.occurredOn, today);
  if (input.linkedOrganizationId) {
    const path = await findOrganizationPath(tx, input.linkedOrganizationId);
    if (!path?.startsWith(person.path)) {
      throw badInput(
        "linked_organization_outside",
        "联系的组织：应为本组织或下级组织",
        "linkedOrganizationId",
      );
    }
  }
  const values = {
    organizationId: person.organizationId,
    cadreId: person.kind === "cadre" ? person.id : null,
    deputyId: person.kind === "deputy" ? person.id : null,
    kind: input.kind,
    occurredOn: input.occurredOn,
    youthCount: input.youthCount,
    linkedOrganizationId: input.linkedOrganizationId ?? null,
    note: input.note ?? null,
  };
  const id = await insertContactLog(tx, { ...values, countyId: person.countyId });
  await recordAudit(tx, actor, {
    action: "contact_log.create",
    entityType: "contact_log",
    entityId: id,
    organizationId: person.organizationId,
    after: values,
  });
  return logView((await findContactLog(tx, id, person.countyId)) as ContactLogRow);
}

/**
 * POST /organizations/{id}/contact-logs: a log of a cadre (cadreId) or a deputy (deputyId) of the
 * organization's subtree, stored at that person's organization. Errors: 404 outside the scope; 400
 * occurredOn for a date after today (China) — nothing written; 400 cadreId when neither or both are given.
 * Audit "contact_log.create".
 */
export async function createContactLog(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: ContactLogInput & { cadreId?: number | null | undefined; deputyId?: number | null | undefined },
  today: string,
) {
  return db.transaction(async (tx) => {
    const { path: rootPath } = await reachOrganization(tx, actor, organizationId, "cadre:write");
    const kind = input.cadreId ? "cadre" : "deputy";
    const id = input.cadreId ?? input.deputyId;
    if (!id || (input.cadreId && input.deputyId)) {
      throw badInput("contact_person", "联系人：请选择一位团干部或一位团代表", "cadreId");
    }
    await requireAccess(tx, actor, { permission: "cadre:write", kind, ids: [id] });
    const person = await findPersonOrganization(tx, kind, id);
    if (!person?.path.startsWith(rootPath)) {
      throw badInput(
        "contact_person_outside",
        "联系人：应在本组织及下级组织内",
        kind === "cadre" ? "cadreId" : "deputyId",
      );
    }
    return writeContactLog(
      tx,
      actor,
      { kind, id, organizationId: person.organizationId, countyId: person.countyId, path: person.path },
      input,
      today,
    );
  });
}

function noCadreRecord(): HttpError {
  return new HttpError(
    404,
    "not_found",
    "您的账号没有关联在任的团干部记录 / your account has no cadre record",
  );
}

/** The signed-in user's open cadre record (404 when none). */
async function ownCadre(db: Executor, actor: Actor) {
  const cadre = actor.userId === null ? undefined : await findOwnCadre(db, actor.userId);
  if (!cadre) throw noCadreRecord();
  return cadre;
}

/** GET /me/contact-logs?year=: the signed-in cadre's own logs of the year and their duties. */
export async function listOwnContactLogs(db: Database, actor: Actor, year: number) {
  const cadre = await ownCadre(db, actor);
  const logs = await findCadreContactLogs(db, cadre.id, cadre.countyId, year);
  return {
    cadreId: cadre.id,
    name: cadre.name,
    duties: countYearlyDuties(year, logs.map(dutyContact), await countLinkedBranches(db, cadre.id)),
    logs: logs.map(logView),
  };
}

/**
 * POST /me/contact-logs: the signed-in cadre logs a contact or grassroots day from a phone. Errors: 404
 * without an open cadre record; 400 occurredOn for a future date (China), nothing written. Audited.
 */
export async function createOwnContactLog(db: Database, actor: Actor, input: ContactLogInput, today: string) {
  return db.transaction(async (tx) => {
    const cadre = await ownCadre(tx, actor);
    return writeContactLog(
      tx,
      actor,
      {
        kind: "cadre",
        id: cadre.id,
        organizationId: cadre.organizationId,
        countyId: cadre.countyId,
        path: cadre.path,
      },
      input,
      today,
    );
  });
}

function dutyContact(row: ContactLogRow) {
  return { kind: row.kind as ContactLogKind, occurredOn: row.occurredOn, youthCount: row.youthCount };
}

/**
 * GET /cadres/{id}/duties?year=: the cadre's yearly duties against the Henan minimums (domain
 * countYearlyDuties): lectures, visits, talks, youth met, linked branches, grassroots days.
 * Errors: 404 outside the scope; 403 without cadre:read.
 */
export async function getCadreDuties(db: Database, actor: Actor, cadreId: number, year: number) {
  await requireAccess(db, actor, { permission: "cadre:read", kind: "cadre", ids: [cadreId] });
  const person = await findPersonOrganization(db, "cadre", cadreId);
  const logs = await findCadreContactLogs(db, cadreId, person?.countyId ?? 0, year);
  return {
    cadreId,
    ...countYearlyDuties(year, logs.map(dutyContact), await countLinkedBranches(db, cadreId)),
  };
}

import {
  assertChildKindAllowed,
  assertMoveTargetAllowed,
  assertTermInOrder,
  type CreateOrganizationInput,
  CURRENT_MEMBER_STATUSES,
  childPath,
  DomainError,
  lastIdOfPath,
  type MoveOrganizationInput,
  type OrganizationKind,
  pathIds,
  type UpdateOrganizationInput,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { pinyinInitials } from "../../lib/pinyin";
import { sqlMessageOf, sqlStateOf } from "../../lib/violated-constraint";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { assertNotOwnScopeRoot } from "./organization.policy";
import {
  allocateOrganizationIds,
  countCurrentSubtreeMembers,
  type EnclosingOrganization,
  findChildSummaries,
  findNearestDivisionCode,
  findOrganizationById,
  findOrganizationSummary,
  findOrganizationsByIds,
  insertOrganizations,
  lockOrganizationMoves,
  lockSubtree,
  moveSubtreeRows,
  type OrganizationRecord,
  type OrganizationSummaryRecord,
  searchOrganizationSummaries,
  updateOrganizationColumns,
} from "./organization.repository";

/**
 * One organization (团组织) with counts and its ancestors inside the actor's scope (for a breadcrumb).
 * The member count comes from the subtree counters, not from counting members (issue 18 part 2).
 * Errors: 404 when it does not exist or lies outside the actor's subtree.
 */
export async function getOrganization(db: Database, actor: Actor, id: number) {
  await requireAccess(db, actor, { permission: "organization:read", kind: "organization", ids: [id] });
  const summary = requireFound(await findOrganizationSummary(db, id), "organization");
  const record = (await findOrganizationById(db, id)) as OrganizationRecord;
  const [counted] = await withMemberCounts(db, [summary], record);
  const ancestorIds = pathIds(record.path).slice(0, -1);
  const ancestors = (await findOrganizationsByIds(db, ancestorIds))
    .filter((ancestor) => isPathInScope(actor, ancestor.path))
    .map(({ id: ancestorId, name }) => ({ id: ancestorId, name }));
  return { ...summary, ...record, ...(counted as OrganizationCounts), ancestors };
}

/** The two counts every organization summary carries. */
interface OrganizationCounts {
  childCount: number;
  /** Current members (active, transferring, flowing) of the subtree, from the counters. */
  subtreeMemberCount: number;
}

/** Adds the subtree member counts (one statement on the counters) to summaries read inside `enclosing`'s subtree. */
async function withMemberCounts<T extends OrganizationSummaryRecord>(
  db: Database,
  rows: readonly T[],
  enclosing: EnclosingOrganization | null,
): Promise<(T & OrganizationCounts)[]> {
  const counts = await countCurrentSubtreeMembers(db, rows, enclosing, CURRENT_MEMBER_STATUSES);
  return rows.map((row) => ({
    ...row,
    childCount: Number(row.childCount),
    subtreeMemberCount: counts.get(row.id) ?? 0,
  }));
}

/** The children of an organization, each with its child count and subtree member count. Errors: 404. */
export async function listChildOrganizations(db: Database, actor: Actor, id: number) {
  await requireAccess(db, actor, { permission: "organization:read", kind: "organization", ids: [id] });
  const [parent, children] = await Promise.all([findOrganizationById(db, id), findChildSummaries(db, id)]);
  return withMemberCounts(db, children, parent ?? null);
}

/**
 * Searches organizations in the actor's scope by name, pinyin initials (e.g. "dhz" for 东河镇) or
 * exact code, and/or by division code. At most `limit` (≤ 100), shallowest first.
 */
export async function searchOrganizations(
  db: Database,
  actor: Actor,
  filter: { q?: string | undefined; divisionCode?: string | undefined; limit: number },
) {
  const rows = await searchOrganizationSummaries(db, actor.scopePaths, filter);
  // One scope root encloses every result: its subtree (and its county bucket) bounds the pending deltas to add.
  const [onlyRoot] = actor.scopePaths?.length === 1 ? actor.scopePaths : [];
  const enclosing =
    onlyRoot === undefined || rows.length === 0
      ? undefined
      : await findOrganizationById(db, lastIdOfPath(onlyRoot));
  return withMemberCounts(db, rows, enclosing ?? null);
}

/**
 * Creates an organization under a parent in the actor's scope. The kind must be allowed under the
 * parent's kind (domain.md §1). Without a code, one is generated: the nearest ancestor division code
 * and the new id ("510821-301"). Audited.
 * Errors: 404 parent outside scope; 403 role; 422 kind_not_allowed; 409 duplicate code/division code.
 */
export async function createOrganization(db: Database, actor: Actor, input: CreateOrganizationInput) {
  return db.transaction(async (tx) => {
    // FOR SHARE: the new path is built from the parent's, which a concurrent move must not change meanwhile.
    const parent = requireFound(await findOrganizationById(tx, input.parentId, "share"), "organization");
    await requireAccess(tx, actor, {
      permission: "organization:write",
      kind: "organization",
      ids: [parent.id],
    });
    assertChildKindAllowed(parent.kind as OrganizationKind, input.kind);
    const [id] = await allocateOrganizationIds(tx, 1);
    if (id === undefined) throw new Error("no organization id allocated");
    const code = input.code ?? `${(await findNearestDivisionCode(tx, parent.path)) ?? "ORG"}-${id}`;
    const [created] = await insertOrganizations(tx, [
      {
        id,
        parentId: parent.id,
        path: childPath(parent.path, id),
        depth: parent.depth + 1,
        kind: input.kind,
        level: input.level,
        sector: input.sector,
        name: input.name,
        shortName: input.shortName ?? null,
        nameInitials: pinyinInitials(input.shortName ?? input.name),
        code,
        divisionCode: input.divisionCode ?? null,
        foundedOn: input.foundedOn ?? null,
        termStart: input.termStart ?? null,
        termEnd: input.termEnd ?? null,
      },
    ]);
    if (!created) throw new Error("organization not inserted");
    await recordAudit(tx, actor, {
      action: "organization.create",
      entityType: "organization",
      entityId: created.id,
      organizationId: created.id,
      after: created,
    });
    return created.id;
  });
}

/**
 * Changes an organization's name, short name, sector, level, code, founding date or term. Audited
 * with before and after. Errors: 404, 403, 400 (code cannot be cleared), 422 term order, 409 code taken.
 */
export async function updateOrganization(
  db: Database,
  actor: Actor,
  id: number,
  input: UpdateOrganizationInput,
) {
  return db.transaction(async (tx) => {
    const before = requireFound(await findOrganizationById(tx, id), "organization");
    await requireAccess(tx, actor, { permission: "organization:write", kind: "organization", ids: [id] });
    if (input.code === null) {
      throw new DomainError("code_required", "组织代码：不能为空", { field: "code", status: 400 });
    }
    const termStart = input.termStart === undefined ? before.termStart : input.termStart;
    const termEnd = input.termEnd === undefined ? before.termEnd : input.termEnd;
    assertTermInOrder(termStart, termEnd);
    const name = input.name ?? before.name;
    const shortName = input.shortName === undefined ? before.shortName : input.shortName;
    const after = await updateOrganizationColumns(tx, id, {
      ...input,
      code: input.code ?? before.code,
      nameInitials: pinyinInitials(shortName ?? name),
    });
    await recordAudit(tx, actor, {
      action: "organization.update",
      entityType: "organization",
      entityId: id,
      organizationId: id,
      before,
      after,
    });
    return id;
  });
}

/** SQLSTATE of migration 0058's county_move_guard: a subtree with records moved to another county on Citus. */
const COUNTY_MOVE_REFUSED = "TWM01";

/**
 * {@link moveSubtreeRows}, with the refusal of a Citus coordinator turned into 409 county_move_refused:
 * a subtree moved to another county there may hold no records of a family distributed by county
 * (members, cadres, meetings, …; the trigger's message names them, in Chinese first). The transaction is
 * then rolled back: nothing is written. PostgreSQL and PGlite never refuse (every family moves along).
 */
async function moveSubtreeRowsOrRefuse(
  tx: Parameters<typeof moveSubtreeRows>[0],
  node: Parameters<typeof moveSubtreeRows>[1],
  newParent: Parameters<typeof moveSubtreeRows>[2],
): Promise<number> {
  try {
    return await moveSubtreeRows(tx, node, newParent);
  } catch (error) {
    if (sqlStateOf(error) !== COUNTY_MOVE_REFUSED) throw error;
    throw new HttpError(409, "county_move_refused", sqlMessageOf(error), "newParentId");
  }
}

/**
 * Moves an organization and its whole subtree under a new parent: every path in the subtree is
 * rewritten in one transaction, with moves serialised and the subtree locked (so that crossing moves
 * cannot make a cycle and an organization created meanwhile gets the new path). Audited.
 * Errors: 404 either side outside scope; 403 role, or moving one's own scope root;
 * 422 move_into_own_subtree (under itself or its descendant), kind_not_allowed; 409 county_move_refused
 * (on a Citus coordinator, a subtree holding records moved to another county: migration 0058).
 */
export async function moveOrganization(db: Database, actor: Actor, id: number, input: MoveOrganizationInput) {
  return db.transaction(async (tx) => {
    await lockOrganizationMoves(tx);
    const node = requireFound(await findOrganizationById(tx, id), "organization");
    await requireAccess(tx, actor, { permission: "organization:write", kind: "organization", ids: [id] });
    assertNotOwnScopeRoot(actor, node.path);
    const newParent = requireFound(await findOrganizationById(tx, input.newParentId), "organization");
    await requireAccess(tx, actor, {
      permission: "organization:write",
      kind: "organization",
      ids: [input.newParentId],
    });
    assertMoveTargetAllowed(node.path, newParent.path);
    assertChildKindAllowed(newParent.kind as OrganizationKind, node.kind as OrganizationKind);
    await lockSubtree(tx, node.path);
    const rewritten = await moveSubtreeRowsOrRefuse(tx, node, newParent);
    const after = await findOrganizationById(tx, id);
    await recordAudit(tx, actor, {
      action: "organization.move",
      entityType: "organization",
      entityId: id,
      organizationId: id,
      before: { parentId: node.parentId, path: node.path },
      after: { parentId: after?.parentId, path: after?.path },
      detail: { rowsRewritten: rewritten },
    });
    return id;
  });
}

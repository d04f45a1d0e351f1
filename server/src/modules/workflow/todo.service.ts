import type { Database } from "../../db/database";
import { requireAccess } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { countTodoItems, countTodosByKind, findTodoCounty, findTodoPage } from "./todo.repository";
import { WORKFLOW_KINDS, workflowKindLabel, workflowStateLabel } from "./workflow-kinds";

/** Largest page of the to-do inbox. */
export const TODO_PAGE_SIZE_LIMIT = 100;

/** The inbox query: a kind, an organization (its subtree), a page. */
export interface TodoQuery {
  kind?: string | undefined;
  organizationId?: number | undefined;
  page: number;
  pageSize: number;
}

/**
 * The signed-in user's to-do inbox (待办, issue 10 part 1): the open work items they can act on (a
 * branch's items for its secretary, a committee's for the steps awaiting the higher committee, their
 * own application's for an applicant), oldest first, optionally of one kind and in the subtree of
 * one organization. Each item names its kind and state (labels in Chinese) and the web page to open.
 * Statements: the inbox's county (findTodoCounty: the tree only), the page (cut from the work items),
 * the items' entities and the total — each one shard on Citus when the inbox lies in one county.
 * Errors: 404 when `organizationId` lies outside the user's subtree.
 */
export async function listTodos(db: Database, actor: Actor, query: TodoQuery) {
  let organizationPath: string | undefined;
  if (query.organizationId !== undefined) {
    const [target] = await requireAccess(db, actor, {
      permission: "organization:read",
      kind: "organization",
      ids: [query.organizationId],
    });
    organizationPath = target?.path;
  }
  const filter = {
    kind: query.kind,
    organizationPath,
    countyId: await findTodoCounty(db, actor, organizationPath),
  };
  const [rows, total] = await Promise.all([
    findTodoPage(db, actor, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    countTodoItems(db, actor, filter),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      instanceId: row.instanceId,
      kind: row.kind,
      kindLabel: workflowKindLabel(row.kind).zh,
      state: row.state,
      stateLabel: workflowStateLabel(row.kind, row.state).zh,
      organizationId: row.organizationId,
      organizationName: row.organizationName,
      title: row.title,
      openedAt: new Date(row.openedAt).toISOString(),
      link: row.entityId === null ? null : (WORKFLOW_KINDS[row.kind]?.link(row.entityId) ?? null),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The user's open work items per kind, with the kind's label (the menu badge 待办). */
export async function countTodos(db: Database, actor: Actor) {
  const counts = await countTodosByKind(db, actor, await findTodoCounty(db, actor, undefined));
  return counts.map((row) => ({ kind: row.kind, label: workflowKindLabel(row.kind).zh, count: row.count }));
}

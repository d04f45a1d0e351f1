import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { textArray } from "../../lib/sql-arrays";
import type { Actor } from "../auth/actor";

/**
 * The condition "the actor can act on this open work item `w`" (待办, issue 10 part 1), one branch per
 * role the actor holds: own_organization — a role granting the awaited permission whose scope contains
 * the item's organization; higher_committee — such a scope strictly above it; subject — the awaited
 * account is the actor's. Each branch is an index range scan of work_item_open_path_idx
 * (organization_path LIKE scope || '%').
 */
export function actableCondition(actor: Actor): SQL {
  const branches: SQL[] = [];
  for (const grant of actor.roles) {
    const permissions = textArray(ROLE_PERMISSIONS[grant.role]);
    if (grant.path === null) {
      branches.push(
        sql`(w.awaiting_permission = any(${permissions}) and w.awaiting_place in ('own_organization', 'higher_committee'))`,
      );
    } else {
      branches.push(sql`(w.awaiting_permission = any(${permissions}) and w.organization_path like ${`${grant.path}%`}
        and (w.awaiting_place = 'own_organization'
          or (w.awaiting_place = 'higher_committee' and w.organization_path <> ${grant.path})))`);
    }
  }
  if (actor.userId !== null) {
    branches.push(sql`(w.awaiting_place = 'subject' and w.awaiting_user_id = ${actor.userId})`);
  }
  return branches.length === 0 ? sql`false` : sql`(${sql.join(branches, sql` or `)})`;
}

/** The inbox's filters: a kind, the subtree of an organization (its path). */
export interface TodoFilter {
  kind?: string | undefined;
  organizationPath?: string | undefined;
}

function filterCondition(filter: TodoFilter): SQL {
  const parts: SQL[] = [sql`w.closed_at is null`];
  if (filter.kind !== undefined) parts.push(sql`w.kind = ${filter.kind}`);
  if (filter.organizationPath !== undefined) {
    parts.push(sql`w.organization_path like ${`${filter.organizationPath}%`}`);
  }
  return sql.join(parts, sql` and `);
}

/** One open work item as the inbox lists it. */
export interface TodoRow {
  id: number;
  instanceId: number;
  kind: string;
  state: string;
  organizationId: number;
  organizationName: string;
  title: string;
  openedAt: Date | string;
  entityId: number | null;
}

/**
 * One page of the actor's open work items, oldest first (ties by id). One statement: the page is cut
 * from the work items alone (an index range per scope, a top-N sort), and only its rows are joined
 * with their organization and instance.
 */
export async function findTodoPage(
  db: Executor,
  actor: Actor,
  filter: TodoFilter,
  page: { limit: number; offset: number },
): Promise<TodoRow[]> {
  const rows = await queryRows<TodoRow>(
    db,
    sql`with page as (
        select w.id, w.instance_id, w.kind, w.state, w.organization_id, w.title, w.opened_at
        from work_item w
        where ${filterCondition(filter)} and ${actableCondition(actor)}
        order by w.opened_at, w.id
        limit ${page.limit} offset ${page.offset})
      select page.id, page.instance_id as "instanceId", page.kind, page.state,
        page.organization_id as "organizationId", coalesce(o.short_name, o.name) as "organizationName",
        page.title, page.opened_at as "openedAt", (i.data ->> 'entityId')::bigint as "entityId"
      from page
      join organization o on o.id = page.organization_id
      join workflow_instance i on i.id = page.instance_id
      order by page.opened_at, page.id`,
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    instanceId: Number(row.instanceId),
    organizationId: Number(row.organizationId),
    entityId: row.entityId === null ? null : Number(row.entityId),
  }));
}

/** How many open work items the actor can act on under `filter` (the inbox's total). One statement. */
export async function countTodoItems(db: Executor, actor: Actor, filter: TodoFilter): Promise<number> {
  const rows = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from work_item w
      where ${filterCondition(filter)} and ${actableCondition(actor)}`,
  );
  return Number(rows[0]?.total ?? 0);
}

/** The actor's open work items per kind (the menu badge). One statement. */
export async function countTodosByKind(
  db: Executor,
  actor: Actor,
): Promise<{ kind: string; count: number }[]> {
  const rows = await queryRows<{ kind: string; count: number }>(
    db,
    sql`select w.kind, count(*)::int as count from work_item w
      where ${filterCondition({})} and ${actableCondition(actor)}
      group by w.kind order by w.kind`,
  );
  return rows.map((row) => ({ kind: row.kind, count: Number(row.count) }));
}

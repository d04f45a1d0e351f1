import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import { countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
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

/**
 * The inbox's filters: a kind, the subtree of an organization (its path), and the county bucket all
 * its items lie in when there is one (see {@link findTodoCounty}): `w.county_id = …` then makes every
 * inbox statement one shard on Citus.
 */
export interface TodoFilter {
  kind?: string | undefined;
  organizationPath?: string | undefined;
  countyId?: number | null | undefined;
}

/**
 * The county bucket an actor's inbox lies in, or null when it may span several (docs/SCALING.md
 * "Workflows on Citus"). A work item is placed in the county of the organization it sits at
 * (work_item.county_id), so the items of a scope inside one county lie in that county: the filter's
 * organization when it lies in one county bucket, else the roles' scopes when all of them lie in the
 * same one (a county secretary, a township or branch secretary, a member). A city's, a province's, a
 * system administrator's inbox, or an account without roles (an applicant), asks every shard. The
 * subject's own items (an applicant's, a member's transfer) sit at their own branch, in the county of
 * the role they hold there; a role holder's inbox lists subject items of that county only.
 */
export async function findTodoCounty(
  db: Executor,
  actor: Actor,
  organizationPath: string | undefined,
): Promise<number | null> {
  if (organizationPath !== undefined) {
    const county = await countyScopeOfPath(db, organizationPath);
    if (county !== null) return county;
  }
  if (actor.roles.length === 0 || actor.roles.some((grant) => grant.path === null)) return null;
  const counties = new Set<number | null>();
  for (const path of new Set(actor.roles.map((grant) => grant.path as string))) {
    counties.add(await countyScopeOfPath(db, path));
  }
  const [only] = counties;
  return counties.size === 1 && only !== undefined ? only : null;
}

function filterCondition(filter: TodoFilter): SQL {
  const parts: SQL[] = [sql`w.closed_at is null`];
  if (filter.countyId !== undefined && filter.countyId !== null)
    parts.push(sql`w.county_id = ${filter.countyId}`);
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
 * The statement of one inbox page: cut from the work items alone (an index range per scope, a top-N
 * sort), then only its rows joined with their organization (the tree). Exported for the routing proof: with the
 * filter's county it is one task on Citus (workflow-routing.citus.test.ts).
 */
export function todoPageStatement(
  actor: Actor,
  filter: TodoFilter,
  page: { limit: number; offset: number },
): SQL {
  return sql`with page as (
        select w.id, w.instance_id, w.instance_county_id, w.kind, w.state, w.organization_id, w.title, w.opened_at
        from work_item w
        where ${filterCondition(filter)} and ${actableCondition(actor)}
        order by w.opened_at, w.id
        limit ${page.limit} offset ${page.offset})
      select page.id, page.instance_id as "instanceId", page.instance_county_id as "instanceCountyId",
        page.kind, page.state, page.organization_id as "organizationId",
        coalesce(o.short_name, o.name) as "organizationName", page.title, page.opened_at as "openedAt"
      from page
      join organization o on o.id = page.organization_id
      order by page.opened_at, page.id`;
}

/**
 * One page of the actor's open work items, oldest first (ties by id). Two statements: the page
 * ({@link todoPageStatement}), then the entity each item's instance names (`data.entityId`), read by
 * the instances' counties and ids (an item of a transfer between counties waits in the receiving
 * county while its instance stays in the sending one).
 */
export async function findTodoPage(
  db: Executor,
  actor: Actor,
  filter: TodoFilter,
  page: { limit: number; offset: number },
): Promise<TodoRow[]> {
  const rows = await queryRows<Omit<TodoRow, "entityId"> & { instanceCountyId: number }>(
    db,
    todoPageStatement(actor, filter, page),
  );
  if (rows.length === 0) return [];
  const counties = [...new Set(rows.map((row) => Number(row.instanceCountyId)))];
  const entities = await queryRows<{ id: number | string; entity_id: number | string | null }>(
    db,
    sql`select id, (data ->> 'entityId')::bigint as entity_id from workflow_instance
         where ${
           counties.length === 1
             ? sql`county_id = ${counties[0]}`
             : sql`county_id in (${sql.join(
                 counties.map((county) => sql`${county}`),
                 sql`, `,
               )})`
         } and id = any(${intArray(rows.map((row) => Number(row.instanceId)))})`,
  );
  const entityOf = new Map(entities.map((row) => [Number(row.id), row.entity_id]));
  return rows.map(({ instanceCountyId: _county, ...row }) => {
    const entityId = entityOf.get(Number(row.instanceId)) ?? null;
    return {
      ...row,
      id: Number(row.id),
      instanceId: Number(row.instanceId),
      organizationId: Number(row.organizationId),
      entityId: entityId === null ? null : Number(entityId),
    };
  });
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

/** The actor's open work items per kind (the menu badge), in the inbox's county when it has one. One statement. */
export async function countTodosByKind(
  db: Executor,
  actor: Actor,
  countyId: number | null,
): Promise<{ kind: string; count: number }[]> {
  const rows = await queryRows<{ kind: string; count: number }>(
    db,
    sql`select w.kind, count(*)::int as count from work_item w
      where ${filterCondition({ countyId })} and ${actableCondition(actor)}
      group by w.kind order by w.kind`,
  );
  return rows.map((row) => ({ kind: row.kind, count: Number(row.count) }));
}

import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * The reads of member development's documents (入团志愿书, 公示名单; issue 10 part 6): the application,
 * its branch and its instance (state and data: the recorded dates, mentors, sponsors).
 */

/** An application as its documents show it: the person, the branch, the instance's state. */
export interface DocumentApplicationRow {
  id: number;
  instanceId: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  /** The branch's parent (the committee that pre-checks and issues the form). */
  parentName: string | null;
  name: string;
  sex: string;
  ethnicity: string | null;
  citizenId: string;
  birthDate: string;
  applicationDate: string;
  state: string;
  pausedFrom: string | null;
  /** The instance's data (development-effects DevelopmentData: the recorded chain, mentors, sponsors). */
  data: unknown;
}

const APPLICATION_COLUMNS = sql`a.id::int as id, a.instance_id::int as "instanceId",
  a.organization_id as "organizationId", o.name as "organizationName", o.path as "organizationPath",
  p.name as "parentName",
  a.name, a.sex, a.ethnicity, a.citizen_id as "citizenId", a.birth_date::text as "birthDate",
  a.application_date::text as "applicationDate", i.state, i.paused_from as "pausedFrom", i.data`;

/** One application with its branch and state; undefined when it does not exist. */
export async function findDocumentApplication(
  db: Executor,
  id: number,
): Promise<DocumentApplicationRow | undefined> {
  const rows = await queryRows<DocumentApplicationRow>(
    db,
    sql`select ${APPLICATION_COLUMNS}
      from development_application a
      join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id
      join organization o on o.id = a.organization_id
      left join organization p on p.id = o.parent_id
      where a.id = ${id}`,
  );
  return rows[0];
}

/**
 * The applications in `states` of the subtree at `rootPath` (the public notice, 公示), by branch (tree
 * order), then state order of `states`, then application date and id.
 */
export async function findApplicationsInStates(
  db: Executor,
  rootPath: string,
  states: readonly string[],
): Promise<DocumentApplicationRow[]> {
  if (states.length === 0) return [];
  const stateList = sql.join(
    states.map((state) => sql`${state}`),
    sql`, `,
  );
  return queryRows<DocumentApplicationRow>(
    db,
    sql`select ${APPLICATION_COLUMNS}
      from development_application a
      join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id
      join organization o on o.id = a.organization_id
      left join organization p on p.id = o.parent_id
      where ${inSubtree(sql`o.path`, rootPath)} and i.state in (${stateList})
      order by o.path, array_position(array[${stateList}]::text[], i.state), a.application_date, a.id`,
  );
}

/** Names of members by id (mentors 培养联系人, sponsors 入团介绍人). */
export async function findMemberNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await queryRows<{ id: number; name: string }>(
    db,
    sql`select id::int as id, name from member where id in (${list})`,
  );
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}

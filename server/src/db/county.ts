import { sql } from "drizzle-orm";
import { intArray } from "../lib/sql-arrays";
import type { Executor } from "./database";
import { queryRows } from "./sql-result";

/**
 * The county an organization's rows belong to (organization.county_id, migration 0030): the
 * distribution column of the member family on Citus (docs/SCALING.md "What runs on Citus now"). A
 * write to a distributed table names it so that Citus routes it to the county's shard; PostgreSQL and
 * PGlite fill it by trigger and only check it. 0 for an unknown organization (the insert's foreign key
 * or trigger then refuses the row).
 */
export async function countyOfOrganization(db: Executor, organizationId: number): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from organization where id = ${organizationId}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/** The county of a member (0 when there is no such member). On Citus a read of every shard. */
export async function countyOfMember(db: Executor, memberId: number): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from member where id = ${memberId}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/**
 * The county of a workflow instance (workflow_instance.county_id, migration 0036_workflow_county; 0 when
 * there is no such instance): one read without a lock (on Citus of every shard), so that the lock and the
 * writes of a step that follow name the county and each is a single-shard statement.
 */
export async function countyOfWorkflowInstance(db: Executor, instanceId: number): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from workflow_instance where id = ${instanceId}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/** The workflows' own tables whose rows are looked up by id (migration 0036_workflow_county). */
export type WorkflowRecordTable = "development_application" | "member_transfer" | "member_flow";

/**
 * The county of one row of a workflow's own table by its id (0 when there is no such row): one read
 * without a lock (on Citus of every shard), after which the lock and the writes name the county.
 */
export async function countyOfWorkflowRecord(
  db: Executor,
  table: WorkflowRecordTable,
  id: number,
): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from ${sql.identifier(table)} where id = ${id}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/** The counties of members, by member id (one statement; on Citus a read of every shard). */
export async function countiesOfMembers(
  db: Executor,
  memberIds: readonly number[],
): Promise<Map<number, number>> {
  const unique = [...new Set(memberIds)];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ id: number | string; county_id: number }>(
    db,
    sql`select id, county_id from member where id = any(${intArray(unique)})`,
  );
  return new Map(rows.map((row) => [Number(row.id), Number(row.county_id)]));
}

/**
 * The county bucket a whole subtree lies in, or null when it spans several (a city, province or the
 * national committee: their counties are buckets of their own). A query over such a subtree adds
 * `county_id = <this>` on the distributed tables, which makes it a single-shard (router) query on Citus
 * and is a no-op filter elsewhere.
 */
export async function countyScopeOfPath(db: Executor, rootPath: string): Promise<number | null> {
  const rows = await queryRows<{ county: number | null }>(
    db,
    sql`select case when level = 'county' or county_id <> id then county_id end as county
          from organization where path = ${rootPath}`,
  );
  const county = rows[0]?.county;
  return county === null || county === undefined ? null : Number(county);
}

/** {@link countyScopeOfPath} of an organization row already read. */
export function countyScopeOf(organization: { id: number; level: string; countyId: number }): number | null {
  return organization.level === "county" || organization.countyId !== organization.id
    ? organization.countyId
    : null;
}

/** The member-family tables whose rows have an id of their own and are looked up by it (requests). */
export type MemberRecordTable = "member_status_request" | "member_correction_request";

/**
 * The county of one row of a member-family table by its id (0 when there is no such row): one read
 * without a lock (on Citus of every shard), so that the lock and the writes that follow name the county
 * and each is a single-shard statement.
 */
export async function countyOfMemberRecord(
  db: Executor,
  table: MemberRecordTable,
  id: number,
): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from ${sql.identifier(table)} where id = ${id}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

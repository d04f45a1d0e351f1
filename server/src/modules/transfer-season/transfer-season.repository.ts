import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { countyOfOrganization, countyOfWorkflowRecord } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, memberFlow, organization, transferSeason } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the graduation season (issue 11 parts 4–6): season settings, a branch's graduation date,
 * the batch's member facts, 流动团员 rows, and the open transfers of a subtree for the work lists,
 * the committee backlog and the automatic return.
 */

/** A stored season setting with the organization that holds it. */
export interface SeasonRow {
  organizationId: number;
  year: number;
  initiatedBy: string;
  approvedBy: string;
  completedBy: string;
  mobileBranchMonths: number;
}

/** The season of `year` set at the organization at `path` or its nearest ancestor; undefined: none. */
export async function findApplicableSeason(
  db: Executor,
  path: string,
  year: number,
): Promise<SeasonRow | undefined> {
  const rows = await queryRows<SeasonRow>(
    db,
    sql`select ts.organization_id as "organizationId", ts.year, ts.initiated_by::text as "initiatedBy",
          ts.approved_by::text as "approvedBy", ts.completed_by::text as "completedBy",
          ts.mobile_branch_months as "mobileBranchMonths"
        from transfer_season ts join organization a on a.id = ts.organization_id
        where ts.year = ${year} and ${inSubtree(sql`${path}::text`, sql`a.path`)}
        order by a.depth desc limit 1`,
  );
  return rows[0] === undefined ? undefined : { ...rows[0], year: Number(rows[0].year) };
}

/** Inserts or replaces an organization's season of a year. */
export async function upsertSeason(db: Executor, row: SeasonRow): Promise<void> {
  const values = {
    initiatedBy: row.initiatedBy,
    approvedBy: row.approvedBy,
    completedBy: row.completedBy,
    mobileBranchMonths: row.mobileBranchMonths,
    updatedAt: new Date(),
  };
  await db
    .insert(transferSeason)
    .values({ organizationId: row.organizationId, year: row.year, ...values })
    .onConflictDoUpdate({ target: [transferSeason.organizationId, transferSeason.year], set: values });
}

/** Sets a branch's graduation date (毕业时间; null clears it). */
export async function updateGraduationDate(db: Executor, organizationId: number, graduatesOn: string | null) {
  await db
    .update(organization)
    .set({ graduatesOn, updatedAt: new Date() })
    .where(eq(organization.id, organizationId));
}

/** Organizations by id: kind, level, name, path, graduation date (for destination checks). */
export async function findOrganizationsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: organization.id,
      kind: organization.kind,
      level: organization.level,
      name: organization.name,
      path: organization.path,
      graduatesOn: organization.graduatesOn,
    })
    .from(organization)
    .where(inArray(organization.id, [...ids]));
}

/** Members by id with their branch's path, and whether each has an open transfer or flow. */
export async function findBatchMembers(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: member.id,
      name: member.name,
      status: member.status,
      organizationId: member.organizationId,
      path: organization.path,
      hasOpenTransfer: sql<boolean>`exists (select 1 from member_transfer t where t.county_id = ${member.countyId} and t.member_id = ${member.id} and t.closed_at is null)`,
      hasOpenFlow: sql<boolean>`exists (select 1 from member_flow f where f.county_id = ${member.countyId} and f.member_id = ${member.id} and f.ended_on is null)`,
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(inArray(member.id, [...ids]));
}

/** Inserts a 流动团员 row (in the outflow branch's county: the member's); returns its id. */
export async function insertFlow(
  db: Executor,
  values: {
    memberId: number;
    outflowOrganizationId: number;
    inflowOrganizationId: number;
    since: string;
    until: string | null;
  },
): Promise<number> {
  const countyId = await countyOfOrganization(db, values.outflowOrganizationId);
  const [row] = await db
    .insert(memberFlow)
    .values({ ...values, countyId })
    .returning({ id: memberFlow.id });
  if (!row) throw new Error("member_flow not inserted");
  return row.id;
}

/** A 流动团员 row with both organizations' names and paths and the member's name. */
export interface FlowRow {
  id: number;
  memberId: number;
  memberName: string;
  outflowOrganizationId: number;
  outflowName: string;
  outflowPath: string;
  inflowOrganizationId: number;
  inflowName: string;
  inflowPath: string;
  since: string;
  until: string | null;
  endedOn: string | null;
}

const flowSelect = sql`select f.id::int as id, f.member_id::int as "memberId", m.name as "memberName",
    f.outflow_organization_id as "outflowOrganizationId", o.name as "outflowName", o.path as "outflowPath",
    f.inflow_organization_id as "inflowOrganizationId", i.name as "inflowName", i.path as "inflowPath",
    f.since::text as since, f.until::text as until, f.ended_on::text as "endedOn"
  from member_flow f
  join member m on m.county_id = f.county_id and m.id = f.member_id
  join organization o on o.id = f.outflow_organization_id
  join organization i on i.id = f.inflow_organization_id`;

/** One 流动团员 row by id. */
export async function findFlow(db: Executor, id: number): Promise<FlowRow | undefined> {
  const rows = await queryRows<FlowRow>(db, sql`${flowSelect} where f.id = ${id}`);
  return rows[0];
}

/**
 * Open 流动团员 whose outflow or inflow organization lies in the subtree at `rootPath` (both sides
 * see them), `direction` narrowing to one side; ending soonest first. At most `limit`.
 */
export async function findOpenFlows(
  db: Executor,
  rootPath: string,
  direction: "outflow" | "inflow" | "both",
  limit: number,
): Promise<FlowRow[]> {
  const outflow = inSubtree(sql`o.path`, rootPath);
  const inflow = inSubtree(sql`i.path`, rootPath);
  const side: SQL =
    direction === "outflow" ? outflow : direction === "inflow" ? inflow : sql`(${outflow} or ${inflow})`;
  return queryRows<FlowRow>(
    db,
    sql`${flowSelect} where f.ended_on is null and ${side}
        order by f.until asc nulls last, f.id limit ${limit}`,
  );
}

/** Ends an open flow on `endedOn`; false when it was already ended (another request won). */
export async function endFlow(db: Executor, id: number, endedOn: string): Promise<boolean> {
  const rows = await db
    .update(memberFlow)
    .set({ endedOn })
    .where(
      and(
        eq(memberFlow.countyId, await countyOfWorkflowRecord(db, "member_flow", id)),
        eq(memberFlow.id, id),
        isNull(memberFlow.endedOn),
      ),
    )
    .returning({ id: memberFlow.id });
  return rows.length === 1;
}

/** An open transfer as the work lists and the automatic return see it. */
export interface OpenTransferRow {
  id: number;
  instanceId: number;
  version: number;
  memberId: number;
  memberName: string;
  state: string;
  kind: string;
  reason: string;
  seasonYear: number | null;
  destination: string | null;
  fromOrganizationId: number | null;
  fromName: string | null;
  toOrganizationId: number | null;
  toName: string | null;
  /** The organization whose work item awaits the step (null when none is open). */
  awaitingOrganizationId: number | null;
  awaitingPath: string | null;
  /**
   * The China date the instance last changed (its arrival at the current step): the basis of the
   * transfers module's auto-return guard too (TransferFacts.lastStepOn from updated_at).
   */
  lastStepOn: string;
  /** The applicable season's approval deadline, when the transfer belongs to a season that has one set. */
  approvedBy: string | null;
  startedOn: string;
}

function openTransfersQuery(where: SQL, limit: number | null): SQL {
  return sql`select mt.id::int as id, mt.instance_id::int as "instanceId", wi.version, mt.member_id::int as "memberId",
      m.name as "memberName", wi.state, mt.kind, mt.reason, mt.season_year as "seasonYear", mt.destination,
      mt.from_organization_id as "fromOrganizationId", coalesce(fo.name, mt.from_external_name) as "fromName",
      coalesce(wi.counterpart_organization_id, mt.to_organization_id) as "toOrganizationId",
      coalesce(tor.name, mt.to_external_name) as "toName",
      wk.organization_id as "awaitingOrganizationId", wk.organization_path as "awaitingPath",
      to_char(wi.updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "lastStepOn",
      (select ts.approved_by::text from transfer_season ts join organization a on a.id = ts.organization_id
        where ts.year = mt.season_year and ${inSubtree(sql`fo.path`, sql`a.path`)}
        order by a.depth desc limit 1) as "approvedBy",
      mt.started_on::text as "startedOn"
    from member_transfer mt
    join workflow_instance wi on wi.county_id = mt.county_id and wi.id = mt.instance_id
    join member m on m.county_id = mt.county_id and m.id = mt.member_id
    left join organization fo on fo.id = mt.from_organization_id
    left join organization tor on tor.id = coalesce(wi.counterpart_organization_id, mt.to_organization_id)
    left join work_item wk on wk.instance_county_id = wi.county_id and wk.instance_id = wi.id and wk.closed_at is null
    where mt.closed_at is null and wi.closed_at is null and ${where}
    order by "lastStepOn" asc, mt.id
    ${limit === null ? sql`` : sql`limit ${limit}`}`;
}

/** Open transfers with either side (or the awaited organization) in the subtree at `rootPath`, oldest step first. */
export async function findOpenTransfersOfSubtree(
  db: Executor,
  rootPath: string,
  limit: number,
): Promise<OpenTransferRow[]> {
  return queryRows<OpenTransferRow>(
    db,
    openTransfersQuery(
      sql`(${inSubtree(sql`fo.path`, rootPath)} or ${inSubtree(sql`tor.path`, rootPath)} or ${inSubtree(sql`wk.organization_path`, rootPath)})`,
      limit,
    ),
  );
}

/** Open transfers whose awaited step sits in the subtree at `rootPath` (the committee's backlog). */
export async function findAwaitedTransfersOfSubtree(
  db: Executor,
  rootPath: string,
): Promise<OpenTransferRow[]> {
  return queryRows<OpenTransferRow>(
    db,
    openTransfersQuery(inSubtree(sql`wk.organization_path`, rootPath), null),
  );
}

/** Every open transfer of the installation (the automatic return's candidates). */
export async function findAllOpenTransfers(db: Executor): Promise<OpenTransferRow[]> {
  return queryRows<OpenTransferRow>(db, openTransfersQuery(sql`true`, null));
}

/** The children of an organization: id, name, path. */
export async function findChildren(db: Executor, parentId: number) {
  return db
    .select({ id: organization.id, name: organization.name, path: organization.path })
    .from(organization)
    .where(eq(organization.parentId, parentId))
    .orderBy(organization.code, organization.id);
}

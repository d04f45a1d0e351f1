import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the yearly admission quotas (发展名额, admission_quota): reads with their organizations, row
 * locks for allotting and reclaiming, and the writes. The CHECK constraint
 * admission_quota_within_amount_check (used + sub_allotted ≤ amount) is the last word on every write.
 */

/** A quota row with the organization holding it. */
export interface QuotaRow {
  id: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  year: number;
  amount: number;
  used: number;
  subAllotted: number;
  parentQuotaId: number | null;
  allottedByOrganizationId: number | null;
  allottedByOrganizationName: string | null;
  updatedAt: string;
}

interface RawQuotaRow {
  id: number;
  organization_id: number;
  organization_name: string;
  organization_path: string;
  year: number;
  amount: number;
  used: number;
  sub_allotted: number;
  parent_quota_id: number | null;
  allotted_by_organization_id: number | null;
  allotted_by_organization_name: string | null;
  updated_at: string | Date;
}

function toQuotaRow(row: RawQuotaRow): QuotaRow {
  return {
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    organizationName: row.organization_name,
    organizationPath: row.organization_path,
    year: Number(row.year),
    amount: Number(row.amount),
    used: Number(row.used),
    subAllotted: Number(row.sub_allotted),
    parentQuotaId: row.parent_quota_id === null ? null : Number(row.parent_quota_id),
    allottedByOrganizationId:
      row.allotted_by_organization_id === null ? null : Number(row.allotted_by_organization_id),
    allottedByOrganizationName: row.allotted_by_organization_name,
    updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : String(row.updated_at),
  };
}

const quotaColumns = sql`q.id, q.organization_id, coalesce(o.short_name, o.name) as organization_name,
  o.path as organization_path, q.year, q.amount, q.used, q.sub_allotted, q.parent_quota_id,
  q.allotted_by_organization_id, coalesce(a.short_name, a.name) as allotted_by_organization_name, q.updated_at`;
const quotaFrom = sql`admission_quota q join organization o on o.id = q.organization_id
  left join organization a on a.id = q.allotted_by_organization_id`;

/** The quota of an organization for a year, optionally locked (FOR UPDATE of the quota row). */
export async function findQuota(
  db: Executor,
  organizationId: number,
  year: number,
  lock?: "update",
): Promise<QuotaRow | undefined> {
  const rows = await queryRows<RawQuotaRow>(
    db,
    sql`select ${quotaColumns} from ${quotaFrom}
         where q.organization_id = ${organizationId} and q.year = ${year}
         ${lock ? sql`for update of q` : sql``}`,
  );
  return rows[0] && toQuotaRow(rows[0]);
}

/** A quota by id, optionally locked. */
export async function findQuotaById(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<QuotaRow | undefined> {
  const rows = await queryRows<RawQuotaRow>(
    db,
    sql`select ${quotaColumns} from ${quotaFrom} where q.id = ${id} ${lock ? sql`for update of q` : sql``}`,
  );
  return rows[0] && toQuotaRow(rows[0]);
}

/**
 * The nearest quota for `year` held by one of `ancestorIds` (the organization's strict ancestors),
 * the deepest first; optionally locked. The quota an organization is allotted from.
 */
export async function findNearestAncestorQuota(
  db: Executor,
  ancestorIds: readonly number[],
  year: number,
  lock?: "update",
): Promise<QuotaRow | undefined> {
  if (ancestorIds.length === 0) return undefined;
  const rows = await queryRows<RawQuotaRow>(
    db,
    sql`select ${quotaColumns} from ${quotaFrom}
         where q.organization_id = any(${intArray(ancestorIds)}) and q.year = ${year}
         order by o.depth desc limit 1 ${lock ? sql`for update of q` : sql``}`,
  );
  return rows[0] && toQuotaRow(rows[0]);
}

/**
 * The quotas of a year allotted from quota `parentQuotaId`, and the direct children of
 * `organizationId` with their quota for the year (null when they have none), by organization path.
 */
export async function findAllotments(
  db: Executor,
  organizationId: number,
  parentQuotaId: number | null,
  year: number,
): Promise<
  Array<{ organizationId: number; organizationName: string; kind: string; quota: QuotaRow | null }>
> {
  const rows = await queryRows<
    Partial<RawQuotaRow> & { child_id: number; child_name: string; child_kind: string; child_path: string }
  >(
    db,
    sql`select c.id as child_id, coalesce(c.short_name, c.name) as child_name, c.kind as child_kind,
               c.path as child_path, q.id, q.organization_id, coalesce(c.short_name, c.name) as organization_name,
               c.path as organization_path, q.year, q.amount, q.used, q.sub_allotted, q.parent_quota_id,
               q.allotted_by_organization_id, coalesce(a.short_name, a.name) as allotted_by_organization_name,
               q.updated_at
          from organization c
          left join admission_quota q on q.organization_id = c.id and q.year = ${year}
          left join organization a on a.id = q.allotted_by_organization_id
         where c.id in (select id from organization where parent_id = ${organizationId}
                        union all
                        select organization_id from admission_quota where parent_quota_id = ${parentQuotaId}::int)
         order by c.path`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.child_id),
    organizationName: row.child_name,
    kind: row.child_kind,
    quota: row.id === null || row.id === undefined ? null : toQuotaRow(row as RawQuotaRow),
  }));
}

/**
 * Quotas of `year` held in the subtree at `rootPath` (the root's own excluded) that have places left
 * (amount − used − sub_allotted > 0): the unused-quota report (未使用名额), by organization path.
 */
export async function findUnusedQuotas(db: Executor, rootPath: string, year: number): Promise<QuotaRow[]> {
  const rows = await queryRows<RawQuotaRow>(
    db,
    sql`select ${quotaColumns} from ${quotaFrom}
         where ${inSubtree(sql`o.path`, rootPath)} and o.path <> ${rootPath} and q.year = ${year}
           and q.amount - q.used - q.sub_allotted > 0
         order by o.path`,
  );
  return rows.map(toQuotaRow);
}

/** Inserts a quota; returns its id. A second quota of the organization and year violates admission_quota_organization_year_key. */
export async function insertQuota(
  db: Executor,
  values: {
    organizationId: number;
    year: number;
    amount: number;
    parentQuotaId: number | null;
    allottedByOrganizationId: number | null;
  },
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into admission_quota (organization_id, year, amount, parent_quota_id, allotted_by_organization_id)
        values (${values.organizationId}, ${values.year}, ${values.amount}, ${values.parentQuotaId},
                ${values.allottedByOrganizationId})
        returning id`,
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error("admission_quota not inserted");
  return Number(id);
}

/** Sets a quota's amount (the CHECK constraint refuses less than used + sub_allotted). */
export async function updateQuotaAmount(db: Executor, id: number, amount: number): Promise<void> {
  await executeWrite(
    db,
    sql`update admission_quota set amount = ${amount}, updated_at = now() where id = ${id}`,
  );
}

/** Adds `delta` (negative to give back) to a quota's sub_allotted (the CHECK constraint keeps it within amount). */
export async function addSubAllotted(db: Executor, id: number, delta: number): Promise<void> {
  await executeWrite(
    db,
    sql`update admission_quota set sub_allotted = sub_allotted + ${delta}, updated_at = now() where id = ${id}`,
  );
}

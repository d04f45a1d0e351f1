import { CURRENT_MEMBER_STATUSES } from "@tuanwu/domain";
import { asc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { organization } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * "m" has every field of REQUIRED_MEMBER_FIELDS present: not null and not blank (domain
 * isRecordComplete, as the SQL function member_record_complete of migration 0029 over the member row
 * aliased "m"; the counters' `complete` dimension uses the same function).
 */
const completeCondition: SQL = sql`member_record_complete(m)`;

const CURRENT = new Set<string>(CURRENT_MEMBER_STATUSES);

const currentStatuses = sql.join(
  CURRENT_MEMBER_STATUSES.map((status) => sql`${status}`),
  sql`, `,
);

/** The id of the root's child whose subtree holds the organization at path "o.path"; null for the root itself. */
function childOfRoot(rootPath: string): SQL {
  return sql`nullif(split_part(substr(o.path, ${rootPath.length + 1}), '/', 1), '')::int`;
}

/**
 * 信息完整率's figures from the subtree counters' rows (member_count dimensions `total` and
 * `complete`, migration 0029): current members recorded, and those of them whose record is complete.
 */
export function recordedAndComplete(
  figures: readonly { status: string; dimension: string; value: string; count: number }[],
): { recorded: number; complete: number } {
  let recorded = 0;
  let complete = 0;
  for (const row of figures) {
    if (!CURRENT.has(row.status)) continue;
    if (row.dimension === "total") recorded += row.count;
    else if (row.dimension === "complete" && row.value === "true") complete += row.count;
  }
  return { recorded, complete };
}

/** Per child of the root (childId) and for the whole subtree (childId null, total true): counts. */
export interface SubtreeCountRow {
  total: boolean;
  childId: number | null;
  value: number | null;
  complete?: number;
}

/**
 * Members recorded (current status: active, transferring, flowing) and complete in a subtree, per
 * child of its root and in all, in one scan (GROUPING SETS) of the subtree's members: the naive
 * reference of the counters' `complete` dimension (tests), not read by the pages.
 */
export async function countRecordedMembers(db: Executor, rootPath: string) {
  const rows = await queryRows<{
    total: number;
    child_id: number | null;
    recorded: number;
    complete: number;
  }>(
    db,
    sql`select grouping(s.child_id)::int as total, s.child_id, count(*)::int as recorded,
        (count(*) filter (where ${completeCondition}))::int as complete
      from member m
      join (select o.id, ${childOfRoot(rootPath)} as child_id from organization o
            where ${inSubtree(sql`o.path`, rootPath)}) s on s.id = m.organization_id
      where m.status in (${currentStatuses})
      group by grouping sets ((s.child_id), ())`,
  );
  return rows.map((row) => ({
    total: Number(row.total) === 1,
    childId: row.child_id === null ? null : Number(row.child_id),
    recorded: Number(row.recorded),
    complete: Number(row.complete),
  }));
}

/**
 * 应录入数 of a subtree: the sum of reported_member_count over the organizations that entered one,
 * per child of the root and in all. No row for a child (or for the total) where nobody entered one.
 */
export async function sumReportedMemberCounts(db: Executor, rootPath: string) {
  const rows = await queryRows<{ total: number; child_id: number | null; reported: number }>(
    db,
    sql`select grouping(s.child_id)::int as total, s.child_id, sum(s.reported)::int as reported
      from (select ${childOfRoot(rootPath)} as child_id, o.reported_member_count as reported from organization o
            where ${inSubtree(sql`o.path`, rootPath)} and o.reported_member_count is not null) s
      group by grouping sets ((s.child_id), ())`,
  );
  return rows.map((row) => ({
    total: Number(row.total) === 1,
    childId: row.child_id === null ? null : Number(row.child_id),
    reported: row.reported === null ? null : Number(row.reported),
  }));
}

/** The direct children of an organization (id, name, and where they sit: path, kind, sector, depth), by code. */
export async function findChildren(db: Executor, parentId: number) {
  return db
    .select({
      id: organization.id,
      name: organization.name,
      path: organization.path,
      kind: organization.kind,
      sector: organization.sector,
      depth: organization.depth,
    })
    .from(organization)
    .where(eq(organization.parentId, parentId))
    .orderBy(asc(organization.code));
}

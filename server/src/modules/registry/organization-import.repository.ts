import type { OrganizationKind } from "@tuanwu/domain";
import { eq, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { organization } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

/** Values per `= any(array)` lookup. */
const LOOKUP_BATCH = 5_000;

/** Every organization of a subtree (the root included), as an organization-list import matches against. */
export async function findSubtreeForImport(db: Executor, rootPath: string) {
  const rows = await db
    .select({
      id: organization.id,
      parentId: organization.parentId,
      path: organization.path,
      depth: organization.depth,
      name: organization.name,
      shortName: organization.shortName,
      code: organization.code,
      divisionCode: organization.divisionCode,
      kind: organization.kind,
      reportedMemberCount: organization.reportedMemberCount,
    })
    .from(organization)
    .where(inSubtree(organization.path, rootPath));
  return rows.map((row) => ({ ...row, kind: row.kind as OrganizationKind }));
}

/** Of `codes`, those already used anywhere as an organization code or a division code. */
export async function findUsedOrganizationCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Set<string>> {
  const used = new Set<string>();
  const wanted = new Set(codes);
  for (let start = 0; start < codes.length; start += LOOKUP_BATCH) {
    const slice = codes.slice(start, start + LOOKUP_BATCH);
    const rows = await db
      .select({ code: organization.code, divisionCode: organization.divisionCode })
      .from(organization)
      .where(or(inArray(organization.code, slice), inArray(organization.divisionCode, slice)));
    for (const row of rows) {
      if (wanted.has(row.code)) used.add(row.code);
      if (row.divisionCode !== null && wanted.has(row.divisionCode)) used.add(row.divisionCode);
    }
  }
  return used;
}

/** Sets 应录入数 of organizations (one UPDATE per organization; a list changes few of them). */
export async function updateReportedMemberCounts(
  db: Executor,
  counts: readonly { id: number; reportedMemberCount: number }[],
): Promise<void> {
  for (const { id, reportedMemberCount } of counts) {
    await db
      .update(organization)
      .set({ reportedMemberCount, updatedAt: sql`now()` })
      .where(eq(organization.id, id));
  }
}

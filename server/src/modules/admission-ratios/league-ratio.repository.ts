import { sql } from "drizzle-orm";
import { countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/** Sectors of schools (学校): secondary schools, secondary vocational schools and universities. */
const SCHOOL_SECTORS = sql`('secondary_school', 'vocational_school', 'university')`;

/** An organization that may be a school of the 团学比 report. */
export interface SchoolCandidate {
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  name: string;
}

/**
 * The organizations of the subtree at `rootPath` that are schools for 团学比 in `schoolYear`, before
 * keeping the topmost: school committees (a committee of a school sector whose parent is not itself
 * a school committee — a university's college committees are not schools; an education working
 * committee, kind working_committee, is not one) and every organization that entered 在校学生数 for
 * the school year. Two statements: the organizations with entries (on Citus the distributed table, by
 * the subtree's county when it lies in one), then the subtree's organizations (index range on path).
 */
export async function findSchoolCandidates(
  db: Executor,
  rootPath: string,
  schoolYear: number,
): Promise<SchoolCandidate[]> {
  // The organizations that entered students first, in a statement of their own (inside a county one
  // task on its shard on Citus): a correlated EXISTS from the tree (a reference table) into the
  // distributed school_enrollment is not one Citus can plan, and a join of the two could miscount.
  const county = await countyScopeOfPath(db, rootPath);
  const enteredRows = await queryRows<{ organization_id: number }>(
    db,
    sql`select distinct s.organization_id from school_enrollment s join organization o on o.id = s.organization_id
         where ${inSubtree(sql`o.path`, rootPath)} and s.school_year = ${schoolYear}${county === null ? sql`` : sql` and s.county_id = ${county}`}`,
  );
  const entered = enteredRows.map((row) => Number(row.organization_id));
  const rows = await queryRows<SchoolCandidate>(
    db,
    sql`select o.id, o.path, o.kind, o.sector, o.depth, coalesce(o.short_name, o.name) as name
          from organization o
          left join organization p on p.id = o.parent_id
         where ${inSubtree(sql`o.path`, rootPath)}
           and ((o.kind = 'committee' and o.sector in ${SCHOOL_SECTORS}
                 and (p.id is null or p.kind <> 'committee' or p.sector is null or p.sector not in ${SCHOOL_SECTORS}))
             or o.id = any(${intArray(entered)}))
         order by o.path`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), depth: Number(row.depth) }));
}

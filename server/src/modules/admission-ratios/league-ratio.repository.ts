import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
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
 * the school year. One statement over the subtree's organizations (index range on path).
 */
export async function findSchoolCandidates(
  db: Executor,
  rootPath: string,
  schoolYear: number,
): Promise<SchoolCandidate[]> {
  const rows = await queryRows<SchoolCandidate>(
    db,
    sql`select o.id, o.path, o.kind, o.sector, o.depth, coalesce(o.short_name, o.name) as name
          from organization o
          left join organization p on p.id = o.parent_id
         where ${inSubtree(sql`o.path`, rootPath)}
           and ((o.kind = 'committee' and o.sector in ${SCHOOL_SECTORS}
                 and (p.id is null or p.kind <> 'committee' or p.sector is null or p.sector not in ${SCHOOL_SECTORS}))
             or exists (select 1 from school_enrollment s where s.organization_id = o.id and s.school_year = ${schoolYear}))
         order by o.path`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), depth: Number(row.depth) }));
}

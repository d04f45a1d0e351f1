import { type AgeBand, ageBandBirthDateThresholds, type MemberStatus, type Sex } from "@tuanwu/domain";
import { eq, sql } from "drizzle-orm";
import { counterBucketOf } from "../../db/county";
import type { Executor } from "../../db/database";
import { organization } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/** Every organization of a subtree with the columns the statistics need. */
export async function findSubtreeOrganizations(db: Executor, rootPath: string) {
  return db
    .select({
      id: organization.id,
      parentId: organization.parentId,
      path: organization.path,
      kind: organization.kind,
      sector: organization.sector,
      name: organization.name,
    })
    .from(organization)
    .where(inSubtree(organization.path, rootPath));
}

/** The children of an organization with what the statistics show of each (index on parent_id). */
export async function findChildOrganizations(db: Executor, parentId: number) {
  const rows = await db
    .select({
      id: organization.id,
      name: organization.name,
      kind: organization.kind,
      sector: organization.sector,
      level: organization.level,
      countyId: organization.countyId,
    })
    .from(organization)
    .where(eq(organization.parentId, parentId));
  // countyId: its counter bucket (db/county.ts counterBucketOf), where its counter and snapshot rows lie.
  return rows.map(({ level, ...row }) => ({ ...row, countyId: counterBucketOf({ ...row, level }) }));
}

/** The member tallies of a subtree, from one scan (see {@link tallyMembers}). */
export interface MemberTallies {
  byOrganizationAndStatus: { organizationId: number; status: MemberStatus; count: number }[];
  byStatusSexAndAgeBand: { status: MemberStatus; sex: Sex; ageBand: AgeBand; count: number }[];
  byStatusAndOccupation: { status: MemberStatus; key: string; count: number }[];
  byStatusAndEducation: { status: MemberStatus; key: string; count: number }[];
}

interface TallyRow {
  grouping_set: number;
  organization_id: number | null;
  status: MemberStatus;
  sex: Sex | null;
  age_band: AgeBand | null;
  occupation: string | null;
  education: string | null;
  count: number;
}

/**
 * Counts the members of a subtree (all statuses) by branch, by sex and age band on `today`, by
 * occupation and by education, in ONE scan with GROUPING SETS (PGlite runs queries one at a time and
 * a scan of a county's members dominates the cost). Age bands come from birth-date thresholds
 * computed once for `today` (domain ageBandBirthDateThresholds), so no per-row date arithmetic.
 * The members are first counted by every column the sets use (`counted`, materialized), then the sets
 * are summed from those counts: Citus cannot run GROUPING SETS over the distributed member table
 * ("could not run distributed query with GROUPING"); it runs `counted` on the shards and the sets on
 * the coordinator (issue 19).
 */
export async function tallyMembers(db: Executor, rootPath: string, today: string): Promise<MemberTallies> {
  const thresholds = ageBandBirthDateThresholds(today);
  const ageBand = sql.join(
    [
      sql`case`,
      ...thresholds.map(
        ({ band, bornOnOrBefore }) => sql`when m.birth_date <= ${bornOnOrBefore}::date then ${band}`,
      ),
      sql`else '14-17' end`,
    ],
    sql` `,
  );
  const rows = await queryRows<TallyRow>(
    db,
    sql`with counted as materialized (
        select m.organization_id, m.status, m.sex, ${ageBand} as age_band, m.occupation, m.education,
               count(*)::int as count
          from member m
         where m.organization_id = any(array(select o.id from organization o where ${inSubtree(sql`o.path`, rootPath)}))
         group by 1, 2, 3, 4, 5, 6
      )
      select grouping(m.organization_id, m.sex, m.occupation, m.education)::int as grouping_set,
        m.organization_id, m.status, m.sex, m.age_band, m.occupation, m.education, sum(m.count)::int as count
      from counted m
      group by grouping sets ((m.organization_id, m.status), (m.status, m.sex, m.age_band), (m.status, m.occupation), (m.status, m.education))`,
  );
  const tallies: MemberTallies = {
    byOrganizationAndStatus: [],
    byStatusSexAndAgeBand: [],
    byStatusAndOccupation: [],
    byStatusAndEducation: [],
  };
  // grouping() bits, high to low: organization_id, sex, occupation, education (1 = not grouped by it).
  for (const row of rows) {
    const count = Number(row.count);
    if (row.grouping_set === 0b0111) {
      tallies.byOrganizationAndStatus.push({
        organizationId: Number(row.organization_id),
        status: row.status,
        count,
      });
    } else if (row.grouping_set === 0b1011) {
      tallies.byStatusSexAndAgeBand.push({
        status: row.status,
        sex: row.sex as Sex,
        ageBand: row.age_band as AgeBand,
        count,
      });
    } else if (row.grouping_set === 0b1101) {
      tallies.byStatusAndOccupation.push({ status: row.status, key: row.occupation ?? "unknown", count });
    } else if (row.grouping_set === 0b1110) {
      tallies.byStatusAndEducation.push({ status: row.status, key: row.education ?? "unknown", count });
    }
  }
  return tallies;
}

import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/** SQL of the demo seed that no other module needs. */

/**
 * Sets 应录入数 (reported_member_count, the denominator of 录入率) of every organization of the subtree
 * at `rootPath` that has current members to those members plus 0–5% (by id), so that the demo's
 * 录入率 is a little under 100% as in a real county.
 */
export async function reportDemoMemberCounts(db: Executor, rootPath: string): Promise<void> {
  await db.execute(sql`update organization o
      set reported_member_count = ceil(c.members * (1 + (o.id % 6) / 100.0))
     from (select organization_id, count(*) as members from member
            where status in ('active', 'transferring', 'flowing') group by organization_id) c
    where c.organization_id = o.id and ${inSubtree(sql`o.path`, rootPath)}`);
}

/** An organization of the demo tree the development part needs. */
export interface DemoPlace {
  id: number;
  path: string;
  name: string;
}

/**
 * Where the demo's member development happens (demo-development.ts): the senior high school (the
 * committee holding the grade general branches), its 高二 general branch and 高二（1）班; the junior high
 * schools with one 初三 class each; the vocational school with one class; the townships. Found by the
 * names the demo generator gives (demoOrganizationSpecs).
 */
export async function findDemoDevelopmentPlaces(db: Executor, countyPath: string) {
  const rows = await queryRows<
    DemoPlace & {
      kind: string;
      level: string;
      sector: string | null;
      shortName: string | null;
      parentId: number | null;
      depth: number;
    }
  >(
    db,
    sql`select id, path, name, kind, level, sector, short_name as "shortName", parent_id as "parentId", depth
      from organization where ${inSubtree(sql`path`, countyPath)} order by path`,
  );
  const place = (row: DemoPlace | undefined, what: string): DemoPlace => {
    if (!row) throw new Error(`demo: ${what} missing`);
    return { id: row.id, path: row.path, name: row.name };
  };
  const county = rows.find((row) => row.path === countyPath);
  const seniorGrade = rows.find((row) => row.kind === "general_branch" && row.shortName === "高二年级团总支");
  const seniorClass = rows.find(
    (row) => row.parentId === seniorGrade?.id && row.shortName === "高二（1）班团支部",
  );
  const seniorSchool = rows.find((row) => row.id === seniorGrade?.parentId);
  const juniorSchools = rows.filter(
    (row) => row.kind === "committee" && row.sector === "secondary_school" && row.id !== seniorSchool?.id,
  );
  const juniorClasses = juniorSchools.flatMap((school) => {
    const first = rows.find((row) => row.parentId === school.id && row.shortName === "初三（1）班团支部");
    return first ? [place(first, "初三（1）班")] : [];
  });
  const vocationalSchool = rows.find((row) => row.kind === "committee" && row.sector === "vocational_school");
  const vocationalClass = rows.find((row) => row.parentId === vocationalSchool?.id && row.kind === "branch");
  return {
    seniorSchool: place(seniorSchool, "senior high school"),
    seniorGrade: place(seniorGrade, "高二年级团总支"),
    seniorClass: place(seniorClass, "高二（1）班团支部"),
    juniorSchools: juniorSchools.map((row) => place(row, "junior high school")),
    juniorClasses,
    vocationalSchool: place(vocationalSchool, "vocational school"),
    vocationalClasses: vocationalClass ? [place(vocationalClass, "vocational class")] : [],
    townships: rows
      .filter((row) => row.parentId === county?.id && row.level === "township")
      .map((row) => place(row, "township")),
  };
}

/**
 * Up to six active members of the school at `schoolPath` to be mentors 培养联系人 and sponsors 入团介绍人,
 * those of the branch at `branchPath` first, by id.
 */
export async function findDemoSponsorIds(
  db: Executor,
  schoolPath: string,
  branchPath: string,
): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select m.id::int as id from member m join organization o on o.id = m.organization_id
      where ${inSubtree(sql`o.path`, schoolPath)} and m.status = 'active'
      order by (o.path = ${branchPath}) desc, m.id limit 6`,
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Where the demo's graduation season happens (demo-transfers.ts): the senior high school's 高三 class
 * branches (graduating, with their graduation date) with their active members by id, branches of
 * enterprises (employers
 * with a League organization) and the vocational school's branches. Found by the generator's names.
 */
export async function findDemoTransferPlaces(db: Executor, countyPath: string) {
  const rows = await queryRows<{
    id: number;
    path: string;
    name: string;
    kind: string;
    level: string;
    sector: string | null;
    shortName: string | null;
    parentId: number | null;
    graduatesOn: string | null;
  }>(
    db,
    sql`select id, path, name, kind, level, sector, short_name as "shortName", parent_id as "parentId",
        graduates_on::text as "graduatesOn"
      from organization where ${inSubtree(sql`path`, countyPath)} order by path`,
  );
  const county = rows.find((row) => row.path === countyPath);
  const seniorGrade = rows.find((row) => row.kind === "general_branch" && row.shortName === "高三年级团总支");
  const classes = rows.filter((row) => row.parentId === seniorGrade?.id && row.kind === "branch").slice(0, 2);
  const members = await queryRows<{ id: number; organizationId: number }>(
    db,
    sql`select id, organization_id as "organizationId" from member
         where organization_id = any(${`{${classes.map((row) => row.id).join(",")}}`}::int[]) and status = 'active'
         order by organization_id, id`,
  );
  const place = ({ id, path, name }: { id: number; path: string; name: string }) => ({ id, path, name });
  return {
    classes: classes.map((row) => ({ ...place(row), graduatesOn: row.graduatesOn })),
    members: members.map((row) => ({ id: Number(row.id), organizationId: Number(row.organizationId) })),
    employerBranches: rows
      .filter(
        (row) =>
          row.kind === "branch" &&
          (row.sector === "state_enterprise" || row.sector === "non_public_enterprise"),
      )
      .map(place),
    vocationalBranches: rows
      .filter((row) => row.kind === "branch" && row.sector === "vocational_school")
      .map(place),
    townships: rows.filter((row) => row.parentId === county?.id && row.level === "township").map(place),
    /** The first branch (by path) under each township, keyed by the township's path. */
    branchesByTownship: new Map(
      rows
        .filter((row) => row.parentId === county?.id && row.level === "township")
        .flatMap((township) => {
          const branch = rows.find((row) => row.kind === "branch" && row.path.startsWith(township.path));
          return branch ? [[township.path, branch.id] as const] : [];
        }),
    ),
  };
}

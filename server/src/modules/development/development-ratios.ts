import {
  type AdmissionRatioFigures,
  admissionRatioWarnings,
  GRADUATING_CLASS_RATIO_CAPS,
  type GuardWarning,
  type SchoolLevel,
} from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { getLeagueRatios } from "../admission-ratios/league-ratio.service";
import { systemActor } from "../auth/system-actor";
import { readMemberFiguresOf } from "../indicators/indicator.repository";
import { currentMembersByBirthMonth } from "../indicators/indicator-figures";
import type { DevelopmentApplicationRow } from "./development.repository";

/** An organization with what the counters need to read its subtree's members. */
interface CountedOrganization {
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  name: string;
  level: string;
}

async function ancestorsOf(db: Executor, path: string): Promise<CountedOrganization[]> {
  const rows = await queryRows<CountedOrganization>(
    db,
    sql`select id, path, kind, sector, depth, level, coalesce(short_name, name) as name
      from organization where ${path} like path || '%' order by depth desc`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), depth: Number(row.depth) }));
}

/**
 * The ratio caps one more admission would cross (issue 10 part 5), for the approver to acknowledge:
 * the graduating class's 团学比 of the applicant's school (初中 ≤ 30%, 高中 ≤ 60%; from the school's
 * live ratios — counters and entered 在校学生数, admission-ratios getLeagueRatios) when the applicant's
 * class graduates; the county's 团青比 (≤ 30%) when the county entered its youth population for
 * `year`. Counters, never a scan of members. None when the figures were not entered.
 */
export async function admissionRatioWarningsFor(
  db: Executor,
  application: DevelopmentApplicationRow,
  organizationPath: string,
  year: number,
  today: string,
): Promise<GuardWarning[]> {
  const ancestors = await ancestorsOf(db, organizationPath);
  const county = ancestors.find((organization) => organization.level === "county");
  if (!county) return [];
  const figures: AdmissionRatioFigures = {
    school: null,
    county: { name: county.name, members: 0, youthPopulation: null },
  };
  const youth = await queryRows<{ population: number }>(
    db,
    sql`select population from youth_population where organization_id = ${county.id} and year = ${year}`,
  );
  if (youth[0] !== undefined) {
    const counted = await readMemberFiguresOf(db, { kind: "live" }, [county], ["total"]);
    figures.county = {
      name: county.name,
      members: currentMembersByBirthMonth(counted.get(county.id)).total,
      youthPopulation: Number(youth[0].population),
    };
  }
  const level = application.schoolLevel as SchoolLevel | null;
  if (application.graduatingClass && level !== null && GRADUATING_CLASS_RATIO_CAPS[level] !== undefined) {
    const school = ancestors.find(
      (organization) =>
        ["secondary_school", "vocational_school"].includes(organization.sector ?? "") &&
        organization.kind === "committee",
    );
    if (school) {
      const ratios = await getLeagueRatios(
        db as Database,
        systemActor("development"),
        school.id,
        undefined,
        today,
      );
      const graduating = ratios.schools
        .flatMap((row) => row.graduating)
        .find((figure) => figure.level === level);
      if (graduating) {
        figures.school = {
          name: school.name,
          level,
          graduatingClass: true,
          members: graduating.members,
          students: graduating.students,
        };
      }
    }
  }
  return admissionRatioWarnings(figures);
}

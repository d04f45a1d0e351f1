import {
  type AdmissionRatioFigures,
  admissionRatioWarnings,
  GRADUATING_CLASS_RATIO_CAPS,
  type GuardWarning,
  type SchoolLevel,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { getLeagueRatios } from "../admission-ratios/league-ratio.service";
import { systemActor } from "../auth/system-actor";
import { readMemberFiguresOf } from "../indicators/indicator.repository";
import { currentMembersByBirthMonth } from "../indicators/indicator-figures";
import type { ApprovalAncestor, DevelopmentApplicationRow } from "./development.repository";

/**
 * The ratio caps one more admission would cross (issue 10 part 5), for the approver to acknowledge:
 * the graduating class's 团学比 of the applicant's school (初中 ≤ 30%, 高中 ≤ 60%; from the school's
 * live ratios — counters and entered 在校学生数, admission-ratios getLeagueRatios) when the applicant's
 * class graduates; the county's 团青比 (≤ 30%) when the county entered its youth population for
 * the approval's year. Counters, never a scan of members. None when the figures were not entered.
 *
 * @param ancestors the branch and its ancestors, nearest first, with the youth population entered for
 * the approval's year (development.repository findApprovalAncestors, read once with the quota).
 * Reads one counter statement when the county entered its youth population, and the school's ratios
 * when the applicant's class graduates; nothing else.
 */
export async function admissionRatioWarningsFor(
  db: Executor,
  application: DevelopmentApplicationRow,
  ancestors: readonly ApprovalAncestor[],
  today: string,
): Promise<GuardWarning[]> {
  const county = ancestors.find((organization) => organization.level === "county");
  if (!county) return [];
  const figures: AdmissionRatioFigures = {
    school: null,
    county: { name: county.name, members: 0, youthPopulation: null },
  };
  if (county.youthPopulation !== null) {
    const counted = await readMemberFiguresOf(db, { kind: "live" }, [county], ["total"]);
    figures.county = {
      name: county.name,
      members: currentMembersByBirthMonth(counted.get(county.id)).total,
      youthPopulation: county.youthPopulation,
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

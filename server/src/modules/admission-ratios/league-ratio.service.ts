import {
  GRADUATING_CLASS_RATIO_CAPS,
  type GradeRatio,
  graduatingGrade,
  percentOf,
  SCHOOL_LEVEL_LABELS,
  type SchoolLevel,
  schoolLeagueRatios,
  schoolYearOf,
  topmostEntries,
  YOUTH_RATIO_CAP,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { type FigureOrganization, readMemberFiguresOf } from "../indicators/indicator.repository";
import { currentMembersByBirthMonth } from "../indicators/indicator-figures";
import { findEnteredFigures } from "../indicators/indicator-records.repository";
import { findOrganizationById } from "../organizations/organization.repository";
import { findSchoolCandidates } from "./league-ratio.repository";

/** A grade's or level's figure as answered, with its Chinese label. */
function labelled(figure: GradeRatio) {
  const level = SCHOOL_LEVEL_LABELS[figure.level].zh;
  return { ...figure, label: figure.grade === null ? level : `${level}${figure.grade}年级` };
}

/**
 * 团学比 and 团青比 of an organization's subtree (issue 10 part 5; domain.md §3), live from the
 * subtree counters and the entered data — never by scanning members:
 * - per school (a school committee, or the topmost organization that entered 在校学生数): members /
 *   students of the school year, per level, per grade, and its graduating classes against the caps
 *   (初中 ≤ 30%, 高中 ≤ 60%); grades' members exactly where a grade organization entered its own
 *   students, else by birth cohort (domain schoolLeagueRatios, `membersBasis`);
 * - 团青比: members of the organizations that entered 青年人口 (topmost in the subtree) / that population,
 *   against 30%.
 * `year` is the school year (学年, named by its first year) for 团学比 and the calendar year for 团青比;
 * default: today's. Members are counted now. A figure nobody entered is null with a reason, never 0%.
 * Four statements: the organization, the school candidates, the two kinds of entries, one counter read.
 *
 * Errors: 404 outside the subtree; 403 without stats:read.
 */
export async function getLeagueRatios(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number | undefined,
  today: string,
) {
  await requireAccess(db, actor, { permission: "stats:read", kind: "organization", ids: [organizationId] });
  const root = requireFound(await findOrganizationById(db, organizationId), "organization");
  const schoolYear = year ?? schoolYearOf(today);
  const youthYear = year ?? Number(today.slice(0, 4));
  const [candidates, enrollment, youth] = await Promise.all([
    findSchoolCandidates(db, root.path, schoolYear),
    findEnteredFigures(db, "school_enrollment", root.path, schoolYear),
    findEnteredFigures(db, "youth_population", root.path, youthYear),
  ]);
  const schools = topmostEntries(candidates);
  const youthEntries = topmostEntries(youth);
  const counted = new Map<number, FigureOrganization>();
  for (const each of [...schools, ...enrollment, ...youthEntries]) {
    const id = "organizationId" in each ? each.organizationId : each.id;
    counted.set(id, { id, path: each.path, kind: each.kind, sector: each.sector, depth: each.depth });
  }
  const figures = await readMemberFiguresOf(
    db,
    { kind: "live" },
    [...counted.values()],
    ["total", "sex_birth_month"],
  );
  const membersOf = (id: number) => currentMembersByBirthMonth(figures.get(id));

  const schoolRows = schools.map((school) => {
    const entries = enrollment.filter((entry) => entry.path.startsWith(school.path));
    const ratios = schoolLeagueRatios(entries, membersOf, membersOf(school.id).total, schoolYear);
    const notes: string[] = [];
    if (ratios.students === null) notes.push(`未填报${schoolYear}学年在校学生数，无法计算团学比`);
    else if (ratios.students === 0) notes.push(`填报的${schoolYear}学年在校学生数为0，无法计算团学比`);
    for (const level of ratios.levels.map((figure) => figure.level)) {
      if (GRADUATING_CLASS_RATIO_CAPS[level] === undefined) continue;
      if (ratios.graduating.some((figure) => figure.level === level)) continue;
      const highest = Math.max(
        ...entries.filter((entry) => entry.key === level).map((entry) => entry.grade ?? 0),
      );
      notes.push(
        `${SCHOOL_LEVEL_LABELS[level as SchoolLevel].zh}毕业年级（${graduatingGrade(level, highest)}年级）未填报在校学生数`,
      );
    }
    return {
      organizationId: school.id,
      organizationName: school.name,
      members: ratios.members,
      students: ratios.students,
      ratio: ratios.ratio,
      reason: ratios.students === null ? ("no_enrollment_entered" as const) : null,
      notes,
      levels: ratios.levels.map(labelled),
      grades: ratios.grades.map(labelled),
      graduating: ratios.graduating.map(labelled),
    };
  });

  const population = youthEntries.reduce((sum, entry) => sum + entry.value, 0);
  const youthMembers = [...new Set(youthEntries.map((entry) => entry.organizationId))].reduce(
    (sum, id) => sum + membersOf(id).total,
    0,
  );
  const youthRatio = youthEntries.length === 0 ? null : percentOf(youthMembers, population);
  return {
    organizationId: root.id,
    organizationName: root.shortName ?? root.name,
    schoolYear,
    year: youthYear,
    asOf: today,
    youthRatio: {
      members: youthEntries.length === 0 ? null : youthMembers,
      youthPopulation: youthEntries.length === 0 ? null : population,
      ratio: youthRatio,
      cap: YOUTH_RATIO_CAP,
      exceedsCap: youthRatio === null ? null : youthRatio > YOUTH_RATIO_CAP,
      reason: youthEntries.length === 0 ? ("no_youth_population_entered" as const) : null,
      note:
        youthEntries.length === 0
          ? `本组织及下级未填报${youthYear}年青年人口，无法计算团青比`
          : population === 0
            ? `填报的${youthYear}年青年人口为0，无法计算团青比`
            : null,
    },
    schools: schoolRows,
    graduatingAboveCap: schoolRows.reduce(
      (sum, school) => sum + school.graduating.filter((figure) => figure.exceedsCap === true).length,
      0,
    ),
    schoolsWithoutEnrollment: schoolRows.filter((school) => school.students === null).length,
  };
}

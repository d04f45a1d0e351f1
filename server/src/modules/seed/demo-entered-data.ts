import {
  COVERAGE_SECTORS,
  type CoverageSector,
  type SchoolLevel as IndicatorSchoolLevel,
  type Sector,
  schoolYearOf,
} from "@tuanwu/domain";
import { countyOfOrganization } from "../../db/county";
import type { Executor } from "../../db/database";
import {
  replaceEligibleUnits,
  replaceSchoolEnrollment,
  replaceYouthPopulation,
} from "../indicators/entered-data.repository";
import type { DemoOrganizationSpec, SchoolLevel } from "./demo-generator";

/**
 * The demo county's entered data (填报数据, issue 4 part 1), so that 团青比, 团学比 and 建团率 have
 * denominators: the county's youth population, each school's students per level and grade, and the
 * county's eligible units per sector. Invented figures, marked as such in their source.
 */

const SOURCE = "示例数据 demo figures";

/** The demo's school levels as the indicator catalog names them, and their first grade (初一 = 7). */
const LEVELS: Readonly<Record<SchoolLevel, { level: IndicatorSchoolLevel; firstGrade: number }>> = {
  junior: { level: "junior_secondary", firstGrade: 7 },
  senior: { level: "senior_secondary", firstGrade: 10 },
  vocational: { level: "vocational", firstGrade: 10 },
};

/** Students per class the demo assumes: enough that not every student is a member. */
const STUDENTS_PER_CLASS: Readonly<Record<SchoolLevel, number>> = { junior: 48, senior: 52, vocational: 45 };

/** Eligible units per organization that exists, per sector: agencies fully covered, 两新 far from it. */
const ELIGIBLE_PER_ORGANIZATION: Readonly<Record<CoverageSector, number>> = {
  agency: 1,
  public_institution: 1.2,
  state_enterprise: 1,
  non_public_enterprise: 1.7,
  social_organization: 1.5,
};

/** One school's student counts: the school's organization id and its entries. */
export interface DemoSchoolEnrollment {
  key: string;
  entries: {
    schoolYear: number;
    level: IndicatorSchoolLevel;
    grade: number;
    students: number;
    source: string;
  }[];
}

/**
 * Student counts of each demo school (the school organization, i.e. a spec with a school level and no
 * grade): per grade, its class branches × students per class, for `schoolYears` (pure).
 */
export function demoSchoolEnrollments(
  specs: readonly DemoOrganizationSpec[],
  schoolYears: readonly number[],
): DemoSchoolEnrollment[] {
  const schools = specs.filter(
    (spec) => spec.schoolLevel && spec.grade === undefined && spec.kind !== "branch",
  );
  const schoolOf = (spec: DemoOrganizationSpec): string | undefined =>
    schools.find((school) => spec.key.startsWith(`${school.key}/`))?.key;
  return schools.map((school) => {
    const level = school.schoolLevel as SchoolLevel;
    const classes = new Map<number, number>();
    for (const spec of specs) {
      if (spec.kind !== "branch" || spec.grade === undefined || schoolOf(spec) !== school.key) continue;
      classes.set(spec.grade, (classes.get(spec.grade) ?? 0) + 1);
    }
    return {
      key: school.key,
      entries: schoolYears.flatMap((schoolYear) =>
        [...classes].map(([grade, count]) => ({
          schoolYear,
          level: LEVELS[level].level,
          grade: grade - LEVELS[level].firstGrade + 1,
          students: count * STUDENTS_PER_CLASS[level],
          source: SOURCE,
        })),
      ),
    };
  });
}

/**
 * Eligible units per coverage sector for `years` (pure): the units with a League organization — specs
 * of the sector whose parent is not of the same sector — times the demo's ratio, rounded up.
 */
export function demoEligibleUnits(specs: readonly DemoOrganizationSpec[], years: readonly number[]) {
  const sectorOf = new Map(specs.map((spec) => [spec.key, spec.sector]));
  const units = new Map<Sector, number>();
  for (const spec of specs) {
    const parentSector = spec.parentKey === null ? undefined : sectorOf.get(spec.parentKey);
    if (parentSector !== spec.sector) units.set(spec.sector, (units.get(spec.sector) ?? 0) + 1);
  }
  return years.flatMap((year) =>
    COVERAGE_SECTORS.map((sector) => ({
      year,
      sector,
      units: Math.ceil((units.get(sector) ?? 0) * ELIGIBLE_PER_ORGANIZATION[sector]),
      source: SOURCE,
    })),
  );
}

/**
 * Writes the demo county's entered data inside the seed's transaction: youth population of the county
 * (this year and last, about three times its members), each school's enrollment (this school year and
 * last), and the county's eligible units (this year and last). `placed` maps spec keys to ids.
 */
export async function seedDemoEnteredData(
  db: Executor,
  countyId: number,
  specs: readonly DemoOrganizationSpec[],
  placed: ReadonlyMap<string | null, { id: number }>,
  memberCount: number,
  today: string,
): Promise<void> {
  const year = Number(today.slice(0, 4));
  const schoolYear = schoolYearOf(today);
  // (the county is its own bucket; each school's bucket read from the tree: organization.county_id)
  const countyPlace = { organizationId: countyId, countyId: await countyOfOrganization(db, countyId) };
  await replaceYouthPopulation(db, countyPlace, null, [
    { year: year - 1, population: Math.round(memberCount * 3.1), source: SOURCE },
    { year, population: Math.round(memberCount * 3.0), source: SOURCE },
  ]);
  await replaceEligibleUnits(db, countyPlace, null, demoEligibleUnits(specs, [year - 1, year]));
  for (const school of demoSchoolEnrollments(specs, [schoolYear - 1, schoolYear])) {
    const id = placed.get(school.key)?.id;
    if (id === undefined) throw new Error(`demo school ${school.key} was not created`);
    await replaceSchoolEnrollment(
      db,
      { organizationId: id, countyId: await countyOfOrganization(db, id) },
      null,
      school.entries,
    );
  }
}

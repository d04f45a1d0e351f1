import { GRADUATING_CLASS_RATIO_CAPS } from "../application/admission-quota";
import { SCHOOL_LEVELS, type SchoolLevel } from "./indicator-definition";
import { percentOf, topmostEntries } from "./indicator-rules";

/**
 * 团学比 of a school by level, grade and graduating class (domain.md §3; issue 10 part 5): students
 * from the entered 在校学生数 (school_enrollment), members from the subtree counters of the
 * organizations that entered them. The registry records no member's grade, so a grade's members are
 * exact only where a grade (or class) organization entered its own students; otherwise they are
 * the members of the school's entering organization born in the grade's usual birth cohort
 * (basis "birth_cohort": school entry at 6 by 31 August — a floor, repeaters and early starters are
 * missed). Pure: the server reads the figures, these functions combine them.
 */

/** One 在校学生数 entry with the organization that made it (the server's EnteredFigure fits). */
export interface EnrollmentEntry {
  organizationId: number;
  path: string;
  /** The school level (school_enrollment.level). */
  key: string;
  grade: number | null;
  value: number;
}

/** Current members of an entering organization's subtree: in all, and by birth month "YYYY-MM". */
export interface EnteredMembers {
  total: number;
  birthMonths: ReadonlyMap<string, number>;
}

/** How a figure's members were counted: the subtree of the organization that entered it, or by birth cohort. */
export type MembersBasis = "organization" | "birth_cohort";

/** 团学比 of one grade (or one level) of a school. */
export interface GradeRatio {
  level: SchoolLevel;
  /** Grade within the level (1 = first year); null for a whole level. */
  grade: number | null;
  members: number;
  students: number;
  /** Percent to 0.1; null when no students were entered (never 0%). */
  ratio: number | null;
  membersBasis: MembersBasis;
  /** The last grade of the level (毕业年级). */
  graduating: boolean;
  /** The graduating class's cap (初中 30%, 高中 60%); null otherwise. */
  cap: number | null;
  /** Whether the ratio is above the cap; null without a cap or a ratio. */
  exceedsCap: boolean | null;
}

/** A school's 团学比: in all, per level, per grade, and its graduating classes. */
export interface SchoolLeagueRatios {
  members: number;
  /** Students entered for the school year; null when none were entered (ratio null, never 0%). */
  students: number | null;
  ratio: number | null;
  levels: GradeRatio[];
  grades: GradeRatio[];
  /** The graduating grade of each capped level the school entered students for. */
  graduating: GradeRatio[];
}

/**
 * The last grade (毕业年级) of a level at a school that entered grades up to `highestEnteredGrade`:
 * junior high has 3 years, or 4 where a school enters a fourth (五四制); senior high and secondary
 * vocational 3; a university its highest entered grade, at least 4.
 */
export function graduatingGrade(level: SchoolLevel, highestEnteredGrade: number): number {
  if (level === "junior_secondary") return highestEnteredGrade >= 4 ? 4 : 3;
  if (level === "university") return Math.max(4, highestEnteredGrade);
  return 3;
}

/**
 * The birth months ("YYYY-MM", inclusive) of the cohort usually in `grade` of `level` in the school
 * year starting in September of `schoolYear`: children start primary school in the September after
 * turning 6 by 31 August; junior high ends with the 9th year of schooling (its first grade is the
 * 7th, or the 6th where it has 4 grades), senior high and vocational follow it, university the 12th.
 * E.g. 初三 of school year 2025 (9th year): born 2010-09 … 2011-08.
 */
export function gradeBirthMonths(
  level: SchoolLevel,
  grade: number,
  schoolYear: number,
  levelGrades: number,
): { from: string; to: string } {
  const yearOfSchooling =
    level === "junior_secondary" ? 9 - levelGrades + grade : level === "university" ? 12 + grade : 9 + grade;
  const startYear = schoolYear - yearOfSchooling + 1;
  return { from: `${startYear - 7}-09`, to: `${startYear - 6}-08` };
}

function sumBirthMonths(members: EnteredMembers, range: { from: string; to: string }): number {
  let sum = 0;
  for (const [month, count] of members.birthMonths)
    if (month >= range.from && month <= range.to) sum += count;
  return sum;
}

function isSchoolLevel(key: string): key is SchoolLevel {
  return (SCHOOL_LEVELS as readonly string[]).includes(key);
}

function gradeRatio(
  level: SchoolLevel,
  grade: number | null,
  members: number,
  students: number,
  membersBasis: MembersBasis,
  graduating: boolean,
): GradeRatio {
  const ratio = percentOf(members, students);
  const cap = graduating ? (GRADUATING_CLASS_RATIO_CAPS[level] ?? null) : null;
  return {
    level,
    grade,
    members,
    students,
    ratio,
    membersBasis,
    graduating,
    cap,
    exceedsCap: cap === null || ratio === null ? null : ratio > cap,
  };
}

/**
 * A school's 团学比 for one school year (see the module comment): `entries` are the 在校学生数 entries
 * made in the school's subtree (only the topmost count, so nothing counts twice); `membersOf` gives
 * the members of an entering organization; `schoolMembers` the school's own members, used when
 * nothing was entered (then students and every ratio are null). An organization that entered one
 * grade gives that grade its members exactly; one that entered one level gives the level its
 * members exactly and its grades by birth cohort; one that entered several levels, every figure by
 * birth cohort.
 */
export function schoolLeagueRatios(
  entries: readonly EnrollmentEntry[],
  membersOf: (organizationId: number) => EnteredMembers,
  schoolMembers: number,
  schoolYear: number,
): SchoolLeagueRatios {
  const topmost = topmostEntries(entries).filter(
    (entry): entry is EnrollmentEntry & { key: SchoolLevel; grade: number } =>
      isSchoolLevel(entry.key) && entry.grade !== null,
  );
  if (topmost.length === 0) {
    return { members: schoolMembers, students: null, ratio: null, levels: [], grades: [], graduating: [] };
  }
  const organizations = [...new Set(topmost.map((entry) => entry.organizationId))];
  const highest = new Map<SchoolLevel, number>();
  for (const entry of topmost) highest.set(entry.key, Math.max(highest.get(entry.key) ?? 0, entry.grade));
  const levelGrades = (level: SchoolLevel) => graduatingGrade(level, highest.get(level) ?? 1);

  type Sum = { members: number; students: number; basis: MembersBasis };
  const grades = new Map<string, Sum & { level: SchoolLevel; grade: number }>();
  const levels = new Map<SchoolLevel, Sum>();
  const add = <Key, Value extends Sum>(
    map: Map<Key, Value>,
    key: Key,
    init: Value,
    members: number,
    students: number,
    basis: MembersBasis,
  ) => {
    const sum = map.get(key) ?? init;
    sum.members += members;
    sum.students += students;
    if (basis === "birth_cohort") sum.basis = "birth_cohort";
    map.set(key, sum);
  };
  let members = 0;
  for (const id of organizations) {
    const own = topmost.filter((entry) => entry.organizationId === id);
    const figures = membersOf(id);
    members += figures.total;
    const ownLevels = [...new Set(own.map((entry) => entry.key))];
    for (const entry of own) {
      const exact = own.length === 1;
      const gradeMembers = exact
        ? figures.total
        : sumBirthMonths(
            figures,
            gradeBirthMonths(entry.key, entry.grade, schoolYear, levelGrades(entry.key)),
          );
      const basis: MembersBasis = exact ? "organization" : "birth_cohort";
      add(
        grades,
        `${entry.key}|${entry.grade}`,
        { level: entry.key, grade: entry.grade, members: 0, students: 0, basis: "organization" },
        gradeMembers,
        entry.value,
        basis,
      );
      if (ownLevels.length > 1) {
        add(
          levels,
          entry.key,
          { members: 0, students: 0, basis: "organization" },
          gradeMembers,
          entry.value,
          "birth_cohort",
        );
      }
    }
    if (ownLevels.length === 1 && ownLevels[0] !== undefined) {
      const students = own.reduce((sum, entry) => sum + entry.value, 0);
      add(
        levels,
        ownLevels[0],
        { members: 0, students: 0, basis: "organization" },
        figures.total,
        students,
        "organization",
      );
    }
  }
  const gradeList = [...grades.values()]
    .sort((a, b) => SCHOOL_LEVELS.indexOf(a.level) - SCHOOL_LEVELS.indexOf(b.level) || a.grade - b.grade)
    .map((sum) =>
      gradeRatio(
        sum.level,
        sum.grade,
        sum.members,
        sum.students,
        sum.basis,
        sum.grade === levelGrades(sum.level),
      ),
    );
  const levelList = SCHOOL_LEVELS.flatMap((level) => {
    const sum = levels.get(level);
    return sum ? [gradeRatio(level, null, sum.members, sum.students, sum.basis, false)] : [];
  });
  const students = topmost.reduce((sum, entry) => sum + entry.value, 0);
  return {
    members,
    students,
    ratio: percentOf(members, students),
    levels: levelList,
    grades: gradeList,
    graduating: gradeList.filter((grade) => grade.graduating && grade.cap !== null),
  };
}

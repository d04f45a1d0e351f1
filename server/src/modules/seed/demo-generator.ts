import { base, Faker, zh_CN } from "@faker-js/faker";
import {
  ageOn,
  ageOutDate,
  citizenIdCheckDigit,
  createSeededRandom,
  type EducationLevelCode,
  type EthnicityCode,
  fourteenthBirthday,
  isIsoDate,
  type MemberStatus,
  type OccupationCode,
  type OrganizationKind,
  type PoliticalStatusCode,
  type Sector,
  type Sex,
} from "@tuanwu/domain";
import { personNameInitials } from "../../lib/pinyin";

/**
 * Deterministic demo data for a county (the demo county is 旺苍县 510821): the League
 * organizations that are not territorial (schools, agencies, enterprises, social organizations)
 * and members for any set of branches. Plain objects, no I/O, no clock: the same input always
 * gives the same output.
 */

/** School level of a school branch: 初中 / 高中 / 中职. */
export type SchoolLevel = "junior" | "senior" | "vocational";

/** One organization to create under the county committee (团县委), in creation order. */
export interface DemoOrganizationSpec {
  /** Stable identifier inside the demo data, e.g. "senior-high/grade-10/class-1". */
  key: string;
  /** Key of the parent spec; null means the county committee itself. */
  parentKey: string | null;
  kind: OrganizationKind;
  level: "grassroots";
  sector: Sector;
  name: string;
  shortName: string;
  /** School grade of a class branch or grade general branch: 8–9 初中, 10–12 高中 / 中职. */
  grade?: number;
  /** School level of a school organization (also set on its class branches). */
  schoolLevel?: SchoolLevel;
  /** For graduating class branches (初三, 高三, 中职三年级), when `today` was given: 30 June. */
  expectedGraduationOn?: string;
}

/** The county the demo organizations belong to. */
export interface DemoCountyInput {
  /** e.g. "旺苍县" */
  name: string;
  /** GB/T 2260 code, e.g. "510821" */
  divisionCode: string;
  /** Townships by code; the first three give the junior high schools their names (东河镇 → 东河中学). */
  townshipNames?: readonly string[];
  /** "YYYY-MM-DD"; when given, graduating class branches carry `expectedGraduationOn`. */
  today?: string;
}

/** Townships used for junior high school names when none are given (旺苍县, first three by code). */
const DEMO_TOWNSHIPS: Readonly<Record<string, readonly string[]>> = {
  "510821": ["东河镇", "嘉川镇", "木门镇"],
};

/**
 * The non-territorial organizations of a demo county, parents before children:
 *
 * - 教育团工委 (working committee, secondary_school) holding a senior high school committee
 *   (a general branch per grade 高一–高三, 10 class branches each), three junior high school
 *   committees (class branches for 初二 and 初三 only, 2–4 per grade) and a vocational school
 *   committee (vocational_school, 4 class branches per grade);
 * - 县直机关团工委 (working committee, agency) with 12 branches of agencies and public institutions;
 * - 5 state-enterprise branches directly under the county committee;
 * - 非公和社会组织团工委 (working committee, non_public_enterprise) with 12 non-public enterprise
 *   branches and 4 social-organization branches.
 *
 * Every parent/child pair respects the kind rules of domain.md §1 (a committee or working committee
 * holds committees, working committees, general branches and branches; a general branch only
 * branches; a branch nothing). Names follow the county name, e.g. "旺苍县教育团工委",
 * "四川省旺苍中学团委" (the 四川省 prefix only for a county in Sichuan, code 51…), "旺苍县东河中学团委".
 *
 * @param county the county's name and code; optional township names and today (see {@link DemoCountyInput})
 * @returns specs in creation order; keys are unique and every parentKey names an earlier spec.
 *   Never throws.
 */
export function demoOrganizationSpecs(county: DemoCountyInput): DemoOrganizationSpec[] {
  const specs: DemoOrganizationSpec[] = [];
  const countyName = county.name;
  const stem = countyName.length > 2 ? countyName.replace(/(县|区|市|旗)$/, "") : countyName;
  const schoolYear = county.today === undefined ? undefined : schoolYearOf(county.today);
  const add = (spec: Omit<DemoOrganizationSpec, "level">): void => {
    specs.push({ ...spec, level: "grassroots" });
  };
  const graduation = (grade: number): { expectedGraduationOn?: string } =>
    (grade === 9 || grade === 12) && schoolYear !== undefined
      ? { expectedGraduationOn: `${schoolYear + 1}-06-30` }
      : {};
  const withoutCounty = (name: string): string =>
    name.startsWith(countyName) ? name.slice(countyName.length) : name;

  const education = "education";
  add({
    key: education,
    parentKey: null,
    kind: "working_committee",
    sector: "secondary_school",
    name: `${countyName}教育团工委`,
    shortName: "教育团工委",
  });

  const seniorSchool = `${county.divisionCode.startsWith("51") ? "四川省" : ""}${stem}中学`;
  add({
    key: "senior-high",
    parentKey: education,
    kind: "committee",
    sector: "secondary_school",
    schoolLevel: "senior",
    name: `${seniorSchool}团委`,
    shortName: `${stem}中学团委`,
  });
  for (const grade of [10, 11, 12]) {
    const gradeName = gradeNameOf(grade);
    const gradeKey = `senior-high/grade-${grade}`;
    add({
      key: gradeKey,
      parentKey: "senior-high",
      kind: "general_branch",
      sector: "secondary_school",
      schoolLevel: "senior",
      grade,
      name: `${seniorSchool}${gradeName}年级团总支`,
      shortName: `${gradeName}年级团总支`,
    });
    for (let classNumber = 1; classNumber <= 10; classNumber += 1) {
      add({
        key: `${gradeKey}/class-${classNumber}`,
        parentKey: gradeKey,
        kind: "branch",
        sector: "secondary_school",
        schoolLevel: "senior",
        grade,
        name: `${seniorSchool}${gradeName}（${classNumber}）班团支部`,
        shortName: `${gradeName}（${classNumber}）班团支部`,
        ...graduation(grade),
      });
    }
  }

  const towns = county.townshipNames ?? DEMO_TOWNSHIPS[county.divisionCode] ?? [];
  const classesPerGrade = [4, 3, 2];
  for (let index = 0; index < 3; index += 1) {
    const town = towns[index]?.replace(/(镇|乡|街道|办事处)$/, "");
    const school = `${countyName}${town === undefined || town === "" ? `第${"一二三"[index]}初级` : town}中学`;
    const schoolKey = `junior-high-${index + 1}`;
    add({
      key: schoolKey,
      parentKey: education,
      kind: "committee",
      sector: "secondary_school",
      schoolLevel: "junior",
      name: `${school}团委`,
      shortName: `${withoutCounty(school)}团委`,
    });
    for (const grade of [8, 9]) {
      for (let classNumber = 1; classNumber <= (classesPerGrade[index] ?? 2); classNumber += 1) {
        const className = `${gradeNameOf(grade)}（${classNumber}）班团支部`;
        add({
          key: `${schoolKey}/grade-${grade}/class-${classNumber}`,
          parentKey: schoolKey,
          kind: "branch",
          sector: "secondary_school",
          schoolLevel: "junior",
          grade,
          name: `${school}${className}`,
          shortName: className,
          ...graduation(grade),
        });
      }
    }
  }

  const vocationalSchool = `${countyName}职业高级中学`;
  add({
    key: "vocational",
    parentKey: education,
    kind: "committee",
    sector: "vocational_school",
    schoolLevel: "vocational",
    name: `${vocationalSchool}团委`,
    shortName: `${stem}职中团委`,
  });
  for (const grade of [10, 11, 12]) {
    VOCATIONAL_MAJORS.forEach((major, index) => {
      const className = `${VOCATIONAL_GRADE_NAMES[grade] ?? `${grade}年级`}${major}班团支部`;
      add({
        key: `vocational/grade-${grade}/class-${index + 1}`,
        parentKey: "vocational",
        kind: "branch",
        sector: "vocational_school",
        schoolLevel: "vocational",
        grade,
        name: `${vocationalSchool}${className}`,
        shortName: className,
        ...graduation(grade),
      });
    });
  }

  add({
    key: "agencies",
    parentKey: null,
    kind: "working_committee",
    sector: "agency",
    name: `${countyName}直机关团工委`,
    shortName: "县直机关团工委",
  });
  AGENCY_UNITS.forEach(([unit, sector], index) => {
    const name = `${countyName}${unit}团支部`;
    add({
      key: `agencies/${index + 1}`,
      parentKey: "agencies",
      kind: "branch",
      sector,
      name,
      shortName: `${unit}团支部`,
    });
  });

  STATE_ENTERPRISES.forEach((pattern, index) => {
    const name = `${pattern.replace("{county}", countyName).replace("{stem}", stem)}团支部`;
    add({
      key: `state-enterprises/${index + 1}`,
      parentKey: null,
      kind: "branch",
      sector: "state_enterprise",
      name,
      shortName: withoutCounty(name),
    });
  });

  add({
    key: "two-new",
    parentKey: null,
    kind: "working_committee",
    sector: "non_public_enterprise",
    name: `${countyName}非公和社会组织团工委`,
    shortName: "非公和社会组织团工委",
  });
  const twoNew: [string, Sector][] = [
    ...NON_PUBLIC_ENTERPRISES.map((unit): [string, Sector] => [unit, "non_public_enterprise"]),
    ...SOCIAL_ORGANIZATIONS.map((unit): [string, Sector] => [unit, "social_organization"]),
  ];
  twoNew.forEach(([unit, sector], index) => {
    add({
      key: `two-new/${index + 1}`,
      parentKey: "two-new",
      kind: "branch",
      sector,
      name: `${countyName}${unit}团支部`,
      shortName: `${unit}团支部`,
    });
  });
  return specs;
}

const GRADE_NAMES: Readonly<Record<number, string>> = {
  7: "初一",
  8: "初二",
  9: "初三",
  10: "高一",
  11: "高二",
  12: "高三",
};
function gradeNameOf(grade: number): string {
  return GRADE_NAMES[grade] ?? `${grade}年级`;
}
const VOCATIONAL_GRADE_NAMES: Readonly<Record<number, string>> = { 10: "一年级", 11: "二年级", 12: "三年级" };
const VOCATIONAL_MAJORS = ["计算机应用", "汽车运用与维修", "电子商务", "幼儿保育"] as const;

const AGENCY_UNITS: readonly [string, Sector][] = [
  ["委办公室", "agency"],
  ["人民政府办公室", "agency"],
  ["教育局", "agency"],
  ["公安局", "agency"],
  ["财政局", "agency"],
  ["农业农村局", "agency"],
  ["卫生健康局", "agency"],
  ["人民法院", "agency"],
  ["人民检察院", "agency"],
  ["人民医院", "public_institution"],
  ["中医医院", "public_institution"],
  ["疾病预防控制中心", "public_institution"],
];

const STATE_ENTERPRISES = [
  "国网{county}供电公司",
  "中国移动{county}分公司",
  "中国邮政{county}分公司",
  "四川{stem}农村商业银行",
  "{county}城市建设投资有限公司",
] as const;

const NON_PUBLIC_ENTERPRISES = [
  "绿源茶业有限公司",
  "青山生态农业有限公司",
  "华兴建材有限公司",
  "鑫源机械制造有限公司",
  "博远电子科技有限公司",
  "顺达物流有限公司",
  "惠民超市有限公司",
  "青创电子商务有限公司",
  "安康医药连锁有限公司",
  "宏达汽车服务有限公司",
  "金穗粮油有限公司",
  "锦程旅游开发有限公司",
] as const;

const SOCIAL_ORGANIZATIONS = [
  "青年志愿者协会",
  "青年企业家协会",
  "阳光社会工作服务中心",
  "电子商务协会",
] as const;

/** A branch that members are generated for. */
export interface DemoBranchInput {
  /** Organization id the members get as `organizationId`. */
  id: number;
  sector: string;
  /** Division code of a territorial branch (12 digits for a village), or null. */
  divisionCode: string | null;
  /** School grade of a class branch: 7–9 初中, 10–12 高中 / 中职. */
  grade?: number;
  schoolLevel?: SchoolLevel;
}

/** Input of {@link generateDemoMembers}. */
export interface DemoMembersInput {
  /** Seed of the pseudo-random sequence; the same input always gives the same members. */
  seed: number;
  /** "YYYY-MM-DD": the day ages, join dates and statuses are computed for. */
  today: string;
  branches: readonly DemoBranchInput[];
  /** Number of members to generate, distributed over the branches. */
  total: number;
  /** County code for member numbers and most citizen IDs; defaults to "510821" (旺苍县). */
  countyDivisionCode?: string;
}

/** One generated member, ready to insert (codes from the domain dictionaries). */
export interface DemoMember {
  organizationId: number;
  name: string;
  /** Pinyin initials of the name, surname read as a surname, e.g. "zxm". */
  nameInitials: string;
  sex: Sex;
  ethnicity: EthnicityCode;
  citizenId: string;
  birthDate: string;
  /** 16 digits: county code (6) + join year (4) + serial within the year (6). */
  memberNumber: string;
  joinedOn: string;
  education: EducationLevelCode;
  occupation: OccupationCode;
  politicalStatus: PoliticalStatusCode;
  phone: string;
  status: MemberStatus;
  statusSince: string;
  /** Set on branch cadres only (withBranchCadres): 是否团干部, 团内现任职务, 团干部性质, 任现职年月. */
  isCadre?: boolean;
  leaguePosition?: string;
  cadreKind?: string;
  positionSince?: string;
}

/**
 * The most frequent surnames (公安部户籍人口统计, 2020: 王 李 张 刘 陈 杨 黄 赵 吴 周 …), drawn for
 * 70% of members so that names look like a real roster; the rest come from faker's zh_CN list.
 */
const COMMON_SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田萧潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤",
] as const;

/** Counties of 广元市 (5108), used as birthplaces of some members of a county there. */
const GUANGYUAN_COUNTIES = ["510802", "510811", "510812", "510821", "510822", "510823", "510824"] as const;

/**
 * Generates `total` demo members over `branches`, deterministically from `seed` (a seeded
 * mulberry32 sequence and a seeded zh_CN faker for names; never Math.random or the clock).
 * Names: 70% one of the 100 most common surnames, else faker's zh_CN surnames; given names from
 * faker's zh_CN male or female list to match the sex.
 *
 * Rules (domain.md §2; GB 11643-1999 for citizen IDs):
 * - the total is split over branches by sector weights: senior high classes 30–45, junior high
 *   15–30, vocational 20–35, villages and communities 20–80, agencies 6–20, enterprises 5–30,
 *   social organizations 5–15 (scaled to `total`, largest remainder);
 * - citizen IDs are valid 18-digit numbers: the branch's county code (or for ~12% a neighbouring
 *   广元 county), the birth date, a sequence number whose parity gives the sex, and the check digit;
 *   no two members share one;
 * - ages on `today` are 14–28: students by grade (a grade-g student started grade 1 at 6, a few a
 *   year late; never under 14), adults 18–28 (a few 16–17 in villages and communities, 21+ in
 *   agencies and state enterprises);
 * - the join date lies between the 14th birthday and the day before the 28th, and not after today;
 * - member numbers are unique: county code + join year + 6-digit serial per year;
 * - about 96% active, 2% transferring, 1% flowing, 1% left (aged_out at 28, lapsed, withdrawn),
 *   with `statusSince` after the join date (the join date itself for active members);
 * - education, occupation and political status follow age and sector; ~95% Han.
 *
 * @returns members in branch order. An empty branch list or a total ≤ 0 gives [].
 * @throws RangeError when `today` is not a "YYYY-MM-DD" date, or (only with hundreds of thousands of
 *   members) when all 499 sequence numbers of one birthplace, birth date and sex are used.
 */
export function generateDemoMembers(input: DemoMembersInput): DemoMember[] {
  const today = toDayNumber(input.today);
  if (Number.isNaN(today))
    throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(input.today)}`);
  if (input.branches.length === 0 || input.total <= 0) return [];

  const random = createSeededRandom(input.seed);
  const faker = new Faker({ locale: [zh_CN, base] });
  faker.seed(input.seed);
  // faker's firstName(sex) also draws from the unisex list, so read the sex-specific lists directly.
  const firstNames = faker.definitions.person.first_name;
  const givenNames: Record<Sex, readonly string[]> = {
    male: firstNames.male ?? firstNames.generic ?? ["明"],
    female: firstNames.female ?? firstNames.generic ?? ["丽"],
  };
  const countyCode = input.countyDivisionCode ?? "510821";
  const neighbours = countyCode.startsWith("5108")
    ? GUANGYUAN_COUNTIES.filter((code) => code !== countyCode)
    : [];

  const context: MemberContext = {
    random,
    today,
    todayText: input.today,
    schoolYear: schoolYearOf(input.today),
    usedCitizenIds: new Set(),
    initialsByName: new Map(),
    serialByYear: new Map(),
    countyCode,
  };
  const counts = distribute(input.total, input.branches, random);
  const members: DemoMember[] = [];
  input.branches.forEach((branch, index) => {
    const birthplace =
      branch.divisionCode !== null && branch.divisionCode.length >= 6
        ? branch.divisionCode.slice(0, 6)
        : countyCode;
    for (let count = counts[index] ?? 0; count > 0; count -= 1) {
      const sex: Sex = random() < 0.5 ? "male" : "female";
      const surname = random() < 0.7 ? pick(random, COMMON_SURNAMES) : faker.person.lastName();
      const name = surname + faker.helpers.arrayElement(givenNames[sex]);
      const prefix = neighbours.length > 0 && random() < 0.12 ? pick(random, neighbours) : birthplace;
      members.push(generateMember(context, branch, name, sex, prefix));
    }
  });
  return members;
}

interface MemberContext {
  random: () => number;
  today: number;
  todayText: string;
  schoolYear: number;
  usedCitizenIds: Set<string>;
  initialsByName: Map<string, string>;
  serialByYear: Map<number, number>;
  countyCode: string;
}

function generateMember(
  context: MemberContext,
  branch: DemoBranchInput,
  name: string,
  sex: Sex,
  prefix: string,
): DemoMember {
  const { random, today } = context;
  const student = isStudentBranch(branch);
  let status = pickStatus(random, student);
  const [earliestBirth, latestBirth] =
    status === "aged_out" ? ageRange(context.todayText, 28, 28) : birthRange(context, branch);
  const birth = earliestBirth + Math.floor(random() * (latestBirth - earliestBirth + 1));
  const birthDate = fromDayNumber(birth);
  const fourteenth = toDayNumber(fourteenthBirthday(birthDate));
  const twentyEighth = toDayNumber(ageOutDate(birthDate));
  const joinEnd = Math.min(today, twentyEighth - 1);
  const joinSpread = random() < 0.8 ? (student ? 3 : 4) * 365 : joinEnd - fourteenth;
  const joined =
    fourteenth + Math.floor(random() * (Math.min(joinEnd, fourteenth + joinSpread) - fourteenth + 1));
  if (status !== "active" && status !== "aged_out" && today - joined < 2) status = "active";
  let statusSince = joined;
  if (status === "aged_out") statusSince = Math.min(today, twentyEighth + Math.floor(random() * 60));
  else if (status === "transferring") statusSince = Math.max(joined + 1, today - Math.floor(random() * 60));
  else if (status !== "active") statusSince = joined + 1 + Math.floor(random() * (today - joined));

  const age = ageOn(birthDate, context.todayText);
  const { education, occupation } = educationAndOccupation(random, branch, age);
  return {
    organizationId: branch.id,
    name,
    nameInitials: cachedInitials(context.initialsByName, name),
    sex,
    ethnicity: random() < 0.95 ? "han" : pick(random, MINORITY_ETHNICITIES),
    citizenId: uniqueCitizenId(context, prefix, birthDate, sex),
    birthDate,
    memberNumber: nextMemberNumber(context, Number(fromDayNumber(joined).slice(0, 4))),
    joinedOn: fromDayNumber(joined),
    education,
    occupation,
    politicalStatus: politicalStatus(random, branch, age, student),
    phone: pick(random, PHONE_PREFIXES) + digits(random, 8),
    status,
    statusSince: fromDayNumber(statusSince),
  };
}

function pickStatus(random: () => number, student: boolean): MemberStatus {
  const roll = random();
  if (roll < 0.96) return "active";
  if (roll < 0.98) return "transferring";
  if (roll < 0.99) return student ? "active" : "flowing";
  const leaving = random();
  if (!student && leaving < 0.4) return "aged_out";
  return leaving < 0.7 ? "lapsed" : "withdrawn";
}

/** Birth-day-number range [earliest, latest] for a branch's members. */
function birthRange(context: MemberContext, branch: DemoBranchInput): [number, number] {
  const { random, todayText } = context;
  const latestAllowed = toDayNumber(addYears(todayText, -14));
  if (isStudentBranch(branch) && branch.grade !== undefined) {
    // A grade-g pupil in school year Y started grade 1 in Y-g+1 aged 6 (born Sep Y-g-6 … Aug Y-g-5);
    // about 15% a year older (late start or a repeated year). Members must be 14: when fewer than
    // 90 days of the cohort are old enough (初二 early in the school year), the members are the
    // pupils a year older than the cohort.
    let startYear = context.schoolYear - branch.grade - 6 - (random() < 0.15 ? 1 : 0);
    for (;;) {
      const earliest = toDayNumber(`${startYear}-09-01`);
      const latest = Math.min(toDayNumber(`${startYear + 1}-08-31`), latestAllowed);
      if (latest - earliest >= 90) return [earliest, latest];
      startYear -= 1;
    }
  }
  const [minimum, maximum] = ageWindow(random, branch);
  return ageRange(todayText, minimum, maximum);
}

/** Birth-day-number range of people whose age on `today` is between minimum and maximum. */
function ageRange(today: string, minimum: number, maximum: number): [number, number] {
  return [toDayNumber(addYears(today, -(maximum + 1))) + 1, toDayNumber(addYears(today, -minimum))];
}

function ageWindow(random: () => number, branch: DemoBranchInput): [number, number] {
  switch (branch.sector) {
    case "secondary_school":
    case "vocational_school":
      return [15, 18];
    case "university":
      return [18, 22];
    case "agency":
    case "public_institution":
    case "state_enterprise":
      return [21, 28];
    case "social_organization":
      return [20, 28];
    case "rural":
    case "community":
      return random() < 0.06 ? [16, 17] : [18, 28];
    default:
      return [18, 28];
  }
}

function isStudentBranch(branch: DemoBranchInput): boolean {
  return (
    branch.sector === "secondary_school" ||
    branch.sector === "vocational_school" ||
    branch.sector === "university"
  );
}

function educationAndOccupation(
  random: () => number,
  branch: DemoBranchInput,
  age: number,
): { education: EducationLevelCode; occupation: OccupationCode } {
  const roll = random();
  switch (branch.sector) {
    case "secondary_school":
      if (branch.schoolLevel === "junior" || (branch.grade !== undefined && branch.grade <= 9)) {
        return { education: "junior_high_in_progress", occupation: "student" };
      }
      return { education: "senior_high_in_progress", occupation: "student" };
    case "vocational_school":
      return { education: "secondary_vocational_in_progress", occupation: "student" };
    case "university":
      return {
        education: roll < 0.8 ? "bachelor_in_progress" : "junior_college_in_progress",
        occupation: "student",
      };
    case "agency":
    case "public_institution": {
      const education =
        age < 22 || roll < 0.2 ? "junior_college" : roll < 0.85 || age < 24 ? "bachelor" : "master";
      return { education, occupation: "public_sector_employee" };
    }
    case "state_enterprise":
      return {
        education: roll < 0.45 ? "bachelor" : roll < 0.8 ? "junior_college" : "secondary_vocational",
        occupation: "state_enterprise_employee",
      };
    case "social_organization":
      return {
        education: roll < 0.5 ? "bachelor" : roll < 0.9 ? "junior_college" : "senior_high",
        occupation: "social_organization_employee",
      };
    case "rural":
    case "community": {
      if (age < 18) {
        return roll < 0.5
          ? { education: "senior_high_in_progress", occupation: "student" }
          : { education: "junior_high", occupation: branch.sector === "rural" ? "farmer" : "other" };
      }
      if (age <= 22 && roll < 0.25) {
        return {
          education: roll < 0.15 ? "bachelor_in_progress" : "junior_college_in_progress",
          occupation: "student",
        };
      }
      const community = branch.sector === "community";
      return {
        education: pick(random, community ? COMMUNITY_EDUCATION : RURAL_EDUCATION),
        occupation: pick(random, community ? COMMUNITY_OCCUPATIONS : RURAL_OCCUPATIONS),
      };
    }
    default:
      return {
        education:
          roll < 0.3
            ? "senior_high"
            : roll < 0.55
              ? "secondary_vocational"
              : roll < 0.8
                ? "junior_college"
                : "bachelor",
        occupation: "non_public_enterprise_employee",
      };
  }
}

const RURAL_EDUCATION: readonly EducationLevelCode[] = [
  ...Array<EducationLevelCode>(5).fill("junior_high"),
  ...Array<EducationLevelCode>(5).fill("senior_high"),
  ...Array<EducationLevelCode>(4).fill("secondary_vocational"),
  ...Array<EducationLevelCode>(4).fill("junior_college"),
  ...Array<EducationLevelCode>(2).fill("bachelor"),
];
const COMMUNITY_EDUCATION: readonly EducationLevelCode[] = [
  ...Array<EducationLevelCode>(2).fill("junior_high"),
  ...Array<EducationLevelCode>(4).fill("senior_high"),
  ...Array<EducationLevelCode>(3).fill("secondary_vocational"),
  ...Array<EducationLevelCode>(6).fill("junior_college"),
  ...Array<EducationLevelCode>(5).fill("bachelor"),
];
const RURAL_OCCUPATIONS: readonly OccupationCode[] = [
  ...Array<OccupationCode>(7).fill("farmer"),
  ...Array<OccupationCode>(8).fill("non_public_enterprise_employee"),
  ...Array<OccupationCode>(3).fill("freelancer"),
  ...Array<OccupationCode>(2).fill("other"),
];
const COMMUNITY_OCCUPATIONS: readonly OccupationCode[] = [
  ...Array<OccupationCode>(9).fill("non_public_enterprise_employee"),
  ...Array<OccupationCode>(4).fill("freelancer"),
  ...Array<OccupationCode>(2).fill("state_enterprise_employee"),
  ...Array<OccupationCode>(1).fill("public_sector_employee"),
  ...Array<OccupationCode>(4).fill("other"),
];

function politicalStatus(
  random: () => number,
  branch: DemoBranchInput,
  age: number,
  student: boolean,
): PoliticalStatusCode {
  if (age < 18 || (student && branch.sector !== "university")) return "league_member";
  const [party, probationary] =
    branch.sector === "agency" || branch.sector === "public_institution"
      ? [0.2, 0.05]
      : branch.sector === "state_enterprise"
        ? [0.12, 0.04]
        : [0.04, 0.02];
  const roll = random();
  if (roll < party) return "party_member";
  return roll < party + probationary ? "probationary_party_member" : "league_member";
}

/** Ethnic groups of 广元 and its neighbours other than Han, drawn for the ~5% non-Han members. */
const MINORITY_ETHNICITIES: readonly EthnicityCode[] = [
  "hui",
  "zang",
  "qiang",
  "miao",
  "tujia",
  "yi",
  "man",
  "menggu",
];

const PHONE_PREFIXES = [
  ...["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157"],
  ...["158", "159", "166", "173", "177", "180", "181", "182", "183", "187", "188", "189", "191", "199"],
] as const;

/** Per-branch size ranges by sector (min, max members) before scaling to the requested total. */
function branchWeightRange(branch: DemoBranchInput): [number, number] {
  if (branch.sector === "secondary_school") return branch.schoolLevel === "junior" ? [15, 30] : [30, 45];
  switch (branch.sector) {
    case "vocational_school":
      return [20, 35];
    case "university":
      return [30, 50];
    case "rural":
    case "community":
      return [20, 80];
    case "agency":
    case "public_institution":
      return [6, 20];
    case "social_organization":
      return [5, 15];
    default:
      return [5, 30];
  }
}

/** Splits `total` over branches in proportion to random weights in each branch's range (largest remainder). */
function distribute(total: number, branches: readonly DemoBranchInput[], random: () => number): number[] {
  const weights = branches.map((branch) => {
    const [minimum, maximum] = branchWeightRange(branch);
    return minimum + random() * (maximum - minimum);
  });
  const sum = weights.reduce((accumulated, weight) => accumulated + weight, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  let remaining = total - counts.reduce((accumulated, count) => accumulated + count, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) }));
  order.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (remaining <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    remaining -= 1;
  }
  return counts;
}

function uniqueCitizenId(context: MemberContext, prefix: string, birthDate: string, sex: Sex): string {
  const body = prefix + birthDate.replaceAll("-", "");
  // Sequence 001–998: odd for men, even for women (GB 11643-1999 §4.2.3). Random first, then in order.
  const firstPair = 1 + Math.floor(context.random() * 499);
  for (let step = 0; step < 499; step += 1) {
    const pair = 1 + ((firstPair - 1 + step) % 499);
    const sequence = sex === "male" ? 2 * pair - 1 : 2 * pair;
    const first17 = body + String(sequence).padStart(3, "0");
    const citizenId = first17 + citizenIdCheckDigit(first17);
    if (!context.usedCitizenIds.has(citizenId)) {
      context.usedCitizenIds.add(citizenId);
      return citizenId;
    }
  }
  throw new RangeError(`no citizen ID left for ${body} (${sex}): too many members born on one day`);
}

function nextMemberNumber(context: MemberContext, joinYear: number): string {
  const serial = (context.serialByYear.get(joinYear) ?? 0) + 1;
  context.serialByYear.set(joinYear, serial);
  return `${context.countyCode}${joinYear}${String(serial).padStart(6, "0")}`;
}

function cachedInitials(cache: Map<string, string>, name: string): string {
  let initials = cache.get(name);
  if (initials === undefined) {
    initials = personNameInitials(name);
    cache.set(name, initials);
  }
  return initials;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError("pick from an empty list");
  return item;
}

function digits(random: () => number, count: number): string {
  let text = "";
  for (let index = 0; index < count; index += 1) text += String(Math.floor(random() * 10));
  return text;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD" date (NaN when malformed). */
function toDayNumber(isoDate: string): number {
  if (!isIsoDate(isoDate)) return Number.NaN;
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The same month and day `years` later (earlier when negative); 29 February becomes 28 February,
 * so that `addYears(today, -n)` is the latest birth date of someone aged n on `today` (per ageOn).
 */
function addYears(isoDate: string, years: number): string {
  const year = String(Number(isoDate.slice(0, 4)) + years).padStart(4, "0");
  const monthDay = isoDate.slice(5);
  const leap = (Number(year) % 4 === 0 && Number(year) % 100 !== 0) || Number(year) % 400 === 0;
  return `${year}-${monthDay === "02-29" && !leap ? "02-28" : monthDay}`;
}

/** The calendar year a school year starts in (1 September): 2025-11-03 → 2025, 2026-03-01 → 2025. */
function schoolYearOf(today: string): number {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 9 ? year : year - 1;
}

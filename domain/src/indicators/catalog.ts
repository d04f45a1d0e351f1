import { CADRE_KINDS } from "../dictionaries/cadre-kinds";
import type { Label } from "../dictionaries/dictionary";
import { EDUCATION_LEVELS } from "../dictionaries/education-levels";
import { ETHNICITIES } from "../dictionaries/ethnicities";
import { OCCUPATIONS } from "../dictionaries/occupations";
import { AGE_BAND_LABELS, AGE_BANDS } from "../member/age";
import { MEMBER_STATUS_LABELS, MEMBER_STATUSES, type MemberStatus } from "../member/member-status";
import { SEX_LABELS, SEXES } from "../member/sex";
import { FULL_COVERAGE_SECTORS, SECTOR_LABELS, SECTORS, type Sector } from "../organization/sector";
import {
  type AnnualCycleIndicatorId,
  ageBandIdPart,
  CAPPED_GRADUATING_LEVELS,
  type CappedGraduatingLevel,
  COVERAGE_SECTORS,
  type CoverageSector,
  type DuesAndRatingIndicatorId,
  type IndicatorDefinition,
  type IndicatorDirection,
  type IndicatorId,
  type MemberDimensionIndicatorId,
  type OrganizationalLifeIndicatorId,
  type PartyRecommendationIndicatorId,
  type RateIndicatorId,
  SCHOOL_LEVEL_LABELS,
  SCHOOL_LEVELS,
  type SchoolLevel,
  type TransferRateIndicatorId,
  type YouthHomeIndicatorId,
} from "./indicator-definition";

/**
 * The indicator catalog (指标目录, domain.md §9): the figures the registry computes itself — for an
 * organization's subtree, never typed in — to which reform-plan targets can be bound (issue 5 part 6).
 * Each indicator is defined once here (its shape: indicator-definition.ts); the server computes it by
 * id (server/src/modules/indicators). docs/indicators.md lists them with their sources.
 */

const CURRENT_MEMBERS: Label = {
  zh: "在册团员数（正常、转接中、流动）",
  en: "current members (active, transferring, flowing)",
};

const COUNTERS_NOTE = "computed from the subtree counters (docs/ARCHITECTURE.md “Fast aggregation”)";

const BASE_INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: "entry_rate",
    name: { zh: "录入率", en: "Data-entry rate" },
    numerator: CURRENT_MEMBERS,
    denominator: {
      zh: "应录入数：子树内各组织填报的团员数之和",
      en: "members the subtree's organizations report they have (sum of reported counts)",
    },
    unit: "percent",
    direction: "higher",
    sector: null,
    source:
      "Taiyuan bulletin 2021-13 (晋团要讯〔2021〕第13期): 团员录入率 60.3% → 99.8%; domain.md §2; Wangcang plan task 20 (智慧团建 团员数据库)",
    category: "rates",
    drillDown: "members",
    enteredData: "reported_member_count",
  },
  {
    id: "completeness_rate",
    name: { zh: "信息完整率", en: "Record completeness rate" },
    numerator: {
      zh: "必填信息齐全的在册团员数",
      en: "current members whose required fields are all present",
    },
    denominator: CURRENT_MEMBERS,
    unit: "percent",
    direction: "higher",
    sector: null,
    source: "domain.md §2 (信息完整率, a figure distinct from 录入率); issue 3 part 6",
    category: "rates",
    drillDown: null,
    enteredData: null,
  },
  {
    id: "members_total",
    name: { zh: "团员数", en: "Members" },
    numerator: CURRENT_MEMBERS,
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source: `domain.md §2 and §9 (团员 in the registry, counted for any subtree); ${COUNTERS_NOTE}`,
    category: "members",
    drillDown: "members",
    enteredData: null,
  },
  {
    id: "organizations_total",
    name: { zh: "团组织数", en: "League organizations" },
    numerator: {
      zh: "子树内团组织数（含本级）",
      en: "League organizations of the subtree, its root included",
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source: "domain.md §1 and §9 (organizations and coverage by sector)",
    category: "organizations",
    drillDown: "organizations",
    enteredData: null,
  },
];

/** 团员数 in one sector: current members of branches whose organization has that sector. */
function membersOfSector(sector: Sector): IndicatorDefinition {
  const label = SECTOR_LABELS[sector];
  return {
    id: `members_sector_${sector}`,
    name: { zh: `${label.zh}领域团员数`, en: `Members, ${label.en.toLowerCase()} sector` },
    numerator: {
      zh: `所在团组织领域为“${label.zh}”的在册团员数`,
      en: `current members whose organization's sector is ${label.en.toLowerCase()}`,
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector,
    source: "domain.md §1 (sectors) and §9 (figures by sector)",
    category: "members",
    drillDown: "members",
    enteredData: null,
  };
}

/** 团组织数 in one sector: organizations of the subtree with that sector. */
function organizationsOfSector(sector: Sector): IndicatorDefinition {
  const label = SECTOR_LABELS[sector];
  return {
    id: `organizations_sector_${sector}`,
    name: { zh: `${label.zh}领域团组织数`, en: `Organizations, ${label.en.toLowerCase()} sector` },
    numerator: {
      zh: `领域为“${label.zh}”的团组织数`,
      en: `League organizations whose sector is ${label.en.toLowerCase()}`,
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector,
    source:
      "domain.md §1 (sectors; 建团 coverage) and §9 (coverage by sector); Wangcang plan task 8 (机关、事业单位、国有企业 100%建团)",
    category: "organizations",
    drillDown: "organizations",
    enteredData: null,
  };
}

/** A count of current members with one value of a member dimension (by status: members with that status). */
function memberCount(
  id: MemberDimensionIndicatorId,
  name: Label,
  numerator: Label,
  source: string,
  direction: IndicatorDirection = "higher",
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator: null,
    unit: "count",
    direction,
    sector: null,
    source: `${source}; ${COUNTERS_NOTE}`,
    category: "members",
    drillDown: "members",
    enteredData: null,
  };
}

const FORMER: ReadonlySet<MemberStatus> = new Set(["lapsed", "withdrawn", "expelled"]);

const MEMBER_DIMENSION_INDICATORS: readonly IndicatorDefinition[] = [
  ...MEMBER_STATUSES.map((status) => {
    const label = MEMBER_STATUS_LABELS[status];
    return memberCount(
      `members_status_${status}`,
      { zh: `团籍状态“${label.zh}”人数`, en: `Members with status ${label.en.toLowerCase()}` },
      {
        zh: `团籍状态为“${label.zh}”的人数`,
        en: `people whose membership status is ${label.en.toLowerCase()}`,
      },
      "domain.md §2 (statuses: 正常, 转接中, 流动, 满28周岁离团, 自行脱团, 自愿退团, 开除团籍)",
      FORMER.has(status) ? "lower" : "higher",
    );
  }),
  ...SEXES.map((sex) =>
    memberCount(
      `members_sex_${sex}`,
      { zh: `${SEX_LABELS[sex].zh}团员数`, en: `${SEX_LABELS[sex].en} members` },
      { zh: `性别为“${SEX_LABELS[sex].zh}”的在册团员数`, en: `current members of sex ${sex}` },
      "domain.md §2 (性别, from the citizen ID)",
    ),
  ),
  ...AGE_BANDS.map((band) =>
    memberCount(
      `members_age_${ageBandIdPart(band)}` as MemberDimensionIndicatorId,
      { zh: `${AGE_BAND_LABELS[band].zh}团员数`, en: `Members aged ${AGE_BAND_LABELS[band].en}` },
      {
        zh: `截至统计日所在月末年龄为${AGE_BAND_LABELS[band].zh}的在册团员数（按出生年月）`,
        en: `current members aged ${AGE_BAND_LABELS[band].en} at the end of the as-of month (by birth month)`,
      },
      "domain.md §2 (ages 14–28; 超龄离团 at 28)",
      band === "over_28" ? "lower" : "higher",
    ),
  ),
  ...OCCUPATIONS.map(({ code, zh, en }) =>
    memberCount(
      `members_occupation_${code}`,
      { zh: `职业为“${zh}”的团员数`, en: `Members, occupation ${en.toLowerCase()}` },
      { zh: `职业为“${zh}”的在册团员数`, en: `current members whose occupation is ${en.toLowerCase()}` },
      "domain.md §2 (职业, the national registry's list)",
    ),
  ),
  ...EDUCATION_LEVELS.map(({ code, zh, en }) =>
    memberCount(
      `members_education_${code}`,
      { zh: `学历为“${zh}”的团员数`, en: `Members, education ${en.toLowerCase()}` },
      {
        zh: `最高学历为“${zh}”的在册团员数`,
        en: `current members whose highest education is ${en.toLowerCase()}`,
      },
      "domain.md §2 (最高学历, the national registry's list)",
    ),
  ),
  ...ETHNICITIES.map(({ code, zh, en }) =>
    memberCount(
      `members_ethnicity_${code}`,
      { zh: `${zh}团员数`, en: `Members, ${en} ethnicity` },
      { zh: `民族为“${zh}”的在册团员数`, en: `current members of ${en} ethnicity` },
      "domain.md §2 (民族, the 56 ethnic groups)",
    ),
  ),
];

/** 团学比 of one school level. */
function leagueStudentRatioOfLevel(level: SchoolLevel): IndicatorDefinition {
  const label = SCHOOL_LEVEL_LABELS[level];
  return {
    id: `league_student_ratio_${level}`,
    name: { zh: `团学比（${label.zh}）`, en: `League-to-student ratio, ${label.en.toLowerCase()}` },
    numerator: {
      zh: `填报了${label.zh}学生数的组织子树内在册团员数`,
      en: `current members of the subtrees of the organizations that entered ${label.en.toLowerCase()} students`,
    },
    denominator: {
      zh: `${label.zh}在校学生数（统计日所在学年，各年级之和）`,
      en: `${label.en.toLowerCase()} students entered for the as-of date's school year, all grades`,
    },
    unit: "percent",
    direction: "lower",
    sector: null,
    source:
      "中学共青团改革实施方案: 毕业年级团学比 初中 ≤ 30%, 高中 ≤ 60% (Taiyuan reached 5.43% and 41.53%); domain.md §3",
    category: "students",
    drillDown: "members",
    enteredData: "school_enrollment",
  };
}

/** 毕业年级团学比 of a capped level (初中 ≤ 30%, 高中 ≤ 60%). */
function leagueStudentRatioGraduating(level: CappedGraduatingLevel): IndicatorDefinition {
  const label = SCHOOL_LEVEL_LABELS[level];
  const cap = level === "junior_secondary" ? 30 : 60;
  return {
    id: `league_student_ratio_graduating_${level}`,
    name: {
      zh: `毕业年级团学比（${label.zh}）`,
      en: `League-to-student ratio, ${label.en.toLowerCase()} graduating classes`,
    },
    numerator: {
      zh: `${label.zh}毕业年级在册团员数：填报该年级学生数的年级组织子树内团员；学校整体填报时按出生年月推定的该年级学龄团员（无名单）`,
      en: `current members of the ${label.en.toLowerCase()} graduating grade: the members under the organization that entered that grade alone, else the school's members born in the grade's usual cohort (no list)`,
    },
    denominator: {
      zh: `${label.zh}毕业年级在校学生数（统计日所在学年）`,
      en: `${label.en.toLowerCase()} graduating-grade students entered for the as-of date's school year`,
    },
    unit: "percent",
    direction: "lower",
    sector: null,
    source: `中学共青团改革实施方案: 毕业年级团学比 ${label.zh} ≤ ${cap}% (Taiyuan reached 5.43% and 41.53%); domain.md §3; issue 10 part 5`,
    category: "students",
    drillDown: null,
    enteredData: "school_enrollment",
  };
}

/** 建团率 of one sector (or of 两新 together). */
function coverageRate(
  id: `coverage_rate_${CoverageSector}` | "coverage_rate_two_new",
  zh: string,
  en: string,
  source: string,
): IndicatorDefinition {
  return {
    id,
    name: { zh: `${zh}建团率`, en: `League coverage, ${en}` },
    numerator: {
      zh: `已建团组织的${zh}单位数：领域为${zh}、且上级组织不属同一领域的团组织数`,
      en: `${en} units with a League organization: organizations of the sector whose parent is not of the same sector`,
    },
    denominator: {
      zh: `应建团的${zh}单位数（按年度、领域填报，取子树内最上层的填报）`,
      en: `eligible ${en} units entered per organization, year and sector (topmost entries of the subtree)`,
    },
    unit: "percent",
    direction: "higher",
    sector: null,
    source,
    category: "organizations",
    drillDown: "organizations",
    enteredData: "eligible_units",
  };
}

const CADRES: Label = {
  zh: "团干部数（在任的团干部任职记录，含非团员）",
  en: "cadres (open posts of the cadre records, members or not)",
};

function cadreRate(id: RateIndicatorId, zh: string, en: string, numerator: Label): IndicatorDefinition {
  return {
    id,
    name: { zh, en },
    numerator,
    denominator: CADRES,
    unit: "percent",
    direction: "higher",
    sector: null,
    source: "domain.md §6 (cadre profile: age, education, Party membership, position, term)",
    category: "cadres",
    drillDown: "members",
    enteredData: null,
  };
}

const RATE_INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: "members_turning_28",
    name: { zh: "当年满28周岁团员数", en: "Members turning 28 this year" },
    numerator: {
      zh: "出生年份 + 28 = 统计日年份的在册团员数（当年应办理超龄离团）",
      en: "current members whose 28th birthday falls in the as-of date's year (due to age out)",
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source: `domain.md §2 (超龄离团 at 28, with a ceremony); 团章 Article 1; ${COUNTERS_NOTE}`,
    category: "members",
    drillDown: "members",
    enteredData: null,
  },
  {
    id: "youth_league_ratio",
    name: { zh: "团青比", en: "League-to-youth ratio" },
    numerator: {
      zh: "填报了青年人口的组织子树内在册团员数",
      en: "current members of the subtrees of the organizations whose youth population is entered",
    },
    denominator: {
      zh: "14—28周岁青年人口（统计日年份，各属地组织填报，取子树内最上层的填报）",
      en: "youth aged 14–28 of the area for the as-of year, entered per territorial organization (topmost entries)",
    },
    unit: "percent",
    direction: "lower",
    sector: null,
    source: "Henan plan: 团青比 kept within 30% (≤ 30%); domain.md §3",
    category: "rates",
    drillDown: "members",
    enteredData: "youth_population",
  },
  {
    id: "league_student_ratio",
    name: { zh: "团学比", en: "League-to-student ratio" },
    numerator: {
      zh: "填报了学生数的组织子树内在册团员数",
      en: "current members of the subtrees of the organizations that entered students",
    },
    denominator: {
      zh: "在校学生数（统计日所在学年，各学段各年级之和）",
      en: "students entered for the as-of date's school year, all levels and grades",
    },
    unit: "percent",
    direction: "lower",
    sector: null,
    source:
      "中学共青团改革实施方案 (团学比 by school level and grade; 毕业年级 初中 ≤ 30%, 高中 ≤ 60%); domain.md §3",
    category: "students",
    drillDown: "members",
    enteredData: "school_enrollment",
  },
  ...SCHOOL_LEVELS.map(leagueStudentRatioOfLevel),
  ...CAPPED_GRADUATING_LEVELS.map(leagueStudentRatioGraduating),
  ...COVERAGE_SECTORS.map((sector) =>
    coverageRate(
      `coverage_rate_${sector}`,
      SECTOR_LABELS[sector].zh,
      SECTOR_LABELS[sector].en.toLowerCase(),
      (FULL_COVERAGE_SECTORS as readonly Sector[]).includes(sector)
        ? "Wangcang plan task 8: 机关、事业单位、国有企业 100%建团 (≥ 100%); domain.md §1"
        : "domain.md §1: 两新组织 coverage is counted and grown",
    ),
  ),
  coverageRate(
    "coverage_rate_two_new",
    "两新组织",
    "two-new organizations (non-public enterprises and social organizations)",
    "domain.md §1: 两新组织 = non-public enterprises + social organizations, coverage counted and grown",
  ),
  {
    id: "cadres_total",
    name: { zh: "团干部数", en: "League cadres" },
    numerator: CADRES,
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source: "domain.md §6; issue 13: counted from the cadre records (open posts on the as-of date)",
    category: "cadres",
    drillDown: "members",
    enteredData: null,
  },
  ...CADRE_KINDS.map(
    ({ code, zh, en }): IndicatorDefinition => ({
      id: `cadres_${code}`,
      name: { zh: `${zh}团干部数`, en: `${en} League cadres` },
      numerator: {
        zh: `团干部性质为“${zh}”的团干部数`,
        en: `cadres whose post is ${en.toLowerCase()}`,
      },
      denominator: null,
      unit: "count",
      direction: "higher",
      sector: null,
      source: "domain.md §6 (cadre kinds: 专职, 兼职, 挂职)",
      category: "cadres",
      drillDown: "members",
      enteredData: null,
    }),
  ),
  cadreRate("cadres_party_member_rate", "团干部党员比例", "Party members among cadres", {
    zh: "政治面貌为中共党员或预备党员的团干部数",
    en: "cadres who are Party members or probationary members",
  }),
  cadreRate(
    "cadres_bachelor_or_higher_rate",
    "团干部本科及以上学历比例",
    "Cadres with a bachelor's or higher",
    {
      zh: "最高学历为本科及以上（含硕士、博士在读）的团干部数",
      en: "cadres whose highest education is a bachelor's or higher (master's or doctorate studied included)",
    },
  ),
  cadreRate("cadres_under_35_rate", "35岁以下团干部比例", "Cadres under 35", {
    zh: "统计日所在月末未满35周岁的团干部数（按出生年月）",
    en: "cadres under 35 at the end of the as-of month (by birth month)",
  }),
  {
    id: "staffing_rate",
    name: { zh: "配备率", en: "Staffing rate" },
    numerator: {
      zh: "已配备的应配职务数：各组织在任团干部按职务计，每个职务最多计应配数",
      en: "expected posts filled: each organization's open posts, each post counted up to its expected number",
    },
    denominator: {
      zh: "应配职务数：按组织类型和层级的职务标准（团县委书记1名、副书记3名；乡镇团委、团支部书记各1名）",
      en: "expected posts by the post standard of each organization's kind and level (a county committee: a secretary and 3 deputies; a township committee or branch: its secretary)",
    },
    unit: "percent",
    direction: "higher",
    sector: null,
    source:
      "Henan: 配备率 ≥ 90%; domain.md §6; post standard domain/cadre/cadre-posts.ts (Wangcang task 1, Taiyuan 2021-13, 团章)",
    category: "cadres",
    drillDown: "organizations",
    enteredData: null,
  },
  cadreRate("cadres_under_28_rate", "28周岁以下团干部比例", "Cadres aged 28 or under", {
    zh: "统计日未满29周岁的在任团干部数",
    en: "cadres in post not yet 29 on the as-of date",
  }),
  {
    ...cadreRate("cadres_from_grassroots_rate", "来自基层的团干部比例", "Cadres from the grassroots", {
      zh: "来自基层和一线的在任团干部数",
      en: "cadres in post who come from the grassroots and the front line",
    }),
    source: "Wangcang task 2 and 6 (基层和一线); domain.md §6",
    drillDown: null,
  },
  {
    ...cadreRate("cadres_trained_rate", "团干部轮训比例", "Cadres trained", {
      zh: "参加过统计日前开始的轮训的在任团干部数",
      en: "cadres in post who attended a training round started by the as-of date",
    }),
    source:
      "issue 13 part 3 (轮训: who has not yet been trained; the list: GET /organizations/{id}/untrained-cadres)",
    drillDown: null,
  },
  {
    id: "cadres_average_age",
    name: { zh: "团干部平均年龄", en: "Cadres' average age" },
    numerator: {
      zh: "在任团干部统计日周岁的平均数（保留一位小数）",
      en: "average full years of age of the cadres in post on the as-of date (one decimal)",
    },
    denominator: null,
    unit: "count",
    direction: "lower",
    sector: null,
    source: "Taiyuan 2021-13 (班子平均年龄29.7岁); domain.md §6",
    category: "cadres",
    drillDown: null,
    enteredData: null,
  },
  {
    id: "posts_empty",
    name: { zh: "空缺职务数", en: "Empty posts" },
    numerator: {
      zh: "应配未配的职务数（应配职务数 − 已配备数）",
      en: "expected posts not filled (expected − filled)",
    },
    denominator: null,
    unit: "count",
    direction: "lower",
    sector: null,
    source: "issue 13 part 1; post standard domain/cadre/cadre-posts.ts",
    category: "cadres",
    drillDown: "organizations",
    enteredData: null,
  },
  {
    id: "terms_expiring",
    name: { zh: "待换届届期数", en: "Terms due for election" },
    numerator: {
      zh: "统计日起90天内届满或已届满、尚未记录换届的届期数（代表大会、全委会、常委会）",
      en: "terms ending within 90 days of the as-of date or ended, without a recorded election",
    },
    denominator: null,
    unit: "count",
    direction: "lower",
    sector: null,
    source: "issue 13 part 2; reminder window domain TERM_REMINDER_DAYS",
    category: "cadres",
    drillDown: "organizations",
    enteredData: null,
  },
  {
    id: "cadres_grassroots_days",
    name: { zh: "团干部下基层天数", en: "Cadres' days at the grassroots" },
    numerator: {
      zh: "统计日所在年度1月1日至统计日，本级及下级记录的团干部和团代表“下基层”日志的人天数（同一人同一天计1天）",
      en: "person-days logged as 下基层 (grassroots_day) at organizations of the subtree from 1 January of the as-of date's year to the as-of date (one person, one day: 1)",
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source:
      "domain.md §6 (days spent at the grassroots; Taiyuan 2021-13: 190 days); issue 13 part 5; counting as domain countYearlyDuties",
    category: "cadres",
    drillDown: null,
    enteredData: null,
  },
];

const SEASON_TRANSFERS_NOTE =
  "counted from member_transfer by ONE indexed statement (the transfers are not in the subtree counters; docs/ARCHITECTURE.md “Fast aggregation”), season = the as-of date's year; domain transfer-rates.ts";

/** One graduation-season transfer rate (domain.md §4; issue 11 part 7). */
function transferRate(
  id: TransferRateIndicatorId,
  name: Label,
  numerator: Label,
  denominator: Label | null,
  source: string,
  unit: "percent" | "count" = "percent",
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator,
    unit,
    direction: unit === "count" ? "lower" : "higher",
    sector: null,
    source: `${source}; ${SEASON_TRANSFERS_NOTE}`,
    category: "rates",
    drillDown: null,
    enteredData: null,
  };
}

/** 学社衔接率, 升学衔接率, 转接率, on-time share and median days to complete of the season. */
const TRANSFER_RATE_INDICATORS: readonly IndicatorDefinition[] = [
  transferRate(
    "transfer_school_to_society_rate",
    { zh: "学社衔接率", en: "Graduate-to-society transfer rate" },
    { zh: "已办结学社衔接的毕业生数", en: "graduates not going on to study whose transfer was completed" },
    { zh: "学社衔接的毕业生数（就业、未就业）", en: "graduates not going on to study (employed, unplaced)" },
    "Wangcang plan task 20: 学社衔接率 ≥ 99%; Taiyuan 95.8%; domain.md §4",
  ),
  transferRate(
    "transfer_school_to_school_rate",
    { zh: "升学衔接率", en: "School-to-school transfer rate" },
    { zh: "已办结升学衔接的毕业生数", en: "graduates going on to study whose transfer was completed" },
    { zh: "升学衔接的毕业生数", en: "graduates going on to study" },
    "Taiyuan 升学衔接率 99.9%; domain.md §4",
  ),
  transferRate(
    "transfer_employer_rate",
    { zh: "转接率", en: "Transfer-to-employer rate" },
    {
      zh: "转入用人单位团组织（单位已建团）并办结的毕业生数",
      en: "graduates transferred to their employer's League organization (completed)",
    },
    { zh: "未升学的毕业团员数（学社衔接的毕业生）", en: "graduating members not going on to study" },
    "domain.md §4: 转接率 = graduates transferred to an employer's organization / graduating members not going on to study",
  ),
  transferRate(
    "transfer_on_time_share",
    { zh: "按期办结率", en: "On-time completion share" },
    {
      zh: "在毕业季办结期限（默认10月31日）前办结的毕业生数",
      en: "graduates whose transfer completed by the season's completion deadline (default 31 Oct)",
    },
    {
      zh: "已办结的毕业生数 + 期限已过仍未办结的毕业生数",
      en: "graduates completed + graduates still open after the deadline",
    },
    "domain.md §4: season deadlines initiated by 31 Aug, approved by 30 Sep, done by 31 Oct (the committee's settings apply)",
  ),
  transferRate(
    "transfer_median_days",
    { zh: "转接办结天数中位数", en: "Median days to complete a transfer" },
    {
      zh: "已办结毕业生转接自发起至办结的天数中位数",
      en: "median of the days from start to completion over completed graduate transfers",
    },
    null,
    "issue 11 part 7",
    "count",
  ),
];

/** How the Youth Home figures read the records (not counters), once for all of them. */
const YOUTH_HOME_NOTE =
  "computed from the records for the subtree as of the date (issue 14 part 6): a home counts while listed (listed_on ≤ date < delisted_on); the year runs from 1 January of the date's year to the date, China time";

function youthHomeIndicator(
  id: YouthHomeIndicatorId,
  name: Label,
  numerator: Label,
  denominator: Label | null,
  source: string,
  unit: "percent" | "count" = "count",
  category: "organizations" | "members" = "organizations",
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator,
    unit,
    direction: "higher",
    sector: null,
    source: `${source}; ${YOUTH_HOME_NOTE}`,
    category,
    drillDown: null,
    enteredData: null,
  };
}

/**
 * Youth Homes and service posts alive in the last quarter, activities held and their checked-in
 * participants, approved volunteer hours per current member, survey answers (domain.md §7 and §9).
 */
const YOUTH_HOME_INDICATORS: readonly IndicatorDefinition[] = [
  youthHomeIndicator(
    "youth_homes_active_last_quarter",
    { zh: "近一季度活跃的青年之家", en: "Youth Homes active in the last quarter" },
    {
      zh: "在列的青年之家和驿站中，统计日前三个月内举办过活动的个数",
      en: "listed Youth Homes and service posts that held an activity in the three months up to the date",
    },
    null,
    "domain.md §7: activities published, signed up for, checked in; inactive demonstration homes are de-listed",
  ),
  youthHomeIndicator(
    "youth_homes_active_share",
    { zh: "青年之家活跃率", en: "Share of Youth Homes active" },
    {
      zh: "统计日前三个月内举办过活动的青年之家和驿站数",
      en: "Youth Homes and service posts that held an activity in the three months up to the date",
    },
    { zh: "在列的青年之家和驿站数", en: "listed Youth Homes and service posts" },
    "domain.md §7 (de-listing 摘牌 of inactive demonstration homes)",
    "percent",
  ),
  youthHomeIndicator(
    "activities_held",
    { zh: "本年度开展活动数", en: "Activities held this year" },
    {
      zh: "本年度至统计日开始的活动数（不含已取消）",
      en: "activities starting this year up to the date, not cancelled",
    },
    null,
    "domain.md §9: Youth Homes and activities",
  ),
  youthHomeIndicator(
    "activity_participants",
    { zh: "本年度活动参与人次", en: "Activity participants this year" },
    {
      zh: "本年度至统计日开始的活动中已签到的报名人次",
      en: "checked-in sign-ups of the activities starting this year up to the date",
    },
    null,
    "issue 14 part 2: QR check-in; counts per home and per organization",
  ),
  youthHomeIndicator(
    "volunteer_hours_per_member",
    { zh: "团员人均志愿服务时长", en: "Volunteer hours per member" },
    {
      zh: "本年度至统计日审核通过的志愿服务时长（小时）除以在册团员数，保留一位小数",
      en: "volunteer hours approved this year up to the date, divided by current members (to 0.1 h)",
    },
    null,
    "domain.md §3: ≥ 20 volunteer hours a year (Taiyuan); issue 14 part 3",
    "count",
    "members",
  ),
  youthHomeIndicator(
    "surveys_answered",
    { zh: "本年度问卷答卷数", en: "Survey answers this year" },
    { zh: "本年度至统计日收到的问卷答卷数", en: "survey answers received this year up to the date" },
    null,
    "issue 14 part 4: youth surveys (Yangcheng surveyed 4,000 young people)",
  ),
];

const ORGANIZATIONAL_LIFE_NOTE =
  "counted from meeting records by ONE indexed statement per batch (meeting_organization_held_idx; not in the subtree counters), as of the as-of date (held on or before it); branches = 团支部 and 团总支 of the subtree as they are today; domain organizational-life-indicators.ts";

/** One organizational-life indicator (组织生活, domain.md §5; issue 12 part 8). */
function organizationalLife(
  id: OrganizationalLifeIndicatorId,
  name: Label,
  numerator: Label,
  denominator: Label | null,
  source: string,
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator,
    unit: denominator === null ? "count" : "percent",
    direction: "higher",
    sector: null,
    source: `${source}; ${ORGANIZATIONAL_LIFE_NOTE}`,
    category: "rates",
    drillDown: null,
    enteredData: null,
  };
}

/** Meetings of the quarter (in all and per branch), branches with organizational life in 3 months, 团课 hours. */
const ORGANIZATIONAL_LIFE_INDICATORS: readonly IndicatorDefinition[] = [
  organizationalLife(
    "org_life_meetings_quarter",
    { zh: "本季度组织生活次数", en: "Meetings this quarter" },
    {
      zh: "本季度（截至统计日）各支部召开的会议、团课、主题团日次数",
      en: "meetings, classes and theme days held by the branches in the quarter up to the as-of date",
    },
    null,
    "domain.md §5 三会两制一课; issue 12 part 8",
  ),
  organizationalLife(
    "org_life_meetings_per_branch_quarter",
    { zh: "支部季均组织生活次数", en: "Meetings per branch this quarter" },
    {
      zh: "本季度组织生活次数 ÷ 支部数（保留一位小数）",
      en: "meetings this quarter divided by the number of branches (one decimal)",
    },
    null,
    "issue 12 part 8: meetings per branch per quarter",
  ),
  organizationalLife(
    "org_life_active_branch_rate",
    { zh: "组织生活开展率", en: "Branches with organizational life (3 months)" },
    {
      zh: "近3个月内召开过至少一次组织生活的支部数",
      en: "branches that held at least one meeting in the last 3 months",
    },
    { zh: "支部数（团支部、团总支）", en: "branches (团支部, 团总支)" },
    "issue 12 part 8: share of branches with organizational life in the last 3 months",
  ),
  organizationalLife(
    "org_life_league_class_hours",
    { zh: "本年团课学时（人·学时）", en: "League-class hours this year (person-hours)" },
    {
      zh: "本年各次团课的学时 × 出席人数之和",
      en: "sum over this year's League classes of class hours × members present",
    },
    null,
    "issue 12 part 1: 团课 hours per attendee, feeding the development points scheme",
  ),
];

const DUES_AND_RATING_NOTE =
  "counted from dues_payment and star_rating by ONE indexed statement per batch (not in the subtree counters); dues: current members, January of the as-of date's year to its month, from the month each joined; ratings: the as-of date's year; domain dues-schedule.ts, star-rating.ts";

/** One dues or star-rating indicator (团费, 评星定级; issue 12 part 8). */
function duesAndRating(
  id: DuesAndRatingIndicatorId,
  name: Label,
  numerator: Label,
  denominator: Label | null,
  source: string,
  direction: "higher" | "lower",
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator,
    unit: denominator === null ? "count" : "percent",
    direction,
    sector: null,
    source: `${source}; ${DUES_AND_RATING_NOTE}`,
    category: "rates",
    drillDown: null,
    enteredData: null,
  };
}

/** 团费收缴率 and the star distribution (五星级占比, 软弱涣散支部数). */
const DUES_AND_RATING_INDICATORS: readonly IndicatorDefinition[] = [
  duesAndRating(
    "dues_collection_rate",
    { zh: "团费收缴率", en: "Dues collection rate" },
    { zh: "已缴团费的人·月数", en: "member-months paid" },
    { zh: "应缴团费的人·月数", en: "member-months due" },
    "domain.md §5 团费; issue 12 part 8: dues collection rate",
    "higher",
  ),
  duesAndRating(
    "star_five_star_share",
    { zh: "五星级团支部占比", en: "Five-star branches" },
    { zh: "评定为五星级的支部数", en: "branches rated five stars" },
    { zh: "已定级的支部数（不含免评）", en: "branches rated (exempt excluded)" },
    "issue 12 part 6: ≤ 20% five-star per committee; part 8: star distribution",
    "higher",
  ),
  duesAndRating(
    "star_weak_branch_count",
    { zh: "软弱涣散团支部数", en: "Branches under rectification (软弱涣散)" },
    { zh: "评分低于60分、未定星级的支部数", en: "branches scored under 60 (unrated, under rectification)" },
    null,
    "issue 12 part 6: < 60 unrated and put under rectification; part 8: star distribution",
    "lower",
  ),
];

const PARTY_RECOMMENDATION_NOTE =
  "counted from party_recommendation by ONE indexed statement per batch (not in the subtree counters): approved recommendations (state recommended) by the recommendation date and the member's current branch; ages in full years on the as-of date (domain party-recommendation.ts)";

/** One recommendation-to-the-Party indicator (推优入党; issue 12 parts 5 and 8). */
function partyRecommendation(
  id: PartyRecommendationIndicatorId,
  name: Label,
  numerator: Label,
  denominator: Label | null,
  source: string,
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator,
    unit: denominator === null ? "count" : "percent",
    direction: "higher",
    sector: null,
    source: `${source}; ${PARTY_RECOMMENDATION_NOTE}`,
    category: "rates",
    drillDown: null,
    enteredData: null,
  };
}

/** 推优入党人数 (this year) and the share of members aged 18–28 holding a recommendation. */
const PARTY_RECOMMENDATION_INDICATORS: readonly IndicatorDefinition[] = [
  partyRecommendation(
    "party_recommendations",
    { zh: "推优入党人数（本年）", en: "Members recommended to the Party this year" },
    {
      zh: "本年1月1日至统计日经上级团委审核同意的推优人数",
      en: "recommendations approved by the committee, dated 1 January to the as-of date",
    },
    null,
    "domain.md §5 推优入党; issue 12 part 8: recommendations",
  ),
  partyRecommendation(
    "party_recommendation_share",
    { zh: "18—28岁团员推优占比", en: "Members aged 18–28 recommended to the Party" },
    {
      zh: "18—28周岁团员中持有有效推优（有效期内或已被党组织确定为积极分子及以后）的人数",
      en: "members aged 18–28 holding a recommendation (still valid, or taken up by the Party)",
    },
    { zh: "18—28周岁团员数", en: "members aged 18–28" },
    "domain.md §5 推优入党 (members aged 18–28, valid 2 years); issue 12 part 8",
  ),
];

const ANNUAL_CYCLE_NOTE =
  "counted by ONE indexed statement per batch (not in the subtree counters) over the latest campaign of the kind (largest year opened by the as-of date) at, above or under the subtree: registration from member_registration and the current members under the campaign and the subtree; the review from branch_education_review (created for every branch when the campaign opens) and member_review_grade of approved reviews";

/** One figure of the annual cycle (团籍注册, 团员教育评议; issue 12 part 8), a percent. */
function annualCycle(
  id: AnnualCycleIndicatorId,
  name: Label,
  numerator: Label,
  denominator: Label,
  source: string,
  direction: "higher" | "lower",
): IndicatorDefinition {
  return {
    id,
    name,
    numerator,
    denominator,
    unit: "percent",
    direction,
    sector: null,
    source: `${source}; ${ANNUAL_CYCLE_NOTE}`,
    category: "rates",
    drillDown: null,
    enteredData: null,
  };
}

const GRADED = { zh: "已批准评议中评定等次的团员数", en: "members graded in approved reviews" };

/** 团籍注册率, 教育评议完成率 and the grade distribution (优秀 / 合格 / 基本合格 / 不合格). */
const ANNUAL_CYCLE_INDICATORS: readonly IndicatorDefinition[] = [
  annualCycle(
    "registration_rate",
    { zh: "团籍注册率", en: "Registration rate" },
    { zh: "最近一次团籍注册中已注册的团员数", en: "members registered in the latest registration campaign" },
    {
      zh: "该次注册范围内的在册团员数（应注册）",
      en: "current members under that campaign (due to register)",
    },
    "domain.md §5 团员年度团籍注册; issue 12 part 8: registration rate",
    "higher",
  ),
  annualCycle(
    "review_completion_rate",
    { zh: "教育评议完成率", en: "Education review completion" },
    { zh: "最近一次教育评议中上级已批准评议的支部数", en: "branches whose review the committee approved" },
    { zh: "参加该次评议的支部数", en: "branches in the campaign" },
    "domain.md §5 团员教育评议; issue 12 part 8: review completion",
    "higher",
  ),
  annualCycle(
    "review_grade_excellent_share",
    { zh: "评议优秀占比", en: "Review grade 优秀 (excellent)" },
    { zh: "评为优秀的团员数", en: "members graded 优秀" },
    GRADED,
    "domain.md §5: 优秀 at most 30% of a branch; issue 12 part 8: grade distribution",
    "higher",
  ),
  annualCycle(
    "review_grade_qualified_share",
    { zh: "评议合格占比", en: "Review grade 合格 (qualified)" },
    { zh: "评为合格的团员数", en: "members graded 合格" },
    GRADED,
    "domain.md §5; issue 12 part 8: grade distribution",
    "higher",
  ),
  annualCycle(
    "review_grade_basically_qualified_share",
    { zh: "评议基本合格占比", en: "Review grade 基本合格 (basically qualified)" },
    { zh: "评为基本合格的团员数", en: "members graded 基本合格" },
    GRADED,
    "domain.md §5; issue 12 part 8: grade distribution",
    "lower",
  ),
  annualCycle(
    "review_grade_unqualified_share",
    { zh: "评议不合格占比", en: "Review grade 不合格 (unqualified)" },
    { zh: "评为不合格的团员数", en: "members graded 不合格" },
    GRADED,
    "domain.md §5: 不合格 members are not registered; issue 12 part 8: grade distribution",
    "lower",
  ),
];

/**
 * Every indicator of the catalog, in display order: entry rate, completeness rate, members,
 * organizations, members and organizations per sector (in {@link SECTORS} order), members by status,
 * sex, age band, occupation, education and ethnicity, then rates, students and cadres.
 * To add one: extend {@link IndicatorId}, add its definition here, and its computation on the server
 * (CONTRIBUTING.md "Add an indicator").
 */
export const INDICATORS: readonly IndicatorDefinition[] = [
  ...BASE_INDICATORS,
  ...SECTORS.map(membersOfSector),
  ...SECTORS.map(organizationsOfSector),
  ...MEMBER_DIMENSION_INDICATORS,
  ...RATE_INDICATORS,
  ...YOUTH_HOME_INDICATORS,
  ...ORGANIZATIONAL_LIFE_INDICATORS,
  ...DUES_AND_RATING_INDICATORS,
  ...PARTY_RECOMMENDATION_INDICATORS,
  ...ANNUAL_CYCLE_INDICATORS,
  ...TRANSFER_RATE_INDICATORS,
];

const BY_ID: ReadonlyMap<string, IndicatorDefinition> = new Map(
  INDICATORS.map((indicator) => [indicator.id, indicator]),
);

/** Every indicator id, in catalog order. */
export const INDICATOR_IDS: readonly IndicatorId[] = INDICATORS.map((indicator) => indicator.id);

/** Whether `value` is the id of an indicator of the catalog (type guard, for text from a request or the database). */
export function isIndicatorId(value: string): value is IndicatorId {
  return BY_ID.has(value);
}

/** The definition of indicator `id`, or undefined when the catalog has none. */
export function findIndicator(id: string): IndicatorDefinition | undefined {
  return BY_ID.get(id);
}

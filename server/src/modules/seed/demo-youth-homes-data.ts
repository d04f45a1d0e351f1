import type { Random, SurveyAnswers, SurveyQuestionInput } from "@tuanwu/domain";

/**
 * Pure data of the demo's Youth Homes part (demo-youth-homes.ts): the homes' specs, activity titles,
 * young people's names and phones, and the county's youth survey with its answer sheets — deterministic
 * from a seeded random, so the demo shows the same figures every time it is seeded on the same day.
 */

/** How lively a demo home is: its activities in the last five months, and before. */
export type DemoLiveliness = "lively" | "moderate" | "inactive" | "delisted";

/** One demo home or service post; `place` says where in the tree (a township by index, or the county). */
export interface DemoHomeSpec {
  key: string;
  place: { township: number } | "county" | "donghe";
  kind: "youth_home" | "student_return_station" | "talent_station";
  name: (placeName: string) => string;
  operator: string;
  isDemonstration: boolean;
  standard: [venue: boolean, projects: boolean, team: boolean, rules: boolean, sign: boolean];
  subsidyYuanPerYear: string | null;
  /** Years before today it was listed (挂牌). */
  listedYearsAgo: number;
  liveliness: DemoLiveliness;
  /** Person-times a month (services counted), before seasonal noise. */
  monthlyPersonTimes: number;
}

/**
 * The demo's seven positions: 东河镇's lively demonstration home (the demo township's), two more lively
 * or moderate township homes, one demonstration home without activity for eight months (due for
 * 摘牌, domain.md §7), one de-listed last year, the county's 学子归巢工作站 (subsidy 10,000 yuan a year,
 * Taiyuan's 9,000–11,000) and 青年人才驿站 (services in person-times).
 */
export const DEMO_HOME_SPECS: readonly DemoHomeSpec[] = [
  {
    key: "donghe",
    place: "donghe",
    kind: "youth_home",
    name: (place) => `${place}青年之家`,
    operator: "东河镇团委",
    isDemonstration: true,
    standard: [true, true, true, true, true],
    subsidyYuanPerYear: "20000.00",
    listedYearsAgo: 2,
    liveliness: "lively",
    monthlyPersonTimes: 260,
  },
  {
    key: "township-a",
    place: { township: 1 },
    kind: "youth_home",
    name: (place) => `${place}青年之家`,
    operator: "镇团委、镇综合文化站",
    isDemonstration: false,
    standard: [true, true, true, true, false],
    subsidyYuanPerYear: "8000.00",
    listedYearsAgo: 1,
    liveliness: "lively",
    monthlyPersonTimes: 140,
  },
  {
    key: "township-b",
    place: { township: 2 },
    kind: "youth_home",
    name: (place) => `${place}青年之家`,
    operator: "镇团委",
    isDemonstration: false,
    standard: [true, true, false, true, true],
    subsidyYuanPerYear: null,
    listedYearsAgo: 1,
    liveliness: "moderate",
    monthlyPersonTimes: 60,
  },
  {
    key: "inactive-demonstration",
    place: { township: 3 },
    kind: "youth_home",
    name: (place) => `${place}青年之家（示范点）`,
    operator: "镇团委",
    isDemonstration: true,
    standard: [true, false, false, true, true],
    subsidyYuanPerYear: "15000.00",
    listedYearsAgo: 3,
    liveliness: "inactive",
    monthlyPersonTimes: 0,
  },
  {
    key: "delisted",
    place: { township: 4 },
    kind: "youth_home",
    name: (place) => `${place}青年之家`,
    operator: "镇团委",
    isDemonstration: false,
    standard: [false, false, false, true, true],
    subsidyYuanPerYear: null,
    listedYearsAgo: 4,
    liveliness: "delisted",
    monthlyPersonTimes: 0,
  },
  {
    key: "student-return",
    place: "county",
    kind: "student_return_station",
    name: (place) => `${place}学子归巢工作站`,
    operator: "县团委、县教育局",
    isDemonstration: false,
    standard: [true, true, true, true, true],
    subsidyYuanPerYear: "10000.00",
    listedYearsAgo: 1,
    liveliness: "lively",
    monthlyPersonTimes: 90,
  },
  {
    key: "talent-station",
    place: "county",
    kind: "talent_station",
    name: (place) => `${place}青年人才驿站`,
    operator: "县团委、县人社局",
    isDemonstration: false,
    standard: [true, true, true, false, true],
    subsidyYuanPerYear: "12000.00",
    listedYearsAgo: 1,
    liveliness: "moderate",
    monthlyPersonTimes: 180,
  },
];

export const DEMO_ACTIVITY_TITLES: readonly string[] = [
  "青年电商直播技能培训",
  "“青春献礼”主题读书会",
  "返乡大学生座谈会",
  "青年创业项目路演",
  "心理健康讲座：与压力和解",
  "青年篮球友谊赛",
  "非遗剪纸体验课",
  "青年联谊交友活动",
  "“清洁家园”志愿服务",
  "求职简历与面试辅导",
  "反诈宣传进社区",
  "青年农技培训：茶叶种植",
];

export const DEMO_RATING_COMMENTS: readonly string[] = [
  "内容很实用，希望多办",
  "老师讲得很好",
  "时间安排可以再早一点",
  "认识了很多新朋友",
  "场地有点小",
  "下次还来",
];

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN =
  "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬浩宇轩然子涵欣怡梓萱佳琪";

/** A young person's name from the seeded random. */
export function demoYouthName(random: Random): string {
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)] ?? "王";
  const length = random() < 0.7 ? 2 : 1;
  let given = "";
  for (let index = 0; index < length; index += 1) given += GIVEN[Math.floor(random() * GIVEN.length)] ?? "明";
  return surname + given;
}

/** The n-th demo phone (distinct for distinct n): 11 digits starting 13, 15 or 18. */
export function demoPhone(n: number): string {
  const prefixes = ["139", "158", "186", "135", "187"];
  const prefix = prefixes[n % prefixes.length] ?? "139";
  return `${prefix}${String(10_000_000 + ((n * 7_919) % 89_999_999)).padStart(8, "0")}`;
}

/** The county's youth survey (cf. Yangcheng's survey of 4,000 young people): six questions of every kind. */
export const DEMO_SURVEY_QUESTIONS: SurveyQuestionInput[] = [
  {
    id: "age",
    kind: "single_choice",
    title: "您的年龄段",
    required: true,
    options: [
      { id: "a14", label: "14–18岁" },
      { id: "a19", label: "19–24岁" },
      { id: "a25", label: "25–30岁" },
      { id: "a31", label: "31–35岁" },
    ],
  },
  {
    id: "identity",
    kind: "single_choice",
    title: "您目前的身份",
    required: true,
    options: [
      { id: "student", label: "在校学生" },
      { id: "employee", label: "企业职工" },
      { id: "public", label: "机关事业单位" },
      { id: "flexible", label: "自由职业或灵活就业" },
      { id: "seeking", label: "待业" },
    ],
  },
  {
    id: "needs",
    kind: "multiple_choice",
    title: "您最希望青年之家提供哪些服务（至多选三项）",
    required: true,
    maxSelections: 3,
    options: [
      { id: "skills", label: "技能培训" },
      { id: "jobs", label: "就业创业" },
      { id: "dating", label: "婚恋交友" },
      { id: "sports", label: "文体活动" },
      { id: "mental", label: "心理健康" },
      { id: "volunteer", label: "志愿服务" },
    ],
  },
  {
    id: "attended",
    kind: "single_choice",
    title: "您是否参加过青年之家的活动",
    required: true,
    options: [
      { id: "yes", label: "参加过" },
      { id: "no", label: "没参加过" },
      { id: "unknown", label: "没听说过青年之家" },
    ],
  },
  {
    id: "satisfaction",
    kind: "scale",
    title: "您对本地共青团青年工作的满意度",
    required: true,
    min: 1,
    max: 5,
    minLabel: "很不满意",
    maxLabel: "很满意",
  },
  { id: "advice", kind: "text", title: "您对青年之家的意见和建议", required: false, maxLength: 500 },
];

const ADVICE = ["希望周末多开放", "多办就业招聘会", "希望有自习室", "活动通知可以早一点发", "增加线上活动"];

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/**
 * `count` answer sheets of {@link DEMO_SURVEY_QUESTIONS}, with some structure for the cross-tab: the
 * young are mostly students, those who attended a Youth Home are more satisfied, one in six writes advice.
 */
export function demoSurveyAnswers(random: Random, count: number): SurveyAnswers[] {
  const sheets: SurveyAnswers[] = [];
  for (let index = 0; index < count; index += 1) {
    const age = pick(random, ["a14", "a19", "a19", "a25", "a25", "a31"]);
    const identity =
      age === "a14"
        ? "student"
        : age === "a19"
          ? pick(random, ["student", "student", "employee", "flexible", "seeking"])
          : pick(random, ["employee", "employee", "public", "flexible", "seeking"]);
    const attended = pick(random, ["yes", "yes", "no", "no", "unknown"]);
    const needs = ["skills", "jobs", "dating", "sports", "mental", "volunteer"].filter(
      (need) =>
        random() <
        (need === "jobs" && identity === "seeking" ? 0.9 : need === "dating" && age !== "a14" ? 0.5 : 0.3),
    );
    const base = attended === "yes" ? 4 : attended === "no" ? 3 : 2.6;
    const satisfaction = Math.max(1, Math.min(5, Math.round(base + (random() - 0.5) * 2.2)));
    const sheet: Record<string, string | string[] | number> = {
      age,
      identity,
      needs: (needs.length === 0 ? ["sports"] : needs).slice(0, 3),
      attended,
      satisfaction,
    };
    if (random() < 1 / 6) sheet.advice = pick(random, ADVICE);
    sheets.push(sheet);
  }
  return sheets;
}

/** The demo's draft survey: what a county prepares next. */
export const DEMO_DRAFT_SURVEY_QUESTIONS: SurveyQuestionInput[] = [
  {
    id: "status",
    kind: "single_choice",
    title: "您的婚恋状况",
    required: true,
    options: [
      { id: "single", label: "单身" },
      { id: "dating", label: "恋爱中" },
      { id: "married", label: "已婚" },
    ],
  },
  {
    id: "wish",
    kind: "multiple_choice",
    title: "您希望参加哪类交友活动",
    required: false,
    options: [
      { id: "outdoor", label: "户外徒步" },
      { id: "sports", label: "体育运动" },
      { id: "reading", label: "读书沙龙" },
    ],
  },
];

import { z } from "zod";
import type { Label } from "../dictionaries/dictionary";
import { textSchema } from "../field-schemas";
import type { GuardFailure } from "../workflow/workflow";

/**
 * Prerequisites and points of member development (积分入团, 评议入团; domain.md §3, issue 10 part 3). A
 * county keeps its points scheme as data: items, points per unit, caps, the threshold and which items
 * are required with a minimum. Each item reads one **source** of records; the server resolves a source
 * for an applicant and a year, so hours that organizational life (团课) or volunteer work record later
 * feed the same items without changing the development workflow.
 * Sources: Taiyuan bulletin 2021-13 (思政课 ≥ 8 class hours, 团课 ≥ 8 hours, ≥ 20 volunteer hours a year,
 * 青年大学习, extracurricular activities); Wangcang plan task 15.
 */
export const PREREQUISITE_SOURCES = [
  "league_class_hours",
  "ideological_course_hours",
  "ideological_course_grade",
  "volunteer_hours_in_year",
  "youth_study_sessions",
  "activities",
  "peer_review_grade",
] as const;

/** A source of {@link PREREQUISITE_SOURCES}. */
export type PrerequisiteSource = (typeof PREREQUISITE_SOURCES)[number];

/** What a source counts and its labels: units are hours, sessions or a grade on a 0–4 scale. */
export const PREREQUISITE_SOURCE_LABELS: Readonly<Record<PrerequisiteSource, Label & { unit: Label }>> = {
  league_class_hours: { zh: "团课学时", en: "League class hours", unit: { zh: "学时", en: "hours" } },
  ideological_course_hours: {
    zh: "思政课学时",
    en: "Ideological course hours",
    unit: { zh: "学时", en: "hours" },
  },
  ideological_course_grade: {
    zh: "思政课成绩（0–4级）",
    en: "Ideological course grade (0–4)",
    unit: { zh: "级", en: "grade" },
  },
  volunteer_hours_in_year: {
    zh: "本年度志愿服务时长",
    en: "Volunteer hours this year",
    unit: { zh: "小时", en: "hours" },
  },
  youth_study_sessions: { zh: "青年大学习", en: "Youth study sessions", unit: { zh: "期", en: "sessions" } },
  activities: { zh: "课外实践活动", en: "Extracurricular activities", unit: { zh: "次", en: "times" } },
  peer_review_grade: {
    zh: "民主评议结果（0–4级）",
    en: "Peer review result (0–4)",
    unit: { zh: "级", en: "grade" },
  },
};

/** One item of a points scheme. */
export interface PointsItem {
  /** Stable code within the scheme, e.g. "league_class". */
  code: string;
  label: Label;
  source: PrerequisiteSource;
  /** Points per unit of the source (e.g. 1 point per 团课 hour). */
  pointsPerUnit: number;
  /** Most points the item gives; null: no cap. */
  cap: number | null;
  /** The least units an applicant must have (a required item); null: optional. */
  requiredMinimum: number | null;
}

/** A county's points scheme (积分方案). */
export interface PointsScheme {
  items: readonly PointsItem[];
  /** Total points needed to be named a development target. */
  threshold: number;
}

/**
 * The scheme domain.md §3 names, as the demo county's default: 团课 ≥ 8 hours, 思政课 ≥ 8 hours graded at
 * least 3 of 4 (良好), ≥ 20 volunteer hours in the year, 青年大学习 and activities for points, peer review
 * for points; threshold 60.
 */
export const DEFAULT_POINTS_SCHEME: PointsScheme = {
  threshold: 60,
  items: [
    {
      code: "league_class",
      label: { zh: "团课", en: "League class" },
      source: "league_class_hours",
      pointsPerUnit: 2,
      cap: 20,
      requiredMinimum: 8,
    },
    {
      code: "ideological_course",
      label: { zh: "思政课", en: "Ideological course" },
      source: "ideological_course_hours",
      pointsPerUnit: 1,
      cap: 10,
      requiredMinimum: 8,
    },
    {
      code: "ideological_grade",
      label: { zh: "思政课成绩", en: "Ideological course grade" },
      source: "ideological_course_grade",
      pointsPerUnit: 5,
      cap: 20,
      requiredMinimum: 3,
    },
    {
      code: "volunteer",
      label: { zh: "志愿服务", en: "Volunteer service" },
      source: "volunteer_hours_in_year",
      pointsPerUnit: 1,
      cap: 30,
      requiredMinimum: 20,
    },
    {
      code: "youth_study",
      label: { zh: "青年大学习", en: "Youth study" },
      source: "youth_study_sessions",
      pointsPerUnit: 1,
      cap: 10,
      requiredMinimum: null,
    },
    {
      code: "activities",
      label: { zh: "课外实践活动", en: "Activities" },
      source: "activities",
      pointsPerUnit: 2,
      cap: 10,
      requiredMinimum: null,
    },
    {
      code: "peer_review",
      label: { zh: "民主评议", en: "Peer review" },
      source: "peer_review_grade",
      pointsPerUnit: 5,
      cap: 20,
      requiredMinimum: null,
    },
  ],
};

const pointsItemSchema = z.object({
  code: z
    .string({ error: "积分项目编码：必填" })
    .regex(/^[a-z][a-z0-9_]{0,39}$/, { error: "积分项目编码：应为小写字母、数字和下划线，以字母开头" }),
  label: z.object({ zh: textSchema("积分项目名称", 40), en: textSchema("积分项目英文名称", 80) }),
  source: z.enum(PREREQUISITE_SOURCES, { error: "积分项目来源：无效的取值" }),
  pointsPerUnit: z.number({ error: "每单位分值：应为数字" }).positive({ error: "每单位分值：应大于0" }),
  cap: z.number({ error: "分值上限：应为数字" }).positive({ error: "分值上限：应大于0" }).nullable(),
  requiredMinimum: z
    .number({ error: "必备最低值：应为数字" })
    .positive({ error: "必备最低值：应大于0" })
    .nullable(),
});

/**
 * A points scheme as a county enters it: 1–30 items with unique codes, a threshold > 0 that the items'
 * capped points can reach. Messages name the field (items.N.field for an item).
 */
export const pointsSchemeSchema = z
  .object({
    items: z
      .array(pointsItemSchema)
      .min(1, { error: "积分项目：至少一项" })
      .max(30, { error: "积分项目：至多30项" }),
    threshold: z.number({ error: "达标分数：应为数字" }).positive({ error: "达标分数：应大于0" }),
  })
  .superRefine((scheme, context) => {
    const seen = new Set<string>();
    scheme.items.forEach((item, index) => {
      if (seen.has(item.code)) {
        context.addIssue({
          code: "custom",
          path: ["items", index, "code"],
          message: `积分项目编码：${item.code}重复`,
        });
      }
      seen.add(item.code);
    });
    const reachable = scheme.items.every((item) => item.cap !== null)
      ? scheme.items.reduce((sum, item) => sum + (item.cap ?? 0), 0)
      : Number.POSITIVE_INFINITY;
    if (scheme.threshold > reachable) {
      context.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `达标分数：${scheme.threshold}分高于各项上限之和${reachable}分，无人能达标`,
      });
    }
  });

/** One applicant's units per source (hours, sessions, grade), as the server resolved them; absent = 0. */
export type PrerequisiteRecord = Readonly<Partial<Record<PrerequisiteSource, number>>>;

/** One item of a {@link PointsResult}. */
export interface ItemPoints {
  code: string;
  units: number;
  points: number;
  /** Required and below its minimum. */
  missing: boolean;
}

/** An applicant's standing against a scheme. */
export interface PointsResult {
  /** Sum of the items' capped points, rounded to 0.1. */
  total: number;
  items: ItemPoints[];
  meetsThreshold: boolean;
  /** Every unmet condition — each required item below its minimum, and the threshold — at once. */
  missing: GuardFailure[];
}

/**
 * Score an applicant (积分) and list what is missing: an item gives units × pointsPerUnit, at most its
 * cap; a required item below its minimum is missing ("团课：已有6学时，至少需要8学时"); a total below the
 * threshold is missing too ("积分：已得52分，至少需要60分").
 */
export function scoreApplicant(scheme: PointsScheme, record: PrerequisiteRecord): PointsResult {
  const items = scheme.items.map((item): ItemPoints => {
    const units = Math.max(0, record[item.source] ?? 0);
    const raw = units * item.pointsPerUnit;
    const points = item.cap === null ? raw : Math.min(raw, item.cap);
    const missing = item.requiredMinimum !== null && units < item.requiredMinimum;
    return { code: item.code, units, points, missing };
  });
  const total = Math.round(items.reduce((sum, item) => sum + item.points, 0) * 10) / 10;
  const missing: GuardFailure[] = [];
  items.forEach((result, index) => {
    const item = scheme.items[index];
    if (item === undefined || !result.missing) return;
    const unit = PREREQUISITE_SOURCE_LABELS[item.source].unit.zh;
    missing.push({
      code: "prerequisite_missing",
      field: item.code,
      message: `${item.label.zh}：已有${result.units}${unit}，至少需要${item.requiredMinimum}${unit}`,
    });
  });
  const meetsThreshold = total >= scheme.threshold;
  if (!meetsThreshold) {
    missing.push({
      code: "points_below_threshold",
      field: "points",
      message: `积分：已得${total}分，至少需要${scheme.threshold}分`,
    });
  }
  return { total, items, meetsThreshold, missing };
}

/**
 * Rank candidates by points, highest first, ties by earlier application date then id (the branch's
 * ranked list, issue 10 part 3).
 */
export function rankByPoints<T extends { id: number; applicationDate: string; points: number }>(
  candidates: readonly T[],
): T[] {
  return [...candidates].sort(
    (a, b) =>
      b.points - a.points ||
      (a.applicationDate < b.applicationDate ? -1 : a.applicationDate > b.applicationDate ? 1 : 0) ||
      a.id - b.id,
  );
}

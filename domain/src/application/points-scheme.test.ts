import { describe, expect, it } from "vitest";
import { DEFAULT_POINTS_SCHEME, pointsSchemeSchema, rankByPoints, scoreApplicant } from "./points-scheme";

describe("scoreApplicant with the default scheme", () => {
  it("scores items with caps and meets the threshold", () => {
    const result = scoreApplicant(DEFAULT_POINTS_SCHEME, {
      league_class_hours: 12, // 24 → cap 20
      ideological_course_hours: 8, // 8
      ideological_course_grade: 4, // 20
      volunteer_hours_in_year: 24, // 24
      youth_study_sessions: 3, // 3
    });
    expect(result.items.map((item) => [item.code, item.points])).toEqual([
      ["league_class", 20],
      ["ideological_course", 8],
      ["ideological_grade", 20],
      ["volunteer", 24],
      ["youth_study", 3],
      ["activities", 0],
      ["peer_review", 0],
    ]);
    expect(result.total).toBe(75);
    expect(result.meetsThreshold).toBe(true);
    expect(result.missing).toEqual([]);
  });

  it("lists every missing required item and the threshold at once", () => {
    const result = scoreApplicant(DEFAULT_POINTS_SCHEME, {
      league_class_hours: 6,
      volunteer_hours_in_year: 20,
    });
    expect(result.missing).toEqual([
      { code: "prerequisite_missing", field: "league_class", message: "团课：已有6学时，至少需要8学时" },
      {
        code: "prerequisite_missing",
        field: "ideological_course",
        message: "思政课：已有0学时，至少需要8学时",
      },
      {
        code: "prerequisite_missing",
        field: "ideological_grade",
        message: "思政课成绩：已有0级，至少需要3级",
      },
      { code: "points_below_threshold", field: "points", message: "积分：已得32分，至少需要60分" },
    ]);
  });

  it("treats negative units as none", () => {
    expect(
      scoreApplicant(DEFAULT_POINTS_SCHEME, { activities: -5 }).items.find((i) => i.code === "activities"),
    ).toEqual({ code: "activities", units: 0, points: 0, missing: false });
  });
});

describe("pointsSchemeSchema", () => {
  it("accepts the default scheme", () => {
    expect(pointsSchemeSchema.safeParse(DEFAULT_POINTS_SCHEME).success).toBe(true);
  });

  it.each([
    [
      { ...DEFAULT_POINTS_SCHEME, threshold: 500 },
      "threshold",
      "达标分数：500分高于各项上限之和120分，无人能达标",
    ],
    [{ ...DEFAULT_POINTS_SCHEME, threshold: 0 }, "threshold", "达标分数：应大于0"],
    [{ items: [], threshold: 10 }, "items", "积分项目：至少一项"],
    [
      { ...DEFAULT_POINTS_SCHEME, items: [DEFAULT_POINTS_SCHEME.items[0], DEFAULT_POINTS_SCHEME.items[0]] },
      "items.1.code",
      "积分项目编码：league_class重复",
    ],
    [
      { ...DEFAULT_POINTS_SCHEME, items: [{ ...DEFAULT_POINTS_SCHEME.items[0], source: "dancing" }] },
      "items.0.source",
      "积分项目来源：无效的取值",
    ],
  ])("refuses a bad scheme naming %s", (scheme, path, message) => {
    const result = pointsSchemeSchema.safeParse(scheme);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toContainEqual([
      path,
      message,
    ]);
  });
});

describe("rankByPoints", () => {
  it("orders by points, then application date, then id", () => {
    const ranked = rankByPoints([
      { id: 3, applicationDate: "2026-03-01", points: 70 },
      { id: 1, applicationDate: "2026-04-01", points: 80 },
      { id: 2, applicationDate: "2026-02-01", points: 70 },
      { id: 4, applicationDate: "2026-02-01", points: 70 },
    ]);
    expect(ranked.map((candidate) => candidate.id)).toEqual([1, 2, 4, 3]);
  });
});

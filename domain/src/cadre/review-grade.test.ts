import { describe, expect, it } from "vitest";
import { gradeOfMean, REVIEW_GRADES, reviewGradeLabel } from "./review-grade";
import { partyDepartmentOf, reviewLetterLines, reviewLetterNumber } from "./review-letter";

/** Grades 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, 差 < 60 (percent of the scale; source in review-grade.ts). */
describe("gradeOfMean", () => {
  it.each([
    [100, 100, "好"],
    [90, 100, "好"],
    [89.99, 100, "较好"],
    [80, 100, "较好"],
    [79.99, 100, "一般"],
    [60, 100, "一般"],
    [59.99, 100, "差"],
    [0, 100, "差"],
    [9, 10, "好"],
    [8.99, 10, "较好"],
  ])("mean %d of %i → %s", (mean, scale, label) => {
    const grade = gradeOfMean(mean, scale);
    expect(grade).not.toBeNull();
    expect(reviewGradeLabel(grade as never)).toBe(label);
  });

  it("has no grade without a mean", () => expect(gradeOfMean(null, 100)).toBeNull());
  it("lists the grades best first", () =>
    expect(REVIEW_GRADES.map((grade) => grade.minimumPercent)).toEqual([90, 80, 60, 0]));
});

describe("result letter", () => {
  it.each([
    ["共青团旺苍县委员会", "中共旺苍县委组织部"],
    ["共青团东河镇委员会", "中共东河镇委组织部"],
    ["某某团工委", "党委组织部"],
  ])("%s → addressed to %s", (committee, department) => {
    expect(partyDepartmentOf(committee)).toBe(department);
  });

  it("numbers the letter by year, session and sequence and states average, scale, grade, count", () => {
    expect(reviewLetterNumber(2026, 12, 3)).toBe("2026-000012-03");
    const lines = reviewLetterLines({
      letterNumber: "2026-000012-03",
      committeeName: "共青团旺苍县委员会",
      year: 2026,
      sessionTitle: "2026年度基层团组织书记述职评议",
      reporterName: "张三",
      reporterPost: "东河镇团委书记",
      average: 91.5,
      scaleMax: 100,
      grade: "excellent",
      scoredBy: 48,
      issuedOn: "2026年12月6日",
    });
    expect(lines.addressee).toBe("中共旺苍县委组织部：");
    const text = [lines.title, lines.number, ...lines.body, ...lines.closing].join("\n");
    for (const part of [
      "2026-000012-03",
      "东河镇团委书记张三",
      "48名",
      "91.50分",
      "满分100分",
      "“好”",
      "2026年12月6日",
    ]) {
      expect(text).toContain(part);
    }
  });
});

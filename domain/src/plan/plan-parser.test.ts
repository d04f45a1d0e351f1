import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan } from "./plan-parser";

/** The Wangcang plan (旺苍县, 2022), copied from ../shared/seeds; see fixtures/README.md. */
const wangcang = readFileSync(new URL("./fixtures/wangcang-reform-plan.txt", import.meta.url), "utf8");

describe("parsePlan on the Wangcang plan", () => {
  const plan = parsePlan(wangcang);

  it("reads the title", () => {
    expect(plan.title).toBe("旺苍县县域共青团基层组织改革实施方案");
  });

  it("finds 26 tasks numbered 1–26, each with units, a lead unit and a deadline", () => {
    expect(plan.tasks.map((task) => task.number)).toEqual(
      Array.from({ length: 26 }, (_, index) => index + 1),
    );
    for (const task of plan.tasks) {
      expect(task.units.length).toBeGreaterThan(0);
      expect(task.leadUnit).toBe(task.units[0]);
      expect(task.deadline).toMatch(/^202[23]-\d{2}-\d{2}$/);
      expect(task.deadlineFlagged).toBe(false);
      expect(task.title).not.toBe("");
    }
  });

  it("reads the first task completely", () => {
    const first = plan.tasks[0];
    expect(first?.title).toBe("加强团县委编制及干部配备");
    expect(first?.units).toEqual(["县委组织部", "县委编办", "县财政局", "县人力资源和社会保障局", "团县委"]);
    expect(first?.deadline).toBe("2023-02-28");
    expect(first?.deadlineText).toBe("2023年2月底前");
    expect(first?.path).toEqual(["改革举措", "改革团的工作力量选用机制", "拓宽团的工作力量选用机制"]);
  });

  it("keeps units with brackets whole and reads 2022年12月底前", () => {
    expect(plan.tasks[3]?.units).toContain("设团委（团支部）的机关企事业单位");
    expect(plan.tasks[5]?.deadline).toBe("2022-12-31");
    expect(plan.tasks[19]?.deadline).toBe("2022-12-31");
  });

  it("joins a sentence broken over lines", () => {
    expect(plan.tasks[21]?.text).toContain("作用发挥等维度，逐步建立");
  });

  it("groups the tasks under four reform areas and ten sub-areas", () => {
    for (const task of plan.tasks) {
      expect(task.path).toHaveLength(3);
      expect(task.path[0]).toBe("改革举措");
    }
    expect(new Set(plan.tasks.map((task) => task.path[1])).size).toBe(4);
    expect(new Set(plan.tasks.map((task) => task.path[2])).size).toBe(10);
    expect(plan.tasks[25]?.path).toEqual([
      "改革举措",
      "推动完善地方党的领导机制和支持保障",
      "改进团的领导管理机制",
    ]);
  });

  it("finds three phases with their date ranges", () => {
    expect(plan.phases.map(({ name, start, end }) => ({ name, start, end }))).toEqual([
      { name: "组织筹备阶段", start: "2022-09-01", end: "2022-12-31" },
      { name: "全面实施阶段", start: "2023-01-01", end: "2023-03-31" },
      { name: "总结评估阶段", start: "2023-04-01", end: "2023-11-30" },
    ]);
  });

  it("returns the guiding ideas and work requirements as unplaced text", () => {
    expect(plan.unplaced).toContain("一、指导思想");
    expect(plan.unplaced.some((text) => text.includes("加强组织领导"))).toBe(true);
    expect(plan.unplaced.some((text) => text.includes("拓宽团的工作力量"))).toBe(false);
  });
});

describe("parsePlan on other layouts", () => {
  it("reads units and deadlines in a parenthesis after the task, full-width numbers and phases as headings", () => {
    const plan = parsePlan(
      [
        "某县共青团改革实施方案",
        "一、总体目标",
        "到2023年底，全县团的基层组织覆盖率达到95%以上。",
        "二、重点任务",
        "（一）健全组织体系",
        "1．推进两新组织建团。在规模以上非公企业中建立团组织，2022年底前覆盖率达到60%，2023年底前全部建立。（牵头单位：县委组织部；责任单位：县工商联、县民政局；完成时限：2023年12月底前）",
        "2．规范团支部设置。（责任单位：团县委、各乡镇团委，时间节点：2022年9月—12月）",
        "（二）强化工作保障",
        "3．落实团干部待遇。（责任单位：县财政局 县人社局）",
        "完成时限：长期坚持",
        "三、实施步骤",
        "（一）动员部署阶段（2022年8月—9月）",
        "（二）组织实施阶段（2022年10月—2023年10月）",
      ].join("\n"),
    );
    expect(plan.tasks.map((task) => [task.number, task.leadUnit, task.deadline, task.deadlineText])).toEqual([
      [1, "县委组织部", "2023-12-31", "2023年12月底前"],
      [2, "团县委", "2022-12-31", "2022年9月—12月"],
      [3, "县财政局", null, "长期坚持"],
    ]);
    expect(plan.tasks[0]?.units).toEqual(["县委组织部", "县工商联", "县民政局"]);
    expect(plan.tasks[0]?.path).toEqual(["重点任务", "健全组织体系"]);
    expect(plan.tasks[0]?.targets.map((target) => [target.date, target.value, target.unit])).toEqual([
      ["2022-12-31", 60, "%"],
      ["2023-12-31", 100, "%"],
    ]);
    expect(plan.phases.map(({ name, start, end }) => [name, start, end])).toEqual([
      ["动员部署阶段", "2022-08-01", "2022-09-30"],
      ["组织实施阶段", "2022-10-01", "2023-10-31"],
    ]);
    expect(plan.unplaced).toContain("到2023年底，全县团的基层组织覆盖率达到95%以上。");
  });

  it("reads Markdown headings, 牵头单位/配合单位 on one line and 时间节点", () => {
    const plan = parsePlan(
      [
        "# 某县共青团改革工作方案",
        "## 一、重点任务",
        "### 组织建设",
        "1. 建立 县级 青联组织。",
        "牵头单位：团县委；配合单位：县民政局，县委统战部 县财政局",
        "时间节点: 2023年6月",
        "2. 开展团干部培训。（牵头单位:县委组织部；时间节点：2023年上半年）",
        "## 二、实施步骤",
        "1. 动员部署阶段（2023年1月至2月）：召开动员会。",
        "2. 推进落实阶段（2023年3月—2023年10月）：逐项落实。",
      ].join("\n"),
    );
    expect(plan.title).toBe("某县共青团改革工作方案");
    expect(plan.tasks).toHaveLength(2);
    const [first, second] = plan.tasks;
    expect(first?.title).toBe("建立县级青联组织");
    expect(first?.units).toEqual(["团县委", "县民政局", "县委统战部", "县财政局"]);
    expect(first?.leadUnit).toBe("团县委");
    expect(first?.deadline).toBe("2023-06-30");
    expect(first?.path).toEqual(["一、重点任务", "组织建设"]);
    expect(second?.units).toEqual(["县委组织部"]);
    expect(second?.deadline).toBe("2023-06-30");
    expect(second?.title).toBe("开展团干部培训");
    expect(plan.phases.map(({ name, start, end }) => [name, start, end])).toEqual([
      ["动员部署阶段", "2023-01-01", "2023-02-28"],
      ["推进落实阶段", "2023-03-01", "2023-10-31"],
    ]);
  });

  it("reads circled and dash markers, 责任部门 and a task with no deadline", () => {
    const plan = parsePlan(
      [
        "XX市团建工作要点",
        "一、基层组织",
        "① 扩大两新组织覆盖。2019年底前60%的县建立教育团工委，2020年底前全部建立。",
        "责任部门：团市委组织部 、市教育局",
        "② 规范团费收缴。",
        "责任单位：团市委",
        "完成时限：长期坚持",
        "③ 完善团员档案。",
        "——每季度通报一次。",
      ].join("\n"),
    );
    expect(plan.tasks.map((task) => task.title)).toEqual([
      "扩大两新组织覆盖",
      "规范团费收缴",
      "完善团员档案",
    ]);
    const [first, second, third] = plan.tasks;
    expect(first?.units).toEqual(["团市委组织部", "市教育局"]);
    // No 完成时限 field: the last dated milestone of the text is the deadline (issue 15).
    expect(first?.deadline).toBe("2020-12-31");
    expect(first?.deadlineText).toBe("2020年底前");
    expect(first?.deadlineFlagged).toBe(false);
    expect(first?.targets.map(({ date, value, unit }) => ({ date, value, unit }))).toEqual([
      { date: "2019-12-31", value: 60, unit: "%" },
      { date: "2020-12-31", value: 100, unit: "%" },
    ]);
    expect(second?.deadlineRecurring).toBe("long_term");
    expect(second?.deadlineFlagged).toBe(false);
    expect(third?.units).toEqual([]);
    expect(third?.leadUnit).toBeNull();
    expect(third?.deadlineFlagged).toBe(true);
    expect(plan.unplaced).toContain("——每季度通报一次。");
  });

  it("returns a document with no tasks as unplaced text", () => {
    const text =
      "关于开展青年志愿服务的通知\n\n各乡镇团委：\n现将有关事项通知如下。\n一、活动时间\n三月全月。";
    const plan = parsePlan(text);
    expect(plan.tasks).toEqual([]);
    expect(plan.phases).toEqual([]);
    expect(plan.title).toBe("关于开展青年志愿服务的通知");
    expect(plan.unplaced.join("")).toContain("现将有关事项通知如下");
    expect(plan.unplaced).toContain("一、活动时间");
    expect(plan.unplaced).toContain("三月全月。");
  });

  it("returns an empty plan for empty text", () => {
    expect(parsePlan("  \n\n")).toEqual({
      title: "",
      phases: [],
      tasks: [],
      unplaced: [],
      targets: [],
      excluded: [],
      markers: [],
      review: { unsure: true, reasons: ["未识别出任何任务 / no tasks found"] },
    });
  });
});

describe("parsePlan: the weaker rules stay in task sections; the review and the marker choice (issue 15)", () => {
  const bulletin = [
    "团市委推进改革工作综述",
    "一、坚持三个结合",
    "团市委深入调研。一是结合县区发展，二是结合基层团情，三是结合青情特点。",
    "二、工作成效",
    "——组织覆盖扩大。新建团组织300个。",
  ].join("\n");

  it("takes no task from 一是…二是… or —— outside a section that names tasks, and says it is unsure", () => {
    const plan = parsePlan(bulletin);
    expect(plan.tasks).toEqual([]);
    expect(plan.review.unsure).toBe(true);
    expect(plan.review.reasons[0]).toContain("未识别出任何任务");
    expect(plan.markers.map((marker) => marker.label)).toEqual(["一、", "——"]);
  });

  it("takes every heading of the chosen marker as a task", () => {
    const plan = parsePlan(bulletin, { taskMarker: "chinese-number" });
    expect(plan.tasks.map((task) => [task.title, task.rule])).toEqual([
      ["坚持三个结合", "marker"],
      ["工作成效", "marker"],
    ]);
  });
});

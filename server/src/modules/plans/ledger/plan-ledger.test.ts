import { describe, expect, it } from "vitest";
import { groupTasks, type PlanTaskView, phaseOfDeadline } from "./plan-ledger";

const phases = [
  { name: "组织筹备", startsOn: "2022-09-01", endsOn: "2022-12-31" },
  { name: "全面实施", startsOn: "2023-01-01", endsOn: "2023-06-30" },
  { name: "总结评估", startsOn: null, endsOn: null },
];

describe("phaseOfDeadline", () => {
  it.each([
    [null, null],
    ["2022-09-01", "组织筹备"],
    ["2022-12-31", "组织筹备"],
    ["2023-01-01", "全面实施"],
    ["2023-07-01", null],
  ] as const)("%s → %s", (deadline, phase) => {
    expect(phaseOfDeadline(phases, deadline)).toBe(phase);
  });
});

describe("groupTasks", () => {
  const view = (number: number, area: string | null, units: string[], phase: string | null) =>
    ({ number, area, units, phase }) as unknown as PlanTaskView;
  const tasks = [
    view(1, "甲", ["A", "B"], "全面实施"),
    view(2, null, [], null),
    view(3, "乙", ["B"], "组织筹备"),
  ];
  const keys = (groupBy: "area" | "unit" | "phase") =>
    groupTasks(tasks, groupBy, phases).map((group) => [group.key, group.tasks.map((task) => task.number)]);

  it.each([
    [
      "area",
      [
        ["甲", [1]],
        ["乙", [3]],
        ["未分类", [2]],
      ],
    ],
    [
      "unit",
      [
        ["A", [1]],
        ["B", [1, 3]],
        ["未明确责任单位", [2]],
      ],
    ],
    [
      "phase",
      [
        ["组织筹备", [3]],
        ["全面实施", [1]],
        ["总结评估", []],
        ["未分阶段", [2]],
      ],
    ],
  ] as const)("by %s", (groupBy, expected) => {
    expect(keys(groupBy)).toEqual(expected);
  });
});

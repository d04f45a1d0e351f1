import { describe, expect, it } from "vitest";
import {
  derivePlanTaskStatus,
  PLAN_TASK_STATUS_LABELS,
  PLAN_TASK_STATUSES,
  type PlanTaskDates,
} from "./task-status";

const TODAY = "2023-02-15";
const open: PlanTaskDates = {
  deadline: null,
  startedOn: null,
  doneOn: null,
  closedOutOn: null,
  cancelled: false,
};

describe("derivePlanTaskStatus", () => {
  it.each([
    ["nothing set", {}, "not_started", false],
    ["deadline far ahead", { deadline: "2023-06-30" }, "not_started", false],
    ["deadline today", { deadline: TODAY }, "not_started", true],
    ["deadline within 14 days", { deadline: "2023-02-28" }, "not_started", true],
    ["deadline on the 14th day", { deadline: "2023-03-01" }, "not_started", true],
    ["deadline on the 15th day", { deadline: "2023-03-02" }, "not_started", false],
    ["started", { startedOn: "2023-01-10" }, "in_progress", false],
    ["started today", { startedOn: TODAY }, "in_progress", false],
    ["starts in the future", { startedOn: "2023-03-01" }, "not_started", false],
    ["started, due soon", { startedOn: "2023-01-10", deadline: "2023-02-20" }, "in_progress", true],
    ["deadline yesterday", { deadline: "2023-02-14" }, "overdue", false],
    ["started, deadline passed", { startedOn: "2022-12-01", deadline: "2022-12-31" }, "overdue", false],
    ["done before the deadline", { deadline: "2023-02-28", doneOn: "2023-02-10" }, "done", false],
    ["done after the deadline", { deadline: "2023-01-31", doneOn: "2023-02-10" }, "done", false],
    ["done date in the future", { deadline: "2023-01-31", doneOn: "2023-03-01" }, "overdue", false],
    ["closed out", { doneOn: "2023-01-10", closedOutOn: "2023-02-01" }, "closed_out", false],
    ["closed out, deadline passed", { deadline: "2022-12-31", closedOutOn: TODAY }, "closed_out", false],
    ["cancelled, deadline passed", { deadline: "2022-12-31", cancelled: true }, "cancelled", false],
    ["cancelled, due soon", { deadline: "2023-02-20", cancelled: true }, "cancelled", false],
  ] as const)("%s → %s (due soon %s)", (_name, dates, status, dueSoon) => {
    expect(derivePlanTaskStatus({ ...open, ...dates }, TODAY, 14)).toEqual({ status, dueSoon });
  });

  it("counts the window in calendar days across months and years", () => {
    expect(derivePlanTaskStatus({ ...open, deadline: "2024-01-05" }, "2023-12-30", 6).dueSoon).toBe(true);
    expect(derivePlanTaskStatus({ ...open, deadline: "2024-01-06" }, "2023-12-30", 6).dueSoon).toBe(false);
    expect(derivePlanTaskStatus({ ...open, deadline: "2024-03-01" }, "2024-02-28", 2).dueSoon).toBe(true);
  });

  it("with 0 days, only a deadline of today is due soon", () => {
    expect(derivePlanTaskStatus({ ...open, deadline: TODAY }, TODAY, 0).dueSoon).toBe(true);
    expect(derivePlanTaskStatus({ ...open, deadline: "2023-02-16" }, TODAY, 0).dueSoon).toBe(false);
  });

  it("refuses a malformed today", () => {
    expect(() => derivePlanTaskStatus(open, "2023-2-15", 14)).toThrow(RangeError);
  });

  it("labels every status", () => {
    expect(Object.keys(PLAN_TASK_STATUS_LABELS)).toEqual([...PLAN_TASK_STATUSES]);
  });
});

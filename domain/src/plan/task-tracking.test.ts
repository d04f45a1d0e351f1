import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertNotInFuture,
  assertTaskAccepts,
  SUPERVISION_KIND_LABELS,
  SUPERVISION_KINDS,
} from "./task-tracking";

describe("assertTaskAccepts", () => {
  const open = { number: 7, cancelled: false, closedOutOn: null };
  const cancelled = { ...open, cancelled: true };
  const closedOut = { ...open, closedOutOn: "2023-03-01" };

  it.each([
    [open, "progress_report", null],
    [open, "close_out", null],
    [open, "supervision", null],
    [cancelled, "progress_report", "task_cancelled"],
    [cancelled, "close_out", "task_cancelled"],
    [cancelled, "supervision", "task_cancelled"],
    [closedOut, "progress_report", "task_closed_out"],
    [closedOut, "close_out", null],
    [closedOut, "supervision", null],
  ] as const)("%j, %s → %s", (task, record, code) => {
    if (code === null) {
      expect(() => assertTaskAccepts(task, record)).not.toThrow();
      return;
    }
    try {
      assertTaskAccepts(task, record);
      throw new Error("did not throw");
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code, status: 422 });
      expect((error as Error).message).toContain("任务 7");
    }
  });
});

describe("assertNotInFuture", () => {
  it.each([
    ["2024-05-01", "2024-05-01", true],
    ["2024-04-30", "2024-05-01", true],
    ["2024-05-02", "2024-05-01", false],
  ])("%s as of %s allowed: %s", (date, today, allowed) => {
    const run = () => assertNotInFuture(date, today, "reportedOn");
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: "date_in_future", field: "reportedOn" }));
  });

  it("throws RangeError for a malformed date", () => {
    expect(() => assertNotInFuture("2024-02-30", "2024-05-01", "occurredOn")).toThrow(RangeError);
  });
});

describe("SUPERVISION_KINDS", () => {
  it("are a reminder 提醒 and a talk 约谈", () => {
    expect(SUPERVISION_KINDS.map((kind) => SUPERVISION_KIND_LABELS[kind].zh)).toEqual(["提醒", "约谈"]);
  });
});

import { describe, expect, it } from "vitest";
import { draftFieldOf } from "./plan-import-draft";

describe("draftFieldOf: where the server's error field points in the draft", () => {
  it.each([
    ["title", { taskIndex: undefined, name: "title" }],
    ["tasks.3.deadline", { taskIndex: 3, name: "deadline" }],
    ["tasks.0", { taskIndex: 0, name: "tasks" }],
    ["phases.1.start", { taskIndex: undefined, name: "start" }],
    ["tasks.x.title", { taskIndex: undefined, name: "title" }],
  ])("%s → %o", (field, expected) => {
    expect(draftFieldOf(field)).toEqual(expected);
  });

  it("is undefined when the error names no field", () => {
    expect(draftFieldOf(undefined)).toBeUndefined();
    expect(draftFieldOf("")).toBeUndefined();
  });
});

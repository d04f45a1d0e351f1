import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PLAN_CORPUS } from "./fixtures/corpus/corpus";
import { deadlineOf, parseCorpusDocument, targetTuple } from "./fixtures/corpus/read-corpus";

/** The layout corpus (fixtures/corpus, issue 15): each document against the parse a person expects. */
describe.each(PLAN_CORPUS)("$file — $layout", (expected) => {
  const text = readFileSync(new URL(`./fixtures/corpus/${expected.file}`, import.meta.url), "utf8");
  const plan = parseCorpusDocument(expected.file, text);

  it("reads the title and finds exactly the expected tasks, in order", () => {
    expect(plan.title).toBe(expected.title);
    expect(plan.tasks.map((task) => task.title)).toEqual(expected.tasks.map((task) => task.title));
    expect(plan.tasks.map((task) => task.number)).toEqual(expected.tasks.map((_, index) => index + 1));
  });

  it("reads each task's units (lead first) and deadline", () => {
    expect(
      plan.tasks.map((task) => ({ title: task.title, units: task.units, deadline: deadlineOf(task) })),
    ).toEqual(expected.tasks.map(({ title, units, deadline }) => ({ title, units, deadline })));
    for (const task of plan.tasks) expect(task.leadUnit).toBe(task.units[0] ?? null);
  });

  it("reads the dated targets of each task and of the plan", () => {
    expected.tasks.forEach((task, index) => {
      if (task.targets) expect(plan.tasks[index]?.targets.map(targetTuple)).toEqual(task.targets);
    });
    expect(plan.targets.map(targetTuple)).toEqual(expected.planTargets ?? []);
  });

  it("keeps paths, joined text, phases and the cover letter / attachments as expected", () => {
    expected.tasks.forEach((task, index) => {
      if (task.path) expect(plan.tasks[index]?.path).toEqual(task.path);
      if (task.textContains) expect(plan.tasks[index]?.text).toContain(task.textContains);
    });
    expect(plan.phases).toHaveLength(expected.phases ?? 0);
    expect(plan.excluded.map((part) => part.kind)).toEqual(expected.excluded ?? []);
    for (const task of plan.tasks) expect(task.rule).toBeTruthy();
  });
});

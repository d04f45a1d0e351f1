import { describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../../test/database-state";
import { sendJson, useTestApp } from "../../../test/plan-factories";
import { createTrackingTestApp, trackingState } from "../../../test/plan-tracking-factories";

/**
 * The plan's progress rule and rollup (issue 5 part 4): PUT /plans/{id}/progress-rule, the progress and
 * each task's latest percent in GET /plans/{id}, cancelled tasks excluded.
 */

const context = useTestApp(createTrackingTestApp, async (context) => {
  // Task 3: 20% then 60% (the latest counts); task 4: 40%.
  for (const [number, percent, reportedOn] of [
    [3, 20, "2024-03-01"],
    [3, 60, "2024-04-01"],
    [4, 40, "2024-03-01"],
  ] as const) {
    const response = await sendJson(
      context.app,
      "POST",
      `/api/v1/plan-tasks/${context.taskIds[number]}/progress-reports`,
      { reportedOn, percent, narrative: "进展" },
      context.sessions.county,
    );
    if (response.statusCode !== 201) throw new Error(response.body);
  }
});

const state = () => trackingState(context.db, context.filesDir);

describe("PUT /plans/{id}/progress-rule and the progress in GET /plans/{id}", () => {
  const url = () => `/api/v1/plans/${context.planId}/progress-rule`;
  const plan = async () =>
    (
      await sendJson(
        context.app,
        "GET",
        `/api/v1/plans/${context.planId}`,
        undefined,
        context.sessions.county,
      )
    ).json();

  it("401, 404 outside the scope or missing, 403 to an evaluator", async () => {
    const before = await state();
    expect((await sendJson(context.app, "PUT", url(), { rule: "average" })).statusCode).toBe(401);
    expect(
      (await sendJson(context.app, "PUT", url(), { rule: "average" }, context.sessions.east)).statusCode,
    ).toBe(404);
    expect(
      (
        await sendJson(
          context.app,
          "PUT",
          "/api/v1/plans/999999/progress-rule",
          { rule: "average" },
          context.sessions.county,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await sendJson(context.app, "PUT", url(), { rule: "average" }, context.sessions.evaluator)).statusCode,
    ).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("shows each task's latest percent and the average of the open tasks", async () => {
    const body = await plan();
    const percents = body.tasks.map((task: { number: number; latestPercent: number | null }) => [
      task.number,
      task.latestPercent,
    ]);
    expect(percents).toEqual([
      [1, null],
      [2, null],
      [3, 60],
      [4, 40],
      [5, null],
    ]);
    // (0 + 0 + 60 + 40 + 0) / 5
    expect(body.progress).toEqual({ rule: "average", percent: 20, counted: 5, excluded: 0, problem: null });
  });

  it.each([
    [{ rule: "median" }, "rule"],
    [{ rule: "weighted", weights: [{ taskId: 1, weight: 0 }] }, "weights.0.weight"],
    [{ rule: "weighted", weights: [{ taskId: 1, weight: 10.005 }] }, "weights.0.weight"],
    [{ rule: "average", extra: true }, "body"],
  ])("answers 400 naming the field for %j, writing nothing", async (body, field) => {
    const before = await state();
    const response = await sendJson(context.app, "PUT", url(), body, context.sessions.county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await state()).toEqual(before);
  });

  it("refuses weights that do not sum to 100%, a task without a weight, a task of another plan (422 weights)", async () => {
    const ids = context.taskIds;
    const cases = [
      [20, 20, 20, 20, 10],
      [25, 25, 25, 25, null],
    ].map((weights) => ({
      rule: "weighted",
      weights: weights.flatMap((weight, index) =>
        weight === null ? [] : [{ taskId: ids[index + 1] as number, weight }],
      ),
    }));
    cases.push({ rule: "weighted", weights: [{ taskId: 999999, weight: 100 }] });
    cases.push({ rule: "weighted", weights: [] });
    const before = await state();
    for (const body of [...cases, { rule: "weighted" }]) {
      const response = await sendJson(context.app, "PUT", url(), body, context.sessions.county);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json().error.field).toBe("weights");
    }
    expect(await state()).toEqual(before);
  });

  it("sets weights summing to 100% and rolls up by them; cancelled tasks are excluded", async () => {
    const ids = context.taskIds;
    const weights = [10, 20, 30.5, 39.5, 0].map((weight, index) => ({
      taskId: ids[index + 1] as number,
      weight,
    }));
    const cancel = await sendJson(
      context.app,
      "PATCH",
      `/api/v1/plan-tasks/${ids[5]}`,
      { cancelled: true },
      context.sessions.county,
    );
    expect(cancel.statusCode).toBe(200);
    const response = await sendJson(
      context.app,
      "PUT",
      url(),
      { rule: "weighted", weights: weights.filter((entry) => entry.weight > 0) },
      context.sessions.county,
    );
    expect(response.statusCode).toBe(200);
    // 30.5 × 60% + 39.5 × 40% = 18.3 + 15.8
    expect(response.json().progress).toEqual({
      rule: "weighted",
      percent: 34.1,
      counted: 4,
      excluded: 1,
      problem: null,
    });
    expect(response.json().tasks.map((task: { weight: number | null }) => task.weight)).toEqual([
      10,
      20,
      30.5,
      39.5,
      null,
    ]);
    expect(await latestAuditEntry(context.db, "plan.progress_rule")).toMatchObject({
      entityId: String(context.planId),
      before: { rule: "average", weights: [] },
      after: { rule: "weighted" },
    });
  });

  it("shows the problem instead of failing when a task returns and the weights no longer sum to 100%", async () => {
    await sendJson(
      context.app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: false },
      context.sessions.county,
    );
    const body = await plan();
    expect(body.progress).toMatchObject({ rule: "weighted", percent: null, counted: 5, excluded: 0 });
    expect(body.progress.problem).toContain("weights");
    const back = await sendJson(context.app, "PUT", url(), { rule: "average" }, context.sessions.county);
    expect(back.statusCode).toBe(200);
    expect(back.json().progress).toMatchObject({ rule: "average", percent: 20, problem: null });
  });
});

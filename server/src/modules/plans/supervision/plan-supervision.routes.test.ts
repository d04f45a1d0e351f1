import { describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../../test/database-state";
import { sendJson, useTestApp } from "../../../test/plan-factories";
import { createTrackingTestApp, trackingState } from "../../../test/plan-tracking-factories";

/**
 * Supervision (督导, issue 5 part 4): POST/GET /plan-tasks/{id}/supervisions, GET /plans/{id}/laggards
 * and the task detail GET /plan-tasks/{id}.
 */

const context = useTestApp(createTrackingTestApp);

const supervisionsUrl = (taskNumber: number) =>
  `/api/v1/plan-tasks/${context.taskIds[taskNumber]}/supervisions`;
const state = () => trackingState(context.db, context.filesDir);
const body = {
  kind: "talk",
  subject: "团县委组织部 张三",
  note: "约谈督促加快进度",
  occurredOn: "2024-03-05",
};

describe("POST /plan-tasks/{id}/supervisions", () => {
  it("401, 404 outside the scope or missing, 403 to roles without plan:write", async () => {
    const { app, sessions } = context;
    const before = await state();
    expect((await sendJson(app, "POST", supervisionsUrl(1), body)).statusCode).toBe(401);
    expect((await sendJson(app, "POST", supervisionsUrl(1), body, sessions.east)).statusCode).toBe(404);
    expect(
      (await sendJson(app, "POST", "/api/v1/plan-tasks/999999/supervisions", body, sessions.county))
        .statusCode,
    ).toBe(404);
    expect((await sendJson(app, "POST", supervisionsUrl(1), body, sessions.evaluator)).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it.each([
    [{ ...body, kind: "warning" }, "kind"],
    [{ ...body, subject: " " }, "subject"],
    [{ ...body, note: undefined }, "note"],
    [{ ...body, occurredOn: "2024-13-01" }, "occurredOn"],
    [{ ...body, extra: 1 }, "body"],
  ])("answers 400 naming the field for %j, writing nothing", async (payload, field) => {
    const before = await state();
    const response = await sendJson(
      context.app,
      "POST",
      supervisionsUrl(1),
      payload,
      context.sessions.county,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await state()).toEqual(before);
  });

  it("refuses a date after today and a cancelled task (422), writing nothing", async () => {
    const before = await state();
    const future = await sendJson(
      context.app,
      "POST",
      supervisionsUrl(1),
      { ...body, occurredOn: "2099-01-01" },
      context.sessions.county,
    );
    expect(future.statusCode).toBe(422);
    expect(future.json().error).toMatchObject({ code: "date_in_future", field: "occurredOn" });
    expect(await state()).toEqual(before);
    await sendJson(
      context.app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: true },
      context.sessions.county,
    );
    const cancelledBefore = await state();
    const cancelled = await sendJson(context.app, "POST", supervisionsUrl(5), body, context.sessions.county);
    expect(cancelled.statusCode).toBe(422);
    expect(cancelled.json().error.code).toBe("task_cancelled");
    expect(await state()).toEqual(cancelledBefore);
    await sendJson(
      context.app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: false },
      context.sessions.county,
    );
  });

  it("records a reminder and a talk, audited; the list is newest first", async () => {
    const reminder = await sendJson(
      context.app,
      "POST",
      supervisionsUrl(1),
      { ...body, kind: "reminder", occurredOn: "2024-03-01", note: "电话提醒" },
      context.sessions.county,
    );
    expect(reminder.statusCode).toBe(201);
    const talk = await sendJson(context.app, "POST", supervisionsUrl(1), body, context.sessions.county);
    expect(talk.statusCode).toBe(201);
    expect(talk.json()).toMatchObject({
      kind: "talk",
      subject: "团县委组织部 张三",
      recordedByName: "county",
    });
    expect(await latestAuditEntry(context.db, "plan_supervision.create")).toMatchObject({
      entityId: String(talk.json().id),
      organizationId: context.tree.county.id,
      after: { taskNumber: 1, kind: "talk", occurredOn: "2024-03-05" },
    });
    const list = await sendJson(
      context.app,
      "GET",
      supervisionsUrl(1),
      undefined,
      context.sessions.evaluator,
    );
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { kind: string }) => item.kind)).toEqual(["talk", "reminder"]);
  });

  it("GET: 401, 404 outside the scope", async () => {
    expect((await sendJson(context.app, "GET", supervisionsUrl(1))).statusCode).toBe(401);
    expect(
      (await sendJson(context.app, "GET", supervisionsUrl(1), undefined, context.sessions.east)).statusCode,
    ).toBe(404);
  });
});

describe("GET /plans/{id}/laggards", () => {
  const url = (query = "") => `/api/v1/plans/${context.planId}/laggards${query}`;

  it("401, 404 outside the scope, 400 naming dueSoonDays", async () => {
    expect((await sendJson(context.app, "GET", url())).statusCode).toBe(401);
    expect((await sendJson(context.app, "GET", url(), undefined, context.sessions.east)).statusCode).toBe(
      404,
    );
    expect(
      (await sendJson(context.app, "GET", url(), undefined, context.sessions.secretary)).statusCode,
    ).toBe(404);
    const bad = await sendJson(
      context.app,
      "GET",
      url("?dueSoonDays=-3"),
      undefined,
      context.sessions.county,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("dueSoonDays");
  });

  it("lists overdue and due-soon tasks with their latest progress and supervision count", async () => {
    await sendJson(
      context.app,
      "POST",
      `/api/v1/plan-tasks/${context.taskIds[1]}/progress-reports`,
      { reportedOn: "2024-02-01", percent: 30, narrative: "推进中" },
      context.sessions.county,
    );
    const response = await sendJson(
      context.app,
      "GET",
      url("?dueSoonDays=7"),
      undefined,
      context.sessions.evaluator,
    );
    expect(response.statusCode).toBe(200);
    const { overdue, dueSoon, dueSoonDays } = response.json();
    expect(dueSoonDays).toBe(7);
    expect(overdue).toEqual([
      expect.objectContaining({
        task: expect.objectContaining({ number: 1, status: "overdue", latestPercent: 30 }),
        latestReport: { reportedOn: "2024-02-01", percent: 30 },
        supervisionCount: 2,
        lastSupervisedOn: "2024-03-05",
      }),
    ]);
    expect(dueSoon).toEqual([
      expect.objectContaining({
        task: expect.objectContaining({ number: 2, dueSoon: true }),
        latestReport: null,
        supervisionCount: 0,
        lastSupervisedOn: null,
      }),
    ]);
  });
});

describe("GET /plan-tasks/{id}", () => {
  const url = (number: number) => `/api/v1/plan-tasks/${context.taskIds[number]}`;

  it("401, 404 outside the scope or missing, 400 naming id", async () => {
    expect((await sendJson(context.app, "GET", url(1))).statusCode).toBe(401);
    expect((await sendJson(context.app, "GET", url(1), undefined, context.sessions.east)).statusCode).toBe(
      404,
    );
    expect(
      (await sendJson(context.app, "GET", "/api/v1/plan-tasks/999999", undefined, context.sessions.county))
        .statusCode,
    ).toBe(404);
    const bad = await sendJson(
      context.app,
      "GET",
      "/api/v1/plan-tasks/0",
      undefined,
      context.sessions.county,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });

  it("returns the task with its progress history, close-outs and supervision records", async () => {
    const submitted = await sendJson(
      context.app,
      "POST",
      `/api/v1/plan-tasks/${context.taskIds[1]}/close-outs`,
      { evidence: "已完成" },
      context.sessions.county,
    );
    expect(submitted.statusCode).toBe(201);
    const asReviewer = (
      await sendJson(context.app, "GET", url(1), undefined, context.sessions.reviewer)
    ).json();
    expect(asReviewer.task).toMatchObject({ number: 1, status: "overdue", latestPercent: 30 });
    expect(asReviewer.progressReports.map((report: { percent: number }) => report.percent)).toEqual([30]);
    expect(asReviewer.supervisions).toHaveLength(2);
    expect(asReviewer.closeOuts).toEqual([
      expect.objectContaining({ state: "submitted", actions: ["approve", "return"] }),
    ]);
    expect(asReviewer.canSubmitCloseOut).toBe(false);
    const asEvaluator = (
      await sendJson(context.app, "GET", url(1), undefined, context.sessions.evaluator)
    ).json();
    expect(asEvaluator.closeOuts[0].actions).toEqual([]);
    const other = (await sendJson(context.app, "GET", url(3), undefined, context.sessions.county)).json();
    expect(other).toMatchObject({
      progressReports: [],
      closeOuts: [],
      supervisions: [],
      canSubmitCloseOut: true,
    });
    const evaluatorOther = (
      await sendJson(context.app, "GET", url(3), undefined, context.sessions.evaluator)
    ).json();
    expect(evaluatorOther.canSubmitCloseOut).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { pdfBytes, pngBytes } from "../../../test/archive-factories";
import { latestAuditEntry } from "../../../test/database-state";
import type { TestSession } from "../../../test/factories";
import { sendJson, useTestApp } from "../../../test/plan-factories";
import {
  createTrackingTestApp,
  filePart,
  sendMultipart,
  trackingState,
} from "../../../test/plan-tracking-factories";

/**
 * Close-outs (销号, issue 5 part 4): POST /plan-tasks/{id}/close-outs, GET /plan-tasks/{id}/close-outs,
 * POST /plan-close-outs/{id}/approve | return | reopen — the domain close-out state machine applied.
 */

const context = useTestApp(createTrackingTestApp);

const closeOutsUrl = (taskNumber: number) => `/api/v1/plan-tasks/${context.taskIds[taskNumber]}/close-outs`;
const state = () => trackingState(context.db, context.filesDir);
const step = (id: number, action: "approve" | "return" | "reopen") =>
  `/api/v1/plan-close-outs/${id}/${action}`;

/** POSTs `body` to the close-out's `action` (approve, return, reopen) as `session`. */
function takeStep(id: number, action: "approve" | "return" | "reopen", body: object, session: TestSession) {
  return sendJson(context.app, "POST", step(id, action), body, session);
}

/** The task's most recent close-out, as `session` sees it in GET /plan-tasks/{id}/close-outs. */
async function latestCloseOut(number: number, session: TestSession) {
  const response = await sendJson(context.app, "GET", closeOutsUrl(number), undefined, session);
  return response.json().items[0];
}

async function task(number: number) {
  const response = await sendJson(
    context.app,
    "GET",
    `/api/v1/plan-tasks/${context.taskIds[number]}`,
    undefined,
    context.sessions.county,
  );
  return response.json().task as { status: string; closedOutOn: string | null };
}

async function submit(number: number, evidence = "已印发实施办法，见附件") {
  const response = await sendJson(
    context.app,
    "POST",
    closeOutsUrl(number),
    { evidence },
    context.sessions.county,
  );
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().id as number;
}

describe("POST /plan-tasks/{id}/close-outs", () => {
  it("401, 404 outside the scope or missing, 403 to roles without plan:write", async () => {
    const { app, sessions } = context;
    const before = await state();
    const body = { evidence: "材料" };
    expect((await sendJson(app, "POST", closeOutsUrl(1), body)).statusCode).toBe(401);
    expect((await sendJson(app, "POST", closeOutsUrl(1), body, sessions.east)).statusCode).toBe(404);
    expect(
      (await sendJson(app, "POST", "/api/v1/plan-tasks/999999/close-outs", body, sessions.county)).statusCode,
    ).toBe(404);
    expect((await sendJson(app, "POST", closeOutsUrl(1), body, sessions.evaluator)).statusCode).toBe(403);
    expect((await sendJson(app, "POST", closeOutsUrl(1), body, sessions.secretary)).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it.each([{}, { evidence: "" }, { evidence: "   \n" }])(
    "refuses %j without evidence: 422 naming evidence, nothing written",
    async (body) => {
      const before = await state();
      const response = await sendJson(context.app, "POST", closeOutsUrl(1), body, context.sessions.county);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: "text_required", field: "evidence" });
      expect(response.json().error.message).toContain("evidence：");
      expect(await state()).toEqual(before);
    },
  );

  it("refuses blank evidence sent with files too, storing no file", async () => {
    const before = await state();
    const response = await sendMultipart(
      context.app,
      closeOutsUrl(1),
      [{ name: "evidence", value: " " }, filePart("佐证.pdf", pdfBytes("blank-evidence"))],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.field).toBe("evidence");
    expect(await state()).toEqual(before);
  });

  it("answers 400 naming evidence for a non-text value, and files for a wrong file type", async () => {
    const before = await state();
    const number = await sendJson(
      context.app,
      "POST",
      closeOutsUrl(1),
      { evidence: 5 },
      context.sessions.county,
    );
    expect(number.statusCode).toBe(400);
    expect(number.json().error.field).toBe("evidence");
    const wrong = await sendMultipart(
      context.app,
      closeOutsUrl(1),
      [{ name: "evidence", value: "材料" }, filePart("佐证.pdf", Buffer.from("GIF89a..."))],
      context.sessions.county,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe("files");
    expect(await state()).toEqual(before);
  });

  it("submits with evidence and files; the task stays open until approved; audited", async () => {
    const response = await sendMultipart(
      context.app,
      closeOutsUrl(1),
      [
        { name: "evidence", value: " 已印发《实施办法》 " },
        filePart("实施办法.pdf", pdfBytes("close-out")),
        filePart("会议照片.png", pngBytes("close-out")),
      ],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      state: "submitted",
      evidence: "已印发《实施办法》",
      submittedByName: "county",
      reviewedByName: null,
      actions: [],
    });
    expect(response.json().attachments).toHaveLength(2);
    expect(await task(1)).toMatchObject({ status: "overdue", closedOutOn: null });
    expect(await latestAuditEntry(context.db, "plan_close_out.submit")).toMatchObject({
      entityId: String(response.json().id),
      organizationId: context.tree.county.id,
      after: { taskNumber: 1, state: "submitted", evidence: "已印发《实施办法》" },
    });
  });

  it("refuses a second close-out while one is submitted (409), writing nothing", async () => {
    const before = await state();
    const response = await sendMultipart(
      context.app,
      closeOutsUrl(1),
      [{ name: "evidence", value: "再次提交" }, filePart("另一份.pdf", pdfBytes("second"))],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("close_out_open");
    expect(await state()).toEqual(before);
  });

  it("refuses a close-out of a cancelled task (422)", async () => {
    await sendJson(
      context.app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: true },
      context.sessions.county,
    );
    const before = await state();
    const response = await sendJson(
      context.app,
      "POST",
      closeOutsUrl(5),
      { evidence: "材料" },
      context.sessions.county,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("task_cancelled");
    expect(await state()).toEqual(before);
    await sendJson(
      context.app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: false },
      context.sessions.county,
    );
  });
});

describe("approve, return and reopen", () => {
  it("401, 404 outside the scope or missing, 403 to roles without plan:review", async () => {
    const id = await submit(2);
    const { app, sessions } = context;
    const before = await state();
    expect((await sendJson(app, "POST", step(id, "approve"), {})).statusCode).toBe(401);
    expect((await sendJson(app, "POST", step(id, "approve"), {}, sessions.east)).statusCode).toBe(404);
    expect((await sendJson(app, "POST", step(999999, "approve"), {}, sessions.reviewer)).statusCode).toBe(
      404,
    );
    expect((await sendJson(app, "POST", step(id, "approve"), {}, sessions.evaluator)).statusCode).toBe(403);
    expect(
      (await sendJson(app, "POST", step(id, "reopen"), { reason: "x" }, sessions.evaluator)).statusCode,
    ).toBe(403);
    const bad = await sendJson(app, "POST", step(id, "approve"), { note: 5 }, sessions.reviewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("note");
    expect(await state()).toEqual(before);
  });

  it("refuses the submitter's own approval or return (403, a clear message), writing nothing", async () => {
    const latest = await latestCloseOut(2, context.sessions.county);
    const before = await state();
    for (const action of ["approve", "return"] as const) {
      const response = await takeStep(latest.id, action, { note: "同意" }, context.sessions.county);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe("reviewer_is_submitter");
      expect(response.json().error.message).toContain("不能审核自己提交的销号申请");
    }
    expect(await state()).toEqual(before);
  });

  it("returns with a required note (422 note without); the task stays open", async () => {
    const latest = await latestCloseOut(2, context.sessions.reviewer);
    expect(latest.actions).toEqual(["approve", "return"]);
    const before = await state();
    const missing = await takeStep(latest.id, "return", {}, context.sessions.reviewer);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.field).toBe("note");
    expect(await state()).toEqual(before);
    const returned = await takeStep(latest.id, "return", { note: "缺少文件" }, context.sessions.reviewer);
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({
      state: "returned",
      reviewNote: "缺少文件",
      reviewedByName: "reviewer",
      actions: [],
    });
    expect((await task(2)).closedOutOn).toBeNull();
    expect(await latestAuditEntry(context.db, "plan_close_out.return")).toMatchObject({
      before: { state: "submitted" },
      after: { state: "returned", note: "缺少文件", taskClosedOutOn: null },
    });
    // A returned close-out is final; a new one may be submitted.
    const again = await takeStep(latest.id, "approve", {}, context.sessions.reviewer);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("close_out_state");
    expect(await submit(2, "补充了文件")).toBeGreaterThan(latest.id);
  });

  it("approves: the task is closed out as of today; then no more reports and no second close-out", async () => {
    const latest = await latestCloseOut(1, context.sessions.reviewer);
    const approved = await takeStep(latest.id, "approve", { note: " 同意销号 " }, context.sessions.reviewer);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ state: "approved", reviewNote: "同意销号", actions: ["reopen"] });
    expect(await task(1)).toEqual(
      expect.objectContaining({ status: "closed_out", closedOutOn: context.today }),
    );
    expect(await latestAuditEntry(context.db, "plan_close_out.approve")).toMatchObject({
      entityId: String(latest.id),
      before: { state: "submitted", taskClosedOutOn: null },
      after: { state: "approved", taskClosedOutOn: context.today },
    });

    const before = await state();
    const report = await sendJson(
      context.app,
      "POST",
      `/api/v1/plan-tasks/${context.taskIds[1]}/progress-reports`,
      { reportedOn: context.today, percent: 100, narrative: "完成" },
      context.sessions.county,
    );
    expect(report.statusCode).toBe(422);
    expect(report.json().error.code).toBe("task_closed_out");
    const second = await sendJson(
      context.app,
      "POST",
      closeOutsUrl(1),
      { evidence: "再次" },
      context.sessions.county,
    );
    expect(second.statusCode).toBe(409);
    const twice = await takeStep(latest.id, "approve", {}, context.sessions.reviewer);
    expect(twice.statusCode).toBe(409);
    expect(await state()).toEqual(before);
  });

  it("reopens with a required reason, clearing the close-out date", async () => {
    const latest = await latestCloseOut(1, context.sessions.county);
    const before = await state();
    for (const body of [{}, { reason: "  " }]) {
      const response = await takeStep(latest.id, "reopen", body, context.sessions.reviewer);
      expect(response.statusCode).toBe(422);
      expect(response.json().error.field).toBe("reason");
    }
    expect(await state()).toEqual(before);
    // Reopening is a reviewer's step; the submitter may take it when they hold plan:review.
    const reopened = await takeStep(
      latest.id,
      "reopen",
      { reason: "督查发现未落实" },
      context.sessions.county,
    );
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({
      state: "reopened",
      reopenReason: "督查发现未落实",
      reopenedByName: "county",
    });
    expect(await task(1)).toMatchObject({ status: "overdue", closedOutOn: null });
    expect(await latestAuditEntry(context.db, "plan_close_out.reopen")).toMatchObject({
      before: { state: "approved", taskClosedOutOn: context.today },
      after: { state: "reopened", reason: "督查发现未落实", taskClosedOutOn: null },
    });
    const history = await sendJson(
      context.app,
      "GET",
      closeOutsUrl(1),
      undefined,
      context.sessions.evaluator,
    );
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((item: { state: string }) => item.state)).toEqual(["reopened"]);
    expect(history.json().items[0].attachments).toHaveLength(2);
    expect(history.json().items[0].actions).toEqual([]);
  });

  it("GET history: 401, 404 outside the scope", async () => {
    expect((await sendJson(context.app, "GET", closeOutsUrl(1))).statusCode).toBe(401);
    expect(
      (await sendJson(context.app, "GET", closeOutsUrl(1), undefined, context.sessions.east)).statusCode,
    ).toBe(404);
  });
});

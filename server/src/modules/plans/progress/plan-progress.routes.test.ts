import { beforeAll, describe, expect, it } from "vitest";
import { jpegBytes, pdfBytes, pngBytes } from "../../../test/archive-factories";
import { latestAuditEntry } from "../../../test/database-state";
import { sendJson, useTestApp } from "../../../test/plan-factories";
import {
  buildXlsx,
  createTrackingTestApp,
  docxBytes,
  filePart,
  sendMultipart,
  trackingState,
} from "../../../test/plan-tracking-factories";

/**
 * Progress reports (信息报送) and the plan's progress rule (issue 5 part 4):
 * POST/GET /plan-tasks/{id}/progress-reports, GET /plan-attachments/{id},
 * and cancelling a task with PATCH /plan-tasks/{id} (the progress rule: plan-progress-rule.routes.test.ts).
 */

const context = useTestApp(createTrackingTestApp);

const reportsUrl = (taskNumber: number) =>
  `/api/v1/plan-tasks/${context.taskIds[taskNumber]}/progress-reports`;
const state = () => trackingState(context.db, context.filesDir);

function reportFields(overrides: Record<string, string> = {}) {
  const fields = { reportedOn: "2024-03-01", percent: "40", narrative: "已完成摸底调查", ...overrides };
  return Object.entries(fields).map(([name, value]) => ({ name, value }));
}

describe("POST /plan-tasks/{id}/progress-reports", () => {
  const payload = { reportedOn: "2024-03-01", percent: 40, narrative: "已完成摸底调查" };

  it("401 without a session, 404 outside the scope or missing, 403 to roles without plan:write", async () => {
    const { app, sessions } = context;
    const before = await state();
    expect((await sendJson(app, "POST", reportsUrl(3), payload)).statusCode).toBe(401);
    expect((await sendJson(app, "POST", reportsUrl(3), payload, sessions.east)).statusCode).toBe(404);
    expect((await sendJson(app, "POST", reportsUrl(3), payload, sessions.secretary)).statusCode).toBe(403);
    expect((await sendJson(app, "POST", reportsUrl(3), payload, sessions.evaluator)).statusCode).toBe(403);
    expect(
      (await sendJson(app, "POST", "/api/v1/plan-tasks/999999/progress-reports", payload, sessions.county))
        .statusCode,
    ).toBe(404);
    expect(await state()).toEqual(before);
  });

  it.each([
    [{ ...payload, percent: 101 }, "percent"],
    [{ ...payload, percent: -1 }, "percent"],
    [{ ...payload, percent: 12.5 }, "percent"],
    [{ ...payload, percent: undefined }, "percent"],
    [{ ...payload, reportedOn: "2024-02-30" }, "reportedOn"],
    [{ ...payload, narrative: "   " }, "narrative"],
    [{ reportedOn: "2024-03-01", percent: 40 }, "narrative"],
  ])("answers 400 naming the field for %j (JSON), writing nothing", async (body, field) => {
    const before = await state();
    const response = await sendJson(context.app, "POST", reportsUrl(3), body, context.sessions.county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await state()).toEqual(before);
  });

  it.each([
    [{ percent: "" }, "percent"],
    [{ percent: "abc" }, "percent"],
    [{ percent: "100.5" }, "percent"],
    [{ reportedOn: "" }, "reportedOn"],
  ])("answers 400 naming the field for multipart %j, storing no file", async (fields, field) => {
    const before = await state();
    const response = await sendMultipart(
      context.app,
      reportsUrl(3),
      [...reportFields(fields), filePart("材料.pdf", pdfBytes("bad-field"))],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await state()).toEqual(before);
  });

  it("refuses a file whose bytes are no accepted type (text renamed .docx), naming it", async () => {
    const before = await state();
    const response = await sendMultipart(
      context.app,
      reportsUrl(3),
      [
        ...reportFields(),
        filePart("说明.docx", Buffer.from("not a word document")),
        filePart("a.pdf", pdfBytes("x")),
      ],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "unsupported_file_type", field: "files" });
    expect(response.json().error.message).toContain("说明.docx");
    expect(await state()).toEqual(before);
  });

  it("refuses more than five files and an empty file (400 naming files)", async () => {
    const before = await state();
    const six = Array.from({ length: 6 }, (_, index) => filePart(`${index}.pdf`, pdfBytes(`six-${index}`)));
    const tooMany = await sendMultipart(
      context.app,
      reportsUrl(3),
      [...reportFields(), ...six],
      context.sessions.county,
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe("files");
    const empty = await sendMultipart(
      context.app,
      reportsUrl(3),
      [...reportFields(), filePart("空.pdf", Buffer.alloc(0))],
      context.sessions.county,
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: "empty_file", field: "files" });
    expect(await state()).toEqual(before);
  });

  it("refuses a file over 20 MB (413), writing nothing", async () => {
    const before = await state();
    const response = await sendMultipart(
      context.app,
      reportsUrl(3),
      [...reportFields(), filePart("大.pdf", pdfBytes("big", 20 * 1024 * 1024 + 1))],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(413);
    expect(response.json().error.field).toBe("files");
    expect(await state()).toEqual(before);
  });

  it("refuses a report date after today (422 reportedOn), writing nothing", async () => {
    const before = await state();
    const response = await sendMultipart(
      context.app,
      reportsUrl(3),
      [...reportFields({ reportedOn: "2099-01-01" }), filePart("a.pdf", pdfBytes("future"))],
      context.sessions.county,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "date_in_future", field: "reportedOn" });
    expect(await state()).toEqual(before);
  });

  it("records a report with files of each accepted type, audited; the history is newest first", async () => {
    const { app, sessions } = context;
    const first = await sendJson(app, "POST", reportsUrl(3), { ...payload, percent: 20 }, sessions.county);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ percent: 20, reportedOn: "2024-03-01", attachments: [] });
    const files = [
      filePart("报告.pdf", pdfBytes("report")),
      filePart("照片.jpg", jpegBytes("report")),
      filePart("截图.png", pngBytes("report")),
      filePart("总结.docx", docxBytes("report")),
      filePart("台账.xlsx", buildXlsx("report")),
    ];
    const second = await sendMultipart(
      app,
      reportsUrl(3),
      [...reportFields({ reportedOn: "2024-04-01", percent: "60" }), ...files],
      sessions.county,
    );
    expect(second.statusCode).toBe(201);
    expect(
      second
        .json()
        .attachments.map((file: { fileName: string; mediaType: string }) => [file.fileName, file.mediaType]),
    ).toEqual([
      ["报告.pdf", "application/pdf"],
      ["照片.jpg", "image/jpeg"],
      ["截图.png", "image/png"],
      ["总结.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
    const audit = await latestAuditEntry(context.db, "plan_progress_report.create");
    expect(audit).toMatchObject({
      entityId: String(second.json().id),
      organizationId: context.tree.county.id,
      after: { taskNumber: 3, percent: 60, reportedOn: "2024-04-01" },
    });
    expect((audit?.after as { files?: unknown[] } | undefined)?.files).toHaveLength(5);

    const history = await sendJson(app, "GET", reportsUrl(3), undefined, sessions.secretary);
    expect(history.statusCode).toBe(404);
    const read = await sendJson(app, "GET", reportsUrl(3), undefined, sessions.evaluator);
    expect(read.statusCode).toBe(200);
    expect(read.json().items.map((report: { percent: number }) => report.percent)).toEqual([60, 20]);
    expect(read.json().items[0].attachments).toHaveLength(5);
  });

  it("GET: 401, 404 outside the scope, 400 naming id", async () => {
    expect((await sendJson(context.app, "GET", reportsUrl(3))).statusCode).toBe(401);
    expect(
      (await sendJson(context.app, "GET", reportsUrl(3), undefined, context.sessions.east)).statusCode,
    ).toBe(404);
    const bad = await sendJson(
      context.app,
      "GET",
      "/api/v1/plan-tasks/x/progress-reports",
      undefined,
      context.sessions.county,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });
});

describe("GET /plan-attachments/{id}", () => {
  let attachmentId: number;
  const content = pdfBytes("download");

  beforeAll(async () => {
    const response = await sendMultipart(
      context.app,
      reportsUrl(4),
      [...reportFields(), filePart("进展材料.pdf", content)],
      context.sessions.county,
    );
    attachmentId = response.json().attachments[0].id;
  });

  it("401, 404 outside the scope or missing, 403 to a user without plan:read", async () => {
    const url = `/api/v1/plan-attachments/${attachmentId}`;
    expect((await sendJson(context.app, "GET", url)).statusCode).toBe(401);
    expect((await sendJson(context.app, "GET", url, undefined, context.sessions.east)).statusCode).toBe(404);
    expect(
      (
        await sendJson(
          context.app,
          "GET",
          "/api/v1/plan-attachments/999999",
          undefined,
          context.sessions.county,
        )
      ).statusCode,
    ).toBe(404);
  });

  it("downloads the stored bytes with their type and name", async () => {
    const response = await sendJson(
      context.app,
      "GET",
      `/api/v1/plan-attachments/${attachmentId}`,
      undefined,
      context.sessions.evaluator,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toContain("filename*=UTF-8''%E8%BF%9B");
    expect(response.rawPayload.equals(content)).toBe(true);
  });
});

describe("cancelled and closed-out tasks take no report", () => {
  it("a cancelled task → 422 task_cancelled, nothing written; un-cancelling allows it again", async () => {
    const { app, sessions } = context;
    const cancel = await sendJson(
      app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: true },
      sessions.county,
    );
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ cancelled: true, status: "cancelled" });
    expect(await latestAuditEntry(context.db, "plan_task.update")).toMatchObject({
      before: { cancelled: false },
      after: { cancelled: true },
    });
    const before = await state();
    const response = await sendMultipart(
      app,
      reportsUrl(5),
      [...reportFields(), filePart("a.pdf", pdfBytes("cancelled"))],
      sessions.county,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("task_cancelled");
    expect(await state()).toEqual(before);
    const restore = await sendJson(
      app,
      "PATCH",
      `/api/v1/plan-tasks/${context.taskIds[5]}`,
      { cancelled: false },
      sessions.county,
    );
    expect(restore.json()).toMatchObject({ cancelled: false, status: "not_started" });
  });

  it("PATCH cancelled: 403 to an evaluator (an evaluator cannot edit a task), 400 for a non-boolean", async () => {
    const url = `/api/v1/plan-tasks/${context.taskIds[5]}`;
    const before = await state();
    expect(
      (await sendJson(context.app, "PATCH", url, { cancelled: true }, context.sessions.evaluator)).statusCode,
    ).toBe(403);
    const bad = await sendJson(context.app, "PATCH", url, { cancelled: "yes" }, context.sessions.county);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("cancelled");
    expect(await state()).toEqual(before);
  });
});

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../../test/factories";
import { buildDocx, countPlanTables, planTaskInput, WANGCANG_PLAN_PATH } from "../../../test/plan-factories";
import { multipartFile } from "../../../test/registry-factories";

/** Preview and import of plan documents: POST /organizations/{id}/plans/preview and /plans. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
const wangcang = readFileSync(WANGCANG_PLAN_PATH);
const SMALL_PLAN =
  "某县改革实施方案\n一、重点任务\n1.加强编制。责任单位：县委组织部、团县委。完成时限：2023年2月底前。\n";

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary] = await logInEach(context.app, ["county", "east", "secretary"]);
});
afterAll(async () => context.close());

function upload(url: string, content: Buffer, fileName: string, session?: TestSession) {
  const body = multipartFile(content, fileName);
  return context.app.inject({
    method: "POST",
    url,
    payload: body.payload,
    headers: { ...body.headers, ...(session ? session.headers : {}) },
  });
}

function postJson(url: string, payload: unknown, session?: TestSession) {
  return context.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    ...(session ? { headers: session.headers } : {}),
  });
}

const previewUrl = () => `/api/v1/organizations/${context.tree.county.id}/plans/preview`;
const importUrl = () => `/api/v1/organizations/${context.tree.county.id}/plans`;

describe("POST /organizations/{id}/plans/preview", () => {
  it("answers 401 without a session", async () => {
    expect((await upload(previewUrl(), wangcang, "plan.txt")).statusCode).toBe(401);
  });

  it("answers 404 outside the scope", async () => {
    const response = await upload(previewUrl(), wangcang, "plan.txt", east);
    expect(response.statusCode).toBe(404);
  });

  it("answers 403 to a branch secretary (plan:read only)", async () => {
    const response = await upload(
      `/api/v1/organizations/${context.tree.eastVillage1.id}/plans/preview`,
      wangcang,
      "plan.txt",
      secretary,
    );
    expect(response.statusCode).toBe(403);
  });

  it("answers 400 naming the field without a file", async () => {
    const response = await postJson(previewUrl(), { title: "x" }, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("file");
  });

  it("parses the Wangcang plan: 26 tasks, 3 phases, nothing written", async () => {
    const before = await countPlanTables(context.db);
    const response = await upload(previewUrl(), wangcang, "wangcang-reform-plan.txt", county);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.tasks).toHaveLength(26);
    expect(body.phases).toHaveLength(3);
    expect(body.message).toBeNull();
    expect(body.tasks[0]).toMatchObject({ number: 1, leadUnit: "县委组织部", deadline: "2023-02-28" });
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("reads a Word document", async () => {
    const response = await upload(previewUrl(), buildDocx(SMALL_PLAN), "plan.docx", county);
    expect(response.statusCode).toBe(200);
    expect(response.json().tasks).toEqual([
      expect.objectContaining({ number: 1, units: ["县委组织部", "团县委"], deadline: "2023-02-28" }),
    ]);
  });

  it("says so when no task is recognised", async () => {
    const response = await upload(
      previewUrl(),
      Buffer.from("关于召开会议的通知\n请各单位准时参加。\n"),
      "notice.txt",
      county,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      tasks: [],
      message: expect.stringContaining("未识别出任何编号任务"),
    });
  });
});

describe("POST /organizations/{id}/plans", () => {
  it("answers 401 without a session", async () => {
    expect((await upload(importUrl(), wangcang, "plan.txt")).statusCode).toBe(401);
  });

  it("answers 404 outside the scope and writes nothing", async () => {
    const before = await countPlanTables(context.db);
    expect((await upload(importUrl(), wangcang, "plan.txt", east)).statusCode).toBe(404);
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("answers 403 to a branch secretary", async () => {
    const url = `/api/v1/organizations/${context.tree.eastVillage1.id}/plans`;
    expect((await upload(url, wangcang, "plan.txt", secretary)).statusCode).toBe(403);
  });

  it.each([
    ["empty.txt", Buffer.alloc(0), "empty_file"],
    ["photo.docx", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "not_a_docx"],
    ["binary.txt", Buffer.from([0x00, 0xff, 0xfe, 0x01]), "unsupported_file"],
  ] as const)("refuses %s with 400 %s naming the file, writing nothing", async (fileName, bytes, code) => {
    const before = await countPlanTables(context.db);
    const response = await upload(importUrl(), bytes, fileName, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code,
      field: "file",
      message: expect.stringContaining(fileName),
    });
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("refuses a document with no recognisable tasks (422), writing nothing", async () => {
    const before = await countPlanTables(context.db);
    const response = await upload(importUrl(), Buffer.from("关于召开会议的通知\n"), "notice.txt", county);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "no_tasks", field: "tasks" });
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it.each([
    [{ phases: [], tasks: [], unplaced: [] }, "title"],
    [
      { title: "方案", phases: [{ name: "阶段", start: "2023-02-30", end: null }], tasks: [], unplaced: [] },
      "phases.0.start",
    ],
    [{ title: "方案", phases: [], tasks: [{ number: 1 }], unplaced: [] }, "tasks.0.title"],
  ])("answers 400 naming the field for a bad JSON plan (%#), writing nothing", async (payload, field) => {
    const before = await countPlanTables(context.db);
    const response = await postJson(importUrl(), payload, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field });
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("imports the Wangcang plan: 26 tasks and 3 phases in the database, audited", async () => {
    const before = await countPlanTables(context.db);
    const response = await upload(importUrl(), wangcang, "wangcang-reform-plan.txt", county);
    expect(response.statusCode).toBe(201);
    const plan = response.json();
    expect(plan).toMatchObject({
      organizationId: context.tree.county.id,
      title: "旺苍县县域共青团基层组织改革实施方案",
      sourceFileName: "wangcang-reform-plan.txt",
      importedByName: "county",
      taskCount: 26,
      phaseCount: 3,
    });
    expect(plan.tasks.map((task: { number: number }) => task.number)).toEqual(
      Array.from({ length: 26 }, (_, index) => index + 1),
    );
    const after = await countPlanTables(context.db);
    expect(after.plan).toBe(before.plan + 1);
    expect(after.plan_task).toBe(before.plan_task + 26);
    expect(after.plan_phase).toBe(before.plan_phase + 3);
    const audit = await latestAuditEntry(context.db, "plan.import");
    expect(audit).toMatchObject({ entityId: String(plan.id), after: { tasks: 26, phases: 3 } });
  });

  it("stores the plan-level targets (总体目标) with the plan and answers them in the plan", async () => {
    const text = [
      "某县共青团改革实施方案",
      "一、总体目标",
      "到2022年底，全县团青比控制在30%以内。",
      "二、重点任务",
      "1.加强编制。责任单位：团县委。完成时限：2023年2月底前。",
    ].join("\n");
    const before = await countPlanTables(context.db);
    const response = await upload(importUrl(), Buffer.from(text), "targets-plan.txt", county);
    expect(response.statusCode).toBe(201);
    const plan = response.json();
    expect(plan.planTargets).toEqual([
      {
        id: expect.any(Number),
        position: 1,
        dueOn: "2022-12-31",
        value: 30,
        unit: "%",
        text: expect.stringContaining("团青比控制在30%以内"),
      },
    ]);
    const after = await countPlanTables(context.db);
    expect(after.plan_level_target).toBe(before.plan_level_target + 1);
    expect(after.plan_target).toBe(before.plan_target);
    const audit = await latestAuditEntry(context.db, "plan.import");
    expect(audit).toMatchObject({ entityId: String(plan.id), after: { tasks: 1, planTargets: 1 } });
    const read = await context.app.inject({
      method: "GET",
      url: `/api/v1/plans/${plan.id}`,
      headers: county.headers,
    });
    expect(read.json().planTargets).toEqual(plan.planTargets);
  });

  it("refuses a plan with plan-level targets but repeated task numbers (422), writing nothing", async () => {
    const task = planTaskInput(1, { title: "任务", text: "" });
    const targets = [{ date: "2022-12-31", value: 30, unit: "%", text: "到2022年团青比控制在30%以内" }];
    const before = await countPlanTables(context.db);
    const response = await postJson(
      importUrl(),
      { title: "方案", phases: [], tasks: [task, task], unplaced: [], targets },
      county,
    );
    expect(response.statusCode).toBe(422);
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("imports a corrected plan sent as JSON, with its targets", async () => {
    const preview = (await upload(previewUrl(), buildDocx(SMALL_PLAN), "plan.docx", county)).json();
    const { fileName: _fileName, message: _message, ...parsed } = preview;
    parsed.title = "更正后的方案";
    parsed.tasks[0].leadUnit = "团县委";
    parsed.tasks[0].targets = [{ date: "2023-12-31", value: 60, unit: "%", text: "60%的乡镇建立" }];
    const response = await postJson(importUrl(), { ...parsed, sourceFileName: "plan.docx" }, county);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      title: "更正后的方案",
      sourceFileName: "plan.docx",
      taskCount: 1,
    });
    expect(response.json().tasks[0]).toMatchObject({
      leadUnit: "团县委",
      targets: [{ dueOn: "2023-12-31", value: 60, unit: "%", text: "60%的乡镇建立" }],
    });
  });

  it("refuses repeated task numbers (422), writing nothing", async () => {
    const task = planTaskInput(1, { title: "任务", text: "" });
    const before = await countPlanTables(context.db);
    const response = await postJson(
      importUrl(),
      { title: "方案", phases: [], tasks: [task, task], unplaced: [] },
      county,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "duplicate_task_number", field: "tasks" });
    expect(await countPlanTables(context.db)).toEqual(before);
  });
});

import { describe, expect, it } from "vitest";
import { createArchiveTestApp, pdfBytes } from "../../../test/archive-factories";
import { latestAuditEntry } from "../../../test/database-state";
import { logInEach, type TestSession } from "../../../test/factories";
import { planTaskInput, sendJson, useTestApp } from "../../../test/plan-factories";
import { filePart, sendMultipart, trackingState } from "../../../test/plan-tracking-factories";

/**
 * A township named as a responsible unit of the county's ledger (issue 17 part 5): 各乡镇, or a unit
 * mapped to its organization. GET /organizations/{id}/assigned-plan-tasks lists the tasks it owns;
 * it reports progress and evidence on them (POST /plan-tasks/{id}/progress-reports) and reads their
 * history; it sees nothing else of the ledger.
 */

let county: TestSession;
let east: TestSession;
let west: TestSession;
let secretary: TestSession;
let member: TestSession;
let planId: number;
const taskIds: Record<number, number> = {};

const context = useTestApp(createArchiveTestApp, async (created) => {
  [county, east, west, secretary, member] = await logInEach(created.app, [
    "county",
    "east",
    "west",
    "secretary",
    "member",
  ]);
  const units = [["团县委", "各乡镇"], ["东河镇团委"], ["县委组织部", "团县委"]];
  const response = await sendJson(
    created.app,
    "POST",
    `/api/v1/organizations/${created.tree.county.id}/plans`,
    {
      title: "测试县改革实施方案",
      phases: [],
      tasks: units.map((names, index) =>
        planTaskInput(index + 1, { units: names, leadUnit: names[0] ?? null }),
      ),
      unplaced: [],
    },
    county,
  );
  if (response.statusCode !== 201) throw new Error(response.body);
  planId = response.json().id;
  for (const task of response.json().tasks as { id: number; number: number }[])
    taskIds[task.number] = task.id;
  // 东河镇团委 is written differently from the tree's 共青团东河镇委员会: the county maps it by hand.
  const planUnits = (
    await sendJson(created.app, "GET", `/api/v1/plans/${planId}/units`, undefined, county)
  ).json().units as { id: number; name: string }[];
  const eastUnit = planUnits.find((unit) => unit.name === "东河镇团委");
  const mapped = await sendJson(
    created.app,
    "PUT",
    `/api/v1/plan-units/${eastUnit?.id}`,
    { organizationId: created.tree.east.id },
    county,
  );
  if (mapped.statusCode !== 200) throw new Error(mapped.body);
});

const assignedUrl = (organizationId: number) => `/api/v1/organizations/${organizationId}/assigned-plan-tasks`;
const reportsUrl = (taskNumber: number) => `/api/v1/plan-tasks/${taskIds[taskNumber]}/progress-reports`;
const report = { reportedOn: "2024-03-01", percent: 30, narrative: "已召开乡镇团委会议" };

function numbersOf(body: { items: { plan: { id: number }; tasks: { number: number }[] }[] }) {
  return body.items.flatMap((item) => item.tasks.map((task) => task.number));
}

describe("GET /organizations/{id}/assigned-plan-tasks", () => {
  it("401 without a session, 403 without plan:read, 404 outside the scope or missing", async () => {
    const { app, tree } = context;
    expect((await sendJson(app, "GET", assignedUrl(tree.east.id))).statusCode).toBe(401);
    expect(
      (await sendJson(app, "GET", assignedUrl(tree.eastVillage1.id), undefined, member)).statusCode,
    ).toBe(403);
    expect((await sendJson(app, "GET", assignedUrl(tree.west.id), undefined, east)).statusCode).toBe(404);
    expect((await sendJson(app, "GET", assignedUrl(2_000_000), undefined, east)).statusCode).toBe(404);
  });

  it("gives a township the tasks naming 各乡镇 or a unit mapped to it, and no other task", async () => {
    const { app, tree } = context;
    const eastTasks = await sendJson(app, "GET", assignedUrl(tree.east.id), undefined, east);
    expect(eastTasks.statusCode).toBe(200);
    expect(eastTasks.json().items).toHaveLength(1);
    expect(eastTasks.json().items[0].plan).toMatchObject({ id: planId, title: "测试县改革实施方案" });
    expect(numbersOf(eastTasks.json())).toEqual([1, 2]);
    const westTasks = await sendJson(app, "GET", assignedUrl(tree.west.id), undefined, west);
    expect(numbersOf(westTasks.json())).toEqual([1]);
    // A branch is not a township committee: 各乡镇 does not name it.
    const branchTasks = await sendJson(app, "GET", assignedUrl(tree.eastVillage1.id), undefined, secretary);
    expect(branchTasks.statusCode).toBe(200);
    expect(numbersOf(branchTasks.json())).toEqual([]);
    // The county sees the same list for the township (its ledger is in its scope anyway).
    expect(
      numbersOf((await sendJson(app, "GET", assignedUrl(tree.east.id), undefined, county)).json()),
    ).toEqual([1, 2]);
  });
});

describe("a township reporting on the county's tasks it owns", () => {
  it("reports progress with evidence on its own task (201, audited) and reads the history", async () => {
    const { app } = context;
    const response = await sendMultipart(
      app,
      reportsUrl(2),
      [
        ...Object.entries(report).map(([name, value]) => ({ name, value: String(value) })),
        filePart("会议纪要.pdf", pdfBytes()),
      ],
      east,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ taskId: taskIds[2], percent: 30 });
    expect(response.json().attachments).toHaveLength(1);
    expect(await latestAuditEntry(context.db, "plan_progress_report.create")).toMatchObject({
      actorName: "east",
      entityId: String(response.json().id),
    });
    const history = await sendJson(app, "GET", reportsUrl(2), undefined, east);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((item: { percent: number }) => item.percent)).toEqual([30]);
    // The list shows the reported percent on the township's own task.
    const listed = await sendJson(app, "GET", assignedUrl(context.tree.east.id), undefined, east);
    const task2 = listed.json().items[0].tasks.find((task: { number: number }) => task.number === 2);
    expect(task2.latestPercent).toBe(30);

    const collective = await sendJson(app, "POST", reportsUrl(1), report, west);
    expect(collective.statusCode).toBe(201);
  });

  it("sees nothing else of the ledger: 404 on other tasks, the plan, its units; writes nothing", async () => {
    const { app } = context;
    const before = await trackingState(context.db, context.filesDir);
    expect((await sendJson(app, "POST", reportsUrl(3), report, east)).statusCode).toBe(404);
    expect((await sendJson(app, "POST", reportsUrl(2), report, west)).statusCode).toBe(404);
    expect((await sendJson(app, "GET", reportsUrl(3), undefined, east)).statusCode).toBe(404);
    expect((await sendJson(app, "GET", reportsUrl(2), undefined, west)).statusCode).toBe(404);
    expect((await sendJson(app, "GET", `/api/v1/plans/${planId}`, undefined, east)).statusCode).toBe(404);
    expect((await sendJson(app, "GET", `/api/v1/plans/${planId}/units`, undefined, east)).statusCode).toBe(
      404,
    );
    expect((await sendJson(app, "GET", `/api/v1/plan-tasks/${taskIds[1]}`, undefined, east)).statusCode).toBe(
      404,
    );
    // A branch secretary below the township has no plan:write: 403 before anything is looked at.
    expect((await sendJson(app, "POST", reportsUrl(1), report, secretary)).statusCode).toBe(403);
    expect(await trackingState(context.db, context.filesDir)).toEqual(before);
  });

  it("answers 400 naming the field on its own task, writing nothing", async () => {
    const before = await trackingState(context.db, context.filesDir);
    const response = await sendJson(context.app, "POST", reportsUrl(2), { ...report, percent: 101 }, east);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("percent");
    expect(await trackingState(context.db, context.filesDir)).toEqual(before);
  });
});

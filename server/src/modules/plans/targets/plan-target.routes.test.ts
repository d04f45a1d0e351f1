import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../db/sql-result";
import { todayInChina } from "../../../lib/clock";
import { latestAuditEntry } from "../../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../../test/factories";
import { countPlanTables } from "../../../test/plan-factories";
import { systemActor } from "../../auth/system-actor";
import { importPlan } from "../ledger/plan.service";

/** GET /plans/{id}/targets and PUT /plan-targets/{id}: targets bound to indicators (issue 5 part 6). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let evaluator: TestSession;
let planId: number;
/** Target ids by their text. */
let targetIds: Record<string, number>;
const today = todayInChina();

function daysFromToday(days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
  [county, east, secretary, member, evaluator] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "member",
    "evaluator",
  ]);
  // 4 current members in the county; 5 reported → 录入率 80%.
  await context.db.execute(
    sql`update organization set reported_member_count = 5 where id = ${context.tree.county.id}`,
  );
  const target = (text: string, date: string, value: number, unit = "%") => ({ date, value, unit, text });
  planId = await importPlan(
    context.db,
    systemActor("test"),
    context.tree.county.id,
    {
      title: "测试县改革实施方案",
      phases: [],
      tasks: [
        {
          number: 1,
          title: "规范团员管理",
          text: "…",
          units: ["团县委"],
          leadUnit: "团县委",
          deadline: "2099-12-31",
          deadlineText: null,
          path: ["一、团员队伍"],
          targets: [
            target("录入率逾期", "2023-02-28", 99),
            target("录入率远期", "2099-12-31", 99),
            target("录入率临近", daysFromToday(10), 99),
          ],
        },
        {
          number: 2,
          title: "扩大组织覆盖",
          text: "…",
          units: [],
          leadUnit: null,
          deadline: null,
          deadlineText: "长期坚持",
          path: ["二、组织建设"],
          targets: [target("团员数", "2099-12-31", 3, "名"), target("未绑定", "2099-12-31", 60)],
        },
      ],
      unplaced: [],
    },
    "plan.txt",
  );
  const rows = await queryRows<{ id: number; text: string }>(
    context.db,
    sql`select t.id, t.text from plan_target t join plan_task k on k.id = t.task_id where k.plan_id = ${planId}`,
  );
  targetIds = Object.fromEntries(rows.map((row) => [row.text, Number(row.id)]));
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return context.app.inject({ method: "GET", url, ...(session ? { headers: session.headers } : {}) });
}

function put(text: string | number, payload: object, session?: TestSession) {
  const id = typeof text === "number" ? text : targetIds[text];
  return context.app.inject({
    method: "PUT",
    url: `/api/v1/plan-targets/${id}`,
    payload,
    ...(session ? { headers: session.headers } : {}),
  });
}

const entryRate = { indicatorId: "entry_rate", comparison: ">=", value: 99, dueOn: "2023-02-28" };

async function targetRow(text: string) {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select indicator_id, comparison, value, due_on::text from plan_target where id = ${targetIds[text]}`,
  );
  return row;
}

describe("GET /plans/{id}/targets", () => {
  const url = () => `/api/v1/plans/${planId}/targets`;

  it("401 without a session, 404 outside the scope or missing, 403 to a member", async () => {
    expect((await get(url())).statusCode).toBe(401);
    expect((await get(url(), east)).statusCode).toBe(404);
    expect((await get("/api/v1/plans/999999/targets", county)).statusCode).toBe(404);
    expect((await get(url(), member)).statusCode).toBe(403);
  });

  it("answers 400 naming the id for a bad id", async () => {
    const response = await get("/api/v1/plans/x/targets", county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });

  it("lists every target with its task; unbound ones have no actual value (an evaluator may read)", async () => {
    const response = await get(url(), evaluator);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ planId, asOf: today });
    expect(body.targets).toHaveLength(5);
    expect(body.targets.find((t: { text: string }) => t.text === "团员数")).toEqual({
      id: targetIds.团员数,
      taskId: expect.any(Number),
      taskNumber: 2,
      taskTitle: "扩大组织覆盖",
      text: "团员数",
      dueOn: "2099-12-31",
      value: 3,
      unit: "名",
      comparison: ">=",
      indicatorId: null,
      indicator: null,
      actual: null,
      verdict: "unbound",
    });
    expect(body.verdictCounts).toEqual({ met: 0, on_track: 0, off_track: 0, unbound: 5 });
  });
});

describe("PUT /plan-targets/{id}", () => {
  it("401 without a session, 404 outside the scope or missing, 403 without plan:write", async () => {
    expect((await put("录入率逾期", entryRate)).statusCode).toBe(401);
    expect((await put("录入率逾期", entryRate, east)).statusCode).toBe(404);
    expect((await put(999_999, entryRate, county)).statusCode).toBe(404);
    expect((await put("录入率逾期", entryRate, secretary)).statusCode).toBe(403);
    expect((await put("录入率逾期", entryRate, evaluator)).statusCode).toBe(403);
  });

  it.each([
    [{ ...entryRate, indicatorId: "happiness_rate" }, "unknown_indicator", "indicatorId"],
    [{ ...entryRate, value: 120 }, "value_out_of_range", "value"],
    [{ ...entryRate, indicatorId: "members_total", value: -1 }, "value_out_of_range", "value"],
    [{ ...entryRate, comparison: ">" }, "invalid_input", "comparison"],
    [{ ...entryRate, dueOn: "2023-02-30" }, "invalid_input", "dueOn"],
    [{ ...entryRate, value: "99" }, "invalid_input", "value"],
    [{ indicatorId: "entry_rate", comparison: ">=", value: 99 }, "invalid_input", "dueOn"],
    [{ ...entryRate, extra: 1 }, "invalid_input", "body"],
  ])("answers 400 for %j naming the field, writing nothing", async (payload, code, field) => {
    const counts = await countPlanTables(context.db);
    const row = await targetRow("录入率逾期");
    const response = await put("录入率逾期", payload, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, field });
    expect(await countPlanTables(context.db)).toEqual(counts);
    expect(await targetRow("录入率逾期")).toEqual(row);
  });

  it("binds a target, answers its actual value and verdict; audited", async () => {
    const response = await put("录入率逾期", entryRate, county);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: targetIds.录入率逾期,
      indicatorId: "entry_rate",
      indicator: { name: { zh: "录入率" }, unit: "percent" },
      comparison: ">=",
      value: 99,
      dueOn: "2023-02-28",
      actual: 80,
      verdict: "off_track",
    });
    expect(await latestAuditEntry(context.db, "plan_target.update")).toMatchObject({
      entityType: "plan_target",
      entityId: String(targetIds.录入率逾期),
      organizationId: context.tree.county.id,
      before: { indicatorId: null, comparison: ">=", value: 99, dueOn: "2023-02-28" },
      after: entryRate,
    });
  });

  it("judges each bound target: met, on track, off track within 30 days", async () => {
    await put("录入率远期", { ...entryRate, dueOn: "2099-12-31" }, county);
    await put("录入率临近", { ...entryRate, dueOn: daysFromToday(10) }, county);
    await put(
      "团员数",
      { indicatorId: "members_total", comparison: ">=", value: 3, dueOn: "2099-12-31" },
      county,
    );
    const body = (await get(`/api/v1/plans/${planId}/targets`, county)).json();
    const verdicts = Object.fromEntries(
      body.targets.map((t: { text: string; actual: number | null; verdict: string }) => [
        t.text,
        [t.actual, t.verdict],
      ]),
    );
    expect(verdicts).toEqual({
      录入率逾期: [80, "off_track"],
      录入率远期: [80, "on_track"],
      录入率临近: [80, "off_track"],
      团员数: [4, "met"],
      未绑定: [null, "unbound"],
    });
    expect(body.verdictCounts).toEqual({ met: 1, on_track: 1, off_track: 2, unbound: 1 });
  });

  it("unbinds with null", async () => {
    const response = await put(
      "团员数",
      { indicatorId: null, comparison: ">=", value: 3, dueOn: null },
      county,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      indicatorId: null,
      indicator: null,
      actual: null,
      verdict: "unbound",
    });
    expect(await targetRow("团员数")).toMatchObject({ indicator_id: null, due_on: null });
  });
});

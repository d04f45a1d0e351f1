import { readFile } from "node:fs/promises";
import { parsePlan } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../db/sql-result";
import { latestAuditEntry } from "../../../test/database-state";
import { createOrganizationRow, createTestApp, logInEach, type TestSession } from "../../../test/factories";
import { planTaskInput, sendJson, WANGCANG_PLAN_PATH } from "../../../test/plan-factories";
import { systemActor } from "../../auth/system-actor";
import type { ParsedPlanInput } from "../ledger/plan.schemas";
import { importPlan } from "../ledger/plan.service";

/** plan_unit filled at import, GET /plans/{id}/units and PUT /plan-units/{id} (issue 5 part 3). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let planId: number;
let eastPlanId: number;
let educationId: number;
let otherCountyId: number;

function parsedPlan(units: string[][]): ParsedPlanInput {
  return {
    title: "测试县改革实施方案",
    phases: [],
    tasks: units.map((names, index) =>
      planTaskInput(index + 1, { text: "…", units: names, leadUnit: names[0] ?? null }),
    ),
    unplaced: [],
  };
}

beforeAll(async () => {
  context = await createTestApp();
  const education = await createOrganizationRow(context.db, {
    parent: context.tree.county,
    kind: "working_committee",
    sector: "secondary_school",
    name: "测试县教育团工委",
  });
  educationId = education.id;
  otherCountyId = (
    await createOrganizationRow(context.db, { name: "共青团别县委员会", level: "county", sector: null })
  ).id;
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  planId = await importPlan(
    context.db,
    systemActor("test"),
    context.tree.county.id,
    parsedPlan([
      ["县委组织部", "团县委"],
      ["团县委", "县教育团工委"],
      ["县教育团工委", "东河镇团委", "县财政局"],
      [],
    ]),
    "plan.txt",
  );
  eastPlanId = await importPlan(
    context.db,
    systemActor("test"),
    context.tree.east.id,
    parsedPlan([["团县委"]]),
    null,
  );
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return sendJson(context.app, "GET", url, undefined, session);
}

function put(id: number, payload: object, session?: TestSession) {
  return sendJson(context.app, "PUT", `/api/v1/plan-units/${id}`, payload, session);
}

async function units(id = planId) {
  return (await get(`/api/v1/plans/${id}/units`, county)).json().units as {
    id: number;
    name: string;
    organizationId: number | null;
    organizationName: string | null;
    taskNumbers: number[];
  }[];
}

async function unitId(name: string, id = planId): Promise<number> {
  const unit = (await units(id)).find((candidate) => candidate.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

async function counts() {
  const [row] = await queryRows<{ units: number; mapped: number; audit: number }>(
    context.db,
    sql`select (select count(*)::int from plan_unit) as units,
      (select count(organization_id)::int from plan_unit) as mapped,
      (select count(*)::int from audit_log) as audit`,
  );
  return row;
}

describe("import fills plan_unit", () => {
  it("lists each unit once, matched conservatively to the plan organization's subtree", async () => {
    expect(
      (await units()).map((unit) => [
        unit.name,
        unit.organizationId,
        unit.organizationName,
        unit.taskNumbers,
      ]),
    ).toEqual([
      ["县委组织部", null, null, [1]],
      ["团县委", context.tree.county.id, "共青团测试县委员会", [1, 2]],
      ["县教育团工委", educationId, "测试县教育团工委", [2, 3]],
      ["东河镇团委", context.tree.east.id, "共青团东河镇委员会", [3]],
      ["县财政局", null, null, [3]],
    ]);
  });

  it("matches only inside the plan organization's subtree", async () => {
    // 东河镇's plan names 团县委, which is above 东河镇: left as free text.
    expect((await units(eastPlanId)).map((unit) => [unit.name, unit.organizationId])).toEqual([
      ["团县委", null],
    ]);
  });

  it("maps the Wangcang plan's 团县委 to 团旺苍县委 and keeps the government departments as free text", async () => {
    const wangcang = await createOrganizationRow(context.db, {
      name: "共青团旺苍县委员会",
      shortName: "团旺苍县委",
      level: "county",
      sector: null,
    });
    const parsed = parsePlan(await readFile(WANGCANG_PLAN_PATH, "utf8"));
    const id = await importPlan(context.db, systemActor("test"), wangcang.id, parsed, "wangcang.txt");
    const [row] = await queryRows<{ units: number; mapped: number[] }>(
      context.db,
      sql`select count(*)::int as units, coalesce(array_agg(organization_id) filter (where organization_id is not null), '{}') as mapped
        from plan_unit where plan_id = ${id}`,
    );
    expect(row).toEqual({ units: 18, mapped: [wangcang.id] });
  });
});

describe("GET /plans/{id}/units", () => {
  it("401 without a session, 404 outside the scope or missing, 403 to a member, 400 naming id", async () => {
    expect((await get(`/api/v1/plans/${planId}/units`)).statusCode).toBe(401);
    expect((await get(`/api/v1/plans/${planId}/units`, east)).statusCode).toBe(404);
    expect((await get("/api/v1/plans/999999/units", county)).statusCode).toBe(404);
    expect((await get(`/api/v1/plans/${eastPlanId}/units`, member)).statusCode).toBe(403);
    const bad = await get("/api/v1/plans/0/units", county);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });

  it("lets a plan reader (branch secretary of a branch under the plan) see nothing above them", async () => {
    expect((await get(`/api/v1/plans/${planId}/units`, secretary)).statusCode).toBe(404);
  });
});

describe("PUT /plan-units/{id}", () => {
  it("401 without a session, 404 outside the scope or missing, 403 without plan:write", async () => {
    const id = await unitId("县财政局");
    expect((await put(id, { organizationId: null })).statusCode).toBe(401);
    expect((await put(id, { organizationId: null }, east)).statusCode).toBe(404);
    expect((await put(999_999, { organizationId: null }, county)).statusCode).toBe(404);
    const eastUnit = await unitId("团县委", eastPlanId);
    expect((await put(eastUnit, { organizationId: null }, member)).statusCode).toBe(403);
  });

  it.each([
    [{}, "organizationId"],
    [{ organizationId: "x" }, "organizationId"],
    [{ organizationId: 0 }, "organizationId"],
    [{ organizationId: null, name: "改名" }, "body"],
  ])("answers 400 for %j naming the field, writing nothing", async (payload, field) => {
    const before = await counts();
    const response = await put(await unitId("县财政局"), payload, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it("answers 404 naming organizationId for an organization outside the plan's subtree, writing nothing", async () => {
    const before = await counts();
    for (const [plan, organizationId] of [
      [planId, otherCountyId],
      [planId, 999_999],
      [eastPlanId, context.tree.county.id],
      [eastPlanId, context.tree.west.id],
    ] as const) {
      const response = await put(
        await unitId(plan === planId ? "县财政局" : "团县委", plan),
        { organizationId },
        county,
      );
      expect(response.statusCode).toBe(404);
      expect(response.json().error.field).toBe("organizationId");
    }
    expect(await counts()).toEqual(before);
  });

  it("maps and unmaps a unit; audited", async () => {
    const id = await unitId("县财政局");
    const mapped = await put(id, { organizationId: context.tree.west.id }, county);
    expect(mapped.statusCode).toBe(200);
    expect(mapped.json()).toEqual({
      id,
      planId,
      name: "县财政局",
      organizationId: context.tree.west.id,
      organizationName: "共青团西河镇委员会",
    });
    expect(await latestAuditEntry(context.db, "plan_unit.update")).toMatchObject({
      entityType: "plan_unit",
      entityId: String(id),
      organizationId: context.tree.county.id,
      before: { name: "县财政局", organizationId: null },
      after: { name: "县财政局", organizationId: context.tree.west.id },
    });
    const cleared = await put(id, { organizationId: null }, county);
    expect(cleared.json()).toMatchObject({ organizationId: null, organizationName: null });
    // 东河镇's administrator maps a unit of 东河镇's plan inside 东河镇.
    const eastUnit = await unitId("团县委", eastPlanId);
    const inside = await put(eastUnit, { organizationId: context.tree.eastVillage1.id }, east);
    expect(inside.json()).toMatchObject({ organizationId: context.tree.eastVillage1.id });
  });
});

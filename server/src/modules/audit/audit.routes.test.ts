import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { systemActor } from "../auth/system-actor";
import { recordAudit } from "./audit.service";

/** The audit log reader (审计日志, issue 17 part 2): scope, filters, masking, export. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [admin, county, east, secretary] = await logInEach(context.app, ["admin", "county", "east", "secretary"]);
  const actor = systemActor("auditor");
  await recordAudit(context.db, actor, {
    action: "member.update",
    entityType: "member",
    entityId: 1,
    organizationId: context.tree.eastVillage1.id,
    before: { citizenId: "110105200501010016", phone: "13812345678" },
  });
  await recordAudit(context.db, actor, {
    action: "member.update",
    entityType: "member",
    entityId: 4,
    organizationId: context.tree.westVillage.id,
  });
  await recordAudit(context.db, actor, {
    action: "cli.thing",
    entityType: "user",
    entityId: null,
    organizationId: null,
  });
});
afterAll(async () => context.close());

function get(session: TestSession | undefined, url: string) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1${url}`,
    ...(session ? { headers: session.headers } : {}),
  });
}

type Entry = {
  action: string;
  organizationId: number | null;
  actorName: string;
  before: unknown;
  occurredAt: string;
};

describe("GET /audit", () => {
  it("answers 401 without a session, 403 to a branch secretary, 404 outside the scope", async () => {
    expect((await get(undefined, `/audit?organizationId=${context.tree.east.id}`)).statusCode).toBe(401);
    expect((await get(secretary, `/audit?organizationId=${context.tree.eastVillage1.id}`)).statusCode).toBe(
      403,
    );
    expect((await get(east, `/audit?organizationId=${context.tree.county.id}`)).statusCode).toBe(404);
    expect((await get(east, `/audit?organizationId=${context.tree.west.id}`)).statusCode).toBe(404);
  });

  it.each([
    ["organizationId", "organizationId=abc"],
    ["from", "organizationId=ORG&from=2026-13"],
    ["action", "organizationId=ORG&action=DROP TABLE"],
    ["to", "organizationId=ORG&from=2026-05-02&to=2026-05-01"],
  ])("answers 400 naming %s", async (field, query) => {
    const response = await get(county, `/audit?${query.replace("ORG", String(context.tree.county.id))}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it("gives a township only its subtree's entries, newest first, personal data masked", async () => {
    const response = await get(east, `/audit?organizationId=${context.tree.east.id}&entityType=member`);
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Entry[];
    expect(items.map((entry) => entry.organizationId)).toEqual([context.tree.eastVillage1.id]);
    expect(items[0]?.before).toEqual({ citizenId: "1101**********0016", phone: "138****5678" });
    expect(JSON.stringify(response.json())).not.toMatch(/110105200501010016|13812345678/);
    const all = (await get(east, `/audit?organizationId=${context.tree.east.id}&pageSize=100`)).json()
      .items as Entry[];
    const times = all.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(
      all.every(
        (entry) => entry.organizationId !== context.tree.westVillage.id && entry.organizationId !== null,
      ),
    ).toBe(true);
  });

  it("filters by user, action prefix and days; entries under no organization only for a system administrator at the root", async () => {
    const me = (await get(east, "/me")).json() as { id: number };
    const byUser = (
      await get(county, `/audit?organizationId=${context.tree.county.id}&userId=${me.id}`)
    ).json();
    expect(byUser.items.length).toBeGreaterThan(0);
    expect(byUser.items.every((entry: Entry) => entry.actorName === "east")).toBe(true);
    const logins = (await get(county, `/audit?organizationId=${context.tree.county.id}&action=auth.`)).json();
    expect(logins.items.every((entry: Entry) => entry.action.startsWith("auth."))).toBe(true);
    expect(logins.total).toBeGreaterThanOrEqual(3);
    const future = (
      await get(county, `/audit?organizationId=${context.tree.county.id}&from=2099-01-01`)
    ).json();
    expect(future.total).toBe(0);
    const county1 = (
      await get(county, `/audit?organizationId=${context.tree.county.id}&action=cli.thing`)
    ).json();
    expect(county1.total).toBe(0);
    const root = (
      await get(admin, `/audit?organizationId=${context.tree.county.id}&action=cli.thing`)
    ).json();
    expect(root.total).toBe(1);
  });
});

describe("GET /audit/export.xlsx", () => {
  it("answers 401, 403, 404 like the list", async () => {
    const url = (id: number) => `/audit/export.xlsx?organizationId=${id}`;
    expect((await get(undefined, url(context.tree.east.id))).statusCode).toBe(401);
    expect((await get(secretary, url(context.tree.eastVillage1.id))).statusCode).toBe(403);
    expect((await get(east, url(context.tree.county.id))).statusCode).toBe(404);
    const bad = await get(east, `/audit/export.xlsx?organizationId=${context.tree.east.id}&to=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("to");
  });

  it("exports the filtered entries masked, and audits the export", async () => {
    const before = await countRows(context.db, ["audit_log"]);
    const response = await get(
      east,
      `/audit/export.xlsx?organizationId=${context.tree.east.id}&entityType=member`,
    );
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("审计日志");
    expect(sheet?.rowCount).toBe(2);
    const row = sheet?.getRow(2).values as unknown[];
    expect(row.slice(2, 5)).toEqual(["auditor", "member.update", "member"]);
    expect(String(row[7])).toContain("1101**********0016");
    expect(JSON.stringify(row)).not.toMatch(/110105200501010016|13812345678/);
    expect(await countRows(context.db, ["audit_log"])).toEqual({ audit_log: (before.audit_log ?? 0) + 1 });
    expect(await latestAuditEntry(context.db, "audit.export")).toMatchObject({
      actorName: "east",
      organizationId: context.tree.east.id,
      detail: { entityType: "member", rows: 1 },
    });
  });
});

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  buildRegistryWorkbook,
  countImportTables,
  multipartFile,
  REGISTRY_HEADERS,
  registryRow,
} from "../../test/registry-factories";

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let memberRole: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, memberRole] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "member",
  ]);
});
afterAll(async () => context?.close());

async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

function postImport(session: TestSession | null, organizationId: number, content: Buffer, dryRun: boolean) {
  const body = multipartFile(content);
  return context.app.inject({
    method: "POST",
    url: `/api/v1/organizations/${organizationId}/member-imports?dryRun=${dryRun}`,
    payload: body.payload,
    headers: { ...body.headers, ...(session ? session.headers : {}) },
  });
}

describe("GET /registry/member-template.xlsx", () => {
  const url = "/api/v1/registry/member-template.xlsx";

  it("401 without a session, 403 for the member role", async () => {
    expect((await context.app.inject({ method: "GET", url })).statusCode).toBe(401);
    expect((await context.app.inject({ method: "GET", url, headers: memberRole.headers })).statusCode).toBe(
      403,
    );
  });

  it("the registry's headers with notes, drop-downs from the dictionaries, text format on IDs", async () => {
    const response = await context.app.inject({ method: "GET", url, headers: secretary.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    const workbook = await readWorkbook(response.rawPayload);
    const sheet = workbook.getWorksheet("团员信息");
    expect((sheet?.getRow(1).values as unknown[] | undefined)?.slice(1)).toEqual(REGISTRY_HEADERS);
    const column = (header: string) => REGISTRY_HEADERS.indexOf(header) + 1;
    expect(String(sheet?.getCell(1, column("身份证号")).note ?? "")).toContain("18位");
    const ethnicity = sheet?.getCell(2001, column("民族")).dataValidation;
    expect(ethnicity).toMatchObject({
      type: "list",
      formulae: [expect.stringMatching(/^字典!\$[A-Z]+\$2:\$[A-Z]+\$57$/)],
    });
    expect(sheet?.getCell(2, column("是否团干部")).dataValidation?.formulae).toEqual(['"是,否"']);
    expect(sheet?.getCell(2, column("身份证号")).numFmt).toBe("@");
    expect(sheet?.getCell(2, column("手机号码")).numFmt).toBe("@");
    expect(workbook.getWorksheet("字典")?.state).toBe("hidden");
  });
});

describe("POST /organizations/{id}/member-imports", () => {
  it("401 without a session, 404 outside the scope, 403 for the member role; nothing written", async () => {
    const file = await buildRegistryWorkbook({ rows: [registryRow(0)] });
    const before = await countImportTables(context.db);
    expect((await postImport(null, context.tree.county.id, file, false)).statusCode).toBe(401);
    expect((await postImport(east, context.tree.west.id, file, false)).statusCode).toBe(404);
    expect((await postImport(memberRole, context.tree.eastVillage1.id, file, false)).statusCode).toBe(403);
    expect(await countImportTables(context.db)).toEqual(before);
  });

  it("400 for a file that is not .xlsx, naming the field", async () => {
    const response = await postImport(county, context.tree.county.id, Buffer.from("%PDF-1.7\n%%EOF\n"), true);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: "not_xlsx", field: "file" } });
  });

  it("a dry run lists the problems (200) and a commit with problems is 422 with them; nothing written", async () => {
    const file = await buildRegistryWorkbook({ rows: [registryRow(0), registryRow(1, { 民族: "火星族" })] });
    const before = await countImportTables(context.db);
    const dryRun = await postImport(county, context.tree.county.id, file, true);
    expect(dryRun.statusCode).toBe(200);
    expect(dryRun.json()).toEqual({
      rows: 2,
      imported: 0,
      problems: [{ row: 3, column: "民族", value: "火星族", message: expect.stringContaining("民族") }],
      unmatchedBranches: [],
    });
    const commit = await postImport(county, context.tree.county.id, file, false);
    expect(commit.statusCode).toBe(422);
    expect(commit.json()).toMatchObject({
      error: { code: "import_problems" },
      rows: 2,
      imported: 0,
      problems: [{ row: 3, column: "民族" }],
    });
    expect(await countImportTables(context.db)).toEqual(before);
  });

  it("a secretary commits into their branch; audited once with rows, imported and the target", async () => {
    const file = await buildRegistryWorkbook({ rows: [registryRow(2), registryRow(3)] });
    const response = await postImport(secretary, context.tree.eastVillage1.id, file, false);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ rows: 2, imported: 2, problems: [], unmatchedBranches: [] });
    const audit = await latestAuditEntry(context.db, "member.import");
    expect(audit).toMatchObject({
      actorName: "secretary",
      organizationId: context.tree.eastVillage1.id,
      detail: { rows: 2, imported: 2, organization: "东一村团支部" },
    });
  });
});

describe("GET /organizations/{id}/members.xlsx", () => {
  const url = (id: number, full = false) => `/api/v1/organizations/${id}/members.xlsx?full=${full}`;

  it("401, 404 outside the scope, 403 for the member role, 403 full without member:export_full", async () => {
    const id = context.tree.eastVillage1.id;
    expect((await context.app.inject({ method: "GET", url: url(id) })).statusCode).toBe(401);
    expect(
      (await context.app.inject({ method: "GET", url: url(context.tree.west.id), headers: east.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await context.app.inject({ method: "GET", url: url(id), headers: memberRole.headers })).statusCode,
    ).toBe(403);
    expect(
      (await context.app.inject({ method: "GET", url: url(id, true), headers: secretary.headers }))
        .statusCode,
    ).toBe(403);
  });

  it("an ordinary export masks citizen ID and phone; audited with the row count, not full", async () => {
    const response = await context.app.inject({
      method: "GET",
      url: url(context.tree.eastVillage1.id),
      headers: secretary.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toContain("filename*=UTF-8''");
    const sheet = (await readWorkbook(response.rawPayload)).worksheets[0];
    expect((sheet?.getRow(1).values as unknown[] | undefined)?.slice(1)).toEqual(REGISTRY_HEADERS);
    const ids = sheet?.getColumn(REGISTRY_HEADERS.indexOf("身份证号") + 1).values.slice(2) as string[];
    const phones = sheet?.getColumn(REGISTRY_HEADERS.indexOf("手机号码") + 1).values.slice(2) as string[];
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(id).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    for (const phone of phones) expect(phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(await latestAuditEntry(context.db, "member.export")).toMatchObject({
      actorName: "secretary",
      detail: { rows: 4, full: false },
    });
  });

  it("a full export by the county administrator shows them in full; audited as full", async () => {
    const response = await context.app.inject({
      method: "GET",
      url: url(context.tree.county.id, true),
      headers: county.headers,
    });
    expect(response.statusCode).toBe(200);
    const sheet = (await readWorkbook(response.rawPayload)).worksheets[0];
    const ids = sheet?.getColumn(REGISTRY_HEADERS.indexOf("身份证号") + 1).values.slice(2) as string[];
    expect(ids).toContain(registryRow(2).身份证号);
    expect(ids).toHaveLength(6);
    expect(await latestAuditEntry(context.db, "member.export")).toMatchObject({
      actorName: "county",
      organizationId: context.tree.county.id,
      detail: { rows: 6, full: true },
    });
  });
});

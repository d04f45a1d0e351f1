import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REGISTRY_EXPORT_COLUMNS } from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedInPage, SCREENSHOTS, type SignedInPage } from "./harness";

let demo: SignedInPage | undefined;
let baseUrl: string;
let page: Page;
let countyId: string;
const workDir = mkdtempSync(path.join(tmpdir(), "tuanwu-e2e-files-"));

beforeAll(async () => {
  demo = await openSignedInPage("demo-county");
  ({ url: baseUrl, page, orgId: countyId } = demo);
});

afterAll(async () => {
  await demo?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe("the county administrator (demo-county) in the member registry", () => {
  it("opens a member from the list and sees the record and the archive timeline", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/members`);
    const firstRow = page.getByTestId("member-table").locator("tbody tr.ant-table-row").first();
    await firstRow.waitFor();
    // The list masks citizen IDs (公民身份号码, the 4th column): the region's first 4 digits and the last 4 only.
    const citizenIds = await page
      .getByTestId("member-table")
      .locator("tbody tr.ant-table-row td:nth-child(4)")
      .allTextContents();
    expect(citizenIds).toHaveLength(20);
    for (const citizenId of citizenIds) expect(citizenId).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    const listedName = ((await firstRow.locator("td").first().textContent()) ?? "").trim();
    expect(listedName).not.toBe("");
    await firstRow.click();
    await page.waitForURL(/\/members\/\d+/);
    await page.getByTestId("member-detail").waitFor();
    await page.getByTestId("member-record").waitFor();
    // The page is the member that was clicked.
    expect(await page.getByTestId("member-name").textContent()).toBe(listedName);
    await page.screenshot({ path: path.join(SCREENSHOTS, "member-detail.png"), fullPage: true });

    await page.goto(`${page.url().split("?")[0]}?tab=timeline`);
    await page.getByTestId("member-timeline").waitFor();
    await expect.poll(() => page.getByTestId("member-timeline-event").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("member-timeline").textContent()).toContain("入团");
  });

  it("sees members over 28 on the age-out work list", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/reviews?list=age-out`);
    await page.getByTestId("review-age-out").waitFor();
    const rows = page.getByTestId("review-age-out").locator("tbody tr.ant-table-row");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // The total the user reads is the server's count for this year, and every member on the page is at
    // least 27 now (28 by the end of the year at the latest).
    const year = new Date().getFullYear();
    const expected = await page.evaluate(
      async ([id, listYear]) => {
        const response = await fetch(`/api/v1/organizations/${id}/work-lists/age-out?year=${listYear}`);
        return ((await response.json()) as { total: number }).total;
      },
      [countyId, year] as const,
    );
    expect(expected).toBeGreaterThan(0);
    expect(await page.getByTestId("review-age-out").locator(".ant-pagination-total-text").textContent()).toBe(
      `共 ${expected} 条`,
    );
    const ages = await rows.evaluateAll((elements) =>
      elements.map((row) => Number(row.querySelectorAll("td")[3]?.textContent)),
    );
    expect(ages.length).toBe(Math.min(expected, 20));
    for (const age of ages) expect(age).toBeGreaterThanOrEqual(27);
  });

  it("uploads a file with a bad citizen ID and sees the problem by row before anything is saved", async () => {
    const file = path.join(workDir, "members.xlsx");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("团员");
    sheet.addRow(REGISTRY_EXPORT_COLUMNS.map((column) => column.header));
    const headerIndex = (header: string) =>
      REGISTRY_EXPORT_COLUMNS.findIndex((column) => column.header === header);
    const row: (string | null)[] = REGISTRY_EXPORT_COLUMNS.map(() => null);
    row[headerIndex("姓名")] = "测试团员";
    row[headerIndex("身份证号")] = "510821200501010000";
    sheet.addRow(row);
    await workbook.xlsx.writeFile(file);

    await page.goto(`${baseUrl}/orgs/${countyId}/import`);
    await page.getByTestId("import-wizard").waitFor();
    await page.getByTestId("import-wizard").locator("input[type=file]").setInputFiles(file);
    await page.getByTestId("import-problems").waitFor();
    const problems = page.getByTestId("import-problems");
    // One data row read, its problems counted, and the ID's problem shown on row 2 under its column.
    expect(await problems.locator(".ant-alert-title").first().textContent()).toMatch(
      /^发现 \d+ 个问题，涉及 1 行（共 1 行）$/,
    );
    const idProblem = problems.locator("tbody tr.ant-table-row", { hasText: "510821200501010000" });
    await expect.poll(() => idProblem.count()).toBe(1);
    const cells = await idProblem.locator("td").allTextContents();
    expect(cells.slice(0, 3)).toEqual(["2", "身份证号", "510821200501010000"]);
    expect(cells[3]).toContain("公民身份号码");
    await expect
      .poll(() =>
        page
          .getByTestId("import-commit")
          .isDisabled()
          .catch(() => true),
      )
      .toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-problems.png"), fullPage: true });
  });
});

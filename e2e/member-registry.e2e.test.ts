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
    await page.getByTestId("member-table").locator("tbody tr.ant-table-row").first().click();
    await page.waitForURL(/\/members\/\d+/);
    await page.getByTestId("member-detail").waitFor();
    await page.getByTestId("member-record").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "member-detail.png"), fullPage: true });

    await page.goto(`${page.url().split("?")[0]}?tab=timeline`);
    await page.getByTestId("member-timeline").waitFor();
    await expect.poll(() => page.getByTestId("member-timeline-event").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("member-timeline").textContent()).toContain("入团");
  });

  it("sees members over 28 on the age-out work list", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/reviews?list=age-out`);
    await page.getByTestId("review-age-out").waitFor();
    await expect
      .poll(() => page.getByTestId("review-age-out").locator("tbody tr.ant-table-row").count())
      .toBeGreaterThan(0);
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
    const problems = (await page.getByTestId("import-problems").textContent()) ?? "";
    expect(problems).toContain("身份证");
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

import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedInPage, ROOT, SCREENSHOTS, type SignedInPage } from "./harness";

const PLAN_FILE = path.join(ROOT, "domain", "src", "plan", "fixtures", "wangcang-reform-plan.txt");

let demo: SignedInPage | undefined;
let baseUrl: string;
let page: Page;
let countyId: string;
let ledgerUrl: string;

beforeAll(async () => {
  demo = await openSignedInPage("demo-county");
  ({ url: baseUrl, page, orgId: countyId } = demo);
});

afterAll(async () => {
  await demo?.close();
});

describe("the county administrator (demo-county) in the reform ledger (改革任务台账)", () => {
  it("imports the Wangcang plan through the wizard: preview, correct the title, confirm", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/plans`);
    await page.getByTestId("plans-list").waitFor();
    await page.getByTestId("plan-import-button").click();
    await page.waitForURL(/\/plans\/import$/);
    await page.getByTestId("plan-import").locator("input[type=file]").setInputFiles(PLAN_FILE);
    await page.getByTestId("plan-preview").waitFor();

    expect(await page.getByTestId("plan-preview-title").inputValue()).toContain("旺苍县");
    expect(await page.getByTestId("plan-preview-summary").textContent()).toContain("26");
    const phases = (await page.getByTestId("plan-preview-phases").textContent()) ?? "";
    expect(phases).toContain("组织筹备阶段");
    expect(phases).toContain("2022-09-01");
    expect(await page.getByTestId("plan-preview-tasks").locator("tbody tr.ant-table-row").count()).toBe(26);
    expect(await page.getByTestId("plan-preview-tasks").textContent()).toContain("县委组织部（牵头）");
    await page.screenshot({ path: path.join(SCREENSHOTS, "plan-import-preview.png"), fullPage: true });

    await page.getByTestId("plan-preview-title").fill("旺苍县县域共青团基层组织改革实施方案（e2e）");
    await page.getByTestId("plan-import-confirm").click();
    await page.waitForURL(/\/plans\/\d+$/);
    ledgerUrl = page.url();
    await page.getByTestId("plan-ledger").waitFor();
    expect(await page.getByTestId("plan-title").textContent()).toContain("（e2e）");
  });

  it("sees the 26 tasks in the ledger, grouped, with counts by status", async () => {
    await page.goto(ledgerUrl);
    await page.getByTestId("plan-ledger-header").waitFor();
    expect(await page.getByTestId("plan-task-count").textContent()).toContain("26");
    await page.getByTestId("plan-groups-area").waitFor();
    await expect
      .poll(() => page.getByTestId("plan-groups-area").locator("tbody tr.ant-table-row").count())
      .toBe(26);
    await page.screenshot({ path: path.join(SCREENSHOTS, "plan-ledger.png"), fullPage: true });

    await page.goto(`${ledgerUrl}?view=unit`);
    await page.getByTestId("plan-groups-unit").waitFor();
    expect(await page.getByTestId("plan-groups-unit").textContent()).toContain("县委组织部");
  });

  it("opens the wall chart (挂图作战) and the overdue list", async () => {
    await page.goto(`${ledgerUrl}?view=chart`);
    await page.getByTestId("plan-wall-chart").locator("canvas").first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "plan-wall-chart.png"), fullPage: true });

    // The plan's deadlines (2022–2023) have passed: every open task is overdue, in red.
    await page.goto(`${ledgerUrl}?view=alerts`);
    await page.getByTestId("plan-alerts").waitFor();
    await expect
      .poll(() => page.getByTestId("plan-overdue-list").locator("tbody tr.ant-table-row").count())
      .toBe(26);
  });

  it("sets the person responsible for a task (责任到人)", async () => {
    await page.goto(ledgerUrl);
    await page.getByTestId("plan-groups-area").waitFor();
    await page.getByTestId("plan-task-open").first().click();
    await page.getByTestId("plan-task-drawer").waitFor();
    await page.getByTestId("plan-task-owner").fill("张三");
    await page.getByTestId("plan-task-save").click();
    await expect
      .poll(async () => (await page.getByTestId("plan-task-drawer").textContent()) ?? "")
      .toContain("张三");
    await page.screenshot({ path: path.join(SCREENSHOTS, "plan-task-drawer.png") });
    await page.keyboard.press("Escape");
    await expect
      .poll(async () => (await page.getByTestId("plan-groups-area").textContent()) ?? "")
      .toContain("张三");
  });

  it("reports progress on the task (信息报送) and sees it in the history and the plan's progress", async () => {
    await page.goto(ledgerUrl);
    await page.getByTestId("plan-groups-area").waitFor();
    await page.getByTestId("plan-task-open").first().click();
    await page.getByTestId("plan-task-drawer").waitFor();
    await page.getByTestId("plan-task-tabs").getByRole("tab", { name: /进展/ }).click();
    await page.getByTestId("plan-progress-form").waitFor();
    await page.getByTestId("plan-progress-form").getByRole("spinbutton").fill("50");
    await page.getByTestId("plan-progress-narrative").fill("已完成编制调研，正在协调人社部门。");
    await page.getByTestId("plan-progress-submit").click();
    await page.getByTestId("plan-progress-report").first().waitFor();
    expect(await page.getByTestId("plan-task-progress").textContent()).toContain("已完成编制调研");
    await page.screenshot({ path: path.join(SCREENSHOTS, "plan-task-progress.png") });
    await page.keyboard.press("Escape");
    // Average of 26 tasks, one at 50%: 1.9%.
    await expect
      .poll(async () => (await page.getByTestId("plan-progress").textContent()) ?? "")
      .toContain("1.9%");
  });

  it("is told a county has nothing to compare (the city comparison needs two counties below)", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/plans/compare`);
    const notEnough = page.getByTestId("plan-comparison-not-enough");
    await notEnough.waitFor();
    expect(await notEnough.textContent()).toContain("下级县级团委不足两个，无法对比");
    expect(await page.getByTestId("plan-comparison-table").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "plan-comparison.png"), fullPage: true });
  });
});

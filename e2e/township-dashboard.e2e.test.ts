import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, logIn, type RunningServer, SCREENSHOTS, startTuanwu } from "./harness";

let server: RunningServer;
let chromium: { browser: Browser; close(): Promise<void> };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTuanwu();
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe("a township administrator (demo-township, 东河镇)", () => {
  it("logs in, sees only 东河镇, opens the dashboard", async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    await logIn(page, server.url, "demo-township");
    await expect.poll(() => page.getByTestId("org-name").textContent()).toContain("东河镇");

    // The tree starts at the township: its root is 东河镇, and no other township or the county shows.
    const tree = page.getByTestId("org-tree");
    await tree.getByText("东河镇", { exact: false }).first().waitFor();
    const treeText = (await tree.textContent()) ?? "";
    expect(treeText).toContain("东河镇");
    expect(treeText).not.toContain("嘉川镇");
    expect(treeText).not.toContain("旺苍县委");

    // Another township's page is not reachable: the API answers 404 for it.
    const outside = await page.evaluate(async () => {
      const response = await fetch("/api/v1/organizations?q=%E5%98%89%E5%B7%9D%E9%95%87");
      return (await response.json()) as { items: unknown[] };
    });
    expect(outside.items).toHaveLength(0);

    // An organization's administrator sees every section of the side menu.
    // 待办 carries the count of open work items when there are some (the demo's annual cycle leaves the
    // township committee education reviews and recommendations to decide): compare the labels without it.
    const menu = (await page.locator(".ant-layout-sider .ant-menu-item").allTextContents()).map((text) =>
      text.replace(/^待办\d*\+?$/, "待办"),
    );
    expect(menu).toEqual([
      "待办",
      "组织",
      "成员",
      "发展团员",
      "组织关系转接",
      "团干部",
      "组织生活",
      "团费",
      "年度工作",
      "发展名额",
      "审核",
      "导入",
      "统计",
      "指标",
      "改革任务台账",
      "青年之家",
      "青年活动",
      "志愿服务",
      "问卷调查",
    ]);

    const orgId = /\/orgs\/(\d+)/.exec(page.url())?.[1];
    await page.goto(`${server.url}/orgs/${orgId}/dashboard`);
    await page.getByTestId("dashboard").waitFor();

    // The figures the user reads are the server's statistics of 东河镇's subtree.
    const stats = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/organizations/${id}/stats`);
      return (await response.json()) as {
        totalOrganizations: number;
        totalMembers: number;
        membersByStatus: { key: string; count: number }[];
      };
    }, orgId);
    expect(stats.totalMembers).toBeGreaterThan(0);
    const kpi = async (key: string) =>
      Number(
        (
          (await page.getByTestId(`kpi-${key}`).locator(".ant-statistic-content-value").textContent()) ?? ""
        ).replace(/\D/g, ""),
      );
    await expect.poll(() => kpi("members")).toBe(stats.totalMembers);
    expect(await kpi("organizations")).toBe(stats.totalOrganizations);
    expect(await kpi("active-members")).toBe(
      stats.membersByStatus.find((entry) => entry.key === "active")?.count ?? 0,
    );
    expect(await page.getByTestId("kpi-members").textContent()).toContain("团员数");
    await page.getByTestId("chart-age-pyramid").locator("canvas").first().waitFor();
    await page.getByTestId("chart-sector").locator("canvas").first().waitFor();
    await page.getByTestId("chart-children").locator("canvas").first().waitFor();
    await page.waitForTimeout(1_000); // let the chart animations finish before the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, "township-dashboard.png"), fullPage: true });
    await page.close();
  });
});

import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, logIn, type RunningServer, SCREENSHOTS, startTuanwu } from "./harness";

// Issue 17 part 5: as the branch secretary and as the evaluator, no button the role cannot use is
// shown, and a page the role cannot use says so ("您的角色无权使用此功能") instead of "出错了 + 重试";
// at 1440×900 the member list's 所在团支部 and the ledger's progress and 状态 columns are in view.

let server: RunningServer;
let chromium: { browser: Browser; close(): Promise<void> };

beforeAll(async () => {
  server = await startTuanwu();
  chromium = await launchChromium();
}, 900_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

/** A fresh browser context (own cookies and storage) signed in as `username`, in `locale`. */
async function signIn(
  username: string,
  locale: "zh-CN" | "en" = "zh-CN",
): Promise<{ page: Page; orgId: string }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  if (locale === "en") {
    await context.addInitScript({ content: 'window.localStorage.setItem("tuanwu.locale", "en");' });
  }
  const page = await context.newPage();
  await logIn(page, server.url, username);
  return { page, orgId: /\/orgs\/(\d+)/.exec(page.url())?.[1] ?? "" };
}

/** Calls the API from the signed-in page (same session, with its CSRF token). */
async function callApi<T>(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = (await (await fetch("/api/v1/me")).json()) as { csrfToken: string };
      const response = await fetch(url, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as T };
    },
    { method, url, body },
  );
}

/** The texts of the buttons on the page, trimmed (antd puts two spaces between two Chinese characters). */
async function buttonTexts(page: Page): Promise<string[]> {
  const texts = await page.locator("button:visible").allTextContents();
  return texts.map((text) => text.replace(/\s+/g, "")).filter(Boolean);
}

/** Whether the element's right edge lies inside the 1440 px viewport and it is not hidden. */
async function isInView(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= 1440 && box.width > 0;
}

describe("the branch secretary (demo-branch)", () => {
  it("sees no 批准 / 退回 on the branch's own request, only 撤回; no 下级组织 tab, no county comparison", async () => {
    const { page, orgId } = await signIn("demo-branch");
    const members = await callApi<{ items: { id: number }[] }>(
      page,
      "GET",
      `/api/v1/organizations/${orgId}/members?pageSize=5`,
    );
    const memberId = members.json.items[0]?.id;
    expect(memberId).toBeDefined();
    const today = new Date().toISOString().slice(0, 10);
    const requested = await callApi<{ applied: boolean }>(
      page,
      "POST",
      `/api/v1/members/${memberId}/status-requests`,
      {
        toStatus: "withdrawn",
        reason: "本人申请退团（e2e）",
        effectiveOn: today,
      },
    );
    expect(requested.status).toBe(201);
    expect(requested.json.applied).toBe(false);

    // The reviews tab lists the pending request without the higher committee's buttons.
    await page.goto(`${server.url}/orgs/${orgId}/reviews`);
    await page.getByTestId("review-pending").locator("tbody tr.ant-table-row").first().waitFor();
    expect(await page.getByTestId("review-pending").textContent()).toContain("本人申请退团（e2e）");
    expect(await page.getByTestId("review-approve").count()).toBe(0);
    expect(await page.getByTestId("review-return").count()).toBe(0);

    // On the member's page: withdraw (the requester's side), not approve or return.
    await page.goto(`${server.url}/orgs/${orgId}/members/${memberId}`);
    await page.getByTestId("member-pending-requests").waitFor();
    expect(await page.getByTestId("status-withdraw").count()).toBe(1);
    expect(await page.getByTestId("status-approve").count()).toBe(0);
    expect(await page.getByTestId("status-return").count()).toBe(0);
    const tabs = (await page.locator(".ant-tabs-nav").first().textContent()) ?? "";
    expect(tabs).toContain("成员");
    expect(tabs).not.toContain("下级组织");

    // The ledger: no 各县对比 in the sub-navigation, no import.
    await page.goto(`${server.url}/orgs/${orgId}/plans`);
    await page.getByTestId("plans-sub-nav").waitFor();
    expect(await page.getByTestId("plans-sub-nav").textContent()).not.toContain("各县对比");
    expect(await page.getByTestId("plan-import-button").count()).toBe(0);

    // A page the role cannot use (the evaluation result export needs plan:write) is not offered:
    // the secretary's tab bar has no 导入 of plans and the county comparison URL says there is nothing to compare.
    await page.goto(`${server.url}/orgs/${orgId}/plans/compare`);
    await page.getByTestId("plan-comparison-not-enough").waitFor();
    await page.context().close();
  });
});

describe("the evaluator (demo-evaluator)", () => {
  it("gets 'not available for your role' on member, dashboard and screen URLs, and no 导出 Excel", async () => {
    const { page, orgId } = await signIn("demo-evaluator");
    for (const tab of ["members", "dashboard", "indicators", "reviews", "import"]) {
      await page.goto(`${server.url}/orgs/${orgId}/${tab}`);
      await page.getByTestId("not-allowed").waitFor();
      const text = (await page.getByTestId("not-allowed").textContent()) ?? "";
      expect(text).toContain("您的角色无权使用此功能");
      const buttons = await buttonTexts(page);
      expect(buttons).not.toContain("重试");
      expect(buttons.join(" ")).not.toContain("导出Excel");
      expect(buttons).toContain("返回首页");
    }
    await page.goto(`${server.url}/screen/${orgId}`);
    await page.getByTestId("not-allowed").waitFor();
    expect(await buttonTexts(page)).not.toContain("重试");

    // The tabs and the side menu offer only what the role can use.
    await page.goto(`${server.url}/orgs/${orgId}/plans`);
    await page.getByTestId("plans-list").waitFor();
    const tabs = (await page.locator(".ant-tabs-nav").first().textContent()) ?? "";
    for (const hidden of ["成员", "审核", "导入", "统计", "指标"]) expect(tabs).not.toContain(hidden);
    expect(tabs).toContain("改革任务");
    expect(await page.getByTestId("plan-import-button").count()).toBe(0);
    const buttons = (await buttonTexts(page)).join(" ");
    expect(buttons).not.toContain("导出Excel");
    expect(buttons).not.toContain("导入");

    // In a task's drawer: no progress report, close-out or supervision buttons (plan:write, plan:review).
    await page.getByTestId("plan-link").first().click();
    await page.getByTestId("plan-ledger").waitFor();
    await page.getByTestId("plan-task-open").first().click();
    await page.locator(".ant-drawer-body").first().waitFor();
    await page.waitForTimeout(500);
    const drawerButtons = (await page.locator(".ant-drawer-body button:visible").allTextContents()).join(" ");
    expect(drawerButtons.replace(/\s+/g, "")).not.toMatch(/报送|提交销号|批准|退回|提醒|约谈/);
    await page.context().close();
  });
});

describe("the county administrator (demo-county) at 1440×900", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`sees the member list's branch and the ledger's progress and status columns (${locale})`, async () => {
      const { page, orgId } = await signIn("demo-county", locale);
      const labels =
        locale === "zh-CN"
          ? { branch: "所在团支部", progress: "进度", status: "状态" }
          : { branch: "Branch", progress: "Progress", status: "Status" };

      await page.goto(`${server.url}/orgs/${orgId}/members`);
      await page.getByTestId("member-row").first().waitFor();
      const branchHeader = `[data-testid=member-table] th:has-text("${labels.branch}")`;
      expect(await isInView(page, branchHeader)).toBe(true);
      // The add button shows above branch level too (the branch is chosen in the form).
      expect(await page.getByTestId("member-create-button").count()).toBe(1);
      await page.screenshot({ path: path.join(SCREENSHOTS, `members-1440-${locale}.png`) });

      await page.goto(`${server.url}/orgs/${orgId}/plans`);
      await page.getByTestId("plan-link").first().click();
      await page.getByTestId("plan-ledger").waitFor();
      await page.locator("[data-testid=plan-groups-area] tbody tr.ant-table-row").first().waitFor();
      expect(await isInView(page, `[data-testid=plan-groups-area] th:has-text("${labels.progress}")`)).toBe(
        true,
      );
      expect(await isInView(page, `[data-testid=plan-groups-area] th:has-text("${labels.status}")`)).toBe(
        true,
      );
      expect(await page.getByTestId("plan-task-percent").count()).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `ledger-1440-${locale}.png`) });

      // The tree collapses, and stays collapsed on the next page (remembered in this browser).
      await page.getByTestId("org-tree-collapse").click();
      await page.goto(`${server.url}/orgs/${orgId}/members`);
      await page.getByTestId("org-tree-expand").waitFor();
      expect(await page.getByTestId("org-tree").count()).toBe(0);
      await page.getByTestId("org-tree-expand").click();
      await page.getByTestId("org-tree").waitFor();
      await page.context().close();
    });
  }

  it("opens the tree down to the organization of a deep link", async () => {
    const { page } = await signIn("demo-county");
    const found = await callApi<{ items: { id: number; name: string; kind: string }[] }>(
      page,
      "GET",
      `/api/v1/organizations?q=${encodeURIComponent("东河镇")}`,
    );
    const township = found.json.items.find((organization) => organization.kind === "committee");
    expect(township).toBeDefined();
    const children = await callApi<{ items: { id: number; name: string }[] }>(
      page,
      "GET",
      `/api/v1/organizations/${township?.id}/children`,
    );
    const child = children.json.items[0];
    expect(child).toBeDefined();
    await page.goto(`${server.url}/orgs/${child?.id}/members`);
    const selected = page.locator("[data-testid=org-tree] .ant-tree-node-selected");
    await selected.waitFor();
    expect(await selected.textContent()).toBe(child?.name);
    await page.context().close();
  });
});

describe("a township administrator (demo-township) named by the county's ledger (各乡镇)", () => {
  it("sees the county's tasks it owns on its plans tab and their progress history, not the county's ledger", async () => {
    const { page, orgId } = await signIn("demo-township");
    await page.goto(`${server.url}/orgs/${orgId}/plans`);
    const section = page.getByTestId("assigned-plan-tasks");
    await section.locator("tbody tr.ant-table-row").first().waitFor();
    expect(await section.textContent()).toContain("旺苍县");
    const rows = await section.locator("tbody tr.ant-table-row").count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(26); // only the tasks naming 各乡镇, not the whole ledger
    await section.getByTestId("plan-task-open").first().click();
    await page.getByTestId("assigned-task-drawer").getByTestId("plan-task-progress").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "township-assigned-tasks.png") });
    await page.context().close();
  });
});

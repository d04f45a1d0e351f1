import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedInPage, type SignedInPage } from "./harness";

/**
 * The probe's stored XSS (issue 17) and the Content-Security-Policy that now guards every page: the
 * built app and the OpenAPI page load with no CSP violation, and markup in a task's title, units and
 * owner name shows as text in the wall chart's tooltip instead of running.
 */

const PAYLOAD = `<img src=x onerror="window.__xss=1">`;

let demo: SignedInPage | undefined;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  demo = await openSignedInPage("demo-county");
  page = demo.page;
  const record = (message: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  };
  page.on("console", record);
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
});

afterAll(async () => {
  await demo?.close();
});

describe("the county administrator (demo-county) under the Content-Security-Policy", () => {
  it("sends the security headers with the app's page", async () => {
    const response = await page.goto(`${demo?.url}/orgs/${demo?.orgId}/dashboard`);
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("script-src 'self'");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    await page.getByTestId("dashboard").waitFor();
    await page.getByTestId("chart-sector").locator("canvas").first().waitFor();
    expect(violations).toEqual([]);
  });

  it("sees markup in a task's title, units and owner as text in the wall chart's tooltip; nothing runs", async () => {
    const orgId = demo?.orgId;
    const planId = await page.evaluate(
      async ({ orgId, payload }) => {
        const me = (await (await fetch("/api/v1/me")).json()) as { csrfToken: string };
        const headers = { "content-type": "application/json", "x-csrf-token": me.csrfToken };
        const created = await fetch(`/api/v1/organizations/${orgId}/plans`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            title: "XSS probe plan",
            phases: [],
            unplaced: [],
            tasks: [
              {
                number: 1,
                title: `title ${payload}`,
                text: "text",
                units: [`unit ${payload}`],
                leadUnit: null,
                deadline: null,
                deadlineText: null,
                path: [],
                targets: [],
              },
            ],
          }),
        });
        const plan = (await created.json()) as { id: number; tasks: { id: number }[] };
        const taskId = plan.tasks[0]?.id;
        const patched = await fetch(`/api/v1/plan-tasks/${taskId}`, {
          method: "PATCH",
          headers,
          body: JSON.stringify({ ownerName: `owner ${payload}` }),
        });
        if (!created.ok || !patched.ok) throw new Error(`setup failed: ${created.status} ${patched.status}`);
        return plan.id;
      },
      { orgId, payload: PAYLOAD },
    );

    await page.goto(`${demo?.url}/orgs/${orgId}/plans/${planId}?view=chart`);
    const chart = page.getByTestId("plan-wall-chart");
    const canvas = chart.locator("canvas").first();
    await canvas.waitFor();
    await page.waitForTimeout(800); // the bars' entrance animation
    const box = await canvas.boundingBox();
    if (!box) throw new Error("no wall chart canvas");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => (await chart.innerText()).includes("owner <img")).toBe(true);
    const tooltip = await chart.innerText();
    expect(tooltip).toContain(`title ${PAYLOAD}`);
    expect(tooltip).toContain(`unit ${PAYLOAD}`);
    expect(tooltip).toContain(`owner ${PAYLOAD}`);
    expect(await chart.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it("opens the OpenAPI page at /api/docs with no CSP violation", async () => {
    await page.goto(`${demo?.url}/api/docs/`);
    await page.locator(".swagger-ui .info .title").waitFor();
    expect(await page.locator(".swagger-ui .info .title").innerText()).toContain("tuanwu");
    await page.locator(".opblock").first().waitFor();
    expect(violations).toEqual([]);
  });
});

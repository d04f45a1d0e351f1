import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, logIn, type RunningServer, SCREENSHOTS, startTuanwu } from "./harness";

// Issue 13: on a 375 px phone, a youth representative scores the cadres of the demo's open 述职评议
// from a one-time link (no account; the link cannot be used twice), and a branch secretary (demo-branch,
// whose account is their cadre record's) logs a grassroots visit at /me/contact-logs.

let server: RunningServer;
let chromium: { browser: Browser; close(): Promise<void> };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTuanwu();
  chromium = await launchChromium();
}, 900_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: "zh-CN" };

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

describe("cadres on a phone (团干部, 述职评议, 下基层)", () => {
  it("scores the open 述职评议's reporters from a one-time link on a 375 px phone, once", async () => {
    const desk = await chromium.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "zh-CN",
    });
    const admin = await desk.newPage();
    await logIn(admin, server.url, "demo-county");
    const orgId = /\/orgs\/(\d+)/.exec(admin.url())?.[1];
    await admin.goto(`${server.url}/orgs/${orgId}/cadres?view=reviews`);
    await admin.getByTestId("cadres-reviews").waitFor();
    const sessions = await callApi<{ id: number; status: string; submitted: number }[]>(
      admin,
      "GET",
      `/api/v1/organizations/${orgId}/review-sessions`,
    );
    const open = sessions.json.find((session) => session.status === "open");
    expect(open, "the demo's open session").toBeDefined();
    expect(sessions.json.some((session) => session.status === "closed")).toBe(true);
    const links = await callApi<{ links: { path: string }[] }>(
      admin,
      "POST",
      `/api/v1/review-sessions/${open?.id}/links`,
      {
        count: 1,
      },
    );
    expect(links.status).toBe(201);
    const linkPath = links.json.links[0]?.path ?? "";

    const phone = await chromium.browser.newContext(PHONE);
    const page = await phone.newPage();
    await page.goto(`${server.url}${linkPath}`);
    await page.getByTestId("review-submit").waitFor();
    const inputs = page.locator("[data-testid^=reporter-] input");
    const count = await inputs.count();
    expect(count).toBeGreaterThan(0);
    for (let index = 0; index < count; index += 1) await inputs.nth(index).fill(String(80 + index));
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SCREENSHOTS, "cadres-review-scoring-375.png"), fullPage: true });
    await page.getByTestId("review-submit").click();
    await page.getByTestId("review-thanks").waitFor();

    // The link is used: opening it again says so.
    await page.reload();
    expect(await page.getByTestId("review-used").textContent()).toContain("已使用");

    const tally = await callApi<{ submitted: number }>(
      admin,
      "GET",
      `/api/v1/review-sessions/${open?.id}/tally`,
    );
    expect(tally.json.submitted).toBe((open?.submitted ?? 0) + 1);
    await phone.close();
    await desk.close();
  }, 120_000);

  it("lets a branch secretary log a grassroots visit from a 375 px phone", async () => {
    const phone = await chromium.browser.newContext(PHONE);
    const page = await phone.newPage();
    await logIn(page, server.url, "demo-branch");
    const before = await callApi<{ logs: unknown[] }>(page, "GET", "/api/v1/me/contact-logs");
    expect(before.status).toBe(200);
    await page.goto(`${server.url}/me/contact-logs`);
    await page.getByTestId("contact-submit").waitFor();
    await page.getByTestId("contact-youth").fill("8");
    await page.getByTestId("contact-note").fill("走访村团支部，了解青年返乡创业情况");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.getByTestId("contact-submit").click();
    await page.getByTestId("contact-saved").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "cadres-contact-log-375.png"), fullPage: true });
    const after = await callApi<{ logs: { kind: string; youthCount: number; note: string | null }[] }>(
      page,
      "GET",
      "/api/v1/me/contact-logs",
    );
    expect(after.json.logs).toHaveLength(before.json.logs.length + 1);
    expect(after.json.logs).toContainEqual(
      expect.objectContaining({ kind: "visit", youthCount: 8, note: "走访村团支部，了解青年返乡创业情况" }),
    );
    await phone.close();
  }, 120_000);
});

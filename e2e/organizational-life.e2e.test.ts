import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  launchChromium,
  logIn,
  type RunningServer,
  SCREENSHOTS,
  startTuanwu,
} from "./harness";

// Issue 12 (organizational life and the annual cycle), one story in the demo county's village branch of
// demo-branch (东河镇), on 375 px phones: the secretary records this year's review meeting (支部团员大会)
// with attendees from the roll and shows its QR sign-in; a member signs in on a second phone from the
// link the page shows and the secretary's screen marks them present. The secretary finishes the
// branch's 团员教育评议 (the demo leaves it half graded), the township committee (demo-township) approves
// it from its to-do inbox 待办. Last, the branch's 脱团预警 list shows members unregistered for over a
// year; the committee registers one in this year's 团籍注册 and the list loses them.
//
// The second phone is demo-youth, a plain member of that branch: recorded absent at first ("会前未到"),
// it scans the QR code while logged out, logs in, lands back on the sign-in page and shows present.

// A real phone: a touch screen with the mobile viewport (isMobile), driven by taps.
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: "zh-CN" };
const TOPIC = "年度团员教育评议大会";

let server: RunningServer;
let chromium: { browser: Browser; close(): Promise<void> };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTuanwu();
  chromium = await launchChromium();
}, 900_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await chromium?.close();
  await server?.stop();
});

/** Progress on stderr, so a slow or stuck step shows where it is. */
function step(message: string): void {
  process.stderr.write(`[organizational-life e2e] ${new Date().toISOString()} ${message}\n`);
}

/** A 375×812 phone signed in as `username`, on the organization the login landed on. */
async function phoneOf(username: string): Promise<{ page: Page; orgId: string }> {
  const context = await chromium.browser.newContext(PHONE);
  contexts.push(context);
  const page = await context.newPage();
  await logIn(page, server.url, username);
  // On a phone the organization tree is behind a button (a drawer): the page has the full width.
  await page.getByTestId("org-tree-open").waitFor();
  return { page, orgId: /\/orgs\/(\d+)/.exec(page.url())?.[1] ?? "" };
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (address) => (await fetch(address)).json(), url) as Promise<T>;
}

/** The page is no wider than the phone (checked on the member's sign-in page). */
async function noSideScroll(page: Page): Promise<void> {
  expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
}

/** Whether no antd Select dropdown is open within `timeout` ms. */
async function dropdownsClose(page: Page, timeout: number): Promise<boolean> {
  return expect
    .poll(() => page.locator(".ant-select-dropdown:visible").count(), { timeout })
    .toBe(0)
    .then(
      () => true,
      () => false,
    );
}

/**
 * Picks the option `label` (the whole text, or a pattern) in the antd Select `testId`; again when a tap
 * was lost (the dropdown stays open or the select does not show it), as chooseOption in
 * development.e2e.test.ts does.
 */
async function choose(page: Page, testId: string, label: string | RegExp): Promise<void> {
  const select = page.getByTestId(testId);
  const text = typeof label === "string" ? new RegExp(`^${label}$`) : label;
  const shown = typeof label === "string" ? new RegExp(label) : label;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (!(await dropdownsClose(page, 500))) await select.tap();
    await select.tap();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: text })
      .first()
      .tap();
    // A dropdown left open would catch the next tap: a tap on the select closes it.
    if (!(await dropdownsClose(page, 3_000))) await select.tap();
    await dropdownsClose(page, 10_000);
    if (shown.test((await select.textContent()) ?? "")) return;
  }
  throw new Error(`could not choose ${String(label)} in ${testId}`);
}

/** Today in China (UTC+8), YYYY-MM-DD: the pages' default dates and upper bounds. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

interface LapsePage {
  total: number;
  items: { id: number; name: string; reasons: string[] }[];
}

let secretary: { page: Page; orgId: string };
let township: { page: Page; orgId: string };
let meetingPresent = 0;

describe("organizational life on a phone (issue 12)", () => {
  it("records the review meeting on a 375 px phone; a member signs in by its QR link and shows present", async () => {
    secretary = await phoneOf("demo-branch");
    const { page, orgId } = secretary;
    // demo-youth's phone: who they are (their own record), then logged out again until the QR scan.
    const memberContext = await chromium.browser.newContext(PHONE);
    contexts.push(memberContext);
    const login = await memberContext.request.post(`${server.url}/api/v1/auth/login`, {
      data: { username: "demo-youth", password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    const record = (await (await memberContext.request.get(`${server.url}/api/v1/me/record`)).json()) as {
      id: number;
      name: string;
    };
    const self = { memberId: record.id, name: record.name };
    await memberContext.clearCookies();

    step("recording the meeting");
    await page.goto(`${server.url}/orgs/${orgId}/meetings`);
    // The page fits the phone: a wider one (the header did) widens a real phone's layout viewport and
    // the drawer below opened half off-screen, its mask catching the taps meant for the form.
    await page.getByTestId("meetings-record").waitFor();
    await noSideScroll(page);
    await page.getByTestId("meetings-record").tap();
    await page.getByTestId("meeting-form").waitFor();
    await noSideScroll(page);
    await choose(page, "meeting-kind", "支部团员大会");
    await page.getByTestId("meeting-held-on").fill(todayInChina());
    await page.getByTestId("meeting-topic").fill(TOPIC);
    // Everyone on the roll starts present; the secretary is not there yet: absent, with the reason.
    const attendee = page.getByTestId(`attendee-${self.memberId}`);
    await attendee.getByRole("checkbox").uncheck();
    await page.getByTestId(`absence-reason-${self.memberId}`).fill("会前未到");
    const counts = (await page.getByTestId("meeting-attendees").locator("span").first().textContent()) ?? "";
    expect(counts).toMatch(/出席 \d+ 人，缺席 1 人/);
    meetingPresent = Number(/出席 (\d+) 人/.exec(counts)?.[1]);
    await page.getByTestId("meeting-minutes").fill("学习团章，开展年度团员教育评议，民主评议每名团员。");
    await page.getByTestId("meeting-save").tap();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByTestId("meeting-page").waitFor();
    const row = page.getByTestId("meeting-attendance").locator(`tr[data-row-key="${self.memberId}"]`);
    expect(await row.textContent()).toContain("缺席");

    step("opening the QR sign-in");
    await page.getByTestId("meeting-open-signin").tap();
    await page.getByTestId("meeting-qr").waitFor();
    // The QR code's link, printed under it for a phone that cannot scan.
    const signinUrl = (await page.getByTestId("meeting-signin").getByText("/me/signin/").textContent()) ?? "";
    expect(signinUrl).toMatch(new RegExp(`^${server.url}/me/signin/[\\w-]+$`));
    await page.screenshot({ path: path.join(SCREENSHOTS, "meeting-signin-qr-375.png"), fullPage: true });

    step("signing in on the member's phone: scan while logged out, log in, back on the sign-in page");
    const member = { page: await memberContext.newPage() };
    await member.page.goto(signinUrl);
    await member.page.waitForURL(/\/login\?next=/);
    await member.page.getByTestId("login-form").waitFor();
    await noSideScroll(member.page);
    await member.page.locator("input#username").fill("demo-youth");
    await member.page.locator("input#password").fill(DEMO_PASSWORD);
    await member.page.locator("button[type=submit]").tap();
    await member.page.waitForURL(signinUrl);
    await member.page.getByTestId("signin-confirm").tap();
    const done = member.page.getByTestId("signin-done");
    await done.waitFor();
    expect(await done.textContent()).toContain(`${self.name}，已于`);
    expect(await done.textContent()).toContain(TOPIC);
    await noSideScroll(member.page);
    // Signing in twice is refused.
    await member.page.reload();
    await member.page.getByTestId("signin-confirm").tap();
    expect(await member.page.getByTestId("signin-error").textContent()).toContain("已签到");

    // The secretary's screen follows the sign-in (read again while it is open): present, with the time.
    await expect
      .poll(async () => (await row.textContent()) ?? "", { timeout: 20_000, interval: 500 })
      .toContain("出席");
    expect(await row.textContent()).not.toContain("会前未到");
    meetingPresent += 1;
  }, 300_000);

  it("finishes the branch's 团员教育评议 on the phone; the township approves it from 待办", async () => {
    const { page, orgId } = secretary;
    step("grading the branch review");
    await page.goto(`${server.url}/orgs/${orgId}/annual?view=review`);
    await page.getByTestId("branch-review").waitFor();
    expect(await page.getByTestId("review-state").textContent()).toBe("填写中");
    await page.getByTestId("review-meeting-date").fill(todayInChina());
    await page.getByTestId("review-attendees").fill(String(meetingPresent));
    // The demo graded half the roll (a quarter 优秀): the rest are 合格.
    const ungraded = page
      .getByTestId("review-members")
      .locator("[data-testid^=review-member-]")
      .filter({ hasText: "未评定" });
    expect(await ungraded.count()).toBeGreaterThan(0);
    await page.getByTestId("review-grade-rest").tap();
    await expect.poll(() => ungraded.count(), { timeout: 20_000 }).toBe(0);
    for (const check of ["check-attendance", "check-excellent", "check-graded"])
      expect(await page.getByTestId(check).getAttribute("data-ok"), check).toBe("true");
    expect(await page.getByTestId("check-excellent").textContent()).toMatch(/不超过 30%/);
    await page.getByTestId("review-action-submit").tap();
    // Save, then submit: two requests, slow on a loaded machine.
    await expect
      .poll(() => page.getByTestId("review-state").textContent(), { timeout: 60_000 })
      .toBe("待审批");
    await page.screenshot({
      path: path.join(SCREENSHOTS, "education-review-submitted-375.png"),
      fullPage: true,
    });

    step("approving it as the township");
    township = await phoneOf("demo-township");
    await township.page.goto(`${server.url}/todos`);
    // The inbox holds the demo's other work items too: only the education reviews.
    await choose(township.page, "todos-kind", /^团员教育评议（\d+）$/);
    const branchName = (await getJson<{ name: string }>(page, `/api/v1/organizations/${orgId}`)).name;
    const todo = township.page
      .getByTestId("todos-table")
      .locator("tr")
      .filter({ hasText: branchName })
      .filter({ hasText: "评议" })
      .getByTestId("todo-link");
    await todo.first().tap();
    await township.page.waitForURL(new RegExp(`/orgs/${orgId}/education-reviews/\\d+$`));
    await township.page.getByTestId("education-review-page").waitFor();
    expect(await township.page.getByTestId("review-state").textContent()).toBe("待审批");
    await township.page.getByTestId("review-action-approve").tap();
    await expect
      .poll(() => township.page.getByTestId("review-state").textContent(), { timeout: 60_000 })
      .toBe("已批准");

    await page.reload();
    await page.getByTestId("branch-review").waitFor();
    expect(await page.getByTestId("review-state").textContent()).toBe("已批准");
  }, 300_000);

  it("registers a member of the 脱团预警 list unregistered for over a year; the list loses them", async () => {
    const { orgId } = secretary;
    const { page } = township;
    step("the branch's lapse list");
    await page.goto(`${server.url}/orgs/${orgId}/reviews?list=lapse`);
    const lapse = page.getByTestId("review-lapse");
    await lapse.locator("tr[data-row-key]").first().waitFor();
    const before = await getJson<LapsePage>(
      page,
      `/api/v1/organizations/${orgId}/work-lists/lapse?page=1&pageSize=100`,
    );
    const lapsed = before.items.find(
      (item) => item.reasons.length === 1 && item.reasons[0] === "unregistered",
    );
    expect(lapsed, "a member on the list only for being unregistered over a year").toBeDefined();
    const target = lapsed as LapsePage["items"][number];
    const row = lapse.locator(`tr[data-row-key="${target.id}"]`);
    expect(await row.textContent()).toContain(target.name);
    expect(await row.textContent()).toContain("超过一年未进行团籍注册");
    expect(await lapse.textContent()).toContain(`共 ${before.total} 条`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "lapse-list-375.png"), fullPage: true });

    step(`registering ${target.name}`);
    await page.goto(`${server.url}/orgs/${orgId}/annual?view=registration`);
    const item = page.getByTestId(`registration-member-${target.id}`);
    await item.waitFor();
    expect(await page.getByTestId(`registration-status-${target.id}`).textContent()).toBe("待注册");
    // antd spaces a two-character label: "注 册".
    await item.getByRole("button", { name: /^注\s?册$/ }).tap();
    await expect
      .poll(() => page.getByTestId(`registration-status-${target.id}`).textContent(), { timeout: 20_000 })
      .toBe("已注册");

    step("the lapse list again");
    await page.goto(`${server.url}/orgs/${orgId}/reviews?list=lapse`);
    await expect
      .poll(async () => (await lapse.textContent()) ?? "", { timeout: 60_000 })
      .toContain(`共 ${before.total - 1} 条`);
    expect(await lapse.locator(`tr[data-row-key="${target.id}"]`).count()).toBe(0);
  }, 300_000);
});

import path from "node:path";
import { addDays, citizenIdCheckDigit } from "@tuanwu/domain";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  launchChromium,
  logIn,
  type RunningServer,
  SCREENSHOTS,
  startTuanwu,
} from "./harness";

// Issue 10 part 7: member development in the browser. The village branch's secretary (demo-branch)
// registers a young person's written application and takes every branch step; the township committee
// (demo-township, 上级团委) pre-checks the development target and approves the admission, which issues
// a member number from this year's quota; the oath makes the applicant a member. Then the demo
// applicant (demo-applicant) opens their own pages on a phone 375 px wide.

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

/** A fresh browser context (own cookies) signed in as `username` at 1440×900, zh-CN. */
async function signIn(username: string): Promise<{ page: Page; orgId: string }> {
  const context = await chromium.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
  });
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

/**
 * Types an ISO date into the open dialog's date picker of form field `id`; clicking the dialog's title
 * closes the picker and keeps the date (Enter would submit the form).
 */
async function fillDate(page: Page, id: string, value: string): Promise<void> {
  const input = page.locator(`.ant-modal:visible input#${id}`);
  await input.click();
  await input.fill(value);
  await page.locator(".ant-modal:visible .ant-modal-title").click();
  expect(await input.inputValue()).toBe(value);
}

/** Types a whole number into the open dialog's number input of form field `id`, as a user would. */
async function typeNumber(page: Page, id: string, value: number): Promise<void> {
  const input = page.locator(`.ant-modal:visible input#${id}`);
  await input.click();
  await input.pressSequentially(String(value));
  await input.press("Tab");
}

/** Waits until no select dropdown is open (a closing one would catch the next click). */
async function dropdownsClosed(page: Page): Promise<void> {
  await expect.poll(() => page.locator(".ant-select-dropdown:visible").count(), { timeout: 10_000 }).toBe(0);
}

/** Chooses the option `text` of the open dialog's select of form field `id` (again if a click was lost). */
async function chooseOption(page: Page, id: string, text: string): Promise<void> {
  const select = page.locator(`.ant-modal:visible .ant-select:has(input#${id})`);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await page.locator(`.ant-modal:visible input#${id}`).click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: text })
      .first()
      .click();
    await page.locator(".ant-modal:visible .ant-modal-title").click();
    await dropdownsClosed(page);
    if (((await select.textContent()) ?? "").includes(text)) return;
  }
  throw new Error(`could not choose ${text} in ${id}`);
}

/** Picks members by name in the open dialog's member picker of form field `id`. */
async function pickMembers(page: Page, id: string, names: readonly string[]): Promise<void> {
  const input = page.locator(`.ant-modal:visible input#${id}`);
  for (const name of names) {
    await input.click();
    await input.fill(name);
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: name })
      .first()
      .click();
  }
  await page.locator(".ant-modal:visible .ant-modal-title").click();
  await dropdownsClosed(page);
}

/**
 * Takes one step on the open application page: its button, the dialog's form filled by `fill`, the
 * submit; an approval's warnings (a ratio above its cap) are confirmed as the approver would. Waits
 * until the page shows `reached` as the state.
 */
async function takeStep(
  page: Page,
  action: string,
  reached: string,
  fill: () => Promise<void>,
): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId("action-submit").waitFor();
  await fill();
  await page.getByTestId("action-submit").click();
  const state = page.getByTestId("application-state").filter({ hasText: new RegExp(`^${reached}$`) });
  const warnings = page.getByTestId("warnings-confirm");
  const failures = page.getByTestId("action-failures");
  await Promise.race([state.waitFor(), warnings.waitFor(), failures.waitFor()]);
  if (await failures.isVisible()) throw new Error(`${action} refused: ${await failures.textContent()}`);
  if (await warnings.isVisible()) {
    await page.getByTestId("warnings-acknowledge").click();
    await state.waitFor();
  }
}

function isoDaysAgo(days: number): string {
  return addDays(new Date().toISOString().slice(0, 10), -days);
}

/** The whole path, branch steps on `branch`'s page, committee steps on `committee`'s. */
async function walkApplication(
  branch: { page: Page; orgId: string },
  committee: { page: Page; orgId: string },
): Promise<void> {
  const members = await callApi<{ items: { id: number; name: string }[] }>(
    branch.page,
    "GET",
    `/api/v1/organizations/${branch.orgId}/members?status=active&pageSize=5`,
  );
  const [mentor, sponsorA, sponsorB] = members.json.items;
  expect(sponsorB).toBeDefined();
  if (!mentor || !sponsorA || !sponsorB) return;

  // The branch registers the written application (入团申请) of a 16-year-old.
  const first17 = "51082120100315951";
  const citizenId = `${first17}${citizenIdCheckDigit(first17)}`;
  await branch.page.goto(`${server.url}/orgs/${branch.orgId}/development`);
  await branch.page.getByTestId("column-applied").waitFor();
  await branch.page.getByTestId("development-register").click();
  await branch.page.getByTestId("register-name").fill("王小青");
  await branch.page.getByTestId("register-citizen-id").fill(citizenId);
  await fillDate(branch.page, "applicationDate", isoDaysAgo(130));
  await branch.page.getByTestId("register-submit").click();
  await branch.page.waitForURL(/\/development\/applications\/\d+/);
  const applicationId = /applications\/(\d+)/.exec(branch.page.url())?.[1];
  await branch.page.getByTestId("application-state").filter({ hasText: "已递交入团申请" }).waitFor();
  // Only the branch's steps: talk, defer, reject — never the committee's approval.
  expect(await branch.page.getByTestId("action-record_talk").count()).toBe(1);
  expect(await branch.page.getByTestId("action-approve_admission").count()).toBe(0);

  await takeStep(branch.page, "record_talk", "已谈话", () =>
    fillDate(branch.page, "talkDate", isoDaysAgo(125)),
  );
  await takeStep(branch.page, "name_candidate", "入团积极分子", async () => {
    await fillDate(branch.page, "candidateNamedOn", isoDaysAgo(120));
    await chooseOption(branch.page, "source", "其他");
    await pickMembers(branch.page, "mentorMemberIds", [mentor.name]);
  });

  // Proposing a development target is refused while prerequisites are missing: every one listed.
  await branch.page.getByTestId("action-propose_development_target").click();
  await fillDate(branch.page, "targetProposedOn", isoDaysAgo(12));
  await branch.page.getByTestId("action-submit").click();
  await branch.page.getByTestId("action-failures").waitFor();
  const refused = (await branch.page.getByTestId("action-failures").textContent()) ?? "";
  expect(refused).toContain("团课");
  expect(refused).toContain("积分");
  await branch.page.locator(".ant-modal:visible .ant-modal-close").click();

  // The branch records the prerequisites: 团课 hours through the page, the rest as recorded elsewhere.
  await branch.page.getByTestId("prerequisite-add").click();
  await chooseOption(branch.page, "item", "团课");
  await typeNumber(branch.page, "units", 10);
  await fillDate(branch.page, "occurredOn", isoDaysAgo(30));
  await branch.page.getByTestId("prerequisite-submit").click();
  await branch.page.getByTestId("prerequisites").getByText("团课").first().waitFor();
  for (const [item, units] of [
    ["ideological_course_hours", 10],
    ["ideological_course_grade", 4],
    ["volunteer_hours_in_year", 24],
    ["youth_study_sessions", 8],
    ["activities", 3],
  ] as const) {
    const recorded = await callApi(
      branch.page,
      "POST",
      `/api/v1/applications/${applicationId}/prerequisites`,
      {
        item,
        units,
        occurredOn: isoDaysAgo(30),
      },
    );
    expect(recorded.status).toBe(201);
  }
  await branch.page.reload();
  await branch.page.getByText("前置条件已全部满足").waitFor();

  await takeStep(branch.page, "propose_development_target", "发展对象待预审", () =>
    fillDate(branch.page, "targetProposedOn", isoDaysAgo(12)),
  );

  // The township committee pre-checks (the branch cannot).
  expect(await branch.page.getByTestId("action-precheck_development_target").count()).toBe(0);
  // …finding it in its to-do inbox (待办): the menu's badge counts it, the item links to the page.
  await committee.page.goto(`${server.url}/todos`);
  await committee.page.getByTestId("todo-badge").waitFor();
  const todo = committee.page
    .getByTestId("todos-table")
    .getByTestId("todo-link")
    .filter({ hasText: "王小青" });
  await todo.first().waitFor();
  await todo.first().click();
  await committee.page.waitForURL(new RegExp(`/development/applications/${applicationId}$`));
  await takeStep(committee.page, "precheck_development_target", "发展对象", () =>
    fillDate(committee.page, "precheckedOn", isoDaysAgo(10)),
  );

  await branch.page.reload();
  await takeStep(branch.page, "name_sponsors", "已确定入团介绍人", async () => {
    await fillDate(branch.page, "sponsorsNamedOn", isoDaysAgo(8));
    await pickMembers(branch.page, "sponsorMemberIds", [sponsorA.name, sponsorB.name]);
  });
  await takeStep(branch.page, "record_branch_vote", "支部大会已通过", async () => {
    await typeNumber(branch.page, "votingMembers", 20);
    await typeNumber(branch.page, "present", 16);
    await typeNumber(branch.page, "yes", 15);
    await fillDate(branch.page, "voteDate", isoDaysAgo(5));
  });

  // The committee approves: a member number from this year's quota.
  await committee.page.reload();
  await committee.page.getByTestId("application-quota").waitFor();
  await takeStep(committee.page, "approve_admission", "上级团委已批准", () =>
    fillDate(committee.page, "approvedOn", isoDaysAgo(2)),
  );
  const memberNumber = (await committee.page.getByTestId("application-member-number").textContent()) ?? "";
  expect(memberNumber).toMatch(/\d{6,}/);

  // The branch records the oath: the applicant is a member, the whole application on the timeline.
  await branch.page.reload();
  await takeStep(branch.page, "record_oath", "已入团", () =>
    fillDate(branch.page, "oathDate", isoDaysAgo(1)),
  );
  expect(await branch.page.getByTestId("application-step").count()).toBeGreaterThanOrEqual(9);
  await branch.page.getByTestId("application-member-link").waitFor();
  await branch.page.screenshot({
    path: path.join(SCREENSHOTS, "development-admitted.png"),
    fullPage: true,
  });

  // The township's quota page (the approval drew on the county's quota: the township holds none of its
  // own, its branches are listed to allot to) and the ratio panel beside it.
  await committee.page.goto(`${server.url}/orgs/${committee.orgId}/quotas`);
  await committee.page.getByTestId("quota-allotments").waitFor();
  await committee.page.getByTestId("ratio-panel").waitFor();
  await committee.page.screenshot({
    path: path.join(SCREENSHOTS, "development-quotas.png"),
    fullPage: true,
  });

  // The new member is in the branch's member list.
  const found = await callApi<{ items: { name: string; memberNumber: string | null }[] }>(
    branch.page,
    "GET",
    `/api/v1/organizations/${branch.orgId}/members?q=${encodeURIComponent("王小青")}`,
  );
  expect(found.json.items.map((item) => item.name)).toContain("王小青");
  expect(memberNumber).toContain(found.json.items[0]?.memberNumber ?? "missing");
}

describe("member development in the browser (发展团员)", () => {
  it("takes an applicant from written application to member, as the branch and the township committee", async () => {
    const branch = await signIn("demo-branch");
    const committee = await signIn("demo-township");
    try {
      await walkApplication(branch, committee);
    } catch (error) {
      // What each side saw when it failed, for the report.
      await branch.page.screenshot({
        path: path.join(SCREENSHOTS, "development-failed-branch.png"),
        fullPage: true,
      });
      await committee.page.screenshot({
        path: path.join(SCREENSHOTS, "development-failed-committee.png"),
        fullPage: true,
      });
      throw error;
    }
  }, 600_000);

  it("shows the applicant their application on a phone 375 px wide: the steps and what is missing", async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      locale: "zh-CN",
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator("input#username").fill("demo-applicant");
    await page.locator("input#password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.waitForURL(/\/me\/application/);
    await page.getByTestId("my-application").first().waitFor();
    expect(await page.getByTestId("my-application-state").first().textContent()).toBe("入团积极分子");
    expect(await page.getByTestId("my-application-steps").first().textContent()).toContain("递交入团申请");
    expect(await page.getByTestId("my-application-missing").first().locator("li").count()).toBeGreaterThan(0);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SCREENSHOTS, "development-applicant-375.png"), fullPage: true });

    // 我的档案: not a member yet.
    await page.getByTestId("me-nav").getByText("我的档案").click();
    await page.getByTestId("my-record-none").waitFor();
    await context.close();
  });
});

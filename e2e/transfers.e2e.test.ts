import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, logIn, type RunningServer, SCREENSHOTS, startTuanwu } from "./harness";

// Issue 11 part 9: organization relationship transfers in the browser. The county committee (demo-county,
// above the senior high school: the demo has no school account) starts the graduating class's batch on
// the class's 组织关系转接 page, routing the class's remaining graduates (those the demo season left
// without an open transfer) to the residence township 东河镇 as unplaced (学社衔接); the school's side
// approves; the receiving township (demo-township) accepts, assigning its village branch, and the
// receiving committee approves; the member lands in the village branch and 学社衔接率's numerator moves.

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

/** Picks an organization by name in the OrganizationSearchSelect marked `testId`. */
async function pickOrganization(page: Page, testId: string, name: string): Promise<void> {
  const input = page.locator(`[data-testid=${testId}] input`).first();
  await input.click();
  await input.fill(name);
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: name })
    .first()
    .click();
}

interface Detail {
  id: number;
  state: string;
  version: number;
  member: { id: number; name: string };
  availableActions: { action: string }[];
}

interface RateCard {
  indicatorId: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Takes `action` on the open transfer page (its button, the dialog, the submit; warnings confirmed). */
async function takeStep(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await page.getByTestId(`transfer-action-${action}`).click();
  await page.getByTestId("transfer-action-submit").waitFor();
  await fill?.();
  await page.getByTestId("transfer-action-submit").click();
  const closed = page.locator(".ant-modal:visible").waitFor({ state: "detached" });
  const warnings = page.getByTestId("transfer-warnings");
  await Promise.race([closed, warnings.waitFor()]);
  if (await warnings.isVisible()) {
    await page.getByTestId("transfer-warnings-acknowledge").click();
    await page.locator(".ant-modal:visible").waitFor({ state: "detached" });
  }
  expect(await page.getByTestId("transfer-action-failures").count()).toBe(0);
}

describe("organization relationship transfers in the browser (组织关系转接)", () => {
  it("the school's class batch, the receiving township's approval, the member lands, the rate moves", async () => {
    const county = await signIn("demo-county");
    const township = await signIn("demo-township");

    // The graduating class: a 高三 class branch with a graduation date (the demo season's).
    const found = await callApi<{ items: { id: number; name: string; kind: string }[] }>(
      county.page,
      "GET",
      `/api/v1/organizations?q=${encodeURIComponent("高三")}&limit=50`,
    );
    const classes = found.json.items.filter((organization) => organization.kind === "branch");
    let classBranch: { id: number; name: string } | undefined;
    for (const candidate of classes) {
      const detail = await callApi<{ graduatesOn?: string | null }>(
        county.page,
        "GET",
        `/api/v1/organizations/${candidate.id}`,
      );
      if (detail.json.graduatesOn) {
        classBranch = candidate;
        break;
      }
    }
    // The organization detail may not carry the date yet: the first 高三 class then.
    classBranch ??= classes.find((organization) => organization.name.includes("班"));
    expect(classBranch, "the demo has a graduating class").toBeDefined();
    if (!classBranch) return;
    // Without a date on the detail (or another school's 高三 found first): the class graduates this
    // season, set as its committee would (PUT /organizations/{id}/graduation-date).
    const dated = await callApi<{ graduatesOn?: string | null }>(
      county.page,
      "GET",
      `/api/v1/organizations/${classBranch.id}`,
    );
    if (!dated.json.graduatesOn) {
      const put = await callApi(
        county.page,
        "PUT",
        `/api/v1/organizations/${classBranch.id}/graduation-date`,
        {
          graduatesOn: `${new Date().toISOString().slice(0, 4)}-06-30`,
        },
      );
      expect(put.status).toBe(200);
    }
    const villages = await callApi<{ items: { id: number; name: string }[] }>(
      township.page,
      "GET",
      `/api/v1/organizations/${township.orgId}/children`,
    );
    const village = villages.json.items[0];
    expect(village).toBeDefined();
    if (!village) return;

    const rateOf = async () =>
      (
        await callApi<{ items: RateCard[] }>(
          county.page,
          "GET",
          `/api/v1/organizations/${county.orgId}/indicators?ids=transfer_school_to_society_rate`,
        )
      ).json.items.find((item) => item.indicatorId === "transfer_school_to_society_rate");
    const before = await rateOf();

    // The batch: every remaining graduate unplaced → the residence township 东河镇.
    await county.page.goto(`${server.url}/orgs/${classBranch.id}/transfers`);
    await county.page.getByTestId("transfers-start-batch").click();
    await county.page.getByTestId("batch-rows").locator("tbody tr.ant-table-row").first().waitFor();
    await county.page.getByTestId("batch-all-destination").click();
    await county.page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "未就业" })
      .click();
    const townshipName = (
      await callApi<{ name: string }>(township.page, "GET", `/api/v1/organizations/${township.orgId}`)
    ).json.name;
    await pickOrganization(county.page, "batch-all-organization", townshipName);
    await county.page.getByTestId("batch-apply-all").click();
    await county.page.getByTestId("batch-submit").click();
    const done = county.page.getByTestId("batch-done");
    const refused = county.page.getByTestId("batch-problems");
    await Promise.race([done.waitFor(), refused.waitFor()]);
    if (await refused.isVisible()) {
      await county.page.screenshot({ path: path.join(SCREENSHOTS, "transfers-batch-refused.png") });
      expect.fail(`the batch was refused: ${await refused.textContent()}`);
    }
    await county.page.screenshot({ path: path.join(SCREENSHOTS, "transfers-batch-done.png") });

    // One of them, through every step.
    const list = await callApi<{
      items: { transferId: number; memberName: string; toName: string | null; state: string }[];
    }>(county.page, "GET", `/api/v1/organizations/${classBranch.id}/transfer-worklist`);
    const mine = list.json.items.find(
      (item) => item.toName?.includes("东河镇") && item.state.startsWith("awaiting_sending"),
    );
    expect(mine).toBeDefined();
    if (!mine) return;

    // The sending side (the school's committee; demo-county stands above it) approves on the page.
    await county.page.goto(`${server.url}/orgs/${classBranch.id}/transfers/${mine.transferId}`);
    await county.page.getByTestId("transfer-view").waitFor();
    for (const action of ["approve_sending_branch", "approve_sending_committee"]) {
      if (await county.page.getByTestId(`transfer-action-${action}`).isVisible())
        await takeStep(county.page, action);
    }
    await county.page.getByTestId("transfer-state").filter({ hasText: "待转入组织接收" }).waitFor();

    // The receiving township sees it in its work list (awaiting here) and accepts, assigning its branch.
    await township.page.goto(`${server.url}/orgs/${township.orgId}/transfers`);
    await township.page.getByTestId(`worklist-row-${mine.transferId}`).click();
    await township.page.getByTestId("transfer-view").waitFor();
    await takeStep(township.page, "accept_receiving", () =>
      pickOrganization(township.page, "transfer-assigned-branch", village.name),
    );
    await township.page.getByTestId("transfer-state").filter({ hasText: "待转入团委审核" }).waitFor();

    // The receiving committee's approval: the township, if the assigned branch made it the committee above;
    // else the county.
    await township.page.reload();
    await township.page.getByTestId("transfer-view").waitFor();
    const approver = (await township.page
      .getByTestId("transfer-action-approve_receiving_committee")
      .isVisible())
      ? township.page
      : county.page;
    if (approver === county.page) await county.page.reload();
    await approver.getByTestId("transfer-view").waitFor();
    await takeStep(approver, "approve_receiving_committee");
    await approver.getByTestId("transfer-state").filter({ hasText: "转接完成" }).waitFor();
    await approver.screenshot({ path: path.join(SCREENSHOTS, "transfers-completed.png") });

    // The member lands in the village branch.
    const detail = await callApi<Detail>(county.page, "GET", `/api/v1/transfers/${mine.transferId}`);
    expect(detail.json.state).toBe("completed");
    const member = await callApi<{ organizationId?: number; organization?: { id: number }; status: string }>(
      county.page,
      "GET",
      `/api/v1/members/${detail.json.member.id}`,
    );
    expect(member.json.organizationId ?? member.json.organization?.id).toBe(village.id);
    expect(member.json.status).toBe("active");

    // 学社衔接率 moves: one more completed graduate not going on to study.
    const after = await rateOf();
    expect(after, "学社衔接率 is in the indicator catalog").toBeDefined();
    expect(after?.numerator ?? 0).toBe((before?.numerator ?? 0) + 1);
    await county.page.goto(`${server.url}/orgs/${county.orgId}/transfers`);
    await county.page.getByTestId("rate-transfer_school_to_society_rate").waitFor();
  }, 600_000);

  it("the receiving township starts a transfer in by citizen ID and name; the member's record stays masked", async () => {
    const county = await signIn("demo-county");
    const township = await signIn("demo-township");

    // A member outside the township (its administrator cannot read them): the county finds one.
    const members = await callApi<{ items: { id: number; name: string; organizationId: number }[] }>(
      county.page,
      "GET",
      `/api/v1/organizations/${county.orgId}/members?status=active&pageSize=100`,
    );
    let outsider: { id: number; name: string } | undefined;
    for (const candidate of members.json.items) {
      const seen = await callApi(township.page, "GET", `/api/v1/organizations/${candidate.organizationId}`);
      if (seen.status === 404) {
        outsider = candidate;
        break;
      }
    }
    expect(outsider, "the county holds a member outside the township").toBeDefined();
    if (!outsider) return;
    const record = await callApi<{ citizenId: string; name: string }>(
      county.page,
      "GET",
      `/api/v1/members/${outsider.id}`,
    );
    expect(record.json.citizenId, "the county administrator reads the full citizen ID").not.toContain("*");

    // 办理转入 on the township's 组织关系转接 page.
    await township.page.goto(`${server.url}/orgs/${township.orgId}/transfers`);
    await township.page.getByTestId("transfers-start-incoming").click();
    await township.page.getByTestId("start-incoming-citizen-id").fill(record.json.citizenId);
    await township.page.getByTestId("start-incoming-name").fill(record.json.name);
    await township.page.getByTestId("start-transfer-reason").click();
    await township.page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "居住地变动" })
      .click();
    await township.page.getByTestId("start-transfer-submit").click();
    await township.page.getByTestId("transfer-view").waitFor();
    expect(await township.page.getByTestId("transfer-member-name").textContent()).toContain(
      record.json.name.slice(0, 1),
    );
    await township.page.getByTestId("transfer-state").filter({ hasText: "待转出团支部审核" }).waitFor();
    await township.page.getByTestId("transfer-masked").waitFor();
    await township.page.screenshot({ path: path.join(SCREENSHOTS, "transfers-receiving-start.png") });

    // The receiving side may withdraw it until it decides; the sending branch's approval is not its step.
    expect(await township.page.getByTestId("transfer-action-approve_sending_branch").count()).toBe(0);
  }, 600_000);

  it("a graduate transferred out of the county: the sending side downloads the introduction letter", async () => {
    const county = await signIn("demo-county");
    // The demo's graduates leaving the county (转出本系统): a transferred-out member and its transfer.
    const out = await callApi<{ items: { id: number; name: string }[] }>(
      county.page,
      "GET",
      `/api/v1/organizations/${county.orgId}/members?status=transferred_out&pageSize=20`,
    );
    const graduate = out.json.items[0];
    expect(graduate, "the demo holds a graduate transferred out of the county").toBeDefined();
    if (!graduate) return;
    const events = await callApi<{ items: { kind: string; detail: { transferId?: number } | null }[] }>(
      county.page,
      "GET",
      `/api/v1/members/${graduate.id}/events`,
    );
    const transferId = events.json.items.find((event) => event.kind === "transfer_started")?.detail
      ?.transferId;
    expect(transferId, "the archive names the transfer").toBeDefined();

    await county.page.goto(`${server.url}/orgs/${county.orgId}/transfers/${transferId}`);
    await county.page.getByTestId("transfer-view").waitFor();
    await county.page.getByTestId("transfer-state").filter({ hasText: "已转出本系统" }).waitFor();
    await county.page.getByTestId("transfer-letter").waitFor();
    await county.page.screenshot({ path: path.join(SCREENSHOTS, "transfers-letter.png") });
    const [download] = await Promise.all([
      county.page.waitForEvent("download"),
      county.page.getByTestId("transfer-letter-docx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
  }, 600_000);
});

import path from "node:path";
import { findIndicator } from "@tuanwu/domain";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedInPage, SCREENSHOTS, type SignedInPage } from "./harness";

let demo: SignedInPage | undefined;
let baseUrl: string;
let page: Page;
let countyId: string;

/** "12,345" → 12345; "—" → NaN. */
function numberOf(text: string | null): number {
  return Number((text ?? "").replace(/[,\s%]/g, ""));
}

const MEMBERS_TOTAL = findIndicator("members_total")?.name.zh ?? "团员数";

/** The county's 团员数 as the server computes it, read from the indicator API in the signed-in page. */
async function serverMembersTotal(): Promise<number> {
  const body = await page.evaluate(async (id) => {
    const response = await fetch(`/api/v1/organizations/${id}/indicators?ids=members_total`);
    return (await response.json()) as { items: { indicatorId: string; value: number | null }[] };
  }, countyId);
  return body.items.find((item) => item.indicatorId === "members_total")?.value ?? Number.NaN;
}

/** The county's current members in the server's statistics (the data screen's headline figure). */
async function serverStatsMembers(): Promise<number> {
  return page.evaluate(async (id) => {
    const response = await fetch(`/api/v1/organizations/${id}/stats`);
    return ((await response.json()) as { totalMembers: number }).totalMembers;
  }, countyId);
}

/** The number of a table's "共 N 条". */
function totalOf(text: string | null): number {
  return numberOf((text ?? "").replace(/[共条]/g, ""));
}

/** Small enough that the county's member list (≈ 20,000) is refused and a township's is not. */
const EXPORT_ROW_LIMIT = 5_000;

beforeAll(async () => {
  // The server started for this file inherits the environment: a low export limit to see the refusal.
  process.env.TUANWU_EXPORT_ROW_LIMIT = String(EXPORT_ROW_LIMIT);
  demo = await openSignedInPage("demo-county");
  ({ url: baseUrl, page, orgId: countyId } = demo);
});

afterAll(async () => {
  await demo?.close();
  delete process.env.TUANWU_EXPORT_ROW_LIMIT;
});

describe("the county administrator (demo-county) on the indicator page (指标) and the data screen (大屏)", () => {
  it("sees the county's indicator cards, with the member count", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/indicators`);
    await page.getByTestId("indicators").waitFor();
    const card = page.getByTestId("indicator-card-members_total");
    await card.waitFor();
    const expected = await serverMembersTotal();
    expect(expected).toBeGreaterThan(1_000);
    await expect
      .poll(async () => numberOf(await card.getByTestId("indicator-card-value").textContent()), {
        timeout: 20_000,
      })
      .toBe(expected);
    expect(await card.textContent()).toContain(MEMBERS_TOTAL);
    await page.getByTestId("indicator-group-rates").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "indicators.png"), fullPage: true });
  });

  it("sorts the children table (下级对比) by the member count", async () => {
    const table = page.getByTestId("children-indicator-table");
    const rows = table.locator("tbody tr.ant-table-row");
    // One row per child organization of the county, as the API lists them.
    const children = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/organizations/${id}/children`);
      return ((await response.json()) as { items: unknown[] }).items.length;
    }, countyId);
    expect(children).toBeGreaterThan(1);
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(children);
    await table
      .locator("thead .ant-table-column-title", { hasText: new RegExp(`^${MEMBERS_TOTAL}$`) })
      .click();
    // The first click sorts descending: the largest child first.
    await expect
      .poll(
        async () => {
          const values = (await rows.locator("td:nth-child(2)").allTextContents()).map(numberOf);
          return values.every((value, index) => index === 0 || (values[index - 1] ?? 0) >= value);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await table.locator("thead th[aria-sort=descending]").textContent()).toContain(MEMBERS_TOTAL);
  });

  it("opens the list behind a child's number (drill-down), personal data masked", async () => {
    const table = page.getByTestId("children-indicator-table");
    // The largest child's 团员数 (the table is sorted by it): its list has exactly that many members.
    const value = table
      .locator("tbody tr.ant-table-row")
      .first()
      .locator("td:nth-child(2)")
      .getByTestId("children-indicator-value");
    const count = numberOf(await value.textContent());
    expect(count).toBeGreaterThan(0);
    await value.click();
    const drawer = page.getByTestId("drill-down");
    await drawer.waitFor();
    const rows = drawer.getByTestId("drill-down-table").locator("tbody tr.ant-table-row");
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => totalOf(await drawer.locator(".ant-pagination-total-text").textContent()))
      .toBe(count);
    const text = (await drawer.getByTestId("drill-down-table").textContent()) ?? "";
    // Citizen IDs come masked from the server: never 18 digits in a row.
    expect(text).not.toMatch(/\d{17}[\dX]/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "indicators-drill-down.png") });

    const download = page.waitForEvent("download");
    await drawer.getByTestId("drill-down-export").click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
  });

  it("exports the children table, and is told how to narrow an export over the row limit", async () => {
    const download = page.waitForEvent("download");
    await page.getByTestId("children-export").click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    // The county's whole member list is over the limit: the server's message says how to narrow it.
    await page.getByTestId("indicator-card-members_total").getByTestId("indicator-card-value").click();
    const drawer = page.getByTestId("drill-down");
    await drawer.getByTestId("drill-down-table").locator("tbody tr.ant-table-row").first().waitFor();
    await drawer.getByTestId("drill-down-export").click();
    const refusal = page.locator(".ant-modal-confirm");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(String(EXPORT_ROW_LIMIT));
    await page.waitForTimeout(500); // let the dialog's opening animation finish before the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, "indicators-export-too-large.png") });
    await refusal.getByRole("button").click();
    await page.keyboard.press("Escape");
  });

  it("is told beside the date picker when a date is refused (not a month-end)", async () => {
    await page.goto(`${baseUrl}/orgs/${countyId}/indicators?asOf=2020-06-15`);
    const error = page.getByTestId("indicators-as-of-error");
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toContain("asOf");
    await page.goto(`${baseUrl}/orgs/${countyId}/indicators`);
    await page.getByTestId("indicator-card-members_total").waitFor();
  });

  it("opens the data screen (数据大屏) and sees its charts", async () => {
    const href = await page.getByTestId("indicators-screen-link").getAttribute("href");
    expect(href).toBe(`/screen/${countyId}`);
    await page.goto(`${baseUrl}${href}`);
    await page.getByTestId("data-screen").waitFor();
    expect(await page.getByTestId("screen-title").textContent()).toContain("旺苍县");
    await expect
      .poll(
        async () =>
          numberOf(
            await page.getByTestId("screen-kpi-members").getByTestId("screen-kpi-value").textContent(),
          ),
        { timeout: 20_000 },
      )
      .toBe(await serverStatsMembers());
    await page.getByTestId("screen-age").locator("canvas").first().waitFor();
    await page.getByTestId("screen-children").locator("canvas").first().waitFor();
    await page.getByTestId("screen-trend").locator("canvas").first().waitFor();
    await page.waitForTimeout(1_000); // let the chart animations finish before the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, "data-screen.png") });
  });
});

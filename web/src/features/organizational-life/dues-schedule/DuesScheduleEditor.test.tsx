import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Slow under a loaded machine (antd tables in jsdom).
vi.setConfig({ testTimeout: 120_000 });

import { api } from "../../../api/client";
import { meWith, renderWithApp } from "../../../test/render";
import { DuesScheduleEditor } from "./DuesScheduleEditor";

const ROWS = [
  {
    category: "student",
    incomeMinYuan: 0,
    incomeMaxYuan: null,
    monthlyYuan: 0.2,
    effectiveFrom: "2020-01-01",
  },
  {
    category: "wage_earner",
    incomeMinYuan: 0,
    incomeMaxYuan: 3000,
    monthlyYuan: 0.5,
    effectiveFrom: "2020-01-01",
  },
];
let put: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.spyOn(api, "GET").mockImplementation((async () => ({
    data: { organizationId: 5, ownerOrganizationId: 1, isDefault: false, rows: ROWS },
    response: new Response(null, { status: 200 }),
  })) as never);
  put = vi.fn(async () => ({
    error: { error: { code: "invalid_input", message: "收入档次重叠", field: "rows.1.incomeMinYuan" } },
    response: new Response(null, { status: 400 }),
  }));
  vi.spyOn(api, "PUT").mockImplementation(put as never);
});
afterEach(() => vi.restoreAllMocks());

describe("DuesScheduleEditor (团费标准)", () => {
  it("shows the inherited schedule in yuan; a reader gets no editor", async () => {
    renderWithApp(<DuesScheduleEditor organizationId={5} />, {
      me: meWith([...ROLE_PERMISSIONS.member] as never),
    });
    expect(await screen.findByText("沿用上级组织的标准")).toBeTruthy();
    expect(screen.getByText("¥0.50")).toBeTruthy();
    expect(screen.queryByTestId("dues-schedule-edit")).toBeNull();
  });

  it("a writer edits, adds a row and sees the server's refusal on the row", async () => {
    renderWithApp(<DuesScheduleEditor organizationId={5} />, {
      me: meWith([...ROLE_PERMISSIONS.org_admin] as never),
    });
    await screen.findByText("沿用上级组织的标准");
    fireEvent.click(screen.getByTestId("dues-schedule-edit"));
    fireEvent.click(screen.getByTestId("dues-schedule-add"));
    fireEvent.click(screen.getByTestId("dues-schedule-save"));
    await waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    expect(put.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: 5 } } });
    const sent = put.mock.calls[0]?.[1] as { body: { rows: unknown[] } } | undefined;
    expect(sent?.body.rows).toHaveLength(3);
    expect((await screen.findByTestId("dues-schedule-error")).textContent).toContain("#2: 收入档次重叠");
    expect(
      screen
        .getByLabelText("月收入下限（元） 2")
        .closest(".ant-input-number")
        ?.classList.contains("ant-input-number-status-error"),
    ).toBe(true);
  });
});

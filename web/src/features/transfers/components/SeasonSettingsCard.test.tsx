import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { meWith, renderWithApp } from "../../../test/render";
import { GraduationDateCard } from "./GraduationDateCard";
import { currentSeasonYear, SeasonSettingsCard } from "./SeasonSettingsCard";

const admin = meWith([...ROLE_PERMISSIONS.org_admin]);

const inherited = {
  year: 2026,
  initiatedBy: "2026-08-31",
  approvedBy: "2026-09-30",
  completedBy: "2026-10-31",
  mobileBranchMonths: 12,
  fromOrganizationId: 1,
  own: false,
};

let put: ReturnType<typeof vi.fn>;

/** The input of a test id (antd puts it on the input or on its wrapper). */
function inputOf(testId: string): HTMLInputElement {
  const node = screen.getByTestId(testId);
  return (node.tagName === "INPUT" ? node : node.querySelector("input")) as HTMLInputElement;
}

beforeEach(() => {
  vi.spyOn(api, "GET").mockImplementation((async () => ({
    data: inherited,
    response: new Response(null, { status: 200 }),
  })) as never);
  put = vi.fn(async (_path: string, init: { body: Record<string, unknown> }) => ({
    data: { ...inherited, ...init.body, fromOrganizationId: 5, own: true },
    response: new Response(null, { status: 200 }),
  }));
  vi.spyOn(api, "PUT").mockImplementation(put as never);
});
afterEach(() => vi.restoreAllMocks());

describe("currentSeasonYear", () => {
  it("is this year's season from June, else last year's", () => {
    expect(currentSeasonYear(new Date(2026, 5, 1))).toBe(2026);
    expect(currentSeasonYear(new Date(2026, 11, 6))).toBe(2026);
    expect(currentSeasonYear(new Date(2027, 2, 1))).toBe(2026);
  });
});

describe("SeasonSettingsCard (毕业季设置)", () => {
  it("shows whose settings apply and saves the committee's own", async () => {
    renderWithApp(<SeasonSettingsCard organizationId={5} canWrite />, { me: admin });
    expect((await screen.findByTestId("season-source")).textContent).toBe("沿用上级团委的设置");
    await waitFor(() => expect(inputOf("season-months").value).toBe("12"));
    fireEvent.click(screen.getByTestId("season-save"));
    await waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    expect(put.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { id: 5 } },
      body: {
        initiatedBy: "2026-08-31",
        approvedBy: "2026-09-30",
        completedBy: "2026-10-31",
        mobileBranchMonths: 12,
      },
    });
  });

  it("only shows the settings without member:write", async () => {
    renderWithApp(<SeasonSettingsCard organizationId={5} canWrite={false} />, { me: admin });
    await screen.findByTestId("season-source");
    expect(screen.queryByTestId("season-save")).toBeNull();
  });
});

describe("GraduationDateCard (毕业时间)", () => {
  it("shows the class's date and clears it", async () => {
    renderWithApp(<GraduationDateCard organizationId={9} graduatesOn="2026-06-20" canWrite />, { me: admin });
    expect(screen.getByTestId("graduation-date-current").textContent).toBe("毕业时间：2026-06-20");
    fireEvent.click(screen.getByTestId("graduation-date-clear"));
    await waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    expect(put.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { id: 9 } },
      body: { graduatesOn: null },
    });
  });

  it("says when none is set, and offers no editing without member:write", () => {
    renderWithApp(<GraduationDateCard organizationId={9} graduatesOn={null} canWrite={false} />, {
      me: admin,
    });
    expect(screen.getByTestId("graduation-date-current").textContent).toBe("尚未设置毕业时间");
    expect(screen.queryByTestId("graduation-date-save")).toBeNull();
  });
});

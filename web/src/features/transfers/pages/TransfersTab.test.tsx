import { fireEvent, screen } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Outlet, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { Organization } from "../../../api/types";
import { meWith, renderWithApp } from "../../../test/render";
import { TransfersTab } from "./TransfersTab";

const branch: Organization = {
  id: 9,
  parentId: 5,
  kind: "branch",
  level: "grassroots",
  sector: "secondary_school",
  name: "旺苍中学高三（1）班团支部",
  shortName: "高三（1）班团支部",
  code: "510821-9",
  divisionCode: null,
  childCount: 0,
  subtreeMemberCount: 40,
  path: "1/5/9/",
  foundedOn: null,
  termStart: null,
  termEnd: null,
  graduatesOn: "2026-06-20",
  ancestors: [],
};
const committee: Organization = { ...branch, id: 5, kind: "committee", name: "旺苍中学团委", path: "1/5/" };

const EMPTY_WORKLIST = {
  organizationId: 9,
  total: 0,
  overdue: 0,
  awaitingHere: 0,
  truncated: false,
  counts: [],
  items: [],
};
const EMPTY_BACKLOG = {
  total: 0,
  overdue: 0,
  oldestDays: 0,
  byState: [],
};

beforeEach(() => {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    const data = path.endsWith("transfer-worklist")
      ? EMPTY_WORKLIST
      : path.endsWith("transfer-backlog")
        ? { organizationId: 5, ...EMPTY_BACKLOG, atThisOrganization: EMPTY_BACKLOG, children: [] }
        : path.endsWith("member-flows")
          ? { total: 0, reminders: 0, items: [] }
          : path.includes("transfer-seasons")
            ? {
                year: 2026,
                initiatedBy: "2026-08-31",
                approvedBy: "2026-09-30",
                completedBy: "2026-10-31",
                mobileBranchMonths: 6,
                fromOrganizationId: null,
                own: false,
              }
            : { items: [] };
    return { data, response: new Response(null, { status: 200 }) };
  }) as never);
});
afterEach(() => vi.restoreAllMocks());

function renderTab(organization: Organization, permissions: readonly string[]) {
  return renderWithApp(
    <Routes>
      <Route element={<Outlet context={{ organization }} />}>
        <Route path="/orgs/:orgId/transfers" element={<TransfersTab />} />
      </Route>
    </Routes>,
    { me: meWith([...permissions] as never), path: `/orgs/${organization.id}/transfers` },
  );
}

describe("TransfersTab (组织关系转接): sections and actions by organization and permission", () => {
  it("a branch secretary: start, receive, batch; 流动团员 and the class's graduation date", async () => {
    renderTab(branch, ROLE_PERMISSIONS.branch_secretary);
    expect(screen.getByTestId("transfers-start")).toBeDefined();
    expect(screen.getByTestId("transfers-start-incoming").textContent?.replace(/\s/g, "")).toBe("办理转入");
    expect(screen.getByTestId("transfers-start-batch")).toBeDefined();
    expect(screen.getByTestId("transfers-incoming-letter").textContent?.replace(/\s/g, "")).toBe(
      "登记转入介绍信",
    );
    fireEvent.click(screen.getByText("毕业时间"));
    expect((await screen.findByTestId("graduation-date-current")).textContent).toBe("毕业时间：2026-06-20");
    expect(screen.getByTestId("graduation-date-picker")).toBeDefined();
    fireEvent.click(screen.getByText("流动团员"));
    expect(await screen.findByTestId("flows-start")).toBeDefined();
  });

  it("a committee: the season settings, no batch", async () => {
    renderTab(committee, ROLE_PERMISSIONS.org_admin);
    expect(screen.queryByTestId("transfers-start-batch")).toBeNull();
    fireEvent.click(screen.getByText("毕业季设置"));
    expect((await screen.findByTestId("season-source")).textContent).toBe("默认设置");
    expect(screen.getByTestId("season-save")).toBeDefined();
  });

  it("without member:write: no start of any kind, the settings only shown", async () => {
    renderTab(committee, ROLE_PERMISSIONS.evaluator);
    expect(screen.queryByTestId("transfers-start")).toBeNull();
    expect(screen.queryByTestId("transfers-start-incoming")).toBeNull();
    expect(screen.queryByTestId("transfers-incoming-letter")).toBeNull();
    fireEvent.click(screen.getByText("毕业季设置"));
    await screen.findByTestId("season-source");
    expect(screen.queryByTestId("season-save")).toBeNull();
  });
});

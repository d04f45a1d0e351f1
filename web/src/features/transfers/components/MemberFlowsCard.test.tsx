import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { meWith, renderWithApp } from "../../../test/render";
import type { MemberFlow } from "../api/transfer-queries";
import { MemberFlowsCard } from "./MemberFlowsCard";

const secretary = meWith([...ROLE_PERMISSIONS.branch_secretary]);

function flow(id: number, memberName: string, reminder: MemberFlow["reminder"]): MemberFlow {
  return {
    id,
    memberId: 100 + id,
    memberName,
    outflowOrganizationId: 9,
    outflowName: "旺苍中学高三（1）班团支部",
    inflowOrganizationId: 30,
    inflowName: "广元市流动团员团支部",
    since: "2026-07-01",
    until: reminder === "none" ? null : "2026-12-20",
    endedOn: null,
    reminder,
  };
}

let post: ReturnType<typeof vi.fn>;
let get: ReturnType<typeof vi.fn>;

beforeEach(() => {
  get = vi.fn(async () => ({
    data: { total: 2, reminders: 1, items: [flow(1, "李小明", "due"), flow(2, "王芳", "none")] },
    response: new Response(null, { status: 200 }),
  }));
  vi.spyOn(api, "GET").mockImplementation(get as never);
  post = vi.fn(async () => ({
    data: { ...flow(1, "李小明", "due"), endedOn: "2026-12-06" },
    response: new Response(null, { status: 200 }),
  }));
  vi.spyOn(api, "POST").mockImplementation(post as never);
});
afterEach(() => vi.restoreAllMocks());

describe("MemberFlowsCard (流动团员)", () => {
  it("lists the flows both ways with the reminders due, and ends one", async () => {
    renderWithApp(<MemberFlowsCard organizationId={9} canWrite isBranch />, { me: secretary });
    expect((await screen.findByTestId("flows-reminders")).textContent).toContain("1 名流动团员");
    expect(screen.getByTestId("flows-table").textContent).toContain("王芳");
    expect(screen.getByTestId("flow-reminder-1").textContent).toBe("即将到期");
    expect(screen.queryByTestId("flow-reminder-2")).toBeNull();
    expect(get.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { id: 9 }, query: { direction: "both" } },
    });
    expect(screen.getByTestId("flows-start")).toBeDefined();
    fireEvent.click(screen.getByTestId("flow-end-1"));
    fireEvent.click(await screen.findByText("结束流动", { selector: ".ant-popconfirm button span" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[0]).toBe("/api/v1/member-flows/{id}/end");
    expect(post.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: 1 } } });
  });

  it("without member:write: no set-up, no end; a committee sets up none", async () => {
    renderWithApp(<MemberFlowsCard organizationId={5} canWrite={false} isBranch={false} />, {
      me: secretary,
    });
    await screen.findByTestId("flows-reminders");
    expect(screen.queryByTestId("flows-start")).toBeNull();
    expect(screen.queryByTestId("flow-end-1")).toBeNull();
  });

  it("the inflow organization is found across the installation (the transfers' lookup)", async () => {
    const lookup = vi.spyOn(api, "GET").mockImplementation((async (path: string) => ({
      data:
        path === "/api/v1/transfers/destinations"
          ? {
              items: [
                {
                  id: 401,
                  name: "成都市武侯区流动团员团支部",
                  kind: "branch",
                  ancestorNames: ["共青团成都市委员会", "共青团武侯区委员会"],
                },
              ],
            }
          : { total: 0, reminders: 0, items: [], page: 1, pageSize: 50 },
      response: new Response(null, { status: 200 }),
    })) as never);
    renderWithApp(<MemberFlowsCard organizationId={9} canWrite isBranch />, { me: secretary });
    fireEvent.click(await screen.findByTestId("flows-start"));
    const node = await screen.findByTestId("flow-start-inflow");
    const input = (node.tagName === "INPUT" ? node : node.querySelector("input")) as HTMLInputElement;
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: "武侯" } });
    expect(await screen.findByText("共青团成都市委员会 / 共青团武侯区委员会")).toBeDefined();
    expect(lookup).toHaveBeenCalledWith("/api/v1/transfers/destinations", {
      params: { query: { q: "武侯" } },
    });
  });
});

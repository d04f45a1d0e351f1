import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { ApiError } from "../../../api/errors";
import { meWith, renderWithApp } from "../../../test/render";
import { DuplicateMemberOffer, isDuplicateCitizenId } from "./DuplicateMemberOffer";
import { StartTransferModal } from "./StartTransferModal";

const secretary = meWith([...ROLE_PERMISSIONS.branch_secretary]);
const branch = { id: 20, name: "东河镇东河村团支部" };

let post: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.spyOn(api, "GET").mockImplementation((async () => ({
    data: { items: [], total: 0, page: 1, pageSize: 50 },
    response: new Response(null, { status: 200 }),
  })) as never);
  post = vi.fn(async () => ({ data: { id: 77 }, response: new Response(null, { status: 201 }) }));
  vi.spyOn(api, "POST").mockImplementation(post as never);
});
afterEach(() => vi.restoreAllMocks());

function inputOf(testId: string): HTMLInputElement {
  const node = screen.getByTestId(testId);
  return (node.tagName === "INPUT" ? node : node.querySelector("input")) as HTMLInputElement;
}

describe("StartTransferModal: the receiving side's start (办理转入)", () => {
  it("names the member by citizen ID and name, into this organization, no member search", async () => {
    const onStarted = vi.fn();
    renderWithApp(
      <StartTransferModal
        organizationId={branch.id}
        receiving={{ organization: branch, citizenId: "51082120080501123x", name: "李小明" }}
        onClose={() => {}}
        onStarted={onStarted}
      />,
      { me: secretary },
    );
    expect(screen.getByTestId("start-incoming-to").textContent).toBe(branch.name);
    expect(screen.queryByTestId("start-transfer-member")).toBeNull();
    expect(inputOf("start-incoming-citizen-id").value).toBe("51082120080501123x");
    fireEvent.mouseDown(
      screen.getByTestId("start-transfer-reason").querySelector(".ant-select-selector") ??
        screen.getByTestId("start-transfer-reason"),
    );
    fireEvent.click(await screen.findByText("居住地变动"));
    fireEvent.click(screen.getByTestId("start-transfer-submit"));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[0]).toBe("/api/v1/transfers");
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      body: {
        citizenId: "51082120080501123X",
        name: "李小明",
        toOrganizationId: 20,
        reason: "moved_residence",
        kind: "ordinary",
      },
    });
    expect(post.mock.calls[0]?.[1]).not.toHaveProperty("body.memberId", expect.anything());
    await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
    expect(onStarted.mock.calls[0]?.[0]).toEqual({ id: 77 });
  });

  it("asks for the citizen ID and the name", async () => {
    renderWithApp(
      <StartTransferModal
        organizationId={branch.id}
        receiving={{ organization: branch }}
        onClose={() => {}}
        onStarted={() => {}}
      />,
      { me: secretary },
    );
    fireEvent.click(screen.getByTestId("start-transfer-submit"));
    expect(await screen.findByText("请填写18位公民身份号码")).toBeDefined();
    expect(screen.getByText("请填写姓名")).toBeDefined();
    expect(post).not.toHaveBeenCalled();
  });
});

describe("StartTransferModal: the sending side or the member", () => {
  it("finds the receiving organization across the installation, with its ancestors' names", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => ({
      data:
        path === "/api/v1/transfers/destinations"
          ? {
              items: [
                {
                  id: 301,
                  name: "东城街道团工委",
                  kind: "working_committee",
                  ancestorNames: ["共青团广元市委员会", "共青团利州区委员会"],
                },
              ],
            }
          : { items: [], total: 0, page: 1, pageSize: 50 },
      response: new Response(null, { status: 200 }),
    })) as never);
    renderWithApp(
      <StartTransferModal organizationId={9} memberId={7} onClose={() => {}} onStarted={() => {}} />,
      {
        me: secretary,
      },
    );
    const input = inputOf("start-transfer-to");
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: "东城" } });
    expect(await screen.findByText("共青团广元市委员会 / 共青团利州区委员会")).toBeDefined();
    expect(get).toHaveBeenCalledWith("/api/v1/transfers/destinations", { params: { query: { q: "东城" } } });
  });

  it("a transfer out of the installation names the organization instead", async () => {
    renderWithApp(
      <StartTransferModal organizationId={9} memberId={7} onClose={() => {}} onStarted={() => {}} />,
      {
        me: secretary,
      },
    );
    fireEvent.click(screen.getByText("转出本系统（开具介绍信）"));
    fireEvent.change(await screen.findByTestId("start-transfer-external-name"), {
      target: { value: " 成都市武侯区团委 " },
    });
    fireEvent.change(screen.getByTestId("start-transfer-external-address"), {
      target: { value: "成都市武侯区" },
    });
    expect(screen.queryByTestId("start-transfer-to")).toBeNull();
    fireEvent.mouseDown(
      screen.getByTestId("start-transfer-reason").querySelector(".ant-select-selector") ??
        screen.getByTestId("start-transfer-reason"),
    );
    fireEvent.click(await screen.findByText("居住地变动"));
    fireEvent.click(screen.getByTestId("start-transfer-submit"));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      body: {
        memberId: 7,
        toExternalName: "成都市武侯区团委",
        toExternalAddress: "成都市武侯区",
        reason: "moved_residence",
      },
    });
    expect(post.mock.calls[0]?.[1]).not.toHaveProperty("body.toOrganizationId", expect.anything());
  });
});

describe("DuplicateMemberOffer (新增团员's duplicate citizen ID)", () => {
  it("knows the duplicate error, and only it", () => {
    expect(isDuplicateCitizenId(new ApiError(409, "duplicate", "已登记", "citizenId"))).toBe(true);
    expect(isDuplicateCitizenId(new ApiError(409, "transfer_already_open", "已有", undefined))).toBe(false);
    expect(isDuplicateCitizenId(new ApiError(400, "duplicate", "x", "citizenId"))).toBe(false);
  });

  it("offers the transfer in, prefilled with what the form held", async () => {
    renderWithApp(
      <DuplicateMemberOffer
        branch={branch}
        citizenId="510821200805011234"
        name="王芳"
        onStarted={() => {}}
      />,
      { me: secretary },
    );
    expect(screen.getByTestId("duplicate-offer").textContent).toContain("可以由本组织发起转入");
    fireEvent.click(screen.getByTestId("duplicate-start-transfer"));
    expect(
      inputOf((await screen.findByTestId("start-incoming-citizen-id")).getAttribute("data-testid") ?? "")
        .value,
    ).toBe("510821200805011234");
    expect(inputOf("start-incoming-name").value).toBe("王芳");
  });
});

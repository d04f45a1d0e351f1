import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { meWith, renderWithApp } from "../../../test/render";
import type { MemberFormValues } from "../../members/components/member-form-values";
import { IncomingLetterModal } from "./IncomingLetterModal";

const secretary = meWith([...ROLE_PERMISSIONS.branch_secretary]);
const branch = { id: 20, name: "东河镇东河村团支部", kind: "branch" };

/** A record that passes every check: 510821200501011237 is a man born on 2005-01-01. */
const member: MemberFormValues = {
  name: "张三",
  idDocumentType: "resident_id_card",
  citizenId: "510821200501011237",
  birthDate: "2005-01-01",
  sex: "male",
  joinedOn: "2019-05-04",
  ethnicity: "han",
  politicalStatus: "league_member",
};

let post: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.spyOn(api, "GET").mockImplementation((async () => ({
    data: { items: [], total: 0, page: 1, pageSize: 50 },
    response: new Response(null, { status: 200 }),
  })) as never);
  post = vi.fn(async () => ({ data: { id: 88 }, response: new Response(null, { status: 201 }) }));
  vi.spyOn(api, "POST").mockImplementation(post as never);
});
afterEach(() => vi.restoreAllMocks());

function refuse(status: number, code: string, message: string, field?: string) {
  post.mockImplementation(async () => ({
    error: { error: { code, message, ...(field ? { field } : {}) } },
    response: new Response(null, { status }),
  }));
}

async function fillLetter() {
  fireEvent.change(screen.getByTestId("incoming-letter-from"), {
    target: { value: " 成都市武侯区团委 " },
  });
  fireEvent.change(screen.getByTestId("incoming-letter-number"), { target: { value: "武团转〔2026〕12号" } });
  fireEvent.mouseDown(
    screen.getByTestId("incoming-letter-reason").querySelector(".ant-select-selector") ??
      screen.getByTestId("incoming-letter-reason"),
  );
  fireEvent.click(await screen.findByText("居住地变动"));
}

function renderModal(onRegistered = vi.fn(), organization = branch) {
  renderWithApp(
    <IncomingLetterModal
      organization={organization}
      initialMember={member}
      onClose={() => {}}
      onRegistered={onRegistered}
    />,
    { me: secretary },
  );
  return onRegistered;
}

describe("IncomingLetterModal (登记转入介绍信)", () => {
  it("registers the letter and the member's record at the branch", async () => {
    const onRegistered = renderModal();
    expect(screen.getByTestId("incoming-letter-hint").textContent).toContain(branch.name);
    expect(screen.queryByTestId("incoming-letter-branch")).toBeNull();
    await fillLetter();
    fireEvent.click(screen.getByTestId("incoming-letter-submit"));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[0]).toBe("/api/v1/organizations/{id}/transfers/incoming-letters");
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { id: 20 } },
      body: {
        fromExternalName: "成都市武侯区团委",
        letterNumber: "武团转〔2026〕12号",
        reason: "moved_residence",
        kind: "ordinary",
        member: { name: "张三", citizenId: "510821200501011237", joinedOn: "2019-05-04", sex: "male" },
      },
    });
    expect(post.mock.calls[0]?.[1]).not.toHaveProperty("body.member.organizationId");
    await waitFor(() => expect(onRegistered).toHaveBeenCalledWith({ id: 88 }));
  }, 90_000); // the first render of the whole record form is slow on a loaded machine

  it("asks for the issuing organization and the reason, and sends nothing", async () => {
    renderModal();
    fireEvent.click(screen.getByTestId("incoming-letter-submit"));
    expect(await screen.findByText("请填写开具介绍信的团组织")).toBeDefined();
    expect(screen.getByText("请选择转接原因")).toBeDefined();
    expect(post).not.toHaveBeenCalled();
  });

  it("shows the server's refusal on the member field it names (member.name → 姓名)", async () => {
    refuse(400, "invalid_input", "姓名：与该公民身份号码转出本系统前登记的姓名（张山）不一致", "member.name");
    renderModal();
    await fillLetter();
    fireEvent.click(screen.getByTestId("incoming-letter-submit"));
    expect(await screen.findByText(/转出本系统前登记的姓名（张山）不一致/)).toBeDefined();
    expect(screen.queryByTestId("incoming-letter-error")).toBeNull();
  });

  it("a letter already registered: the 409 shows on the letter number", async () => {
    refuse(409, "duplicate_letter", "介绍信编号：“成都市武侯区团委”的第 12 号介绍信已登记", "letterNumber");
    renderModal();
    await fillLetter();
    fireEvent.click(screen.getByTestId("incoming-letter-submit"));
    expect(await screen.findByText(/号介绍信已登记/)).toBeDefined();
  });

  it("above a branch: the receiving branch must be chosen", async () => {
    renderModal(vi.fn(), { id: 3, name: "东河镇团委", kind: "committee" });
    expect(screen.getByTestId("incoming-letter-branch")).toBeDefined();
    await fillLetter();
    fireEvent.click(screen.getByTestId("incoming-letter-submit"));
    expect(await screen.findAllByText("请选择转入的团支部")).not.toHaveLength(0);
    expect(post).not.toHaveBeenCalled();
  });
});

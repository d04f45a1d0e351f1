import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import { meWith, renderWithApp } from "../../../test/render";
import type * as CadreQueries from "../api/cadre-queries";
import { type Cadre, createPlacement } from "../api/cadre-queries";
import { PlacementModal } from "./PlacementModal";

vi.mock("../api/cadre-queries", async (importOriginal) => {
  const original = await importOriginal<typeof CadreQueries>();
  return { ...original, createPlacement: vi.fn() };
});

const create = vi.mocked(createPlacement);
const secretary = meWith([...ROLE_PERMISSIONS.branch_secretary]);

const cadre = {
  id: 7,
  organizationId: 3,
  organizationName: "东一村团支部",
  memberId: null,
  name: "王丽",
  gender: "female",
  birthDate: "1996-03-01",
  age: 30,
  phone: null,
  post: "secretary",
  postLabel: "书记",
  kind: "full_time",
  sourceChannel: "other",
  fromGrassroots: true,
  partyMember: true,
  education: null,
  startedOn: "2020-01-01",
  endedOn: null,
} satisfies Cadre;

afterEach(() => vi.clearAllMocks());

describe("PlacementModal (双向交流 / 挂职锻炼)", () => {
  it("shows where the cadre comes from and sends kind, host and the dates (default end: the minimum)", async () => {
    create.mockResolvedValue({} as never);
    const onClose = vi.fn();
    renderWithApp(<PlacementModal cadre={cadre} onClose={onClose} />, { me: secretary });
    expect((await screen.findByTestId("placement-from")).textContent).toContain("东一村团支部");
    expect(screen.getByText(/不少于3个月/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("交流单位"), { target: { value: "县委组织部" } });
    fireEvent.click(screen.getByRole("button", { name: /确\s*定|OK/ }));
    await waitFor(() => expect(create).toHaveBeenCalled());
    const [cadreId, body] = create.mock.calls[0] ?? [];
    expect(cadreId).toBe(7);
    expect(body).toMatchObject({ kind: "exchange", hostName: "县委组织部" });
    expect(String(body?.endsOn) > String(body?.startsOn)).toBe(true);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it("shows the server's refusal naming the field and stays open", async () => {
    create.mockRejectedValue(
      new ApiError(
        400,
        "invalid_input",
        "结束日期 endsOn：挂职锻炼时间不少于3个月（旺苍县改革方案第4项）",
        "endsOn",
      ),
    );
    const onClose = vi.fn();
    renderWithApp(<PlacementModal cadre={cadre} onClose={onClose} />, { me: secretary });
    fireEvent.change(await screen.findByLabelText("交流单位"), { target: { value: "县委组织部" } });
    fireEvent.click(screen.getByRole("button", { name: /确\s*定|OK/ }));
    expect((await screen.findByTestId("form-error")).textContent).toContain(
      "endsOn：挂职锻炼时间不少于3个月",
    );
    expect(onClose).not.toHaveBeenCalled();
  });
});

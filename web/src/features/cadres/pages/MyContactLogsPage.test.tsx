import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import { meWith, renderWithApp } from "../../../test/render";
import type * as CadreQueries from "../api/cadre-queries";
import { createOwnContactLog, type OwnContactLogs } from "../api/cadre-queries";
import { chinaToday, MyContactLogsPage } from "./MyContactLogsPage";

vi.mock("../api/cadre-queries", async (importOriginal) => {
  const original = await importOriginal<typeof CadreQueries>();
  return {
    ...original,
    createOwnContactLog: vi.fn(),
    ownContactLogsQuery: (year: number) => ({
      queryKey: ["cadres", "own-contact-logs", year],
      queryFn: () => ownLogs(),
    }),
  };
});

const ownLogs = vi.fn<() => Promise<OwnContactLogs>>();
const create = vi.mocked(createOwnContactLog);
const secretary = meWith([...ROLE_PERMISSIONS.branch_secretary]);

const own: OwnContactLogs = {
  cadreId: 5,
  name: "王丽",
  duties: {
    year: 2026,
    duties: [
      { key: "lectures", label: "讲团课", minimum: 4, unit: "次", done: 1, met: false },
      { key: "visits", label: "走访", minimum: 10, unit: "次", done: 10, met: true },
    ],
    allMet: false,
    grassrootsDays: 3,
    contacts: 11,
  },
  logs: [],
};

afterEach(() => vi.clearAllMocks());

describe("MyContactLogsPage (a cadre logs a grassroots visit from a phone)", () => {
  it("saves a visit of today in one tap, with the youth met and a note", async () => {
    ownLogs.mockResolvedValue(own);
    create.mockResolvedValue({} as never);
    renderWithApp(<MyContactLogsPage />, { me: secretary });
    expect((await screen.findByTestId("contact-duties")).textContent).toContain("10/10");
    fireEvent.change(screen.getByLabelText("联系青年人数"), { target: { value: "12" } });
    fireEvent.blur(screen.getByLabelText("联系青年人数"));
    fireEvent.change(screen.getByLabelText("备注（可选）"), { target: { value: "走访东河镇团支部" } });
    fireEvent.click(screen.getByTestId("contact-submit"));
    expect(await screen.findByTestId("contact-saved")).toBeDefined();
    expect(create).toHaveBeenCalledWith({
      kind: "visit",
      occurredOn: chinaToday(),
      youthCount: 12,
      note: "走访东河镇团支部",
    });
  });

  it("shows the server's message for a date in the future, and stays on the form", async () => {
    ownLogs.mockResolvedValue(own);
    create.mockRejectedValue(new ApiError(400, "contact_date_in_future", "日期：不能晚于今天", "occurredOn"));
    renderWithApp(<MyContactLogsPage />, { me: secretary });
    await screen.findByTestId("contact-duties");
    fireEvent.click(screen.getByTestId("contact-submit"));
    expect((await screen.findByTestId("contact-error")).textContent).toContain("不能晚于今天");
    expect(screen.queryByTestId("contact-saved")).toBeNull();
  });

  it("tells an account without a cadre record that it cannot log (404)", async () => {
    ownLogs.mockRejectedValue(new ApiError(404, "not_found", "没有团干部记录"));
    renderWithApp(<MyContactLogsPage />, { me: secretary });
    await waitFor(() =>
      expect(screen.getByTestId("contact-not-cadre").textContent).toContain("没有在岗的团干部记录"),
    );
  });
});

describe("chinaToday", () => {
  it("is the date in Asia/Shanghai (UTC+8)", () => {
    expect(chinaToday(new Date("2026-03-01T17:00:00Z"))).toBe("2026-03-02");
    expect(chinaToday(new Date("2026-03-01T15:59:00Z"))).toBe("2026-03-01");
  });
});

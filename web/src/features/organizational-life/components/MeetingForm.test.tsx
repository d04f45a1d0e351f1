import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../../../test/render";
import type { MeetingCreateBody } from "../api/meeting-queries";
import { MeetingForm, todayInChina } from "./MeetingForm";

const ROLL = [
  { id: 11, name: "张三" },
  { id: 12, name: "李四" },
  { id: 13, name: "王五" },
];

function renderForm() {
  const onSubmit = vi.fn<(body: MeetingCreateBody) => void>();
  renderWithApp(<MeetingForm roll={ROLL} onSubmit={onSubmit} />);
  fireEvent.change(screen.getByTestId("meeting-topic"), { target: { value: "学习二十大精神" } });
  return onSubmit;
}

describe("MeetingForm (记录会议): attendees from the branch roll only", () => {
  it("offers exactly the roll, everyone present by default, and posts only roll members", async () => {
    const onSubmit = renderForm();
    expect(
      [...document.querySelectorAll("[data-testid^='attendee-']")].map((node) => node.textContent),
    ).toEqual(["张三", "李四", "王五"]);
    fireEvent.click(screen.getByTestId("meeting-save"));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const body = onSubmit.mock.calls[0]?.[0];
    expect(body?.kind).toBe("general_meeting");
    expect(body?.heldOn).toBe(todayInChina());
    expect(body?.attendance?.map((entry) => [entry.memberId, entry.status])).toEqual([
      [11, "present"],
      [12, "present"],
      [13, "present"],
    ]);
  });

  it("an unticked member is absent and needs a reason before anything is posted", async () => {
    const onSubmit = renderForm();
    const checkbox = screen.getByTestId("attendee-12").querySelector("input[type=checkbox]");
    if (!checkbox) throw new Error("no checkbox");
    fireEvent.click(checkbox);
    fireEvent.click(screen.getByTestId("meeting-save"));
    await screen.findByTestId("meeting-missing-reason");
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("absence-reason-12"), { target: { value: "出差" } });
    fireEvent.click(screen.getByTestId("meeting-save"));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[0].attendance?.[1]).toEqual({
      memberId: 12,
      status: "absent",
      absenceReason: "出差",
    });
  });

  it("a date after today is refused in the form", async () => {
    const onSubmit = renderForm();
    fireEvent.change(screen.getByTestId("meeting-held-on"), { target: { value: "2999-01-01" } });
    fireEvent.click(screen.getByTestId("meeting-save"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

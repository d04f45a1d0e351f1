import { fireEvent, screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { meWith, renderWithApp } from "../../../test/render";
import { ChangePasswordPage } from "./ChangePasswordPage";

function Where() {
  const location = useLocation();
  return <div data-testid="landed">{`${location.pathname}${location.search}`}</div>;
}

const forced = { ...meWith([]), mustChangePassword: true };

beforeEach(() => {
  vi.spyOn(api, "POST").mockImplementation((async () => ({
    data: undefined,
    response: new Response(null, { status: 204 }),
  })) as never);
  vi.spyOn(api, "GET").mockImplementation((async () => ({
    data: { ...forced, mustChangePassword: false },
    response: new Response(null, { status: 200 }),
  })) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Changes the password on `path` (a forced change) and answers where the page led. */
async function changeFrom(path: string): Promise<string> {
  renderWithApp(
    <Routes>
      <Route path="/password" element={<ChangePasswordPage />} />
      <Route path="*" element={<Where />} />
    </Routes>,
    { path, me: forced },
  );
  fireEvent.change(await screen.findByTestId("current-password"), { target: { value: "one-time-pass1" } });
  fireEvent.change(screen.getByTestId("new-password"), { target: { value: "a-long-password-2" } });
  fireEvent.change(screen.getByTestId("confirm-password"), { target: { value: "a-long-password-2" } });
  fireEvent.click(screen.getByTestId("change-password"));
  return (await screen.findByTestId("landed", {}, { timeout: 8_000 })).textContent ?? "";
}

describe("ChangePasswordPage: after a forced change", () => {
  it("goes on to ?next= (the page asked for at login)", async () => {
    expect(await changeFrom(`/password?next=${encodeURIComponent("/me/signin/abc-123?x=1")}`)).toBe(
      "/me/signin/abc-123?x=1",
    );
  });

  it.each([
    ["another host", "//evil.example/phish"],
    ["an absolute URL", "https://evil.example/"],
  ])("goes to the scope root instead of %s", async (_label, next) => {
    expect(await changeFrom(`/password?next=${encodeURIComponent(next)}`)).toBe("/orgs/1");
  });

  it("goes to the scope root without ?next=", async () => {
    expect(await changeFrom("/password")).toBe("/orgs/1");
  });
});

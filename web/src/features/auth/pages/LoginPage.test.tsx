import { fireEvent, screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, loginPathFrom, safeReturnPath } from "../../../api/client";
import { meWith, renderWithApp } from "../../../test/render";
import { LoginPage } from "./LoginPage";

function Where() {
  const location = useLocation();
  return <div data-testid="landed">{`${location.pathname}${location.search}`}</div>;
}

beforeEach(() => {
  vi.spyOn(api, "POST").mockImplementation((async () => ({
    data: meWith([]),
    response: new Response(null, { status: 200 }),
  })) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function logInFrom(path: string): Promise<string> {
  renderWithApp(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="*" element={<Where />} />
    </Routes>,
    { path },
  );
  fireEvent.change(await screen.findByLabelText("用户名"), { target: { value: "demo-youth" } });
  fireEvent.change(screen.getByLabelText("密码"), { target: { value: "a-long-password" } });
  fireEvent.submit(screen.getByTestId("login-form"));
  return (await screen.findByTestId("landed", {}, { timeout: 8_000 })).textContent ?? "";
}

describe("LoginPage: back to where the user came from", () => {
  it("returns to the page in ?next= (a meeting's QR sign-in link scanned while logged out)", async () => {
    expect(await logInFrom(`/login?next=${encodeURIComponent("/me/signin/abc-123?x=1")}`)).toBe(
      "/me/signin/abc-123?x=1",
    );
  });

  it.each([
    ["another host", "//evil.example/phish"],
    ["a backslash host", "/\\evil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a script", "javascript:alert(1)"],
  ])("goes to / instead of %s", async (_label, next) => {
    expect(await logInFrom(`/login?next=${encodeURIComponent(next)}`)).toBe("/");
  });
});

describe("LoginPage: a password that must be changed first", () => {
  beforeEach(() => {
    vi.spyOn(api, "POST").mockImplementation((async () => ({
      data: { ...meWith([]), mustChangePassword: true },
      response: new Response(null, { status: 200 }),
    })) as never);
  });

  it("goes to /password carrying ?next= on, for the change to lead back to it", async () => {
    expect(await logInFrom(`/login?next=${encodeURIComponent("/me/signin/abc-123?x=1")}`)).toBe(
      `/password?next=${encodeURIComponent("/me/signin/abc-123?x=1")}`,
    );
  });

  it("drops a ?next= that is not a same-origin path", async () => {
    expect(await logInFrom(`/login?next=${encodeURIComponent("//evil.example/phish")}`)).toBe("/password");
  });
});

describe("safeReturnPath and loginPathFrom", () => {
  it.each([
    ["/me/signin/abc", "/me/signin/abc"],
    ["/orgs/5/meetings?view=calendar#x", "/orgs/5/meetings?view=calendar#x"],
    ["//evil.example", null],
    ["/\\evil.example", null],
    ["https://evil.example", null],
    ["me/signin", null],
    ["/login?next=/x", null],
    ["/a\nb", null],
    ["", null],
    [null, null],
  ])("%o → %o", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it("remembers the current page, not / or /login", () => {
    expect(loginPathFrom({ pathname: "/me/signin/t-1", search: "", hash: "" })).toBe(
      "/login?next=%2Fme%2Fsignin%2Ft-1",
    );
    expect(loginPathFrom({ pathname: "/", search: "", hash: "" })).toBe("/login");
  });
});

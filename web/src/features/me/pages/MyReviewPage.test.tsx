import { screen, within } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { meWith, renderWithApp } from "../../../test/render";
import { MeLayout } from "../components/MeLayout";
import { MyReviewPage } from "./MyReviewPage";

const member = meWith(
  [...ROLE_PERMISSIONS.member],
  [
    {
      role: "member",
      organizationId: 9,
      organizationName: "旺苍中学高二（1）班团支部",
      organizationPath: "1/5/9/",
      permissions: [...ROLE_PERMISSIONS.member],
    },
  ],
);

const ANSWERS: Record<string, unknown> = {
  "/api/v1/me/education-reviews": [
    {
      year: 2025,
      campaignId: 1,
      organizationName: "高二（1）班团支部",
      state: "approved",
      selfAssessment: "按时参加组织生活",
      grade: "qualified",
    },
    {
      year: 2026,
      campaignId: 2,
      organizationName: "高二（1）班团支部",
      state: "approved",
      selfAssessment: null,
      grade: "excellent",
    },
  ],
  "/api/v1/me/registrations": [
    { year: 2026, status: "deferred", deferredUntil: "2027-03-31", reason: "外出务工" },
  ],
};

beforeEach(() => {
  // A phone: 375 px wide.
  window.innerWidth = 375;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => new Response(JSON.stringify(ANSWERS[url] ?? []), { status: 200 })),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("/me: the switcher and 评议与注册", () => {
  it("offers the eight pages, 下基层 and 评议与注册 among them, four to a row; the current one marked", async () => {
    renderWithApp(
      <Routes>
        <Route path="/me" element={<MeLayout />}>
          <Route path="review" element={<MyReviewPage />} />
        </Route>
      </Routes>,
      { me: member, path: "/me/review" },
    );
    const nav = screen.getByTestId("me-nav");
    expect(
      within(nav)
        .getAllByRole("button")
        .map((button) => button.textContent),
    ).toEqual([
      "我的入团申请",
      "我的档案",
      "我的组织生活",
      "我的团费",
      "评议与注册",
      "我的组织关系",
      "活动与志愿",
      "下基层",
    ]);
    // A grid of four equal columns: at 375 px each entry is about 85 px, nothing scrolls sideways.
    expect(nav.style.gridTemplateColumns).toBe("repeat(4, minmax(0, 1fr))");
    expect(screen.getByTestId("me-nav-review").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("me-nav-contact-logs").getAttribute("aria-current")).toBeNull();

    // Newest year first; a deferral shows its end and reason.
    await screen.findByTestId("my-review");
    expect(screen.getByTestId("my-review-2026").textContent).toContain("优秀");
    expect(screen.getByTestId("my-review-2025").textContent).toContain("合格");
    expect(screen.getByTestId("my-review-2025").textContent).toContain("按时参加组织生活");
    const registration = screen.getByTestId("my-registration-2026").textContent;
    expect(registration).toContain("暂缓注册");
    expect(registration).toContain("2027-03-31");
    expect(registration).toContain("外出务工");
  });
});

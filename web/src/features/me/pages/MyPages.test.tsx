import { screen } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { createTestQueryClient, meWith, renderWithApp } from "../../../test/render";
import { myApplicationsQuery, type OwnApplication } from "../api/me-queries";
import { MeLayout } from "../components/MeLayout";
import { MyApplicationPage } from "./MyApplicationPage";
import { MyRecordPage } from "./MyRecordPage";

const applicant = meWith(
  [...ROLE_PERMISSIONS.member],
  [
    {
      role: "member",
      organizationId: 9,
      organizationName: "旺苍中学初三（2）班团支部",
      organizationPath: "1/5/9/",
      permissions: [...ROLE_PERMISSIONS.member],
    },
  ],
);

const STEP_LABELS = [
  ["applied", "递交入团申请", "申请日期", "2026-03-01", "done"],
  ["talked", "谈话", "谈话日期", "2026-03-10", "done"],
  ["candidate", "确定为入团积极分子", "确定日期", "2026-03-20", "done"],
  ["target_proposed", "确定为发展对象", "确定日期", null, "next"],
  ["development_target", "预审", "预审日期", null, "pending"],
] as const;

const application: OwnApplication = {
  id: 41,
  name: "李小明",
  organization: { id: 9, name: "旺苍中学初三（2）班团支部" },
  state: "candidate",
  stateLabel: "入团积极分子",
  pausedFromLabel: null,
  applicationDate: "2026-03-01",
  memberNumber: null,
  closed: false,
  steps: STEP_LABELS.map(([state, label, dateLabel, date, status]) => ({
    state,
    label,
    dateLabel,
    date,
    status,
    by: status === "done" ? null : "团支部",
  })),
  timeline: [],
  points: {
    total: 52,
    threshold: 60,
    meetsThreshold: false,
    items: [],
    missing: ["团课：已有6学时，至少需要8学时", "积分：已得52分，至少需要60分"],
  },
};

/** The member's pages as the app routes them, on a phone 375 px wide. */
function renderOnPhone(path: string, fill: (client: ReturnType<typeof createTestQueryClient>) => void) {
  const queryClient = createTestQueryClient();
  fill(queryClient);
  return renderWithApp(
    <Routes>
      <Route path="/me" element={<MeLayout />}>
        <Route path="application" element={<MyApplicationPage />} />
        <Route path="record" element={<MyRecordPage />} />
      </Route>
    </Routes>,
    { me: applicant, path, queryClient },
  );
}

beforeEach(() => {
  (
    window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }
  ).happyDOM.setViewport({ width: 375, height: 812 });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("我的入团申请 on a phone (375 px)", () => {
  it("shows the steps one under the other, the next step and who takes it, and what is missing", async () => {
    renderOnPhone("/me/application", (client) =>
      client.setQueryData(myApplicationsQuery.queryKey, [application]),
    );
    expect(window.innerWidth).toBe(375);
    const steps = await screen.findByTestId("my-application-steps");
    expect(steps.className).toContain("vertical");
    expect(steps.textContent).toContain("谈话日期：2026-03-10");
    expect(screen.getByTestId("my-application-next").textContent).toContain("下一步：确定为发展对象");
    expect(screen.getByTestId("my-application-next").textContent).toContain("由团支部办理");
    const missing = screen.getByTestId("my-application-missing").textContent ?? "";
    expect(missing).toContain("团课：已有6学时，至少需要8学时");
    expect(missing).toContain("积分：已得52分，至少需要60分");
    // The phone layout: no side menu or organization tree, the two pages as one full-width switch.
    expect(document.querySelector(".ant-layout-sider")).toBeNull();
    expect(screen.getByTestId("me-nav").textContent).toContain("我的档案");
    expect(screen.getByTestId("my-application-state").textContent).toBe("入团积极分子");
  });

  it("tells an applicant without a member record that the record comes with admission", async () => {
    // GET /me/record answers 404: the account holds no member record yet.
    vi.spyOn(api, "GET").mockResolvedValue({
      error: { error: { code: "not_found", message: "没有团员档案" } },
      response: new Response(null, { status: 404 }),
    } as never);
    renderOnPhone("/me/record", () => {});
    expect((await screen.findByTestId("my-record-none")).textContent).toContain("入团后可在这里查看团员档案");
  });
});

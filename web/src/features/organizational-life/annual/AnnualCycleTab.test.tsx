import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Outlet, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Organization } from "../../../api/types";
import { meWith, renderWithApp } from "../../../test/render";
import { AnnualCycleTab } from "./AnnualCycleTab";
import type { BranchReview, RegistrationMember, ReviewCampaign, ReviewGrade } from "./annual-api";
import { reviewChecks } from "./review-checks";

const branch: Organization = {
  id: 9,
  parentId: 5,
  kind: "branch",
  level: "grassroots",
  sector: "secondary_school",
  name: "旺苍中学高二（1）班团支部",
  shortName: "高二（1）班团支部",
  code: "510821-9",
  divisionCode: null,
  childCount: 0,
  subtreeMemberCount: 4,
  path: "1/5/9/",
  foundedOn: null,
  termStart: null,
  termEnd: null,
  ancestors: [],
};
const committee: Organization = { ...branch, id: 5, kind: "committee", name: "旺苍县团委", path: "1/5/" };

const campaign: ReviewCampaign = {
  id: 3,
  organizationId: 5,
  organizationName: "旺苍县团委",
  year: 2026,
  opensOn: "2026-10-01",
  closesOn: "2026-11-30",
  progress: {
    branches: 12,
    submitted: 4,
    approved: 7,
    gradeCounts: { excellent: 20, qualified: 60, basically_qualified: 3, unqualified: 1 },
  },
};

const review: BranchReview = {
  id: 41,
  campaignId: 3,
  state: "branch_review",
  version: 1,
  meetingHeldOn: null,
  rollCount: 4,
  attendeesCount: null,
  members: [
    { memberId: 1, name: "张一", selfAssessment: null, grade: null },
    { memberId: 2, name: "李二", selfAssessment: null, grade: null },
    { memberId: 3, name: "王三", selfAssessment: null, grade: null },
    { memberId: 4, name: "赵四", selfAssessment: null, grade: null },
  ],
  actions: [{ action: "submit", label: "提交" }],
};

const roll: RegistrationMember[] = [
  {
    memberId: 1,
    name: "张一",
    reviewGrade: "excellent",
    status: null,
    deferredUntil: null,
    reason: null,
    eligible: true,
    problem: null,
  },
  {
    memberId: 4,
    name: "赵四",
    reviewGrade: "unqualified",
    status: null,
    deferredUntil: null,
    reason: null,
    eligible: false,
    problem: "评议不合格，不予注册",
  },
];

const secretary = meWith(
  [...ROLE_PERMISSIONS.branch_secretary],
  [
    {
      role: "branch_secretary",
      organizationId: 9,
      organizationName: branch.name,
      organizationPath: "1/5/9/",
      permissions: [...ROLE_PERMISSIONS.branch_secretary],
    },
  ],
);

type Call = { method: string; url: string; body: unknown };
let calls: Call[] = [];
let answers: Record<string, unknown> = {};
/** A status other than 200 for a key (its answer is then the error body). */
let statuses: Record<string, number> = {};

beforeEach(() => {
  calls = [];
  answers = {};
  statuses = {};
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const key = `${method} ${url.replace(/\?.*$/, "")}`;
      const answer = answers[key] ?? [];
      return new Response(JSON.stringify(answer), {
        status: statuses[key] ?? 200,
        headers: { "content-type": "application/json" },
      });
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function renderTab(organization: Organization, view = "review") {
  return renderWithApp(
    <Routes>
      <Route element={<Outlet context={{ organization }} />}>
        <Route path="/orgs/:orgId/annual" element={<AnnualCycleTab />} />
      </Route>
    </Routes>,
    { me: secretary, path: `/orgs/${organization.id}/annual?view=${view}` },
  );
}

describe("reviewChecks: the three submit rules (domain.md §5)", () => {
  it.each([
    // grades, roll, attendees, excellentOk, attendanceOk, allGraded
    [["excellent", "qualified", "qualified"], 3, 3, false, true, true], // 1/3 > 30%
    [["excellent", "qualified", "qualified", "qualified"], 4, 3, true, true, true], // 25%, 3/4 > 2/3
    [["qualified", "qualified", "qualified"], 3, 2, true, false, true], // 2/3 is not more than 2/3
    [["excellent", ...Array(9).fill("qualified")], 10, 7, true, true, true], // exactly 30%… 10% here
    [["excellent", "excellent", "excellent", ...Array(7).fill("qualified")], 10, 7, true, true, true], // 30% allowed
    [["qualified", null], 2, 2, true, true, false],
  ] as const)("%o of %i, %i attending", (grades, roll, attendees, excellentOk, attendanceOk, allGraded) => {
    const checks = reviewChecks([...grades], roll, attendees);
    expect([checks.excellentOk, checks.attendanceOk, checks.allGraded]).toEqual([
      excellentOk,
      attendanceOk,
      allGraded,
    ]);
  });
});

describe("AnnualCycleTab (年度工作)", () => {
  it("a branch's checks follow what it enters live; submit opens only when all three hold", async () => {
    const graded = (grades: (ReviewGrade | null)[]) => ({
      ...review,
      members: review.members.map((member, index) => ({ ...member, grade: grades[index] ?? null })),
    });
    answers["GET /api/v1/organizations/9/education-review-campaigns"] = [campaign];
    // Two 优秀 of four is 50%: over 30%.
    answers["GET /api/v1/organizations/9/education-review"] = graded([
      "excellent",
      "excellent",
      "qualified",
      null,
    ]);
    const first = renderTab(branch);
    await screen.findByTestId("branch-review");
    expect(screen.getByTestId("check-excellent").dataset.ok).toBe("false");
    expect(screen.getByTestId("check-excellent").textContent).toContain("50.0%");
    expect(screen.getByTestId("check-graded").dataset.ok).toBe("false");
    expect(screen.getByTestId("check-attendance").dataset.ok).toBe("false");
    expect(screen.getByTestId("review-action-submit")).toHaveProperty("disabled", true);
    first.unmount();

    answers["GET /api/v1/organizations/9/education-review"] = graded([
      "excellent",
      "qualified",
      "qualified",
      "basically_qualified",
    ]);
    answers["PUT /api/v1/branch-education-reviews/41"] = review;
    answers["POST /api/v1/branch-education-reviews/41/transitions"] = {};
    renderTab(branch);
    await screen.findByTestId("branch-review");
    expect(screen.getByTestId("check-excellent").dataset.ok).toBe("true");
    expect(screen.getByTestId("check-graded").dataset.ok).toBe("true");
    expect(screen.getByTestId("review-action-submit")).toHaveProperty("disabled", true);
    // Three of four attending is more than 2/3: shown at once, and submit opens.
    fireEvent.change(screen.getByLabelText("到会人数"), { target: { value: "3" } });
    await waitFor(() => expect(screen.getByTestId("check-attendance").dataset.ok).toBe("true"));
    await waitFor(() => expect(screen.getByTestId("review-action-submit")).toHaveProperty("disabled", false));

    fireEvent.click(screen.getByTestId("review-action-submit"));
    await waitFor(() => expect(calls.some((call) => call.url.endsWith("/transitions"))).toBe(true));
    expect(calls.find((call) => call.method === "PUT")?.body).toMatchObject({
      attendeesCount: 3,
      grades: [
        { memberId: 1, grade: "excellent" },
        { memberId: 2, grade: "qualified" },
        { memberId: 3, grade: "qualified" },
        { memberId: 4, grade: "basically_qualified" },
      ],
    });
    expect(calls.find((call) => call.url.endsWith("/transitions"))?.body).toEqual({
      action: "submit",
      version: 1,
    });
  });

  it("其余评为合格 grades every ungraded member 合格 and keeps the grades already given", async () => {
    answers["GET /api/v1/organizations/9/education-review-campaigns"] = [campaign];
    answers["GET /api/v1/organizations/9/education-review"] = {
      ...review,
      members: review.members.map((member, index) => ({
        ...member,
        grade: index === 0 ? "excellent" : index === 1 ? "basically_qualified" : null,
      })),
    };
    answers["PUT /api/v1/branch-education-reviews/41"] = review;
    renderTab(branch);
    await screen.findByTestId("branch-review");
    expect(screen.getByTestId("check-graded").dataset.ok).toBe("false");
    expect(screen.getByTestId("review-grade-rest").textContent).toContain("其余 2 人评为合格");
    fireEvent.click(screen.getByTestId("review-grade-rest"));
    await waitFor(() => expect(screen.getByTestId("check-graded").dataset.ok).toBe("true"));
    // Everyone graded: the action goes away.
    expect(screen.queryByTestId("review-grade-rest")).toBeNull();
    fireEvent.click(screen.getByTestId("review-save"));
    await waitFor(() => expect(calls.some((call) => call.method === "PUT")).toBe(true));
    expect(calls.find((call) => call.method === "PUT")?.body).toMatchObject({
      grades: [
        { memberId: 1, grade: "excellent" },
        { memberId: 2, grade: "basically_qualified" },
        { memberId: 3, grade: "qualified" },
        { memberId: 4, grade: "qualified" },
      ],
    });
  });

  it("shows only the actions the server lists: a committee's approve and return, no save", async () => {
    answers["GET /api/v1/organizations/9/education-review-campaigns"] = [campaign];
    answers["GET /api/v1/organizations/9/education-review"] = {
      ...review,
      state: "awaiting_committee_approval",
      attendeesCount: 4,
      actions: [
        { action: "approve", label: "审批通过" },
        { action: "return", label: "退回" },
      ],
    };
    renderTab(branch);
    await screen.findByTestId("branch-review");
    expect(screen.getByTestId("review-state").textContent).toBe("待审批");
    expect(screen.queryByTestId("review-action-submit")).toBeNull();
    expect(screen.queryByTestId("review-save")).toBeNull();
    expect(screen.getByTestId("review-action-approve").textContent).toBe("审批通过");
    expect(screen.getByTestId("review-action-return")).toBeTruthy();
  });

  it("a branch made after the campaign opened: 开始评议 POSTs the start, then the review shows", async () => {
    const key = "GET /api/v1/organizations/9/education-review";
    answers["GET /api/v1/organizations/9/education-review-campaigns"] = [campaign];
    answers[key] = { error: { code: "review_not_started", message: "教育评议：本支部尚未开始本次评议" } };
    statuses[key] = 404;
    answers["POST /api/v1/organizations/9/education-review"] = review;
    renderTab(branch);
    await screen.findByTestId("review-not-started");
    const start = screen.getByTestId("start-review");
    expect(start.textContent?.replace(/\s/g, "")).toBe("开始评议");
    answers[key] = review;
    delete statuses[key];
    fireEvent.click(start);
    await screen.findByTestId("branch-review");
    expect(
      calls.find((call) => call.method === "POST" && call.url === "/api/v1/organizations/9/education-review")
        ?.body,
    ).toEqual({ campaignId: 3 });
  });

  it("no 开始评议 once the campaign is closed", async () => {
    const key = "GET /api/v1/organizations/9/education-review";
    answers["GET /api/v1/organizations/9/education-review-campaigns"] = [
      { ...campaign, closedAt: "2026-12-01T00:00:00Z" },
    ];
    answers[key] = { error: { code: "review_not_started", message: "教育评议：本支部尚未开始本次评议" } };
    statuses[key] = 404;
    renderTab(branch);
    await screen.findByTestId("review-not-started");
    expect(screen.queryByTestId("start-review")).toBeNull();
  });

  it("a committee sees each branch's progress and opens a campaign", async () => {
    answers["GET /api/v1/organizations/5/education-review-campaigns"] = [campaign];
    answers["GET /api/v1/education-review-campaigns/3/branches"] = [
      {
        branchReviewId: 41,
        organizationId: 9,
        name: branch.name,
        state: "approved",
        members: 4,
        graded: 4,
        excellentShare: 0.25,
      },
      {
        branchReviewId: null,
        organizationId: 10,
        name: "沉寂支部",
        state: null,
        members: 6,
        graded: 0,
        excellentShare: 0,
      },
    ];
    renderTab(committee);
    const progress = await screen.findByTestId("review-progress");
    expect(progress.textContent).toContain("支部 12 个，已提交 4，已批准 7");
    await within(progress).findByText("沉寂支部");
    expect(within(progress).getByText("未开始")).toBeTruthy();
    expect(within(progress).getByText("25.0%")).toBeTruthy();
    expect(screen.getByTestId("review-open-9")).toBeTruthy();
    expect(screen.queryByTestId("review-open-10")).toBeNull();

    fireEvent.click(screen.getByTestId("open-review-submit"));
    await waitFor(() =>
      expect(
        calls.find(
          (call) =>
            call.method === "POST" && call.url === "/api/v1/organizations/5/education-review-campaigns",
        )?.body,
      ).toMatchObject({ year: expect.any(Number) }),
    );
  });

  it("the close button shows only when the server says this user may close; closing POSTs /close", async () => {
    answers["GET /api/v1/organizations/5/education-review-campaigns"] = [{ ...campaign, mayClose: true }];
    renderTab(committee);
    fireEvent.click(await screen.findByTestId("close-campaign"));
    fireEvent.click(await screen.findByRole("button", { name: /OK|确\s*定/ }));
    await waitFor(() =>
      expect(
        calls.some(
          (call) => call.method === "POST" && call.url === "/api/v1/education-review-campaigns/3/close",
        ),
      ).toBe(true),
    );
  });

  it("no close button without the server's leave; a closed campaign says so", async () => {
    answers["GET /api/v1/organizations/5/education-review-campaigns"] = [
      { ...campaign, mayClose: false, closedAt: "2026-12-01 10:00:00+08" },
    ];
    renderTab(committee);
    await screen.findByTestId("campaign-closed");
    expect(screen.queryByTestId("close-campaign")).toBeNull();
  });

  it("registration: one tap registers the eligible; a 不合格 member can only be deferred or not registered", async () => {
    answers["GET /api/v1/organizations/9/registration-campaigns"] = [
      { ...campaign, id: 8, progress: undefined },
    ];
    answers["GET /api/v1/registration-campaigns/8/members"] = roll;
    answers["POST /api/v1/registration-campaigns/8/register-eligible"] = { registered: 1 };
    renderTab(branch, "registration");
    await screen.findByTestId("registration-roll");
    expect(screen.getByTestId("register-eligible").textContent).toContain("1");
    const unqualified = screen.getByTestId("registration-member-4");
    expect(unqualified.textContent).toContain("不合格");
    expect(unqualified.textContent).toContain("评议不合格，不予注册");
    expect(within(unqualified).queryByText("注册")).toBeNull();

    fireEvent.click(screen.getByTestId("register-eligible"));
    expect((await screen.findByTestId("registered-count")).textContent).toContain("已注册 1 人");
    expect(calls.find((call) => call.url.endsWith("/register-eligible"))?.body).toEqual({
      organizationId: 9,
    });

    fireEvent.click(screen.getByTestId("registration-defer-4"));
    fireEvent.change(await screen.findByTestId("registration-reason"), { target: { value: "外出务工" } });
    fireEvent.click(screen.getByRole("button", { name: "确 定" }));
    await waitFor(() => expect(calls.some((call) => call.url.endsWith("/members/4"))).toBe(true));
    const put = calls.find((call) => call.url.endsWith("/members/4"));
    expect(put?.method).toBe("PUT");
    expect(put?.body).toMatchObject({
      status: "deferred",
      reason: "外出务工",
      deferredUntil: expect.any(String),
    });
  });
});

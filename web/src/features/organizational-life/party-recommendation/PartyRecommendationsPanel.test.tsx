import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Outlet, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { Organization } from "../../../api/types";
import { meWith, renderWithApp } from "../../../test/render";
import { PartyRecommendationPage } from "./PartyRecommendationPage";
import { PartyRecommendationsPanel } from "./PartyRecommendationsPanel";
import type {
  EligibleMember,
  PartyRecommendation,
  PartyRecommendationDetail,
} from "./party-recommendation-api";

const branch: Organization = {
  id: 9,
  parentId: 5,
  kind: "branch",
  level: "grassroots",
  sector: "rural",
  name: "东河村团支部",
  shortName: "东河村团支部",
  code: "510821-9",
  divisionCode: null,
  childCount: 0,
  subtreeMemberCount: 3,
  path: "1/5/9/",
  foundedOn: null,
  termStart: null,
  termEnd: null,
  ancestors: [],
};
const committee: Organization = { ...branch, id: 5, kind: "committee", name: "东河镇团委", path: "1/5/" };

const eligible: EligibleMember[] = [
  { memberId: 1, name: "张三", age: 21, leagueYears: 6, eligible: true, problems: [] },
  {
    memberId: 2,
    name: "钱小",
    age: 17,
    leagueYears: 2,
    eligible: false,
    problems: ["年龄：推优入党须年满18周岁、不超过28周岁（2026-12-06时为17周岁）"],
  },
];

const recommendation: PartyRecommendation = {
  id: 31,
  memberId: 1,
  memberName: "张三",
  organizationId: 9,
  organizationName: "东河村团支部",
  state: "awaiting_committee_review",
  version: 1,
  partyApplicationOn: "2026-01-10",
  meetingHeldOn: "2026-11-20",
  rollCount: 20,
  attendeesCount: 15,
  votesFor: 12,
  recommendedOn: "2026-11-20",
  validUntil: "2028-11-19",
  expired: false,
  partyStage: null,
  partyStageOn: null,
};

const detail: PartyRecommendationDetail = {
  ...recommendation,
  history: [
    {
      sequence: 1,
      action: "open",
      actionLabel: "支部大会推荐",
      toState: "awaiting_committee_review",
      occurredOn: "2026-11-20",
      actorName: "secretary",
      note: null,
    },
  ],
  availableActions: [
    { action: "approve", label: "审核同意" },
    { action: "return", label: "退回" },
  ],
  stages: [],
  nextStage: null,
};

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

function fill(path: string, params: { path?: Record<string, number> } | undefined): string {
  return Object.entries(params?.path ?? {}).reduce(
    (url, [name, value]) => url.replace(`{${name}}`, String(value)),
    path,
  );
}

beforeEach(() => {
  calls = [];
  answers = {};
  for (const method of ["GET", "POST"] as const) {
    vi.spyOn(api, method).mockImplementation((async (
      path: string,
      init: { params?: { path?: Record<string, number> }; body?: unknown },
    ) => {
      const url = fill(path, init?.params);
      calls.push({ method, url, body: init?.body });
      return { data: answers[`${method} ${url}`] ?? [], response: new Response(null, { status: 200 }) };
    }) as never);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function renderPanel(organization: Organization) {
  return renderWithApp(
    <Routes>
      <Route element={<Outlet context={{ organization }} />}>
        <Route
          path="/orgs/:orgId/annual"
          element={<PartyRecommendationsPanel organizationId={organization.id} />}
        />
      </Route>
    </Routes>,
    { me: secretary, path: `/orgs/${organization.id}/annual?view=recommendation` },
  );
}

function setDate(label: string, value: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: "Enter", code: "Enter", keyCode: 13 });
}

describe("PartyRecommendationsPanel (推优入党)", () => {
  it("a branch sees each member's eligibility with the reasons; only the eligible can be recommended", async () => {
    answers["GET /api/v1/organizations/9/party-recommendations/eligible"] = eligible;
    answers["GET /api/v1/organizations/9/party-recommendations"] = {
      organizationId: 9,
      items: [recommendation],
    };
    renderPanel(branch);
    const young = await screen.findByTestId("party-rec-member-2");
    expect(young.textContent).toContain("暂不符合");
    expect(young.textContent).toContain("年龄：推优入党须年满18周岁");
    expect(screen.queryByTestId("party-rec-recommend-2")).toBeNull();
    expect(screen.getByTestId("party-rec-recommend-1")).toBeTruthy();
    const item = await screen.findByTestId("party-rec-item-31");
    expect(item.textContent).toContain("待上级团委审核");
    expect(within(item).getByRole("link").getAttribute("href")).toBe("/orgs/9/party-recommendations/31");
  });

  it("records the branch meeting's recommendation with the figures entered", async () => {
    answers["GET /api/v1/organizations/9/party-recommendations/eligible"] = eligible;
    answers["GET /api/v1/organizations/9/party-recommendations"] = { organizationId: 9, items: [] };
    answers["POST /api/v1/party-recommendations"] = recommendation;
    renderPanel(branch);
    fireEvent.click(await screen.findByTestId("party-rec-recommend-1"));
    await screen.findByTestId("recommend-form");
    setDate("递交入党申请书日期", "2026-01-10");
    setDate("支部大会日期", "2026-11-20");
    fireEvent.change(screen.getByLabelText("应到人数"), { target: { value: "20" } });
    fireEvent.change(screen.getByLabelText("实到人数"), { target: { value: "15" } });
    fireEvent.change(screen.getByLabelText("赞成票数"), { target: { value: "12" } });
    fireEvent.click(screen.getByText("报送上级团委"));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({
      memberId: 1,
      partyApplicationOn: "2026-01-10",
      meetingHeldOn: "2026-11-20",
      rollCount: 20,
      attendeesCount: 15,
      votesFor: 12,
    });
  });

  it("a committee sees the subtree's list, no member roll", async () => {
    answers["GET /api/v1/organizations/5/party-recommendations"] = {
      organizationId: 5,
      items: [
        { ...recommendation, state: "recommended", partyStage: "probationary", partyStageOn: "2026-12-01" },
      ],
    };
    renderPanel(committee);
    const item = await screen.findByTestId("party-rec-item-31");
    expect(item.textContent).toContain("中共预备党员");
    expect(screen.queryByTestId("party-rec-eligible")).toBeNull();
    expect(calls.some((call) => call.url.includes("/eligible"))).toBe(false);
  });
});

function renderPage() {
  return renderWithApp(
    <Routes>
      <Route element={<Outlet context={{ organization: committee }} />}>
        <Route
          path="/orgs/:orgId/party-recommendations/:recommendationId"
          element={<PartyRecommendationPage />}
        />
      </Route>
    </Routes>,
    { me: secretary, path: "/orgs/5/party-recommendations/31" },
  );
}

describe("PartyRecommendationPage", () => {
  it("shows only the actions the server lists; returning needs a reason", async () => {
    answers["GET /api/v1/party-recommendations/31"] = detail;
    answers["POST /api/v1/party-recommendations/31/transitions"] = { ...recommendation, state: "returned" };
    renderPage();
    await screen.findByTestId("party-recommendation-page");
    expect(screen.getByTestId("party-rec-history").textContent).toContain("支部大会推荐");
    expect(screen.getByTestId("party-rec-action-approve")).toBeTruthy();
    expect(screen.queryByTestId("party-rec-action-withdraw")).toBeNull();
    expect(screen.queryByTestId("party-stage-form")).toBeNull();
    fireEvent.click(screen.getByTestId("party-rec-action-return"));
    await screen.findByTestId("party-rec-decision");
    fireEvent.change(screen.getByLabelText(/./, { selector: "textarea" }), {
      target: { value: "会议记录不全" },
    });
    fireEvent.click(screen.getAllByRole("button", { name: "退 回" }).at(-1) ?? screen.getByText("退回"));
    await waitFor(() => expect(calls.some((call) => call.url.endsWith("/transitions"))).toBe(true));
    expect(calls.find((call) => call.url.endsWith("/transitions"))?.body).toEqual({
      action: "return",
      version: 1,
      reason: "会议记录不全",
      payload: {},
    });
  });

  it("an approved recommendation records the next Party stage", async () => {
    answers["GET /api/v1/party-recommendations/31"] = {
      ...detail,
      state: "recommended",
      version: 2,
      availableActions: [],
      stages: [{ stage: "activist", on: "2026-11-25", actorName: "east" }],
      nextStage: "development_target",
    };
    answers["POST /api/v1/party-recommendations/31/party-stage"] = detail;
    renderPage();
    await screen.findByTestId("party-stage-form");
    expect(screen.getByTestId("party-rec-stages").textContent).toContain("入党积极分子");
    expect(screen.queryByTestId("party-rec-action-approve")).toBeNull();
    fireEvent.click(screen.getByTestId("party-stage-submit"));
    await waitFor(() => expect(calls.some((call) => call.url.endsWith("/party-stage"))).toBe(true));
    expect(calls.find((call) => call.url.endsWith("/party-stage"))?.body).toMatchObject({
      stage: "development_target",
    });
  });
});

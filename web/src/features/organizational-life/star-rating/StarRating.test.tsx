import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Outlet, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Slow under a loaded machine (antd tables in jsdom).
vi.setConfig({ testTimeout: 120_000 });

import { api } from "../../../api/client";
import type { Organization } from "../../../api/types";
import { meWith, renderWithApp } from "../../../test/render";
import { StarRatingPage } from "./StarRatingPage";
import { StarRatingsPanel } from "./StarRatingsPanel";

const committee: Organization = {
  id: 5,
  parentId: 1,
  kind: "committee",
  level: "township",
  sector: "rural",
  name: "共青团东河镇委员会",
  shortName: "东河镇团委",
  code: "5",
  divisionCode: null,
  childCount: 10,
  subtreeMemberCount: 400,
  path: "1/5/",
  foundedOn: null,
  termStart: null,
  termEnd: null,
  graduatesOn: null,
  ancestors: [],
};
const branch: Organization = { ...committee, id: 9, kind: "branch", name: "东河一村团支部", path: "1/5/9/" };
const ITEMS = [
  { key: "organization", label: "组织建设", maxPoints: 50 },
  { key: "role", label: "作用发挥", maxPoints: 50 },
];
const RATING = {
  id: 77,
  organizationId: 9,
  organizationName: "东河一村团支部",
  year: 2026,
  state: "awaiting_committee_review",
  version: 2,
  selfScore: 95,
  reviewedScore: null,
  stars: null,
  rectification: false,
  exempt: false,
  lockedAt: null,
};
const LIST = {
  organizationId: 5,
  year: 2026,
  items: [
    RATING,
    { ...RATING, id: 78, organizationName: "东河二村团支部", state: "rated", stars: 0, selfScore: 50 },
  ],
  distribution: { five: 2, four: 3, three: 2, two: 1, unrated: 1, exempt: 1, pending: 1 },
};

let post: ReturnType<typeof vi.fn>;
let put: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    const data = path.endsWith("star-rating-sheet")
      ? { organizationId: 5, year: 2026, ownerOrganizationId: null, isDefault: true, items: ITEMS }
      : path.endsWith("/star-ratings")
        ? LIST
        : {
            ...RATING,
            items: ITEMS,
            selfScores: { organization: 45, role: 50 },
            reviewedScores: null,
            history: [],
            availableActions: [
              { action: "review", label: "审核定级" },
              { action: "return_self_rating", label: "退回重新自评" },
            ],
          };
    return { data, response: new Response(null, { status: 200 }) };
  }) as never);
  post = vi.fn(async () => ({
    error: {
      error: {
        code: "workflow_refused",
        message: "评定星级：共10个支部，最多2个五星，已评2个",
        field: "scores",
      },
    },
    response: new Response(null, { status: 422 }),
  }));
  put = vi.fn(async () => ({
    error: { error: { code: "invalid_input", message: "合计应为100分", field: "items.1.maxPoints" } },
    response: new Response(null, { status: 400 }),
  }));
  vi.spyOn(api, "POST").mockImplementation(post as never);
  vi.spyOn(api, "PUT").mockImplementation(put as never);
});
afterEach(() => vi.restoreAllMocks());

function render(organization: Organization, path: string, role: keyof typeof ROLE_PERMISSIONS) {
  return renderWithApp(
    <Routes>
      <Route element={<Outlet context={{ organization }} />}>
        <Route path="/orgs/:orgId/annual" element={<StarRatingsPanel organizationId={organization.id} />} />
        <Route path="/orgs/:orgId/star-ratings/:ratingId" element={<StarRatingPage />} />
      </Route>
    </Routes>,
    { me: meWith([...ROLE_PERMISSIONS[role]] as never), path },
  );
}

describe("StarRatingsPanel (评星定级)", () => {
  it("a committee sees the distribution with the 20% cap, the unrated branch, and edits the sheet", async () => {
    render(committee, "/orgs/5/annual", "org_admin");
    // 10 branches not exempt → at most 2 five-star.
    expect((await screen.findByTestId("star-rating-cap")).textContent).toContain("五星 2 个，上限 2 个");
    expect(await screen.findByText("东河二村团支部")).toBeTruthy();
    expect(screen.getAllByText("不定级（软弱涣散）").length).toBeGreaterThan(0);
    expect(screen.getByTestId("star-rating-lock")).toBeTruthy();
    expect(screen.queryByTestId("star-rating-self")).toBeNull();
    await screen.findByText("默认细则");
    fireEvent.click(screen.getByTestId("star-rating-sheet-edit"));
    fireEvent.click(screen.getByTestId("star-rating-sheet-save"));
    expect((await screen.findByTestId("star-rating-sheet-error")).textContent).toContain("合计应为100分");
    expect(put).toHaveBeenCalledTimes(1);
  });

  it("a branch member without write sees no editor, no lock and no self-rating form", async () => {
    render(branch, "/orgs/9/annual", "member");
    expect(await screen.findByTestId("star-rating-self")).toBeTruthy();
    expect(screen.queryByTestId("star-rating-sheet-edit")).toBeNull();
    expect(screen.queryByTestId("star-rating-lock")).toBeNull();
    expect(screen.queryByTestId("star-rating-self-save")).toBeNull();
  });
});

describe("StarRatingPage", () => {
  it("shows only the server's actions and its refusal of a five-star over 20%", async () => {
    render(committee, "/orgs/5/star-ratings/77", "org_admin");
    expect(await screen.findByTestId("star-rating-action-review")).toBeTruthy();
    expect(screen.getByTestId("star-rating-action-return_self_rating")).toBeTruthy();
    expect(screen.queryByTestId("star-rating-action-submit_self_rating")).toBeNull();
    fireEvent.click(screen.getByTestId("star-rating-action-review"));
    expect((await screen.findByTestId("star-rating-review-scores-total")).textContent).toContain("得分 95");
    fireEvent.click(screen.getByRole("button", { name: /确\s*定/ }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { id: 77 } },
      body: { action: "review", version: 2, payload: { scores: { organization: 45, role: 50 } } },
    });
    expect((await screen.findByTestId("star-rating-action-error")).textContent).toContain("最多2个五星");
  });
});

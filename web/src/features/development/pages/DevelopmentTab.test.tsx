import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { DEVELOPMENT_STATE_LABELS, type DevelopmentState, ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Outlet, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { Organization } from "../../../api/types";
import { meWith, renderWithApp } from "../../../test/render";
import type { ApplicationListItem } from "../api/development-types";
import { DevelopmentTab } from "./DevelopmentTab";

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
  subtreeMemberCount: 12,
  path: "1/5/9/",
  foundedOn: null,
  termStart: null,
  termEnd: null,
  ancestors: [],
};

function application(id: number, name: string, state: DevelopmentState, total: number, missing: number) {
  return {
    id,
    name,
    citizenId: "5108**********123X",
    organizationId: 9,
    organizationName: branch.name,
    state,
    stateLabel: DEVELOPMENT_STATE_LABELS[state].zh,
    version: 3,
    applicationDate: `2026-0${(id % 9) + 1}-01`,
    points: { total, meetsThreshold: total >= 60, missingCount: missing },
    openedAt: "2026-09-01T08:00:00Z",
  } satisfies ApplicationListItem;
}

const APPLICATIONS = [
  application(1, "张一", "candidate", 52, 2),
  application(2, "李二", "candidate", 88, 0),
  application(3, "王三", "candidate", 70, 0),
  application(4, "赵四", "applied", 0, 3),
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

function renderBoard() {
  return renderWithApp(
    <Routes>
      <Route element={<Outlet context={{ organization: branch }} />}>
        <Route path="/orgs/:orgId/development" element={<DevelopmentTab />} />
      </Route>
    </Routes>,
    { me: secretary, path: "/orgs/9/development" },
  );
}

/** The names on a column's cards, top to bottom. */
function cardNames(state: DevelopmentState): string[] {
  return within(screen.getByTestId(`column-${state}`))
    .queryAllByTestId("application-card-link")
    .map((link) => link.textContent ?? "");
}

let post: ReturnType<typeof vi.fn>;

beforeEach(() => {
  // GET …/applications?state=: each column's page of the fixture.
  vi.spyOn(api, "GET").mockImplementation((async (
    _path: string,
    init: { params: { query: { state: string } } },
  ) => {
    const items = APPLICATIONS.filter((item) => item.state === init.params.query.state);
    return {
      data: { items, total: items.length, page: 1, pageSize: 100 },
      response: new Response(null, { status: 200 }),
    };
  }) as never);
  post = vi.fn(async (_path: string, init: { body: { items: { applicationId: number }[] } }) => ({
    data: {
      results: init.body.items.map((item, index) => ({
        applicationId: item.applicationId,
        ok: index === 0,
        status: index === 0 ? 200 : 422,
        version: index === 0 ? 4 : null,
        failures:
          index === 0
            ? []
            : [
                {
                  code: "prerequisite_missing",
                  field: "league_class",
                  message: "团课：已有6学时，至少需要8学时",
                },
              ],
      })),
    },
    response: new Response(null, { status: 200 }),
  }));
  vi.spyOn(api, "POST").mockImplementation(post as never);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("发展团员: the pipeline board", () => {
  it("has a column per open state of the workflow, candidates ranked by points, cards with points and what is missing", async () => {
    renderBoard();
    await waitFor(() => expect(cardNames("candidate")).toEqual(["李二", "王三", "张一"]));
    const columns = [...document.querySelectorAll("[data-testid^='column-']")]
      .map((node) => node.getAttribute("data-testid") ?? "")
      .filter((id) => /^column-[a-z_]+$/.test(id))
      .map((id) => id.replace("column-", ""));
    expect(columns).toEqual([
      "applied",
      "talked",
      "candidate",
      "target_proposed",
      "development_target",
      "sponsored",
      "branch_voted",
      "approved",
      "admitted",
      "deferred",
    ]);
    expect(cardNames("applied")).toEqual(["赵四"]);
    const candidate = screen.getByTestId("column-candidate");
    expect(candidate.textContent).toContain("88分");
    expect(
      within(candidate)
        .getAllByTestId("card-missing")
        .map((tag) => tag.textContent),
    ).toEqual(["缺2项"]);
    expect(screen.getByTestId("development-register")).toBeDefined();
  });

  it("takes one step for every selected card of a column and lists each result", async () => {
    renderBoard();
    await waitFor(() => expect(cardNames("candidate")).toHaveLength(3));
    fireEvent.click(screen.getByTestId("card-select-2"));
    fireEvent.click(screen.getByTestId("card-select-1"));
    // Choosing in another column starts a new selection there.
    fireEvent.click(screen.getByTestId("card-select-4"));
    expect(screen.getByTestId("batch-bar").textContent).toContain("已选“已递交入团申请”中的 1 人");
    fireEvent.click(screen.getByTestId("column-select-candidate"));
    expect(screen.getByTestId("batch-bar").textContent).toContain("已选“入团积极分子”中的 3 人");

    fireEvent.click(screen.getByTestId("batch-open"));
    fireEvent.click(await screen.findByTestId("batch-submit"));
    const results = await screen.findByTestId("batch-results");
    expect(post).toHaveBeenCalledTimes(1);
    const [path, init] = post.mock.calls[0] ?? [];
    expect(path).toBe("/api/v1/organizations/{id}/applications/batch-transitions");
    expect(init.body).toMatchObject({
      action: "propose_development_target",
      items: [
        { applicationId: 2, version: 3 },
        { applicationId: 3, version: 3 },
        { applicationId: 1, version: 3 },
      ],
      payload: { targetProposedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    expect(results.textContent).toContain("已办理 1 人，未办理 2 人");
    expect(results.textContent).toContain("团课：已有6学时，至少需要8学时");
  });
});

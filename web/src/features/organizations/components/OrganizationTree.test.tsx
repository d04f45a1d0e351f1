import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { renderWithApp } from "../../../test/render";
import { OrganizationTree } from "./OrganizationTree";

const organization = (id: number, name: string, childCount: number) => ({
  id,
  name,
  kind: id === 3 ? "branch" : "committee",
  level: "county",
  sector: null,
  childCount,
  path: "",
});

/** The API as the tree reads it, each answer after `delays[path]` milliseconds. */
function mockApi(delays: Record<string, number>) {
  const answers: Record<string, unknown> = {
    "/api/v1/organizations/1": organization(1, "测试县团委", 1),
    "/api/v1/organizations/1/children": { items: [organization(2, "东河镇团委", 1)] },
    "/api/v1/organizations/2/children": { items: [organization(3, "东河镇第一团支部", 0)] },
  };
  vi.spyOn(api, "GET").mockImplementation((async (
    url: string,
    init: { params: { path: { id: number } } },
  ) => {
    const path = url.replace("{id}", String(init.params.path.id));
    await new Promise((resolve) => setTimeout(resolve, delays[path] ?? 0));
    return { data: answers[path], response: new Response(null, { status: 200 }) };
  }) as never);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("OrganizationTree: a deep link opens the tree down to its organization", () => {
  it("selects the organization when its path is known before the root's children arrive", async () => {
    // The path is there from the start; the root comes next, its children last: the Tree mounts
    // expanded to an id it cannot find yet (stop 29's CI failure: that id stayed collapsed).
    mockApi({ "/api/v1/organizations/1": 20, "/api/v1/organizations/1/children": 120 });
    renderWithApp(<OrganizationTree rootId={1} selectedId={3} pathIds={[1, 2]} onSelect={() => {}} />);
    await waitFor(
      () => {
        const selected = document.querySelector(".ant-tree-node-selected");
        expect(selected?.textContent).toBe("东河镇第一团支部");
      },
      { timeout: 4_000 },
    );
    expect(screen.getByText("东河镇团委")).toBeDefined();
  });
});

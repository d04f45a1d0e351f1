import { screen, within } from "@testing-library/react";
import { ROLE_PERMISSIONS, type Role } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { queryKeys } from "../../../api/query-keys";
import { createTestQueryClient, meWith, renderWithApp } from "../../../test/render";
import { todoCountsQuery } from "../../todos/api/todo-queries";
import { worklistQuery } from "../../transfers/api/transfer-queries";
import { AppLayout } from "./AppLayout";

/** The side menu's entries, in order. */
function menuEntries(): string[] {
  return within(screen.getByRole("menu"))
    .getAllByRole("menuitem")
    .map((item) => item.textContent ?? "");
}

// The menu asks GET /todos/counts for its badge: an empty inbox unless a test fills the cache.
beforeEach(() => {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response("[]", { status: 200, headers: { "content-type": "application/json" } })),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("AppLayout: the side menu shows only what the role may open", () => {
  const cases: [Role, string[]][] = [
    [
      "org_admin",
      [
        "待办",
        "组织",
        "成员",
        "发展团员",
        "组织关系转接",
        "团干部",
        "组织生活",
        "团费",
        "年度工作",
        "发展名额",
        "审核",
        "导入",
        "统计",
        "指标",
        "改革任务台账",
        "青年之家",
        "青年活动",
        "志愿服务",
        "问卷调查",
      ],
    ],
    [
      "branch_secretary",
      [
        "待办",
        "组织",
        "成员",
        "发展团员",
        "组织关系转接",
        "团干部",
        "组织生活",
        "团费",
        "年度工作",
        "发展名额",
        "审核",
        "导入",
        "统计",
        "指标",
        "改革任务台账",
        "青年之家",
        "青年活动",
        "志愿服务",
        "问卷调查",
      ],
    ],
    ["evaluator", ["组织", "改革任务台账"]],
    ["member", ["组织"]],
  ];
  it.each(cases)("%s sees %o", (role, entries) => {
    renderWithApp(<AppLayout />, {
      me: meWith(
        [...ROLE_PERMISSIONS[role]],
        [
          {
            role,
            organizationId: 1,
            organizationName: "测试县团委",
            organizationPath: "1/",
            permissions: [...ROLE_PERMISSIONS[role]],
          },
        ],
      ),
    });
    expect(menuEntries()).toEqual(entries);
  });

  it("reading members without writing them shows 成员 and 审核 but not 导入", () => {
    renderWithApp(<AppLayout />, { me: meWith(["organization:read", "member:read"]) });
    expect(menuEntries()).toEqual([
      "待办",
      "组织",
      "成员",
      "发展团员",
      "组织关系转接",
      "组织生活",
      "团费",
      "年度工作",
      "发展名额",
      "审核",
    ]);
  });

  it("shows the user's name and role in the top bar", () => {
    renderWithApp(<AppLayout />, {
      me: meWith(
        ["organization:read"],
        [
          {
            role: "evaluator",
            organizationId: 1,
            organizationName: "测试县团委",
            organizationPath: "1/",
            permissions: [...ROLE_PERMISSIONS.evaluator],
          },
        ],
      ),
    });
    expect(screen.getByTestId("user-name").textContent).toBe("测试用户");
    expect(screen.getByTestId("user-role").textContent).toBe("评估人员");
  });

  it("counts the open to-do items of every kind on 待办", () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(todoCountsQuery().queryKey, [
      { kind: "member_development", label: "发展团员", count: 3 },
      { kind: "transfer", label: "组织关系转接", count: 2 },
    ]);
    renderWithApp(<AppLayout />, { me: meWith(["organization:read", "member:read"]), queryClient });
    expect(screen.getByTestId("todo-badge").textContent).toBe("5");
    expect(queryKeys.todos).toEqual(["todos"]);
  });

  it("counts the transfers awaiting the organization on 组织关系转接", () => {
    const me = meWith(["organization:read", "member:read"]);
    const queryClient = createTestQueryClient();
    const rootId = me.scopeRoot?.id ?? 1;
    queryClient.setQueryData(worklistQuery(rootId).queryKey, {
      organizationId: rootId,
      total: 6,
      overdue: 1,
      awaitingHere: 4,
      truncated: false,
      counts: [],
      items: [],
    });
    renderWithApp(<AppLayout />, { me, queryClient });
    expect(screen.getByTestId("transfers-badge").textContent).toBe("4");
  });
});

import { screen, within } from "@testing-library/react";
import { ROLE_PERMISSIONS, type Role } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import { meWith, renderWithApp } from "../../../test/render";
import { AppLayout } from "./AppLayout";

/** The side menu's entries, in order. */
function menuEntries(): string[] {
  return within(screen.getByRole("menu"))
    .getAllByRole("menuitem")
    .map((item) => item.textContent ?? "");
}

describe("AppLayout: the side menu shows only what the role may open", () => {
  const cases: [Role, string[]][] = [
    ["org_admin", ["组织", "成员", "审核", "导入", "统计", "指标", "改革任务台账"]],
    ["branch_secretary", ["组织", "成员", "审核", "导入", "统计", "指标", "改革任务台账"]],
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
    expect(menuEntries()).toEqual(["组织", "成员", "审核"]);
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
});

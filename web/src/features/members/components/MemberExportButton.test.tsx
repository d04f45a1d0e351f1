import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { meWith, renderWithApp } from "../../../test/render";
import { MemberExportButton } from "./MemberExportButton";

describe("MemberExportButton: 完整导出 only for member:export_full", () => {
  it("offers the masked export alone without the permission", () => {
    renderWithApp(<MemberExportButton organizationId={1} />, { me: meWith(["member:read"]) });
    expect(screen.getByTestId("member-export").textContent).toBe("导出 Excel");
    expect(screen.queryByTestId("member-export-more")).toBeNull();
    expect(screen.queryByLabelText("完整导出（不遮蔽身份证号和手机号）")).toBeNull();
  });

  it("adds the unmasked export with the permission", () => {
    renderWithApp(<MemberExportButton organizationId={1} />, {
      me: meWith(["member:read", "member:export_full"]),
    });
    expect(screen.getByTestId("member-export").textContent).toContain("导出 Excel");
    expect(screen.getByLabelText("完整导出（不遮蔽身份证号和手机号）")).toBeTruthy();
  });
});

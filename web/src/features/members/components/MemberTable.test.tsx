import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { MemberPage } from "../../../api/types";
import { meWith, renderWithApp } from "../../../test/render";
import { MemberTable } from "./MemberTable";

const PAGE: MemberPage = {
  items: [],
  total: 12_345,
  totalExact: false,
  nextCursor: "abc",
  page: 1,
  pageSize: 20,
};

describe("MemberTable: keyset paging (issue 18 part 3)", () => {
  it("says an estimated total as 约 N and follows the next cursor", () => {
    const onNext = vi.fn();
    renderWithApp(
      <MemberTable
        page={PAGE}
        loading={false}
        pageNumber={1}
        onNext={onNext}
        onPrevious={undefined}
        onPageSizeChange={() => {}}
        memberHref={() => "/"}
      />,
      { me: meWith(["member:read"]) },
    );
    expect(screen.getByTestId("member-total").textContent).toBe("约 12345 条（估计）");
    expect(screen.getByTestId("member-page-number").textContent).toBe("第 1 页");
    expect((screen.getByTestId("member-previous") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("member-next"));
    expect(onNext).toHaveBeenCalledWith("abc");
  });

  it("says an exact total and disables next on the last page", () => {
    const onPrevious = vi.fn();
    renderWithApp(
      <MemberTable
        page={{ ...PAGE, total: 30, totalExact: true, nextCursor: null }}
        loading={false}
        pageNumber={2}
        onNext={() => {}}
        onPrevious={onPrevious}
        onPageSizeChange={() => {}}
        memberHref={() => "/"}
      />,
      { me: meWith(["member:read"]) },
    );
    expect(screen.getByTestId("member-total").textContent).toBe("共 30 条");
    expect((screen.getByTestId("member-next") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("member-previous"));
    expect(onPrevious).toHaveBeenCalled();
  });
});

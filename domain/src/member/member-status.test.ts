import { describe, expect, it } from "vitest";
import {
  CURRENT_MEMBER_STATUSES,
  DEPARTED_MEMBER_STATUSES,
  FORMER_MEMBER_STATUSES,
  isCurrentMemberStatus,
  isMemberStatus,
  MEMBER_STATUS_LABELS,
  MEMBER_STATUSES,
} from "./member-status";
import { SEX_LABELS, SEXES } from "./sex";

describe("member statuses", () => {
  it("split into current, former and departed members, together all of them", () => {
    expect(
      [...CURRENT_MEMBER_STATUSES, ...FORMER_MEMBER_STATUSES, ...DEPARTED_MEMBER_STATUSES].sort(),
    ).toEqual([...MEMBER_STATUSES].sort());
  });

  it.each([
    ["active", true],
    ["transferring", true],
    ["flowing", true],
    ["aged_out", false],
    ["lapsed", false],
    ["withdrawn", false],
    ["expelled", false],
    ["transferred_out", false],
  ] as const)("%s is counted: %s", (status, counted) => {
    expect(isCurrentMemberStatus(status)).toBe(counted);
    expect(isMemberStatus(status)).toBe(true);
    expect(MEMBER_STATUS_LABELS[status].zh).not.toBe("");
  });

  it("labels transferred_out 转出本系统", () => {
    expect(MEMBER_STATUS_LABELS.transferred_out).toEqual({ zh: "转出本系统", en: "Transferred out" });
  });

  it("refuses unknown statuses", () => {
    expect(isMemberStatus("deleted")).toBe(false);
  });

  it("labels the sexes", () => {
    expect(SEXES.map((sex) => SEX_LABELS[sex].zh)).toEqual(["男", "女"]);
  });
});

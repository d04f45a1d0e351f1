import { describe, expect, it } from "vitest";
import { isMemberEventKind, MEMBER_EVENT_KIND_LABELS, MEMBER_EVENT_KINDS } from "./member-event";
import { FORMER_MEMBER_STATUSES } from "./member-status";

describe("MEMBER_EVENT_KINDS", () => {
  it("labels every kind, each label once", () => {
    expect(Object.keys(MEMBER_EVENT_KIND_LABELS)).toEqual([...MEMBER_EVENT_KINDS]);
    const zh = Object.values(MEMBER_EVENT_KIND_LABELS).map((label) => label.zh);
    expect(new Set(zh).size).toBe(zh.length);
  });

  it("has an entry for leaving by each former status", () => {
    for (const status of FORMER_MEMBER_STATUSES) expect(MEMBER_EVENT_KINDS).toContain(status);
  });

  it.each([
    ["joined", true],
    ["status_change_requested", true],
    ["deleted", false],
  ])("isMemberEventKind(%s) = %s", (kind, expected) => {
    expect(isMemberEventKind(kind)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  ancestorPathsOf,
  assertMoveTargetAllowed,
  childPath,
  depthOfPath,
  isSameOrDescendantPath,
  isValidPath,
  lastIdOfPath,
  parentPathOf,
  pathIds,
  rebasePath,
  rootPath,
  subtreePattern,
} from "./organization-path";

describe("isValidPath", () => {
  it.each([
    ["1/", true],
    ["1/23/", true],
    ["12/345/6789/", true],
    ["", false],
    ["/", false],
    ["1", false],
    ["1/23", false],
    ["/1/", false],
    ["1//2/", false],
    ["0/", false],
    ["01/", false],
    ["1/a/", false],
    ["-1/", false],
    ["1/2/%", false],
  ])("%j → %s", (path, valid) => {
    expect(isValidPath(path)).toBe(valid);
  });
});

describe("rootPath and childPath", () => {
  it.each([
    ["1/", 23, "1/23/"],
    ["1/23/", 456, "1/23/456/"],
    ["", 7, "7/"],
  ])("childPath(%j, %i) = %j", (parent, id, expected) => {
    expect(childPath(parent, id)).toBe(expected);
  });

  it("builds a root path", () => {
    expect(rootPath(1)).toBe("1/");
  });

  it.each([
    ["1", 2],
    ["1/", 0],
    ["1/", -3],
    ["1/", 1.5],
  ])("refuses childPath(%j, %d)", (parent, id) => {
    expect(() => childPath(parent, id)).toThrow(RangeError);
  });

  it("refuses a root id that is not a positive integer", () => {
    expect(() => rootPath(0)).toThrow(RangeError);
  });
});

describe("pathIds, lastIdOfPath, depthOfPath, parentPathOf, ancestorPathsOf", () => {
  it.each([
    ["1/", [1], 1, null, ["1/"]],
    ["1/23/", [1, 23], 2, "1/", ["1/", "1/23/"]],
    ["1/23/456/", [1, 23, 456], 3, "1/23/", ["1/", "1/23/", "1/23/456/"]],
  ] as const)("%s", (path, ids, depth, parent, ancestors) => {
    expect(pathIds(path)).toEqual(ids);
    expect(lastIdOfPath(path)).toBe(ids[ids.length - 1]);
    expect(depthOfPath(path)).toBe(depth);
    expect(parentPathOf(path)).toBe(parent);
    expect(ancestorPathsOf(path)).toEqual(ancestors);
  });

  it.each(["", "1", "a/", "1//"])("throws RangeError on the malformed path %j", (path) => {
    expect(() => pathIds(path)).toThrow(RangeError);
    expect(() => depthOfPath(path)).toThrow(RangeError);
    expect(() => parentPathOf(path)).toThrow(RangeError);
    expect(() => ancestorPathsOf(path)).toThrow(RangeError);
  });
});

describe("isSameOrDescendantPath", () => {
  it.each([
    ["1/", "1/", true],
    ["1/2/", "1/", true],
    ["1/2/3/", "1/", true],
    ["1/2/3/", "1/2/", true],
    ["1/", "1/2/", false],
    ["1/23/", "1/2/", false],
    ["1/2/", "1/23/", false],
    ["12/", "1/", false],
    ["2/1/", "1/", false],
    ["1/3/", "1/2/", false],
  ])("%s under %s: %s", (path, ancestor, expected) => {
    expect(isSameOrDescendantPath(path, ancestor)).toBe(expected);
  });

  it("throws RangeError on a malformed ancestor (an empty one would match everything)", () => {
    expect(() => isSameOrDescendantPath("1/2/", "")).toThrow(RangeError);
  });
});

describe("subtreePattern", () => {
  it.each([
    ["1/", "1/%"],
    ["1/2/", "1/2/%"],
  ])("%s → %s", (path, pattern) => {
    expect(subtreePattern(path)).toBe(pattern);
  });

  it("throws RangeError on a malformed path", () => {
    expect(() => subtreePattern("1/2")).toThrow(RangeError);
  });

  it("matches like SQL LIKE: the subtree and nothing else", () => {
    const like = (value: string, pattern: string) => value.startsWith(pattern.slice(0, -1));
    const pattern = subtreePattern("1/2/");
    expect(["1/2/", "1/2/3/", "1/23/", "1/"].filter((path) => like(path, pattern))).toEqual([
      "1/2/",
      "1/2/3/",
    ]);
  });
});

describe("rebasePath", () => {
  it.each([
    ["1/2/", "1/2/", "1/5/2/", "1/5/2/"],
    ["1/2/7/", "1/2/", "1/5/2/", "1/5/2/7/"],
    ["1/2/7/8/", "1/2/", "9/2/", "9/2/7/8/"],
    ["1/5/2/7/", "1/5/2/", "1/2/", "1/2/7/"],
  ])("rebasePath(%s, %s, %s) = %s", (path, oldPrefix, newPrefix, expected) => {
    expect(rebasePath(path, oldPrefix, newPrefix)).toBe(expected);
  });

  it.each([
    ["1/23/", "1/2/", "1/5/2/"],
    ["1/", "1/2/", "1/5/2/"],
    ["1/2/", "1/2/", "1/5/2"],
  ])("refuses rebasePath(%s, %s, %s)", (path, oldPrefix, newPrefix) => {
    expect(() => rebasePath(path, oldPrefix, newPrefix)).toThrow(RangeError);
  });
});

describe("assertMoveTargetAllowed", () => {
  it.each([
    ["1/2/", "1/3/", true],
    ["1/2/", "1/", true],
    ["1/2/", "1/23/", true],
    ["1/2/", "1/2/", false],
    ["1/2/", "1/2/3/", false],
    ["1/2/", "1/2/3/4/", false],
  ])("moving %s under %s allowed: %s", (node, newParent, allowed) => {
    if (allowed) {
      expect(() => assertMoveTargetAllowed(node, newParent)).not.toThrow();
    } else {
      expect(() => assertMoveTargetAllowed(node, newParent)).toThrow(DomainError);
      expect(() => assertMoveTargetAllowed(node, newParent)).toThrow(
        expect.objectContaining({ code: "move_into_own_subtree", field: "newParentId", status: 422 }),
      );
    }
  });
});

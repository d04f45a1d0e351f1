import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertCanHoldMembers,
  assertChildKindAllowed,
  canHoldChild,
  canHoldMembers,
  isOrganizationKind,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KINDS,
  type OrganizationKind,
} from "./organization-kind";
import { isOrganizationLevel, ORGANIZATION_LEVEL_LABELS, ORGANIZATION_LEVELS } from "./organization-level";
import { FULL_COVERAGE_SECTORS, isSector, SECTOR_LABELS, SECTORS, TWO_NEW_SECTORS } from "./sector";

// Every pair of kinds, domain.md §1 "what may sit under what".
const pairs: [OrganizationKind, OrganizationKind, boolean][] = [
  ["committee", "committee", true],
  ["committee", "working_committee", true],
  ["committee", "general_branch", true],
  ["committee", "branch", true],
  ["working_committee", "committee", true],
  ["working_committee", "working_committee", true],
  ["working_committee", "general_branch", true],
  ["working_committee", "branch", true],
  ["general_branch", "committee", false],
  ["general_branch", "working_committee", false],
  ["general_branch", "general_branch", false],
  ["general_branch", "branch", true],
  ["branch", "committee", false],
  ["branch", "working_committee", false],
  ["branch", "general_branch", false],
  ["branch", "branch", false],
];

describe("canHoldChild", () => {
  it("covers every pair of kinds", () => {
    expect(pairs).toHaveLength(ORGANIZATION_KINDS.length ** 2);
  });

  it.each(pairs)("%s may hold %s: %s", (parent, child, allowed) => {
    expect(canHoldChild(parent, child)).toBe(allowed);
  });
});

describe("assertChildKindAllowed", () => {
  it.each(pairs)("%s over %s (allowed: %s)", (parent, child, allowed) => {
    if (allowed) {
      expect(() => assertChildKindAllowed(parent, child)).not.toThrow();
      return;
    }
    let caught: unknown;
    try {
      assertChildKindAllowed(parent, child);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe("kind_not_allowed");
    expect(error.field).toBe("kind");
    expect(error.status).toBe(422);
    expect(error.message).toContain("组织类型");
    expect(error.message).toContain(ORGANIZATION_KIND_LABELS[child].zh);
  });
});

describe("canHoldMembers", () => {
  it.each([
    ["committee", false],
    ["working_committee", false],
    ["general_branch", false],
    ["branch", true],
  ] as const)("%s: %s", (kind, expected) => {
    expect(canHoldMembers(kind)).toBe(expected);
    if (expected) expect(() => assertCanHoldMembers(kind)).not.toThrow();
    else
      expect(() => assertCanHoldMembers(kind)).toThrow(
        expect.objectContaining({ code: "members_only_in_branch" }),
      );
  });
});

describe("kinds, levels, sectors", () => {
  it("label every value", () => {
    expect(Object.keys(ORGANIZATION_KIND_LABELS).sort()).toEqual([...ORGANIZATION_KINDS].sort());
    expect(Object.keys(ORGANIZATION_LEVEL_LABELS).sort()).toEqual([...ORGANIZATION_LEVELS].sort());
    expect(Object.keys(SECTOR_LABELS).sort()).toEqual([...SECTORS].sort());
    expect(ORGANIZATION_KIND_LABELS.working_committee.zh).toBe("团工委");
    expect(SECTOR_LABELS.flying_enclave.zh).toBe("飞地团组织");
  });

  it.each([
    ["branch", true, false, false],
    ["county", false, true, false],
    ["rural", false, false, true],
    ["Branch", false, false, false],
  ])("type guards for %s", (value, kind, level, sector) => {
    expect(isOrganizationKind(value)).toBe(kind);
    expect(isOrganizationLevel(value)).toBe(level);
    expect(isSector(value)).toBe(sector);
  });

  it("groups the sectors of 两新 and of full coverage", () => {
    expect(TWO_NEW_SECTORS).toEqual(["non_public_enterprise", "social_organization"]);
    expect(FULL_COVERAGE_SECTORS).toEqual(["agency", "public_institution", "state_enterprise"]);
  });
});

import { describe, expect, it } from "vitest";
import * as domain from "./index";

// The names of docs/CONTRACTS-DRAFT.md "domain/ exports", which the server and web are written against.
const contract = [
  "DomainError",
  "ORGANIZATION_KINDS",
  "ORGANIZATION_LEVELS",
  "SECTORS",
  "ORGANIZATION_KIND_LABELS",
  "ORGANIZATION_LEVEL_LABELS",
  "SECTOR_LABELS",
  "canHoldChild",
  "assertChildKindAllowed",
  "childPath",
  "pathIds",
  "isSameOrDescendantPath",
  "subtreePattern",
  "rebasePath",
  "depthOfPath",
  "MEMBER_STATUSES",
  "MEMBER_STATUS_LABELS",
  "SEXES",
  "AGE_BANDS",
  "ageOn",
  "ageBandOf",
  "fourteenthBirthday",
  "validateCitizenId",
  "citizenIdCheckDigit",
  "maskCitizenId",
  "maskPhone",
  "ETHNICITIES",
  "EDUCATION_LEVELS",
  "OCCUPATIONS",
  "POLITICAL_STATUSES",
  "LEAGUE_POSITIONS",
  "CADRE_KINDS",
  "ROLES",
  "PERMISSIONS",
  "ROLE_PERMISSIONS",
  "roleHasPermission",
] as const;

describe("@tuanwu/domain", () => {
  it.each(contract)("exports %s", (name) => {
    expect(Object.keys(domain)).toContain(name);
  });

  it("has the contract's values", () => {
    expect(domain.ORGANIZATION_KINDS).toEqual(["committee", "working_committee", "general_branch", "branch"]);
    expect(domain.ORGANIZATION_LEVELS).toEqual([
      "national",
      "province",
      "city",
      "county",
      "township",
      "grassroots",
    ]);
    expect(domain.MEMBER_STATUSES).toEqual([
      "active",
      "transferring",
      "flowing",
      "aged_out",
      "lapsed",
      "withdrawn",
      "expelled",
      "transferred_out",
    ]);
    expect(domain.AGE_BANDS).toEqual(["14-17", "18-22", "23-25", "26-28", "over_28"]);
    expect(domain.SEXES).toEqual(["male", "female"]);
    expect(domain.ROLES).toEqual(["system_admin", "org_admin", "branch_secretary", "evaluator", "member"]);
    expect(domain.maskCitizenId("51082119950101123X")).toBe("5108**********123X");
    expect(domain.maskPhone("13812345678")).toBe("138****5678");
    expect(domain.subtreePattern("1/23/")).toBe("1/23/%");
  });

  it("builds errors of the contract's shape", () => {
    expect(() => domain.assertChildKindAllowed("branch", "branch")).toThrow(
      expect.objectContaining({ code: "kind_not_allowed", field: "kind", status: 422 }),
    );
  });
});

// The names of issue 3 (member registry), which the server's import, export, status and archive code uses.
const memberRegistry = [
  "MEMBER_STATUS_TRANSITIONS",
  "allowedTransitions",
  "assertTransitionAllowed",
  "assertStatusDecisionAllowed",
  "isHigherCommitteeScope",
  "nextReviewRequestState",
  "assertAgeOutAllowed",
  "isLapseCandidate",
  "lapseThresholdDate",
  "turnsTwentyEightInYear",
  "isOverAge",
  "isOnAgeOutList",
  "ageOutListBirthDateBound",
  "MEMBER_EVENT_KINDS",
  "MEMBER_RECORD_FIELDS",
  "REQUIRED_MEMBER_FIELDS",
  "isRecordComplete",
  "LOCKED_AFTER_VERIFICATION",
  "lockedFieldsChanged",
  "MEMBER_NUMBER_PATTERN",
  "isValidMemberNumber",
  "PHONE_PATTERN",
  "EMAIL_PATTERN",
  "recognizeHeaders",
  "locateHeaderRow",
  "REGISTRY_EXPORT_COLUMNS",
  "parseRegistryDate",
  "parseRegistryBoolean",
  "parseRegistryDictionaryValue",
  "parseRegistryRow",
  "formatRegistryCell",
  "isEmptyRegistryRow",
  "readCell",
] as const;

describe("@tuanwu/domain for the member registry", () => {
  it.each(memberRegistry)("exports %s", (name) => {
    expect(Object.keys(domain)).toContain(name);
  });
});

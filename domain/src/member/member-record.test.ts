import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "../dictionaries/all-dictionaries";
import {
  EMAIL_PATTERN,
  isRecordComplete,
  isValidMemberNumber,
  LOCKED_AFTER_VERIFICATION,
  lockedFieldsChanged,
  MEMBER_FIELD_LABELS,
  MEMBER_RECORD_FIELD_NAMES,
  MEMBER_RECORD_FIELDS,
  missingRequiredFields,
  QQ_PATTERN,
  REQUIRED_MEMBER_FIELDS,
} from "./member-record";

const complete = {
  name: "张三",
  idDocumentType: "resident_id_card",
  citizenId: "510821200501011237",
  birthDate: "2005-01-01",
  sex: "male",
  joinedOn: "2019-05-04",
  organizationId: 12,
  ethnicity: "han",
  politicalStatus: "league_member",
  education: "bachelor_in_progress",
  occupation: "student",
  phone: "13812345678",
  memberNumber: "5108212019000001",
};

describe("MEMBER_RECORD_FIELDS", () => {
  it("lists every field once, in the registry's order", () => {
    expect(MEMBER_RECORD_FIELDS.map((spec) => spec.field)).toEqual([...MEMBER_RECORD_FIELD_NAMES]);
    expect(MEMBER_RECORD_FIELD_NAMES.slice(0, 8)).toEqual([
      "name",
      "idDocumentType",
      "citizenId",
      "realNameVerified",
      "birthDate",
      "sex",
      "joinedOn",
      "organizationId",
    ]);
  });

  it.each(MEMBER_RECORD_FIELDS.map((spec) => [spec.field, spec] as const))(
    "%s is well described",
    (field, spec) => {
      expect(spec.zh).toBe(MEMBER_FIELD_LABELS[field]);
      expect(spec.en).not.toBe("");
      expect(spec.required).toBe((REQUIRED_MEMBER_FIELDS as readonly string[]).includes(field));
      if (spec.kind === "dictionary") expect(DICTIONARIES[spec.dictionary!]).toBeDefined();
      else expect(spec.dictionary).toBeUndefined();
      if (spec.kind === "text") expect(spec.maxLength).toBeGreaterThan(0);
    },
  );

  it.each([
    ["positionSince", "month"],
    ["partyJoinedOn", "month"],
    ["joinedOn", "date"],
    ["volunteerRegisteredOn", "date"],
    ["organizationId", "organization"],
    ["isPartyCommitteeMember", "boolean"],
    ["leaguePosition", "dictionary"],
  ] as const)("%s is of kind %s", (field, kind) => {
    expect(MEMBER_RECORD_FIELDS.find((spec) => spec.field === field)?.kind).toBe(kind);
  });

  it("requires to save what the database requires", () => {
    expect(MEMBER_RECORD_FIELDS.filter((spec) => spec.requiredToSave).map((spec) => spec.field)).toEqual([
      "name",
      "idDocumentType",
      "citizenId",
      "birthDate",
      "sex",
      "joinedOn",
      "organizationId",
    ]);
  });
});

describe("completeness (信息完整率)", () => {
  it("counts a record with every required field as complete", () => {
    expect(isRecordComplete(complete)).toBe(true);
    expect(missingRequiredFields(complete)).toEqual([]);
  });

  it.each(REQUIRED_MEMBER_FIELDS.map((field) => [field]))("is incomplete without %s", (field) => {
    for (const absent of [undefined, null, "", "  "]) {
      const record = { ...complete, [field]: absent };
      expect(isRecordComplete(record)).toBe(false);
      expect(missingRequiredFields(record)).toEqual([field]);
    }
  });

  it("ignores optional fields and keeps false and 0 as present", () => {
    expect(isRecordComplete({ ...complete, email: null, qq: undefined, isCadre: false })).toBe(true);
    expect(missingRequiredFields({ organizationId: 0 })).not.toContain("organizationId");
  });

  it("lists every missing field in order", () => {
    expect(missingRequiredFields({ name: "张三", phone: "13812345678" })).toEqual(
      REQUIRED_MEMBER_FIELDS.filter((field) => field !== "name" && field !== "phone"),
    );
  });
});

describe("lockedFieldsChanged", () => {
  const before = {
    name: "张三",
    citizenId: "51082120050101100X",
    joinedOn: "2019-05-04",
    organizationId: 12,
  };

  it("locks name, citizen ID, join date and branch", () => {
    expect(LOCKED_AFTER_VERIFICATION).toEqual(["name", "citizenId", "joinedOn", "organizationId"]);
  });

  it.each([
    [{}, []],
    [{ phone: "13912345678", education: "bachelor" }, []],
    [{ name: " 张三 ", citizenId: "51082120050101100x", joinedOn: "2019-05-04", organizationId: 12 }, []],
    [{ name: undefined }, []],
    [{ name: "张叁" }, ["name"]],
    [{ citizenId: "510821200501011237" }, ["citizenId"]],
    [{ joinedOn: "2019-05-05" }, ["joinedOn"]],
    [{ organizationId: 13 }, ["organizationId"]],
    [{ name: null }, ["name"]],
    [{ organizationId: 13, name: "李四", phone: "13912345678" }, ["name", "organizationId"]],
  ])("%j → %j", (patch, changed) => {
    expect(lockedFieldsChanged(before, patch)).toEqual(changed);
  });
});

describe("patterns", () => {
  it.each([
    ["5108212019000001", true],
    ["12345678", true],
    ["12345678901234567890", true],
    [" 5108212019000001 ", true],
    ["1234567", false],
    ["123456789012345678901", false],
    ["5108-2120-1900", false],
    ["51082120190000A1", false],
    ["", false],
  ])("member number %j: %s", (value, valid) => {
    expect(isValidMemberNumber(value)).toBe(valid);
  });

  it.each([
    ["name@example.com", true],
    ["a.b+c@mail.qq.com", true],
    ["name@example", false],
    ["name example@x.com", false],
    ["@example.com", false],
  ])("email %j: %s", (value, valid) => {
    expect(EMAIL_PATTERN.test(value)).toBe(valid);
  });

  it.each([
    ["10000", true],
    ["12345678901", true],
    ["1234", false],
    ["123456789012", false],
    ["01234567", false],
  ])("QQ %j: %s", (value, valid) => {
    expect(QQ_PATTERN.test(value)).toBe(valid);
  });
});

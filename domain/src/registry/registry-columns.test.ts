import { describe, expect, it } from "vitest";
import { MEMBER_RECORD_FIELD_NAMES } from "../member/member-record";
import {
  fieldOfHeader,
  locateHeaderRow,
  normalizeHeader,
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_HEADER_VARIANTS,
  recognizeHeaders,
} from "./registry-columns";

const REGISTRY_ORDER = [
  "姓名",
  "证件类型",
  "身份证号",
  "实名认证状态",
  "出生日期",
  "入团年月",
  "所在团支部",
  "收入",
  "是否团干部",
  "团内现任职务",
  "任现职年月",
  "团干部性质",
  "是否同级党委（支部）成员",
  "民族",
  "政治面貌",
  "全日制学历",
  "最高学历",
  "户籍所在地",
  "手机号码",
  "入团时所在单位",
  "职业",
  "学习工作单位",
  "电子邮箱",
  "QQ",
  "微信号",
  "团员编号",
  "入党年月",
  "注册志愿者时间",
];

describe("REGISTRY_EXPORT_COLUMNS", () => {
  it("follows the national registry's order, then tuanwu's 性别", () => {
    expect(REGISTRY_EXPORT_COLUMNS.map((column) => column.header)).toEqual([...REGISTRY_ORDER, "性别"]);
    expect(
      REGISTRY_EXPORT_COLUMNS.filter((column) => column.extension).map((column) => column.field),
    ).toEqual(["sex"]);
  });

  it("covers every record field once, the branch as organization", () => {
    const fields = REGISTRY_EXPORT_COLUMNS.map((column) => column.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect([...fields].sort()).toEqual(
      MEMBER_RECORD_FIELD_NAMES.map((field) => (field === "organizationId" ? "organization" : field)).sort(),
    );
  });

  it.each(REGISTRY_EXPORT_COLUMNS.map((column) => [column.header, column] as const))(
    "%s has a note and is recognised",
    (header, column) => {
      expect(column.note.length).toBeGreaterThan(3);
      expect(fieldOfHeader(header)).toBe(column.field);
      expect(REGISTRY_HEADER_VARIANTS[column.field][0]).toBe(header);
      if (column.kind === "dictionary") expect(column.dictionary).toBeDefined();
    },
  );

  it("marks the columns an import needs", () => {
    expect(
      REGISTRY_EXPORT_COLUMNS.filter((column) => column.requiredInImport).map((column) => column.field),
    ).toEqual(["name", "citizenId", "joinedOn", "organization"]);
  });

  it("lists the choices of small dictionaries in the notes", () => {
    const note = (field: string) => REGISTRY_EXPORT_COLUMNS.find((column) => column.field === field)?.note;
    expect(note("cadreKind")).toContain("专职、兼职、挂职");
    expect(note("politicalStatus")).toContain("团员、中共党员、中共预备党员");
  });
});

describe("header variants", () => {
  it.each([
    ["身份证号", "citizenId"],
    ["身份证号码", "citizenId"],
    ["公民身份号码", "citizenId"],
    ["证件号码", "citizenId"],
    ["入团时间", "joinedOn"],
    ["入团年月", "joinedOn"],
    ["入团日期", "joinedOn"],
    ["所在团支部", "organization"],
    ["所在支部", "organization"],
    ["团支部", "organization"],
    ["手机号码", "phone"],
    ["手机号", "phone"],
    ["联系电话", "phone"],
    ["入党年月", "partyJoinedOn"],
    ["入党时间", "partyJoinedOn"],
    ["是否团干部", "isCadre"],
    ["是否同级党委(支部)成员", "isPartyCommitteeMember"],
    ["是否同级党委（支部）成员", "isPartyCommitteeMember"],
    [" 姓 名 ", "name"],
    ["*姓名", "name"],
    ["姓名*", "name"],
    ["姓名（必填）", "name"],
    ["身份证号\n(必填)", "citizenId"],
    ["qq", "qq"],
    ["ＱＱ号", "qq"],
    ["EMAIL", "email"],
    ["性别", "sex"],
    ["最高学历", "education"],
    ["全日制学历", "fullTimeEducation"],
  ])("%j → %s", (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it.each(["序号", "备注", "身份", "是否", ""])("%j is not a field", (header) => {
    expect(fieldOfHeader(header)).toBeUndefined();
  });

  it("normalises headers", () => {
    expect(normalizeHeader("＊ 身份证号码（必填）")).toBe("身份证号码");
  });
});

describe("recognizeHeaders", () => {
  it("recognises the registry's full header row", () => {
    const result = recognizeHeaders(REGISTRY_ORDER);
    expect(result.columns).toHaveLength(REGISTRY_ORDER.length);
    expect(result.columns[2]).toEqual({ index: 2, field: "citizenId", header: "身份证号" });
    expect(result.unknown).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.missing).toEqual([]);
  });

  it("reports unknown headers, duplicates and skips empty cells", () => {
    const result = recognizeHeaders([
      "序号",
      "姓名",
      null,
      "公民身份号码",
      "身份证号",
      { richText: [{ text: "入团时间" }] },
      "团支部",
      "备注",
    ]);
    expect(result.columns).toEqual([
      { index: 1, field: "name", header: "姓名" },
      { index: 3, field: "citizenId", header: "公民身份号码" },
      { index: 5, field: "joinedOn", header: "入团时间" },
      { index: 6, field: "organization", header: "团支部" },
    ]);
    expect(result.unknown).toEqual([
      { index: 0, header: "序号" },
      { index: 7, header: "备注" },
    ]);
    expect(result.duplicates).toEqual([{ index: 4, header: "身份证号", field: "citizenId" }]);
    expect(result.missing).toEqual([]);
  });

  it.each([
    [
      ["姓名", "民族"],
      ["citizenId", "joinedOn", "organization"],
    ],
    [["身份证号", "入团年月", "所在团支部"], ["name"]],
    [[], ["name", "citizenId", "joinedOn", "organization"]],
    [
      ["张三", "510821200501011237", "2019-05"],
      ["name", "citizenId", "joinedOn", "organization"],
    ],
  ])("%j misses %j", (headers, missing) => {
    expect(recognizeHeaders(headers).missing).toEqual(missing);
  });

  it("takes the required fields from the caller", () => {
    expect(
      recognizeHeaders(["姓名", "身份证号", "入团年月"], { required: ["name", "citizenId", "joinedOn"] })
        .missing,
    ).toEqual([]);
  });
});

describe("locateHeaderRow", () => {
  it("skips a title row", () => {
    const rows = [["旺苍县团员信息导出"], [], ["姓名", "身份证号", "入团年月", "所在团支部"], ["张三"]];
    expect(locateHeaderRow(rows)?.rowIndex).toBe(2);
  });

  it("falls back to the row with most recognised columns", () => {
    const found = locateHeaderRow([["说明"], ["姓名", "民族"], ["姓名"]]);
    expect(found?.rowIndex).toBe(1);
    expect(found?.recognition.missing).toEqual(["citizenId", "joinedOn", "organization"]);
  });

  it("gives null when no row has a header", () => {
    expect(locateHeaderRow([["张三", "510821200501011237"], []])).toBeNull();
  });

  it("looks only at the first rows", () => {
    const rows = [...Array.from({ length: 10 }, () => ["x"]), ["姓名", "身份证号", "入团年月", "所在团支部"]];
    expect(locateHeaderRow(rows)).toBeNull();
    expect(locateHeaderRow(rows, { maxRows: 11 })?.rowIndex).toBe(10);
  });
});

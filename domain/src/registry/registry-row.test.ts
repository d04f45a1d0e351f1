import { describe, expect, it } from "vitest";
import { citizenIdCheckDigit } from "../member/citizen-id";
import { REGISTRY_EXPORT_COLUMNS, type RegistryField } from "./registry-columns";
import {
  formatRegistryCell,
  isEmptyRegistryRow,
  parseRegistryRow,
  type RegistryRowCells,
} from "./registry-row";

const today = "2025-06-15";

/** A valid resident citizen ID for a birth date "YYYYMMDD" and a sequence code (odd last digit = male). */
function citizenIdFor(birth: string, sequence = "123"): string {
  const body = `510821${birth}${sequence}`;
  return body + citizenIdCheckDigit(body);
}

/** A row as the national registry exports it. */
const row = {
  name: "张三",
  idDocumentType: "普通居民身份证",
  citizenId: "510821200501011237",
  realNameVerified: "已认证",
  birthDate: "2005-01-01",
  joinedOn: "2019-05",
  organization: "旺苍县东河镇第一村团支部",
  income: "无",
  isCadre: "否",
  leaguePosition: "",
  positionSince: null,
  cadreKind: "/",
  isPartyCommitteeMember: "否",
  ethnicity: "汉族",
  politicalStatus: "团员",
  fullTimeEducation: "高中",
  education: "本科在读",
  householdRegistration: "四川省广元市旺苍县",
  phone: "13812345678",
  joinedAtUnit: "旺苍中学",
  occupation: "学生",
  workplace: "四川大学",
  email: { text: "zhangsan@example.com", hyperlink: "mailto:zhangsan@example.com" },
  qq: 123456789,
  wechat: "zhangsan_2005",
  memberNumber: "5108212019000001",
  partyJoinedOn: "无",
  volunteerRegisteredOn: new Date(Date.UTC(2021, 2, 5)),
} satisfies RegistryRowCells;

const record = {
  name: "张三",
  idDocumentType: "resident_id_card",
  citizenId: "510821200501011237",
  realNameVerified: true,
  birthDate: "2005-01-01",
  sex: "male",
  joinedOn: "2019-05-01",
  organization: "旺苍县东河镇第一村团支部",
  income: "无",
  isCadre: false,
  isPartyCommitteeMember: false,
  ethnicity: "han",
  politicalStatus: "league_member",
  fullTimeEducation: "senior_high",
  education: "bachelor_in_progress",
  householdRegistration: "四川省广元市旺苍县",
  phone: "13812345678",
  joinedAtUnit: "旺苍中学",
  occupation: "student",
  workplace: "四川大学",
  email: "zhangsan@example.com",
  qq: "123456789",
  wechat: "zhangsan_2005",
  memberNumber: "5108212019000001",
  volunteerRegisteredOn: "2021-03-05",
};

describe("parseRegistryRow: a valid row", () => {
  it("reads every column, the sex from the citizen ID", () => {
    expect(parseRegistryRow(row, today)).toEqual({ ok: true, record, problems: [] });
  });

  it("reads the minimal row: birth date and sex from the ID, document type by default", () => {
    const result = parseRegistryRow(
      { name: "李四", citizenId: "11010519491231002x", joinedOn: "1964年5月4日", organization: "1001" },
      today,
    );
    expect(result).toEqual({
      ok: true,
      problems: [],
      record: {
        name: "李四",
        idDocumentType: "resident_id_card",
        citizenId: "11010519491231002X",
        birthDate: "1949-12-31",
        sex: "female",
        joinedOn: "1964-05-04",
        organization: "1001",
      },
    });
  });

  it("reads a join month holding the 14th birthday as the birthday", () => {
    const citizenId = citizenIdFor("20050615");
    const result = parseRegistryRow(
      { name: "王五", citizenId, joinedOn: "2019-06", organization: "x" },
      today,
    );
    expect(result.ok && result.record.joinedOn).toBe("2019-06-15");
  });

  it("reads a Party month holding the 18th birthday as the birthday", () => {
    const citizenId = citizenIdFor("20050615");
    const result = parseRegistryRow(
      {
        name: "王五",
        citizenId,
        joinedOn: "2019-07",
        organization: "x",
        politicalStatus: "中共预备党员",
        partyJoinedOn: "2023年6月",
      },
      today,
    );
    expect(result.ok && result.record.partyJoinedOn).toBe("2023-06-15");
  });

  it("reads a Party month equal to the join month as the join date", () => {
    const citizenId = citizenIdFor("19950101", "125");
    const result = parseRegistryRow(
      {
        name: "赵六",
        citizenId,
        joinedOn: "2015-05-04",
        organization: "x",
        politicalStatus: "中共党员",
        partyJoinedOn: "2015-05",
      },
      today,
    );
    expect(result.ok && result.record.partyJoinedOn).toBe("2015-05-04");
  });

  it("accepts an overseas document with sex and birth date given", () => {
    const result = parseRegistryRow(
      {
        name: "陈七",
        idDocumentType: "境外身份证",
        citizenId: "H1234567",
        birthDate: "2005-01-01",
        sex: "女",
        joinedOn: "2020-01",
        organization: "x",
      },
      today,
    );
    expect(result).toMatchObject({ ok: true, record: { citizenId: "H1234567", sex: "female" } });
  });

  it("leaves the branch out when the caller allows", () => {
    const { organization: _organization, ...cells } = row;
    expect(parseRegistryRow(cells, today, { requireOrganization: false })).toEqual({
      ok: true,
      record: { ...record, organization: null },
      problems: [],
    });
  });
});

describe("parseRegistryRow: each kind of problem", () => {
  const mid = citizenIdFor("20050615");
  it.each<[string, RegistryRowCells, { field: RegistryField; value: unknown; message: string }[]]>([
    [
      "wrong check digit",
      { citizenId: "510821200501011238" },
      [
        {
          field: "citizenId",
          value: "510821200501011238",
          message: "公民身份号码：校验码不正确，请核对号码",
        },
      ],
    ],
    [
      "citizen ID stored as a number",
      { citizenId: Number("510821200501011237") },
      [
        {
          field: "citizenId",
          value: Number("510821200501011237"),
          message: "公民身份号码：被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写",
        },
      ],
    ],
    [
      "citizen ID missing",
      { citizenId: null },
      [{ field: "citizenId", value: null, message: "公民身份号码：必填" }],
    ],
    [
      "birth date not the ID's",
      { birthDate: "2005-01-02" },
      [
        {
          field: "birthDate",
          value: "2005-01-02",
          message: "出生日期：与公民身份号码不一致（号码中为2005-01-01）",
        },
      ],
    ],
    [
      "sex not the ID's",
      { sex: "女" },
      [{ field: "sex", value: "女", message: "性别：与公民身份号码不一致（号码中为男）" }],
    ],
    [
      "joined before 14",
      { joinedOn: "2018-12-31" },
      [{ field: "joinedOn", value: "2018-12-31", message: "入团时间：不能早于年满14周岁之日（2019-01-01）" }],
    ],
    [
      "joined the month before the 14th birthday",
      { citizenId: mid, birthDate: null, joinedOn: "2019-05" },
      [{ field: "joinedOn", value: "2019-05", message: "入团时间：不能早于年满14周岁之日（2019-06-15）" }],
    ],
    [
      "joined in the future",
      { joinedOn: "2025-07" },
      [{ field: "joinedOn", value: "2025-07", message: "入团时间：不能晚于今天" }],
    ],
    [
      "join date 2015年13月",
      { joinedOn: "2015年13月" },
      [
        {
          field: "joinedOn",
          value: "2015年13月",
          message: "入团时间：“2015年13月”不是有效日期：月份应为1至12",
        },
      ],
    ],
    ["join date missing", { joinedOn: "" }, [{ field: "joinedOn", value: "", message: "入团时间：必填" }]],
    [
      "phone of 10 digits",
      { phone: 1381234567 },
      [{ field: "phone", value: 1381234567, message: "手机号码：应为11位手机号码" }],
    ],
    [
      "Party date for a League member",
      { partyJoinedOn: "2024-07" },
      [{ field: "partyJoinedOn", value: "2024-07", message: "入党时间：非党员不应填写入党时间" }],
    ],
    [
      "Party date before 18",
      { politicalStatus: "中共党员", partyJoinedOn: "2022-12" },
      [
        {
          field: "partyJoinedOn",
          value: "2022-12",
          message: "入党时间：不能早于年满18周岁之日（2023-01-01）",
        },
      ],
    ],
    [
      "member number with hyphens",
      { memberNumber: "5108-2120" },
      [{ field: "memberNumber", value: "5108-2120", message: "团员编号：应为8至20位数字" }],
    ],
    [
      "member number stored as a number",
      { memberNumber: 5108212019000001 },
      [
        {
          field: "memberNumber",
          value: 5108212019000001,
          message: "团员编号：数字位数过多，Excel已丢失末几位；请把该列设为文本格式后重新填写",
        },
      ],
    ],
    [
      "unknown ethnicity",
      { ethnicity: "火星族" },
      [
        {
          field: "ethnicity",
          value: "火星族",
          message: "民族：无法识别“火星族”，应为下拉列表中的值，如汉族、蒙古族、回族",
        },
      ],
    ],
    [
      "bad yes/no",
      { isCadre: "不是" },
      [{ field: "isCadre", value: "不是", message: "是否团干部：应为“是”或“否”" }],
    ],
    [
      "bad e-mail",
      { email: "zhangsan" },
      [{ field: "email", value: "zhangsan", message: "电子邮箱：格式不正确，应如name@example.com" }],
    ],
    [
      "branch missing",
      { organization: "  " },
      [{ field: "organization", value: "  ", message: "所在团支部：必填" }],
    ],
    [
      "unknown document type",
      { idDocumentType: "护照" },
      [
        {
          field: "idDocumentType",
          value: "护照",
          message: "证件类型：无法识别“护照”，应为普通居民身份证、境外身份证",
        },
      ],
    ],
    [
      "overseas document without sex",
      { idDocumentType: "境外身份证", citizenId: "H1234567" },
      [{ field: "sex", value: null, message: "性别：境外身份证无法读取性别，请填写" }],
    ],
    [
      "formula without a result",
      { name: { formula: "A1" } },
      [
        {
          field: "name",
          value: { formula: "A1" },
          message: "姓名：单元格是公式且没有计算结果，请复制后“粘贴为数值”",
        },
      ],
    ],
    [
      "volunteer date in the future",
      { volunteerRegisteredOn: 46000 },
      [{ field: "volunteerRegisteredOn", value: 46000, message: "注册志愿者时间：不能晚于今天" }],
    ],
  ])("%s", (_case, change, problems) => {
    const result = parseRegistryRow({ ...row, ...change }, today);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(problems);
  });

  it("reports every problem of a row, in column order", () => {
    const result = parseRegistryRow(
      { ...row, memberNumber: "abc", phone: "123", joinedOn: "abc", name: "", ethnicity: "x族" },
      today,
    );
    expect(result.problems.map((problem) => problem.field)).toEqual([
      "name",
      "joinedOn",
      "ethnicity",
      "phone",
      "memberNumber",
    ]);
  });

  it("keeps what it could read for duplicate checks", () => {
    const result = parseRegistryRow({ ...row, phone: "123", citizenId: "510821200501011237 " }, today);
    expect(result.ok).toBe(false);
    expect(result.record.citizenId).toBe("510821200501011237");
  });

  it("throws RangeError on a malformed today", () => {
    expect(() => parseRegistryRow(row, "2025/6/15")).toThrow(RangeError);
  });
});

describe("isEmptyRegistryRow", () => {
  it.each([
    [{}, true],
    [{ name: null, citizenId: "", joinedOn: "  " }, true],
    [{ name: "无", income: "/" }, true],
    [{ name: "张三" }, false],
    [{ qq: 0 }, false],
  ])("%j → %s", (cells, empty) => {
    expect(isEmptyRegistryRow(cells)).toBe(empty);
  });
});

describe("formatRegistryCell", () => {
  it.each([
    ["ethnicity", "han", "汉族"],
    ["education", "bachelor_in_progress", "本科在读"],
    ["sex", "female", "女"],
    ["isCadre", true, "是"],
    ["isPartyCommitteeMember", false, "否"],
    ["realNameVerified", true, "已认证"],
    ["realNameVerified", false, "未认证"],
    ["joinedOn", "2019-05-04", "2019-05-04"],
    ["organization", "旺苍县东河镇第一村团支部", "旺苍县东河镇第一村团支部"],
    ["phone", null, null],
    ["email", undefined, null],
    ["wechat", "", null],
    ["ethnicity", "unknown_code", "unknown_code"],
  ] as const)("%s %j → %j", (field, value, text) => {
    expect(formatRegistryCell(field, value)).toBe(text);
  });

  it("writes what parseRegistryRow reads back unchanged", () => {
    const full = {
      ...record,
      isCadre: true,
      leaguePosition: "secretary",
      positionSince: "2024-09-01",
      cadreKind: "part_time",
      politicalStatus: "probationary_party_member",
      partyJoinedOn: "2024-07-01",
    };
    const cells = Object.fromEntries(
      REGISTRY_EXPORT_COLUMNS.map((column) => [
        column.field,
        formatRegistryCell(column.field, full[column.field as keyof typeof full]),
      ]),
    );
    expect(parseRegistryRow(cells, today)).toEqual({ ok: true, record: full, problems: [] });
  });
});

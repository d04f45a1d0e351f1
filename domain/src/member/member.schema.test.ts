import { describe, expect, it } from "vitest";
import { buildMemberRecordSchema, citizenIdSchema, phoneSchema } from "./member.schema";

const today = "2025-06-15";
const schema = buildMemberRecordSchema(today);

const valid = {
  name: "张三",
  sex: "male",
  birthDate: "2005-01-01",
  ethnicity: "han",
  citizenId: "510821200501011237",
  memberNumber: "5108210001",
  joinedOn: "2019-05-04",
  phone: "13812345678",
  education: "bachelor_in_progress",
  occupation: "student",
  politicalStatus: "league_member",
  isPartyMember: false,
};

/** The issues as "field: message", to compare whole lists. */
function issuesOf(input: unknown): string[] {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("buildMemberRecordSchema: accepted records", () => {
  it("accepts a full record and fills the document type", () => {
    expect(schema.parse(valid)).toEqual({ ...valid, idDocumentType: "resident_id_card" });
  });

  it("accepts the minimal record and normalises the citizen ID", () => {
    const minimal = {
      name: " 李四 ",
      sex: "female",
      birthDate: "1949-12-31",
      citizenId: "11010519491231002x",
      joinedOn: "1964-05-04",
    };
    // joined at 14, long before today: the rule looks only at the join date, not at today's age.
    expect(schema.parse(minimal)).toEqual({
      name: "李四",
      sex: "female",
      birthDate: "1949-12-31",
      citizenId: "11010519491231002X",
      joinedOn: "1964-05-04",
      idDocumentType: "resident_id_card",
    });
  });

  it("accepts nulls for the optional fields", () => {
    const record = {
      ...valid,
      ethnicity: null,
      memberNumber: null,
      phone: null,
      education: null,
      occupation: null,
      politicalStatus: null,
      isPartyMember: null,
      partyJoinedOn: null,
    };
    expect(schema.safeParse(record).success).toBe(true);
  });

  it("accepts a Party member with a Party join date", () => {
    const record = {
      ...valid,
      birthDate: "1995-01-01",
      citizenId: "510821199501011231",
      joinedOn: "2010-05-04",
      politicalStatus: "probationary_party_member",
      isPartyMember: true,
      partyJoinedOn: "2016-07-01",
    };
    expect(schema.safeParse(record).success).toBe(true);
  });

  it("accepts an overseas document without the GB 11643 rules", () => {
    const record = { ...valid, idDocumentType: "overseas_id_card", citizenId: "H12345678" };
    expect(schema.parse(record).citizenId).toBe("H12345678");
  });

  it("accepts a join on the 14th birthday, a 29 February birth joining on 1 March", () => {
    const record = {
      ...valid,
      sex: "female",
      birthDate: "2008-02-29",
      citizenId: "510821200802290022",
      joinedOn: "2022-03-01",
    };
    expect(schema.safeParse(record).success).toBe(true);
  });
});

describe("buildMemberRecordSchema: refused records name the field", () => {
  it.each([
    ["missing name", { name: undefined }, ["name: 姓名：必填"]],
    ["blank name", { name: "  " }, ["name: 姓名：不能为空"]],
    ["unknown sex", { sex: "m" }, ["sex: 性别：无效的取值"]],
    ["unknown ethnicity", { ethnicity: "汉族" }, ["ethnicity: 民族：无效的取值"]],
    [
      "wrong check digit",
      { citizenId: "510821200501011238" },
      ["citizenId: 公民身份号码：校验码不正确，请核对号码"],
    ],
    ["17 characters", { citizenId: "51082120050101123" }, ["citizenId: 公民身份号码：应为18位"]],
    [
      "31 February in the ID",
      { citizenId: "510821200502311231" },
      ["citizenId: 公民身份号码：出生日期不是有效日期"],
    ],
    [
      "future birth in the ID",
      { citizenId: "510821202601011233", birthDate: "2026-01-01", joinedOn: "2025-01-01" },
      ["birthDate: 出生日期：不能晚于今天", "citizenId: 公民身份号码：出生日期不能晚于今天"],
    ],
    [
      "birth date not the ID's",
      { birthDate: "2005-01-02" },
      ["birthDate: 出生日期：与公民身份号码不一致（号码中为2005-01-01）"],
    ],
    ["sex not the ID's", { sex: "female" }, ["sex: 性别：与公民身份号码不一致（号码中为男）"]],
    [
      "join before 14",
      { joinedOn: "2018-12-31" },
      ["joinedOn: 入团时间：不能早于年满14周岁之日（2019-01-01）"],
    ],
    ["join in the future", { joinedOn: "2025-06-16" }, ["joinedOn: 入团时间：不能晚于今天"]],
    ["join date 31 April", { joinedOn: "2019-04-31" }, ["joinedOn: 入团时间：应为有效日期，格式YYYY-MM-DD"]],
    ["phone of 10 digits", { phone: "1381234567" }, ["phone: 手机号码：应为11位手机号码"]],
    ["phone starting 12", { phone: "12812345678" }, ["phone: 手机号码：应为11位手机号码"]],
    ["member number with a space", { memberNumber: "51 08" }, ["memberNumber: 团员编号：应为8至20位数字"]],
    ["unknown education", { education: "phd" }, ["education: 最高学历：无效的取值"]],
    ["unknown occupation", { occupation: "teacher" }, ["occupation: 职业：无效的取值"]],
    [
      "flag against status",
      { politicalStatus: "party_member" },
      ["isPartyMember: 是否党员：与政治面貌不一致"],
    ],
    ["flag as text", { isPartyMember: "否" }, ["isPartyMember: 是否党员：应为是或否"]],
    [
      "Party date for a non-member",
      { partyJoinedOn: "2024-01-01" },
      ["partyJoinedOn: 入党时间：非党员不应填写入党时间"],
    ],
    [
      "Party date before 18",
      { politicalStatus: "party_member", isPartyMember: true, partyJoinedOn: "2022-12-31" },
      ["partyJoinedOn: 入党时间：不能早于年满18周岁之日（2023-01-01）"],
    ],
    [
      "Party date before the League date",
      {
        joinedOn: "2024-01-01",
        politicalStatus: "party_member",
        isPartyMember: true,
        partyJoinedOn: "2023-06-01",
      },
      ["partyJoinedOn: 入党时间：不能早于入团时间"],
    ],
    [
      "overseas document too long",
      { idDocumentType: "overseas_id_card", citizenId: "X".repeat(33) },
      ["citizenId: 公民身份号码：不能超过32个字符"],
    ],
    ["unknown document type", { idDocumentType: "passport" }, ["idDocumentType: 证件类型：无效的取值"]],
  ])("%s", (_case, change, issues) => {
    expect(issuesOf({ ...valid, ...change })).toEqual(issues);
  });

  it("reports each bad field, not only the first", () => {
    expect(issuesOf({ ...valid, phone: "123", education: "phd", joinedOn: "2018-01-01" })).toEqual([
      "phone: 手机号码：应为11位手机号码",
      "education: 最高学历：无效的取值",
      "joinedOn: 入团时间：不能早于年满14周岁之日（2019-01-01）",
    ]);
  });

  it.each([
    ["empty citizen ID", { citizenId: "" }, ["citizenId: 公民身份号码：不能为空"]],
    ["citizen ID as a number", { citizenId: 5108212005 }, ["citizenId: 公民身份号码：应为文本"]],
    ["unknown sex", { sex: "x" }, ["sex: 性别：无效的取值"]],
    ["missing birth date", { birthDate: undefined }, ["birthDate: 出生日期：必填"]],
    ["bad birth date", { birthDate: "2005-02-30" }, ["birthDate: 出生日期：应为有效日期，格式YYYY-MM-DD"]],
    [
      "unknown status",
      { politicalStatus: "党员", isPartyMember: true },
      ["politicalStatus: 政治面貌：无效的取值"],
    ],
  ])("reports %s once, on its field", (_case, change, issues) => {
    expect(issuesOf({ ...valid, ...change })).toEqual(issues);
  });

  it.each([null, "张三", 5, []])("refuses the non-record %j", (input) => {
    expect(schema.safeParse(input).success).toBe(false);
  });

  it("refuses a malformed today when built", () => {
    expect(() => buildMemberRecordSchema("15/06/2025")).toThrow(RangeError);
  });
});

describe("citizenIdSchema", () => {
  it("normalises a valid number", () => {
    expect(citizenIdSchema(today).parse(" 11010519491231002x")).toBe("11010519491231002X");
  });

  it.each([
    ["110105194912310021", "公民身份号码：校验码不正确，请核对号码"],
    ["510821202601011233", "公民身份号码：出生日期不能晚于今天"],
    [undefined, "公民身份号码：必填"],
  ])("refuses %j", (input, message) => {
    const result = citizenIdSchema(today).safeParse(input);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("phoneSchema", () => {
  it.each([
    ["13812345678", true],
    [" 19912345678 ", true],
    ["1381234567", false],
    ["23812345678", false],
    ["138-1234-5678", false],
  ])("%j valid: %s", (phone, ok) => {
    expect(phoneSchema.safeParse(phone).success).toBe(ok);
  });
});

describe("buildMemberRecordSchema: the rest of the registry's record", () => {
  const full = {
    ...valid,
    memberNumber: "5108212019000001",
    realNameVerified: true,
    income: " 3000元/月 ",
    isCadre: true,
    leaguePosition: "secretary",
    positionSince: "2024-09-01",
    cadreKind: "part_time",
    isPartyCommitteeMember: false,
    fullTimeEducation: "senior_high",
    householdRegistration: "四川省广元市旺苍县",
    joinedAtUnit: "旺苍中学",
    workplace: "四川大学",
    email: "zhangsan@example.com",
    qq: "123456789",
    wechat: "zhangsan_2005",
    volunteerRegisteredOn: "2021-03-05",
  };

  it("accepts every field and trims text", () => {
    expect(schema.parse(full)).toEqual({ ...full, income: "3000元/月", idDocumentType: "resident_id_card" });
  });

  it("reads blank optional text as null", () => {
    const parsed = schema.parse({ ...valid, income: "  ", workplace: "", wechat: null });
    expect(parsed).toMatchObject({ income: null, workplace: null, wechat: null });
  });

  it.each([
    ["unknown post", { leaguePosition: "书记" }, ["leaguePosition: 团内现任职务：无效的取值"]],
    ["unknown cadre kind", { cadreKind: "full" }, ["cadreKind: 团干部性质：无效的取值"]],
    [
      "unknown full-time education",
      { fullTimeEducation: "phd" },
      ["fullTimeEducation: 全日制学历：无效的取值"],
    ],
    ["flag as text", { isCadre: "是" }, ["isCadre: 是否团干部：应为是或否"]],
    ["bad e-mail", { email: "zhangsan@" }, ["email: 电子邮箱：格式不正确，应如name@example.com"]],
    ["QQ too short", { qq: "1234" }, ["qq: QQ：应为5至11位数字"]],
    ["income too long", { income: "元".repeat(51) }, ["income: 收入：不能超过50个字符"]],
    ["member number of 7 digits", { memberNumber: "5108212" }, ["memberNumber: 团员编号：应为8至20位数字"]],
    ["post in the future", { positionSince: "2025-07-01" }, ["positionSince: 任现职年月：不能晚于今天"]],
    [
      "volunteer before birth",
      { volunteerRegisteredOn: "2004-12-31" },
      ["volunteerRegisteredOn: 注册志愿者时间：不能早于出生日期"],
    ],
    [
      "volunteer date 30 February",
      { volunteerRegisteredOn: "2021-02-30" },
      ["volunteerRegisteredOn: 注册志愿者时间：应为有效日期，格式YYYY-MM-DD"],
    ],
  ])("%s", (_case, change, issues) => {
    expect(issuesOf({ ...full, ...change })).toEqual(issues);
  });
});

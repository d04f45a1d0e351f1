import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertTermInOrder,
  createOrganizationInputSchema,
  isTermInOrder,
  moveOrganizationInputSchema,
  updateOrganizationInputSchema,
} from "./organization.schema";

const valid = {
  parentId: 1,
  kind: "committee",
  level: "township",
  sector: "rural",
  name: "共青团旺苍县东河镇委员会",
};

/** The first issue's field and message when `input` fails `schema`. */
function firstIssue(
  schema: {
    safeParse: (input: unknown) => {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  input: unknown,
) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  const issue = result.error!.issues[0]!;
  return { field: issue.path.join("."), message: issue.message };
}

describe("createOrganizationInputSchema", () => {
  it("accepts a minimal organization and trims the name", () => {
    const result = createOrganizationInputSchema.parse({ ...valid, name: "  东河镇团委  " });
    expect(result).toEqual({ ...valid, name: "东河镇团委" });
  });

  it("accepts every optional field", () => {
    const input = {
      ...valid,
      shortName: "东河镇团委",
      code: "DH-01",
      divisionCode: "510821100",
      foundedOn: "1985-05-04",
      termStart: "2023-06-01",
      termEnd: "2028-05-31",
    };
    expect(createOrganizationInputSchema.parse(input)).toEqual(input);
  });

  it.each(["51", "5108", "510821", "510821100", "510821100201"])(
    "accepts the division code %s",
    (divisionCode) => {
      expect(createOrganizationInputSchema.safeParse({ ...valid, divisionCode }).success).toBe(true);
    },
  );

  it("accepts a term that starts and ends on the same day", () => {
    const input = { ...valid, termStart: "2023-06-01", termEnd: "2023-06-01" };
    expect(createOrganizationInputSchema.safeParse(input).success).toBe(true);
  });

  it.each([
    ["missing name", { name: undefined }, "name", "组织名称：必填"],
    ["empty name", { name: "   " }, "name", "组织名称：不能为空"],
    ["long name", { name: "团".repeat(101) }, "name", "组织名称：不能超过100个字符"],
    ["number as name", { name: 5 }, "name", "组织名称：应为文本"],
    ["missing parent", { parentId: undefined }, "parentId", "上级组织：必填"],
    ["parent 0", { parentId: 0 }, "parentId", "上级组织：应为正整数"],
    ["fractional parent", { parentId: 1.5 }, "parentId", "上级组织：应为正整数"],
    ["parent as text", { parentId: "1" }, "parentId", "上级组织：应为数字"],
    ["unknown kind", { kind: "party_branch" }, "kind", "组织类型：无效的取值"],
    ["missing kind", { kind: undefined }, "kind", "组织类型：必填"],
    ["unknown level", { level: "village" }, "level", "组织级别：无效的取值"],
    ["unknown sector", { sector: "army" }, "sector", "所属领域：无效的取值"],
    ["long short name", { shortName: "团".repeat(51) }, "shortName", "组织简称：不能超过50个字符"],
    ["code with a space", { code: "DH 01" }, "code", "组织代码：只能由字母、数字和连字符组成，1至32位"],
    ["code with Chinese", { code: "东河" }, "code", "组织代码：只能由字母、数字和连字符组成，1至32位"],
    ["code of 33", { code: "A".repeat(33) }, "code", "组织代码：只能由字母、数字和连字符组成，1至32位"],
    ["empty code", { code: "" }, "code", "组织代码：只能由字母、数字和连字符组成，1至32位"],
    ["5-digit division", { divisionCode: "51082" }, "divisionCode", "行政区划代码：应为2、4、6、9或12位数字"],
    [
      "lettered division",
      { divisionCode: "51082A" },
      "divisionCode",
      "行政区划代码：应为2、4、6、9或12位数字",
    ],
    ["31 February", { foundedOn: "2023-02-31" }, "foundedOn", "成立日期：应为有效日期，格式YYYY-MM-DD"],
    [
      "slashed date",
      { termStart: "2023/06/01" },
      "termStart",
      "本届任期开始日期：应为有效日期，格式YYYY-MM-DD",
    ],
    [
      "term ending before it starts",
      { termStart: "2023-06-01", termEnd: "2023-05-31" },
      "termEnd",
      "本届任期结束日期：不能早于本届任期开始日期",
    ],
  ])("refuses %s, naming the field", (_case, change, field, message) => {
    expect(firstIssue(createOrganizationInputSchema, { ...valid, ...change })).toEqual({ field, message });
  });
});

describe("updateOrganizationInputSchema", () => {
  it.each([
    [{}],
    [{ name: "新名称" }],
    [{ level: "grassroots", sector: "community" }],
    [{ shortName: null, code: null, foundedOn: null, termStart: null, termEnd: null }],
    [{ termStart: "2023-06-01", termEnd: "2028-05-31" }],
    [{ termEnd: "2000-01-01" }],
  ])("accepts %j", (patch) => {
    expect(updateOrganizationInputSchema.parse(patch)).toEqual(patch);
  });

  it("drops fields it does not change (kind, parent, division code)", () => {
    expect(updateOrganizationInputSchema.parse({ kind: "branch", parentId: 3, divisionCode: "51" })).toEqual(
      {},
    );
  });

  it.each([
    [{ name: "" }, "name", "组织名称：不能为空"],
    [{ name: null }, "name", "组织名称：应为文本"],
    [{ sector: "army" }, "sector", "所属领域：无效的取值"],
    [
      { termStart: "2023-06-01", termEnd: "2023-01-01" },
      "termEnd",
      "本届任期结束日期：不能早于本届任期开始日期",
    ],
  ])("refuses %j", (patch, field, message) => {
    expect(firstIssue(updateOrganizationInputSchema, patch)).toEqual({ field, message });
  });
});

describe("moveOrganizationInputSchema", () => {
  it("accepts a new parent id", () => {
    expect(moveOrganizationInputSchema.parse({ newParentId: 9 })).toEqual({ newParentId: 9 });
  });

  it("names the field", () => {
    expect(firstIssue(moveOrganizationInputSchema, {})).toEqual({
      field: "newParentId",
      message: "新上级组织：必填",
    });
  });
});

describe("isTermInOrder / assertTermInOrder", () => {
  it.each([
    ["2023-06-01", "2028-05-31", true],
    ["2023-06-01", "2023-06-01", true],
    ["2023-06-01", "2023-05-31", false],
    [null, "2023-05-31", true],
    ["2023-06-01", undefined, true],
    [undefined, null, true],
  ])("%s to %s: %s", (start, end, expected) => {
    expect(isTermInOrder(start, end)).toBe(expected);
    if (expected) expect(() => assertTermInOrder(start, end)).not.toThrow();
    else {
      expect(() => assertTermInOrder(start, end)).toThrow(DomainError);
      expect(() => assertTermInOrder(start, end)).toThrow(
        expect.objectContaining({ code: "term_end_before_start", field: "termEnd", status: 422 }),
      );
    }
  });
});

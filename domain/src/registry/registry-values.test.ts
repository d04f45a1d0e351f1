import { describe, expect, it } from "vitest";
import {
  excelSerialToDate,
  isEmptyCell,
  parseRegistryBoolean,
  parseRegistryDate,
  parseRegistryDictionaryValue,
  parseRegistryText,
  REAL_NAME_STATUS_WORDS,
} from "./registry-values";

describe("parseRegistryDate: accepted", () => {
  it.each([
    ["2015-05", "2015-05-01", "month"],
    ["2015.05", "2015-05-01", "month"],
    ["2015/05", "2015-05-01", "month"],
    ["2015-5", "2015-05-01", "month"],
    ["2015年5月", "2015-05-01", "month"],
    ["2015年05月", "2015-05-01", "month"],
    ["201505", "2015-05-01", "month"],
    ["2015年5月4日", "2015-05-04", "day"],
    ["2015年5月4号", "2015-05-04", "day"],
    ["2015 年 5 月 4 日", "2015-05-04", "day"],
    ["2015/5/1", "2015-05-01", "day"],
    ["2015-5-1", "2015-05-01", "day"],
    ["2015-05-04", "2015-05-04", "day"],
    ["2015.05.04", "2015-05-04", "day"],
    ["20150501", "2015-05-01", "day"],
    ["２０１５－０５－０４", "2015-05-04", "day"],
    [" 2015-05-04 ", "2015-05-04", "day"],
    ["2015-05-04 00:00:00", "2015-05-04", "day"],
    ["2015-05-04T00:00:00.000Z", "2015-05-04", "day"],
    ["2016-02-29", "2016-02-29", "day"],
    [42125, "2015-05-01", "day"],
    [42125.75, "2015-05-01", "day"],
    [1, "1900-01-01", "day"],
    [59, "1900-02-28", "day"],
    [61, "1900-03-01", "day"],
    [36526, "2000-01-01", "day"],
    [60000, "2064-04-08", "day"],
    [20150501, "2015-05-01", "day"],
    [201505, "2015-05-01", "month"],
    [new Date(Date.UTC(2015, 4, 1)), "2015-05-01", "day"],
    [new Date(Date.UTC(2008, 1, 29, 23, 59)), "2008-02-29", "day"],
    [{ formula: "DATE(2015,5,1)", result: new Date(Date.UTC(2015, 4, 1)) }, "2015-05-01", "day"],
    [{ richText: [{ text: "2015年5月" }] }, "2015-05-01", "month"],
  ])("%j → %s (%s)", (value, date, precision) => {
    expect(parseRegistryDate(value)).toEqual({ ok: true, value: date, precision });
  });
});

describe("parseRegistryDate: refused, saying what was expected", () => {
  it.each([
    ["2015年13月", "“2015年13月”不是有效日期：月份应为1至12"],
    ["2015-00", "“2015-00”不是有效日期：月份应为1至12"],
    ["2015-02-30", "“2015-02-30”不是有效日期：2015年2月没有30日"],
    ["2015-02-29", "“2015-02-29”不是有效日期：2015年2月没有29日"],
    ["1899-12-31", "“1899-12-31”不是有效日期：年份应在1900至2999之间"],
    ["abc", "“abc”不是可识别的日期，应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    ["2015-05/04", "“2015-05/04”不是可识别的日期，应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    ["15-5-4", "“15-5-4”不是可识别的日期，应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    ["2015", "“2015”不是可识别的日期，应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [0, "数字0不是日期：应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [-5, "数字-5不是日期：应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [99999, "数字99999不是日期：应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [60, "数字60是Excel中不存在的1900年2月29日，不是有效日期"],
    [20151301, "“20151301”不是有效日期：月份应为1至12"],
    [true, "应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [null, "不能为空，应为日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [new Date(Number.NaN), "不是有效日期，如2015-05-04、2015-05、2015年5月4日或2015/5/4"],
    [{ error: "#VALUE!" }, "单元格为错误值#VALUE!"],
  ])("%j: %s", (value, message) => {
    expect(parseRegistryDate(value)).toEqual({ ok: false, message });
  });
});

describe("excelSerialToDate", () => {
  it("counts serials from 61 on one day behind the calendar (1900 leap-year bug)", () => {
    expect(excelSerialToDate(43831)).toMatchObject({ ok: true, value: "2020-01-01" });
    expect(excelSerialToDate(45658)).toMatchObject({ ok: true, value: "2025-01-01" });
  });
});

describe("parseRegistryBoolean", () => {
  it.each([
    ["是", true],
    ["否", false],
    ["Y", true],
    ["n", false],
    ["YES", true],
    ["no", false],
    ["true", true],
    ["FALSE", false],
    ["1", true],
    ["0", false],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
    [" 是 ", true],
    ["√", true],
    ["×", false],
  ])("%j → %s", (value, expected) => {
    expect(parseRegistryBoolean(value)).toEqual({ ok: true, value: expected });
  });

  it.each([["是的"], ["2"], ["已认证"], [new Date(0)], [null]])("%j is refused", (value) => {
    expect(parseRegistryBoolean(value)).toEqual({ ok: false, message: "应为“是”或“否”" });
  });

  it.each([
    ["已认证", true],
    ["未认证", false],
    ["是", true],
  ])("实名认证状态 %j → %s", (value, expected) => {
    expect(parseRegistryBoolean(value, REAL_NAME_STATUS_WORDS)).toEqual({ ok: true, value: expected });
  });

  it("names the column's words when refusing", () => {
    expect(parseRegistryBoolean("待定", REAL_NAME_STATUS_WORDS)).toEqual({
      ok: false,
      message: "应为“已认证”或“未认证”",
    });
  });
});

describe("parseRegistryDictionaryValue", () => {
  it.each([
    ["ethnicities", "汉族", "han"],
    ["ethnicities", "han", "han"],
    ["ethnicities", "Han", "han"],
    ["ethnicities", "汉", "han"],
    ["ethnicities", "蒙古", "menggu"],
    ["ethnicities", " 壮 族 ", "zhuang"],
    ["politicalStatuses", "中共党员", "party_member"],
    ["politicalStatuses", "共青团员", "league_member"],
    ["politicalStatuses", "预备党员", "probationary_party_member"],
    ["educationLevels", "本科", "bachelor"],
    ["educationLevels", "本科在读", "bachelor_in_progress"],
    ["educationLevels", "大学本科", "bachelor"],
    ["educationLevels", "中专", "secondary_vocational"],
    ["occupations", "非公企业职工", "non_public_enterprise_employee"],
    ["occupations", "student", "student"],
    ["occupations", "无业", "other"],
    ["leaguePositions", "团支部书记", "secretary"],
    ["leaguePositions", "组织委员", "organization_member"],
    ["cadreKinds", "兼职", "part_time"],
    ["idDocumentTypes", "居民身份证", "resident_id_card"],
    ["idDocumentTypes", "境外身份证", "overseas_id_card"],
    ["sexes", "男", "male"],
    ["sexes", "女", "female"],
    ["sexes", "女性", "female"],
    ["sexes", 1, "male"],
    ["sexes", "Female", "female"],
  ] as const)("%s: %j → %s", (dictionary, value, code) => {
    expect(parseRegistryDictionaryValue(dictionary, value)).toEqual({ ok: true, value: code });
  });

  it.each([
    ["ethnicities", "火星族", "无法识别“火星族”，应为下拉列表中的值，如汉族、蒙古族、回族"],
    ["politicalStatuses", "群众", "无法识别“群众”，应为团员、中共党员、中共预备党员"],
    ["cadreKinds", "全职", "无法识别“全职”，应为专职、兼职、挂职"],
    ["sexes", "未知", "无法识别“未知”，应为男、女"],
    ["sexes", true, "无法识别“true”，应为男、女"],
  ] as const)("%s: %j → %s", (dictionary, value, message) => {
    expect(parseRegistryDictionaryValue(dictionary, value)).toEqual({ ok: false, message });
  });
});

describe("parseRegistryText", () => {
  it.each([
    [" 旺苍中学 ", "旺苍中学"],
    [13812345678, "13812345678"],
    [123456789012345, "123456789012345"],
    [3000.5, "3000.5"],
  ])("%j → %j", (value, text) => {
    expect(parseRegistryText(value)).toEqual({ ok: true, value: text });
  });

  it.each([
    // Excel keeps 15 significant digits: a 16-digit member number typed as a number has lost its last digit.
    [5108212019000001, "数字位数过多，Excel已丢失末几位；请把该列设为文本格式后重新填写"],
    [Number("510821200501011237"), "数字位数过多，Excel已丢失末几位；请把该列设为文本格式后重新填写"],
    [true, "应为文本"],
    [new Date(0), "应为文本"],
  ])("%j is refused", (value, message) => {
    expect(parseRegistryText(value)).toEqual({ ok: false, message });
  });
});

describe("isEmptyCell", () => {
  it.each([
    [null, true],
    ["", true],
    [" ", true],
    ["无", true],
    ["/", true],
    ["-", true],
    ["暂无", true],
    ["N/A", true],
    ["0", false],
    [0, false],
    [false, false],
    ["张三", false],
    [{ error: "#N/A" }, false],
  ])("%j → %s", (value, empty) => {
    expect(isEmptyCell(value)).toBe(empty);
  });
});

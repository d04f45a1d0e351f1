import { DomainError } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import {
  committeeNameFor,
  countDivisionsByLevel,
  type DivisionNode,
  loadDivisionTree,
  sectorForDivision,
} from "./china-division";

describe("loadDivisionTree", () => {
  it("loads 旺苍县 510821 with its 23 townships and 257 villages and communities", async () => {
    const county = await loadDivisionTree("510821");
    expect(county).toMatchObject({ code: "510821", name: "旺苍县", level: "county" });
    expect(countDivisionsByLevel(county)).toEqual({ county: 1, township: 23, village: 257 });
    const township = county.children.find((child) => child.name === "东河镇");
    expect(township).toMatchObject({ code: "510821100", level: "township" });
    expect(township?.children[0]).toMatchObject({ code: "510821100001", level: "village", children: [] });
    expect(county.children.map((child) => child.code)).toEqual(
      [...county.children.map((child) => child.code)].sort(),
    );
  });

  it("loads 阳城县 140522", async () => {
    const county = await loadDivisionTree("140522");
    expect(county.name).toBe("阳城县");
    expect(county.children.length).toBeGreaterThan(0);
    expect(county.children.every((township) => township.code.startsWith("140522"))).toBe(true);
  });

  it("loads 晋城市 1405 with its six counties and districts", async () => {
    const city = await loadDivisionTree("1405");
    expect(city).toMatchObject({ name: "晋城市", level: "city" });
    expect(city.children.map((county) => county.name)).toEqual([
      "城区",
      "沁水县",
      "阳城县",
      "陵川县",
      "泽州县",
      "高平市",
    ]);
    expect(city.children.every((county) => county.level === "county" && county.children.length > 0)).toBe(
      true,
    );
  });

  it("names the municipal districts row of a municipality after the municipality", async () => {
    const city = await loadDivisionTree("1101");
    expect(city.name).toBe("北京市");
    expect(city.children.find((county) => county.name === "东城区")?.children[0]?.children[0]?.name).toBe(
      "多福巷社区居委会",
    );
  });

  it("loads a whole province, cities included", async () => {
    const province = await loadDivisionTree("12");
    expect(province).toMatchObject({ name: "天津市", level: "province" });
    expect(province.children[0]).toMatchObject({ code: "1201", name: "天津市", level: "city" });
    const counts = countDivisionsByLevel(province);
    expect(counts.village).toBeGreaterThan(3000);
  });

  it.each(["999999", "abc", "", "51082", "510821100", "99"])("refuses the code %j", async (code) => {
    const error = await loadDivisionTree(code).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "unknown_division", field: "division", status: 400 });
    expect((error as DomainError).message).toContain(`未找到行政区划代码 ${code}`);
  });
});

describe("committeeNameFor", () => {
  const node = (level: DivisionNode["level"], name: string) => ({ level, name });

  it.each([
    [node("province", "四川省"), "共青团四川省委员会", "团四川省委"],
    [node("city", "晋城市"), "共青团晋城市委员会", "团晋城市委"],
    [node("county", "旺苍县"), "共青团旺苍县委员会", "团旺苍县委"],
    [node("township", "东河镇"), "共青团东河镇委员会", "东河镇团委"],
    [node("township", "东华门街道"), "共青团东华门街道委员会", "东华门街道团委"],
    [node("village", "长滩村村民委员会"), "长滩村团支部", "长滩村团支部"],
    [node("village", "白水村委会"), "白水村团支部", "白水村团支部"],
    [node("village", "白水村民委员会"), "白水村团支部", "白水村团支部"],
    [node("village", "多福巷社区居委会"), "多福巷社区团支部", "多福巷社区团支部"],
    [node("village", "卸甲碥社区居民委员会"), "卸甲碥社区团支部", "卸甲碥社区团支部"],
    [node("village", "东街居委会"), "东街社区团支部", "东街社区团支部"],
    [
      node("village", "小营股份经济合作社生活区"),
      "小营股份经济合作社生活区团支部",
      "小营股份经济合作社生活区团支部",
    ],
    [node("village", "高里掌村"), "高里掌村团支部", "高里掌村团支部"],
  ])("%o → %s / %s", (division, name, shortName) => {
    expect(committeeNameFor(division)).toEqual({ name, shortName });
  });
});

describe("sectorForDivision", () => {
  it.each([
    ["village", "长滩村村民委员会", "rural"],
    ["village", "白水村委会", "rural"],
    ["village", "多福巷社区居委会", "community"],
    ["village", "东街居委会", "community"],
    ["township", "东河镇", "rural"],
    ["township", "东华门街道", "community"],
    ["county", "旺苍县", null],
  ] as const)("%s %s → %s", (level, name, sector) => {
    expect(sectorForDivision({ level, name })).toBe(sector);
  });
});

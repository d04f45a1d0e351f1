import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "./all-dictionaries";
import { CADRE_KINDS } from "./cadre-kinds";
import {
  type Dictionary,
  dictionaryCodes,
  dictionaryFromLabels,
  dictionaryLabel,
  isDictionaryCode,
} from "./dictionary";
import { EDUCATION_LEVELS, isEducationInProgress } from "./education-levels";
import { ETHNICITIES } from "./ethnicities";
import { ID_DOCUMENT_TYPES } from "./id-document-types";
import { LEAGUE_POSITIONS } from "./league-positions";
import { OCCUPATIONS } from "./occupations";
import { isPartyPoliticalStatus, POLITICAL_STATUSES } from "./political-statuses";

const tables: [string, Dictionary][] = [
  ["ETHNICITIES", ETHNICITIES],
  ["EDUCATION_LEVELS", EDUCATION_LEVELS],
  ["OCCUPATIONS", OCCUPATIONS],
  ["POLITICAL_STATUSES", POLITICAL_STATUSES],
  ["LEAGUE_POSITIONS", LEAGUE_POSITIONS],
  ["CADRE_KINDS", CADRE_KINDS],
  ["ID_DOCUMENT_TYPES", ID_DOCUMENT_TYPES],
  ...Object.entries(DICTIONARIES).map(([name, dict]): [string, Dictionary] => [`DICTIONARIES.${name}`, dict]),
];

describe.each(tables)("%s", (_name, dict) => {
  it("has unique snake_case codes", () => {
    const codes = dict.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });

  it("has unique, non-empty Chinese and English labels", () => {
    expect(new Set(dict.map((entry) => entry.zh)).size).toBe(dict.length);
    expect(new Set(dict.map((entry) => entry.en)).size).toBe(dict.length);
    for (const entry of dict) {
      expect(entry.zh.trim()).not.toBe("");
      expect(entry.en.trim()).not.toBe("");
    }
  });
});

describe("ETHNICITIES", () => {
  it("holds the 56 ethnic groups in GB/T 3304 order", () => {
    expect(ETHNICITIES).toHaveLength(56);
    expect(ETHNICITIES[0]).toEqual({ code: "han", zh: "汉族", en: "Han" });
    expect(ETHNICITIES[7]).toMatchObject({ code: "zhuang", zh: "壮族" });
    expect(ETHNICITIES[9]).toMatchObject({ zh: "朝鲜族" });
    expect(ETHNICITIES[55]).toMatchObject({ code: "jinuo", zh: "基诺族" });
    for (const entry of ETHNICITIES) expect(entry.zh.endsWith("族")).toBe(true);
  });
});

describe("EDUCATION_LEVELS", () => {
  it("has the completed levels and the 在读 variants", () => {
    const zh = EDUCATION_LEVELS.map((entry) => entry.zh);
    for (const level of ["小学", "初中", "高中", "中职", "大专", "本科", "硕士", "博士"])
      expect(zh).toContain(level);
    for (const level of [
      "初中在读",
      "高中在读",
      "中职在读",
      "大专在读",
      "本科在读",
      "硕士在读",
      "博士在读",
    ]) {
      expect(zh).toContain(level);
    }
  });

  it.each(EDUCATION_LEVELS.map((entry) => [entry.code, entry.zh] as const))(
    "isEducationInProgress(%s) agrees with the label %s",
    (code, zh) => {
      expect(isEducationInProgress(code)).toBe(zh.endsWith("在读"));
    },
  );
});

describe("OCCUPATIONS", () => {
  it("has the national registry's list, ending with 其他", () => {
    expect(OCCUPATIONS.map((entry) => entry.zh)).toEqual([
      "国有企业职工",
      "非公企业职工",
      "机关事业单位职工",
      "社会组织员工",
      "农民",
      "学生",
      "自由职业者",
      "公办高校教职工",
      "民办高校教职工",
      "公办中学教职工",
      "民办中学教职工",
      "公办中职教职工",
      "民办中职教职工",
      "其他",
    ]);
  });
});

describe("small dictionaries", () => {
  it.each([
    [POLITICAL_STATUSES, ["团员", "中共党员", "中共预备党员"]],
    [
      LEAGUE_POSITIONS,
      ["书记", "副书记", "组织委员", "宣传委员", "文体委员", "生产委员", "权益委员", "志愿委员", "其他"],
    ],
    [CADRE_KINDS, ["专职", "兼职", "挂职"]],
    [ID_DOCUMENT_TYPES, ["普通居民身份证", "境外身份证"]],
  ] as const)("%# has the labels of the registry", (dict, labels) => {
    expect(dict.map((entry) => entry.zh)).toEqual(labels);
  });

  it("has the cadre kind codes", () => {
    expect(dictionaryCodes(CADRE_KINDS)).toEqual(["full_time", "part_time", "seconded"]);
  });

  it.each([
    ["league_member", false],
    ["party_member", true],
    ["probationary_party_member", true],
  ] as const)("isPartyPoliticalStatus(%s) = %s", (code, expected) => {
    expect(isPartyPoliticalStatus(code)).toBe(expected);
  });
});

describe("dictionaryLabel", () => {
  it.each([
    [ETHNICITIES, "zhuang", "zh-CN", "壮族"],
    [ETHNICITIES, "zhuang", "en", "Zhuang"],
    [CADRE_KINDS, "seconded", "zh-CN", "挂职"],
    [CADRE_KINDS, "seconded", "en", "Seconded"],
    [CADRE_KINDS, "unknown_code", "zh-CN", "unknown_code"],
  ] as const)("%#: %s in %s → %s", (dict, code, locale, label) => {
    expect(dictionaryLabel(dict, code, locale)).toBe(label);
  });
});

describe("isDictionaryCode", () => {
  it.each([
    ["han", true],
    ["Han", false],
    ["汉族", false],
  ])("%s → %s", (code, expected) => {
    expect(isDictionaryCode(ETHNICITIES, code)).toBe(expected);
  });
});

describe("dictionaryFromLabels", () => {
  it("keeps the order of the codes", () => {
    expect(
      dictionaryFromLabels(["b", "a"] as const, { a: { zh: "甲", en: "A" }, b: { zh: "乙", en: "B" } }),
    ).toEqual([
      { code: "b", zh: "乙", en: "B" },
      { code: "a", zh: "甲", en: "A" },
    ]);
  });
});

describe("DICTIONARIES", () => {
  it("serves every table of GET /dictionaries", () => {
    expect(Object.keys(DICTIONARIES)).toEqual(
      expect.arrayContaining([
        "sectors",
        "kinds",
        "levels",
        "statuses",
        "ethnicities",
        "educationLevels",
        "occupations",
      ]),
    );
    expect(DICTIONARIES.kinds.map((entry) => entry.code)).toEqual([
      "committee",
      "working_committee",
      "general_branch",
      "branch",
    ]);
    expect(DICTIONARIES.sectors).toHaveLength(11);
    expect(DICTIONARIES.statuses).toHaveLength(8);
  });
});

import { describe, expect, it } from "vitest";
import {
  kindFromOrganizationName,
  normalizeOrganizationName,
  organizationNameSimilarity,
  rankNameCandidates,
} from "./organization-name";

describe("normalizeOrganizationName", () => {
  it.each([
    // committees: full legal name, short forms, tuanwu's scaffold short name
    ["共青团旺苍县委员会", "旺苍县团委"],
    ["团旺苍县委", "旺苍县团委"],
    ["共青团旺苍县委", "旺苍县团委"],
    ["旺苍县团委", "旺苍县团委"],
    ["中国共产主义青年团旺苍县委员会", "旺苍县团委"],
    ["共青团东河镇委员会", "东河镇团委"],
    // working committees
    ["共青团旺苍县教育工作委员会", "旺苍县教育团工委"],
    ["旺苍县教育团工委", "旺苍县教育团工委"],
    // branches: 支部委员会 ↔ 团支部, village and residents' committees
    ["共青团幸福村支部委员会", "幸福村团支部"],
    ["幸福村团支部", "幸福村团支部"],
    ["幸福村村民委员会团支部", "幸福村团支部"],
    ["幸福村民委员会团支部", "幸福村团支部"],
    ["幸福社区居民委员会团支部", "幸福社区团支部"],
    ["幸福居民委员会团支部", "幸福社区团支部"],
    ["四川某某有限公司团支部委员会", "四川某某有限公司团支部"],
    // general branches
    ["旺苍中学高一年级团总支部委员会", "旺苍中学高一年级团总支"],
    ["旺苍中学高一年级团总支", "旺苍中学高一年级团总支"],
    // full-width / half-width, spaces
    ["旺苍中学高２０２４级（１）班团支部", "旺苍中学高2024级(1)班团支部"],
    ["旺苍中学高2024级(1)班 团支部", "旺苍中学高2024级(1)班团支部"],
    ["ABC公司团支部", "abc公司团支部"],
    // names whose 团 is part of the place, or without a kind
    ["团结村团支部", "团结村团支部"],
    ["团结村委", "团结村委"],
    ["幸福村村民委员会", "幸福村"],
    ["旺苍县委员会", "旺苍县委员会"],
  ])("%s → %s", (name, normalized) => {
    expect(normalizeOrganizationName(name)).toBe(normalized);
  });
});

describe("kindFromOrganizationName", () => {
  it.each([
    ["共青团旺苍县委员会", "committee"],
    ["团旺苍县委", "committee"],
    ["旺苍县教育团工委", "working_committee"],
    ["共青团旺苍县非公和社会组织工作委员会", "working_committee"],
    ["高一年级团总支", "general_branch"],
    ["共青团幸福村支部委员会", "branch"],
    ["幸福社区居民委员会团支部", "branch"],
    ["幸福村村民委员会", null],
  ] as const)("%s → %s", (name, kind) => {
    expect(kindFromOrganizationName(name)).toBe(kind);
  });
});

describe("organizationNameSimilarity", () => {
  it("is 1 for names that normalize alike and 0 for names sharing nothing", () => {
    expect(organizationNameSimilarity("幸福村村民委员会团支部", "幸福村团支部")).toBe(1);
    expect(organizationNameSimilarity("幸福村团支部", "")).toBe(0);
  });
  it("ranks a township-prefixed registry name closest to its own village", () => {
    const candidates = [{ name: "光明村团支部" }, { name: "幸福村团支部" }, { name: "东河镇团委" }];
    const ranked = rankNameCandidates("东河镇幸福村村民委员会团支部", candidates);
    expect(ranked[0]?.candidate.name).toBe("幸福村团支部");
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? 0);
  });
  it("keeps at most `limit` candidates above the minimum", () => {
    const candidates = ["甲村团支部", "乙村团支部", "丙村团支部", "某某公司"].map((name) => ({ name }));
    expect(rankNameCandidates("丁村团支部", candidates, 2)).toHaveLength(2);
    expect(rankNameCandidates("丁村团支部", candidates, 5, 0.99)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { type ExistingOrganization, planOrganizationImport } from "./organization-import";
import {
  type OrganizationListRow,
  parseOrganizationListRow,
  recognizeOrganizationListHeader,
} from "./organization-list";

const county: ExistingOrganization = {
  id: 1,
  parentId: null,
  name: "共青团旺苍县委员会",
  shortName: "团旺苍县委",
  code: "510821",
  divisionCode: "510821",
  kind: "committee",
};
const township: ExistingOrganization = {
  id: 2,
  parentId: 1,
  name: "共青团东河镇委员会",
  shortName: "东河镇团委",
  code: "510821100",
  divisionCode: "510821100",
  kind: "committee",
};
const village: ExistingOrganization = {
  id: 3,
  parentId: 2,
  name: "幸福村团支部",
  shortName: "幸福村团支部",
  code: "510821100201",
  divisionCode: "510821100201",
  kind: "branch",
};
const otherTownship: ExistingOrganization = {
  ...township,
  id: 4,
  name: "共青团白水镇委员会",
  shortName: "白水镇团委",
  code: "510821101",
  divisionCode: "510821101",
};
const otherVillage: ExistingOrganization = {
  ...village,
  id: 5,
  parentId: 4,
  code: "510821101201",
  divisionCode: "510821101201",
};
const tree = [county, township, village, otherTownship, otherVillage];

function row(number: number, values: Partial<OrganizationListRow> & { name: string }): OrganizationListRow {
  return {
    row: number,
    shortName: null,
    kind: "branch",
    parent: null,
    parentCode: null,
    code: null,
    divisionCode: null,
    sector: null,
    reportedMemberCount: null,
    ...values,
  };
}

describe("planOrganizationImport", () => {
  it("matches by division code, by code, by normalized name, and plans the rest as new", () => {
    const plan = planOrganizationImport(
      [
        row(2, { name: "共青团旺苍县东河镇委员会", kind: "committee", divisionCode: "510821100" }),
        row(3, { name: "幸福村村民委员会团支部", parent: "东河镇团委" }),
        row(4, { name: "白水镇团委", kind: "committee", code: "510821101" }),
        row(5, { name: "东河镇光明村团支部", parent: "共青团旺苍县东河镇委员会" }),
      ],
      tree,
      1,
    );
    expect(plan.problems).toEqual([]);
    const byRow = new Map(plan.rows.map((planned) => [planned.row, planned]));
    expect(byRow.get(2)).toMatchObject({ status: "matched", organizationId: 2, matchedBy: "division_code" });
    // Two 幸福村团支部 exist; the one under the row's parent (东河镇) is chosen.
    expect(byRow.get(3)).toMatchObject({ status: "matched", organizationId: 3, matchedBy: "name" });
    expect(byRow.get(4)).toMatchObject({ status: "matched", organizationId: 4, matchedBy: "code" });
    expect(byRow.get(5)).toMatchObject({ status: "new", placeUnder: { row: 2 } });
  });

  it("lists a name matching several organizations as ambiguous until the user chooses", () => {
    const rows = [row(2, { name: "幸福村团支部" })];
    const plan = planOrganizationImport(rows, tree, 1);
    expect(plan.rows[0]).toMatchObject({ status: "ambiguous", candidateIds: [3, 5] });
    const chosen = planOrganizationImport(rows, tree, 1, new Map([[2, 5]]));
    expect(chosen.rows[0]).toMatchObject({ status: "matched", organizationId: 5, matchedBy: "choice" });
    const created = planOrganizationImport(rows, tree, 1, new Map([[2, "new"]]));
    expect(created.rows[0]).toMatchObject({ status: "new", placeUnder: { organizationId: 1 } });
  });

  it("asks to confirm a same-named organization found only elsewhere than under the row's parent", () => {
    const elsewhere = planOrganizationImport(
      [row(2, { name: "幸福村团支部", parent: "共青团旺苍县委员会" })],
      tree,
      1,
    );
    expect(elsewhere.rows[0]).toMatchObject({ status: "ambiguous", candidateIds: [3, 5] });
    const underNew = planOrganizationImport(
      [row(2, { name: "新镇团委", kind: "committee" }), row(3, { name: "幸福村团支部", parent: "新镇团委" })],
      tree,
      1,
    );
    expect(underNew.rows.map((planned) => planned.status)).toEqual(["new", "ambiguous"]);
  });

  it("orders new rows after the rows they are created under", () => {
    const plan = planOrganizationImport(
      [
        row(2, { name: "高一1班团支部", parent: "旺苍中学高一年级团总支" }),
        row(3, { name: "旺苍中学高一年级团总支", kind: "general_branch", parent: "旺苍中学团委" }),
        row(4, { name: "旺苍中学团委", kind: "committee" }),
      ],
      tree,
      1,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.rows.map((planned) => planned.row)).toEqual([4, 3, 2]);
  });

  it("refuses a cycle of parents, naming every row on it", () => {
    const plan = planOrganizationImport(
      [
        row(2, { name: "甲团委", kind: "committee", parent: "乙团委" }),
        row(3, { name: "乙团委", kind: "committee", parent: "丙团委" }),
        row(4, { name: "丙团委", kind: "committee", parent: "甲团委" }),
        row(5, { name: "丁团支部", parent: "甲团委" }),
      ],
      tree,
      1,
    );
    expect(plan.problems.map((problem) => problem.row)).toEqual([2, 3, 4]);
    expect(plan.problems[0]?.message).toContain("成环");
  });

  it("refuses a kind its parent may not hold, in the file or in tuanwu", () => {
    const plan = planOrganizationImport(
      [
        row(2, { name: "某团总支", kind: "general_branch" }),
        row(3, { name: "某团委", kind: "committee", parent: "某团总支" }),
        row(4, { name: "某团支部", parent: "510821100201" }),
      ],
      tree,
      1,
    );
    expect(plan.problems).toEqual([
      expect.objectContaining({ row: 3, field: "kind", message: "组织类型：团总支下不能设立团委" }),
      expect.objectContaining({
        row: 4,
        field: "kind",
        message: expect.stringContaining("团支部下不能设立"),
      }),
    ]);
  });

  it("refuses a parent found neither in the file nor in tuanwu, and repeated codes", () => {
    const plan = planOrganizationImport(
      [
        row(2, { name: "某团支部", parent: "不存在镇团委" }),
        row(3, { name: "甲团支部", code: "X1" }),
        row(4, { name: "乙团支部", code: "X1" }),
      ],
      tree,
      1,
    );
    expect(plan.problems).toEqual([
      expect.objectContaining({ row: 2, field: "parent", message: expect.stringContaining("都找不到") }),
      expect.objectContaining({ row: 3, field: "code", message: expect.stringContaining("第4行") }),
      expect.objectContaining({ row: 4, field: "code", message: expect.stringContaining("第3行") }),
    ]);
  });
});

describe("organization list rows", () => {
  it("recognizes the registry's headers, with or without asterisks and widths", () => {
    const columns = recognizeOrganizationListHeader([
      "*组织名称",
      "组织类型",
      "上级组织",
      "行政区划代码",
      "所属领域",
      "应录入数",
    ]);
    expect(columns?.map((column) => column.field)).toEqual([
      "name",
      "kind",
      "parent",
      "divisionCode",
      "sector",
      "reportedMemberCount",
    ]);
    expect(recognizeOrganizationListHeader(["序号", "备注"])).toBeNull();
  });

  it.each([
    [{ name: "幸福村村民委员会团支部" }, { kind: "branch", sector: "rural" }],
    [
      { name: "幸福社区居民委员会团支部", kind: "联合团支部" },
      { kind: "branch", sector: "community" },
    ],
    [
      { name: "某某中学团委", kind: "基层团委", sector: "普通中学", reportedMemberCount: 320 },
      { kind: "committee", sector: "secondary_school", reportedMemberCount: 320 },
    ],
  ] as const)("reads %o", (cells, expected) => {
    const result = parseOrganizationListRow(2, cells);
    expect(result).toMatchObject({ ok: true, record: expected });
  });

  it("reports every bad cell of a row, each naming its field", () => {
    const result = parseOrganizationListRow(7, {
      name: "某单位",
      divisionCode: "12345",
      sector: "外星",
      reportedMemberCount: "-3",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.field)).toEqual([
      "kind",
      "divisionCode",
      "sector",
      "reportedMemberCount",
    ]);
    expect(result.problems.every((problem) => problem.row === 7)).toBe(true);
  });
});

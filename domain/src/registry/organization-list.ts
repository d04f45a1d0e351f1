import { isDivisionCode } from "../organization/division-code";
import { isOrganizationKind, type OrganizationKind } from "../organization/organization-kind";
import type { OrganizationLevel } from "../organization/organization-level";
import { SECTOR_LABELS, SECTORS, type Sector } from "../organization/sector";
import { kindFromOrganizationName, splitOrganizationName } from "./organization-name";
import { cellText, normalizeForMatching, readCell } from "./registry-cells";

/**
 * The national registry's organization list (智慧团建 组织列表, issue 15 part 4): its columns, how one
 * row is read, and nothing about the database (the plan against tuanwu's tree is organization-import.ts).
 */

/** The fields an organization list may carry. */
export const ORGANIZATION_LIST_FIELDS = [
  "name",
  "shortName",
  "kind",
  "parent",
  "parentCode",
  "code",
  "divisionCode",
  "sector",
  "reportedMemberCount",
] as const;

/** One field of an organization list (see {@link ORGANIZATION_LIST_FIELDS}). */
export type OrganizationListField = (typeof ORGANIZATION_LIST_FIELDS)[number];

/** Headers recognised for each field (compared after {@link normalizeForMatching}); the first is the template's. */
export const ORGANIZATION_LIST_HEADERS: Readonly<Record<OrganizationListField, readonly string[]>> = {
  name: ["组织名称", "团组织名称", "组织全称", "名称", "团组织全称"],
  shortName: ["组织简称", "团组织简称", "简称"],
  kind: ["组织类型", "团组织类型", "类型", "组织类别"],
  parent: ["上级组织", "上级组织名称", "上级团组织", "上级团组织名称", "隶属组织"],
  parentCode: ["上级组织编码", "上级团组织编码", "上级组织代码"],
  code: ["组织编码", "团组织编码", "编码", "组织代码"],
  divisionCode: ["行政区划代码", "区划代码", "行政区划编码", "所在地区划代码"],
  sector: ["所属领域", "领域", "单位类别", "组织所在单位类别"],
  reportedMemberCount: ["应录入数", "应录入团员数", "团员总数", "应录入人数"],
};

const FIELD_OF_HEADER = new Map<string, OrganizationListField>(
  ORGANIZATION_LIST_FIELDS.flatMap((field) =>
    ORGANIZATION_LIST_HEADERS[field].map((header) => [normalizeForMatching(header), field] as const),
  ),
);

/**
 * The columns of a header row: each recognised header's 0-based index and field (the first of a
 * repeated field wins); null when the row has no 组织名称 column.
 */
export function recognizeOrganizationListHeader(
  cells: readonly unknown[],
): { index: number; field: OrganizationListField; header: string }[] | null {
  const columns: { index: number; field: OrganizationListField; header: string }[] = [];
  cells.forEach((cell, index) => {
    const header = cellText(cell).replace(/[*＊]/g, "");
    const field = FIELD_OF_HEADER.get(normalizeForMatching(header));
    if (field && !columns.some((column) => column.field === field)) columns.push({ index, field, header });
  });
  return columns.some((column) => column.field === "name") ? columns : null;
}

/** Kind labels found in registry lists → kinds. */
const KIND_WORDS = new Map<string, OrganizationKind>([
  ["团委", "committee"],
  ["基层团委", "committee"],
  ["团县委", "committee"],
  ["团市委", "committee"],
  ["乡镇团委", "committee"],
  ["街道团委", "committee"],
  ["委员会", "committee"],
  ["团工委", "working_committee"],
  ["工作委员会", "working_committee"],
  ["团总支", "general_branch"],
  ["总支部", "general_branch"],
  ["团总支部", "general_branch"],
  ["团支部", "branch"],
  ["支部", "branch"],
  ["联合团支部", "branch"],
  ["临时团支部", "branch"],
]);

/** Sector labels found in registry lists → sectors (besides tuanwu's own labels and codes). */
const SECTOR_WORDS = new Map<string, Sector>([
  ...SECTORS.flatMap((sector) => [
    [normalizeForMatching(SECTOR_LABELS[sector].zh), sector] as const,
    [normalizeForMatching(SECTOR_LABELS[sector].en), sector] as const,
    [sector, sector] as const,
  ]),
  ["城市社区", "community"],
  ["街道社区", "community"],
  ["乡镇", "rural"],
  ["村", "rural"],
  ["普通高校", "university"],
  ["高等学校", "university"],
  ["普通中学", "secondary_school"],
  ["高中", "secondary_school"],
  ["初中", "secondary_school"],
  ["中等职业学校", "vocational_school"],
  ["职业学校", "vocational_school"],
  ["党政机关", "agency"],
  ["国企", "state_enterprise"],
  ["非公有制企业", "non_public_enterprise"],
  ["民营企业", "non_public_enterprise"],
  ["飞地", "flying_enclave"],
]);

/** One row of an organization list, read. */
export interface OrganizationListRow {
  /** The Excel row number (1-based). */
  row: number;
  name: string;
  shortName: string | null;
  kind: OrganizationKind;
  /** 上级组织 as written (a name or a code); null: directly under the organization imported into. */
  parent: string | null;
  parentCode: string | null;
  code: string | null;
  divisionCode: string | null;
  sector: Sector | null;
  /** 应录入数, when the list has it. */
  reportedMemberCount: number | null;
}

/** A problem with one row of an organization list (field null: the row as a whole). */
export interface OrganizationListProblem {
  row: number;
  field: OrganizationListField | null;
  value: string | null;
  message: string;
}

function text(value: unknown): string | null {
  const reading = readCell(value);
  if (!reading.ok || reading.value === null) return null;
  const written = cellText(value).trim();
  return written === "" ? null : written;
}

/** Whether every cell of the row is empty. */
export function isEmptyOrganizationListRow(cells: Readonly<Partial<Record<OrganizationListField, unknown>>>) {
  return ORGANIZATION_LIST_FIELDS.every((field) => text(cells[field]) === null);
}

/**
 * Reads one row: name required; kind from 组织类型 (团委, 基层团委, 团工委, 团总支, 团支部, 联合团支部…
 * or tuanwu's codes) or, when empty, from the name's suffix (…团支部 → branch); division code 2/4/6/9/12
 * digits; sector by its label (农村, 社区, 高校…; empty: 村 → rural, 社区 → community from the name);
 * 应录入数 a whole number ≥ 0. Every problem of the row is returned, each naming its field in Chinese.
 */
export function parseOrganizationListRow(
  row: number,
  cells: Readonly<Partial<Record<OrganizationListField, unknown>>>,
): { ok: true; record: OrganizationListRow } | { ok: false; problems: OrganizationListProblem[] } {
  const problems: OrganizationListProblem[] = [];
  const name = text(cells.name);
  if (name === null) problems.push({ row, field: "name", value: null, message: "组织名称：必填" });
  const kindText = text(cells.kind);
  let kind: OrganizationKind | null = null;
  if (kindText !== null) {
    const word = normalizeForMatching(kindText);
    kind = KIND_WORDS.get(word) ?? (isOrganizationKind(word) ? word : null);
    if (kind === null) {
      problems.push({
        row,
        field: "kind",
        value: kindText,
        message: `组织类型：无法识别“${kindText}”，应为团委、团工委、团总支或团支部`,
      });
    }
  } else if (name !== null) {
    kind = kindFromOrganizationName(name);
    if (kind === null) {
      problems.push({
        row,
        field: "kind",
        value: null,
        message: `组织类型：必填（名称“${name}”看不出是团委、团工委、团总支还是团支部）`,
      });
    }
  }
  const divisionCode = text(cells.divisionCode);
  if (divisionCode !== null && !isDivisionCode(divisionCode)) {
    problems.push({
      row,
      field: "divisionCode",
      value: divisionCode,
      message: "行政区划代码：应为2、4、6、9或12位数字",
    });
  }
  const sectorText = text(cells.sector);
  let sector: Sector | null = null;
  if (sectorText !== null) {
    sector = SECTOR_WORDS.get(normalizeForMatching(sectorText)) ?? null;
    if (sector === null) {
      problems.push({
        row,
        field: "sector",
        value: sectorText,
        message: `所属领域：无法识别“${sectorText}”，应为${SECTORS.map((entry) => SECTOR_LABELS[entry].zh).join("、")}之一`,
      });
    }
  } else if (name !== null) {
    const { core } = splitOrganizationName(name);
    sector = core.endsWith("社区") ? "community" : core.endsWith("村") ? "rural" : null;
  }
  const countText = text(cells.reportedMemberCount);
  let reportedMemberCount: number | null = null;
  if (countText !== null) {
    reportedMemberCount = /^\d{1,7}$/.test(countText) ? Number(countText) : null;
    if (reportedMemberCount === null) {
      problems.push({
        row,
        field: "reportedMemberCount",
        value: countText,
        message: "应录入数：应为不小于0的整数",
      });
    }
  }
  if (problems.length > 0 || name === null || kind === null) return { ok: false, problems };
  return {
    ok: true,
    record: {
      row,
      name,
      shortName: text(cells.shortName),
      kind,
      parent: text(cells.parent),
      parentCode: text(cells.parentCode),
      code: text(cells.code),
      divisionCode,
      sector,
      reportedMemberCount,
    },
  };
}

/**
 * The level (级别) of an organization created from a list row: by its division code's length (2
 * province, 4 city, 6 county, 9 township, 12 grassroots), else grassroots (schools, units, villages
 * without a code; domain.md §1).
 */
export function levelForListedOrganization(divisionCode: string | null): OrganizationLevel {
  switch (divisionCode?.length) {
    case 2:
      return "province";
    case 4:
      return "city";
    case 6:
      return "county";
    case 9:
      return "township";
    default:
      return "grassroots";
  }
}

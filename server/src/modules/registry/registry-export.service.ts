import {
  DICTIONARIES,
  formatRegistryCell,
  maskCitizenId,
  maskPhone,
  neutralizeSpreadsheetRow,
  REGISTRY_EXPORT_COLUMNS,
  type RegistryColumn,
} from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { findExportPage } from "./registry.repository";

/** Columns written as text (so that Excel keeps every digit): 身份证号, 手机号码, 团员编号, QQ. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(["citizenId", "phone", "memberNumber", "qq"]);
/** Rows of the template that get the drop-down validations. */
export const TEMPLATE_VALIDATED_ROWS = 2_000;
const EXPORT_PAGE = 2_000;
const SHEET_NAME = "团员信息";

function columnWidth(column: RegistryColumn): number {
  if (column.field === "citizenId" || column.field === "memberNumber") return 22;
  if (column.field === "organization" || column.kind === "text") return 18;
  return Math.max(10, column.header.length * 2 + 2);
}

export interface ExportResult {
  rows: number;
  full: boolean;
  organizationName: string;
}

/**
 * Writes the current members (在册: active, transferring, flowing) of an organization's subtree to an
 * .xlsx file in the national registry's columns (REGISTRY_EXPORT_COLUMNS, 所在团支部 as the branch's
 * name) with ExcelJS's streaming writer, reading the members in pages of 2,000. Citizen ID and phone
 * are masked unless `full` (which needs member:export_full); a full export imported into an empty
 * county gives the same records. Audited (`member.export`, with the row count and whether full).
 * Errors: 404 outside the scope; 403 without member:read, or member:export_full for a full export.
 */
export async function exportMembers(
  db: Database,
  actor: Actor,
  organizationId: number,
  options: { full: boolean; filename: string },
): Promise<ExportResult> {
  await requireAccess(db, actor, {
    // A full export (unmasked citizen ID and phone, domain.md §2) needs member:export_full as well.
    permission: options.full ? ["member:read", "member:export_full"] : "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const root = requireFound(await findOrganizationById(db, organizationId), "organization");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: options.filename,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet(SHEET_NAME);
  sheet.columns = REGISTRY_EXPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.field,
    width: columnWidth(column),
    ...(TEXT_FIELDS.has(column.field) ? { style: { numFmt: "@" } } : {}),
  }));
  let rows = 0;
  let afterId = 0;
  for (;;) {
    const page = await findExportPage(db, root.path, afterId, EXPORT_PAGE);
    for (const { member, branchName } of page) {
      const values = REGISTRY_EXPORT_COLUMNS.map((column) => {
        if (column.field === "organization") return branchName;
        const value = member[column.field];
        if (!options.full && column.field === "citizenId") return maskCitizenId(member.citizenId);
        if (!options.full && column.field === "phone") return maskPhone(member.phone);
        return formatRegistryCell(column.field, value);
      });
      sheet.addRow(neutralizeSpreadsheetRow(values)).commit();
      rows += 1;
    }
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE || last === undefined) break;
    afterId = last.member.id;
  }
  sheet.commit();
  await workbook.commit();
  await recordAudit(db, actor, {
    action: "member.export",
    entityType: "organization",
    entityId: root.id,
    organizationId: root.id,
    detail: { rows, full: options.full, organization: root.name },
  });
  return { rows, full: options.full, organizationName: root.name };
}

/** A list validation from a range of the hidden 字典 sheet, or an inline list. */
function listValidation(formula: string): ExcelJS.DataValidation {
  return {
    type: "list",
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "请从下拉列表选择",
    error: "请从下拉列表中选择一项",
  };
}

/**
 * The import template (导入模板): the registry's headers (REGISTRY_EXPORT_COLUMNS) with a note (批注)
 * per header saying what it expects, drop-down validations from the dictionaries on the first
 * {@link TEMPLATE_VALIDATED_ROWS} rows (the lists on a hidden sheet 字典, since Excel limits an inline
 * list to 255 characters), 是/否 on the yes/no columns, and text format on 身份证号, 手机号码, 团员编号 and QQ.
 * Built once (about 0.8 s) and kept: it depends only on the domain's columns and dictionaries.
 */
export function buildMemberTemplate(): Promise<Buffer> {
  templateBuild ??= writeMemberTemplate().catch((error: unknown) => {
    templateBuild = undefined;
    throw error;
  });
  return templateBuild;
}

let templateBuild: Promise<Buffer> | undefined;

async function writeMemberTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  const lists = workbook.addWorksheet("字典", { state: "hidden" });
  const listRanges = new Map<string, string>();
  let listColumn = 0;
  for (const column of REGISTRY_EXPORT_COLUMNS) {
    if (column.dictionary === undefined || listRanges.has(column.dictionary)) continue;
    listColumn += 1;
    const entries = DICTIONARIES[column.dictionary];
    lists.getCell(1, listColumn).value = column.header;
    entries.forEach((entry, index) => {
      lists.getCell(index + 2, listColumn).value = entry.zh;
    });
    const letter = lists.getColumn(listColumn).letter;
    listRanges.set(column.dictionary, `字典!$${letter}$2:$${letter}$${entries.length + 1}`);
  }
  sheet.columns = REGISTRY_EXPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.field,
    width: columnWidth(column),
    ...(TEXT_FIELDS.has(column.field) ? { style: { numFmt: "@" } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  REGISTRY_EXPORT_COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.note = column.note;
    if (column.requiredInImport)
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
    const formula =
      column.dictionary !== undefined
        ? listRanges.get(column.dictionary)
        : column.kind === "boolean"
          ? column.field === "realNameVerified"
            ? '"已认证,未认证"'
            : '"是,否"'
          : undefined;
    for (let row = 2; row <= TEMPLATE_VALIDATED_ROWS + 1; row += 1) {
      const target = sheet.getCell(row, index + 1);
      if (formula !== undefined) target.dataValidation = listValidation(formula);
      if (TEXT_FIELDS.has(column.field)) target.numFmt = "@";
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

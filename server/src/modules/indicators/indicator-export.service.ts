import {
  DomainError,
  findIndicator,
  MEMBER_STATUS_LABELS,
  type MemberStatus,
  neutralizeSpreadsheetRow,
  ORGANIZATION_KIND_LABELS,
  type OrganizationKind,
  SECTOR_LABELS,
  SEX_LABELS,
  type Sector,
  type Sex,
} from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { Executor } from "../../db/database";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findChildFigureOrganizations } from "./indicator.repository";
import { getChildIndicators, loadReadableOrganization } from "./indicator.service";
import { countDrillDown, prepareDrillDown, readDrillDown } from "./indicator-drilldown.service";

/** Rows an indicator export may hold unless configured (TUANWU_EXPORT_ROW_LIMIT). */
export const DEFAULT_EXPORT_ROW_LIMIT = 50_000;

/** An export request: the children table, or one indicator's drill-down list. */
export interface IndicatorExportQuery {
  asOf?: string | undefined;
  ids?: string | undefined;
  rows: "children" | "drilldown";
  indicatorId?: string | undefined;
}

/** The workbook with its name and row count. */
export interface IndicatorExportFile {
  bytes: Buffer;
  fileName: string;
  rowCount: number;
}

function tooLarge(rowCount: number, limit: number, how: string): DomainError {
  return new DomainError(
    "export_too_large",
    `rows：导出共 ${rowCount} 行，超过上限 ${limit} 行；${how.split(" / ")[0]} / the export has ${rowCount} rows, over the limit of ${limit}; ${how.split(" / ")[1]}`,
    { field: "rows", status: 400 },
  );
}

const sectorLabel = (sector: string | null) =>
  sector ? (SECTOR_LABELS[sector as Sector]?.zh ?? sector) : "";
const kindLabel = (kind: string) => ORGANIZATION_KIND_LABELS[kind as OrganizationKind]?.zh ?? kind;

function sheetWithHeader(
  workbook: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = headers.map((header) => ({ header, width: Math.max(12, header.length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/**
 * The children table or a drill-down list of an organization as .xlsx (ExcelJS), audited
 * "indicator.export" with the row count. Over `rowLimit` rows → 400 "export_too_large" (field "rows")
 * stating the count, the limit and how to narrow it; nothing is audited then.
 * Errors: as the children and drill-down reads (404 scope or unknown indicator, 403, 400 asOf/ids);
 * 400 naming "indicatorId" when rows=drilldown has none.
 */
export async function exportIndicators(
  db: Executor,
  actor: Actor,
  organizationId: number,
  query: IndicatorExportQuery,
  today: string,
  rowLimit: number,
): Promise<IndicatorExportFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "tuanwu";
  let rowCount: number;
  let fileName: string;
  let asOf = query.asOf ?? today;
  if (query.rows === "children") {
    await loadReadableOrganization(db, actor, organizationId);
    const childCount = (await findChildFigureOrganizations(db, organizationId)).length;
    if (childCount > rowLimit) {
      throw tooLarge(childCount, rowLimit, "请选择更低一级的组织 / choose a lower organization");
    }
    const table = await getChildIndicators(db, actor, organizationId, query, today);
    const definitions = table.indicatorIds.map((id) => findIndicator(id));
    const sheet = sheetWithHeader(workbook, "下级组织指标", [
      "组织",
      "类型",
      "领域",
      ...definitions.map((indicator) =>
        indicator ? `${indicator.name.zh}${indicator.unit === "percent" ? "(%)" : ""}` : "",
      ),
    ]);
    for (const row of table.rows) {
      sheet.addRow(
        neutralizeSpreadsheetRow([
          row.name,
          kindLabel(row.kind),
          sectorLabel(row.sector),
          ...table.indicatorIds.map((id) => row.values[id] ?? null),
        ]),
      );
    }
    rowCount = table.rows.length;
    asOf = table.asOf;
    fileName = `下级组织指标-${organizationId}-${asOf}.xlsx`;
  } else {
    if (!query.indicatorId) {
      throw new DomainError(
        "indicator_required",
        "indicatorId：导出明细须指定指标 / rows=drilldown needs an indicatorId",
        {
          field: "indicatorId",
          status: 400,
        },
      );
    }
    const prepared = await prepareDrillDown(db, actor, organizationId, query.indicatorId, query.asOf, today);
    const total = await countDrillDown(db, prepared);
    if (total > rowLimit) {
      throw tooLarge(
        total,
        rowLimit,
        "请选择更低一级的组织，或更窄的指标（如单一领域、状态） / choose a lower organization, or a narrower indicator (one sector, status…)",
      );
    }
    const list = await readDrillDown(db, prepared, Math.max(total, 1), 0, total);
    if (list.kind === "members") {
      const sheet = sheetWithHeader(workbook, "团员名单", [
        "姓名",
        "性别",
        "出生日期",
        "团籍状态",
        "所在组织",
        "公民身份号码",
        "手机号码",
      ]);
      for (const item of list.items) {
        sheet.addRow(
          neutralizeSpreadsheetRow([
            item.name,
            SEX_LABELS[item.sex as Sex]?.zh ?? item.sex,
            item.birthDate,
            MEMBER_STATUS_LABELS[item.status as MemberStatus]?.zh ?? item.status,
            item.organizationName,
            item.citizenId,
            item.phone ?? "",
          ]),
        );
      }
    } else {
      const sheet = sheetWithHeader(workbook, "组织名单", ["名称", "代码", "类型", "领域"]);
      for (const item of list.items)
        sheet.addRow(
          neutralizeSpreadsheetRow([item.name, item.code, kindLabel(item.kind), sectorLabel(item.sector)]),
        );
    }
    rowCount = list.items.length;
    asOf = prepared.asOf;
    fileName = `${prepared.indicator.name.zh}-明细-${organizationId}-${asOf}.xlsx`;
  }
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  await recordAudit(db, actor, {
    action: "indicator.export",
    entityType: "organization",
    entityId: organizationId,
    organizationId,
    detail: {
      rows: query.rows,
      rowCount,
      asOf,
      ids: query.ids ?? null,
      indicatorId: query.indicatorId ?? null,
    },
  });
  return { bytes, fileName, rowCount };
}

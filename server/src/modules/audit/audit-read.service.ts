import { neutralizeSpreadsheetValue } from "@tuanwu/domain";
import ExcelJS from "exceljs";
import { countyScopeOf } from "../../db/county";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { type AuditFilter, findAuditEntries, type StoredAuditRow } from "./audit.repository";
import { maskForAudit, recordAudit } from "./audit.service";
import { authorizeAuditOrganization } from "./audit-access";

/** Most entries one .xlsx export holds; narrow the dates or filters for more. */
export const AUDIT_EXPORT_ROW_LIMIT = 10_000;

/** What the audit log page asks for (审计日志): a subtree and optional filters; dates in China time. */
export interface AuditQuery {
  organizationId: number;
  userId?: number | undefined;
  entityType?: string | undefined;
  action?: string | undefined;
  /** First day, YYYY-MM-DD (China time, UTC+8), inclusive. */
  from?: string | undefined;
  /** Last day, YYYY-MM-DD (China time), inclusive. */
  to?: string | undefined;
}

/** Midnight in China (UTC+8) starting `day` (YYYY-MM-DD), plus `days`. */
function chinaMidnight(day: string, days = 0): Date {
  const instant = new Date(`${day}T00:00:00+08:00`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant;
}

async function auditFilterOf(db: Database, actor: Actor, query: AuditQuery): Promise<AuditFilter> {
  const organization = await findOrganizationById(db, query.organizationId);
  authorizeAuditOrganization(actor, organization);
  if (query.from && query.to && query.from > query.to) {
    throw new HttpError(400, "invalid_input", "to：结束日期不能早于开始日期 / to is before from", "to");
  }
  return {
    rootPath: organization.path,
    countyId: countyScopeOf(organization),
    includeUnplaced: actor.scopePaths === null && organization.parentId === null,
    userId: query.userId,
    entityType: query.entityType,
    action: query.action,
    from: query.from ? chinaMidnight(query.from) : undefined,
    before: query.to ? chinaMidnight(query.to, 1) : undefined,
  };
}

/** An entry as answered: personal data masked again on the way out (entries are stored masked). */
function maskedEntry(row: StoredAuditRow): StoredAuditRow {
  return {
    ...row,
    before: maskForAudit(row.before),
    after: maskForAudit(row.after),
    detail: maskForAudit(row.detail),
  };
}

/**
 * One page of the audit log (审计日志) of an organization's subtree, newest first: the entries filed
 * under organizations now inside it (audit-access.ts; a system administrator reading a root also sees
 * the entries filed under none), filtered by user, entity type, action (exact, or a prefix ending in
 * "."), and days (China time). Personal data masked. Reading is not itself audited (the export is).
 * Errors: 404 organization outside the scope; 403 without audit:read; 400 `to` before `from`.
 */
export async function listAuditEntries(
  db: Database,
  actor: Actor,
  query: AuditQuery & { page: number; pageSize: number },
): Promise<{ items: StoredAuditRow[]; total: number }> {
  const filter = await auditFilterOf(db, actor, query);
  const result = await findAuditEntries(db, filter, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: result.items.map(maskedEntry), total: result.total };
}

/** "2026-12-06 19:40:05" in China time (UTC+8). */
const CHINA_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Text for an exported cell: empty for null, formulas neutralized (domain neutralizeSpreadsheetValue). */
function safeText(value: string | null): string {
  return value === null ? "" : String(neutralizeSpreadsheetValue(value));
}

/**
 * The audit log of a subtree as .xlsx (审计日志导出): the same filters as listAuditEntries, newest
 * first, personal data masked, at most AUDIT_EXPORT_ROW_LIMIT rows (more → 400 export_too_large,
 * field "from", stating the count). The export is itself audited (audit.export, with the filters and
 * the row count). Errors as listAuditEntries.
 */
export async function exportAuditEntries(
  db: Database,
  actor: Actor,
  query: AuditQuery,
): Promise<{ bytes: Buffer; fileName: string; rows: number }> {
  const filter = await auditFilterOf(db, actor, query);
  const { items, total } = await findAuditEntries(db, filter, { limit: AUDIT_EXPORT_ROW_LIMIT, offset: 0 });
  if (total > AUDIT_EXPORT_ROW_LIMIT) {
    throw new HttpError(
      400,
      "export_too_large",
      `from：共 ${total} 条，超过导出上限 ${AUDIT_EXPORT_ROW_LIMIT} 条，请缩小日期范围或筛选 / ${total} entries, more than ${AUDIT_EXPORT_ROW_LIMIT}: narrow the dates or filters`,
      "from",
    );
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "tuanwu";
  const sheet = workbook.addWorksheet("审计日志");
  sheet.addRow([
    "时间 Time",
    "操作人 User",
    "操作 Action",
    "对象 Entity",
    "对象编号 Id",
    "组织 Organization",
    "内容 Details",
  ]);
  sheet.getRow(1).font = { bold: true };
  for (const entry of items.map(maskedEntry)) {
    const details = { before: entry.before, after: entry.after, detail: entry.detail };
    sheet.addRow([
      CHINA_TIME.format(entry.occurredAt),
      safeText(entry.actorName),
      safeText(entry.action),
      safeText(entry.entityType),
      safeText(entry.entityId),
      safeText(entry.organizationName),
      JSON.stringify(details, (_key, value) => (value === null ? undefined : value)),
    ]);
  }
  sheet.columns.forEach((column, index) => {
    column.width = [20, 18, 26, 14, 10, 30, 80][index] ?? 16;
  });
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  await recordAudit(db, actor, {
    action: "audit.export",
    entityType: "audit_log",
    entityId: null,
    organizationId: query.organizationId,
    detail: { ...query, rows: items.length },
  });
  return { bytes, fileName: "审计日志.xlsx", rows: items.length };
}

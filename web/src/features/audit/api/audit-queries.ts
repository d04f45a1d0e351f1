import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";
import { downloadFile } from "../../../api/transfer";

type Json<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

/** The audit log's filters (organization, user, entity, action, dates) and page. */
export type AuditQuery = NonNullable<paths["/api/v1/audit"]["get"]["parameters"]["query"]>;
/** One audit entry, personal data masked. */
export type AuditEntry = Json<paths["/api/v1/audit"]["get"]["responses"][200]>["items"][number];

export const auditQuery = (query: AuditQuery) =>
  queryOptions({
    queryKey: [...queryKeys.audit, query] as const,
    queryFn: () => unwrap(api.GET("/api/v1/audit", { params: { query } })),
  });

/** Downloads the filtered audit log as .xlsx (the export is audited). */
export function downloadAuditLog(query: Omit<AuditQuery, "page" | "pageSize">): Promise<void> {
  return downloadFile("/api/v1/audit/export.xlsx", { query }, "audit-log.xlsx");
}

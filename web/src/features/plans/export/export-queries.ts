import { downloadFile } from "../../../api/transfer";

/** GET /plans/{id}/ledger.xlsx: the 台账 with every column, statuses as of today. */
export function downloadLedger(planId: number, dueSoonDays: number): Promise<void> {
  return downloadFile(
    "/api/v1/plans/{id}/ledger.xlsx",
    { path: { id: planId }, query: { dueSoonDays } },
    `ledger-${planId}.xlsx`,
  );
}

/** GET /plans/{id}/progress-report.docx?asOf=: a progress report (信息报送) as of a date. */
export function downloadProgressReport(planId: number, dueSoonDays: number, asOf?: string): Promise<void> {
  return downloadFile(
    "/api/v1/plans/{id}/progress-report.docx",
    { path: { id: planId }, query: { dueSoonDays, asOf } },
    `progress-report-${planId}.docx`,
  );
}

import { timingSafeEqual } from "node:crypto";
import { chinaDateOf, maskPersonName } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { type CertificateContent, chineseDate, renderCertificatePdf } from "./volunteer-certificate.render";
import { findRecordByCertificate } from "./volunteer-hours.repository";
import { readCertificate } from "./volunteer-hours.service";

/** Where the public check lives (printed on the certificate). */
export const CERTIFICATE_VERIFY_PATH = "/api/v1/public/certificates/{编号}?code={验证码}";

/**
 * The issued certificate as a PDF (youth_home:read in scope). Audit "volunteer.certificate_export".
 * Errors: 404, 403; 409 certificate_not_issued; 503 cjk_font_missing.
 */
export async function exportCertificatePdf(db: Database, actor: Actor, recordId: number) {
  const record = await readCertificate(db, actor, recordId);
  const content: CertificateContent = {
    certificateNumber: record.certificateNumber ?? "",
    verificationCode: record.certificateCode ?? "",
    volunteerName: record.name,
    serviceDate: chineseDate(chinaDateOf(new Date(record.checkedInAt ?? record.shiftStartsAt))),
    shiftTitle: record.shiftTitle,
    hours: Number(record.hours ?? 0),
    organizationName: record.organizationName,
    issuedOn: chineseDate(chinaDateOf(new Date(record.certificateIssuedAt ?? new Date()))),
    verifyPath: CERTIFICATE_VERIFY_PATH,
  };
  const bytes = await renderCertificatePdf(content);
  await recordAudit(db, actor, {
    action: "volunteer.certificate_export",
    entityType: "volunteer_record",
    entityId: recordId,
    organizationId: record.organizationId,
    detail: { certificateNumber: record.certificateNumber },
  });
  return { bytes, fileName: `志愿服务证明-${record.certificateNumber}.pdf` };
}

/**
 * The public check 证书查验 (no sign-in): the certificate numbered `number` whose code is `code`
 * (compared in constant time) → its number, the volunteer's name masked, the hours, the service date,
 * the shift and the recording organization, the issue date; 404 for an unknown number or a wrong code
 * alike. Nothing else of the record (no phone, no member) is answered.
 */
export async function verifyCertificate(db: Database, number: string, code: string) {
  const found = await findRecordByCertificate(db, number);
  const stored = found?.certificateCode ?? "";
  const matches =
    found !== undefined &&
    stored.length === code.length &&
    timingSafeEqual(Buffer.from(stored), Buffer.from(code));
  if (!found || !matches) throw notFound("志愿服务证明");
  return {
    certificateNumber: number,
    volunteerName: maskPersonName(found.name),
    hours: Number(found.hours ?? 0),
    serviceDate: chinaDateOf(new Date(found.checkedInAt ?? found.shiftStartsAt)),
    shiftTitle: found.shiftTitle,
    organizationName: found.organizationName,
    issuedOn: chinaDateOf(new Date(found.certificateIssuedAt ?? new Date())),
  };
}

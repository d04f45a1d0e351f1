import { renderCjkPdf } from "../../lib/cjk-pdf";

/**
 * The volunteer service certificate 志愿服务证明 (issue 14 part 3) as an A4 PDF (`pdfkit`, text in the
 * Noto CJK font found by lib/cjk-pdf findCjkFont, embedded as a subset; 503
 * cjk_font_missing without one). No HTML is built.
 */

/** What a certificate shows, already formatted (dates "YYYY年M月D日"). */
export interface CertificateContent {
  certificateNumber: string;
  verificationCode: string;
  volunteerName: string;
  serviceDate: string;
  shiftTitle: string;
  hours: number;
  organizationName: string;
  issuedOn: string;
  /** Where the code can be checked (the public route's path). */
  verifyPath: string;
}

/** The certificate's lines: title, number, body, signature and check. */
export function certificateLines(content: CertificateContent): {
  title: string;
  number: string;
  body: string[];
  closing: string[];
} {
  return {
    title: "志愿服务证明",
    number: `编号：${content.certificateNumber}`,
    body: [
      `兹证明${content.volunteerName}同志于${content.serviceDate}参加“${content.shiftTitle}”志愿服务，` +
        `经审核并公示无异议，累计志愿服务时长${content.hours}小时。`,
      "特此证明。",
    ],
    closing: [
      content.organizationName,
      content.issuedOn,
      `验证码：${content.verificationCode}（凭编号和验证码查验：${content.verifyPath}）`,
    ],
  };
}

/** "2026-12-06" → "2026年12月6日". */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/** The certificate as an A4 PDF, its text in the CJK font. */
export async function renderCertificatePdf(content: CertificateContent): Promise<Buffer> {
  const lines = certificateLines(content);
  return renderCjkPdf(
    {
      margins: { top: 90, bottom: 72, left: 80, right: 80 },
      title: `${lines.title} ${content.certificateNumber}`,
    },
    (document) => {
      document.fontSize(24).text(lines.title, { align: "center" }).moveDown(0.5);
      document.fontSize(11).text(lines.number, { align: "right" }).moveDown(1.5);
      document.fontSize(13);
      for (const text of lines.body) document.text(text, { indent: 26, lineGap: 6 }).moveDown(0.6);
      document.moveDown(2);
      for (const text of lines.closing) document.text(text, { align: "right", lineGap: 4 });
    },
  );
}

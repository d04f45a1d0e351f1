import { AlignmentType, Document, Packer, Paragraph, TextRun } from "docx";
import { renderCjkPdf } from "../../lib/cjk-pdf";

/**
 * The introduction letter 组织关系介绍信 (issue 11 part 3) rendered as .docx (`docx`) and PDF
 * (`pdfkit`, text in a CJK font embedded as a subset). The same lines in both; no HTML is built.
 */

/** What a letter shows, already formatted (dates "YYYY年M月D日"). */
export interface LetterContent {
  letterNumber: string;
  verificationCode: string;
  /** The addressee: the organization outside the installation. */
  toName: string;
  /** Its address and contact, as the sending side entered them; null when not entered. */
  toAddress?: string | null;
  toContact?: string | null;
  memberName: string;
  sexLabel: string;
  birthMonth: string;
  joinedOn: string;
  memberNumber: string | null;
  fromBranchName: string;
  reasonLabel: string;
  issuingCommitteeName: string;
  issuedOn: string;
  /** Where the code can be checked (the public route's path). */
  verifyPath: string;
}

/** The letter's lines, shared by both formats: title, number, body paragraphs, signature, check. */
export function letterLines(letter: LetterContent): {
  title: string;
  number: string;
  body: string[];
  closing: string[];
} {
  return {
    title: "团员组织关系介绍信",
    number: `编号：${letter.letterNumber}`,
    body: [
      `${letter.toName}：`,
      `兹介绍${letter.memberName}同志（${letter.sexLabel}，${letter.birthMonth}出生，${letter.joinedOn}入团${
        letter.memberNumber ? `，团员编号${letter.memberNumber}` : ""
      }）的团员组织关系由${letter.fromBranchName}转入你处，转接原因：${letter.reasonLabel}。`,
      "请予接洽，并将回执寄回。",
      ...(letter.toAddress || letter.toContact
        ? [
            [
              letter.toAddress ? `转往组织地址：${letter.toAddress}` : "",
              letter.toContact ? `联系人：${letter.toContact}` : "",
            ]
              .filter((part) => part !== "")
              .join("；"),
          ]
        : []),
      "此介绍信有效期三个月。",
    ],
    closing: [
      letter.issuingCommitteeName,
      letter.issuedOn,
      `验证码：${letter.verificationCode}（凭编号和验证码查验：${letter.verifyPath}）`,
    ],
  };
}

/** The letter as a .docx document. */
export async function renderLetterDocx(letter: LetterContent): Promise<Buffer> {
  const lines = letterLines(letter);
  const document = new Document({
    creator: "tuanwu",
    title: `${lines.title} ${letter.letterNumber}`,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: lines.title, bold: true, size: 36 })],
          }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: lines.number })] }),
          ...lines.body.map(
            (text, index) =>
              new Paragraph({
                indent: index === 0 ? undefined : { firstLine: 480 },
                spacing: { after: 120 },
                children: [new TextRun({ text, size: 24 })],
              }),
          ),
          ...lines.closing.map(
            (text) =>
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text, size: 24 })] }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The letter as an A4 PDF, its text in the CJK font of {@link findCjkFont}. */
export async function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const lines = letterLines(letter);
  return renderCjkPdf(
    { margins: { top: 72, bottom: 72, left: 80, right: 80 }, title: `${lines.title} ${letter.letterNumber}` },
    (document) => {
      document.fontSize(20).text(lines.title, { align: "center" }).moveDown(0.5);
      document.fontSize(11).text(lines.number, { align: "right" }).moveDown(1);
      document.fontSize(12);
      for (const [index, text] of lines.body.entries()) {
        document.text(text, { indent: index === 0 ? 0 : 24, lineGap: 4 }).moveDown(0.4);
      }
      document.moveDown(1.5);
      for (const text of lines.closing) document.text(text, { align: "right", lineGap: 4 });
    },
  );
}

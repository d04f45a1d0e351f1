import { existsSync } from "node:fs";
import { AlignmentType, Document, Packer, Paragraph, TextRun } from "docx";
import PDFDocument from "pdfkit";
import { HttpError } from "../../lib/http-errors";

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

/**
 * Font files searched for the PDF's CJK text, in order: TUANWU_CJK_FONT (a .ttf/.otf/.ttc path), then
 * Noto CJK as Debian/Ubuntu's fonts-noto-cjk installs it (CI installs it).
 */
const CJK_FONTS: readonly { file: string; postscriptName?: string }[] = [
  {
    file: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    postscriptName: "NotoSerifCJKsc-Regular",
  },
  { file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", postscriptName: "NotoSansCJKsc-Regular" },
  { file: "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", postscriptName: "NotoSansCJKsc-Regular" },
];

/**
 * The CJK font the PDF uses; 503 cjk_font_missing naming what to install when there is none (the
 * letter is never printed with missing glyphs).
 */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): { file: string; postscriptName?: string } {
  const configured = env.TUANWU_CJK_FONT;
  if (configured) {
    if (!existsSync(configured)) {
      throw new HttpError(503, "cjk_font_missing", `TUANWU_CJK_FONT 指向的字体文件不存在：${configured}`);
    }
    return { file: configured, postscriptName: env.TUANWU_CJK_FONT_NAME || undefined };
  }
  const found = CJK_FONTS.find((font) => existsSync(font.file));
  if (!found) {
    throw new HttpError(
      503,
      "cjk_font_missing",
      "生成PDF需要中文字体：请安装 fonts-noto-cjk，或以 TUANWU_CJK_FONT 指定字体文件 / no CJK font for the PDF",
    );
  }
  return found;
}

/** The letter as an A4 PDF, its text in the CJK font of {@link findCjkFont}. */
export async function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const font = findCjkFont();
  const lines = letterLines(letter);
  const document = new PDFDocument({
    size: "A4",
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    info: { Title: `${lines.title} ${letter.letterNumber}`, Creator: "tuanwu" },
  });
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    document.on("end", resolve);
    document.on("error", reject);
  });
  document.registerFont("cjk", font.file, font.postscriptName);
  document.font("cjk");
  document.fontSize(20).text(lines.title, { align: "center" }).moveDown(0.5);
  document.fontSize(11).text(lines.number, { align: "right" }).moveDown(1);
  document.fontSize(12);
  for (const [index, text] of lines.body.entries()) {
    document.text(text, { indent: index === 0 ? 0 : 24, lineGap: 4 }).moveDown(0.4);
  }
  document.moveDown(1.5);
  for (const text of lines.closing) document.text(text, { align: "right", lineGap: 4 });
  document.end();
  await ended;
  return Buffer.concat(chunks);
}

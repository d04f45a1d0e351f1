import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { HttpError } from "./http-errors";

/**
 * The A4 PDFs the server prints in Chinese (the transfer introduction letter, the volunteer
 * certificate): the CJK font they embed (a subset) and the document around each one's text.
 */

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

/** A PDF document as {@link renderCjkPdf} hands it to the drawing function. */
export type CjkPdfDocument = InstanceType<typeof PDFDocument>;

/**
 * An A4 PDF whose text is in the CJK font of {@link findCjkFont} (set as the current font), drawn by
 * `draw`; returns its bytes once the document has ended.
 * @param options margins in points (1/72 inch) and the document's Title; Creator is "tuanwu".
 * @throws HttpError 503 cjk_font_missing before anything is drawn.
 */
export async function renderCjkPdf(
  options: { margins: { top: number; bottom: number; left: number; right: number }; title: string },
  draw: (document: CjkPdfDocument) => void,
): Promise<Buffer> {
  const font = findCjkFont();
  const document = new PDFDocument({
    size: "A4",
    margins: options.margins,
    info: { Title: options.title, Creator: "tuanwu" },
  });
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    document.on("end", resolve);
    document.on("error", reject);
  });
  document.registerFont("cjk", font.file, font.postscriptName);
  document.font("cjk");
  draw(document);
  document.end();
  await ended;
  return Buffer.concat(chunks);
}

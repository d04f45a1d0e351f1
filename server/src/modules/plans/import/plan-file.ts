import { DomainError, findTaskHeader, parseCsv } from "@tuanwu/domain";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { checkZipExpansion, ZipGuardError, type ZipLimits } from "../../../lib/zip-guard";
import { htmlBlocks } from "./plan-html";

/** Largest plan document accepted (10 MB): plans are a few dozen pages of text. */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

/**
 * What a Word plan document may unpack to before mammoth reads it: 64 MB (a plan's text is a few MB;
 * images count too) in at most 2,000 entries. A 1 MB document unpacking to 1 GB ran 38 s and left the
 * server at 2.3 GB before this check.
 */
export const DOCX_LIMITS: ZipLimits = { maxEntries: 2_000, maxUncompressedBytes: 64 * 1024 * 1024 };

/** What a plan document's bytes turned out to be. */
export type PlanFileKind = "docx" | "xlsx" | "pdf" | "csv" | "text";

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const WORD_DOCUMENT_ENTRY = Buffer.from("word/document.xml", "latin1");
const WORKBOOK_ENTRY = Buffer.from("xl/workbook.xml", "latin1");
/** An OLE compound file: an encrypted .docx/.xlsx (Office wraps them so), or an old .doc/.xls. */
const COMPOUND_FILE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTION_INFO = Buffer.from("EncryptionInfo", "utf16le");
const PDF_SIGNATURE = Buffer.from("%PDF-", "latin1");

function unreadable(fileName: string, code: string, reason: string): DomainError {
  return new DomainError(code, `文件“${fileName}”：${reason}`, { field: "file", status: 400 });
}

/**
 * The kind of a plan document, read from its bytes (never its name): a Word document is a zip
 * (PK\x03\x04) holding word/document.xml, an Excel workbook one holding xl/workbook.xml, a PDF
 * starts with %PDF-; text is valid UTF-8 without NUL bytes (a .csv may also be GB18030, as Excel
 * saves it in China), read as a table when the file is named .csv. A file named .docx must be a Word
 * document, one named .xlsx a workbook.
 * Errors (400, field "file", naming the file): empty_file, password_protected (an Office file with a
 * password: Office wraps it in a compound file holding EncryptionInfo), legacy_office (.doc / .xls),
 * not_a_docx, not_an_xlsx, unsupported_file.
 */
export function detectPlanFileKind(bytes: Buffer, fileName: string): PlanFileKind {
  if (bytes.length === 0) throw unreadable(fileName, "empty_file", "文件为空 / the file is empty");
  if (bytes.subarray(0, 8).equals(COMPOUND_FILE_SIGNATURE)) {
    if (bytes.includes(ENCRYPTION_INFO)) {
      throw unreadable(
        fileName,
        "password_protected",
        "文件设有打开密码，无法读取；请在Word/Excel中取消密码后再上传 / the file is password-protected",
      );
    }
    throw unreadable(
      fileName,
      "legacy_office",
      "是旧版Word/Excel文件（.doc、.xls），请另存为 .docx 或 .xlsx 后上传 / an old .doc/.xls file",
    );
  }
  if (bytes.subarray(0, 5).equals(PDF_SIGNATURE)) return "pdf";
  const isZip = bytes.subarray(0, 4).equals(ZIP_SIGNATURE);
  if (isZip && bytes.includes(WORD_DOCUMENT_ENTRY)) return "docx";
  if (isZip && bytes.includes(WORKBOOK_ENTRY) && !/\.docx$/i.test(fileName)) return "xlsx";
  if (/\.xlsx$/i.test(fileName)) {
    throw unreadable(fileName, "not_an_xlsx", "不是Excel工作簿（.xlsx） / not an Excel workbook (.xlsx)");
  }
  if (/\.docx$/i.test(fileName) || isZip) {
    throw unreadable(
      fileName,
      "not_a_docx",
      "不是Word文档（.docx），可能是改了扩展名的图片或其他文件 / not a Word document (.docx)",
    );
  }
  const isCsv = /\.csv$/i.test(fileName);
  if (bytes.includes(0) || (!isValidUtf8(bytes) && !(isCsv && decodeGb18030(bytes) !== null))) {
    throw unreadable(
      fileName,
      "unsupported_file",
      "不是可读取的方案文件（支持 .docx、.pdf、.xlsx、.csv、.txt、.md；文本须为UTF-8） / not a supported plan file",
    );
  }
  return isCsv ? "csv" : "text";
}

function decodeGb18030(bytes: Buffer): string | null {
  try {
    return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What a plan document holds: its text (tables that are not task tables as lines) and its tables. */
export interface PlanSource {
  kind: PlanFileKind;
  text: string;
  /** Tables in document order (Word tables, Excel sheets, the CSV), each as rows of cell texts. */
  tables: { name: string | null; rows: string[][] }[];
}

/** Checks a zip before it is unpacked; a bomb → docx_too_large, a broken zip → `brokenCode`. */
function guardZip(bytes: Buffer, fileName: string, brokenCode: string, brokenReason: string): void {
  try {
    checkZipExpansion(bytes, DOCX_LIMITS);
  } catch (error) {
    if (!(error instanceof ZipGuardError)) throw error;
    throw error.reason === "too_large"
      ? unreadable(
          fileName,
          "docx_too_large",
          "文件解压后超过 64 MB 或条目过多（可能是压缩炸弹），已停止读取 / the file unpacks to more than 64 MB or has too many entries",
        )
      : unreadable(fileName, brokenCode, brokenReason);
  }
}

const UNREADABLE_DOCX = "Word文档已损坏，无法读取 / the Word document cannot be read";
const UNREADABLE_XLSX = "Excel工作簿已损坏，无法读取 / the workbook cannot be read";

async function readDocx(bytes: Buffer, fileName: string): Promise<PlanSource> {
  guardZip(bytes, fileName, "unreadable_docx", UNREADABLE_DOCX);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch {
    throw unreadable(fileName, "unreadable_docx", UNREADABLE_DOCX);
  }
  const lines: string[] = [];
  const tables: PlanSource["tables"] = [];
  for (const block of htmlBlocks(html)) {
    if (block.kind === "line") lines.push(block.text);
    else {
      tables.push({ name: `表格${tables.length + 1}`, rows: block.rows });
      // A task table is read as a table; any other table (a phase table, a form) stays text.
      if (findTaskHeader(block.rows)) continue;
      for (const row of block.rows) lines.push(row.filter((cell) => cell !== "").join(" "));
    }
  }
  return { kind: "docx", text: lines.join("\n"), tables };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

async function readXlsx(bytes: Buffer, fileName: string): Promise<PlanSource> {
  guardZip(bytes, fileName, "unreadable_xlsx", UNREADABLE_XLSX);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable(fileName, "unreadable_xlsx", UNREADABLE_XLSX);
  }
  const tables: PlanSource["tables"] = [];
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let column = 1; column <= sheet.columnCount; column += 1) {
        cells.push(cellText(row.getCell(column).value).trim());
      }
      rows[rowNumber - 1] = cells;
    });
    tables.push({ name: sheet.name, rows: Array.from(rows, (row) => row ?? []) });
  });
  const text = tables
    .flatMap((table) => table.rows.map((row) => row.filter((cell) => cell !== "").join(" ")))
    .join("\n");
  return { kind: "xlsx", text, tables };
}

async function readPdf(bytes: Buffer, fileName: string): Promise<PlanSource> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  let pages: string[];
  try {
    const document = await getDocumentProxy(new Uint8Array(bytes));
    pages = (await extractText(document, { mergePages: false })).text;
  } catch (error) {
    if ((error as { name?: string }).name === "PasswordException") {
      throw unreadable(
        fileName,
        "password_protected",
        "PDF设有打开密码，无法读取；请取消密码后再上传 / the PDF is password-protected",
      );
    }
    throw unreadable(fileName, "unreadable_pdf", "PDF已损坏，无法读取 / the PDF cannot be read");
  }
  const text = pages.join("\f");
  if (text.replace(/\s/g, "") === "") {
    throw unreadable(
      fileName,
      "scanned_pdf",
      "PDF没有文字层（可能是扫描件或图片），无法识别文字；请上传Word文档或可复制文字的PDF / the PDF has no text layer (a scan?)",
    );
  }
  return { kind: "pdf", text, tables: [] };
}

/**
 * Reads a plan document into its text and tables: .docx through mammoth's HTML (paragraphs as lines,
 * tables as rows), .xlsx through ExcelJS (every sheet a table), .pdf through unpdf (pdf.js; the text
 * layer, pages separated by a form feed), .csv as one table (UTF-8 or GB18030), .txt/.md as UTF-8
 * (byte-order mark dropped). The kind is decided by {@link detectPlanFileKind}. Nothing is written.
 * Errors (400, field "file", naming the file): those of {@link detectPlanFileKind}; file_too_large;
 * docx_too_large (a zip unpacking past {@link DOCX_LIMITS}, checked before reading); unreadable_docx,
 * unreadable_xlsx, unreadable_pdf; password_protected (PDF); scanned_pdf (no text layer); empty_file.
 */
export async function readPlanSource(bytes: Buffer, fileName: string): Promise<PlanSource> {
  if (bytes.length > MAX_PLAN_FILE_BYTES) {
    throw unreadable(fileName, "file_too_large", "不能超过 10 MB / the file exceeds 10 MB");
  }
  const kind = detectPlanFileKind(bytes, fileName);
  let source: PlanSource;
  if (kind === "docx") source = await readDocx(bytes, fileName);
  else if (kind === "xlsx") source = await readXlsx(bytes, fileName);
  else if (kind === "pdf") source = await readPdf(bytes, fileName);
  else {
    const text = isValidUtf8(bytes) ? bytes.toString("utf8") : (decodeGb18030(bytes) ?? "");
    const clean = text.replace(/^\ufeff/, "");
    source = { kind, text: clean, tables: kind === "csv" ? [{ name: null, rows: parseCsv(clean) }] : [] };
  }
  if (source.text.trim() === "")
    throw unreadable(fileName, "empty_file", "文件没有文字内容 / the file has no text");
  return source;
}

/**
 * The text of a plan document ({@link readPlanSource}'s text). Nothing is written; errors as there.
 */
export async function readPlanDocument(bytes: Buffer, fileName: string): Promise<string> {
  return (await readPlanSource(bytes, fileName)).text;
}

import { DomainError } from "@tuanwu/domain";
import mammoth from "mammoth";
import { checkZipExpansion, ZipGuardError, type ZipLimits } from "../../../lib/zip-guard";

/** Largest plan document accepted (10 MB): plans are a few dozen pages of text. */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

/**
 * What a Word plan document may unpack to before mammoth reads it: 64 MB (a plan's text is a few MB;
 * images count too) in at most 2,000 entries. A 1 MB document unpacking to 1 GB ran 38 s and left the
 * server at 2.3 GB before this check.
 */
export const DOCX_LIMITS: ZipLimits = { maxEntries: 2_000, maxUncompressedBytes: 64 * 1024 * 1024 };

/** What a plan document's bytes turned out to be. */
export type PlanFileKind = "docx" | "text";

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const WORD_DOCUMENT_ENTRY = Buffer.from("word/document.xml", "latin1");

function unreadable(fileName: string, code: string, reason: string): DomainError {
  return new DomainError(code, `文件“${fileName}”：${reason}`, { field: "file", status: 400 });
}

/**
 * The kind of a plan document, read from its bytes (never its name): a Word document is a zip
 * (PK\x03\x04) holding word/document.xml; text is valid UTF-8 without NUL bytes. A file named .docx
 * must be a Word document.
 * Errors (400, field "file", naming the file): empty_file, not_a_docx, unsupported_file.
 */
export function detectPlanFileKind(bytes: Buffer, fileName: string): PlanFileKind {
  if (bytes.length === 0) throw unreadable(fileName, "empty_file", "文件为空 / the file is empty");
  const isZip = bytes.subarray(0, 4).equals(ZIP_SIGNATURE);
  if (isZip && bytes.includes(WORD_DOCUMENT_ENTRY)) return "docx";
  if (/\.docx$/i.test(fileName) || isZip) {
    throw unreadable(
      fileName,
      "not_a_docx",
      "不是Word文档（.docx），可能是改了扩展名的图片或其他文件 / not a Word document (.docx)",
    );
  }
  if (bytes.includes(0) || !isValidUtf8(bytes)) {
    throw unreadable(
      fileName,
      "unsupported_file",
      "不是UTF-8文本或Word文档（.docx、.txt、.md） / neither UTF-8 text nor a Word document",
    );
  }
  return "text";
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The text of a plan document: .txt/.md as UTF-8 (byte-order mark dropped), .docx through mammoth's
 * raw text (one paragraph a line). The kind is decided by {@link detectPlanFileKind}. Nothing is written.
 * Errors (400, field "file", naming the file): empty_file, not_a_docx, unsupported_file, too large
 * (file_too_large), a Word document unpacking past {@link DOCX_LIMITS} (docx_too_large, checked before
 * mammoth), a Word document mammoth cannot read (unreadable_docx), no text at all (empty_file).
 */
export async function readPlanDocument(bytes: Buffer, fileName: string): Promise<string> {
  if (bytes.length > MAX_PLAN_FILE_BYTES) {
    throw unreadable(fileName, "file_too_large", "不能超过 10 MB / the file exceeds 10 MB");
  }
  const kind = detectPlanFileKind(bytes, fileName);
  let text: string;
  if (kind === "docx") {
    try {
      checkZipExpansion(bytes, DOCX_LIMITS);
    } catch (error) {
      if (!(error instanceof ZipGuardError)) throw error;
      throw error.reason === "too_large"
        ? unreadable(
            fileName,
            "docx_too_large",
            "Word文档解压后超过 64 MB 或条目过多（可能是压缩炸弹），已停止读取 / the Word document unpacks to more than 64 MB or has too many entries",
          )
        : unreadable(
            fileName,
            "unreadable_docx",
            "Word文档已损坏，无法读取 / the Word document cannot be read",
          );
    }
    try {
      text = (await mammoth.extractRawText({ buffer: bytes })).value;
    } catch {
      throw unreadable(
        fileName,
        "unreadable_docx",
        "Word文档已损坏，无法读取 / the Word document cannot be read",
      );
    }
  } else {
    text = bytes.toString("utf8").replace(/^\ufeff/, "");
  }
  if (text.trim() === "") throw unreadable(fileName, "empty_file", "文件没有文字内容 / the file has no text");
  return text;
}

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";
import { DomainError } from "@tuanwu/domain";

/**
 * Checks that a file is an .xlsx workbook before a spreadsheet reader touches it: the bytes, not the
 * name, decide (a zip — PK\x03\x04 — holding xl/workbook.xml). Every entry is inflated once, without
 * keeping it, to count its real size: a zip bomb is refused as soon as the total passes the limit or an
 * entry inflates to more than its header declares or far more than its compressed size (the ratio). While the first worksheet streams past, its merged
 * ranges (<mergeCell ref="A1:B2"/>, which ExcelJS's streaming reader does not report) are collected.
 */

/** Limits on what an uploaded workbook may unpack to. */
export interface XlsxLimits {
  /** Total uncompressed bytes of all entries (default 500 MB). */
  maxUncompressedBytes: number;
  /** Number of zip entries (default 10,000). */
  maxEntries: number;
  /**
   * Most bytes an entry may inflate to per compressed byte, once past 1 MB (default 100; worksheets of
   * real data compress 5–30 times). A 459 KB workbook whose sheet was 450 MB of white space was accepted
   * (+480 MB of memory in the reader) before this check.
   */
  maxCompressionRatio?: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxUncompressedBytes: 500 * 1024 * 1024,
  maxEntries: 10_000,
  maxCompressionRatio: 100,
};

/** Below this many inflated bytes an entry's compression ratio is not checked (small XML compresses well). */
const RATIO_CHECKED_FROM_BYTES = 1024 * 1024;

/** What the check found: the first worksheet (by the workbook's order) and its merged ranges. */
export interface XlsxInspection {
  firstSheet: { name: string; entry: string } | null;
  /** Merged ranges of the first worksheet, e.g. "A1:AC1". */
  merges: string[];
  uncompressedBytes: number;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const NOT_XLSX_MESSAGE =
  "文件不是Excel工作簿（.xlsx）：请在Excel或WPS中另存为“Excel工作簿(*.xlsx)”后重新上传";

function notXlsx(detail?: string): DomainError {
  return new DomainError("not_xlsx", detail ? `${NOT_XLSX_MESSAGE}（${detail}）` : NOT_XLSX_MESSAGE, {
    field: "file",
    status: 400,
  });
}

function tooLarge(): DomainError {
  return new DomainError(
    "xlsx_too_large",
    "Excel文件解压后过大（可能是压缩炸弹或含大量无关内容），已停止读取；请只保留团员信息工作表后重新上传",
    { field: "file", status: 400 },
  );
}

async function readCentralDirectory(filePath: string): Promise<ZipEntry[]> {
  const handle = await open(filePath, "r");
  try {
    const { size } = await handle.stat();
    if (size < 22) throw notXlsx(size === 0 ? "文件为空" : "文件过小");
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let index = tailLength - 22; index >= 0; index -= 1) {
      if (tail.readUInt32LE(index) === 0x06054b50) {
        end = index;
        break;
      }
    }
    if (end < 0) throw notXlsx("压缩包不完整");
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw tooLarge();
    if (directoryOffset + directorySize > size) throw notXlsx("压缩包目录损坏");
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries: ZipEntry[] = [];
    let position = 0;
    for (let index = 0; index < count; index += 1) {
      if (position + 46 > directory.length || directory.readUInt32LE(position) !== 0x02014b50) {
        throw notXlsx("压缩包目录损坏");
      }
      const nameLength = directory.readUInt16LE(position + 28);
      const extraLength = directory.readUInt16LE(position + 30);
      const commentLength = directory.readUInt16LE(position + 32);
      entries.push({
        method: directory.readUInt16LE(position + 10),
        compressedSize: directory.readUInt32LE(position + 20),
        uncompressedSize: directory.readUInt32LE(position + 24),
        localHeaderOffset: directory.readUInt32LE(position + 42),
        name: directory.toString("utf8", position + 46, position + 46 + nameLength),
      });
      position += 46 + nameLength + extraLength + commentLength;
    }
    for (const entry of entries) {
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, entry.localHeaderOffset);
      if (local.readUInt32LE(0) !== 0x04034b50) throw notXlsx("压缩包条目损坏");
      entry.localHeaderOffset += 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * Inflates one entry, handing each chunk to `onChunk`; stops with a "too large" error when the entry
 * inflates past its declared size or the running total past `budget.remaining`.
 */
async function inflateEntry(
  filePath: string,
  entry: ZipEntry,
  budget: { remaining: number; maxCompressionRatio?: number | undefined },
  onChunk?: (chunk: Buffer) => void,
): Promise<number> {
  if (entry.method !== 0 && entry.method !== 8) throw notXlsx(`不支持的压缩方式${entry.method}`);
  if (entry.compressedSize === 0) return 0;
  const raw = createReadStream(filePath, {
    start: entry.localHeaderOffset,
    end: entry.localHeaderOffset + entry.compressedSize - 1,
  });
  const source = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      budget.remaining -= chunk.length;
      if (total > entry.uncompressedSize || budget.remaining < 0) throw tooLarge();
      const ratio = budget.maxCompressionRatio;
      if (ratio !== undefined && total > RATIO_CHECKED_FROM_BYTES && total > entry.compressedSize * ratio) {
        throw tooLarge();
      }
      onChunk?.(chunk);
    }
  } catch (error) {
    raw.destroy();
    if (error instanceof DomainError) throw error;
    throw notXlsx("压缩数据损坏");
  }
  return total;
}

async function inflateText(
  filePath: string,
  entry: ZipEntry,
  budget: { remaining: number; maxCompressionRatio?: number | undefined },
): Promise<string> {
  if (entry.uncompressedSize > 16 * 1024 * 1024) throw tooLarge();
  const chunks: Buffer[] = [];
  await inflateEntry(filePath, entry, budget, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** The first <sheet> of workbook.xml and the file its relationship points to. */
function findFirstSheet(
  workbookXml: string,
  relationshipsXml: string,
): { name: string; entry: string } | null {
  const sheet = /<(?:\w+:)?sheet\b([^>]*)>/.exec(workbookXml)?.[1];
  if (sheet === undefined) return null;
  const name = /\bname="([^"]*)"/.exec(sheet)?.[1];
  const relationshipId = /\br:id="([^"]*)"|\b\w+:id="([^"]*)"/.exec(sheet);
  const id = relationshipId?.[1] ?? relationshipId?.[2];
  if (name === undefined || id === undefined) return null;
  for (const match of relationshipsXml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attributes = match[1] ?? "";
    if (/\bId="([^"]*)"/.exec(attributes)?.[1] !== id) continue;
    const target = /\bTarget="([^"]*)"/.exec(attributes)?.[1];
    if (target === undefined) return null;
    const entry = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
    return { name: decodeXml(name), entry };
  }
  return null;
}

function decodeXml(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}

/**
 * Checks `filePath` as an .xlsx workbook within `limits` and returns its first worksheet and that
 * sheet's merged ranges. Errors (DomainError, status 400, field "file"): `not_xlsx` for anything that
 * is not an .xlsx zip (an empty file, a renamed PDF, random bytes, a zip without xl/workbook.xml, a
 * damaged archive); `xlsx_too_large` when it unpacks to more than the limits allow.
 */
export async function inspectXlsxArchive(
  filePath: string,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
): Promise<XlsxInspection> {
  const entries = await readCentralDirectory(filePath);
  if (entries.length > limits.maxEntries) throw tooLarge();
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooLarge();
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const workbook = byName.get("xl/workbook.xml");
  if (workbook === undefined) throw notXlsx("压缩包中没有xl/workbook.xml");
  const budget = { remaining: limits.maxUncompressedBytes, maxCompressionRatio: limits.maxCompressionRatio };
  const relationships = byName.get("xl/_rels/workbook.xml.rels");
  const firstSheet = findFirstSheet(
    await inflateText(filePath, workbook, budget),
    relationships ? await inflateText(filePath, relationships, budget) : "",
  );
  const merges: string[] = [];
  for (const entry of entries) {
    if (entry === workbook || entry === relationships) continue;
    if (entry.name !== firstSheet?.entry) {
      await inflateEntry(filePath, entry, budget);
      continue;
    }
    // The merged ranges follow the cell data; keep a short tail so that a tag split between chunks is found.
    let carry = "";
    await inflateEntry(filePath, entry, budget, (chunk) => {
      const text = carry + chunk.toString("latin1");
      let consumed = 0;
      for (const match of text.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/g)) {
        merges.push(match[1] ?? "");
        consumed = (match.index ?? 0) + match[0].length;
      }
      carry = text.slice(Math.max(consumed, text.length - 200));
    });
  }
  return { firstSheet, merges, uncompressedBytes: limits.maxUncompressedBytes - budget.remaining };
}

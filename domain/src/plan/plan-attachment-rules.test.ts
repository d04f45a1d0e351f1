import { describe, expect, it } from "vitest";
import {
  checkPlanFiles,
  detectPlanAttachmentType,
  MAX_PLAN_ATTACHMENT_BYTES,
  MAX_PLAN_FILES,
  zipEntryNames,
} from "./plan-attachment-rules";

const text = (value: string) => new TextEncoder().encode(value);

/** A PDF header (padded with spaces to `padTo` bytes). */
function pdfBytes(padTo = 0): Uint8Array {
  const head = text("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
  const bytes = new Uint8Array(Math.max(padTo, head.length)).fill(0x20);
  bytes.set(head);
  return bytes;
}

const pngBytes = () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...text("IHDR")]);
const jpegBytes = () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...text("JFIF")]);

/** A stored (uncompressed) zip of `entries`, with its central directory (checksums left 0: not read). */
function buildZip(entries: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = text(name);
    const data = text(content);
    const local = new Uint8Array(30);
    const localView = new DataView(local.buffer);
    localView.setUint32(0, 0x04034b50, true);
    localView.setUint16(4, 20, true);
    localView.setUint16(6, 0x0800, true);
    localView.setUint32(18, data.length, true);
    localView.setUint32(22, data.length, true);
    localView.setUint16(26, nameBytes.length, true);
    const central = new Uint8Array(46);
    const centralView = new DataView(central.buffer);
    centralView.setUint32(0, 0x02014b50, true);
    centralView.setUint16(4, 20, true);
    centralView.setUint16(6, 20, true);
    centralView.setUint16(8, 0x0800, true);
    centralView.setUint32(20, data.length, true);
    centralView.setUint32(24, data.length, true);
    centralView.setUint16(28, nameBytes.length, true);
    centralView.setUint32(42, offset, true);
    parts.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralLength = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, Object.keys(entries).length, true);
  endView.setUint16(10, Object.keys(entries).length, true);
  endView.setUint32(12, centralLength, true);
  endView.setUint32(16, offset, true);
  const all = [...parts, ...centrals, end];
  const bytes = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

const buildXlsx = () => buildZip({ "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>" });
const docxBytes = () => buildZip({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" });

describe("detectPlanAttachmentType", () => {
  it.each([
    ["PDF", pdfBytes(), "application/pdf"],
    ["JPEG", jpegBytes(), "image/jpeg"],
    ["PNG", pngBytes(), "image/png"],
    ["DOCX", docxBytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["XLSX", buildXlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["a zip of something else", buildZip({ "readme.txt": "word/document.xml" }), null],
    ["a truncated zip", buildXlsx().subarray(0, 40), null],
    ["text", text("hello"), null],
    ["GIF", text("GIF89a"), null],
    ["nothing", new Uint8Array(0), null],
  ])("%s → %s", (_name, bytes, expected) => {
    expect(detectPlanAttachmentType(bytes)).toBe(expected);
  });
});

describe("zipEntryNames", () => {
  it("reads the central directory", () => {
    expect(zipEntryNames(buildZip({ "a.txt": "1", "文件/b.xml": "2" }))).toEqual(["a.txt", "文件/b.xml"]);
    expect(zipEntryNames(pdfBytes())).toBeNull();
  });
});

describe("checkPlanFiles", () => {
  it("returns each file's type and a clean name, naming unnamed files by position", () => {
    const checked = checkPlanFiles([
      { fileName: "../进展.pdf", bytes: pdfBytes() },
      { fileName: undefined, bytes: buildXlsx() },
    ]);
    expect(checked.map((file) => [file.fileName, file.mediaType])).toEqual([
      ["进展.pdf", "application/pdf"],
      ["附件2.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
  });

  it.each([
    [
      "too many",
      Array.from({ length: MAX_PLAN_FILES + 1 }, () => ({ fileName: "a.pdf", bytes: pdfBytes() })),
      "too_many_files",
    ],
    ["empty", [{ fileName: "a.pdf", bytes: new Uint8Array(0) }], "empty_file"],
    ["too large", [{ fileName: "a.pdf", bytes: pdfBytes(MAX_PLAN_ATTACHMENT_BYTES + 1) }], "file_too_large"],
    ["wrong type", [{ fileName: "a.docx", bytes: text("text") }], "unsupported_file_type"],
  ])("refuses %s (400 naming files)", (_name, files, code) => {
    expect(() => checkPlanFiles(files)).toThrow(
      expect.objectContaining({ code, field: "files", status: 400 }),
    );
  });
});

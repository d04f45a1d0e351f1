import { describe, expect, it } from "vitest";
import { jpegBytes, pdfBytes, pngBytes } from "../../../test/archive-factories";
import { buildZip } from "../../../test/plan-factories";
import { buildXlsx, docxBytes } from "../../../test/plan-tracking-factories";
import {
  checkPlanFiles,
  detectPlanAttachmentType,
  MAX_PLAN_ATTACHMENT_BYTES,
  MAX_PLAN_FILES,
  zipEntryNames,
} from "./plan-attachment.rules";

describe("detectPlanAttachmentType", () => {
  it.each([
    ["PDF", pdfBytes(), "application/pdf"],
    ["JPEG", jpegBytes(), "image/jpeg"],
    ["PNG", pngBytes(), "image/png"],
    ["DOCX", docxBytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["XLSX", buildXlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["a zip of something else", buildZip({ "readme.txt": "word/document.xml" }), null],
    ["a truncated zip", buildXlsx().subarray(0, 40), null],
    ["text", Buffer.from("hello"), null],
    ["GIF", Buffer.from("GIF89a"), null],
    ["nothing", Buffer.alloc(0), null],
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
    ["empty", [{ fileName: "a.pdf", bytes: Buffer.alloc(0) }], "empty_file"],
    [
      "too large",
      [{ fileName: "a.pdf", bytes: pdfBytes("", MAX_PLAN_ATTACHMENT_BYTES + 1) }],
      "file_too_large",
    ],
    ["wrong type", [{ fileName: "a.docx", bytes: Buffer.from("text") }], "unsupported_file_type"],
  ])("refuses %s (400 naming files)", (_name, files, code) => {
    expect(() => checkPlanFiles(files)).toThrow(
      expect.objectContaining({ code, field: "files", status: 400 }),
    );
  });
});

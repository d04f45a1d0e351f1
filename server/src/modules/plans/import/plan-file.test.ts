import { describe, expect, it } from "vitest";
import { buildDocx, buildZip } from "../../../test/plan-factories";
import { detectPlanFileKind, readPlanDocument } from "./plan-file";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const XLSX_LIKE = buildZip({ "xl/workbook.xml": "<workbook/>" });

describe("detectPlanFileKind", () => {
  it.each([
    ["plan.docx", buildDocx("一、总体要求"), "docx"],
    ["plan.txt", buildDocx("一、总体要求"), "docx"],
    ["plan.txt", Buffer.from("一、总体要求\n1.任务", "utf8"), "text"],
    ["plan.md", Buffer.from("# 方案\n", "utf8"), "text"],
  ] as const)("%s → %s", (fileName, bytes, kind) => {
    expect(detectPlanFileKind(bytes, fileName)).toBe(kind);
  });

  it.each([
    ["empty.txt", Buffer.alloc(0), "empty_file"],
    ["photo.docx", PNG, "not_a_docx"],
    ["text.docx", Buffer.from("一、总体要求", "utf8"), "not_a_docx"],
    ["book.docx", XLSX_LIKE, "not_a_docx"],
    ["book.txt", XLSX_LIKE, "not_a_docx"],
    ["photo.txt", PNG, "unsupported_file"],
    ["gbk.txt", Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0xff]), "unsupported_file"],
    ["nul.txt", Buffer.from("一、\u0000总体", "utf8"), "unsupported_file"],
  ] as const)("%s is refused with %s, naming the file", (fileName, bytes, code) => {
    expect(() => detectPlanFileKind(bytes, fileName)).toThrow(
      expect.objectContaining({
        code,
        field: "file",
        status: 400,
        message: expect.stringContaining(fileName),
      }),
    );
  });
});

describe("readPlanDocument", () => {
  it("reads a Word document's paragraphs as lines", async () => {
    const text = await readPlanDocument(buildDocx("某县实施方案\n一、重点任务\n1.加强编制"), "plan.docx");
    expect(text.split("\n").filter((line) => line !== "")).toEqual([
      "某县实施方案",
      "一、重点任务",
      "1.加强编制",
    ]);
  });

  it("reads UTF-8 text and drops a byte-order mark", async () => {
    expect(await readPlanDocument(Buffer.from("\ufeff方案", "utf8"), "plan.txt")).toBe("方案");
  });

  it.each([
    ["blank.txt", Buffer.from(" \n\t\n", "utf8"), "empty_file"],
    ["blank.docx", buildDocx(""), "empty_file"],
    ["broken.docx", buildZip({ "word/document.xml": "<not xml" }), "unreadable_docx"],
  ] as const)("%s → %s", async (fileName, bytes, code) => {
    await expect(readPlanDocument(bytes, fileName)).rejects.toMatchObject({ code, field: "file" });
  });
});

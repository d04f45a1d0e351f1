import { describe, expect, it } from "vitest";
import {
  buildDocxWithTable,
  buildEncryptedOfficeFile,
  buildPdf,
  buildXlsx,
} from "../../../test/plan-document-factories";
import { buildDocx, buildZip } from "../../../test/plan-factories";
import { detectPlanFileKind, readPlanDocument, readPlanSource } from "./plan-file";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const XLSX_LIKE = buildZip({ "xl/workbook.xml": "<workbook/>" });

describe("detectPlanFileKind", () => {
  it.each([
    ["plan.docx", buildDocx("一、总体要求"), "docx"],
    ["plan.txt", buildDocx("一、总体要求"), "docx"],
    ["plan.txt", Buffer.from("一、总体要求\n1.任务", "utf8"), "text"],
    ["plan.md", Buffer.from("# 方案\n", "utf8"), "text"],
    ["book.txt", XLSX_LIKE, "xlsx"],
    ["tasks.csv", Buffer.from("序号,任务\n1,建团", "utf8"), "csv"],
    ["gbk.csv", Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xc8, 0xce, 0xce, 0xf1]), "csv"],
    ["plan.bin", Buffer.from("%PDF-1.4\n", "latin1"), "pdf"],
  ] as const)("%s → %s", (fileName, bytes, kind) => {
    expect(detectPlanFileKind(bytes, fileName)).toBe(kind);
  });

  it.each([
    ["empty.txt", Buffer.alloc(0), "empty_file"],
    ["photo.docx", PNG, "not_a_docx"],
    ["text.docx", Buffer.from("一、总体要求", "utf8"), "not_a_docx"],
    ["book.docx", XLSX_LIKE, "not_a_docx"],
    ["locked.docx", buildEncryptedOfficeFile(), "password_protected"],
    ["locked.xlsx", buildEncryptedOfficeFile(), "password_protected"],
    [
      "old.doc",
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]),
      "legacy_office",
    ],
    ["text.xlsx", Buffer.from("序号,任务", "utf8"), "not_an_xlsx"],
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

describe("readPlanSource (issue 15 formats)", () => {
  it("reads the text layer of a PDF, pages separated by a form feed", async () => {
    const pdf = buildPdf(["某县实施方案\n一、重点任务", "1.加强编制。责任单位：团县委"]);
    const source = await readPlanSource(pdf, "plan.pdf");
    expect(source.kind).toBe("pdf");
    expect(source.text).toContain("某县实施方案");
    expect(source.text).toContain("\f");
    expect(source.text.replace(/\s/g, "")).toContain("1.加强编制。责任单位：团县委");
  });

  it("refuses a PDF without a text layer (a scan), saying so", async () => {
    await expect(readPlanSource(buildPdf(["", ""]), "scan.pdf")).rejects.toMatchObject({
      code: "scanned_pdf",
      field: "file",
      message: expect.stringContaining("扫描件"),
    });
  });

  it("refuses a broken PDF", async () => {
    await expect(readPlanSource(Buffer.from("%PDF-1.4\ngarbage", "latin1"), "x.pdf")).rejects.toMatchObject({
      field: "file",
    });
  });

  it("reads a Word table as rows, a one-cell row spanning the table, and keeps a task table out of the text", async () => {
    const docx = buildDocxWithTable(
      ["某县任务分工方案"],
      [
        ["序号", "重点任务", "牵头单位", "完成时限"],
        ["一、组织建设"],
        ["1", "推进规范化建设", "团县委", "2023年底前"],
      ],
      ["二、工作要求"],
    );
    const source = await readPlanSource(docx, "plan.docx");
    expect(source.tables[0]?.rows).toEqual([
      ["序号", "重点任务", "牵头单位", "完成时限"],
      ["一、组织建设", "一、组织建设", "一、组织建设", "一、组织建设"],
      ["1", "推进规范化建设", "团县委", "2023年底前"],
    ]);
    expect(source.text).toBe("某县任务分工方案\n二、工作要求");
  });

  it("reads every sheet of a workbook, dates as YYYY-MM-DD", async () => {
    const xlsx = await buildXlsx([
      ["序号", "重点任务", "完成时限"],
      [1, "推进规范化建设", new Date(Date.UTC(2023, 5, 30))],
    ]);
    const source = await readPlanSource(xlsx, "tasks.xlsx");
    expect(source.tables[0]?.rows[1]).toEqual(["1", "推进规范化建设", "2023-06-30"]);
  });

  it("reads a CSV saved by Excel in GB18030", async () => {
    const bytes = Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xc8, 0xce, 0xce, 0xf1]);
    expect((await readPlanSource(bytes, "tasks.csv")).tables[0]?.rows).toEqual([["序号", "任务"]]);
  });

  it.each([["broken.xlsx", buildZip({ "xl/workbook.xml": "<not xml" }), "unreadable_xlsx"]] as const)(
    "%s → %s",
    async (fileName, bytes, code) => {
      await expect(readPlanSource(bytes, fileName)).rejects.toMatchObject({ code, field: "file" });
    },
  );
});

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildZip } from "../../test/plan-factories";
import { createTestFolder } from "../../test/test-folder";
import { readRegistrySheet } from "./registry-sheet-reader";

const SHEET_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/**
 * A registry workbook of one member whose zip holds its entries in `order` (ExcelJS's streaming reader
 * depends on the order: relationships and shared strings before a worksheet, xl/workbook.xml after it,
 * used to make it throw).
 */
function registryWorkbook(order: readonly string[]): Buffer {
  const strings = ["姓名", "身份证号", "入团年月", "张三", "510821200604270741", "2020-05"];
  const cell = (column: string, row: number, index: number) =>
    `<c r="${column}${row}" t="s"><v>${index}</v></c>`;
  const entries: Record<string, string> = {
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${SHEET_RELATIONSHIP}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    "xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((text) => `<si><t>${text}</t></si>`).join("")}</sst>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cell("A", 1, 0)}${cell("B", 1, 1)}${cell("C", 1, 2)}</row><row r="2">${cell("A", 2, 3)}${cell("B", 2, 4)}${cell("C", 2, 5)}</row></sheetData></worksheet>`,
    "xl/workbook.xml":
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="团员" sheetId="1" r:id="rId1"/></sheets></workbook>',
  };
  return buildZip(Object.fromEntries(order.map((name) => [name, entries[name] as string])));
}

describe("readRegistrySheet and the order of a workbook's zip entries", () => {
  it.each([
    [
      "worksheet before xl/workbook.xml, after its relationships and shared strings",
      [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet1.xml",
        "xl/workbook.xml",
      ],
    ],
    [
      "xl/workbook.xml first",
      [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet1.xml",
      ],
    ],
  ])("reads the member of a workbook with its %s", async (_order, entries) => {
    const file = path.join(await createTestFolder("tuanwu-order-"), "members.xlsx");
    await writeFile(file, registryWorkbook(entries));
    const reading = await readRegistrySheet(file, { today: "2026-12-06", requireOrganization: false });
    expect(reading.rows).toBe(1);
    expect(reading.records.map((entry) => entry.record.name)).toEqual(["张三"]);
  });
});

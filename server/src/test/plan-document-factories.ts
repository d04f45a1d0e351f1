import ExcelJS from "exceljs";
import { buildZip } from "./plan-factories";

/**
 * Plan documents in the formats of issue 15, built in memory for the importer's tests: a PDF with a
 * text layer (or none), a Word document with a task table, a workbook, an Office file with a password.
 */

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * A PDF whose pages show `pages` (one string a page, lines split on "\n") in a Type0 font with
 * Identity-H encoding and a ToUnicode map, so that a text extractor reads the Chinese back. No glyphs
 * are embedded (the text is not meant to be looked at). An empty page list entry gives a page with no
 * text at all, like a scan: it only draws a rectangle.
 */
export function buildPdf(pages: string[]): Buffer {
  const characters = [...new Set([...pages.join("")].filter((character) => character !== "\n"))];
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add("");
  const pagesObject = add("");
  const mapEntries = characters.map((character) => {
    const code = character.codePointAt(0) ?? 0;
    return `<${hex4(code)}> <${hex4(code)}>`;
  });
  const blocks: string[] = [];
  for (let index = 0; index < mapEntries.length; index += 100) {
    const chunk = mapEntries.slice(index, index + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join("\n")}\nendbfchar`);
  }
  const cmap =
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
    "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n" +
    "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
    `${blocks.join("\n")}\nendcmap CMapName currentdict /CMap defineresource pop end end`;
  const toUnicode = add(`<< /Length ${Buffer.byteLength(cmap, "latin1")} >>\nstream\n${cmap}\nendstream`);
  const descriptor = add(
    "<< /Type /FontDescriptor /FontName /PlanTest /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 " +
      "/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
  );
  const cidFont = add(
    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /PlanTest /CIDSystemInfo << /Registry (Adobe) " +
      `/Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
  );
  const font = add(
    "<< /Type /Font /Subtype /Type0 /BaseFont /PlanTest /Encoding /Identity-H " +
      `/DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  const pageIds: number[] = [];
  for (const page of pages) {
    const lines = page.split("\n");
    const content =
      page === ""
        ? "0.5 g 50 50 400 600 re f"
        : `BT /F1 10 Tf 40 800 Td 14 TL ${lines
            .map(
              (line) =>
                `<${[...line].map((character) => hex4(character.codePointAt(0) ?? 0)).join("")}> Tj T*`,
            )
            .join(" ")} ET`;
    const stream = add(
      `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    );
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] ` +
          `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R >>`;
  objects[pagesObject - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function paragraph(text: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
}

/**
 * A Word document: `before` paragraphs, then a table of `rows` (a row of one cell spans the table,
 * like a group row), then `after` paragraphs.
 */
export function buildDocxWithTable(before: string[], rows: string[][], after: string[] = []): Buffer {
  const width = Math.max(...rows.map((row) => row.length));
  const tableRows = rows
    .map((row) => {
      const cells = row.map((cell) => {
        const span = row.length === 1 && width > 1 ? `<w:tcPr><w:gridSpan w:val="${width}"/></w:tcPr>` : "";
        return `<w:tc>${span}${paragraph(cell)}</w:tc>`;
      });
      return `<w:tr>${cells.join("")}</w:tr>`;
    })
    .join("");
  const grid = `<w:tblGrid>${"<w:gridCol/>".repeat(width)}</w:tblGrid>`;
  const body = `${before.map(paragraph).join("")}<w:tbl>${grid}${tableRows}</w:tbl>${after.map(paragraph).join("")}`;
  return buildZip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml":
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  });
}

/** A workbook with one sheet holding `rows`. */
export async function buildXlsx(rows: (string | number | Date)[][], sheetName = "任务清单"): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * What Office writes for a .docx/.xlsx with an open password: an OLE compound file (D0 CF 11 E0 …)
 * holding the streams EncryptionInfo and EncryptedPackage. Only the markers the importer looks for.
 */
export function buildEncryptedOfficeFile(): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  return Buffer.concat([
    header,
    Buffer.from("EncryptionInfo", "utf16le"),
    Buffer.alloc(64),
    Buffer.from("EncryptedPackage", "utf16le"),
    Buffer.alloc(256, 0x5a),
  ]);
}

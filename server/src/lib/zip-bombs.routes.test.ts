import { crc32, deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows } from "../test/database-state";
import { createTestApp, logInAs, type TestSession } from "../test/factories";
import { countImportTables, multipartFile } from "../test/registry-factories";

/**
 * Zip bombs the probe sent (issue 17): a .docx plan unpacking to 1 GB (38 s, 2.3 GB of memory) and an
 * .xlsx whose sheet is hundreds of MB of white space. Built here in memory; each must answer 400 with
 * a clear message, quickly, without the server's memory growing by the bomb's size, and write nothing.
 */

const MB = 1024 * 1024;

interface ZipEntryInput {
  name: string;
  content: Buffer;
  /** Size written in the headers (default the real size): a bomb may lie. */
  declaredSize?: number;
}

/** A zip of deflated entries. */
function buildDeflatedZip(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = deflateRawSync(entry.content, { level: 9 });
    const size = entry.declaredSize ?? entry.content.length;
    const checksum = crc32(entry.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A Word document whose word/document.xml is a paragraph followed by `padding` bytes of white space. */
function docxBomb(padding: number, declaredSize?: number): Buffer {
  const head = Buffer.from(
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>方案</w:t></w:r></w:p>',
  );
  const document = Buffer.concat([head, Buffer.alloc(padding, 0x20), Buffer.from("</w:body></w:document>")]);
  return buildDeflatedZip([
    {
      name: "[Content_Types].xml",
      content: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
    },
    { name: "word/document.xml", content: document, ...(declaredSize === undefined ? {} : { declaredSize }) },
  ]);
}

/** An .xlsx workbook whose only sheet holds `padding` bytes of white space before its data. */
function xlsxWhitespaceBomb(padding: number): Buffer {
  const sheet = Buffer.concat([
    Buffer.from(
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    ),
    Buffer.alloc(padding, 0x20),
    Buffer.from("</sheetData></worksheet>"),
  ]);
  return buildDeflatedZip([
    {
      name: "xl/workbook.xml",
      content: Buffer.from(
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="团员" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      content: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    { name: "xl/worksheets/sheet1.xml", content: sheet },
  ]);
}

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  county = await logInAs(context.app, "county");
});
afterAll(async () => context.close());

function upload(url: string, content: Buffer, fileName: string) {
  const body = multipartFile(content, fileName);
  return context.app.inject({
    method: "POST",
    url,
    payload: body.payload,
    headers: { ...body.headers, ...county.headers },
  });
}

/** Runs `send`, and checks that the process's memory did not grow by anything near the bomb's size. */
async function withinMemory<T>(send: () => Promise<T>): Promise<T> {
  const before = process.memoryUsage().rss;
  const result = await send();
  expect(process.memoryUsage().rss - before).toBeLessThan(150 * MB);
  return result;
}

describe("a .docx plan that unpacks past 64 MB", () => {
  it.each([
    ["declaring its real size (200 MB)", () => docxBomb(200 * MB)],
    ["declaring 1 KB while inflating to 200 MB", () => docxBomb(200 * MB, 1024)],
  ])("%s: preview and import answer 400 docx_too_large and write nothing", async (_what, build) => {
    const bomb = build();
    expect(bomb.length).toBeLessThan(MB);
    const counts = await countRows(context.db);
    for (const path of ["plans/preview", "plans"]) {
      const response = await withinMemory(() =>
        upload(`/api/v1/organizations/${context.tree.county.id}/${path}`, bomb, "plan.docx"),
      );
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code: "docx_too_large", field: "file" });
      expect(response.json().error.message).toContain("64 MB");
    }
    expect(await countRows(context.db)).toEqual(counts);
  });

  it("a Word document of many entries is refused the same way", async () => {
    const entries = Array.from({ length: 2_001 }, (_, index) => ({
      name: `word/media/${index}.xml`,
      content: Buffer.from("<x/>"),
    }));
    entries.push({ name: "word/document.xml", content: Buffer.from("<w:document/>") });
    const response = await upload(
      `/api/v1/organizations/${context.tree.county.id}/plans/preview`,
      buildDeflatedZip(entries),
      "plan.docx",
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("docx_too_large");
  });

  it("a small real Word document still previews", async () => {
    const response = await upload(
      `/api/v1/organizations/${context.tree.county.id}/plans/preview`,
      docxBomb(1_000),
      "plan.docx",
    );
    expect(response.statusCode, response.body).not.toBe(500);
    expect(response.json().error?.code).not.toBe("docx_too_large");
  });
});

describe("an .xlsx whose sheet is hundreds of MB of white space", () => {
  it("a dry-run import answers 400 xlsx_too_large and writes nothing", async () => {
    const bomb = xlsxWhitespaceBomb(450 * MB);
    expect(bomb.length).toBeLessThan(MB);
    const counts = await countImportTables(context.db);
    const response = await withinMemory(() =>
      upload(
        `/api/v1/organizations/${context.tree.eastVillage1.id}/member-imports?dryRun=true`,
        bomb,
        "members.xlsx",
      ),
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: "xlsx_too_large", field: "file" });
    expect(await countImportTables(context.db)).toEqual(counts);
  });
});

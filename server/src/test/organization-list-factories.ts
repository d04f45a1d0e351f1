import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";

/** The organization list's headers as the national registry (智慧团建) exports them. */
export const ORGANIZATION_LIST_HEADERS = [
  "组织名称",
  "组织类型",
  "上级组织",
  "行政区划代码",
  "所属领域",
  "应录入数",
];

/** Builds an organization list (.xlsx) with a title row, the header, and `rows` (cells by header). */
export async function buildOrganizationList(
  rows: readonly Partial<Record<string, string | number>>[],
  headers: readonly string[] = ORGANIZATION_LIST_HEADERS,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("组织列表");
  sheet.addRow(["智慧团建 组织列表导出"]);
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((header) => row[header] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A multipart/form-data body with text fields first and then one file in field "file", for `app.inject`. */
export function multipartWithFields(
  content: Buffer,
  fields: Readonly<Record<string, string>>,
  fileName = "组织列表.xlsx",
): { payload: Buffer; headers: { "content-type": string } } {
  const boundary = `----tuanwu${randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      "utf8",
    ),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
      "utf8",
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

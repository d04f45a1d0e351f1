import { sql } from "drizzle-orm";
import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { startOk, transferStepOk } from "./transfers.test-support";

/**
 * The introduction letter 组织关系介绍信 (issue 11 part 3) of a transfer out of the installation: issued
 * once by the sending committee's approval (number + verification code, audited), answered again by
 * POST /letter, printed as .docx and PDF by the sending side (the files are opened and their text
 * read), checked publicly by number and code (number, masked name, date, committee — nothing else).
 * Refusals (401/403/404/400/409) write nothing.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let west: TestSession;
let outgoing: number;
let pending: number;
let internal: number;

const DESTINATION = "四川省成都市高新区某科技公司团委";

async function letterColumns() {
  return queryRows<{ id: number; letter_number: string | null; letter_verification_code: string | null }>(
    context.db,
    sql`select id, letter_number, letter_verification_code from member_transfer order by id`,
  );
}

async function auditCount() {
  const rows = await queryRows<{ total: number }>(
    context.db,
    sql`select count(*)::int as total from audit_log`,
  );
  return Number(rows[0]?.total);
}

/** A refused request: the status, the error's code, and no letter column or audit entry written. */
async function expectRefused(
  run: () => Promise<{ statusCode: number; body: string }>,
  status: number,
  code?: string,
) {
  const before = { letters: await letterColumns(), audit: await auditCount() };
  const response = await run();
  expect(response.statusCode, response.body).toBe(status);
  if (code) expect(JSON.parse(response.body).error.code).toBe(code);
  expect({ letters: await letterColumns(), audit: await auditCount() }).toEqual(before);
  return JSON.parse(response.body).error;
}

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [county, east, member, west] = await logInEach(context.app, ["county", "east", "member", "west"]);
  const zhang = await memberIdByName(context.db, "张三");
  const li = await memberIdByName(context.db, "李四");
  const wang = await memberIdByName(context.db, "王五");
  // Transfers out of the installation: the receiving organization is one tuanwu does not hold.
  outgoing = (await startOk(context.app, east, { memberId: zhang, toExternalName: DESTINATION })).id;
  pending = (await startOk(context.app, east, { memberId: li, toExternalName: DESTINATION })).id;
  internal = (
    await startOk(context.app, east, { memberId: wang, toOrganizationId: context.tree.eastVillage1.id })
  ).id;
});
afterAll(async () => context.close());

const issue = (session: TestSession | undefined, id: number) =>
  sendAs(context.app, session, "POST", `/transfers/${id}/letter`, {});
const download = (session: TestSession | undefined, id: number, format: "docx" | "pdf") =>
  sendAs(context.app, session, "GET", `/transfers/${id}/letter.${format}`);
const verify = (letterNumber: string, code: string) =>
  context.app.inject({
    method: "GET",
    url: `/api/v1/transfer-letters/${encodeURIComponent(letterNumber)}/verification?code=${encodeURIComponent(code)}`,
  });

describe("POST /transfers/{id}/letter and the files", () => {
  it("401 without a session, 404 outside both sides or unknown, 403 to a member's role, 400 bad id", async () => {
    await expectRefused(() => issue(undefined, outgoing), 401);
    await expectRefused(() => issue(west, outgoing), 404);
    await expectRefused(() => issue(county, 999_999), 404);
    await expectRefused(() => issue(member, outgoing), 403);
    const bad = await expectRefused(
      () => sendAs(context.app, east, "POST", "/transfers/abc/letter", {}),
      400,
    );
    expect(bad.field).toBe("id");
  });

  it("400 letter_not_applicable for a transfer inside the installation; 409 before the committee's approval", async () => {
    const error = await expectRefused(() => issue(east, internal), 400, "letter_not_applicable");
    expect(error.message).toContain("介绍信");
    await expectRefused(() => issue(east, outgoing), 409, "transfer_not_approved");
    await expectRefused(() => download(east, outgoing, "docx"), 409, "letter_not_issued");
    await expectRefused(() => download(east, outgoing, "pdf"), 409, "letter_not_issued");
  });

  it("issues a numbered letter with a verification code on the committee's approval, once (audited); POST answers the same letter", async () => {
    await transferStepOk(context.app, east, outgoing, "approve_transfer_out", 1);
    const first = await issue(east, outgoing);
    expect(first.statusCode, first.body).toBe(200);
    const letter = first.json();
    expect(letter.letterNumber).toMatch(new RegExp(`^\\d{8}-${String(outgoing).padStart(6, "0")}$`));
    expect(letter.verificationCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(letter.issuedOn.replaceAll("-", "")).toBe(letter.letterNumber.slice(0, 8));
    expect(await latestAuditEntry(context.db, "transfer.letter_issue")).toMatchObject({
      entityType: "member_transfer",
      entityId: String(outgoing),
      after: { letterNumber: letter.letterNumber },
    });
    const audits = await auditCount();
    const again = await issue(county, outgoing);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(letter);
    expect(await auditCount()).toBe(audits);
    await expectRefused(() => issue(east, pending), 409, "transfer_not_approved");
  });

  it("prints the letter as .docx and PDF with the member, the destination, the number, the code and the committee", async () => {
    const [row] = await letterColumns().then((rows) => rows.filter((r) => Number(r.id) === outgoing));
    const expected = [
      "团员组织关系介绍信",
      DESTINATION,
      "张三",
      "东一村团支部",
      "共青团东河镇委员会",
      String(row?.letter_number),
      String(row?.letter_verification_code),
    ];
    const docx = await download(east, outgoing, "docx");
    expect(docx.statusCode, docx.body).toBe(200);
    expect(docx.headers["content-disposition"]).toContain(encodeURIComponent("组织关系介绍信-"));
    const docxText = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    for (const text of expected) expect(docxText).toContain(text);

    const pdf = await download(east, outgoing, "pdf");
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const document = await getDocumentProxy(new Uint8Array(pdf.rawPayload));
    const pdfText = (await extractText(document, { mergePages: true })).text.replace(/\s+/g, "");
    for (const text of expected) expect(pdfText).toContain(text.replace(/\s+/g, ""));
    expect(await latestAuditEntry(context.db, "transfer.letter_export")).toMatchObject({
      entityId: String(outgoing),
      detail: { format: "pdf" },
    });
  });

  it("lets only the sending side print it: an organization on no side gets 404 (a transfer out has no receiving side)", async () => {
    await createTestUser(context.db, "eastreader", "org_admin", context.tree.eastVillage2.id);
    const [reader] = await logInEach(context.app, ["eastreader"]);
    await expectRefused(() => download(reader as TestSession, outgoing, "docx"), 404);
    await expectRefused(() => download(west, outgoing, "pdf"), 404);
  });
});

describe("GET /transfer-letters/{letterNumber}/verification (public)", () => {
  it("answers only the number, the masked name, the date and the issuing committee", async () => {
    const [row] = (await letterColumns()).filter((r) => Number(r.id) === outgoing);
    const number = String(row?.letter_number);
    const response = await verify(number, String(row?.letter_verification_code).toLowerCase());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      letterNumber: number,
      memberName: "张*",
      issuedOn: `${number.slice(0, 4)}-${number.slice(4, 6)}-${number.slice(6, 8)}`,
      issuingCommittee: "共青团东河镇委员会",
    });
  });

  it("404 for a wrong code or an unknown number alike; 400 naming the field for malformed input", async () => {
    const [row] = (await letterColumns()).filter((r) => Number(r.id) === outgoing);
    const wrong = await verify(String(row?.letter_number), "ABCDEFGH23");
    expect(wrong.statusCode).toBe(404);
    const unknown = await verify("20200101-999999", String(row?.letter_verification_code));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    const badCode = await verify(String(row?.letter_number), "0000");
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.message).toContain("验证码");
    const badNumber = await verify("abc", "ABCDEFGH23");
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json().error.message).toContain("编号");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyOfMember } from "../../db/county";
import {
  archiveState,
  createArchiveTestApp,
  memberIdByName,
  pdfBytes,
  uploadAttachmentAs,
} from "../../test/archive-factories";
import { latestAuditEntry } from "../../test/database-state";
import { logInEach, type TestSession } from "../../test/factories";
import { findLatestMemberEvent, findMemberEvents } from "./member-event.repository";

/**
 * POST /member-attachments/{id}/decision: the higher committee verifies (已认证) or returns a pending
 * 入团志愿书; a returned one is replaced by a new upload.
 */

let context: Awaited<ReturnType<typeof createArchiveTestApp>>;
let county: TestSession;
let east: TestSession;
let west: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhang: number;
let li: number;
let zhangForm: number;

beforeAll(async () => {
  context = await createArchiveTestApp();
  [county, east, west, secretary, member] = await logInEach(context.app, [
    "county",
    "east",
    "west",
    "secretary",
    "member",
  ]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  const upload = await uploadAttachmentAs(
    context.app,
    secretary,
    zhang,
    "application_form",
    pdfBytes("zhang"),
  );
  expect(upload.statusCode).toBe(201);
  zhangForm = upload.json().id;
});
afterAll(async () => context.close());

function decide(attachmentId: number | string, body: unknown, session?: TestSession) {
  return context.app.inject({
    method: "POST",
    url: `/api/v1/member-attachments/${attachmentId}/decision`,
    payload: body as Record<string, unknown>,
    ...(session ? { headers: session.headers } : {}),
  });
}

async function expectNothingWritten(action: () => Promise<void>) {
  const before = await archiveState(context.db, context.filesDir);
  await action();
  expect(await archiveState(context.db, context.filesDir)).toEqual(before);
}

describe("POST /member-attachments/{id}/decision — refusals", () => {
  it("answers 401 without a session", async () => {
    expect((await decide(zhangForm, { decision: "verify" })).statusCode).toBe(401);
  });

  it("answers 404 to another township's committee and for an unknown attachment", async () => {
    await expectNothingWritten(async () => {
      expect((await decide(zhangForm, { decision: "verify" }, west)).statusCode).toBe(404);
      expect((await decide(999_999, { decision: "verify" }, east)).statusCode).toBe(404);
    });
  });

  it("answers 403 to the member's own branch secretary (not the higher committee) and to a member", async () => {
    await expectNothingWritten(async () => {
      const bySecretary = await decide(zhangForm, { decision: "verify" }, secretary);
      expect(bySecretary.statusCode).toBe(403);
      expect((await decide(zhangForm, { decision: "verify" }, member)).statusCode).toBe(403);
    });
  });

  it.each([
    [{ decision: "approve" }, "decision"],
    [{}, "decision"],
    [{ decision: "verify", note: "x".repeat(501) }, "note"],
    [{ decision: "return" }, "note"],
    [{ decision: "return", note: "   " }, "note"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    await expectNothingWritten(async () => {
      const response = await decide(zhangForm, body, east);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe(field);
    });
  });

  it("answers 409 for an attachment that needs no verification", async () => {
    const certificate = await uploadAttachmentAs(
      context.app,
      secretary,
      li,
      "award_certificate",
      pdfBytes("c"),
    );
    await expectNothingWritten(async () => {
      const response = await decide(certificate.json().id, { decision: "verify" }, east);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe("attachment_not_pending");
    });
  });
});

describe("POST /member-attachments/{id}/decision — verify", () => {
  it("lets the township committee verify: 已认证, audited, and an archive entry", async () => {
    const response = await decide(zhangForm, { decision: "verify", note: "签名齐全" }, east);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: zhangForm,
      verification: "verified",
      decidedByName: "east",
      decisionNote: "签名齐全",
    });
    expect(response.json().decidedAt).toEqual(expect.any(String));
    expect(await latestAuditEntry(context.db, "member_attachment.verify")).toMatchObject({
      actorName: "east",
      entityId: String(zhangForm),
      before: { verification: "pending" },
      after: { verification: "verified", note: "签名齐全" },
    });
    expect(await findLatestMemberEvent(context.db, zhang)).toMatchObject({
      kind: "attachment_verified",
      actorName: "east",
      summary: "入团志愿书已认证",
    });
  });

  it("refuses a second decision (409) and a new form while one is verified (409), nothing written", async () => {
    await expectNothingWritten(async () => {
      const again = await decide(zhangForm, { decision: "return", note: "再看看" }, county);
      expect(again.statusCode).toBe(409);
      const upload = await uploadAttachmentAs(
        context.app,
        secretary,
        zhang,
        "application_form",
        pdfBytes("z2"),
      );
      expect(upload.statusCode).toBe(409);
    });
  });
});

describe("POST /member-attachments/{id}/decision — return, then replace", () => {
  it("returns a form with a reason; a new upload replaces it and starts pending", async () => {
    const first = await uploadAttachmentAs(context.app, secretary, li, "application_form", pdfBytes("li-1"));
    const firstId = first.json().id as number;
    const returned = await decide(firstId, { decision: "return", note: "缺少介绍人签名" }, county);
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ verification: "returned", decisionNote: "缺少介绍人签名" });
    expect(await findLatestMemberEvent(context.db, li)).toMatchObject({
      kind: "attachment_returned",
      actorName: "county",
      summary: "入团志愿书被退回：缺少介绍人签名",
    });

    const second = await uploadAttachmentAs(context.app, secretary, li, "application_form", pdfBytes("li-2"));
    expect(second.statusCode).toBe(201);
    expect(second.json().verification).toBe("pending");
    expect(await findLatestMemberEvent(context.db, li)).toMatchObject({
      kind: "attachment_uploaded",
      detail: { attachmentId: second.json().id, replaces: firstId },
    });

    const verified = await decide(second.json().id, { decision: "verify" }, east);
    expect(verified.json()).toMatchObject({ verification: "verified", decisionNote: null });

    const forms = (
      await context.app.inject({
        method: "GET",
        url: `/api/v1/members/${li}/attachments`,
        headers: east.headers,
      })
    )
      .json()
      .items.filter((item: { kind: string }) => item.kind === "application_form")
      .map((item: { id: number; verification: string }) => [item.id, item.verification]);
    expect(forms).toEqual([
      [firstId, "returned"],
      [second.json().id, "verified"],
    ]);
    const kinds = (await findMemberEvents(context.db, li, await countyOfMember(context.db, li))).map(
      (event) => event.kind,
    );
    expect(kinds.slice(-4)).toEqual([
      "attachment_uploaded",
      "attachment_returned",
      "attachment_uploaded",
      "attachment_verified",
    ]);
  });
});

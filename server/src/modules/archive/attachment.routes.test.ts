import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { MAX_ATTACHMENT_BYTES } from "@tuanwu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  archiveState,
  createArchiveTestApp,
  jpegBytes,
  listStoredFiles,
  memberIdByName,
  multipartBody,
  pdfBytes,
  pngBytes,
  uploadAttachmentAs,
} from "../../test/archive-factories";
import { latestAuditEntry } from "../../test/database-state";
import { logInAs, logInEach, type TestSession } from "../../test/factories";
import { findLatestMemberEvent } from "./member-event.repository";

/** POST /members/{id}/attachments, GET /members/{id}/attachments, GET /member-attachments/{id}/content. */

let context: Awaited<ReturnType<typeof createArchiveTestApp>>;
let admin: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhang: number;
let li: number;
let wang: number;
let zhao: number;

beforeAll(async () => {
  context = await createArchiveTestApp();
  [admin, east, secretary, member] = await logInEach(context.app, ["admin", "east", "secretary", "member"]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  wang = await memberIdByName(context.db, "王五");
  zhao = await memberIdByName(context.db, "赵六");
});
afterAll(async () => context.close());

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function expectNothingWritten(action: () => Promise<void>) {
  const before = await archiveState(context.db, context.filesDir);
  await action();
  expect(await archiveState(context.db, context.filesDir)).toEqual(before);
}

describe("POST /members/{id}/attachments — refusals", () => {
  it("answers 401 without a session", async () => {
    const response = await uploadAttachmentAs(context.app, undefined, zhang, "application_form", pdfBytes());
    expect(response.statusCode).toBe(401);
  });

  it("answers 404 for a member outside the scope (neighbouring branch, other township)", async () => {
    await expectNothingWritten(async () => {
      expect((await uploadAttachmentAs(context.app, secretary, wang, "other", pdfBytes())).statusCode).toBe(
        404,
      );
      expect((await uploadAttachmentAs(context.app, east, zhao, "other", pdfBytes())).statusCode).toBe(404);
      expect((await uploadAttachmentAs(context.app, east, 999_999, "other", pdfBytes())).statusCode).toBe(
        404,
      );
    });
  });

  it("answers 403 to a member (no member:write)", async () => {
    const response = await uploadAttachmentAs(context.app, member, zhang, "other", pdfBytes());
    expect(response.statusCode).toBe(403);
  });

  it.each([
    [undefined, "kind"],
    ["passport", "kind"],
  ])("answers 400 naming the field for kind %s", async (kind, field) => {
    await expectNothingWritten(async () => {
      const response = await uploadAttachmentAs(context.app, secretary, zhang, kind, pdfBytes("k"));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe(field);
    });
  });

  it("answers 400 naming the file when there is none, or it is empty", async () => {
    const body = multipartBody([{ name: "kind", value: "other" }]);
    const response = await context.app.inject({
      method: "POST",
      url: `/api/v1/members/${zhang}/attachments`,
      headers: { ...secretary.headers, "content-type": body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("file");
    const empty = await uploadAttachmentAs(context.app, secretary, zhang, "other", Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("empty_file");
  });

  it("answers 415 to a JSON body", async () => {
    const response = await context.app.inject({
      method: "POST",
      url: `/api/v1/members/${zhang}/attachments`,
      headers: secretary.headers,
      payload: { kind: "other" },
    });
    expect(response.statusCode).toBe(415);
  });

  it.each([
    ["a renamed PNG", pngBytes("renamed")],
    ["a JPEG", jpegBytes("renamed")],
    ["random bytes", Buffer.from("not a pdf at all, just text claiming to be one")],
  ])("refuses %s claiming to be a PDF application form: 400, nothing written", async (_label, bytes) => {
    await expectNothingWritten(async () => {
      const response = await uploadAttachmentAs(
        context.app,
        secretary,
        zhang,
        "application_form",
        bytes,
        "入团志愿书.pdf",
        "application/pdf",
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: "unsupported_file_type", field: "file" });
    });
  });

  it("refuses a certificate that is neither PDF, PNG nor JPEG (a GIF named .png)", async () => {
    await expectNothingWritten(async () => {
      const gif = Buffer.from("GIF89a....", "latin1");
      const response = await uploadAttachmentAs(
        context.app,
        secretary,
        li,
        "award_certificate",
        gif,
        "证书.png",
        "image/png",
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe("file");
    });
  });

  it("refuses a file over 20 MB with 413, nothing written", async () => {
    await expectNothingWritten(async () => {
      const tooLarge = pdfBytes("large", MAX_ATTACHMENT_BYTES + 1);
      const response = await uploadAttachmentAs(context.app, secretary, zhang, "application_form", tooLarge);
      expect(response.statusCode).toBe(413);
      expect(response.json().error).toMatchObject({ code: "file_too_large", field: "file" });
    });
  });
});

describe("POST /members/{id}/attachments — success", () => {
  it("stores an application form by SHA-256, pending, audited and in the archive", async () => {
    const bytes = pdfBytes("zhang-form");
    const response = await uploadAttachmentAs(context.app, secretary, zhang, "application_form", bytes);
    expect(response.statusCode).toBe(201);
    const attachment = response.json();
    expect(attachment).toMatchObject({
      memberId: zhang,
      kind: "application_form",
      fileName: "入团志愿书.pdf",
      mediaType: "application/pdf",
      byteSize: bytes.length,
      verification: "pending",
      uploadedByName: "secretary",
      decidedAt: null,
    });
    expect(attachment).not.toHaveProperty("sha256");
    const hash = sha256(bytes);
    expect(await readFile(path.join(context.filesDir, hash.slice(0, 2), hash))).toEqual(bytes);
    expect(await latestAuditEntry(context.db, "member_attachment.upload")).toMatchObject({
      actorName: "secretary",
      entityId: String(attachment.id),
      organizationId: context.tree.eastVillage1.id,
    });
    expect(await findLatestMemberEvent(context.db, zhang)).toMatchObject({
      kind: "attachment_uploaded",
      actorName: "secretary",
      summary: "上传入团志愿书：入团志愿书.pdf",
    });
  });

  it("refuses a second application form while one is pending: 409, nothing written", async () => {
    await expectNothingWritten(async () => {
      const response = await uploadAttachmentAs(
        context.app,
        east,
        zhang,
        "application_form",
        pdfBytes("second"),
      );
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: "application_form_exists", field: "kind" });
    });
  });

  it("stores the same content once, however often it is uploaded", async () => {
    const bytes = pdfBytes("shared-certificate");
    const filesBefore = await listStoredFiles(context.filesDir);
    for (const memberId of [zhang, li]) {
      const response = await uploadAttachmentAs(
        context.app,
        secretary,
        memberId,
        "award_certificate",
        bytes,
        "证书.pdf",
      );
      expect(response.statusCode).toBe(201);
      expect(response.json().verification).toBe("not_required");
    }
    const added = (await listStoredFiles(context.filesDir)).filter((file) => !filesBefore.includes(file));
    const hash = sha256(bytes);
    expect(added).toEqual([path.join(hash.slice(0, 2), hash)]);
  });

  it("reads the type from the bytes, not the name or declared type", async () => {
    const response = await uploadAttachmentAs(
      context.app,
      secretary,
      li,
      "award_certificate",
      pngBytes("li"),
      "../../etc/奖状.jpg",
      "image/jpeg",
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ mediaType: "image/png", fileName: "奖状.jpg" });
  });

  it("accepts a file of exactly 20 MB", async () => {
    const bytes = pdfBytes("exactly-20", MAX_ATTACHMENT_BYTES);
    const response = await uploadAttachmentAs(context.app, secretary, li, "other", bytes, "scan.pdf");
    expect(response.statusCode).toBe(201);
    expect(response.json().byteSize).toBe(MAX_ATTACHMENT_BYTES);
  });
});

describe("GET /members/{id}/attachments", () => {
  const list = (memberId: number | string, session?: TestSession) =>
    context.app.inject({
      method: "GET",
      url: `/api/v1/members/${memberId}/attachments`,
      ...(session ? { headers: session.headers } : {}),
    });

  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the id", async () => {
    expect((await list(zhang)).statusCode).toBe(401);
    expect((await list(wang, secretary)).statusCode).toBe(404);
    expect((await list(zhang, member)).statusCode).toBe(403);
    const bad = await list("abc", secretary);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });

  it("lists a member's attachments oldest first", async () => {
    const response = await list(li, east);
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { fileName: string }) => item.fileName)).toEqual([
      "证书.pdf",
      "奖状.jpg",
      "scan.pdf",
    ]);
  });
});

describe("GET /member-attachments/{id}/content", () => {
  let zhangForm: number;
  let zhaoCertificate: number;
  const zhaoBytes = jpegBytes("zhao");

  beforeAll(async () => {
    const items = (
      await context.app.inject({
        method: "GET",
        url: `/api/v1/members/${zhang}/attachments`,
        headers: admin.headers,
      })
    ).json().items as { id: number; kind: string }[];
    zhangForm = items.find((item) => item.kind === "application_form")?.id ?? 0;
    const upload = await uploadAttachmentAs(
      context.app,
      admin,
      zhao,
      "award_certificate",
      zhaoBytes,
      "优秀团员 证书.jpg",
      "image/jpeg",
    );
    zhaoCertificate = upload.json().id;
  });

  const content = (id: number | string, session?: TestSession) =>
    context.app.inject({
      method: "GET",
      url: `/api/v1/member-attachments/${id}/content`,
      ...(session ? { headers: session.headers } : {}),
    });

  it("answers 401, 404 outside the scope or unknown, 403 to a member, 400 naming the id", async () => {
    expect((await content(zhangForm)).statusCode).toBe(401);
    expect((await content(zhaoCertificate, east)).statusCode).toBe(404);
    expect((await content(zhangForm, await logInAs(context.app, "west"))).statusCode).toBe(404);
    expect((await content(999_999, admin)).statusCode).toBe(404);
    expect((await content(zhangForm, member)).statusCode).toBe(403);
    expect((await content("x", admin)).json().error.field).toBe("id");
  });

  it("streams the file with its type and an RFC 5987 file name", async () => {
    const response = await content(zhaoCertificate, admin);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(zhaoBytes);
    expect(response.headers["content-type"]).toBe("image/jpeg");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-disposition"]).toBe(
      `inline; filename="____ __.jpg"; filename*=UTF-8''${encodeURIComponent("优秀团员 证书.jpg")}`,
    );
    const form = await content(zhangForm, secretary);
    expect(form.statusCode).toBe(200);
    expect(form.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

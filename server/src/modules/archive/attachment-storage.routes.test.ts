import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import {
  archiveState,
  createArchiveTestApp,
  listStoredFiles,
  memberIdByName,
  pdfBytes,
  uploadAttachmentAs,
} from "../../test/archive-factories";
import { logInEach, type TestSession } from "../../test/factories";

/**
 * Attachments and their storage: concurrent uploads of an application form, a write that fails
 * after the file was stored (the file is taken back), and a server without a folder for files.
 */

let context: Awaited<ReturnType<typeof createArchiveTestApp>>;
let secretary: TestSession;
let east: TestSession;
let zhang: number;
let li: number;

beforeAll(async () => {
  context = await createArchiveTestApp();
  [secretary, east] = await logInEach(context.app, ["secretary", "east"]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
});
afterAll(async () => context.close());

describe("uploads that race or fail", () => {
  it("lets only one of two concurrent application forms in (409 for the other, whose file is not kept)", async () => {
    const before = await listStoredFiles(context.filesDir);
    const responses = await Promise.all([
      uploadAttachmentAs(context.app, secretary, zhang, "application_form", pdfBytes("race-a")),
      uploadAttachmentAs(context.app, east, zhang, "application_form", pdfBytes("race-b")),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const added = (await listStoredFiles(context.filesDir)).filter((file) => !before.includes(file));
    expect(added).toHaveLength(1);
  });

  it("takes a newly stored file back when the transaction fails, and keeps one stored before", async () => {
    // A trigger makes the archive entry of this one upload fail, after the file was stored.
    await context.db.execute(sql`create function refuse_test_event() returns trigger language plpgsql as $$
      begin
        if new.summary like '%存储失败测试%' then raise exception 'refused by test trigger'; end if;
        return new;
      end $$`);
    await context.db.execute(
      sql`create trigger refuse_test_event before insert on member_event for each row execute function refuse_test_event()`,
    );
    try {
      const before = await archiveState(context.db, context.filesDir);
      const response = await uploadAttachmentAs(
        context.app,
        secretary,
        li,
        "other",
        pdfBytes("fails"),
        "存储失败测试.pdf",
      );
      expect(response.statusCode).toBe(500);
      expect(await archiveState(context.db, context.filesDir)).toEqual(before);
      // Content stored before by a successful upload stays when a later upload of it fails.
      const shared = pdfBytes("shared");
      expect((await uploadAttachmentAs(context.app, secretary, li, "other", shared)).statusCode).toBe(201);
      const withShared = await archiveState(context.db, context.filesDir);
      const failed = await uploadAttachmentAs(
        context.app,
        secretary,
        li,
        "other",
        shared,
        "存储失败测试2.pdf",
      );
      expect(failed.statusCode).toBe(500);
      expect(await archiveState(context.db, context.filesDir)).toEqual(withShared);
    } finally {
      await context.db.execute(sql`drop trigger refuse_test_event on member_event`);
      await context.db.execute(sql`drop function refuse_test_event()`);
    }
  });
});

describe("without file storage", () => {
  it("answers 503 附件存储未配置 to an upload and a download, nothing written", async () => {
    const stored = await uploadAttachmentAs(context.app, secretary, zhang, "other", pdfBytes("stored"));
    // The same database, served by an app started without a folder for files.
    const bare = await buildApp({
      db: context.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false },
    });
    try {
      await bare.ready();
      const before = await archiveState(context.db, context.filesDir);
      const response = await uploadAttachmentAs(bare, secretary, zhang, "other", pdfBytes("no-storage"));
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe("files_unavailable");
      expect(response.json().error.message).toContain("附件存储未配置");
      expect(await archiveState(context.db, context.filesDir)).toEqual(before);
      const download = await bare.inject({
        method: "GET",
        url: `/api/v1/member-attachments/${stored.json().id}/content`,
        headers: secretary.headers,
      });
      expect(download.statusCode).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

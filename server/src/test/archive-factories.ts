import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../app";
import type { Executor } from "../db/database";
import { member } from "../db/schema";
import { queryRows } from "../db/sql-result";
import { createTestCounty, createTestUser, type TestSession } from "./factories";
import { createTestDatabase } from "./test-database";

/**
 * Test helpers of the electronic archive: an app with a temporary folder for files, multipart
 * bodies built by hand, small files of each type, and what a refused upload must leave unchanged.
 */

/**
 * Like `createTestApp` (the test county, users admin, county, east, secretary, member), plus `west`
 * (org_admin of 西河镇), with uploads stored in a fresh temporary `filesDir` that `close()` removes.
 */
export async function createArchiveTestApp() {
  const handle = await createTestDatabase();
  const tree = await createTestCounty(handle.db);
  await createTestUser(handle.db, "admin", "system_admin", null);
  await createTestUser(handle.db, "county", "org_admin", tree.county.id);
  await createTestUser(handle.db, "east", "org_admin", tree.east.id);
  await createTestUser(handle.db, "west", "org_admin", tree.west.id);
  await createTestUser(handle.db, "secretary", "branch_secretary", tree.eastVillage1.id);
  await createTestUser(handle.db, "member", "member", tree.eastVillage1.id);
  const filesDir = await mkdtemp(path.join(tmpdir(), "tuanwu-files-"));
  const app = await buildApp({
    db: handle.db,
    config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false, filesDir },
  });
  await app.ready();
  return {
    app,
    db: handle.db,
    tree,
    filesDir,
    close: async () => {
      await app.close();
      await handle.close();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

/** The id of the test county's member called `name` (张三, 李四 in 东一村; 王五 in 东二村; 赵六 in 西一村). */
export async function memberIdByName(db: Executor, name: string): Promise<number> {
  const rows = await db.select({ id: member.id }).from(member).where(eq(member.name, name)).limit(1);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no member ${name}`);
  return id;
}

/** A part of a multipart body: a text field, or a file with its declared name and type. */
export type MultipartPart =
  | { name: string; value: string }
  | { name: string; fileName: string; contentType: string; content: Buffer };

/** A multipart/form-data body and its content-type header, for `app.inject`. */
export function multipartBody(parts: readonly MultipartPart[]): {
  payload: Buffer;
  contentType: string;
} {
  const boundary = `----tuanwu${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const headers =
      "value" in part
        ? `Content-Disposition: form-data; name="${part.name}"\r\n`
        : `Content-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\n` +
          `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n`, "utf8"));
    chunks.push("value" in part ? Buffer.from(part.value, "utf8") : part.content);
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A small PDF (starts with `%PDF-`); `marker` makes its content, hence its hash, unique. */
export function pdfBytes(marker = "", padTo = 0): Buffer {
  const head = Buffer.from(`%PDF-1.7\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\n`, "latin1");
  const tail = Buffer.from("trailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
  const length = head.length + tail.length;
  // Padding (white space between objects) goes before the trailer: a PDF ends with %%EOF.
  const padding = Buffer.alloc(Math.max(0, padTo - length), 0x20);
  return Buffer.concat([head, padding, tail]);
}

/** A PNG signature and an IHDR-like tail: enough for a type check by content. */
export function pngBytes(marker = ""): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(`IHDR${marker}`, "latin1"),
  ]);
}

/** A JPEG start-of-image marker and some bytes. */
export function jpegBytes(marker = ""): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`JFIF${marker}`, "latin1")]);
}

/** Uploads `content` as `kind` for a member, declaring `fileName` and `contentType` (default a PDF). */
export async function uploadAttachmentAs(
  app: FastifyInstance,
  session: TestSession | undefined,
  memberId: number,
  kind: string | undefined,
  content: Buffer,
  fileName = "入团志愿书.pdf",
  contentType = "application/pdf",
) {
  const parts: MultipartPart[] = kind === undefined ? [] : [{ name: "kind", value: kind }];
  parts.push({ name: "file", fileName, contentType, content });
  const body = multipartBody(parts);
  return app.inject({
    method: "POST",
    url: `/api/v1/members/${memberId}/attachments`,
    headers: { ...(session?.headers ?? {}), "content-type": body.contentType },
    payload: body.payload,
  });
}

/** Every file under `filesDir` (stored files and any temporary ones), relative, sorted. */
export async function listStoredFiles(filesDir: string): Promise<string[]> {
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(filesDir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Row counts of the tables an archive write touches, to compare before and after a refusal. */
export async function countArchiveRows(db: Executor): Promise<Record<string, number>> {
  const rows = await queryRows<{ attachments: number; awards: number; events: number; audits: number }>(
    db,
    sql`select (select count(*)::int from member_attachment) as attachments,
      (select count(*)::int from member_award) as awards,
      (select count(*)::int from member_event) as events,
      (select count(*)::int from audit_log) as audits`,
  );
  const counts = rows[0];
  if (!counts) throw new Error("no counts");
  return { ...counts };
}

/** What nothing-written means: the same row counts and the same files as before. */
export async function archiveState(db: Executor, filesDir: string) {
  return { rows: await countArchiveRows(db), files: await listStoredFiles(filesDir) };
}

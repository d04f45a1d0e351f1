import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { acquireDataFolderLock } from "../../db/data-folder-lock";
import { type DatabaseHandle, openDatabase } from "../../db/database";
import { memberIdByName, pdfBytes, uploadAttachmentAs } from "../../test/archive-factories";
import { runTuanwu } from "../../test/cli-harness";
import { createTestCounty, createTestUser, logInAs } from "../../test/factories";
import { createEmptyPostgresDatabase } from "../../test/test-database";
import { hasPgliteDatabase } from "./backup-database";
import { countTableRows, type SqlClient } from "./backup-manifest";

/**
 * `tuanwu backup` → `tuanwu restore` (issue 17 part 3) on the engine of the run: PGlite in data folders
 * under a temporary folder, or — with DATABASE_URL — a source database and a fresh target database on
 * that server. Checked: every table's row count, a member's attachment content, a login; refusals
 * (a non-empty target, a damaged archive, a checksum mismatch, a running server) write nothing.
 */

const postgres = Boolean(process.env.DATABASE_URL);
const savedEnvironment = {
  DATABASE_URL: process.env.DATABASE_URL,
  TUANWU_DATA_DIR: process.env.TUANWU_DATA_DIR,
};
const attachment = pdfBytes("备份演练 backup drill", 4096);

/** `folder`, created empty. */
async function emptyFolder(folder: string): Promise<string> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  return folder;
}

/** A database plus data folder to back up from or restore into. */
interface Site {
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

let work: string;
const sites: Site[] = [];

async function createSite(name: string): Promise<Site> {
  const dataDir = path.join(work, name);
  if (!postgres) return { dataDir, databaseUrl: undefined, drop: async () => {} };
  const database = await createEmptyPostgresDatabase();
  const site = { dataDir, databaseUrl: database.url, drop: database.drop };
  sites.push(site);
  return site;
}

/** Runs `tuanwu ...args` with DATABASE_URL and TUANWU_DATA_DIR of `site`. */
async function tuanwuAt(site: { dataDir?: string; databaseUrl: string | undefined }, ...args: string[]) {
  if (site.databaseUrl) process.env.DATABASE_URL = site.databaseUrl;
  else delete process.env.DATABASE_URL;
  if (site.dataDir) process.env.TUANWU_DATA_DIR = site.dataDir;
  else delete process.env.TUANWU_DATA_DIR;
  try {
    return await runTuanwu(...args);
  } finally {
    restoreEnvironment();
  }
}

function restoreEnvironment(): void {
  for (const [key, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

async function openSite(site: Site): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: site.databaseUrl, dataDir: site.dataDir });
}

/** Rows per table and the data folder's entries: what "nothing written" compares. */
async function siteState(site: Site) {
  const entries = await readdir(site.dataDir, { recursive: true }).catch(() => []);
  let tables: Record<string, number> = {};
  if (site.databaseUrl || hasPgliteDatabase(site.dataDir)) {
    const handle = await openSite(site);
    tables = await countTableRows(sqlClient(handle));
    await handle.close();
  }
  // PGlite's own files change whenever it is opened: its rows are compared instead.
  const compared = entries.filter((entry) => !/^(tuanwu\.lock|pglite\/)/.test(entry));
  return { entries: compared.sort(), tables };
}

function sqlClient(handle: DatabaseHandle): SqlClient {
  return {
    query: async (text) => {
      const result = (await handle.db.execute(sql.raw(text))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

let source: Site;
let sourceCounts: Record<string, number>;
let attachmentId: number;
let archive: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "tuanwu-backup-"));
  source = await createSite("source");
  const handle = await openSite(source);
  try {
    await handle.migrate();
    const tree = await createTestCounty(handle.db);
    await createTestUser(handle.db, "county", "org_admin", tree.county.id);
    const app = await buildApp({
      db: handle.db,
      config: {
        sessionHours: 1,
        cookieSecure: false,
        loginAttemptsPerMinute: 5,
        webDist: false,
        filesDir: path.join(source.dataDir, "files"),
      },
    });
    const county = await logInAs(app, "county");
    const upload = await uploadAttachmentAs(
      app,
      county,
      await memberIdByName(handle.db, "张三"),
      "other",
      attachment,
    );
    expect(upload.statusCode).toBe(201);
    attachmentId = upload.json().id;
    await app.close();
    sourceCounts = await countTableRows(sqlClient(handle));
  } finally {
    await handle.close();
  }
  archive = path.join(work, "backups", "tuanwu.tar.gz");
  const backup = await tuanwuAt(source, "backup", "--out", archive, "--json");
  expect(backup.stderr).toBe("");
  expect(backup.exitCode).toBe(0);
  // PGlite in a data folder: creating, migrating, reopening and dumping it takes a minute on a busy machine.
}, 300_000);

afterAll(async () => {
  for (const site of sites) await site.drop();
  await rm(work, { recursive: true, force: true });
});

describe(`tuanwu backup (${postgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("writes one archive with a manifest listing the counts and every file with its SHA-256", async () => {
    const entries: string[] = [];
    await tar.list({ file: archive, onReadEntry: (entry) => void entries.push(entry.path) });
    const database = postgres ? "database/postgres.sql" : "database/pglite.tar";
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        database,
        "manifest.json",
        expect.stringMatching(/^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/),
      ]),
    );
    const extracted = await emptyFolder(path.join(work, "listing"));
    await tar.extract({ file: archive, cwd: extracted });
    const manifest = JSON.parse(await readFile(path.join(extracted, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      format: "tuanwu-backup",
      engine: postgres ? "postgres" : "pglite",
      counts: sourceCounts,
      migration: { applied: expect.any(Number), lastTag: expect.stringMatching(/^\d{4}_/) },
    });
    expect(manifest.counts.member).toBeGreaterThan(0);
    expect(manifest.files).toHaveLength(1);
    const [file] = manifest.files;
    expect(await readFile(path.join(extracted, file.path))).toEqual(attachment);
    expect(file.bytes).toBe(attachment.length);
    await rm(extracted, { recursive: true, force: true });
  });

  it.skipIf(postgres)(
    "is refused while the server holds the data folder, and writes no archive",
    async () => {
      const lock = await acquireDataFolderLock(source.dataDir);
      const out = path.join(work, "refused", "locked.tar.gz");
      try {
        const run = await tuanwuAt(source, "backup", "--out", out);
        expect(run.exitCode).toBe(1);
        expect(run.stderr).toContain("正被另一个 tuanwu 进程使用");
      } finally {
        await lock.release();
      }
      expect(await readdir(path.dirname(out))).toEqual([]);
    },
  );

  it("with DATABASE_URL, requires TUANWU_DATA_DIR (where the attachment files are)", async () => {
    const out = path.join(work, "refused", "no-data-dir.tar.gz");
    const run = await tuanwuAt({ databaseUrl: "postgres://nobody@127.0.0.1:1/none" }, "backup", "--out", out);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("TUANWU_DATA_DIR");
    expect(await readdir(path.join(work, "refused")).catch(() => [])).not.toContain("no-data-dir.tar.gz");
  });
});

describe(`tuanwu restore (${postgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("restores into an empty target: the same counts, the attachment's content and a login", async () => {
    const target = await createSite("restored");
    const run = await tuanwuAt(target, "restore", archive, "--json");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ files: 1, counts: sourceCounts });

    const handle = await openSite(target);
    try {
      expect(await countTableRows(sqlClient(handle))).toEqual(sourceCounts);
      const app = await buildApp({
        db: handle.db,
        config: {
          sessionHours: 1,
          cookieSecure: false,
          loginAttemptsPerMinute: 5,
          webDist: false,
          filesDir: path.join(target.dataDir, "files"),
        },
      });
      const county = await logInAs(app, "county");
      const content = await app.inject({
        method: "GET",
        url: `/api/v1/member-attachments/${attachmentId}/content`,
        headers: county.headers,
      });
      await app.close();
      expect(content.statusCode).toBe(200);
      expect(content.rawPayload).toEqual(attachment);
    } finally {
      await handle.close();
    }
    expect((await readdir(target.dataDir)).filter((entry) => entry.startsWith(".restore-"))).toEqual([]);

    // A second restore into the now non-empty target: refused without --force, done with it.
    const before = await siteState(target);
    const refused = await tuanwuAt(target, "restore", archive);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(await siteState(target)).toEqual(before);
    const forced = await tuanwuAt(target, "restore", archive, "--force", "--json");
    expect(forced.exitCode).toBe(0);
    // The login above added a session and audit entries; the forced restore put back the backup's rows.
    expect(before.tables).not.toEqual(sourceCounts);
    expect(await siteState(target)).toEqual({ entries: before.entries, tables: sourceCounts });
    // Three restores and four openings of a PGlite data folder: minutes on a busy machine.
  }, 300_000);

  it("refuses a damaged archive and writes nothing", async () => {
    const target = await createSite("damaged");
    const bytes = await readFile(archive);
    const damaged = path.join(work, "damaged.tar.gz");
    await writeFile(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = await siteState(target);
    const run = await tuanwuAt(target, "restore", damaged);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("damaged");
    expect(await siteState(target)).toEqual(before);
  });

  it("refuses an archive whose attachment does not match its checksum, and writes nothing", async () => {
    const unpacked = await emptyFolder(path.join(work, "tampered"));
    await tar.extract({ file: archive, cwd: unpacked });
    const manifest = JSON.parse(await readFile(path.join(unpacked, "manifest.json"), "utf8"));
    const file = manifest.files[0].path as string;
    const original = await readFile(path.join(unpacked, file));
    const changed = Buffer.from(original);
    changed[changed.length - 1] = 0x21;
    await writeFile(path.join(unpacked, file), changed);
    const tampered = path.join(work, "tampered.tar.gz");
    await tar.create({ file: tampered, cwd: unpacked, gzip: true }, [
      "manifest.json",
      manifest.database.path,
      file,
    ]);

    const target = await createSite("tampered-target");
    const before = await siteState(target);
    const run = await tuanwuAt(target, "restore", tampered);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("checksum mismatch");
    expect(run.stderr).toContain(file);
    expect(await siteState(target)).toEqual(before);
  });
});

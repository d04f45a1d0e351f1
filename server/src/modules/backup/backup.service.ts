import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import { attachmentFolder, type Config } from "../../config";
import { acquireDataFolderLock } from "../../db/data-folder-lock";
import {
  describePostgresTarget,
  dumpPglite,
  dumpPostgres,
  hasPgliteDatabase,
  loadPglite,
  loadPostgres,
} from "./backup-database";
import {
  type ArchivedFile,
  ATTACHMENT_ENTRY_PATTERN,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  backupError,
  backupManifestSchema,
  codeMigrationLevel,
  hashFile,
  tuanwuVersion,
} from "./backup-manifest";

/**
 * `tuanwu backup` and `tuanwu restore` (issue 17 part 3; docs/OPERATIONS.md). One .tar.gz holds
 * `manifest.json`, the database dump (`database/pglite.tar` or `database/postgres.sql`) and every
 * attachment file (`files/ab/<sha256>`). Settings come from the environment like the server's:
 * DATABASE_URL chooses PostgreSQL, TUANWU_DATA_DIR the data folder (required with DATABASE_URL).
 */

type BackupConfig = Pick<Config, "databaseUrl" | "dataDir" | "dataDirFromEnvironment">;

/** What a backup wrote. */
export interface BackupSummary {
  file: string;
  engine: BackupManifest["engine"];
  migration: string | null;
  counts: Record<string, number>;
  files: number;
  bytes: number;
}

/** The attachment files under `filesDir` (relative `ab/<sha256>` paths, sorted); none when missing. */
async function listAttachmentFiles(filesDir: string): Promise<string[]> {
  const found: string[] = [];
  let folders: string[];
  try {
    folders = await readdir(filesDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  for (const folder of folders.sort()) {
    if (!/^[0-9a-f]{2}$/.test(folder)) continue;
    for (const name of (await readdir(path.join(filesDir, folder))).sort()) {
      // Content-addressed: only complete files carry their hash as the name (`.tmp` files are writes in progress).
      if (name.startsWith(folder) && /^[0-9a-f]{64}$/.test(name)) found.push(`${folder}/${name}`);
    }
  }
  return found;
}

/**
 * Writes a backup of the configured database and attachment files to `outFile` (written as
 * `outFile.partial`, renamed when complete, so a failed backup leaves no archive).
 * PGlite: refused while the server (or another command) holds the data folder. PostgreSQL: taken
 * while the server runs; files added after the snapshot may be included too (unreferenced, harmless).
 * Errors: DataFolderLockedError; DomainError "backup_no_database", "postgres_client_missing",
 * "pg_dump_failed"; with DATABASE_URL and no TUANWU_DATA_DIR, an Error naming it.
 */
export async function createBackup(config: BackupConfig, outFile: string): Promise<BackupSummary> {
  const filesDir = attachmentFolder(config);
  const target = path.resolve(outFile);
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const lock = config.databaseUrl ? undefined : await acquireDataFolderLock(config.dataDir);
  let staging: string | undefined;
  try {
    staging = await mkdtemp(path.join(path.dirname(target), ".tuanwu-backup-"));
    await mkdir(path.join(staging, "database"));
    const engine = config.databaseUrl ? "postgres" : "pglite";
    const databaseEntry = engine === "postgres" ? "database/postgres.sql" : "database/pglite.tar";
    const databaseFile = path.join(staging, databaseEntry);
    const snapshot = config.databaseUrl
      ? await dumpPostgres(config.databaseUrl, databaseFile)
      : await dumpPglite(config.dataDir, databaseFile);
    const files: ArchivedFile[] = [];
    for (const relative of await listAttachmentFiles(filesDir)) {
      const { sha256, bytes } = await hashFile(path.join(filesDir, relative));
      files.push({ path: `files/${relative}`, sha256, bytes });
    }
    const manifest: BackupManifest = {
      format: "tuanwu-backup",
      formatVersion: BACKUP_FORMAT_VERSION,
      tuanwuVersion: tuanwuVersion(),
      engine,
      databaseVersion: snapshot.databaseVersion,
      citus: snapshot.citus,
      migration: snapshot.migration,
      createdAt: snapshot.createdAt,
      counts: snapshot.counts,
      database: { path: databaseEntry, ...(await hashFile(databaseFile)) },
      files,
    };
    await writeFile(path.join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    // The attachments are archived from the data folder itself (through a link, followed), not copied.
    if (files.length > 0) await symlink(filesDir, path.join(staging, "files"), "dir");
    await tar.create({ file: partial, cwd: staging, gzip: true, portable: true, follow: true }, [
      "manifest.json",
      databaseEntry,
      ...files.map((file) => file.path),
    ]);
    await rename(partial, target);
    return {
      file: target,
      engine,
      migration: snapshot.migration.lastTag,
      counts: snapshot.counts,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes, manifest.database.bytes),
    };
  } finally {
    await rm(partial, { force: true });
    if (staging) await rm(staging, { recursive: true, force: true });
    await lock?.release();
  }
}

/** Whether a folder exists and holds anything. */
async function hasEntries(folder: string): Promise<boolean> {
  try {
    return (await readdir(folder)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Extracts `archive` into the empty folder `staging` and checks it: only regular files named as the
 * format allows, a valid manifest, the database dump and every attachment matching their SHA-256 and
 * size, no file the manifest does not list. Returns the manifest.
 * Errors: DomainError "backup_unreadable", "backup_invalid", "backup_checksum_mismatch".
 */
async function extractAndVerify(archive: string, staging: string): Promise<BackupManifest> {
  const refused: string[] = [];
  await mkdir(staging, { recursive: true });
  try {
    await tar.extract({
      file: archive,
      cwd: staging,
      strict: true,
      filter: (entryPath, entry) => {
        const type = "type" in entry ? entry.type : entry.isDirectory() ? "Directory" : "File";
        const allowed =
          (type === "File" &&
            (entryPath === "manifest.json" ||
              /^database\/(pglite\.tar|postgres\.sql)$/.test(entryPath) ||
              ATTACHMENT_ENTRY_PATTERN.test(entryPath))) ||
          (type === "Directory" && /^(database|files|files\/[0-9a-f]{2})\/?$/.test(entryPath));
        if (!allowed) refused.push(`${entryPath} (${type})`);
        return allowed;
      },
    });
  } catch (error) {
    throw backupError(
      "backup_unreadable",
      `备份文件损坏或不是 tuanwu 备份 / the backup is damaged or not a tuanwu backup: ${(error as Error).message}`,
    );
  }
  if (refused.length > 0) {
    throw backupError(
      "backup_invalid",
      `备份中有不应存在的条目 / the backup holds unexpected entries: ${refused.slice(0, 5).join(", ")}`,
    );
  }
  let manifest: BackupManifest;
  try {
    manifest = backupManifestSchema.parse(
      JSON.parse(await readFile(path.join(staging, "manifest.json"), "utf8")),
    );
  } catch (error) {
    throw backupError(
      "backup_invalid",
      `备份清单缺失或无效 / the manifest is missing or invalid: ${(error as Error).message.slice(0, 300)}`,
    );
  }
  const expectedDatabase = manifest.engine === "postgres" ? "database/postgres.sql" : "database/pglite.tar";
  if (manifest.database.path !== expectedDatabase) {
    throw backupError("backup_invalid", `备份清单无效 / the manifest names ${manifest.database.path}`);
  }
  const listed = new Set(manifest.files.map((file) => file.path));
  const present = (await listAttachmentFiles(path.join(staging, "files"))).map(
    (relative) => `files/${relative}`,
  );
  const unlisted = present.filter((file) => !listed.has(file));
  const missing = [...listed].filter((file) => !present.includes(file));
  if (unlisted.length > 0 || missing.length > 0 || listed.size !== manifest.files.length) {
    throw backupError(
      "backup_invalid",
      `备份中的附件与清单不符 / the attachment files do not match the manifest: ` +
        `missing ${missing.slice(0, 3).join(", ") || "none"}; not listed ${unlisted.slice(0, 3).join(", ") || "none"}`,
    );
  }
  for (const entry of [manifest.database, ...manifest.files]) {
    const actual = await hashFile(path.join(staging, entry.path)).catch(() => undefined);
    const nameMatches = !entry.path.startsWith("files/") || entry.path.endsWith(entry.sha256);
    if (!actual || actual.sha256 !== entry.sha256 || actual.bytes !== entry.bytes || !nameMatches) {
      throw backupError(
        "backup_checksum_mismatch",
        `校验和不符，备份已损坏 / checksum mismatch, the backup is damaged: ${entry.path}`,
      );
    }
  }
  return manifest;
}

/** What a restore put in place. */
export interface RestoreSummary {
  engine: BackupManifest["engine"];
  createdAt: string;
  migration: string | null;
  counts: Record<string, number>;
  files: number;
}

/**
 * Restores a backup made by `createBackup` into the configured database and data folder.
 * Order: extract into `<data folder>/.restore-*` and verify every checksum; refuse a backup of the
 * other engine or of a newer tuanwu; refuse a non-empty target unless `force`; load the database
 * (PGlite: into a new folder, counts checked, migrated, then swapped in; PostgreSQL: one transaction
 * that checks the counts before committing, then migrated); last, swap the attachment folder in.
 * On any failure before the swap nothing in the target has changed. PGlite: refused while the server
 * holds the data folder; PostgreSQL: refused while other sessions use the database. A Citus
 * coordinator's backup (issue 19) restores only into a server that loads Citus, every table then a
 * local table of that coordinator; into plain PostgreSQL it is refused before anything is written.
 * Errors: DomainError "backup_unreadable", "backup_invalid", "backup_checksum_mismatch",
 * "restore_wrong_engine", "restore_newer_backup", "restore_needs_citus", "restore_target_not_empty",
 * "restore_database_in_use",
 * "restore_counts_differ", "psql_failed", "postgres_client_missing"; DataFolderLockedError.
 */
export async function restoreBackup(
  config: BackupConfig,
  archive: string,
  options: { force: boolean },
): Promise<RestoreSummary> {
  const filesDir = attachmentFolder(config);
  await mkdir(config.dataDir, { recursive: true });
  const lock = config.databaseUrl ? undefined : await acquireDataFolderLock(config.dataDir);
  let staging: string | undefined;
  try {
    staging = await mkdtemp(path.join(config.dataDir, ".restore-"));
    const manifest = await extractAndVerify(path.resolve(archive), path.join(staging, "archive"));
    const engine = config.databaseUrl ? "postgres" : "pglite";
    if (manifest.engine !== engine) {
      throw backupError(
        "restore_wrong_engine",
        `这是${manifest.engine === "pglite" ? "嵌入式数据库" : "PostgreSQL"}的备份，只能恢复到同类数据库 / ` +
          `this is a backup of ${manifest.engine}; it restores into ${manifest.engine} only (now: ${engine})`,
      );
    }
    const code = codeMigrationLevel();
    if (manifest.migration.lastCreatedAt > code.lastCreatedAt) {
      throw backupError(
        "restore_newer_backup",
        `备份来自更新版本的 tuanwu（迁移 ${manifest.migration.applied} 个），请先升级 / the backup comes from a ` +
          `newer tuanwu (${manifest.migration.applied} migrations, this one has ${code.applied}): upgrade first`,
      );
    }
    const filesPresent = await hasEntries(filesDir);
    const stagedFiles = path.join(staging, "archive", "files");
    if (engine === "pglite") {
      if (!options.force && (hasPgliteDatabase(config.dataDir) || filesPresent))
        throw notEmpty(config.dataDir);
      const stagedDatabase = path.join(staging, "pglite");
      await loadPglite(stagedDatabase, path.join(staging, "archive", manifest.database.path), manifest);
      await swapIn(
        [
          { staged: stagedDatabase, target: path.join(config.dataDir, "pglite") },
          { staged: stagedFiles, target: filesDir },
        ],
        staging,
      );
    } else {
      const databaseUrl = config.databaseUrl as string;
      const target = await describePostgresTarget(databaseUrl);
      if (target.otherSessions > 0) {
        throw backupError(
          "restore_database_in_use",
          `数据库有 ${target.otherSessions} 个其他连接，请先停止服务器 / the database has ${target.otherSessions} ` +
            "other sessions: stop the server first",
        );
      }
      if (manifest.citus === true && !target.citus) {
        throw backupError(
          "restore_needs_citus",
          "这是 Citus 协调节点的备份，只能恢复到加载了 Citus 的 PostgreSQL（shared_preload_libraries 含 citus）；" +
            "恢复后全部表是协调节点上的本地表 / this is a backup of a Citus coordinator: it restores only into a " +
            "PostgreSQL server that loads Citus (shared_preload_libraries = 'citus'), where every table becomes a " +
            "local table of the coordinator (docs/OPERATIONS.md, Citus, Backup)",
        );
      }
      if (!options.force && (target.tables > 0 || filesPresent)) {
        throw notEmpty(
          `${new URL(databaseUrl).pathname.slice(1)} (${target.tables} tables` +
            `${target.organizations === null ? "" : `, ${target.organizations} organizations`}) / ${filesDir}`,
        );
      }
      await loadPostgres(databaseUrl, path.join(staging, "archive", manifest.database.path), manifest, {
        replace: target.tables > 0,
      });
      await swapIn([{ staged: stagedFiles, target: filesDir }], staging);
    }
    return {
      engine,
      createdAt: manifest.createdAt,
      migration: manifest.migration.lastTag,
      counts: manifest.counts,
      files: manifest.files.length,
    };
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
    await lock?.release();
  }
}

function notEmpty(what: string) {
  return backupError(
    "restore_target_not_empty",
    `恢复目标不是空的：${what}。确认要替换其中的全部数据时加 --force / the restore target is not empty: ` +
      `${what}. Add --force to replace everything in it`,
  );
}

/**
 * Moves each staged folder to its target (a missing staged folder becomes an empty one), the old
 * targets aside into `staging` first; if a move fails, every target moved so far is put back.
 */
async function swapIn(moves: { staged: string; target: string }[], staging: string): Promise<void> {
  const done: { target: string; aside: string | null }[] = [];
  try {
    for (const [index, move] of moves.entries()) {
      await mkdir(move.staged, { recursive: true });
      const aside = path.join(staging, `replaced-${index}`);
      const hadTarget = await rename(move.target, aside).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return false;
          throw error;
        },
      );
      done.push({ target: move.target, aside: hadTarget ? aside : null });
      await rename(move.staged, move.target);
    }
  } catch (error) {
    for (const { target, aside } of done.reverse()) {
      await rm(target, { recursive: true, force: true });
      if (aside) await rename(aside, target);
    }
    throw error;
  }
}

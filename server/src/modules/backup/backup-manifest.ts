import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { DomainError } from "@tuanwu/domain";
import { z } from "zod";
import { REPOSITORY_ROOT } from "../../config";
import { MIGRATIONS_FOLDER } from "../../db/database";

/**
 * The manifest of a backup archive (`manifest.json`, issue 17 part 3): what the archive holds and how
 * to check it. Restore trusts nothing in it: names are checked against patterns, and every count and
 * checksum is compared with what was actually restored.
 */

/** The archive's format version; a restore refuses any other. */
export const BACKUP_FORMAT_VERSION = 1;

const tableName = z.string().regex(/^[a-z_][a-z0-9_]*$/, "a lower-case SQL identifier");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits");

/** One file of the archive with its SHA-256 and size in bytes. */
const archivedFileSchema = z.object({
  path: z.string(),
  sha256,
  bytes: z.number().int().nonnegative(),
});
export type ArchivedFile = z.infer<typeof archivedFileSchema>;

/** The schema migration level: how many drizzle-kit migrations were applied, and the last one. */
const migrationLevelSchema = z.object({
  applied: z.number().int().nonnegative(),
  /** The `when` (ms since 1970) of the last applied migration in server/drizzle/meta/_journal.json; 0 = none. */
  lastCreatedAt: z.number().int().nonnegative(),
  /** Its tag, e.g. "0008_member_search_index" (null when unknown to this version or none). */
  lastTag: z.string().nullable(),
});
export type MigrationLevel = z.infer<typeof migrationLevelSchema>;

export const backupManifestSchema = z.object({
  format: z.literal("tuanwu-backup"),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  /** tuanwu's version (package.json) that wrote the archive. */
  tuanwuVersion: z.string(),
  engine: z.enum(["pglite", "postgres"]),
  /** `select version()` of the database backed up. */
  databaseVersion: z.string(),
  /**
   * Whether the database backed up was a Citus coordinator (issue 19): its dump creates the extension and
   * restores only into a server that loads Citus (absent in archives written before: false).
   */
  citus: z.boolean().optional(),
  migration: migrationLevelSchema,
  /** ISO 8601 time the snapshot was taken. */
  createdAt: z.string(),
  /** Rows per table of the public schema, in the snapshot the dump was taken from. */
  counts: z.record(tableName, z.number().int().nonnegative()),
  /** The database dump: `database/pglite.tar` (PGlite's dumpDataDir) or `database/postgres.sql` (pg_dump). */
  database: archivedFileSchema,
  /** Every attachment file, `files/<first two hex digits>/<sha256>`. */
  files: z.array(archivedFileSchema),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** The path inside the archive of an attachment file: `files/ab/<sha256>`. */
export const ATTACHMENT_ENTRY_PATTERN = /^files\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** SHA-256 (hex) and size in bytes of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** tuanwu's version, from the repository's package.json. */
export function tuanwuVersion(): string {
  const packageJson = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return packageJson.version;
}

const journalSchema = z.object({ entries: z.array(z.object({ when: z.number(), tag: z.string() })) });

/** The migrations this version of tuanwu has (server/drizzle/meta/_journal.json), oldest first. */
export function knownMigrations(): { when: number; tag: string }[] {
  return journalSchema.parse(
    JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")),
  ).entries;
}

/** The migration level of this version of tuanwu (every migration it has applied). */
export function codeMigrationLevel(): MigrationLevel {
  const migrations = knownMigrations();
  const last = migrations.at(-1);
  return { applied: migrations.length, lastCreatedAt: last?.when ?? 0, lastTag: last?.tag ?? null };
}

/** Something that runs one SQL statement with parameters: a PGlite or a node-postgres client. */
export interface SqlClient {
  query(text: string, parameters?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The migration level of a database (drizzle's `drizzle.__drizzle_migrations`; none → 0). */
export async function readMigrationLevel(client: SqlClient): Promise<MigrationLevel> {
  const exists = await client.query(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as present",
  );
  if (!(exists.rows[0] as { present: boolean }).present)
    return { applied: 0, lastCreatedAt: 0, lastTag: null };
  const { rows } = await client.query(
    "select count(*)::int as applied, coalesce(max(created_at), 0)::text as last from drizzle.__drizzle_migrations",
  );
  const row = rows[0] as { applied: number; last: string };
  const lastCreatedAt = Number(row.last);
  return {
    applied: row.applied,
    lastCreatedAt,
    lastTag: knownMigrations().find((migration) => migration.when === lastCreatedAt)?.tag ?? null,
  };
}

/** Rows per table of the public schema, by table name (sorted), in one statement. */
export async function countTableRows(client: SqlClient): Promise<Record<string, number>> {
  const { rows } = await client.query(
    "select table_name as name from information_schema.tables " +
      "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
  );
  const names = (rows as { name: string }[]).map((row) => tableName.parse(row.name));
  if (names.length === 0) return {};
  const counts = await client.query(
    names
      .map((name) => `select '${name}' as name, count(*)::int as rows from public."${name}"`)
      .join(" union all "),
  );
  const result: Record<string, number> = {};
  for (const row of counts.rows as { name: string; rows: number }[]) result[row.name] = row.rows;
  return Object.fromEntries(names.map((name) => [name, result[name] ?? 0]));
}

/** A refused backup or restore: the message says why and what to do; nothing was written. */
export function backupError(code: string, message: string): DomainError {
  return new DomainError(code, message, { status: 400 });
}

/** The counts that differ between the manifest and a restored database, as "table: found N, expected M". */
export function countDifferences(expected: Record<string, number>, found: Record<string, number>): string[] {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort();
  return tables
    .filter((table) => expected[table] !== found[table])
    .map((table) => `${table}: ${found[table] ?? "missing"} (manifest ${expected[table] ?? "none"})`);
}

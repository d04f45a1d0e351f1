import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config";
import { createBackup, restoreBackup } from "../modules/backup/backup.service";
import { reportFailure } from "./report-failure";

/**
 * `tuanwu backup` and `tuanwu restore` (issue 17 part 3; docs/OPERATIONS.md):
 * - `tuanwu backup --out FILE [--json]` — writes one .tar.gz with the database (PGlite's dump, or
 *   pg_dump of a consistent snapshot with DATABASE_URL), every attachment file and a manifest (version,
 *   engine, migration level, time, rows per table, SHA-256 of every file). PGlite: refused while the
 *   server runs. With DATABASE_URL, needs TUANWU_DATA_DIR and the `pg_dump` program.
 * - `tuanwu restore FILE [--force] [--json]` — checks every checksum, then restores into the
 *   configured database and data folder; refuses a non-empty target unless --force, a backup of the
 *   other engine or of a newer tuanwu; leaves the target unchanged on any failure. With DATABASE_URL,
 *   needs TUANWU_DATA_DIR and the `psql` program, and no other session on the database.
 * Exit code 1 on any error.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command("backup")
    .description("备份数据库和附件 back up the database and attachment files into one .tar.gz")
    .requiredOption("--out <file>", "the archive to write (.tar.gz)")
    .option("--json", "print a JSON summary")
    .action(async (options: { out: string; json?: boolean }) => {
      const json = options.json === true;
      try {
        const summary = await createBackup(loadConfig(), options.out);
        if (json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(
            `tuanwu: 已备份 backed up ${summary.engine} (migration ${summary.migration ?? "none"}), ` +
              `${summary.counts.member ?? 0} members, ${summary.files} attachment files, ` +
              `${(summary.bytes / 1_048_576).toFixed(1)} MB before compression → ${summary.file}`,
          );
        }
      } catch (error) {
        reportFailure(error, json);
      }
    });

  program
    .command("restore")
    .description("从备份恢复 restore a backup made by `tuanwu backup` (checksums verified first)")
    .argument("<file>", "the backup archive (.tar.gz)")
    .option("--force", "replace a database and attachment folder that are not empty")
    .option("--json", "print a JSON summary")
    .action(async (file: string, options: { force?: boolean; json?: boolean }) => {
      const json = options.json === true;
      try {
        const config = loadConfig();
        const summary = await restoreBackup(config, path.resolve(file), { force: options.force === true });
        if (json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(
            `tuanwu: 已恢复 restored the backup of ${summary.createdAt} (${summary.engine}, migration ` +
              `${summary.migration ?? "none"}): ${summary.counts.member ?? 0} members, ${summary.files} ` +
              `attachment files, into ${config.databaseUrl ? "the PostgreSQL database" : config.dataDir}`,
          );
        }
      } catch (error) {
        reportFailure(error, json);
      }
    });
}

import { readFileSync } from "node:fs";
import { isDomainError } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import { DataFolderLockedError } from "../db/data-folder-lock";
import { type DatabaseHandle, openDatabase } from "../db/database";
import { systemActor } from "../modules/auth/system-actor";
import { scaffoldDivision } from "../modules/scaffold/scaffold.service";
import { seedDemo } from "../modules/seed/demo-seed.service";
import { generatePassword, setUserPassword } from "../modules/users/user.service";
import { printDemoAccounts, startServer } from "../server";

/** Opens the database (locking the data folder), applies migrations, runs `work`, closes. */
async function withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await handle.migrate();
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Prints an error the user can act on and sets a non-zero exit code. With --json, as JSON on stdout. */
function reportFailure(error: unknown, json: boolean): void {
  process.exitCode = 1;
  if (isDomainError(error)) {
    if (json)
      console.log(
        JSON.stringify({ error: { code: error.code, message: error.message, field: error.field } }),
      );
    else console.error(`错误 error: ${error.message}`);
    return;
  }
  if (error instanceof DataFolderLockedError) {
    if (json) console.log(JSON.stringify({ error: { code: "data_folder_locked", message: error.message } }));
    else console.error(error.message);
    return;
  }
  console.error(error);
}

/**
 * Registers the tuanwu commands and runs the one named in `argv`:
 * - `tuanwu migrate` — applies pending migrations.
 * - `tuanwu init --division CODE [--json]` — scaffolds a county, city (all its counties) or province.
 * - `tuanwu seed demo [--json]` — the demo county 旺苍县 with 20,000 members and three demo accounts.
 * - `tuanwu user set-password USERNAME [--password-stdin]` — sets a password (generated and printed
 *   unless read from standard input) and ends the user's sessions.
 * - `tuanwu serve` — the same as `npm start` without building the web app.
 * Every command acts as the system administrator and is audited. Exit code 1 on any error.
 */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  program
    .name("tuanwu")
    .description("团务 tuanwu — 共青团基层组织工作平台 operator commands")
    .showHelpAfterError();

  program
    .command("migrate")
    .description("应用数据库迁移 apply database migrations")
    .action(async () => {
      try {
        const config = loadConfig();
        await withDatabase(config, async (handle) => {
          console.log(`tuanwu: migrations applied (${handle.engine}, ${handle.location})`);
        });
      } catch (error) {
        reportFailure(error, false);
      }
    });

  program
    .command("init")
    .description("按行政区划搭建团组织 scaffold the League organizations of a county, city or province")
    .requiredOption(
      "--division <code>",
      "行政区划代码 division code: 2 (province), 4 (city) or 6 (county) digits",
    )
    .option("--json", "print a JSON summary")
    .action(async (options: { division: string; json?: boolean }) => {
      try {
        const summary = await withDatabase(loadConfig(), (handle) =>
          scaffoldDivision(handle.db, systemActor(), options.division).finally(() => handle.vacuum()),
        );
        if (options.json) console.log(JSON.stringify(summary, null, 2));
        else {
          const created = Object.entries(summary.created)
            .map(([level, count]) => `${level} ${count}`)
            .join(", ");
          console.log(
            `${summary.rootOrganization.name} (${summary.division.code} ${summary.division.name}): ` +
              `created ${created || "nothing"}; already there ${summary.existing}; moved ${summary.moved}`,
          );
        }
      } catch (error) {
        reportFailure(error, options.json === true);
      }
    });

  program
    .command("seed")
    .description("载入示例数据 load sample data")
    .argument("<what>", "demo: 旺苍县 with 20,000 members and demo accounts")
    .option("--json", "print a JSON summary")
    .action(async (what: string, options: { json?: boolean }) => {
      try {
        if (what !== "demo") throw new Error(`unknown seed "${what}": only "demo" exists`);
        const config = loadConfig();
        const summary = await withDatabase(config, (handle) =>
          seedDemo(handle, systemActor(), { password: config.demoPassword }),
        );
        if (options.json) console.log(JSON.stringify(summary, null, 2));
        else if (summary.alreadySeeded)
          console.log("tuanwu: 示例数据已存在 the demo is already seeded; nothing changed");
        else printDemoAccounts(summary.accounts, summary.generatedPassword, summary.seconds);
      } catch (error) {
        reportFailure(error, options.json === true);
      }
    });

  const user = program.command("user").description("用户管理 users");
  user
    .command("set-password")
    .description("设置密码 set a user's password (generated and printed unless --password-stdin)")
    .argument("<username>")
    .option("--password-stdin", "read the new password from standard input")
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      try {
        const password = options.passwordStdin ? readFileSync(0, "utf8").trim() : generatePassword();
        await withDatabase(loadConfig(), (handle) =>
          setUserPassword(handle.db, systemActor(), username, password),
        );
        console.log(
          options.passwordStdin
            ? `tuanwu: password of ${username} set`
            : `tuanwu: new password of ${username}: ${password}`,
        );
      } catch (error) {
        reportFailure(error, false);
      }
    });

  program
    .command("serve")
    .description("启动服务器 start the server (API and web) on PORT")
    .action(async () => {
      try {
        await startServer(loadConfig());
      } catch (error) {
        reportFailure(error, false);
      }
    });

  await program.parseAsync(argv);
}

import { readFile } from "node:fs/promises";
import path from "node:path";
import { DomainError, previousMonthEnd } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import { type DatabaseHandle, openDatabase } from "../db/database";
import { todayInChina } from "../lib/clock";
import { systemActor } from "../modules/auth/system-actor";
import { findOrganizationByCode } from "../modules/organizations/organization.repository";
import { planReadFieldsSchema } from "../modules/plans/ledger/plan.schemas";
import { importPlan, parsePlanDocument } from "../modules/plans/ledger/plan.service";
import { exportMembers } from "../modules/registry/registry-export.service";
import {
  ImportRejectedError,
  type ImportResult,
  importMembers,
} from "../modules/registry/registry-import.service";
import { scaffoldDivision } from "../modules/scaffold/scaffold.service";
import { seedDemo } from "../modules/seed/demo-seed.service";
import { foldMemberCountDeltas, rebuildMemberCounts } from "../modules/stats/member-count.service";
import { buildWindowSnapshots, takeMonthEndSnapshot } from "../modules/stats/member-count-snapshot.service";
import { printDemoAccounts, startServer } from "../server";
import { registerBackupCommands } from "./backup-commands";
import { registerCampaignCommands } from "./campaign-commands";
import { registerDuesCommands } from "./dues-commands";
import { registerRegistryCommands } from "./registry-commands";
import { reportFailure } from "./report-failure";
import { registerUserCommands } from "./user-commands";

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

/** The organization with `code`, or a 404 DomainError naming the code. */
async function organizationIdByCode(handle: DatabaseHandle, code: string): Promise<number> {
  const organization = await findOrganizationByCode(handle.db, code);
  if (!organization) {
    throw new DomainError("not_found", `组织编码“${code}”不存在 / no organization with code ${code}`, {
      field: "org",
      status: 404,
    });
  }
  return organization.id;
}

/** Prints an import's outcome: JSON on stdout with --json, otherwise one line per problem and a summary. */
function printImportResult(result: ImportResult, options: { json: boolean; dryRun: boolean }): void {
  if (result.problems.length > 0) process.exitCode = 1;
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  for (const problem of result.problems) {
    const value = problem.value === null ? "" : ` “${problem.value}”`;
    console.log(`第${problem.row}行 ${problem.column}${value}：${problem.message}`);
  }
  if (result.problems.length > 0) {
    console.log(`tuanwu: ${result.rows} 行，${result.problems.length} 处问题，未导入 nothing imported`);
  } else if (options.dryRun) {
    console.log(`tuanwu: ${result.rows} 行，检查通过 no problems (dry run: nothing imported)`);
  } else console.log(`tuanwu: 已导入 imported ${result.imported} / ${result.rows} 行`);
}

/**
 * Registers the tuanwu commands and runs the one named in `argv`:
 * - `tuanwu migrate` — applies pending migrations.
 * - `tuanwu init --division CODE [--json]` — scaffolds a county, city (all its counties) or province.
 * - `tuanwu seed demo [--json]` — the demo county 旺苍县 with 20,000 members and three demo accounts.
 * - `tuanwu user create|list|disable|enable|grant|revoke|set-password` — accounts (user-commands.ts).
 * - `tuanwu import members FILE --org CODE [--dry-run] [--json]` — imports a registry workbook
 *   (.xlsx) into the organization's subtree, all rows or none; progress on stderr every 1,000 rows;
 *   --json prints {rows, imported, problems}; exit code 1 when there is any problem.
 * - `tuanwu import organizations FILE --under CODE [--choose ROW=CODE|new] [--dry-run] [--json]` and
 *   `tuanwu import branch-names --org CODE [--map NAME=CODE] [--create NAME=CODE]` — registry-commands.ts.
 * - `tuanwu counters rebuild|fold|snapshot [--month YYYY-MM-DD] [--from-history] [--window]` — recounts
 *   the subtree counters (after bulk loads), folds pending deltas, or takes a month-end snapshot
 *   (issue 4; `--window`: every missing one of the trend window, from member_history, issue 18 part 4).
 * - `tuanwu export members --org CODE --out FILE [--full] [--json]` — writes the subtree's members in
 *   the registry's columns; citizen ID and phone masked unless --full.
 * - `tuanwu plan parse FILE [--json]` — parses a plan document (.docx, .txt, .md) and prints its
 *   title, phases, tasks and unplaced text; no database. Exit code 1 on an unreadable file.
 * - `tuanwu plan import FILE --org CODE [--json]` — parses and saves it as the organization's plan
 *   (改革任务台账); refused (exit code 1, nothing written) when no task is recognised.
 * - `tuanwu backup --out FILE` and `tuanwu restore FILE [--force]` — see backup-commands.ts.
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
    .command("counters")
    .description("子树计数器 subtree counters (issue 4): rebuild, fold, snapshot")
    .argument(
      "<action>",
      "rebuild (recount every counter), fold (apply pending deltas), snapshot (a month-end)",
    )
    .option("--month <date>", "snapshot: the month-end YYYY-MM-DD (default: the month just ended)")
    .option("--from-history", "snapshot: recount from member_history instead of copying the counters")
    .option(
      "--window",
      "snapshot: every past month-end of the trend window (36 months) without one, in monthly slices (resumable)",
    )
    .action(async (action: string, options: { month?: string; fromHistory?: boolean; window?: boolean }) => {
      try {
        await withDatabase(loadConfig(), async (handle) => {
          const started = performance.now();
          const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
          if (action === "rebuild") {
            const rows = await rebuildMemberCounts(handle.db);
            await handle.vacuum();
            console.log(`tuanwu: counters rebuilt, ${rows} rows in ${seconds()} s`);
          } else if (action === "fold") {
            const { deltas, rows } = await foldMemberCountDeltas(handle.db);
            console.log(
              `tuanwu: ${deltas} pending deltas folded into ${rows} counter rows in ${seconds()} s`,
            );
          } else if (action === "snapshot" && options.window) {
            // Monthly slices, newest first, each committed (issue 18 part 4): stop and re-run at will.
            const built = await buildWindowSnapshots(handle.db, todayInChina(), undefined, (slice) =>
              console.log(
                `tuanwu: snapshot ${slice.month} ${slice.base ? `from ${slice.base} and that month's changes` : "recounted from member_history"}: ${slice.rows} rows in ${(slice.milliseconds / 1000).toFixed(1)} s`,
              ),
            );
            console.log(
              built.months.length === 0
                ? "tuanwu: every month-end of the trend window already has its snapshot"
                : `tuanwu: snapshots ${built.months[0]}…${built.months.at(-1)} (${built.months.length} month-ends, ${built.rows} rows) taken in ${seconds()} s`,
            );
          } else if (action === "snapshot") {
            const month = options.month ?? previousMonthEnd(todayInChina());
            const taken = await takeMonthEndSnapshot(
              handle.db,
              month,
              options.fromHistory ? "history" : "counters",
            );
            console.log(`tuanwu: snapshot ${month} ${taken ? `taken in ${seconds()} s` : "already exists"}`);
          } else throw new Error(`unknown action "${action}": rebuild, fold or snapshot`);
        });
      } catch (error) {
        reportFailure(error, false);
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

  registerUserCommands(program, { withDatabase, reportFailure });

  const importCommand = program.command("import").description("导入 import");
  registerRegistryCommands(importCommand, { withDatabase, reportFailure });
  registerDuesCommands(importCommand, { withDatabase, reportFailure });
  registerCampaignCommands(program, { withDatabase, reportFailure });
  importCommand
    .command("members")
    .description("从Excel导入团员 import members from a registry workbook (.xlsx), all rows or none")
    .argument("<file>", ".xlsx file: 智慧团建's member export or tuanwu's template")
    .requiredOption("--org <code>", "组织编码 the organization to import into (its subtree)")
    .option("--dry-run", "check only: list the problems, import nothing")
    .option("--json", "print {rows, imported, problems} as JSON")
    .action(async (file: string, options: { org: string; dryRun?: boolean; json?: boolean }) => {
      const json = options.json === true;
      const dryRun = options.dryRun === true;
      try {
        const result = await withDatabase(loadConfig(), async (handle) => {
          const organizationId = await organizationIdByCode(handle, options.org);
          try {
            const outcome = await importMembers(
              handle.db,
              systemActor(),
              organizationId,
              path.resolve(file),
              {
                dryRun,
                today: todayInChina(),
                fileName: path.basename(file),
                onProgress: (rows) => console.error(`tuanwu: 已读取 read ${rows} 行 rows`),
              },
            );
            if (!dryRun) await handle.vacuum();
            return outcome;
          } catch (error) {
            if (error instanceof ImportRejectedError) return error.result;
            throw error;
          }
        });
        printImportResult(result, { json, dryRun });
      } catch (error) {
        reportFailure(error, json);
      }
    });

  program
    .command("export")
    .description("导出 export")
    .command("members")
    .description("导出团员到Excel export a subtree's members in the registry's columns (.xlsx)")
    .requiredOption("--org <code>", "组织编码 the organization whose subtree is exported")
    .requiredOption("--out <file>", "the .xlsx file to write")
    .option("--full", "完整导出 citizen ID and phone unmasked (audited)")
    .option("--json", "print {rows, full, organization} as JSON")
    .action(async (options: { org: string; out: string; full?: boolean; json?: boolean }) => {
      const json = options.json === true;
      try {
        const result = await withDatabase(loadConfig(), async (handle) =>
          exportMembers(handle.db, systemActor(), await organizationIdByCode(handle, options.org), {
            full: options.full === true,
            filename: path.resolve(options.out),
          }),
        );
        if (json) {
          console.log(
            JSON.stringify({ rows: result.rows, full: result.full, organization: result.organizationName }),
          );
        } else {
          console.log(
            `tuanwu: 已导出 exported ${result.rows} 名团员 members of ${result.organizationName} to ${options.out}` +
              (result.full ? " (完整 full)" : " (身份证号、手机号已遮蔽 masked)"),
          );
        }
      } catch (error) {
        reportFailure(error, json);
      }
    });

  registerPlanCommands(program);
  registerBackupCommands(program);

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

/** Reads a plan document from disk; a missing or unreadable file → a 400 DomainError naming it. */
async function readPlanFile(file: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(file));
  } catch {
    throw new DomainError(
      "unreadable_file",
      `文件“${path.basename(file)}”：无法读取 / cannot read the file`,
      {
        field: "file",
        status: 400,
      },
    );
  }
}

/** The --marker / --columns options of the plan commands. */
interface PlanReadCliOptions {
  marker?: string;
  columns?: string;
}

/**
 * The reading options of `plan parse` / `plan import`, checked as the preview route checks its fields
 * (planReadFieldsSchema). Errors: 400 invalid_input naming the option (columns not a JSON mapping).
 */
function planReadOptionsOf(options: PlanReadCliOptions) {
  const fields: Record<string, string> = {};
  if (options.marker !== undefined) fields.taskMarker = options.marker;
  if (options.columns !== undefined) fields.columns = options.columns;
  const result = planReadFieldsSchema.safeParse(fields);
  if (!result.success) {
    const field = String(result.error.issues[0]?.path[0] ?? "columns");
    throw new DomainError(
      "invalid_input",
      `--${field === "taskMarker" ? "marker" : field}：${result.error.issues[0]?.message ?? "无效 / invalid"}`,
      {
        field,
        status: 400,
      },
    );
  }
  return result.data;
}

/** `tuanwu plan parse` and `tuanwu plan import` (the reform ledger, 改革任务台账). */
function registerPlanCommands(program: Command): void {
  const plan = program.command("plan").description("改革实施方案 reform implementation plans");
  plan
    .command("parse")
    .description(
      "解析实施方案 parse a plan document (.docx, .pdf, .xlsx, .csv, .txt, .md) and print its structure",
    )
    .argument("<file>", "the plan document")
    .option(
      "--json",
      "print {title, phases, tasks, unplaced, targets, excluded, markers, review, table} as JSON",
    )
    .option("--marker <kind>", "take every heading of this marker kind as a task (a kind from `markers`)")
    .option("--columns <json>", 'task-table columns, 0-based, e.g. {"title":1,"units":2,"deadline":3}')
    .action(async (file: string, options: PlanReadCliOptions & { json?: boolean }) => {
      const json = options.json === true;
      try {
        const {
          fileName: _fileName,
          message,
          ...parsed
        } = await parsePlanDocument(
          await readPlanFile(file),
          path.basename(file),
          planReadOptionsOf(options),
        );
        if (json) console.log(JSON.stringify(parsed, null, 2));
        else {
          console.log(
            `${parsed.title}: ${parsed.tasks.length} 项任务 tasks, ${parsed.phases.length} 个阶段 phases`,
          );
          for (const task of parsed.tasks) {
            console.log(
              `${task.number}. ${task.title} — ${task.leadUnit ?? "?"} — ${task.deadline ?? task.deadlineText ?? "?"} [${task.rule}]`,
            );
          }
          if (message) console.log(message);
          for (const reason of parsed.review.reasons) console.log(`⚠ ${reason}`);
        }
      } catch (error) {
        reportFailure(error, json);
      }
    });

  plan
    .command("import")
    .description("导入实施方案 save a plan document as an organization's plan (改革任务台账)")
    .argument("<file>", "the plan document (.docx, .pdf, .xlsx, .csv, .txt, .md)")
    .requiredOption("--org <code>", "组织编码 the organization the plan belongs to")
    .option("--json", "print {planId, tasks, phases} as JSON")
    .option("--marker <kind>", "take every heading of this marker kind as a task")
    .option("--columns <json>", "task-table columns, 0-based (as for plan parse)")
    .action(async (file: string, options: PlanReadCliOptions & { org: string; json?: boolean }) => {
      const json = options.json === true;
      try {
        const bytes = await readPlanFile(file);
        const fileName = path.basename(file);
        const parsed = await parsePlanDocument(bytes, fileName, planReadOptionsOf(options));
        const planId = await withDatabase(loadConfig(), async (handle) =>
          importPlan(
            handle.db,
            systemActor(),
            await organizationIdByCode(handle, options.org),
            parsed,
            fileName,
          ),
        );
        const summary = {
          planId,
          title: parsed.title,
          tasks: parsed.tasks.length,
          phases: parsed.phases.length,
        };
        if (json) console.log(JSON.stringify(summary));
        else
          console.log(
            `tuanwu: 已导入 imported plan ${planId} “${summary.title}”: ${summary.tasks} tasks, ${summary.phases} phases`,
          );
      } catch (error) {
        reportFailure(error, json);
      }
    });
}

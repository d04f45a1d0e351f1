import { readFile } from "node:fs/promises";
import path from "node:path";
import { DomainError, parseDuesMonth } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import type { DatabaseHandle } from "../db/database";
import { todayInChina } from "../lib/clock";
import { systemActor } from "../modules/auth/system-actor";
import { importDues } from "../modules/dues/dues-import.service";

interface DuesCommandContext {
  withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  reportFailure(error: unknown, json: boolean): void;
}

/**
 * `tuanwu import dues FILE.xlsx --organization ID --month YYYY-MM [--json]` — imports a month's dues
 * payments for the subtree of organization ID as the system administrator, exactly as
 * POST /organizations/{id}/dues/import does (columns 身份证号, 姓名, 类别, 月收入, 金额, 缴纳日期, 说明;
 * any bad row → every bad row named, nothing written; exit code 1). Audited "dues.import".
 * Prints "已导入 N 条" or, with --json, {organizationId, month, recorded}. Issue 12 part 4 and 10.
 */
export function registerDuesCommands(importCommand: Command, context: DuesCommandContext): void {
  importCommand
    .command("dues")
    .description("从Excel导入一个月的团费 import a month's dues payments (.xlsx), all rows or none")
    .argument("<file>", ".xlsx: 身份证号, 姓名, 类别, 月收入, 金额, 缴纳日期, 说明")
    .requiredOption("--organization <id>", "组织ID the organization whose subtree the members belong to")
    .requiredOption("--month <YYYY-MM>", "月份 the month paid for")
    .option("--json", "print {organizationId, month, recorded} as JSON")
    .action(async (file: string, options: { organization: string; month: string; json?: boolean }) => {
      const json = options.json === true;
      try {
        const month = parseDuesMonth(options.month);
        if (!month)
          throw new DomainError("invalid_input", "month：月份格式应为 YYYY-MM", {
            field: "month",
            status: 400,
          });
        const organizationId = Number(options.organization);
        if (!Number.isInteger(organizationId) || organizationId <= 0)
          throw new DomainError("invalid_input", "organization：应为组织ID（正整数）", {
            field: "organization",
            status: 400,
          });
        const bytes = await readFile(path.resolve(file));
        const result = await context.withDatabase(loadConfig(), (handle) =>
          importDues(handle.db, systemActor(), organizationId, month, bytes, todayInChina()),
        );
        if (json) console.log(JSON.stringify(result));
        else console.log(`tuanwu: 已导入 imported ${result.recorded} 条团费记录 (${month.slice(0, 7)})`);
      } catch (error) {
        context.reportFailure(error, json);
      }
    });
}

import path from "node:path";
import { DomainError, type RowResolution } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import type { DatabaseHandle } from "../db/database";
import { systemActor } from "../modules/auth/system-actor";
import { findOrganizationByCode } from "../modules/organizations/organization.repository";
import {
  listBranchNameMappings,
  saveBranchNameMappings,
} from "../modules/registry/branch-name-mapping.service";
import {
  importOrganizations,
  OrganizationImportRejectedError,
  type OrganizationImportResult,
} from "../modules/registry/organization-import.service";

interface RegistryCommandContext {
  withDatabase: <T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>;
  reportFailure: (error: unknown, json: boolean) => void;
}

const STATUS_LABELS = { matched: "已匹配 matched", new: "新建 new", ambiguous: "待确认 ambiguous" } as const;

/** The organization with `code`, or a 404 DomainError naming the code and the option. */
async function organizationByCode(handle: DatabaseHandle, code: string, option: string) {
  const found = await findOrganizationByCode(handle.db, code);
  if (!found) {
    throw new DomainError("not_found", `组织编码“${code}”不存在 / no organization with code ${code}`, {
      field: option,
      status: 404,
    });
  }
  return found;
}

/** "ROW=CODE" / "ROW=new" pairs of --choose → resolutions (codes looked up to ids). */
async function readChoices(
  handle: DatabaseHandle,
  pairs: readonly string[],
): Promise<Map<number, RowResolution>> {
  const choices = new Map<number, RowResolution>();
  for (const pair of pairs) {
    const match = /^(\d+)=(.+)$/.exec(pair.trim());
    if (!match) {
      throw new DomainError("bad_choice", `--choose “${pair}”：应写作 行号=组织编码 或 行号=new`, {
        field: "choose",
        status: 400,
      });
    }
    const value = match[2] as string;
    choices.set(
      Number(match[1]),
      value === "new" ? "new" : (await organizationByCode(handle, value, "choose")).id,
    );
  }
  return choices;
}

function printOrganizationImport(
  result: OrganizationImportResult,
  options: { json: boolean; dryRun: boolean },
) {
  const refused = result.problems.length > 0 || (!options.dryRun && result.ambiguous > 0);
  if (refused || result.ambiguous > 0) process.exitCode = 1;
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  for (const entry of result.entries) {
    if (entry.status === "matched" && !options.dryRun) continue;
    const target =
      entry.status === "matched"
        ? `→ ${entry.organization?.name} (${entry.organization?.code})`
        : entry.status === "new"
          ? `→ 上级 ${entry.parentName ?? "?"}`
          : `→ ${entry.candidates.map((candidate) => `${candidate.name} (${candidate.code})`).join(" / ")}`;
    console.log(`第${entry.row}行 ${STATUS_LABELS[entry.status]} ${entry.name} ${target}`);
  }
  for (const problem of result.problems) {
    const value = problem.value === null ? "" : ` “${problem.value}”`;
    console.log(`第${problem.row}行 ${problem.column}${value}：${problem.message}`);
  }
  const counts = `${result.rows} 行：匹配 ${result.matched}，新建 ${result.entries.length - result.matched - result.ambiguous}，待确认 ${result.ambiguous}`;
  if (result.problems.length > 0)
    console.log(`tuanwu: ${counts}；${result.problems.length} 处问题，未导入 nothing imported`);
  else if (result.ambiguous > 0)
    console.log(`tuanwu: ${counts}；请用 --choose 行号=组织编码 或 行号=new 确认待确认的行`);
  else if (options.dryRun) console.log(`tuanwu: ${counts}；检查通过 (dry run: nothing imported)`);
  else console.log(`tuanwu: 已导入 imported: ${result.created} 个组织新建，${result.matched} 个已有`);
}

/**
 * `tuanwu import organizations FILE --under CODE [--choose ROW=CODE|new]... [--dry-run] [--json]` —
 * imports the national registry's organization list (.xlsx) under an organization (issue 15 part 4),
 * all rows or none; exit code 1 on any problem or unconfirmed ambiguous row.
 * `tuanwu import branch-names --org CODE [--map NAME=BRANCHCODE]... [--create NAME=PARENTCODE]...
 * [--json]` — shows the remembered 所在团支部 name mapping of an organization (part 5) and adds to it.
 * Both act as the system administrator and are audited.
 */
export function registerRegistryCommands(importCommand: Command, context: RegistryCommandContext): void {
  const collect = (value: string, previous: string[]) => [...previous, value];
  importCommand
    .command("organizations")
    .description(
      "从智慧团建导入组织列表 import an organization list (.xlsx) under an organization, all rows or none",
    )
    .argument(
      "<file>",
      ".xlsx organization list: 组织名称, 组织类型, 上级组织, 行政区划代码, 所属领域, 应录入数",
    )
    .requiredOption("--under <code>", "组织编码 the organization whose subtree receives the list")
    .option(
      "--choose <row=code>",
      "confirm an ambiguous row: 行号=组织编码, or 行号=new (repeatable)",
      collect,
      [],
    )
    .option("--dry-run", "check only: list matched / new / ambiguous rows and problems, import nothing")
    .option("--json", "print {rows, matched, created, ambiguous, entries, problems} as JSON")
    .action(
      async (
        file: string,
        options: { under: string; choose: string[]; dryRun?: boolean; json?: boolean },
      ) => {
        const json = options.json === true;
        const dryRun = options.dryRun === true;
        try {
          const result = await context.withDatabase(loadConfig(), async (handle) => {
            const under = await organizationByCode(handle, options.under, "under");
            const resolutions = await readChoices(handle, options.choose);
            try {
              const outcome = await importOrganizations(
                handle.db,
                systemActor(),
                under.id,
                path.resolve(file),
                {
                  dryRun,
                  resolutions,
                  fileName: path.basename(file),
                },
              );
              if (!dryRun) await handle.vacuum();
              return outcome;
            } catch (error) {
              if (error instanceof OrganizationImportRejectedError) return error.result;
              throw error;
            }
          });
          printOrganizationImport(result, { json, dryRun });
        } catch (error) {
          context.reportFailure(error, json);
        }
      },
    );

  importCommand
    .command("branch-names")
    .description("团支部名称对照 show or add the 所在团支部 name mapping remembered for an organization")
    .requiredOption("--org <code>", "组织编码 the organization members are imported into")
    .option(
      "--map <name=code>",
      "map a written 所在团支部 to a branch: 名称=团支部编码 (repeatable)",
      collect,
      [],
    )
    .option(
      "--create <name=code>",
      "create the branch on the next import under: 名称=上级组织编码 (repeatable)",
      collect,
      [],
    )
    .option("--json", "print the mapping as JSON")
    .action(async (options: { org: string; map: string[]; create: string[]; json?: boolean }) => {
      const json = options.json === true;
      try {
        const mappings = await context.withDatabase(loadConfig(), async (handle) => {
          const organization = await organizationByCode(handle, options.org, "org");
          const entries = [];
          for (const [pairs, key] of [
            [options.map, "branchId"],
            [options.create, "createUnderId"],
          ] as const) {
            for (const pair of pairs) {
              const at = pair.lastIndexOf("=");
              if (at <= 0) {
                throw new DomainError("bad_mapping", `“${pair}”：应写作 名称=组织编码`, {
                  field: key,
                  status: 400,
                });
              }
              const target = await organizationByCode(handle, pair.slice(at + 1).trim(), key);
              entries.push({ sourceName: pair.slice(0, at).trim(), [key]: target.id });
            }
          }
          if (entries.length > 0)
            await saveBranchNameMappings(handle.db, systemActor(), organization.id, entries);
          return listBranchNameMappings(handle.db, systemActor(), organization.id);
        });
        if (json) console.log(JSON.stringify(mappings, null, 2));
        else if (mappings.length === 0) console.log("tuanwu: 没有名称对照 no mapping remembered");
        else
          for (const mapping of mappings) {
            const target = mapping.branch
              ? `${mapping.branch.name} (${mapping.branch.code})`
              : `新建于 create under ${mapping.createUnder?.name} (${mapping.createUnder?.code})`;
            console.log(`${mapping.sourceName} → ${target}`);
          }
      } catch (error) {
        context.reportFailure(error, json);
      }
    });
}

import { DomainError } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import type { DatabaseHandle } from "../db/database";
import { systemActor } from "../modules/auth/system-actor";
import { openReviewCampaign } from "../modules/education-reviews/education-review.service";
import { findOrganizationByCode } from "../modules/organizations/organization.repository";
import { openRegistrationCampaign } from "../modules/registrations/registration.service";

interface CampaignCommandContext {
  withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  reportFailure(error: unknown, json: boolean): void;
}

const KINDS = ["review", "registration"] as const;

function refuse(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/**
 * `tuanwu campaign open --kind review|registration --org CODE --year YYYY [--opens YYYY-MM-DD]
 * [--closes YYYY-MM-DD] [--json]` — opens the year's education review 团员教育评议 (kind review) or
 * annual registration 团籍注册 (kind registration) for the subtree of the committee with organization
 * code CODE, as the system administrator, exactly as POST /organizations/{id}/education-review-campaigns
 * or /registration-campaigns does (a committee, not a branch; one campaign of a kind per branch a
 * year; dates default to the whole year, 1 January – 31 December). Audited. Prints "已发起 …" or,
 * with --json, the campaign {id, organizationId, organizationName, year, opensOn, closesOn, closed}.
 * Any error: exit code 1, the field named (with --json, the error as JSON). Issue 12 parts 2, 3 and 10.
 */
export function registerCampaignCommands(program: Command, context: CampaignCommandContext): void {
  const campaign = program
    .command("campaign")
    .description("评议与注册 education review and registration campaigns");
  campaign
    .command("open")
    .description(
      "发起年度教育评议或团籍注册 open a year's education review or registration for a committee's subtree",
    )
    .requiredOption("--kind <kind>", "review（团员教育评议）or registration（团籍注册）")
    .requiredOption("--org <code>", "组织编码 the committee's organization code")
    .requiredOption("--year <year>", "年度 the year, e.g. 2026")
    .option("--opens <date>", "开始日期 YYYY-MM-DD (default 1 January of the year)")
    .option("--closes <date>", "截止日期 YYYY-MM-DD (default 31 December of the year)")
    .option("--json", "print the campaign as JSON")
    .action(
      async (options: {
        kind: string;
        org: string;
        year: string;
        opens?: string;
        closes?: string;
        json?: boolean;
      }) => {
        const json = options.json === true;
        try {
          if (!(KINDS as readonly string[]).includes(options.kind))
            throw refuse("kind", "kind：应为 review（团员教育评议）或 registration（团籍注册）");
          const year = Number(options.year);
          if (!/^\d{4}$/.test(options.year) || year < 2000 || year > 2100)
            throw refuse("year", "year：年份应为2000–2100之间的四位数");
          const input = {
            year,
            opensOn: options.opens ?? `${year}-01-01`,
            closesOn: options.closes ?? `${year}-12-31`,
          };
          for (const [field, value] of [
            ["opens", input.opensOn],
            ["closes", input.closesOn],
          ] as const)
            if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
              throw refuse(field, `${field}：日期格式应为 YYYY-MM-DD`);
          const opened = await context.withDatabase(loadConfig(), async (handle) => {
            const organization = await findOrganizationByCode(handle.db, options.org);
            if (!organization)
              throw new DomainError(
                "not_found",
                `组织编码“${options.org}”不存在 / no organization with code ${options.org}`,
                {
                  field: "org",
                  status: 404,
                },
              );
            return options.kind === "review"
              ? openReviewCampaign(handle.db, systemActor(), organization.id, input)
              : openRegistrationCampaign(handle.db, systemActor(), organization.id, input);
          });
          if (json) console.log(JSON.stringify(opened));
          else
            console.log(
              `tuanwu: 已发起 opened ${opened.organizationName} ${opened.year}年度${options.kind === "review" ? "团员教育评议" : "团籍注册"} (${opened.opensOn} – ${opened.closesOn}, id ${opened.id})`,
            );
        } catch (error) {
          context.reportFailure(error, json);
        }
      },
    );
}

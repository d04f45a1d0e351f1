import { DomainError } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import type { DatabaseHandle } from "../db/database";
import { systemActor } from "../modules/auth/system-actor";
import { findCampaignOfOrganization } from "../modules/campaigns/campaign.repository";
import { closeCampaign, openCampaign } from "../modules/campaigns/campaign.service";
import {
  CAMPAIGN_KIND_DEFINITIONS,
  CAMPAIGN_KINDS,
  type CampaignKind,
} from "../modules/campaigns/campaign-kinds";
import { openReviewCampaign } from "../modules/education-reviews/education-review.service";
import { findOrganizationByCode } from "../modules/organizations/organization.repository";

interface CampaignCommandContext {
  withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  reportFailure(error: unknown, json: boolean): void;
}

function refuse(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/** --kind checked (400 naming "kind"). */
function kindOf(value: string): CampaignKind {
  const kind = CAMPAIGN_KINDS.find((each) => each === value);
  if (!kind) throw refuse("kind", "kind：应为 review（团员教育评议）或 registration（团籍注册）");
  return kind;
}

/** --year checked (400 naming "year"). */
function yearOf(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100)
    throw refuse("year", "year：年份应为2000–2100之间的四位数");
  return year;
}

/** The organization with code `code` (404 naming "org"). */
async function organizationOf(handle: DatabaseHandle, code: string) {
  const organization = await findOrganizationByCode(handle.db, code);
  if (!organization)
    throw new DomainError("not_found", `组织编码“${code}”不存在 / no organization with code ${code}`, {
      field: "org",
      status: 404,
    });
  return organization;
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
 *
 * `tuanwu campaign close --kind review|registration --org CODE --year YYYY [--json]` — closes the
 * campaign of the kind that committee CODE opened for the year, as the system administrator, exactly as
 * POST /{education-review|registration}-campaigns/{id}/close does: its reviews or registrations become
 * read-only (writes refused 409 naming it). Audited. Errors: 404 year (no such campaign) or org; 409
 * already_closed; exit code 1.
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
          const kind = kindOf(options.kind);
          const year = yearOf(options.year);
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
            const organization = await organizationOf(handle, options.org);
            return kind === "review"
              ? openReviewCampaign(handle.db, systemActor(), organization.id, input)
              : openCampaign(handle.db, systemActor(), kind, organization.id, input);
          });
          if (json) console.log(JSON.stringify(opened));
          else
            console.log(
              `tuanwu: 已发起 opened ${opened.organizationName} ${opened.year}年度${CAMPAIGN_KIND_DEFINITIONS[kind].label} (${opened.opensOn} – ${opened.closesOn}, id ${opened.id})`,
            );
        } catch (error) {
          context.reportFailure(error, json);
        }
      },
    );
  campaign
    .command("close")
    .description(
      "结束年度教育评议或团籍注册 close a committee's campaign: its reviews or registrations become read-only",
    )
    .requiredOption("--kind <kind>", "review（团员教育评议）or registration（团籍注册）")
    .requiredOption("--org <code>", "组织编码 the code of the committee that opened it")
    .requiredOption("--year <year>", "年度 the year, e.g. 2026")
    .option("--json", "print the campaign as JSON")
    .action(async (options: { kind: string; org: string; year: string; json?: boolean }) => {
      const json = options.json === true;
      try {
        const kind = kindOf(options.kind);
        const year = yearOf(options.year);
        const closed = await context.withDatabase(loadConfig(), async (handle) => {
          const organization = await organizationOf(handle, options.org);
          const found = await findCampaignOfOrganization(handle.db, kind, organization.id, year);
          if (!found)
            throw new DomainError(
              "not_found",
              `${organization.shortName ?? organization.name}未发起${year}年度${CAMPAIGN_KIND_DEFINITIONS[kind].label} / no such campaign`,
              { field: "year", status: 404 },
            );
          return closeCampaign(handle.db, systemActor(), kind, found.id);
        });
        if (json) console.log(JSON.stringify(closed));
        else
          console.log(
            `tuanwu: 已结束 closed ${closed.organizationName} ${closed.year}年度${CAMPAIGN_KIND_DEFINITIONS[kind].label} (id ${closed.id})`,
          );
      } catch (error) {
        context.reportFailure(error, json);
      }
    });
}

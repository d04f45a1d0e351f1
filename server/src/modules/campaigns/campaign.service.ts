import { DomainError } from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  type CampaignRow,
  findCampaign,
  findOverlappingCampaign,
  insertCampaign,
  markCampaignClosed,
} from "./campaign.repository";
import { CAMPAIGN_KIND_DEFINITIONS, type CampaignKind } from "./campaign-kinds";

/**
 * The yearly campaigns (团员教育评议, 团籍注册; domain.md §5, issue 12 parts 2–3), one module for
 * both kinds: a committee opens one for its subtree (one per branch of a kind a year), the
 * committee that opened it or one above closes it; once closed, its reviews and registrations are
 * read-only (409 naming the campaign). Writes member:write, scoped (404 outside), audited
 * "<kind>_campaign.open" / ".close".
 */

/** A 400 naming the field. */
export function badInput(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/** The campaign's dates and year checked (400 naming the field). */
export function checkCampaignDates(input: { year: number; opensOn: string; closesOn: string }) {
  if (Number(input.opensOn.slice(0, 4)) !== input.year)
    throw badInput("opensOn", `开始日期：应在${input.year}年内`);
  if (input.closesOn < input.opensOn) throw badInput("closesOn", "截止日期：不能早于开始日期");
}

/**
 * A committee (not a branch) the actor may write at; answers the organization. Errors: 404 outside;
 * 403 without member:write; 422 not_a_committee for a branch.
 */
export async function requireCommittee(tx: Executor, actor: Actor, organizationId: number) {
  await requireAccess(tx, actor, { permission: "member:write", kind: "organization", ids: [organizationId] });
  const organization = requireFound(await findOrganizationById(tx, organizationId), "organization");
  if (organization.kind === "branch")
    throw new DomainError("not_a_committee", "组织：只有团委（团工委）可以发起，团支部不能发起", {
      field: "id",
      status: 422,
    });
  return organization;
}

/**
 * Whether the actor may close the campaign: it is open and the actor holds member:write at the
 * committee that opened it or above (the web shows the button by it; the server still decides).
 */
export function mayCloseCampaign(actor: Actor, row: CampaignRow): boolean {
  return (
    row.closedAt === null &&
    actor.permissions.has("member:write") &&
    isPathInScope(actor, row.organizationPath)
  );
}

/** A campaign as answered; `mayClose` for the actor. */
export function campaignView(row: CampaignRow, actor: Actor) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    year: row.year,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    closed: row.closedAt !== null,
    closedAt: row.closedAt,
    mayClose: mayCloseCampaign(actor, row),
  };
}

/** A campaign as answered. */
export type CampaignView = ReturnType<typeof campaignView>;

/** The campaign's name in messages: "东城区团委2026年度团员教育评议". */
export function campaignTitle(kind: CampaignKind, row: CampaignRow): string {
  return `${row.organizationName}${row.year}年度${CAMPAIGN_KIND_DEFINITIONS[kind].label}`;
}

/**
 * Refuses a write into a closed campaign: 409 campaign_closed naming the campaign and when it
 * closed (field `field`). Call inside the write's transaction before writing anything.
 */
export function requireOpenCampaign(kind: CampaignKind, row: CampaignRow, field = "campaignId"): void {
  if (row.closedAt === null) return;
  throw new DomainError(
    "campaign_closed",
    `${CAMPAIGN_KIND_DEFINITIONS[kind].label}：${campaignTitle(kind, row)}已于${row.closedAt.slice(0, 10)}结束，不能再修改`,
    { field, status: 409 },
  );
}

/**
 * POST /organizations/{id}/education-review-campaigns or /registration-campaigns {year, opensOn,
 * closesOn}: opens the year's campaign for the committee's subtree; `afterOpen` runs in the same
 * transaction (the review creates each branch's review). Audit "<kind>_campaign.open". Errors: 400
 * opensOn / closesOn; 409 campaign_exists (a campaign of the kind and year at this committee, an
 * ancestor or a descendant); 422 not_a_committee; 404; 403.
 */
export async function openCampaign(
  db: Database,
  actor: Actor,
  kind: CampaignKind,
  organizationId: number,
  input: { year: number; opensOn: string; closesOn: string },
  afterOpen?: (tx: Executor, campaign: CampaignRow) => Promise<void>,
): Promise<CampaignView> {
  const definition = CAMPAIGN_KIND_DEFINITIONS[kind];
  return db.transaction(async (tx) => {
    const organization = await requireCommittee(tx, actor, organizationId);
    checkCampaignDates(input);
    const overlapping = await findOverlappingCampaign(tx, kind, organization.path, input.year);
    if (overlapping)
      throw new DomainError(
        "campaign_exists",
        `年份：${overlapping.organizationName}已发起${input.year}年度${definition.label}`,
        { field: "year", status: 409 },
      );
    const id = await insertCampaign(tx, kind, { organizationId, ...input });
    const campaign = requireFound(await findCampaign(tx, kind, id), definition.entityType);
    await afterOpen?.(tx, campaign);
    await recordAudit(tx, actor, {
      action: `${definition.entityType}.open`,
      entityType: definition.entityType,
      entityId: id,
      organizationId,
      before: null,
      after: input,
    });
    return campaignView(campaign, actor);
  });
}

/**
 * POST /education-review-campaigns/{campaignId}/close or /registration-campaigns/{campaignId}/close:
 * closes the campaign now (by the committee that opened it or one above: member:write there). After
 * it, its reviews and registrations are read-only (409 naming it). Audit "<kind>_campaign.close".
 * Errors: 404 (missing, or opened outside the actor's subtree); 403; 409 already_closed.
 */
export async function closeCampaign(
  db: Database,
  actor: Actor,
  kind: CampaignKind,
  campaignId: number,
): Promise<CampaignView> {
  const definition = CAMPAIGN_KIND_DEFINITIONS[kind];
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: definition.entityType,
      ids: [campaignId],
    });
    const before = requireFound(await findCampaign(tx, kind, campaignId, "update"), definition.entityType);
    if (!(await markCampaignClosed(tx, kind, campaignId)))
      throw new DomainError(
        "already_closed",
        `${definition.label}：${campaignTitle(kind, before)}已于${before.closedAt?.slice(0, 10)}结束`,
        { field: "campaignId", status: 409 },
      );
    const after = requireFound(await findCampaign(tx, kind, campaignId), definition.entityType);
    await recordAudit(tx, actor, {
      action: `${definition.entityType}.close`,
      entityType: definition.entityType,
      entityId: campaignId,
      organizationId: before.organizationId,
      before: { closedAt: null },
      after: { closedAt: after.closedAt },
    });
    return campaignView(after, actor);
  });
}

/** The campaign, which must cover the organization at `path` (else 404 naming the kind). */
export async function campaignCovering(
  db: Executor,
  kind: CampaignKind,
  campaignId: number,
  path: string,
): Promise<CampaignRow> {
  const campaign = await findCampaign(db, kind, campaignId);
  if (!campaign || !path.startsWith(campaign.organizationPath))
    throw notFound(CAMPAIGN_KIND_DEFINITIONS[kind].noun);
  return campaign;
}

/**
 * The campaign `campaignId` as seen from `organizationId` (access member:read there): the campaign
 * must cover the organization or lie in its subtree, else 404. Answers the campaign and the path the
 * view is narrowed to (the deeper of the two).
 */
export async function campaignSeenFrom(
  db: Executor,
  actor: Actor,
  kind: CampaignKind,
  campaignId: number,
  organizationId: number,
): Promise<{ campaign: CampaignRow; path: string }> {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const path = requireFound(target, "organization").path;
  const campaign = await findCampaign(db, kind, campaignId);
  const noun = CAMPAIGN_KIND_DEFINITIONS[kind].noun;
  if (!campaign) throw notFound(noun);
  if (path.startsWith(campaign.organizationPath)) return { campaign, path };
  if (campaign.organizationPath.startsWith(path)) return { campaign, path: campaign.organizationPath };
  throw notFound(noun);
}

/** The path of an organization the actor may read (member:read; 404 outside, 403). */
export async function readablePath(db: Executor, actor: Actor, organizationId: number): Promise<string> {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  return requireFound(target, "organization").path;
}

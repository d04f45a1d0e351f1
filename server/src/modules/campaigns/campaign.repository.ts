import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { CAMPAIGN_KIND_DEFINITIONS, type CampaignKind } from "./campaign-kinds";

/**
 * SQL of the yearly campaigns (education_review_campaign, registration_campaign — one shape):
 * lookup, overlap, insert, close. The unique key (organization, year) decides races; the
 * per-kind repositories add their progress and per-branch rows.
 */

/** Member statuses on a branch roll (current members: active, flowing, transferring). */
export const ROLL_STATUSES = sql`('active', 'flowing', 'transferring')`;

/** A campaign with its organization. */
export interface CampaignRow {
  id: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  year: number;
  opensOn: string;
  closesOn: string;
  closedAt: string | null;
}

/** `select … from <campaign table> c join organization o` — the columns of {@link CampaignRow}. */
export function selectCampaign(kind: CampaignKind): SQL {
  return sql`select c.id::int as id, c.organization_id as "organizationId",
  coalesce(o.short_name, o.name) as "organizationName", o.path as "organizationPath", c.year::int as year,
  c.opens_on::text as "opensOn", c.closes_on::text as "closesOn", c.closed_at::text as "closedAt"
  from ${CAMPAIGN_KIND_DEFINITIONS[kind].table} c join organization o on o.id = c.organization_id`;
}

/** One campaign (locked for update when asked), or undefined. */
export async function findCampaign(
  db: Executor,
  kind: CampaignKind,
  id: number,
  lock?: "update",
): Promise<CampaignRow | undefined> {
  const [row] = await queryRows<CampaignRow>(
    db,
    sql`${selectCampaign(kind)} where c.id = ${id}${lock ? sql` for update of c` : sql``}`,
  );
  return row;
}

/**
 * The campaign of `year` at an ancestor-or-self or a descendant of `path` (one branch may be under
 * one campaign of a kind a year), or undefined.
 */
export async function findOverlappingCampaign(
  db: Executor,
  kind: CampaignKind,
  path: string,
  year: number,
): Promise<CampaignRow | undefined> {
  const [row] = await queryRows<CampaignRow>(
    db,
    sql`${selectCampaign(kind)} where c.year = ${year} and (${path} like o.path || '%' or o.path like ${path} || '%') limit 1`,
  );
  return row;
}

/** Inserts a campaign; answers its id. */
export async function insertCampaign(
  db: Executor,
  kind: CampaignKind,
  input: { organizationId: number; year: number; opensOn: string; closesOn: string },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into ${CAMPAIGN_KIND_DEFINITIONS[kind].table} (organization_id, year, opens_on, closes_on)
        values (${input.organizationId}, ${input.year}, ${input.opensOn}, ${input.closesOn}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** Closes an open campaign now; answers whether it was open (false: already closed). */
export async function markCampaignClosed(db: Executor, kind: CampaignKind, id: number): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update ${CAMPAIGN_KIND_DEFINITIONS[kind].table} set closed_at = now()
        where id = ${id} and closed_at is null returning id::int as id`,
  );
  return rows.length > 0;
}

/** The campaign of a kind opened by `organizationId` for `year`, or undefined. */
export async function findCampaignOfOrganization(
  db: Executor,
  kind: CampaignKind,
  organizationId: number,
  year: number,
): Promise<CampaignRow | undefined> {
  const [row] = await queryRows<CampaignRow>(
    db,
    sql`${selectCampaign(kind)} where c.organization_id = ${organizationId} and c.year = ${year}`,
  );
  return row;
}

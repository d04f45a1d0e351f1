import type { RegistrationStatus } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { countiesOfMembers, countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { bigintArray } from "../../lib/sql-arrays";
import { type CampaignRow, ROLL_STATUSES, selectCampaign } from "../campaigns/campaign.repository";

/**
 * SQL of the annual registration 团籍注册 (registration_campaign, member_registration): campaigns
 * covering an organization with progress, a branch's members with their decision, upserts. The
 * unique keys (organization, year) and (county, campaign, member) decide races. A decision lives in its
 * member's county (member_registration.county_id, migration 0043_org_life_county: on Citus distributed
 * by it, co-located with member; registration_campaign a reference table): every statement names the
 * county and joins member on (county_id, member_id) — inside a county one shard on Citus.
 */

/** A registration campaign with its organization. */
export type RegistrationCampaignRow = CampaignRow;

/**
 * Campaigns at `path` or its ancestors, newest first, with progress among the current members of the
 * subtree of `path`: members, registered, deferred, unregistered (the rest are pending). Three reads:
 * the campaigns (a reference table on Citus), the roll's size, and the decisions of the roll's members
 * grouped by campaign — the members and their decisions joined on (county_id, member_id), the subtree's
 * county named when it lies in one (one shard on Citus). On Citus a lateral join from the campaigns into
 * the distributed decisions cannot be pushed down.
 */
export async function findRegistrationCampaignsCovering(db: Executor, path: string) {
  const county = await countyScopeOfPath(db, path);
  const inCounty = county === null ? sql`true` : sql`mb.county_id = ${county}`;
  const campaigns = await queryRows<RegistrationCampaignRow>(
    db,
    sql`${selectCampaign("registration")} where ${path} like o.path || '%' order by c.year desc, c.id desc`,
  );
  if (campaigns.length === 0) return [];
  const roll = sql`member mb join organization b on b.id = mb.organization_id
    where ${inCounty} and b.path like ${path} || '%' and mb.status in ${ROLL_STATUSES}`;
  const [size] = await queryRows<{ members: number }>(db, sql`select count(*)::int as members from ${roll}`);
  const progress = await queryRows<{
    campaign_id: number;
    registered: number;
    deferred: number;
    unregistered: number;
  }>(
    db,
    sql`select r.campaign_id::int as campaign_id,
        count(*) filter (where r.status = 'registered')::int as registered,
        count(*) filter (where r.status = 'deferred')::int as deferred,
        count(*) filter (where r.status = 'unregistered')::int as unregistered
      from member_registration r
      join member mb on mb.county_id = r.county_id and mb.id = r.member_id
      join organization b on b.id = mb.organization_id
      where ${inCounty} and b.path like ${path} || '%' and mb.status in ${ROLL_STATUSES}
        and r.campaign_id = any(${bigintArray(campaigns.map((c) => c.id))})
      group by r.campaign_id`,
  );
  const byCampaign = new Map(progress.map((row) => [Number(row.campaign_id), row]));
  return campaigns.map((campaign) => {
    const found = byCampaign.get(campaign.id);
    return {
      ...campaign,
      members: Number(size?.members ?? 0),
      registered: Number(found?.registered ?? 0),
      deferred: Number(found?.deferred ?? 0),
      unregistered: Number(found?.unregistered ?? 0),
    };
  });
}

/** A member of an organization with their decision in a campaign (null: none yet). */
export interface RegistrationMemberRow {
  memberId: number;
  /** The member's county (where their registration rows live). */
  countyId: number;
  name: string;
  organizationId: number;
  status: RegistrationStatus | null;
  deferredUntil: string | null;
  reason: string | null;
  decidedOn: string | null;
}

/** The current members directly in `organizationId` with their decision in `campaignId`, by name (the branch's county named). */
export async function findRegistrationMembers(db: Executor, campaignId: number, organizationId: number) {
  const county = await countyOfOrganization(db, organizationId);
  return queryRows<RegistrationMemberRow>(
    db,
    sql`select mb.id::int as "memberId", mb.county_id as "countyId", mb.name, mb.organization_id as "organizationId", r.status,
        r.deferred_until::text as "deferredUntil", r.reason, r.decided_on::text as "decidedOn"
        from member mb left join member_registration r
          on r.county_id = mb.county_id and r.member_id = mb.id and r.campaign_id = ${campaignId}
        where mb.county_id = ${county} and mb.organization_id = ${organizationId} and mb.status in ${ROLL_STATUSES}
        order by mb.name, mb.id`,
  );
}

/** One member's decision in a campaign, or undefined (the member's county from the locator). */
export async function findRegistration(db: Executor, campaignId: number, memberId: number) {
  const county = (await countiesOfMembers(db, [memberId])).get(memberId) ?? 0;
  const [row] = await queryRows<{ status: string; deferredUntil: string | null; reason: string | null }>(
    db,
    sql`select status, deferred_until::text as "deferredUntil", reason from member_registration
        where county_id = ${county} and campaign_id = ${campaignId} and member_id = ${memberId}`,
  );
  return row;
}

/** Records (or replaces) a member's decision in a campaign, in the member's county (`countyId`). */
export async function upsertRegistration(
  db: Executor,
  input: {
    countyId: number;
    campaignId: number;
    memberId: number;
    status: RegistrationStatus;
    deferredUntil: string | null;
    reason: string | null;
    decidedOn: string;
  },
) {
  await queryRows(
    db,
    sql`insert into member_registration (county_id, campaign_id, member_id, status, deferred_until, reason, decided_on)
        values (${input.countyId}, ${input.campaignId}, ${input.memberId}, ${input.status}, ${input.deferredUntil}, ${input.reason}, ${input.decidedOn})
        on conflict (county_id, campaign_id, member_id) do update set status = excluded.status,
          deferred_until = excluded.deferred_until, reason = excluded.reason, decided_on = excluded.decided_on
        returning id`,
  );
}

/** A member's registrations by year, newest first (the member's county from the locator). */
export async function findRegistrationsOfMember(db: Executor, memberId: number) {
  const county = (await countiesOfMembers(db, [memberId])).get(memberId) ?? 0;
  return queryRows<{
    year: number;
    campaignId: number;
    organizationName: string;
    status: RegistrationStatus;
    deferredUntil: string | null;
    reason: string | null;
    decidedOn: string | null;
  }>(
    db,
    sql`select c.year::int as year, c.id::int as "campaignId", coalesce(o.short_name, o.name) as "organizationName",
        r.status, r.deferred_until::text as "deferredUntil", r.reason, r.decided_on::text as "decidedOn"
        from member_registration r join registration_campaign c on c.id = r.campaign_id
        join organization o on o.id = c.organization_id
        where r.county_id = ${county} and r.member_id = ${memberId} order by c.year desc, c.id desc`,
  );
}

/** A member's organization, its path and the member's county, or undefined (by county and id). */
export async function findMemberPlace(db: Executor, memberId: number) {
  const county = (await countiesOfMembers(db, [memberId])).get(memberId);
  if (county === undefined) return undefined;
  const [row] = await queryRows<{ organizationId: number; path: string; countyId: number }>(
    db,
    sql`select mb.organization_id as "organizationId", o.path, mb.county_id as "countyId" from member mb
        join organization o on o.id = mb.organization_id where mb.county_id = ${county} and mb.id = ${memberId}`,
  );
  return row;
}

import type { RegistrationStatus } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { type CampaignRow, ROLL_STATUSES, selectCampaign } from "../campaigns/campaign.repository";

/**
 * SQL of the annual registration 团籍注册 (registration_campaign, member_registration): campaigns
 * covering an organization with progress, a branch's members with their decision, upserts. The
 * unique keys (organization, year) and (campaign, member) decide races.
 */

/** A registration campaign with its organization. */
export type RegistrationCampaignRow = CampaignRow;

/**
 * Campaigns at `path` or its ancestors, newest first, with progress among the current members of the
 * subtree of `path`: members, registered, deferred, unregistered (the rest are pending).
 */
export async function findRegistrationCampaignsCovering(db: Executor, path: string) {
  return queryRows<
    RegistrationCampaignRow & { members: number; registered: number; deferred: number; unregistered: number }
  >(
    db,
    sql`with campaigns as (${selectCampaign("registration")} where ${path} like o.path || '%'),
      roll as (select mb.id from member mb join organization b on b.id = mb.organization_id
               where b.path like ${path} || '%' and mb.status in ${ROLL_STATUSES})
      select c.*, (select count(*)::int from roll) as members, s.registered, s.deferred, s.unregistered
      from campaigns c cross join lateral (
        select count(*) filter (where r.status = 'registered')::int as registered,
               count(*) filter (where r.status = 'deferred')::int as deferred,
               count(*) filter (where r.status = 'unregistered')::int as unregistered
        from member_registration r join roll on roll.id = r.member_id where r.campaign_id = c.id) s
      order by c.year desc, c.id desc`,
  );
}

/** A member of an organization with their decision in a campaign (null: none yet). */
export interface RegistrationMemberRow {
  memberId: number;
  name: string;
  organizationId: number;
  status: RegistrationStatus | null;
  deferredUntil: string | null;
  reason: string | null;
  decidedOn: string | null;
}

/** The current members directly in `organizationId` with their decision in `campaignId`, by name. */
export async function findRegistrationMembers(db: Executor, campaignId: number, organizationId: number) {
  return queryRows<RegistrationMemberRow>(
    db,
    sql`select mb.id::int as "memberId", mb.name, mb.organization_id as "organizationId", r.status,
        r.deferred_until::text as "deferredUntil", r.reason, r.decided_on::text as "decidedOn"
        from member mb left join member_registration r on r.member_id = mb.id and r.campaign_id = ${campaignId}
        where mb.organization_id = ${organizationId} and mb.status in ${ROLL_STATUSES}
        order by mb.name, mb.id`,
  );
}

/** One member's decision in a campaign, or undefined. */
export async function findRegistration(db: Executor, campaignId: number, memberId: number) {
  const [row] = await queryRows<{ status: string; deferredUntil: string | null; reason: string | null }>(
    db,
    sql`select status, deferred_until::text as "deferredUntil", reason from member_registration
        where campaign_id = ${campaignId} and member_id = ${memberId}`,
  );
  return row;
}

/** Records (or replaces) a member's decision in a campaign. */
export async function upsertRegistration(
  db: Executor,
  input: {
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
    sql`insert into member_registration (campaign_id, member_id, status, deferred_until, reason, decided_on)
        values (${input.campaignId}, ${input.memberId}, ${input.status}, ${input.deferredUntil}, ${input.reason}, ${input.decidedOn})
        on conflict (campaign_id, member_id) do update set status = excluded.status,
          deferred_until = excluded.deferred_until, reason = excluded.reason, decided_on = excluded.decided_on
        returning id`,
  );
}

/** A member's registrations by year, newest first. */
export async function findRegistrationsOfMember(db: Executor, memberId: number) {
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
        where r.member_id = ${memberId} order by c.year desc, c.id desc`,
  );
}

/** A member's organization and its path, or undefined. */
export async function findMemberPlace(db: Executor, memberId: number) {
  const [row] = await queryRows<{ organizationId: number; path: string }>(
    db,
    sql`select mb.organization_id as "organizationId", o.path from member mb
        join organization o on o.id = mb.organization_id where mb.id = ${memberId}`,
  );
  return row;
}

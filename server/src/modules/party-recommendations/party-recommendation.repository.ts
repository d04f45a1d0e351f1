import { sql } from "drizzle-orm";
import {
  countiesOfMembers,
  countyOfMember,
  countyOfOrganization,
  countyOfWorkflowRecord,
  countyScopeOfPath,
  locateInCounty,
} from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of 推优入党 (party_recommendation, issue 12 part 5): a branch's members with what eligibility
 * needs, a member locked for a recommendation, the recommendations of a subtree with their workflow
 * state, writes, the member's political status, and a recommendation's stage history (the member's
 * archive entries). A "live" recommendation: in review or returned, or approved and either within its
 * validity or with a Party stage recorded. A recommendation lives in its branch's county
 * (party_recommendation.county_id, migration 0044_review_rating_county), beside its engine instance: the
 * two are joined on (county_id, instance_id), and a read or write of one recommendation names its county
 * (on Citus one shard).
 */

/**
 * The members of `memberIds` with a live recommendation on `today`, read from the recommendations and
 * the engine alone (the members are read first, then this; no county named: a recommendation stays in
 * the county of the branch that gave it, and its member may since have moved to another).
 */
export async function findMembersWithLiveRecommendation(
  db: Executor,
  memberIds: readonly number[],
  today: string,
): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await queryRows<{ memberId: number }>(
    db,
    sql`select distinct lr.member_id::int as "memberId"
        from party_recommendation lr
        join workflow_instance lw on lw.county_id = lr.county_id and lw.id = lr.instance_id
        where lr.member_id = any(${intArray(memberIds)})
          and (lw.state in ('awaiting_committee_review', 'returned')
               or (lw.state = 'recommended' and (lr.party_stage is not null or lr.valid_until >= ${today}::date)))`,
  );
  return new Set(rows.map((row) => Number(row.memberId)));
}

/** A member as eligibility sees it. */
export interface CandidateRow {
  memberId: number;
  /** The member's county (member.county_id: its branch's). */
  countyId: number;
  name: string;
  organizationId: number;
  organizationPath: string;
  birthDate: string;
  joinedOn: string;
  status: string;
  politicalStatus: string | null;
  hasLiveRecommendation: boolean;
}

const SELECT_CANDIDATE = sql`select m.id, m.county_id, m.name, m.organization_id, o.path, m.birth_date::text as birth_date,
  m.joined_on::text as joined_on, m.status, m.political_status
  from member m join organization o on o.id = m.organization_id`;

function toCandidate(row: Record<string, unknown>, live: ReadonlySet<number>): CandidateRow {
  return {
    memberId: Number(row.id),
    countyId: Number(row.county_id),
    name: String(row.name),
    organizationId: Number(row.organization_id),
    organizationPath: String(row.path),
    birthDate: String(row.birth_date),
    joinedOn: String(row.joined_on),
    status: String(row.status),
    politicalStatus: (row.political_status as string | null) ?? null,
    hasLiveRecommendation: live.has(Number(row.id)),
  };
}

/**
 * The current members (active, flowing, transferring) of a branch, by name, for the eligibility list:
 * the members read in the branch's county (one shard on Citus), then which have a live recommendation.
 */
export async function findBranchCandidates(db: Executor, branchId: number, today: string) {
  const countyId = await countyOfOrganization(db, branchId);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${SELECT_CANDIDATE}
        where m.county_id = ${countyId} and m.organization_id = ${branchId}
          and m.status in ('active', 'flowing', 'transferring')
        order by m.name_initials, m.id`,
  );
  const live = await findMembersWithLiveRecommendation(
    db,
    rows.map((row) => Number(row.id)),
    today,
  );
  return rows.map((row) => toCandidate(row, live));
}

/**
 * One member with what eligibility needs, row-locked (`for update`, naming the member's county: one
 * shard on Citus): two recommendations of one member at once are serialized, the second sees the
 * first as live.
 */
export async function lockCandidate(db: Executor, memberId: number, today: string) {
  const countyId = await countyOfMember(db, memberId);
  await queryRows(
    db,
    sql`select id from member where county_id = ${countyId} and id = ${memberId} for update`,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${SELECT_CANDIDATE} where m.county_id = ${countyId} and m.id = ${memberId}`,
  );
  const live = await findMembersWithLiveRecommendation(db, [memberId], today);
  return rows[0] ? toCandidate(rows[0], live) : undefined;
}

/** A recommendation with its member, branch and workflow state. */
export interface RecommendationRow {
  id: number;
  /** The recommending branch's county (party_recommendation.county_id). */
  countyId: number;
  memberId: number;
  memberName: string;
  memberStatus: string;
  politicalStatus: string | null;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  instanceId: number | null;
  state: string | null;
  version: number | null;
  partyApplicationOn: string | null;
  meetingHeldOn: string | null;
  rollCount: number | null;
  attendeesCount: number | null;
  votesFor: number | null;
  recommendedOn: string | null;
  validUntil: string | null;
  partyStage: string | null;
  partyStageOn: string | null;
  createdAt: string;
}

/**
 * A recommendation with its branch and engine state, without the member (the coordinator's tables on
 * Citus, which may be locked; the member is read apart: {@link withMembers}).
 */
const SELECT_RECOMMENDATION = sql`select r.id, r.county_id, r.member_id, r.organization_id,
  coalesce(o.short_name, o.name) as organization_name, o.path,
  r.instance_id, w.state, w.version, r.party_application_on::text as party_application_on,
  r.meeting_held_on::text as meeting_held_on, r.roll_count, r.attendees_count, r.votes_for,
  r.recommended_on::text as recommended_on, r.valid_until::text as valid_until, r.party_stage,
  r.party_stage_on::text as party_stage_on, r.created_at
  from party_recommendation r
  join organization o on o.id = r.organization_id
  left join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id`;

function toRecommendation(row: Record<string, unknown>, member: Record<string, unknown>): RecommendationRow {
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    id: Number(row.id),
    countyId: Number(row.county_id),
    memberId: Number(row.member_id),
    memberName: String(member.name),
    memberStatus: String(member.status),
    politicalStatus: text(member.political_status),
    organizationId: Number(row.organization_id),
    organizationName: String(row.organization_name),
    organizationPath: String(row.path),
    instanceId: num(row.instance_id),
    state: text(row.state),
    version: num(row.version),
    partyApplicationOn: text(row.party_application_on),
    meetingHeldOn: text(row.meeting_held_on),
    rollCount: num(row.roll_count),
    attendeesCount: num(row.attendees_count),
    votesFor: num(row.votes_for),
    recommendedOn: text(row.recommended_on),
    validUntil: text(row.valid_until),
    partyStage: text(row.party_stage),
    partyStageOn: text(row.party_stage_on),
    createdAt: row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at),
  };
}

/**
 * The recommendations `rows` with their members' name, status and political status, read in one
 * statement of their own (a member that no longer exists drops its row, as the join did), in the members'
 * counties (county_locator kind `member`: one task on Citus when they share a county; by id alone the read
 * asked every shard).
 */
async function withMembers(db: Executor, rows: readonly Record<string, unknown>[]) {
  if (rows.length === 0) return [];
  const memberIds = rows.map((row) => Number(row.member_id));
  const counties = [...new Set((await countiesOfMembers(db, memberIds)).values())];
  if (counties.length === 0) return [];
  const members = await queryRows<Record<string, unknown>>(
    db,
    sql`select m.id, m.name, m.status, m.political_status from member m
        where ${counties.length === 1 ? sql`m.county_id = ${counties[0]}` : sql`m.county_id = any(${intArray(counties)})`}
          and m.id = any(${intArray(memberIds)})`,
  );
  const byId = new Map(members.map((member) => [Number(member.id), member]));
  return rows.flatMap((row) => {
    const member = byId.get(Number(row.member_id));
    return member ? [toRecommendation(row, member)] : [];
  });
}

/**
 * One recommendation by id (with `lock` "update": the recommendation row-locked): its county first (one
 * read without a lock, on Citus of every shard), then the read and the lock in that county (one shard).
 */
export async function findRecommendation(db: Executor, id: number, lock?: "update") {
  const countyId = await countyOfWorkflowRecord(db, "party_recommendation", id);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    lock
      ? sql`${SELECT_RECOMMENDATION} where r.county_id = ${countyId} and r.id = ${id} for update of r`
      : sql`${SELECT_RECOMMENDATION} where r.county_id = ${countyId} and r.id = ${id}`,
  );
  return (await withMembers(db, rows))[0];
}

/**
 * The recommendations of the subtree at `rootPath`, newest first (at most `limit`); inside a county the
 * county is named (on Citus one shard), above it every shard is asked.
 */
export async function findRecommendationsInSubtree(db: Executor, rootPath: string, limit = 500) {
  const county = await countyScopeOfPath(db, rootPath);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${SELECT_RECOMMENDATION} where ${inSubtree(sql`o.path`, rootPath)}
        ${county === null ? sql`` : sql`and r.county_id = ${county}`}
        order by r.meeting_held_on desc nulls last, r.id desc limit ${limit}`,
  );
  return withMembers(db, rows);
}

/** Inserts a recommendation (the branch meeting's figures) in the branch's county; answers its id. */
export async function insertRecommendation(
  db: Executor,
  values: {
    countyId: number;
    memberId: number;
    organizationId: number;
    partyApplicationOn: string;
    meetingHeldOn: string;
    rollCount: number;
    attendeesCount: number;
    votesFor: number;
    recommendedOn: string;
    validUntil: string;
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into party_recommendation (county_id, member_id, organization_id, party_application_on, meeting_held_on,
          roll_count, attendees_count, votes_for, recommended_on, valid_until)
        values (${values.countyId}, ${values.memberId}, ${values.organizationId}, ${values.partyApplicationOn}, ${values.meetingHeldOn},
          ${values.rollCount}, ${values.attendeesCount}, ${values.votesFor}, ${values.recommendedOn}, ${values.validUntil})
        returning id`,
  );
  const id = Number(row?.id);
  // Its county by id for the by-id reads (county_locator, migration 0059_record_locator), in this transaction.
  await locateInCounty(db, "party_recommendation", [{ id, countyId: values.countyId }]);
  return id;
}

/** A recommendation's key: its county and id. */
export interface RecommendationKey {
  id: number;
  countyId: number;
}

/** Links a recommendation to its workflow instance (of the same county). */
export async function setRecommendationInstance(db: Executor, key: RecommendationKey, instanceId: number) {
  await executeWrite(
    db,
    sql`update party_recommendation set instance_id = ${instanceId}
        where county_id = ${key.countyId} and id = ${key.id}`,
  );
}

/** Records the Party stage reached and its date. */
export async function setRecommendationStage(
  db: Executor,
  key: RecommendationKey,
  stage: string,
  on: string,
) {
  await executeWrite(
    db,
    sql`update party_recommendation set party_stage = ${stage}, party_stage_on = ${on}
        where county_id = ${key.countyId} and id = ${key.id}`,
  );
}

/**
 * Sets a member's political status (政治面貌 code); `partyJoinedOn` (入党年月) when given. Bumps
 * updated_at. Answers the previous status.
 */
export async function setMemberPoliticalStatus(
  db: Executor,
  memberId: number,
  politicalStatus: string,
  partyJoinedOn: string | null,
) {
  const countyId = await countyOfMember(db, memberId);
  const [row] = await queryRows<{ before: string | null }>(
    db,
    sql`select political_status as before from member where county_id = ${countyId} and id = ${memberId} for update`,
  );
  await executeWrite(
    db,
    sql`update member m set political_status = ${politicalStatus},
          party_joined_on = coalesce(${partyJoinedOn}::date, m.party_joined_on), updated_at = now()
        where m.county_id = ${countyId} and m.id = ${memberId}`,
  );
  return row?.before ?? null;
}

/**
 * The stage entries of a recommendation on the member's archive, oldest first: in the member's county
 * (county_locator kind `member`, one shard on Citus; the archive's entries are in their member's county,
 * migration 0030) — by member_id alone the read asked every shard.
 */
export async function findStageEvents(db: Executor, memberId: number, recommendationId: number) {
  const countyId = await countyOfMember(db, memberId);
  const rows = await queryRows<{
    occurred_on: string;
    detail: Record<string, unknown> | null;
    actor_name: string;
  }>(
    db,
    sql`select occurred_on::text as occurred_on, detail, actor_name from member_event
        where county_id = ${countyId} and member_id = ${memberId} and kind = 'recommended_to_party'
          and detail->>'recommendationId' = ${String(recommendationId)} and detail ? 'stage'
        order by occurred_on, id`,
  );
  return rows.map((row) => ({
    stage: String(row.detail?.stage ?? ""),
    on: String(row.occurred_on),
    actorName: String(row.actor_name),
  }));
}

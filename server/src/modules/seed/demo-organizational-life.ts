import { addDays, addMonths, type EducationReviewGrade, ROLE_PERMISSIONS } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { locateInCounty } from "../../db/county";
import type { Database } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import type { Actor } from "../auth/actor";
import {
  getBranchReview,
  openReviewCampaign,
  saveBranchReview,
  transitionBranchReview,
} from "../education-reviews/education-review.service";
import { seedDemoPartyRecommendations } from "./demo-party-recommendations";

/**
 * Organizational life in the demo county (issue 12 part 9): a year of meetings and dues so that the
 * 组织生活 and 团费 pages, the silent-branch list, the indicators and the "six months without dues or
 * organizational life" lapse work list show figures. Branches are walked in id order: two in three are
 * lively (a meeting every month — 支部团员大会, 主题团日, 支委会 in turn — and a 2-hour 团课 each quarter;
 * one member in seven absent with a reason; every member's dues paid each month except one in five,
 * who stopped paying four months ago); one in three is silent (meetings and dues only in the first
 * months of the year, nothing since), so it appears among the silent branches and its members on the
 * lapse work list. Written set-based (a few statements; the members read first in materialized CTEs,
 * which Citus plans apart from the coordinator's meeting and dues tables — issue 19), then
 * member.last_organizational_life_on and
 * last_dues_paid_on follow the records as the services keep them. Dues are the student / unemployed
 * 0.2 yuan a month of the default schedule (domain.md §5).
 * @returns meetings and dues payments written.
 */
export async function seedDemoOrganizationalLife(
  db: Database,
  county: { id: number; path: string },
  today: string,
): Promise<{ meetings: number; duesPayments: number }> {
  const branches = await queryRows<{ id: number }>(
    db,
    sql`select o.id::int as id from organization o
      where o.kind = 'branch' and ${inSubtree(sql`o.path`, county.path)}
        and o.id in (select m.organization_id from member m where m.status = 'active')
      order by o.id`,
  );
  if (branches.length === 0) return { meetings: 0, duesPayments: 0 };
  const months = lastTwelveMonths(today);
  const kinds = ["general_meeting", "theme_day", "committee_meeting"] as const;
  const topics: Record<string, string> = {
    general_meeting: "支部团员大会：学习习近平新时代中国特色社会主义思想",
    theme_day: "主题团日：志愿服务进社区",
    committee_meeting: "支委会：研究本月团务工作",
    league_class: "团课：中国共产主义青年团的光荣历史",
  };
  const meetingRows: {
    organizationId: number;
    kind: string;
    heldOn: string;
    topic: string;
    hours: number | null;
  }[] = [];
  const duesRows: { organizationId: number; month: string; lively: boolean; recent: boolean }[] = [];
  for (const [index, branch] of branches.entries()) {
    const lively = index % 3 !== 2;
    for (const [monthIndex, month] of months.entries()) {
      const early = monthIndex < 4;
      if (!lively && !early) continue;
      const day = String(5 + ((index + monthIndex) % 20)).padStart(2, "0");
      const heldOn = `${month.slice(0, 8)}${day}`;
      if (heldOn > today) continue;
      const kind = kinds[(index + monthIndex) % kinds.length] as string;
      meetingRows.push({ organizationId: branch.id, kind, heldOn, topic: topics[kind] ?? kind, hours: null });
      if (lively && monthIndex % 3 === 1) {
        meetingRows.push({
          organizationId: branch.id,
          kind: "league_class",
          heldOn,
          topic: topics.league_class as string,
          hours: 2,
        });
      }
      duesRows.push({ organizationId: branch.id, month, lively, recent: monthIndex >= months.length - 4 });
    }
  }

  let meetings = 0;
  for (let start = 0; start < meetingRows.length; start += 1000) {
    const chunk = meetingRows.slice(start, start + 1000);
    const inserted = await queryRows<{ id: number }>(
      db,
      sql`insert into meeting (county_id, organization_id, kind, held_on, topic, minutes, class_hours)
        values ${sql.join(
          chunk.map(
            (row) =>
              sql`(${county.id}, ${row.organizationId}, ${row.kind}, ${row.heldOn}::date, ${row.topic}, ${"会议按议程进行，记录略。"}, ${row.hours})`,
          ),
          sql`, `,
        )}
        returning id::int as id`,
    );
    meetings += inserted.length;
    await locateInCounty(
      db,
      "meeting",
      inserted.map((row) => ({ id: row.id, countyId: county.id })),
    );
  }
  // Attendance: the branch's active roll; one in seven absent with a reason.
  await executeWrite(
    db,
    sql`with roll as materialized (
        select m.county_id, m.id, m.organization_id from member m
          join organization o on o.id = m.organization_id
         where m.county_id = ${county.id} and m.status = 'active' and ${inSubtree(sql`o.path`, county.path)})
      insert into meeting_attendance (county_id, meeting_id, member_id, status, absence_reason)
      select mt.county_id, mt.id, m.id,
        case when (m.id + mt.id) % 7 = 0 then 'absent' else 'present' end,
        case when (m.id + mt.id) % 7 = 0 then '外出务工' else null end
      from meeting mt
      join roll m on m.county_id = mt.county_id and m.organization_id = mt.organization_id
      where mt.county_id = ${county.id}
      on conflict do nothing`,
  );

  let duesPayments = 0;
  for (let start = 0; start < duesRows.length; start += 500) {
    const chunk = duesRows.slice(start, start + 500);
    const inserted = await queryRows<{ n: number }>(
      db,
      sql`with d(organization_id, month, lively, recent) as (values ${sql.join(
        chunk.map(
          (row) =>
            sql`(${row.organizationId}::int, ${row.month}::date, ${row.lively}::boolean, ${row.recent}::boolean)`,
        ),
        sql`, `,
      )}), roll as materialized (
        select m.county_id, m.id, m.organization_id, m.joined_on from member m
         where m.county_id = ${county.id} and m.status = 'active'
           and m.organization_id = any(${intArray([...new Set(chunk.map((row) => row.organizationId))])}))
      insert into dues_payment (county_id, member_id, organization_id, month, amount_yuan, paid_on, category)
        select m.county_id, m.id, d.organization_id, d.month, 0.2, least(d.month + 9, ${today}::date), 'student'
        from d join roll m on m.organization_id = d.organization_id
        where not (d.recent and m.id % 5 = 0)
          and m.joined_on < d.month
        on conflict (county_id, member_id, month) do nothing
        returning 1 as n`,
    );
    duesPayments += inserted.length;
  }
  await executeWrite(
    db,
    sql`with attended as materialized (
        select a.member_id, max(mt.held_on) as held_on from meeting_attendance a
          join meeting mt on mt.county_id = a.county_id and mt.id = a.meeting_id
         where a.county_id = ${county.id} and a.status = 'present'
         group by 1
      ), paid as materialized (
        select p.member_id, max(p.paid_on) as paid_on from dues_payment p where p.county_id = ${county.id} group by 1
      ), latest as materialized (
        select coalesce(a.member_id, p.member_id) as member_id, a.held_on, p.paid_on
          from attended a full join paid p on p.member_id = a.member_id
      )
      update member mb set
        last_organizational_life_on = coalesce(l.held_on, mb.last_organizational_life_on),
        last_dues_paid_on = coalesce(l.paid_on, mb.last_dues_paid_on)
      from latest l
      where mb.id = l.member_id and mb.county_id = ${county.id}`,
  );
  return { meetings, duesPayments };
}

/** The first days ("YYYY-MM-01") of the twelve months ending with `today`'s, oldest first. */
function lastTwelveMonths(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const result: string[] = [];
  for (let back = 11; back >= 0; back -= 1) {
    const total = year * 12 + (month - 1) - back;
    result.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-01`);
  }
  return result;
}

/** How far a branch got in the demo's review campaign, by its place in id order (ten in a cycle). */
function reviewStageOf(index: number): "approved" | "submitted" | "draft" | "silent" {
  const place = index % 10;
  return place < 6 ? "approved" : place < 8 ? "submitted" : place === 8 ? "draft" : "silent";
}

/** The branch of the demo's branch secretary account (demo-branch), or null when there is none. */
async function demoSecretaryBranchId(db: Database): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select r.organization_id::int as id from app_user u join user_role r on r.user_id = u.id
      where u.username = 'demo-branch' and r.role = 'branch_secretary' limit 1`,
  );
  return row?.id ?? null;
}

/**
 * The annual cycle in the demo county (issue 12 parts 2, 3, 5): this year's education review 团员教育评议
 * opened by the county committee and played through the same services the API uses (so the engine,
 * the audit and the archives hold it) — six branches in ten approved by the county, two submitted and
 * awaiting it, one still grading, one silent; grades a quarter 优秀 (within ⌊30%⌋), one in nine 基本合格,
 * one in nineteen 不合格, the meeting attended by all but one in eight; demo-branch's own branch is still
 * grading whatever its place (its secretary has the review to finish). Then registration 团籍注册,
 * set-based: last year's campaign (closed fourteen months ago) registered everyone but a few members
 * (member id divisible by 37) who were not registered and have not been since — over a year, so they are
 * on the lapse work list; this year's campaign registered the members of approved branches graded
 * 基本合格 or better, deferred one in twenty-three by four months with a reason (暂缓注册) and did not
 * register the 不合格. Last, O2's recommendations to the Party. Branches: the county's branches with an
 * active roll, in id order, capped at `maxBranches` played through the services (the rest stay silent).
 * @returns the campaigns' ids and what was written.
 */
export async function seedDemoAnnualCycle(
  db: Database,
  actor: Actor,
  county: { id: number; name: string; path: string },
  today: string,
  maxBranches = 40,
): Promise<{
  reviewCampaignId: number;
  approvedReviews: number;
  registrations: number;
  recommendations: number;
}> {
  const year = Number(today.slice(0, 4));
  const countyActor: Actor = {
    userId: actor.userId,
    username: actor.username,
    displayName: "县团委管理员",
    roles: [
      { role: "org_admin", organizationId: county.id, organizationName: county.name, path: county.path },
    ],
    permissions: new Set(ROLE_PERMISSIONS.org_admin),
    scopePaths: [county.path],
  };
  const campaign = await openReviewCampaign(db, countyActor, county.id, {
    year,
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
  });
  const branches = await queryRows<{ id: number; name: string; path: string }>(
    db,
    sql`select o.id::int as id, o.name, o.path from organization o
      where o.kind = 'branch' and ${inSubtree(sql`o.path`, county.path)}
        and o.id in (select m.organization_id from member m where m.status = 'active')
      order by o.id limit ${maxBranches}`,
  );
  const meetingHeldOn = [addDays(today, -20), `${year}-01-01`].sort().at(-1) as string;
  const secretaryBranchId = await demoSecretaryBranchId(db);
  let approvedReviews = 0;
  for (const [index, branch] of branches.entries()) {
    // demo-branch's own branch is still grading: its secretary has the review to finish and submit.
    const stage = branch.id === secretaryBranchId ? "draft" : reviewStageOf(index);
    if (stage === "silent") continue;
    const secretary: Actor = {
      ...countyActor,
      displayName: "支部书记",
      roles: [
        {
          role: "branch_secretary",
          organizationId: branch.id,
          organizationName: branch.name,
          path: branch.path,
        },
      ],
      permissions: new Set(ROLE_PERMISSIONS.branch_secretary),
      scopePaths: [branch.path],
    };
    const review = await getBranchReview(db, secretary, branch.id, campaign.id);
    const roll = review.members.length;
    const excellent = Math.floor(roll / 4);
    const grades = review.members.map((member, position) => {
      const grade: EducationReviewGrade =
        position < excellent
          ? "excellent"
          : member.memberId % 19 === 0
            ? "unqualified"
            : member.memberId % 9 === 0
              ? "basically_qualified"
              : "qualified";
      return {
        memberId: member.memberId,
        selfAssessment: "本年度按时参加组织生活、交纳团费，完成支部分配的工作。",
        // A branch still grading has done half its roll.
        grade: stage === "draft" && position >= roll / 2 ? null : grade,
      };
    });
    await saveBranchReview(
      db,
      secretary,
      review.id,
      { meetingHeldOn, attendeesCount: roll - Math.floor(roll / 8), grades },
      today,
    );
    if (stage === "draft") continue;
    await transitionBranchReview(db, secretary, review.id, { action: "submit" }, today);
    if (stage === "submitted") continue;
    await transitionBranchReview(db, countyActor, review.id, { action: "approve" }, today);
    approvedReviews += 1;
  }

  // Registration: last year's campaign, closed, decided fourteen months ago.
  const lastDecided = addMonths(today, -14);
  const lastYear = Number(lastDecided.slice(0, 4));
  const [previous] = await queryRows<{ id: number }>(
    db,
    sql`insert into registration_campaign (organization_id, year, opens_on, closes_on, closed_at)
      values (${county.id}, ${lastYear}, ${addDays(lastDecided, -10)}::date, ${addDays(lastDecided, 20)}::date,
        ${addDays(lastDecided, 21)}::timestamptz)
      returning id::int as id`,
  );
  const [current] = await queryRows<{ id: number }>(
    db,
    sql`insert into registration_campaign (organization_id, year, opens_on, closes_on)
      values (${county.id}, ${year}, ${meetingHeldOn}::date, ${`${year}-12-31`}::date)
      returning id::int as id`,
  );
  if (!previous || !current) throw new Error("registration campaigns not written");
  const before = await queryRows<{ n: number }>(
    db,
    sql`insert into member_registration (county_id, campaign_id, member_id, status, reason, decided_on)
      select m.county_id, ${previous.id}, m.id,
        case when m.id % 37 = 0 then 'unregistered' else 'registered' end,
        case when m.id % 37 = 0 then '未参加教育评议，不予注册' else null end,
        ${lastDecided}::date
      from member m join organization o on o.id = m.organization_id
      where m.county_id = ${county.id} and m.status = 'active' and ${inSubtree(sql`o.path`, county.path)}
        and m.joined_on < ${lastDecided}::date
      returning 1 as n`,
  );
  const now = await queryRows<{ n: number }>(
    db,
    sql`insert into member_registration (county_id, campaign_id, member_id, status, deferred_until, reason, decided_on)
      select ${county.id}, ${current.id}, g.member_id,
        case when g.grade = 'unqualified' then 'unregistered'
          when g.member_id % 23 = 0 then 'deferred' else 'registered' end,
        case when g.grade <> 'unqualified' and g.member_id % 23 = 0 then ${addMonths(today, 4)}::date end,
        case when g.grade = 'unqualified' then '教育评议不合格，不予注册'
          when g.member_id % 23 = 0 then '外出务工，暂缓注册' end,
        ${today}::date
      from member_review_grade g
      join branch_education_review r on r.county_id = g.county_id and r.id = g.branch_review_id
      where r.campaign_id = ${campaign.id} and r.approved_at is not null and g.grade is not null
        and g.member_id % 37 <> 0
      returning 1 as n`,
  );
  const { recommendations } = await seedDemoPartyRecommendations(db, county, today);
  return {
    reviewCampaignId: campaign.id,
    approvedReviews,
    registrations: before.length + now.length,
    recommendations,
  };
}

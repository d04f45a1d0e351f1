import { addDays, addMonths, type PartyStage } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { countyScopeOfPath } from "../../db/county";
import type { Database } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import { systemActor } from "../auth/system-actor";
import {
  createRecommendation,
  recordPartyStage,
  transitionRecommendation,
} from "../party-recommendations/party-recommendation.service";

/** One demo recommendation: days before today of the meeting, of each step, and where it stops. */
interface DemoScenario {
  meetingDaysAgo: number;
  /** Committee's step: approve or return, days ago; null: still awaiting the review. */
  review: { action: "approve" | "return"; daysAgo: number } | null;
  /** Party stages reached, each with its days ago. */
  stages: { stage: PartyStage; daysAgo: number }[];
}

/** Awaiting review, returned, recommended, 积极分子, 发展对象, 预备党员 — in that order. */
const SCENARIOS: readonly DemoScenario[] = [
  { meetingDaysAgo: 20, review: null, stages: [] },
  { meetingDaysAgo: 45, review: { action: "return", daysAgo: 40 }, stages: [] },
  { meetingDaysAgo: 90, review: { action: "approve", daysAgo: 80 }, stages: [] },
  {
    meetingDaysAgo: 300,
    review: { action: "approve", daysAgo: 290 },
    stages: [{ stage: "activist", daysAgo: 200 }],
  },
  {
    meetingDaysAgo: 500,
    review: { action: "approve", daysAgo: 490 },
    stages: [
      { stage: "activist", daysAgo: 450 },
      { stage: "development_target", daysAgo: 200 },
    ],
  },
  {
    meetingDaysAgo: 700,
    review: { action: "approve", daysAgo: 690 },
    stages: [
      { stage: "activist", daysAgo: 650 },
      { stage: "development_target", daysAgo: 500 },
      { stage: "probationary", daysAgo: 380 },
    ],
  },
];

/**
 * 推优入党 in the demo county (issue 12 part 5, part 9): a handful of recommendations at every stage —
 * awaiting the committee's review (in the inbox), returned with a reason, recommended, and three with
 * the Party's later steps (积极分子; 发展对象; 预备党员, whose political status becomes 中共预备党员). Made
 * through the service as the system actor (eligibility, the engine, archive and audit as in real use),
 * two members per branch, `preferredBranchId`'s first (e.g. demo-branch's village branch). Candidates:
 * active League members aged 20–27 today who joined at least 3 years ago, so every scenario's meeting
 * finds them eligible. Idempotent enough for a fresh demo: members with a recommendation are skipped.
 * @returns the number of recommendations written (fewer when the county has fewer candidates).
 */
export async function seedDemoPartyRecommendations(
  db: Database,
  county: { id: number; path: string },
  today: string,
  preferredBranchId: number | null = null,
): Promise<{ recommendations: number }> {
  // The members with a recommendation first (the coordinator's table on Citus), then the candidates
  // among the county's members without one (one shard group on Citus when the subtree is one county).
  const recommended = await queryRows<{ id: number }>(
    db,
    sql`select distinct member_id::int as id from party_recommendation`,
  );
  const countyId = await countyScopeOfPath(db, county.path);
  const candidates = await queryRows<{ id: number }>(
    db,
    sql`select id from (
          select m.id, o.id as branch_id, o.path, row_number() over (partition by o.id order by m.id) as place
          from member m join organization o on o.id = m.organization_id
          where ${countyId === null ? sql`true` : sql`m.county_id = ${countyId}`} and ${inSubtree(sql`o.path`, county.path)} and m.status = 'active'
            and coalesce(m.political_status, 'league_member') = 'league_member'
            and m.birth_date <= ${addMonths(today, -12 * 20)}::date and m.birth_date > ${addMonths(today, -12 * 27)}::date
            and m.joined_on <= ${addMonths(today, -36)}::date
            and m.id <> all(${intArray(recommended.map((row) => Number(row.id)))})
        ) ranked where place <= 2
        order by (branch_id = ${preferredBranchId ?? 0}) desc, path, id
        limit ${SCENARIOS.length}`,
  );
  const actor = systemActor("demo");
  let written = 0;
  for (const [index, candidate] of candidates.entries()) {
    const scenario = SCENARIOS[index];
    if (!scenario) break;
    const meetingHeldOn = addDays(today, -scenario.meetingDaysAgo);
    const created = await createRecommendation(
      db,
      actor,
      {
        memberId: Number(candidate.id),
        partyApplicationOn: addMonths(meetingHeldOn, -8),
        meetingHeldOn,
        rollCount: 18 + index,
        attendeesCount: 14 + index,
        votesFor: 12 + index,
      },
      today,
    );
    if (scenario.review) {
      await transitionRecommendation(
        db,
        actor,
        created.id,
        {
          action: scenario.review.action,
          payload:
            scenario.review.action === "return"
              ? { reason: "支部大会记录未附表决情况，请补充后重新报送" }
              : {},
        },
        addDays(today, -scenario.review.daysAgo),
      );
    }
    for (const stage of scenario.stages) {
      await recordPartyStage(
        db,
        actor,
        created.id,
        { stage: stage.stage, on: addDays(today, -stage.daysAgo) },
        today,
      );
    }
    written += 1;
  }
  return { recommendations: written };
}

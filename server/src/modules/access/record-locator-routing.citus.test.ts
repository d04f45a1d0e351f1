import { addDays, addMonths } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import {
  citusRoutingSkipReason,
  type LoggedStatement,
  planScans,
  useRoutingProofDatabase,
  withLiteralParameters,
  workerOfCounty,
} from "../../test/citus-routing";
import { memberIdByName } from "../../test/member-factories";
import { planTaskInput } from "../../test/plan-factories";
import { systemActor } from "../auth/system-actor";
import {
  createRecommendation,
  getRecommendation,
} from "../party-recommendations/party-recommendation.service";
import { importPlan } from "../plans/ledger/plan.service";
import { getPlanTaskDetail } from "../plans/ledger/plan-task-detail.service";
import { getRatingDetail, selfRate } from "../star-ratings/star-rating.service";
import { createSurvey, getSurvey } from "../surveys/surveys.service";

/**
 * Issue 19 part 2 (docs/SCALING.md "Records by their id: county_locator", "Not yet distributed" item 5;
 * migration 0059_record_locator): a star rating, a Party recommendation, a ledger task and a survey opened
 * by their id alone — the URL's only key — through the services, on a connection that logs every
 * statement, each statement EXPLAINed with its parameters. Every Citus scan is ONE task: county_locator on
 * the shard of the id, the records and everything read beside them (the access check, the workflow
 * instance and its steps, the plan with its tasks and reports, the answers counted) on the worker holding
 * the county's shard group, the reference tables' reads one task. Before 0059 the county lookup by id and
 * the access check by id were each a read of every shard (32 tasks). Skipped, with the reason printed,
 * off Citus.
 */
const skipReason = await citusRoutingSkipReason("record-locator-routing.citus.test.ts");

/** The county-distributed tables these pages read (co-located with member). */
const COUNTY_TABLES =
  /\b(star_rating|party_recommendation|plan|plan_phase|plan_task|plan_target|plan_progress_report|plan_close_out|plan_supervision|plan_attachment|plan_level_target|survey|survey_response|workflow_instance|workflow_step|work_item|member|member_event)\b(?!_)/;

const today = todayInChina();

describe.skipIf(skipReason !== null)("records opened by their id read one shard each on Citus", () => {
  const proof = useRoutingProofDatabase();

  /**
   * Plans each statement (its parameters as literals) and lists every Citus scan that is not one task —
   * or, on the county's tables, not on `worker` — into `wrong`; answers how many statements had a scan.
   */
  async function oneTaskEach(
    statements: LoggedStatement[],
    worker: string,
    wrong: string[],
  ): Promise<number> {
    let planned = 0;
    for (const statement of statements) {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(statement.query)) continue;
      const scans = await planScans(proof.pool, withLiteralParameters(statement));
      if (scans.length > 0) planned += 1;
      for (const scan of scans) {
        const county = COUNTY_TABLES.test(statement.query) && !/county_locator/.test(statement.query);
        if (scan.count !== 1 || (county && JSON.stringify(scan.nodes) !== JSON.stringify([worker]))) {
          wrong.push(`${scan.count} tasks on ${scan.nodes.join(" ")}: ${statement.query}`);
        }
      }
    }
    return planned;
  }

  it("a rating, a recommendation, a ledger task and a survey by id: one task per statement", async () => {
    const { handle, tree, logged, statements } = proof;
    const actor = systemActor("routing-test");
    const worker = await workerOfCounty(handle.db, tree.county.id);
    const rating = await selfRate(
      handle.db,
      actor,
      tree.eastVillage1.id,
      {
        year: 2025,
        scores: { organization: 19, members: 19, organizational_life: 19, role: 19, records: 19 },
      },
      today,
    );
    const meetingOn = addDays(today, -10);
    const recommendation = await createRecommendation(
      handle.db,
      actor,
      {
        memberId: await memberIdByName(handle.db, "张三"),
        partyApplicationOn: addMonths(meetingOn, -7),
        meetingHeldOn: meetingOn,
        rollCount: 20,
        attendeesCount: 15,
        votesFor: 12,
      },
      today,
    );
    const planId = await importPlan(
      handle.db,
      actor,
      tree.county.id,
      {
        title: "按编号打开的方案",
        phases: [{ name: "组织筹备", start: null, end: null }],
        tasks: [planTaskInput(1), planTaskInput(2)],
        unplaced: [],
        targets: [],
      },
      null,
    );
    const [task] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id::int as id from plan_task where plan_id = ${planId} order by number limit 1`,
    );
    const survey = await createSurvey(
      handle.db,
      actor,
      tree.east.id,
      {
        title: "按编号打开的问卷",
        questions: [
          {
            id: "q",
            kind: "single_choice",
            title: "乡镇",
            required: true,
            options: [
              { id: "a", label: "东河镇" },
              { id: "b", label: "西河镇" },
            ],
          },
        ],
      },
      new Date(),
    );
    // Each located in the county by its insert (county_locator, read here on the shard of each id).
    const located = await queryRows<{ kind: string; county_id: number }>(
      handle.db,
      sql`select kind, county_id from county_locator
           where (kind, id) in (('star_rating', ${rating.id}), ('party_recommendation', ${recommendation.id}),
                                ('plan', ${planId}), ('plan_task', ${Number(task?.id)}), ('survey', ${survey.id}))
           order by kind`,
    );
    expect(located).toEqual(
      ["party_recommendation", "plan", "plan_task", "star_rating", "survey"].map((kind) => ({
        kind,
        county_id: tree.county.id,
      })),
    );

    const opened: [string, () => Promise<unknown>][] = [
      ["rating", () => getRatingDetail(logged, actor, rating.id)],
      ["recommendation", () => getRecommendation(logged, actor, recommendation.id, today)],
      ["ledger task", () => getPlanTaskDetail(logged, actor, Number(task?.id), { today, dueSoonDays: 14 })],
      ["survey", () => getSurvey(logged, actor, survey.id, new Date())],
    ];
    const counts: string[] = [];
    const wrong: string[] = [];
    for (const [name, open] of opened) {
      statements.length = 0;
      expect(await open()).toMatchObject({});
      const located = statements.filter((statement) => /county_locator/.test(statement.query)).length;
      const planned = await oneTaskEach([...statements], worker, wrong);
      expect(located, `${name}: its county read in county_locator`).toBeGreaterThanOrEqual(1);
      counts.push(`${name} ${planned} (${located} county_locator)`);
    }
    expect(wrong, "statements not one task on the county's worker").toEqual([]);
    console.log(`opened by id, statements planned by Citus, each one task: ${counts.join(", ")}`);
  });
});

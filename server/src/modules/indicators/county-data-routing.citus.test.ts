import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  expectEachOneTaskOn,
  LOCK_OR_WRITE,
  type LoggedStatement,
  planScans,
  useRoutingProofDatabase,
  withLiteralParameters,
  workerOfCounty,
} from "../../test/citus-routing";
import { systemActor } from "../auth/system-actor";
import { answerSurvey } from "../surveys/survey-public.service";
import { createSurvey, getSurveyResults, transitionSurvey } from "../surveys/surveys.service";
import { replaceEnteredData } from "./entered-data.service";
import { findEnteredFigures } from "./indicator-records.repository";

/**
 * Issue 19 part 1: the entered data (填报数据) and the surveys (问卷) are distributed by county on a Citus
 * coordinator (migration 0046_county_data_distribution: youth_population, school_enrollment,
 * eligible_units, survey, survey_response by county_id, co-located with member). A township's entries
 * replaced through the service (the read before, the delete, the insert, the read after, on a
 * connection that logs every statement), the indicators' read of a county's entries, and a survey
 * created, opened, answered and tallied are EXPLAINed with their parameters: every statement on those
 * tables that names the county is ONE task, on the worker holding the county's shard group; the only
 * ones asking every shard are the survey's county lookup by id and the public link's read by token
 * (unlocked). Skipped, with the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("county-data-routing.citus.test.ts");

const ENTERED = /\b(youth_population|school_enrollment|eligible_units)\b/;
const SURVEY = /\b(survey|survey_response)\b/;

describe.skipIf(skipReason !== null)("an organization's entered data is one shard group on Citus", () => {
  const proof = useRoutingProofDatabase();

  // Every logged statement is planned with its parameters written in as literals (a custom plan, as
  // executed): with bind parameters EXPLAIN may plan generically, and Citus cannot plan the survey read's
  // correlated count without the county's value ("could not create distributed plan").
  const literal = (found: LoggedStatement[]) => found.map(withLiteralParameters);

  it("the tables are distributed by county_id, co-located with member", async () => {
    const { handle } = proof;
    const rows = await queryRows<{ table_name: string; column: string; colocated: boolean }>(
      handle.db,
      sql`select t.logicalrelid::text as table_name, column_to_column_name(t.logicalrelid, t.partkey) as column,
                 t.colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'member'::regclass) as colocated
            from pg_dist_partition t
           where t.logicalrelid in ('youth_population'::regclass, 'school_enrollment'::regclass,
                                    'eligible_units'::regclass, 'survey'::regclass, 'survey_response'::regclass)
           order by 1`,
    );
    expect(rows).toEqual([
      { table_name: "eligible_units", column: "county_id", colocated: true },
      { table_name: "school_enrollment", column: "county_id", colocated: true },
      { table_name: "survey", column: "county_id", colocated: true },
      { table_name: "survey_response", column: "county_id", colocated: true },
      { table_name: "youth_population", column: "county_id", colocated: true },
    ]);
  });

  it("a township's entries replaced: every statement on the entered tables is one task on the county's worker", async () => {
    const { handle, tree, pool, logged, statements } = proof;
    const actor = systemActor("routing-test");
    const result = await replaceEnteredData(logged, actor, tree.east.id, "youth_population", [
      { year: 2025, population: 30, source: "镇统计站" },
      { year: 2026, population: 31, source: "镇统计站" },
    ]);
    expect(result.entries.map((entry) => entry.population)).toEqual([30, 31]);
    const again = await replaceEnteredData(logged, actor, tree.east.id, "youth_population", [
      { year: 2026, population: 32, source: "镇统计站" },
    ]);
    expect(again.entries.map((entry) => [entry.year, entry.population])).toEqual([[2026, 32]]);

    const worker = await workerOfCounty(handle.db, tree.county.id);
    const entered = statements.filter((statement) => ENTERED.test(statement.query));
    expect(entered.filter((statement) => /^\s*insert\b/i.test(statement.query)).length).toBe(2);
    expect(entered.filter((statement) => /^\s*delete\b/i.test(statement.query)).length).toBe(2);
    expect(entered.length, "reads, deletes and inserts").toBeGreaterThanOrEqual(8);
    await expectEachOneTaskOn(pool, literal(entered), worker);
    console.log(`entered data replaced twice: ${entered.length} statements, each one task on ${worker}`);
  });

  it("the indicators' read of a county's entries is one task; the figures are the entries", async () => {
    const { tree, pool, logged, statements } = proof;
    statements.length = 0;
    const figures = await findEnteredFigures(logged, "youth_population", tree.county.path, 2026);
    expect(figures.map((figure) => [figure.organizationId, figure.value])).toEqual([[tree.east.id, 32]]);
    const entered = statements.filter((statement) => ENTERED.test(statement.query));
    expect(entered.length).toBe(1);
    for (const statement of literal(entered)) {
      const scans = await planScans(pool, statement);
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) expect(scan.count, statement.query).toBe(1);
    }
  });

  it("a survey created, opened, answered twice and tallied: every write one task on the county's worker", async () => {
    const { handle, tree, pool, logged, statements } = proof;
    statements.length = 0;
    const actor = systemActor("routing-test");
    const now = new Date();
    const created = await createSurvey(
      logged,
      actor,
      tree.east.id,
      {
        title: "青年需求调查",
        questions: [
          {
            id: "town",
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
      now,
    );
    await transitionSurvey(logged, actor, created.id, "open", now);
    await answerSurvey(
      logged,
      created.publicToken,
      { deviceKey: "device-routing-0001", answers: { town: "a" } },
      now,
    );
    await answerSurvey(
      logged,
      created.publicToken,
      { deviceKey: "device-routing-0002", answers: { town: "b" } },
      now,
    );
    const results = await getSurveyResults(logged, actor, created.id, undefined);
    expect(results.responseCount).toBe(2);

    const worker = await workerOfCounty(handle.db, tree.county.id);
    const touched = statements.filter((statement) => SURVEY.test(statement.query));
    const writes = touched.filter((statement) => LOCK_OR_WRITE.test(statement.query));
    expect(writes.length, "inserts, the lock, the update, the answers").toBeGreaterThanOrEqual(5);
    await expectEachOneTaskOn(pool, literal(writes), worker);
    const fanOut: string[] = [];
    for (const statement of touched.filter((candidate) => !writes.includes(candidate))) {
      const scans = await planScans(pool, withLiteralParameters(statement));
      if (Math.max(0, ...scans.map((scan) => scan.count)) > 1) fanOut.push(statement.query);
    }
    // (the access check's read by id, the county lookup by id, the public link's read by token)
    for (const query of fanOut) {
      expect(query, "only by-id and by-token reads ask every shard").toMatch(
        /^select ("survey"\."id", "organization"\."path"|("survey"\.)?"county_id" from "survey" where "survey"\."id" = \$1$|"survey"\."id", "survey"\."county_id".*"survey"\."public_token" = )/s,
      );
    }
    console.log(
      `a survey's life: ${writes.length} writes/locks on ${worker}, ${fanOut.length} reads of every shard`,
    );
  });
});

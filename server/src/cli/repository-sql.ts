import { readFileSync } from "node:fs";
import path from "node:path";
import type { IndicatorId } from "@tuanwu/domain";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { REPOSITORY_ROOT } from "../config";
import type { Executor } from "../db/database";
import {
  countDrillDownMembers,
  countDrillDownOrganizations,
  findDrillDownMembers,
  findDrillDownOrganizations,
} from "../modules/indicators/indicator-drilldown.repository";
import { INDICATOR_IMPLEMENTATIONS } from "../modules/indicators/indicator-implementations";
import {
  type CountedOrganization,
  countPendingDeltas,
  deleteZeroCounters,
  foldPendingDeltas,
  lockMemberCounters,
  readChildMemberTotals,
  readChildOrganizationTotals,
  readLiveDashboard,
  readMemberFigures,
  readOrganizationFigures,
  recountMemberFigures,
  recountOrganizationFigures,
  runMemberCountRebuild,
} from "../modules/stats/member-count.repository";

/**
 * The hand-built SQL of the repositories whose statements are assembled from parts (the subtree
 * counters, the indicator drill-downs), rendered for review (Immich's habit): each repository
 * function is run against an executor that records the statements instead of sending them, and the
 * text and parameters are written to a .sql file next to the repository. `npm run sql:generate -w
 * server` rewrites the files; repository-sql.test.ts fails when a committed file is stale.
 */

/** One statement recorded from a repository function. */
interface Captured {
  text: string;
  params: unknown[];
}

/** A named call of repository functions whose statements are rendered. */
interface RenderedCase {
  name: string;
  run: (db: Executor) => Promise<unknown>;
}

/** A committed .sql file (path from the repository root) and the calls it renders. */
export interface RepositorySqlFile {
  file: string;
  source: string;
  cases: readonly RenderedCase[];
}

const dialect = new PgDialect();

/** An executor that records every statement and answers no rows. */
function recordingExecutor(captured: Captured[]): Executor {
  const execute = async (query: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    captured.push({ text, params });
    return { rows: [], rowCount: 0 };
  };
  return { execute } as unknown as Executor;
}

const ROOT_PATH = "1/2/";
const AS_OF = "2025-06-30";
const COUNTY: CountedOrganization = {
  id: 2,
  path: ROOT_PATH,
  kind: "county_committee",
  sector: null,
  depth: 2,
};
const BRANCH: CountedOrganization = { id: 9, path: "1/2/9/", kind: "branch", sector: "rural", depth: 3 };

const MEMBER_COUNT_CASES: readonly RenderedCase[] = [
  { name: "lockMemberCounters", run: (db) => lockMemberCounters(db) },
  { name: "foldPendingDeltas", run: (db) => foldPendingDeltas(db) },
  { name: "deleteZeroCounters", run: (db) => deleteZeroCounters(db) },
  { name: "runMemberCountRebuild (a subtree)", run: (db) => runMemberCountRebuild(db, ROOT_PATH) },
  { name: "countPendingDeltas", run: (db) => countPendingDeltas(db) },
  { name: "readMemberFigures (a committee)", run: (db) => readMemberFigures(db, COUNTY) },
  { name: "readMemberFigures (a branch)", run: (db) => readMemberFigures(db, BRANCH) },
  {
    name: "readChildMemberTotals (a committee and a branch child)",
    run: (db) =>
      readChildMemberTotals(db, COUNTY, [
        { id: 5, kind: "township_committee" },
        { id: 9, kind: "branch" },
      ]),
  },
  { name: "readOrganizationFigures (a committee)", run: (db) => readOrganizationFigures(db, COUNTY) },
  { name: "readChildOrganizationTotals", run: (db) => readChildOrganizationTotals(db, [5, 9]) },
  { name: "recountMemberFigures", run: (db) => recountMemberFigures(db, ROOT_PATH) },
  { name: "recountOrganizationFigures", run: (db) => recountOrganizationFigures(db, ROOT_PATH) },
  {
    name: "readLiveDashboard (two bands)",
    run: (db) =>
      readLiveDashboard(
        db,
        COUNTY.id,
        { all: ["active", "transferring"], current: ["active"] },
        [
          { band: "over_28", month: "1996-06" },
          { band: "26-28", month: "1999-06" },
        ],
        "14-17",
      ),
  },
];

/** One indicator of each shape of drill-down filter its family builds (the lookups of entered data included). */
const DRILL_DOWN_EXAMPLES: readonly IndicatorId[] = [
  "members_total",
  "members_sector_rural",
  "members_status_aged_out",
  "members_sex_female",
  "members_age_14_17",
  "members_age_23_25",
  "members_age_over_28",
  "members_education_bachelor",
  "members_turning_28",
  "youth_league_ratio",
  "league_student_ratio_university",
  "cadres_total",
  "cadres_full_time",
  "cadres_party_member_rate",
  "cadres_bachelor_or_higher_rate",
  "cadres_under_35_rate",
  "organizations_total",
  "organizations_sector_rural",
  "coverage_rate_two_new",
  "staffing_rate",
];

/** The drill-down of `id` for the subtree at ROOT_PATH on AS_OF: count and first page. */
function drillDownCase(id: IndicatorId): RenderedCase {
  return {
    name: id,
    run: async (db) => {
      const drillDown = INDICATOR_IMPLEMENTATIONS[id].drillDown;
      if (drillDown === null) return;
      const context = { db, rootPath: ROOT_PATH, asOf: AS_OF };
      if (drillDown.kind === "members") {
        const filter = await drillDown.filter(context);
        await countDrillDownMembers(db, ROOT_PATH, filter);
        await findDrillDownMembers(db, ROOT_PATH, filter, 50, 0);
      } else {
        const filter = await drillDown.filter(context);
        await countDrillDownOrganizations(db, ROOT_PATH, filter);
        await findDrillDownOrganizations(db, ROOT_PATH, filter, 50, 0);
      }
    },
  };
}

/** The rendered .sql files: the subtree counters and the indicator drill-downs. */
export const REPOSITORY_SQL_FILES: readonly RepositorySqlFile[] = [
  {
    file: "server/src/modules/stats/member-count.repository.sql",
    source: "member-count.repository.ts",
    cases: MEMBER_COUNT_CASES,
  },
  {
    file: "server/src/modules/indicators/indicator-drilldown.repository.sql",
    source: "indicator-drilldown.repository.ts (filters from families/*.indicators.ts)",
    cases: DRILL_DOWN_EXAMPLES.map(drillDownCase),
  },
];

function renderParam(value: unknown): string {
  return typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : JSON.stringify(value);
}

/** The text of one .sql file: each case's statements with their parameters ($n) as comments. */
export async function renderRepositorySql(file: RepositorySqlFile): Promise<string> {
  const out = [
    `-- Generated by \`npm run sql:generate -w server\` (server/src/cli/repository-sql.ts): do not edit.`,
    `-- The statements of ${file.source}, root path '${ROOT_PATH}', as of ${AS_OF}.`,
    "",
  ];
  for (const rendered of file.cases) {
    const captured: Captured[] = [];
    try {
      await rendered.run(recordingExecutor(captured));
    } catch {
      // The recording executor answers no rows: a function may fail reading them after its statements ran.
    }
    out.push(`-- name: ${rendered.name}`);
    for (const { text, params } of captured) {
      params.forEach((param, index) => {
        out.push(`-- $${index + 1} = ${renderParam(param)}`);
      });
      out.push(`${text.trimEnd()};`, "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** The absolute path of a rendered file. */
export function repositorySqlPath(file: RepositorySqlFile): string {
  return path.join(REPOSITORY_ROOT, file.file);
}

/** The committed text of a rendered file ("" when missing). */
export function readCommittedSql(file: RepositorySqlFile): string {
  try {
    return readFileSync(repositorySqlPath(file), "utf8");
  } catch {
    return "";
  }
}

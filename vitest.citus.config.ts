import { defineConfig } from "vitest/config";

/**
 * The server tests that run on a Citus cluster (issue 19; `npm run test:citus`, .ci/run's Citus phase),
 * against the schema as migration 0030 distributes it (the member family by county, the tree a
 * reference table, the rest Citus local tables): the harness and startup check themselves, the routing
 * proof (member list and search inside a county are single-shard plans, and so are an organization's
 * member counts), the to-do list, the statistics, organization counts and moves, and a city's member
 * list over its counties. The one list: add a file here to run it on Citus.
 *
 * Not yet in the list, because they fail on the distributed schema (docs/SCALING.md "What runs on
 * Citus now", "Failing on the cluster"): member creation, status decisions, transfers, development,
 * and the counters' recount proof — statements that are not yet
 * scoped to one county: FOR UPDATE without the county, a subquery in LIMIT across shards, joins of
 * member tables with coordinator tables.
 */
export const CITUS_TEST_FILES = [
  "src/db/citus.test.ts",
  "src/test/citus-test-cluster.test.ts",
  "src/modules/members/member-routing.citus.test.ts",
  "src/modules/workflow/todo.routes.test.ts",
  "src/modules/stats/stats.routes.test.ts",
  "src/modules/organizations/organization-counts.routes.test.ts",
  "src/modules/organizations/organization-move.routes.test.ts",
  "src/modules/organizations/organization-routing.citus.test.ts",
  "src/modules/members/member-list-above-county.routes.test.ts",
];

// The cluster of ../shared/citus/cluster.sh unless DATABASE_URL names another coordinator.
process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:9700/postgres";

/** Like the server project of vitest.config.ts, on the Citus coordinator, with only CITUS_TEST_FILES. */
export default defineConfig({
  test: {
    globalSetup: ["./scripts/test-temporary-folder.mjs"],
    projects: [
      {
        test: {
          name: "server-citus",
          root: "server",
          include: CITUS_TEST_FILES,
          // Refuses a DATABASE_URL that is not a Citus coordinator; then migrates the run's template on every node.
          globalSetup: [
            "src/test/require-citus.global-setup.ts",
            "src/test/migrated-database.global-setup.ts",
          ],
          environment: "node",
          // The counters' random-workload proof with one seed (seeds 2 and 3 run on PGlite and PostgreSQL).
          env: { TUANWU_PROOF_SEED: "1" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

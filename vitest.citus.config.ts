import { defineConfig } from "vitest/config";

/**
 * The server tests that run on a Citus cluster (issue 19; `npm run test:citus`, .ci/run's Citus phase):
 * the harness and startup check themselves, then the tests that touch the data distributed by county —
 * members (list, search, create), status changes, the counters and their recount, organizations and
 * their counts and moves, a workflow (development) and the to-do list, transfers. The one list: add a
 * file here to run it on Citus. Chosen to stay within ≈ 6 minutes on 2 cores (CONTRIBUTING.md).
 */
export const CITUS_TEST_FILES = [
  "src/db/citus.test.ts",
  "src/test/citus-test-cluster.test.ts",
  "src/modules/members/member.routes.test.ts",
  "src/modules/members/member-create.routes.test.ts",
  "src/modules/member-status/member-status-decision.routes.test.ts",
  "src/modules/stats/member-count.consistency.test.ts",
  "src/modules/stats/stats.routes.test.ts",
  "src/modules/organizations/organization-counts.routes.test.ts",
  "src/modules/organizations/organization-move.routes.test.ts",
  "src/modules/development/development.routes.test.ts",
  "src/modules/workflow/todo.routes.test.ts",
  "src/modules/transfers/transfers.routes.test.ts",
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

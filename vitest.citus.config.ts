import { defineConfig } from "vitest/config";

/**
 * The server tests that run on a Citus cluster (issue 19; `npm run test:citus`, .ci/run's Citus phase),
 * against the schema as the migrations distribute it. Distributed by county, co-located with `member`:
 * the member family, the counters, `audit_log` (0040), the workflow tables (0041), terms, deputies and
 * liaison (0042), dues payments and registrations (0043), reviews, grades, Party recommendations and star
 * ratings (0044), the reform ledger (0045), entered data and surveys (0046), the month-end snapshots and
 * 应录入数 sums (0049), cadre records, placements, attendance and the cadre tallies (0051), meetings,
 * attendance and photos (0053), the Youth Home family (0054), the cadres' report-and-review tables (0055),
 * the organizational-life tallies by their holder's bucket (0056).
 * Reference tables: the tree, the dictionaries, dues schedules, registration
 * and review campaigns, scoring sheets, evaluation rounds and items, training rounds (0051), users and roles
 * (0052). `county_locator` and the registries by their own keys. Still Citus local tables on the
 * coordinator: sessions (docs/SCALING.md "Not yet distributed").
 *
 * What runs: the harness and startup check themselves, the routing proofs (member list and search, a
 * status change delegated to one worker, an organization's member counts, a workflow step inside a
 * county, the dashboards, dues, a star rating, terms and liaison, the ledger, entered data and surveys,
 * the snapshots' trend, as-of figures and month-end copy, records opened by their id through county_locator),
 * the to-do list, the member write path (creation, status decisions, citizen IDs and member numbers unique
 * across counties), the upgrade of a cluster migrated to 0030, transfers (between counties too) and
 * development, the statistics, organization counts and moves, a city's member list over its counties,
 * the audit log, meetings, dues, registrations, reviews, the ledger, the archive and attachments, backup,
 * month-end snapshots, trends and past month-ends, 应录入数.
 * The one list: add a file here to run it on Citus.
 *
 * Not yet in the list (docs/SCALING.md "What runs on Citus now"): the modules not yet tried there.
 */
export const CITUS_TEST_FILES = [
  "src/db/citus.test.ts",
  // The one procedure that distributes a table family (migration 0048).
  "src/db/citus-distribute.test.ts",
  // The upgrade path: a cluster migrated to 0030 with data, then to the latest in one run and one
  // migration at a time (issue 19; ≈ 11 min on the loaded 2-core machine: two scratch databases).
  "src/test/migration-upgrade.test.ts",
  "src/test/citus-test-cluster.test.ts",
  "src/modules/members/member-routing.citus.test.ts",
  "src/modules/workflow/todo.routes.test.ts",
  // The member write path with the county (issue 19 part 2): creation, status requests and decisions,
  // national citizen-ID uniqueness, and the routing proof of a status change. The member list
  // (member.routes) also needs the subtree count without a LIMIT subquery (organizations' part).
  "src/modules/members/member.routes.test.ts",
  "src/modules/members/member-create.routes.test.ts",
  "src/modules/members/citizen-id-registry.routes.test.ts",
  "src/modules/members/member-number-registry.routes.test.ts",
  "src/modules/member-status/member-status-decision.routes.test.ts",
  "src/modules/member-status/member-status-routing.citus.test.ts",
  // The audit log distributed by county (migration 0040): its list and export, the writer, and the
  // immediate status change as one call delegated to the county's worker.
  "src/modules/audit/audit.routes.test.ts",
  "src/modules/audit/audit.service.test.ts",
  "src/modules/member-status/member-status-immediate.routes.test.ts",
  // The county locator (a member's or request's county by id in one single-shard read): consistent after
  // creation, imports, requests, moves and deletions; refused writes leave no location.
  "src/modules/members/county-locator.routes.test.ts",
  // The same repository functions in edits, corrections, status requests and the registry import.
  "src/modules/members/member-update.routes.test.ts",
  "src/modules/members/member-correction.routes.test.ts",
  "src/modules/registry/registry.routes.test.ts",
  "src/modules/member-status/member-status-request.routes.test.ts",
  // Workflows (issue 19 part 2): transfers and development, and the routing proof of a workflow step.
  "src/modules/workflow/workflow-routing.citus.test.ts",
  "src/modules/transfers/transfers.routes.test.ts",
  "src/modules/development/development.routes.test.ts",
  "src/modules/transfers/transfers-between-counties.routes.test.ts",
  "src/modules/transfers/transfer-letters.routes.test.ts",
  "src/modules/transfers/transfer-out.routes.test.ts",
  "src/modules/transfers/transfers-race.routes.test.ts",
  "src/modules/transfers/transfer-destinations.routes.test.ts",
  "src/modules/development/development-documents.routes.test.ts",
  "src/modules/development/development-points.routes.test.ts",
  "src/modules/development/development-quota-race.routes.test.ts",
  // The organizational-life tallies exact on Citus: the fold refreshes the member side (migration 0035).
  "src/modules/stats/org-life-fold.test.ts",
  // Statistics and organization routes (issue 19 part 2), the member list above the county.
  "src/modules/stats/stats.routes.test.ts",
  "src/modules/organizations/organization-counts.routes.test.ts",
  "src/modules/organizations/organization-move.routes.test.ts",
  // A subtree moved to another county: refused on Citus when it holds records, moved when it holds none.
  "src/modules/organizations/organization-move-county.routes.test.ts",
  "src/modules/organizations/organization-routing.citus.test.ts",
  "src/modules/members/member-list-above-county.routes.test.ts",
  // The counters distributed by county (migration 0038_member_count_county): the dashboard's routing proof;
  // since 0057_above_county_bucket a province's counters' read is ONE task (every holder above the county
  // in one bucket).
  "src/modules/stats/dashboard-routing.citus.test.ts",
  "src/modules/stats/dashboard-above-county.test.ts",
  // The counters' recount proof: seed 1's random writes and the never-folded run. Its demo-seed part
  // (the seed's modules read the members first) passed here too (4/4, 20 min at load ≈ 20 on 2 cores,
  // 2026-12-07; the demo seed alone 10.6 min) and runs with TUANWU_CITUS_DEMO_RECOUNT=1, outside CI's
  // 60 minutes.
  "src/modules/stats/member-count.consistency.test.ts",
  // Reviews, recommendations and star ratings distributed by county (migration 0044_review_rating_county),
  // the tallies asserted against a recount, and the routing proof of a rating in a county.
  "src/modules/education-reviews/education-review.routes.test.ts",
  "src/modules/party-recommendations/party-recommendation.routes.test.ts",
  "src/modules/star-ratings/star-rating.routes.test.ts",
  "src/modules/star-ratings/star-rating-routing.citus.test.ts",
  // Organizational life and the annual cycle beside the distributed members (coordinator tables).
  "src/modules/registrations/registration.routes.test.ts",
  // The Youth Home family distributed by county (migration 0054_youth_home_distribution): homes,
  // activities, the public sign-up and check-in by tokens naming the activity, volunteer shifts and hours,
  // and the routing proof of an activity, a sign-up, a check-in and a volunteer record on one worker.
  "src/modules/activities/youth-home-routing.citus.test.ts",
  "src/modules/youth-homes/youth-home.routes.test.ts",
  "src/modules/activities/activity.routes.test.ts",
  "src/modules/activities/activity-public.routes.test.ts",
  "src/modules/volunteer-hours/volunteer-hours.routes.test.ts",
  "src/modules/cadres/cadres.routes.test.ts",
  "src/modules/me/me.routes.test.ts",
  // Organizational life, dues and the archive (issue 19 part 1, branch orglife): the member reads split
  // from the coordinator's meeting and dues tables, the sign-in's time given as a value.
  "src/modules/meetings/meeting.routes.test.ts",
  // Meetings by county (migration 0053_meeting_county): a meeting's life, each statement one task on the
  // county's worker; the organizational-life indicators' record reads of meetings.
  "src/modules/meetings/meeting-routing.citus.test.ts",
  "src/modules/indicators/families/organizational-life.indicators.test.ts",
  "src/modules/dues/dues.routes.test.ts",
  "src/modules/archive/archive.routes.test.ts",
  "src/modules/member-status/member-work-list.routes.test.ts",
  "src/modules/meetings/league-school.routes.test.ts",
  "src/modules/archive/attachment.routes.test.ts",
  // `tuanwu backup` of a coordinator (issue 19 part 6): the workers' rows in one consistent dump, restored
  // into a server that loads Citus, refused with the reason on plain PostgreSQL.
  "src/modules/backup/backup.citus.test.ts",
  // Terms, deputies and liaison distributed by county (migration 0042_cadre_county, branch cadres).
  "src/modules/terms/terms.routes.test.ts",
  "src/modules/liaison/liaison.routes.test.ts",
  "src/modules/liaison/liaison-routing.citus.test.ts",
  // Dues and registrations distributed by the member's county (migration 0043_org_life_county): a
  // branch's month of dues and a registration decision on one worker, and the organizational-life
  // tallies' recount proof with the fold first (member changes, dues and registrations refresh there).
  "src/modules/dues/dues-routing.citus.test.ts",
  "src/modules/indicators/org-life-count.consistency.test.ts",
  // The organizational-life tallies distributed by the holder's bucket (migration 0056_org_life_tally_county):
  // a county's tallies read by the indicators are one task each, a branch's refresh writes one worker.
  "src/modules/indicators/org-life-tally-routing.citus.test.ts",
  // The reform ledger distributed by county (migration 0045_ledger_county): plans, tasks, imports,
  // progress, close-outs, supervision, units and assignments, evaluation rounds and scores, the city
  // comparison of its counties' plans (a fan-out, figures asserted), and the routing proof of a county's
  // import, task update, supervision and close-out. Not yet in the list (docs/SCALING.md "The ledger on
  // Citus"): targets, exports, formats, the progress rule, evaluation results and the indicator API —
  // not run to the end on the cluster in that session.
  "src/modules/plans/ledger/plan-ledger.routes.test.ts",
  "src/modules/plans/ledger/ledger-routing.citus.test.ts",
  "src/modules/plans/import/plan-import.routes.test.ts",
  "src/modules/plans/progress/plan-progress.routes.test.ts",
  "src/modules/plans/close-out/plan-close-out.routes.test.ts",
  "src/modules/plans/supervision/plan-supervision.routes.test.ts",
  "src/modules/plans/units/plan-unit.routes.test.ts",
  "src/modules/plans/units/plan-assignment.routes.test.ts",
  "src/modules/plans/evaluation/evaluation.routes.test.ts",
  "src/modules/plans/comparison/plan-comparison.routes.test.ts",
  // Entered data (填报数据) and surveys distributed by county (migration 0046_county_data_distribution): the
  // routing proof (a replacement, a county's read, a survey's life), 团学比/团青比 with their figures, the
  // survey routes, and the Youth Home indicators' tallies (survey answers) with their figures.
  "src/modules/indicators/county-data-routing.citus.test.ts",
  "src/modules/admission-ratios/league-ratio.routes.test.ts",
  "src/modules/surveys/surveys.routes.test.ts",
  "src/modules/indicators/families/youth-home.indicators.test.ts",
  "src/modules/stats/stats-as-of.routes.test.ts",
  "src/modules/stats/member-count-trend.test.ts",
  "src/modules/stats/member-count-snapshot.service.test.ts",
  "src/modules/stats/member-count-snapshot-backdate.test.ts",
  "src/modules/stats/reported-count.test.ts",
  "src/modules/stats/snapshot-above-county.test.ts",
  "src/modules/stats/snapshot-routing.citus.test.ts",
  // The indicator API (branch homes): past month-ends and trends from member_history joined to member on
  // (county_id, id), the cadre drill-downs with the cadre rows read by an uncorrelated subquery, the plan
  // targets' rows written with their county (docs/SCALING.md "The indicator API on Citus").
  "src/modules/indicators/indicator-api.routes.test.ts",
  // Cadres and training distributed by county (migration 0051_cadre_distribution): the routing proof of an
  // appointment and an attendance, the tallies' recount proof (the writers' coordinator-side upkeep in
  // place of the cadre triggers), the cadre indicators against the records, the member fields.
  "src/modules/cadres/cadre-routing.citus.test.ts",
  "src/modules/cadres/cadre-count.consistency.test.ts",
  "src/modules/cadres/member-cadre-fields.consistency.test.ts",
  "src/modules/indicators/families/cadre.indicators.test.ts",
  // The cadres' report-and-review tables 述职评议 distributed by county (migration 0055_review_session_county):
  // the routes (sessions, links, a phone's submission by token, the tally, the close, the letter) and the
  // routing proof (each statement one task on the county's worker).
  "src/modules/cadre-reviews/cadre-reviews.routes.test.ts",
  "src/modules/cadre-reviews/review-routing.citus.test.ts",
  // Users and roles as reference tables, sessions on the coordinator (migration 0052_users_reference): the
  // routing proof of a login, an authenticated request and a logout, the account routes and the
  // applicants' accounts (their check of the application, instance and open work item by county).
  "src/modules/auth/auth-routing.citus.test.ts",
  "src/modules/users/applicant-account.routes.test.ts",
  // The member's page, archive and an attachment by its id named by county (issue 19 part 2, item 6).
  "src/modules/archive/archive-routing.citus.test.ts",
  "src/modules/users/user.routes.test.ts",
  // Records by their id located in county_locator (migration 0059_record_locator): a rating, a
  // recommendation, a ledger task and a survey opened by id, one task per statement.
  "src/modules/access/record-locator-routing.citus.test.ts",
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

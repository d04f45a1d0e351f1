import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app";
import type { DatabaseHandle } from "../db/database";
import { createTestDatabase } from "../test/test-database";
import { routePermissionsPlugin, UndeclaredPermissionError } from "./route-permissions";

describe("the route → permission table", () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    handle = await createTestDatabase();
    app = await buildApp({
      db: handle.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  // A change here is a permission change: review it like one.
  it("lists every API route with the permission it requires", () => {
    const table = [...app.routePermissions]
      .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0) || (a.method < b.method ? -1 : 1))
      .map(({ method, url, permission }) => `${method.padEnd(6)} ${url.padEnd(38)} ${permission}`);
    expect(table).toMatchInlineSnapshot(`
      [
        "GET    /api/v1/activities/:id                 youth_home:read",
        "PATCH  /api/v1/activities/:id                 youth_home:write",
        "POST   /api/v1/activities/:id/cancel          youth_home:write",
        "POST   /api/v1/activities/:id/photos          youth_home:write",
        "GET    /api/v1/activities/:id/photos/:photoId youth_home:read",
        "GET    /api/v1/activities/:id/signups         youth_home:read",
        "POST   /api/v1/activities/:id/signups/:signupId/cancel youth_home:write",
        "GET    /api/v1/applications/:id               member:read",
        "POST   /api/v1/applications/:id/account       member:write",
        "GET    /api/v1/applications/:id/application-form.docx member:read",
        "GET    /api/v1/applications/:id/prerequisites member:read",
        "POST   /api/v1/applications/:id/prerequisites member:write",
        "POST   /api/v1/applications/:id/transitions   organization:read",
        "GET    /api/v1/audit                          audit:read",
        "GET    /api/v1/audit/export.xlsx              audit:read",
        "POST   /api/v1/auth/login                     public",
        "POST   /api/v1/auth/logout                    public",
        "GET    /api/v1/branch-education-reviews/:id   member:read",
        "PUT    /api/v1/branch-education-reviews/:id   member:write",
        "POST   /api/v1/branch-education-reviews/:id/transitions organization:read",
        "GET    /api/v1/cadres/:id                     cadre:read",
        "PATCH  /api/v1/cadres/:id                     cadre:write",
        "GET    /api/v1/cadres/:id/duties              cadre:read",
        "POST   /api/v1/cadres/:id/end                 cadre:write",
        "POST   /api/v1/cadres/:id/placements          cadre:write",
        "GET    /api/v1/cadres/:id/review-results      cadre:read",
        "GET    /api/v1/dictionaries                   public",
        "GET    /api/v1/education-review-campaigns/:campaignId/branches member:read",
        "POST   /api/v1/education-review-campaigns/:campaignId/close member:write",
        "GET    /api/v1/evaluation-rounds/:id          plan:read",
        "GET    /api/v1/evaluation-rounds/:id/results  plan:read",
        "GET    /api/v1/evaluation-rounds/:id/results.xlsx plan:read",
        "PUT    /api/v1/evaluation-rounds/:id/scores   plan:evaluate",
        "GET    /api/v1/health                         public",
        "GET    /api/v1/indicators                     stats:read",
        "GET    /api/v1/me                             organization:read",
        "GET    /api/v1/me/activities                  organization:read",
        "GET    /api/v1/me/applications                organization:read",
        "GET    /api/v1/me/archive                     organization:read",
        "GET    /api/v1/me/contact-logs                organization:read",
        "POST   /api/v1/me/contact-logs                organization:read",
        "GET    /api/v1/me/dues                        organization:read",
        "GET    /api/v1/me/education-reviews           organization:read",
        "GET    /api/v1/me/meetings                    organization:read",
        "POST   /api/v1/me/password                    organization:read",
        "GET    /api/v1/me/record                      organization:read",
        "GET    /api/v1/me/registrations               organization:read",
        "GET    /api/v1/me/transfers                   organization:read",
        "GET    /api/v1/me/volunteer-hours             organization:read",
        "GET    /api/v1/meeting-photos/:id/content     member:read",
        "GET    /api/v1/meetings/:id                   member:read",
        "PATCH  /api/v1/meetings/:id                   member:write",
        "PUT    /api/v1/meetings/:id/attendance        member:write",
        "POST   /api/v1/meetings/:id/photos            member:write",
        "POST   /api/v1/meetings/:id/signin-token      member:write",
        "POST   /api/v1/meetings/signin/:token         organization:read",
        "GET    /api/v1/member-attachments/:id/content member:read",
        "POST   /api/v1/member-attachments/:id/decision member:write",
        "POST   /api/v1/member-corrections/:id/decision member:write",
        "POST   /api/v1/member-flows/:id/end           member:write",
        "POST   /api/v1/member-status-requests/:id/decision member:write",
        "GET    /api/v1/members/:id                    member:read",
        "PATCH  /api/v1/members/:id                    member:write",
        "GET    /api/v1/members/:id/attachments        member:read",
        "POST   /api/v1/members/:id/attachments        member:write",
        "GET    /api/v1/members/:id/awards             member:read",
        "POST   /api/v1/members/:id/awards             member:write",
        "POST   /api/v1/members/:id/corrections        member:write",
        "GET    /api/v1/members/:id/events             member:read",
        "POST   /api/v1/members/:id/flows              member:write",
        "POST   /api/v1/members/:id/status-requests    member:write",
        "POST   /api/v1/members/:id/verify             member:write",
        "GET    /api/v1/organizations                  organization:read",
        "POST   /api/v1/organizations                  organization:write",
        "POST   /api/v1/organizations/:branchId/members member:write",
        "GET    /api/v1/organizations/:id              organization:read",
        "PATCH  /api/v1/organizations/:id              organization:write",
        "GET    /api/v1/organizations/:id/activities   youth_home:read",
        "POST   /api/v1/organizations/:id/activities   youth_home:write",
        "GET    /api/v1/organizations/:id/admission-quotas member:read",
        "PUT    /api/v1/organizations/:id/admission-quotas/:year member:write",
        "POST   /api/v1/organizations/:id/admission-quotas/:year/reclaim member:write",
        "GET    /api/v1/organizations/:id/admission-quotas/unused member:read",
        "GET    /api/v1/organizations/:id/applications member:read",
        "POST   /api/v1/organizations/:id/applications member:write",
        "POST   /api/v1/organizations/:id/applications/batch-transitions member:write",
        "GET    /api/v1/organizations/:id/applications/public-notice.xlsx member:read",
        "GET    /api/v1/organizations/:id/assigned-plan-tasks plan:read",
        "GET    /api/v1/organizations/:id/branch-name-mappings member:read",
        "PUT    /api/v1/organizations/:id/branch-name-mappings member:write",
        "DELETE /api/v1/organizations/:id/branch-name-mappings/:mappingId member:write",
        "GET    /api/v1/organizations/:id/cadre-profile cadre:read",
        "GET    /api/v1/organizations/:id/cadres       cadre:read",
        "POST   /api/v1/organizations/:id/cadres       cadre:write",
        "GET    /api/v1/organizations/:id/children     organization:read",
        "GET    /api/v1/organizations/:id/completeness stats:read",
        "GET    /api/v1/organizations/:id/contact-logs cadre:read",
        "POST   /api/v1/organizations/:id/contact-logs cadre:write",
        "GET    /api/v1/organizations/:id/deputies     cadre:read",
        "POST   /api/v1/organizations/:id/deputies     cadre:write",
        "GET    /api/v1/organizations/:id/dues         member:read",
        "GET    /api/v1/organizations/:id/dues-schedule member:read",
        "PUT    /api/v1/organizations/:id/dues-schedule member:write",
        "PUT    /api/v1/organizations/:id/dues/:month  member:write",
        "GET    /api/v1/organizations/:id/dues/arrears member:read",
        "POST   /api/v1/organizations/:id/dues/import  member:write",
        "GET    /api/v1/organizations/:id/education-review member:read",
        "POST   /api/v1/organizations/:id/education-review member:write",
        "GET    /api/v1/organizations/:id/education-review-campaigns member:read",
        "POST   /api/v1/organizations/:id/education-review-campaigns member:write",
        "GET    /api/v1/organizations/:id/eligible-units stats:read",
        "PUT    /api/v1/organizations/:id/eligible-units organization:write",
        "GET    /api/v1/organizations/:id/evaluation-rounds plan:read",
        "POST   /api/v1/organizations/:id/evaluation-rounds plan:write",
        "PUT    /api/v1/organizations/:id/graduation-date member:write",
        "GET    /api/v1/organizations/:id/indicators   stats:read",
        "GET    /api/v1/organizations/:id/indicators/:indicatorId stats:read",
        "GET    /api/v1/organizations/:id/indicators/:indicatorId/drilldown stats:read",
        "GET    /api/v1/organizations/:id/indicators/children stats:read",
        "GET    /api/v1/organizations/:id/indicators/export.xlsx stats:read",
        "GET    /api/v1/organizations/:id/indicators/trend stats:read",
        "GET    /api/v1/organizations/:id/league-ratios stats:read",
        "GET    /api/v1/organizations/:id/league-school-report member:read",
        "GET    /api/v1/organizations/:id/liaison-assignments cadre:read",
        "POST   /api/v1/organizations/:id/liaison-assignments cadre:write",
        "GET    /api/v1/organizations/:id/liaison-stations cadre:read",
        "POST   /api/v1/organizations/:id/liaison-stations cadre:write",
        "GET    /api/v1/organizations/:id/meeting-calendar member:read",
        "GET    /api/v1/organizations/:id/meetings     member:read",
        "POST   /api/v1/organizations/:id/meetings     member:write",
        "GET    /api/v1/organizations/:id/member-flows member:read",
        "POST   /api/v1/organizations/:id/member-imports member:write",
        "GET    /api/v1/organizations/:id/member-status-requests member:read",
        "GET    /api/v1/organizations/:id/members      member:read",
        "GET    /api/v1/organizations/:id/members.xlsx member:read",
        "POST   /api/v1/organizations/:id/move         organization:write",
        "POST   /api/v1/organizations/:id/organization-imports organization:write",
        "GET    /api/v1/organizations/:id/party-recommendations member:read",
        "GET    /api/v1/organizations/:id/party-recommendations/eligible member:read",
        "GET    /api/v1/organizations/:id/plan-comparison plan:read",
        "GET    /api/v1/organizations/:id/plans        plan:read",
        "POST   /api/v1/organizations/:id/plans        plan:write",
        "POST   /api/v1/organizations/:id/plans/preview plan:write",
        "GET    /api/v1/organizations/:id/points-scheme member:read",
        "PUT    /api/v1/organizations/:id/points-scheme member:write",
        "GET    /api/v1/organizations/:id/registration-campaigns member:read",
        "POST   /api/v1/organizations/:id/registration-campaigns member:write",
        "PUT    /api/v1/organizations/:id/reported-member-count organization:write",
        "GET    /api/v1/organizations/:id/review-sessions cadre:read",
        "POST   /api/v1/organizations/:id/review-sessions cadre:write",
        "GET    /api/v1/organizations/:id/school-enrollment stats:read",
        "PUT    /api/v1/organizations/:id/school-enrollment organization:write",
        "GET    /api/v1/organizations/:id/silent-branches member:read",
        "GET    /api/v1/organizations/:id/staffing     cadre:read",
        "GET    /api/v1/organizations/:id/star-rating-sheet member:read",
        "PUT    /api/v1/organizations/:id/star-rating-sheet member:write",
        "GET    /api/v1/organizations/:id/star-ratings member:read",
        "POST   /api/v1/organizations/:id/star-ratings member:write",
        "GET    /api/v1/organizations/:id/stats        stats:read",
        "GET    /api/v1/organizations/:id/surveys      youth_home:read",
        "POST   /api/v1/organizations/:id/surveys      youth_home:write",
        "GET    /api/v1/organizations/:id/terms        cadre:read",
        "POST   /api/v1/organizations/:id/terms        cadre:write",
        "GET    /api/v1/organizations/:id/terms/expiring cadre:read",
        "GET    /api/v1/organizations/:id/training-rounds cadre:read",
        "POST   /api/v1/organizations/:id/training-rounds cadre:write",
        "GET    /api/v1/organizations/:id/transfer-backlog member:read",
        "POST   /api/v1/organizations/:id/transfer-batches member:write",
        "GET    /api/v1/organizations/:id/transfer-seasons/:year member:read",
        "PUT    /api/v1/organizations/:id/transfer-seasons/:year member:write",
        "GET    /api/v1/organizations/:id/transfer-worklist member:read",
        "POST   /api/v1/organizations/:id/transfers/incoming-letters member:write",
        "GET    /api/v1/organizations/:id/untrained-cadres cadre:read",
        "GET    /api/v1/organizations/:id/volunteer-shifts youth_home:read",
        "POST   /api/v1/organizations/:id/volunteer-shifts youth_home:write",
        "GET    /api/v1/organizations/:id/work-lists/age-out member:read",
        "GET    /api/v1/organizations/:id/work-lists/lapse member:read",
        "GET    /api/v1/organizations/:id/youth-homes  youth_home:read",
        "POST   /api/v1/organizations/:id/youth-homes  youth_home:write",
        "GET    /api/v1/organizations/:id/youth-population stats:read",
        "PUT    /api/v1/organizations/:id/youth-population organization:write",
        "POST   /api/v1/party-recommendations          member:write",
        "GET    /api/v1/party-recommendations/:id      member:read",
        "POST   /api/v1/party-recommendations/:id/party-stage member:write",
        "POST   /api/v1/party-recommendations/:id/transitions organization:read",
        "GET    /api/v1/plan-attachments/:id           plan:read",
        "POST   /api/v1/plan-close-outs/:id/approve    plan:review",
        "POST   /api/v1/plan-close-outs/:id/reopen     plan:review",
        "POST   /api/v1/plan-close-outs/:id/return     plan:review",
        "PUT    /api/v1/plan-targets/:id               plan:write",
        "GET    /api/v1/plan-tasks/:id                 plan:read",
        "PATCH  /api/v1/plan-tasks/:id                 plan:write",
        "GET    /api/v1/plan-tasks/:id/close-outs      plan:read",
        "POST   /api/v1/plan-tasks/:id/close-outs      plan:write",
        "GET    /api/v1/plan-tasks/:id/progress-reports plan:read",
        "POST   /api/v1/plan-tasks/:id/progress-reports plan:write",
        "GET    /api/v1/plan-tasks/:id/supervisions    plan:read",
        "POST   /api/v1/plan-tasks/:id/supervisions    plan:write",
        "PUT    /api/v1/plan-units/:id                 plan:write",
        "GET    /api/v1/plans/:id                      plan:read",
        "GET    /api/v1/plans/:id/laggards             plan:read",
        "GET    /api/v1/plans/:id/ledger.xlsx          plan:read",
        "GET    /api/v1/plans/:id/progress-report.docx plan:read",
        "PUT    /api/v1/plans/:id/progress-rule        plan:write",
        "GET    /api/v1/plans/:id/targets              plan:read",
        "GET    /api/v1/plans/:id/tasks                plan:read",
        "GET    /api/v1/plans/:id/units                plan:read",
        "GET    /api/v1/public/activities/:token       public",
        "POST   /api/v1/public/activities/:token/rating public",
        "POST   /api/v1/public/activities/:token/signups public",
        "POST   /api/v1/public/activities/:token/signups/cancel public",
        "POST   /api/v1/public/activities/checkin/:checkinToken public",
        "GET    /api/v1/public/certificates/:number    public",
        "GET    /api/v1/public/review/:token           public",
        "POST   /api/v1/public/review/:token/scores    public",
        "GET    /api/v1/public/surveys/:token          public",
        "POST   /api/v1/public/surveys/:token/responses public",
        "POST   /api/v1/registration-campaigns/:campaignId/close member:write",
        "GET    /api/v1/registration-campaigns/:campaignId/members member:read",
        "PUT    /api/v1/registration-campaigns/:campaignId/members/:memberId member:write",
        "POST   /api/v1/registration-campaigns/:campaignId/register-eligible member:write",
        "GET    /api/v1/registry/member-template.xlsx  member:read",
        "GET    /api/v1/review-sessions/:id            cadre:read",
        "POST   /api/v1/review-sessions/:id/close      cadre:write",
        "POST   /api/v1/review-sessions/:id/links      cadre:write",
        "POST   /api/v1/review-sessions/:id/open       cadre:write",
        "GET    /api/v1/review-sessions/:id/results/:reporterId/letter.docx cadre:read",
        "GET    /api/v1/review-sessions/:id/tally      cadre:read",
        "GET    /api/v1/star-ratings/:id               organization:read",
        "POST   /api/v1/star-ratings/:id/transitions   organization:read",
        "POST   /api/v1/star-ratings/lock              member:write",
        "GET    /api/v1/surveys/:id                    youth_home:read",
        "PATCH  /api/v1/surveys/:id                    youth_home:write",
        "POST   /api/v1/surveys/:id/close              youth_home:write",
        "GET    /api/v1/surveys/:id/export.xlsx        youth_home:read",
        "POST   /api/v1/surveys/:id/open               youth_home:write",
        "GET    /api/v1/surveys/:id/results            youth_home:read",
        "POST   /api/v1/terms/:id/election             cadre:write",
        "GET    /api/v1/todos                          organization:read",
        "GET    /api/v1/todos/counts                   organization:read",
        "PUT    /api/v1/training-rounds/:id/attendance cadre:write",
        "GET    /api/v1/transfer-letters/:letterNumber/verification public",
        "POST   /api/v1/transfers                      organization:read",
        "GET    /api/v1/transfers/:id                  organization:read",
        "POST   /api/v1/transfers/:id/letter           member:write",
        "GET    /api/v1/transfers/:id/letter.docx      member:write",
        "GET    /api/v1/transfers/:id/letter.pdf       member:write",
        "POST   /api/v1/transfers/:id/transitions      organization:read",
        "GET    /api/v1/transfers/destinations         organization:read",
        "GET    /api/v1/users                          user:manage",
        "POST   /api/v1/users                          user:manage",
        "GET    /api/v1/users/:id                      user:manage",
        "POST   /api/v1/users/:id/disable              user:manage",
        "POST   /api/v1/users/:id/enable               user:manage",
        "POST   /api/v1/users/:id/password-reset       user:manage",
        "POST   /api/v1/users/:id/roles                user:manage",
        "DELETE /api/v1/users/:id/roles/:roleId        user:manage",
        "POST   /api/v1/users/branch-secretaries       user:manage",
        "POST   /api/v1/volunteer-records/:id/approve  youth_home:write",
        "POST   /api/v1/volunteer-records/:id/certificate youth_home:write",
        "GET    /api/v1/volunteer-records/:id/certificate.pdf youth_home:read",
        "POST   /api/v1/volunteer-records/:id/reject   youth_home:write",
        "GET    /api/v1/volunteer-shifts/:id           youth_home:read",
        "POST   /api/v1/volunteer-shifts/:id/records   youth_home:write",
        "GET    /api/v1/youth-homes/:id                youth_home:read",
        "PATCH  /api/v1/youth-homes/:id                youth_home:write",
        "POST   /api/v1/youth-homes/:id/delist         youth_home:write",
        "PUT    /api/v1/youth-homes/:id/services/:month youth_home:write",
      ]
    `);
  });

  it("matches the routes of the OpenAPI document one to one", () => {
    const documented = Object.entries(app.swagger().paths ?? {}).flatMap(([url, operations]) =>
      Object.keys(operations ?? {}).map(
        (method) => `${method.toUpperCase()} ${url.replace(/\{(\w+)\}/g, ":$1")}`,
      ),
    );
    const declared = app.routePermissions.map((row) => `${row.method} ${row.url}`);
    expect(documented.sort()).toEqual(declared.sort());
  });
});

describe("routePermissionsPlugin", () => {
  /**
   * A bare Fastify with the plugin, routes registered by `register` under /api/v1, and a stand-in for
   * the session: the x-test-permissions header. Nothing is loaded until `ready()`.
   */
  function bareApp(register: (app: FastifyInstance) => void): { app: FastifyInstance } {
    const app = Fastify();
    app.register(routePermissionsPlugin);
    app.addHook("onRequest", async (request) => {
      const header = request.headers["x-test-permissions"];
      if (typeof header === "string") {
        (request as unknown as { actor: unknown }).actor = { permissions: new Set(header.split(",")) };
      }
    });
    app.register(async (scope) => register(scope), { prefix: "/api/v1" });
    return { app };
  }

  it("makes app.ready() fail for a route that declares no permission", async () => {
    const { app } = bareApp((scope) => {
      scope.get("/undeclared", async () => ({ ok: true }));
    });
    const failure = await app.ready().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UndeclaredPermissionError);
    expect((failure as Error).message).toContain("GET /api/v1/undeclared");
  });

  it("makes app.ready() fail for a permission that does not exist", async () => {
    const { app } = bareApp((scope) => {
      scope.get(
        "/typo",
        { config: { permission: "organisation:read" as "organization:read" } },
        async () => ({}),
      );
    });
    await expect(app.ready()).rejects.toThrow(UndeclaredPermissionError);
  });

  it("answers 401 without an actor, 403 without the permission, and runs the handler with it", async () => {
    const { app } = bareApp((scope) => {
      scope.get("/guarded", { config: { permission: "stats:read" } }, async () => ({ ok: true }));
      scope.get("/open", { config: { permission: "public" } }, async () => ({ ok: true }));
    });
    await app.ready();
    const anonymous = await app.inject({ method: "GET", url: "/api/v1/guarded" });
    expect(anonymous.statusCode).toBe(401);
    const lacking = await app.inject({
      method: "GET",
      url: "/api/v1/guarded",
      headers: { "x-test-permissions": "organization:read" },
    });
    expect(lacking.statusCode).toBe(403);
    const allowed = await app.inject({
      method: "GET",
      url: "/api/v1/guarded",
      headers: { "x-test-permissions": "organization:read,stats:read" },
    });
    expect(allowed.json()).toEqual({ ok: true });
    expect((await app.inject({ method: "GET", url: "/api/v1/open" })).statusCode).toBe(200);
    expect(app.routePermissions).toEqual([
      { method: "GET", url: "/api/v1/guarded", permission: "stats:read" },
      { method: "GET", url: "/api/v1/open", permission: "public" },
    ]);
    await app.close();
  });
});

import type { AppContext } from "../../lib/app-context";
import { idRoutes } from "../../lib/id-routes";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  electionResultSchema,
  electionSchema,
  expiringQuerySchema,
  termCreateSchema,
  termListSchema,
  termSchema,
} from "./terms.schemas";
import { createTerm, listExpiringTerms, listTerms, recordElection } from "./terms.service";

const routes = idRoutes(["terms"], { read: "cadre:read", write: "cadre:write" });

/**
 * Routes of terms 届期 and elections 换届 (issue 13 part 2): an organization's terms, recording one,
 * recording the election that follows, and the subtree's expiring terms (the reminder list). Scoped
 * (404 outside), cadre:read / cadre:write, writes audited.
 */
export async function registerTermRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/terms",
    routes.read({
      summary: "届期 An organization's terms with state and composition",
      response: termListSchema,
    }),
    /** GET /api/v1/organizations/{id}/terms → {items: OrganizationTerm[]}. */
    async (request) => listTerms(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/terms",
    routes.write({
      summary: "Record a term (a term ending before it starts → 400)",
      body: termCreateSchema,
      response: termSchema,
    }),
    /** POST /api/v1/organizations/{id}/terms {body, startsOn, endsOn, electedOn?, seats, grassrootsSeats} → OrganizationTerm. */
    async (request) => createTerm(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    "/organizations/:id/terms/expiring",
    routes.read({
      summary: "换届提醒 Terms of the subtree expiring within days (default 90) or expired, not yet renewed",
      querystring: expiringQuerySchema,
      response: termListSchema,
    }),
    /** GET /api/v1/organizations/{id}/terms/expiring?days= → {items: OrganizationTerm[]}. */
    async (request) => listExpiringTerms(db, requireActor(request), request.params.id, request.query.days),
  );

  app.post(
    "/terms/:id/election",
    routes.write({
      summary: "换届 Record the election that opens the next term",
      body: electionSchema,
      response: electionResultSchema,
    }),
    /** POST /api/v1/terms/{id}/election {electedOn, endsOn, seats, grassrootsSeats} → {previous, term}. */
    async (request) => recordElection(db, requireActor(request), request.params.id, request.body),
  );
}

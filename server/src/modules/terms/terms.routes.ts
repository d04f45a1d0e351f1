import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
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

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };
const TAGS = ["terms"];

/**
 * Routes of terms 届期 and elections 换届 (issue 13 part 2): an organization's terms, recording one,
 * recording the election that follows, and the subtree's expiring terms (the reminder list). Scoped
 * (404 outside), cadre:read / cadre:write, writes audited.
 */
export async function registerTermRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/terms",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "届期 An organization's terms with state and composition",
        params: idParams,
        response: { 200: termListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/terms → {items: OrganizationTerm[]}. */
    async (request) => listTerms(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/terms",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "Record a term (a term ending before it starts → 400)",
        params: idParams,
        body: termCreateSchema,
        response: { 200: termSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/terms {body, startsOn, endsOn, electedOn?, seats, grassrootsSeats} → OrganizationTerm. */
    async (request) => createTerm(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    "/organizations/:id/terms/expiring",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary:
          "换届提醒 Terms of the subtree expiring within days (default 90) or expired, not yet renewed",
        params: idParams,
        querystring: expiringQuerySchema,
        response: { 200: termListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/terms/expiring?days= → {items: OrganizationTerm[]}. */
    async (request) => listExpiringTerms(db, requireActor(request), request.params.id, request.query.days),
  );

  app.post(
    "/terms/:id/election",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "换届 Record the election that opens the next term",
        params: idParams,
        body: electionSchema,
        response: { 200: electionResultSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/terms/{id}/election {electedOn, endsOn, seats, grassrootsSeats} → {previous, term}. */
    async (request) => recordElection(db, requireActor(request), request.params.id, request.body),
  );
}

import {
  CONTACT_LOG_KINDS,
  contactLogInputSchema,
  DEPUTY_BODIES,
  deputyInputSchema,
  idSchema,
  idTextSchema,
  LIAISON_ASSIGNMENT_KINDS,
  liaisonAssignmentInputSchema,
  liaisonStationInputSchema,
} from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  createAssignment,
  createContactLog,
  createDeputy,
  createOwnContactLog,
  createStation,
  getCadreDuties,
  listAssignments,
  listContactLogs,
  listDeputies,
  listOwnContactLogs,
  listStations,
} from "./liaison.service";

const idParams = z.object({ id: idParameter });
const yearSchema = z.preprocess(
  (input) => (typeof input === "string" && /^\d{4}$/.test(input) ? Number(input) : input),
  z
    .number({ error: "年度：应为四位年份" })
    .int({ error: "年度：应为四位年份" })
    .min(2000, { error: "年度：应在2000到2100之间" })
    .max(2100, { error: "年度：应在2000到2100之间" }),
);
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema };

function thisYear(): number {
  return Number(todayInChina().slice(0, 4));
}

const deputySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    memberId: z.number().int().nullable(),
    name: z.string(),
    body: z.enum(DEPUTY_BODIES),
    bodyLabel: z.string(),
    grassroots: z.boolean(),
    frontLine: z.boolean(),
    termId: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Deputy" });

const stationSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    name: z.string(),
    address: z.string().nullable(),
  })
  .meta({ id: "LiaisonStation" });

const assignmentSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    kind: z.enum(LIAISON_ASSIGNMENT_KINDS),
    kindLabel: z.string(),
    fromCadreId: z.number().int().nullable(),
    fromDeputyId: z.number().int().nullable(),
    targetDeputyId: z.number().int().nullable(),
    targetOrganizationId: z.number().int().nullable(),
    fromName: z.string().nullable(),
    targetName: z.string().nullable(),
  })
  .meta({ id: "LiaisonAssignment" });

const contactLogSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    cadreId: z.number().int().nullable(),
    deputyId: z.number().int().nullable(),
    personName: z.string().nullable(),
    kind: z.enum(CONTACT_LOG_KINDS),
    kindLabel: z.string(),
    occurredOn: z.string().describe("YYYY-MM-DD (China date)"),
    youthCount: z.number().int(),
    linkedOrganizationId: z.number().int().nullable(),
    linkedOrganizationName: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "ContactLog" });

const dutiesSchema = z
  .object({
    year: z.number().int(),
    duties: z.array(
      z.object({
        key: z.enum(["lectures", "visits", "talks", "youthMet", "linkedBranches"]),
        label: z.string(),
        minimum: z.number().int(),
        unit: z.string(),
        done: z.number().int(),
        met: z.boolean(),
      }),
    ),
    allMet: z.boolean(),
    grassrootsDays: z.number().int().describe("distinct dates with a grassroots-day log"),
    contacts: z.number().int(),
  })
  .meta({ id: "YearlyDuties" });

const staffContactLogInputSchema = contactLogInputSchema.extend({
  cadreId: idSchema("团干部").nullable().optional(),
  deputyId: idSchema("团代表").nullable().optional(),
});

/**
 * Routes of deputies, liaison stations, "两联" assignments, contact logs and yearly duties (issue 13
 * part 5): cadre:read / cadre:write in the user's subtree (404 outside), writes audited; and the signed-in
 * cadre's own phone logging at /me/contact-logs (organization:read, their own record only).
 */
export async function registerLiaisonRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/deputies",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["liaison"],
        summary: "团代表和委员 The organization's deputies and committee members",
        params: idParams,
        response: { 200: z.array(deputySchema), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/deputies → Deputy[]. */
    async (request) => listDeputies(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/deputies",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: ["liaison"],
        summary: "登记团代表或委员 Add a deputy or committee member",
        params: idParams,
        body: deputyInputSchema,
        response: { 201: deputySchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/deputies → 201 Deputy; 400 naming the field (termId of another organization). Audited. */
    async (request, reply) =>
      reply.status(201).send(await createDeputy(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/organizations/:id/liaison-stations",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["liaison"],
        summary: "团代表联络站 The organization's liaison stations",
        params: idParams,
        response: { 200: z.array(stationSchema), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/liaison-stations → LiaisonStation[]. */
    async (request) => listStations(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/liaison-stations",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: ["liaison"],
        summary: "新建联络站 Add a liaison station",
        params: idParams,
        body: liaisonStationInputSchema,
        response: { 201: stationSchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/liaison-stations {name,address?} → 201 LiaisonStation. Audited. */
    async (request, reply) =>
      reply.status(201).send(await createStation(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/organizations/:id/liaison-assignments",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["liaison"],
        summary: "两联 The organization's liaison assignments",
        params: idParams,
        response: { 200: z.array(assignmentSchema), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/liaison-assignments → LiaisonAssignment[]. */
    async (request) => listAssignments(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/liaison-assignments",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: ["liaison"],
        summary: "新建两联关系 Add a liaison assignment (committee→deputy, deputy→youth, cadre→branch)",
        params: idParams,
        body: liaisonAssignmentInputSchema,
        response: { 201: assignmentSchema, ...writeErrors },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/liaison-assignments → 201 LiaisonAssignment; 400 naming the end
     * missing, superfluous or outside the organization; 409 assignment_exists. Audited.
     */
    async (request, reply) =>
      reply
        .status(201)
        .send(await createAssignment(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/organizations/:id/contact-logs",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["liaison"],
        summary: "联系记录 Contact logs of the subtree for a year (optionally of one cadre)",
        params: idParams,
        querystring: z.object({ year: yearSchema.optional(), cadreId: idTextSchema("cadreId").optional() }),
        response: { 200: z.array(contactLogSchema), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/contact-logs?year=&cadreId= → ContactLog[] (newest first, ≤ 1000). */
    async (request) =>
      listContactLogs(db, requireActor(request), request.params.id, {
        year: request.query.year ?? thisYear(),
        cadreId: request.query.cadreId,
      }),
  );

  app.post(
    "/organizations/:id/contact-logs",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: ["liaison"],
        summary: "登记联系记录 Log a contact or grassroots day of a cadre or deputy",
        params: idParams,
        body: staffContactLogInputSchema,
        response: { 201: contactLogSchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/contact-logs → 201 ContactLog; 400 occurredOn in the future (China date). Audited. */
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createContactLog(db, requireActor(request), request.params.id, request.body, todayInChina()),
        ),
  );

  app.get(
    "/cadres/:id/duties",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["liaison"],
        summary:
          "年度联系服务职责 A cadre's yearly duties (≥ 4 lectures, ≥ 10 visits, ≥ 20 talks, ≥ 100 youth, ≥ 3 branches)",
        params: idParams,
        querystring: z.object({ year: yearSchema.optional() }),
        response: { 200: dutiesSchema.extend({ cadreId: z.number().int() }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/cadres/{id}/duties?year= (default this year, China) → YearlyDuties. */
    async (request) =>
      getCadreDuties(db, requireActor(request), request.params.id, request.query.year ?? thisYear()),
  );

  const ownErrors = {
    400: errorResponseSchema,
    401: errorResponseSchema,
    403: errorResponseSchema,
    404: errorResponseSchema,
  };

  app.get(
    "/me/contact-logs",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["liaison"],
        summary: "我的联系记录 The signed-in cadre's own logs of a year and their duties",
        querystring: z.object({ year: yearSchema.optional() }),
        response: {
          200: z
            .object({
              cadreId: z.number().int(),
              name: z.string(),
              duties: dutiesSchema,
              logs: z.array(contactLogSchema),
            })
            .meta({ id: "OwnContactLogs" }),
          ...ownErrors,
        },
      },
    },
    /** GET /api/v1/me/contact-logs?year= → OwnContactLogs; 404 when the account has no open cadre record. */
    async (request) => listOwnContactLogs(db, requireActor(request), request.query.year ?? thisYear()),
  );

  app.post(
    "/me/contact-logs",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["liaison"],
        summary: "登记我的联系记录 The signed-in cadre logs a contact from a phone",
        body: contactLogInputSchema,
        response: { 201: contactLogSchema, ...ownErrors },
      },
    },
    /** POST /api/v1/me/contact-logs → 201 ContactLog; 400 occurredOn in the future; 404 no cadre record. Audited. */
    async (request, reply) =>
      reply
        .status(201)
        .send(await createOwnContactLog(db, requireActor(request), request.body, todayInChina())),
  );
}

import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  createTrainingRound,
  listTrainingRounds,
  listUntrainedCadres,
  putAttendance,
} from "./cadre-training.service";
import {
  attendanceInputSchema,
  attendanceSchema,
  cadreCreateSchema,
  cadreDetailSchema,
  cadreEndSchema,
  cadreListQuerySchema,
  cadreListSchema,
  cadrePatchSchema,
  cadreProfileSchema,
  placementCreateSchema,
  placementSchema,
  staffingSchema,
  trainingRoundCreateSchema,
  trainingRoundListSchema,
  trainingRoundSchema,
  untrainedQuerySchema,
} from "./cadres.schemas";
import {
  addPlacement,
  createCadre,
  endCadre,
  getCadre,
  getCadreProfile,
  getStaffing,
  listCadres,
  patchCadre,
} from "./cadres.service";

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };
const TAGS = ["cadres"];

/**
 * Routes of cadre records 团干部 (issue 13 parts 1 and 3): the cadres of an organization, one cadre,
 * appointing, changing and ending a post, 配备率 and the empty posts, the cadre profile, placements
 * 双向交流, training rounds 轮训 and who is untrained. Scoped to the user's subtree (404 outside);
 * reads need cadre:read, writes cadre:write and are audited.
 */
export async function registerCadreRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/cadres",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "团干部 The cadres of an organization (or its subtree), open posts unless includeEnded",
        params: idParams,
        querystring: cadreListQuerySchema,
        response: { 200: cadreListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/cadres?includeEnded=&subtree= → {items: Cadre[]} (phones masked). */
    async (request) => listCadres(db, requireActor(request), request.params.id, request.query),
  );

  app.post(
    "/organizations/:id/cadres",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "任命团干部 Appoint a cadre (a post filled beyond its count → 400 naming the post)",
        params: idParams,
        body: cadreCreateSchema,
        response: { 200: cadreDetailSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/cadres {memberId?, name?, post, kind, startedOn, …} → CadreDetail. */
    async (request) => createCadre(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    "/cadres/:id",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "One cadre with placements and training rounds",
        params: idParams,
        response: { 200: cadreDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/cadres/{id} → CadreDetail. */
    async (request) => getCadre(db, requireActor(request), request.params.id),
  );

  app.patch(
    "/cadres/:id",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "Change a cadre's record",
        params: idParams,
        body: cadrePatchSchema,
        response: { 200: cadreDetailSchema, ...writeErrors },
      },
    },
    /** PATCH /api/v1/cadres/{id} {fields} → CadreDetail. */
    async (request) => patchCadre(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    "/cadres/:id/end",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "离任 End a cadre's post",
        params: idParams,
        body: cadreEndSchema,
        response: { 200: cadreDetailSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/cadres/{id}/end {endedOn} → CadreDetail. */
    async (request) => endCadre(db, requireActor(request), request.params.id, request.body.endedOn),
  );

  app.post(
    "/cadres/:id/placements",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "双向交流 Record a placement (≥ 3 months; new cadres ≥ 1 month)",
        params: idParams,
        body: placementCreateSchema,
        response: { 200: placementSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/cadres/{id}/placements {kind, hostName, startsOn, endsOn} → CadrePlacement. */
    async (request) => addPlacement(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    "/organizations/:id/staffing",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "配备率 Posts expected vs filled in the subtree, and the empty posts",
        params: idParams,
        response: { 200: staffingSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/staffing → Staffing. */
    async (request) => getStaffing(db, requireActor(request), request.params.id),
  );

  app.get(
    "/organizations/:id/cadre-profile",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "团干部队伍结构 The cadre profile of the subtree today",
        params: idParams,
        response: { 200: cadreProfileSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/cadre-profile → CadreProfile. */
    async (request) => getCadreProfile(db, requireActor(request), request.params.id),
  );

  app.get(
    "/organizations/:id/training-rounds",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "轮训 An organization's training rounds",
        params: idParams,
        response: { 200: trainingRoundListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/training-rounds → {items: TrainingRound[]}. */
    async (request) => listTrainingRounds(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/training-rounds",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "轮训 Create a training round",
        params: idParams,
        body: trainingRoundCreateSchema,
        response: { 200: trainingRoundSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/training-rounds {title, startsOn, endsOn} → TrainingRound. */
    async (request) => createTrainingRound(db, requireActor(request), request.params.id, request.body),
  );

  app.put(
    "/training-rounds/:id/attendance",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: TAGS,
        summary: "Who attended a training round (replaces the list)",
        params: idParams,
        body: attendanceInputSchema,
        response: { 200: attendanceSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/training-rounds/{id}/attendance {cadreIds} → {roundId, cadreIds}. */
    async (request) => putAttendance(db, requireActor(request), request.params.id, request.body.cadreIds),
  );

  app.get(
    "/organizations/:id/untrained-cadres",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: TAGS,
        summary: "未轮训 Open posts of the subtree whose holder attended no round (since a date)",
        params: idParams,
        querystring: untrainedQuerySchema,
        response: { 200: cadreListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/untrained-cadres?since= → {items: Cadre[]}. */
    async (request) => listUntrainedCadres(db, requireActor(request), request.params.id, request.query.since),
  );
}

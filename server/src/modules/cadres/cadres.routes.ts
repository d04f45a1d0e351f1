import type { AppContext } from "../../lib/app-context";
import { idRoutes } from "../../lib/id-routes";
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

const routes = idRoutes(["cadres"], { read: "cadre:read", write: "cadre:write" });

/**
 * Routes of cadre records 团干部 (issue 13 parts 1 and 3): the cadres of an organization, one cadre,
 * appointing, changing and ending a post, 配备率 and the empty posts, the cadre profile, placements
 * 双向交流, training rounds 轮训 and who is untrained. Scoped to the user's subtree (404 outside);
 * reads need cadre:read, writes cadre:write and are audited.
 */
export async function registerCadreRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/cadres",
    routes.read({
      summary: "团干部 The cadres of an organization (or its subtree), open posts unless includeEnded",
      querystring: cadreListQuerySchema,
      response: cadreListSchema,
    }),
    /** GET /api/v1/organizations/{id}/cadres?includeEnded=&subtree= → {items: Cadre[]} (phones masked). */
    async (request) => listCadres(db, requireActor(request), request.params.id, request.query),
  );

  app.post(
    "/organizations/:id/cadres",
    routes.write({
      summary: "任命团干部 Appoint a cadre (a post filled beyond its count → 400 naming the post)",
      body: cadreCreateSchema,
      response: cadreDetailSchema,
    }),
    /** POST /api/v1/organizations/{id}/cadres {memberId?, name?, post, kind, startedOn, …} → CadreDetail. */
    async (request) => createCadre(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    "/cadres/:id",
    routes.read({ summary: "One cadre with placements and training rounds", response: cadreDetailSchema }),
    /** GET /api/v1/cadres/{id} → CadreDetail. */
    async (request) => getCadre(db, requireActor(request), request.params.id),
  );

  app.patch(
    "/cadres/:id",
    routes.write({ summary: "Change a cadre's record", body: cadrePatchSchema, response: cadreDetailSchema }),
    /** PATCH /api/v1/cadres/{id} {fields} → CadreDetail. */
    async (request) => patchCadre(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    "/cadres/:id/end",
    routes.write({ summary: "离任 End a cadre's post", body: cadreEndSchema, response: cadreDetailSchema }),
    /** POST /api/v1/cadres/{id}/end {endedOn} → CadreDetail. */
    async (request) => endCadre(db, requireActor(request), request.params.id, request.body.endedOn),
  );

  app.post(
    "/cadres/:id/placements",
    routes.write({
      summary: "双向交流 Record a placement (≥ 3 months; new cadres ≥ 1 month)",
      body: placementCreateSchema,
      response: placementSchema,
    }),
    /** POST /api/v1/cadres/{id}/placements {kind, hostName, startsOn, endsOn} → CadrePlacement. */
    async (request) => addPlacement(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    "/organizations/:id/staffing",
    routes.read({
      summary: "配备率 Posts expected vs filled in the subtree, and the empty posts",
      response: staffingSchema,
    }),
    /** GET /api/v1/organizations/{id}/staffing → Staffing. */
    async (request) => getStaffing(db, requireActor(request), request.params.id),
  );

  app.get(
    "/organizations/:id/cadre-profile",
    routes.read({
      summary: "团干部队伍结构 The cadre profile of the subtree today",
      response: cadreProfileSchema,
    }),
    /** GET /api/v1/organizations/{id}/cadre-profile → CadreProfile. */
    async (request) => getCadreProfile(db, requireActor(request), request.params.id),
  );

  app.get(
    "/organizations/:id/training-rounds",
    routes.read({ summary: "轮训 An organization's training rounds", response: trainingRoundListSchema }),
    /** GET /api/v1/organizations/{id}/training-rounds → {items: TrainingRound[]}. */
    async (request) => listTrainingRounds(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/training-rounds",
    routes.write({
      summary: "轮训 Create a training round",
      body: trainingRoundCreateSchema,
      response: trainingRoundSchema,
    }),
    /** POST /api/v1/organizations/{id}/training-rounds {title, startsOn, endsOn} → TrainingRound. */
    async (request) => createTrainingRound(db, requireActor(request), request.params.id, request.body),
  );

  app.put(
    "/training-rounds/:id/attendance",
    routes.write({
      summary: "Who attended a training round (replaces the list)",
      body: attendanceInputSchema,
      response: attendanceSchema,
    }),
    /** PUT /api/v1/training-rounds/{id}/attendance {cadreIds} → {roundId, cadreIds}. */
    async (request) => putAttendance(db, requireActor(request), request.params.id, request.body.cadreIds),
  );

  app.get(
    "/organizations/:id/untrained-cadres",
    routes.read({
      summary: "未轮训 Open posts of the subtree whose holder attended no round (since a date)",
      querystring: untrainedQuerySchema,
      response: cadreListSchema,
    }),
    /** GET /api/v1/organizations/{id}/untrained-cadres?since= → {items: Cadre[]}. */
    async (request) => listUntrainedCadres(db, requireActor(request), request.params.id, request.query.since),
  );
}

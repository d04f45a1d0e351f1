import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { endMemberFlow, listFlows, startFlow } from "./member-flow.service";
import { startClassBatch } from "./transfer-batch.service";
import {
  backlogViewSchema,
  batchInputSchema,
  batchResultSchema,
  endFlowSchema,
  flowListQuerySchema,
  flowListSchema,
  flowViewSchema,
  graduationDateInputSchema,
  graduationDateViewSchema,
  seasonInputSchema,
  seasonViewSchema,
  seasonYearParameter,
  startFlowSchema,
  worklistQuerySchema,
  worklistViewSchema,
} from "./transfer-season.schemas";
import {
  getSeason,
  getTransferBacklog,
  getTransferWorklist,
  setGraduationDate,
  setSeason,
} from "./transfer-season.service";

const idParams = z.object({ id: idParameter });
const seasonParams = z.object({ id: idParameter, year: seasonYearParameter });

/**
 * The graduation season of transfers (毕业季, issue 11 parts 4–6): a branch's graduation date, season
 * settings per committee and year, a class batch with destination routing, 流动团员, the work lists
 * and a committee's backlog by child.
 */
export async function registerTransferSeasonRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.put(
    "/organizations/:id/graduation-date",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary: "毕业时间 Set (or clear) a class branch's graduation date",
        params: idParams,
        body: graduationDateInputSchema,
        response: { 200: graduationDateViewSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** PUT /api/v1/organizations/{id}/graduation-date {graduatesOn: YYYY-MM-DD | null} → {organizationId, graduatesOn}. */
    async (request) =>
      setGraduationDate(db, requireActor(request), request.params.id, request.body.graduatesOn),
  );

  app.get(
    "/organizations/:id/transfer-seasons/:year",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["transfers"],
        summary: "毕业季设置 The season settings that apply at an organization for a year",
        params: seasonParams,
        response: { 200: seasonViewSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/transfer-seasons/{year} → the applicable deadlines and months. */
    async (request) => getSeason(db, requireActor(request), request.params.id, request.params.year),
  );

  app.put(
    "/organizations/:id/transfer-seasons/:year",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary: "设置毕业季 Set a committee's season deadlines and mobile-branch months for a year",
        params: seasonParams,
        body: seasonInputSchema,
        response: { 200: seasonViewSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** PUT /api/v1/organizations/{id}/transfer-seasons/{year} {initiatedBy, approvedBy, completedBy, mobileBranchMonths}. */
    async (request) =>
      setSeason(db, requireActor(request), request.params.id, request.params.year, request.body),
  );

  app.post(
    "/organizations/:id/transfer-batches",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary:
          "毕业班批量转接 Start a graduating class's transfers, routed by destination (all or nothing)",
        params: idParams,
        body: batchInputSchema,
        response: {
          201: batchResultSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
          422: errorResponseSchema,
        },
      },
    },
    /** POST /api/v1/organizations/{id}/transfer-batches {startedOn, rows: [{memberId, destination, …}]} → 201. */
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await startClassBatch(db, requireActor(request), request.params.id, request.body, todayInChina()),
        ),
  );

  app.get(
    "/organizations/:id/transfer-worklist",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["transfers"],
        summary: "转接工作台 An organization's open transfers by step and age, overdue flagged",
        params: idParams,
        querystring: worklistQuerySchema,
        response: { 200: worklistViewSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/transfer-worklist?state=&overdueOnly= → {counts, items}. */
    async (request) =>
      getTransferWorklist(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );

  app.get(
    "/organizations/:id/transfer-backlog",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["transfers"],
        summary: "转接积压 A committee's open transfers awaiting in each child's subtree",
        params: idParams,
        response: { 200: backlogViewSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/transfer-backlog → {total, overdue, children: [...]}. */
    async (request) => getTransferBacklog(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.get(
    "/organizations/:id/member-flows",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["transfers"],
        summary: "流动团员 Open flowing members out of and into an organization's subtree, reminders due",
        params: idParams,
        querystring: flowListQuerySchema,
        response: { 200: flowListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/member-flows?direction=outflow|inflow|both → {total, reminders, items}. */
    async (request) =>
      listFlows(db, requireActor(request), request.params.id, request.query.direction, todayInChina()),
  );

  app.post(
    "/members/:id/flows",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary: "登记流动团员 The outflow branch sets up a flowing member",
        params: idParams,
        body: startFlowSchema,
        response: {
          201: flowViewSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
          422: errorResponseSchema,
        },
      },
    },
    /** POST /api/v1/members/{id}/flows {inflowOrganizationId, since, until?} → 201 the flow. */
    async (request, reply) =>
      reply
        .status(201)
        .send(await startFlow(db, requireActor(request), request.params.id, request.body, todayInChina())),
  );

  app.post(
    "/member-flows/:id/end",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary: "结束流动 End a flowing member's flow (either side)",
        params: idParams,
        body: endFlowSchema,
        response: { 200: flowViewSchema, ...commonErrorResponses, 409: errorResponseSchema },
      },
    },
    /** POST /api/v1/member-flows/{id}/end {endedOn} → the ended flow. */
    async (request) =>
      endMemberFlow(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );
}

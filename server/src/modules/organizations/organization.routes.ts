import {
  createOrganizationInputSchema,
  moveOrganizationInputSchema,
  ORGANIZATION_KINDS,
  ORGANIZATION_LEVELS,
  SECTORS,
  updateOrganizationInputSchema,
} from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  createOrganization,
  getOrganization,
  listChildOrganizations,
  moveOrganization,
  searchOrganizations,
  updateOrganization,
} from "./organization.service";

export const organizationSummarySchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    kind: z.enum(ORGANIZATION_KINDS),
    level: z.enum(ORGANIZATION_LEVELS),
    sector: z.enum(SECTORS).nullable(),
    name: z.string(),
    shortName: z.string().nullable(),
    code: z.string(),
    divisionCode: z.string().nullable(),
    childCount: z.number().int().describe("number of direct children"),
    subtreeMemberCount: z
      .number()
      .int()
      .describe("current members (active, transferring, flowing) in the subtree"),
  })
  .meta({ id: "OrganizationSummary" });

export const organizationSchema = organizationSummarySchema
  .extend({
    path: z.string().describe("materialized path of ids, e.g. 1/23/456/"),
    foundedOn: z.string().nullable(),
    termStart: z.string().nullable(),
    termEnd: z.string().nullable(),
    graduatesOn: z
      .string()
      .nullable()
      .optional()
      .describe("毕业时间: a graduating class branch's graduation date (PUT …/graduation-date)"),
    ancestors: z
      .array(z.object({ id: z.number().int(), name: z.string() }))
      .describe("inside the user's scope, top first"),
  })
  .meta({ id: "Organization" });

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };

/**
 * Organization routes (团组织): search, read, children, create, update, move. Every read and write is
 * narrowed to the user's subtree (404 outside); writes need organization:write and are audited.
 */
export async function registerOrganizationRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["organizations"],
        summary: "搜索组织 Search organizations by name, pinyin initials, code or division code",
        querystring: z.object({
          q: z.string().trim().max(50).optional(),
          divisionCode: z
            .string()
            .regex(/^\d{2,12}$/, "行政区划代码应为数字 / digits expected")
            .optional(),
          limit: z.coerce.number().int().min(1).max(100, "limit 不能超过 100 / at most 100").default(20),
        }),
        response: { 200: z.object({ items: z.array(organizationSummarySchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations?q=&divisionCode=&limit= → { items } inside the user's scope. */
    async (request) => {
      return { items: await searchOrganizations(db, requireActor(request), request.query) };
    },
  );

  app.get(
    "/organizations/:id",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["organizations"],
        summary: "组织详情 One organization",
        params: idParams,
        response: { 200: organizationSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id} → Organization with counts and ancestors; 404 outside scope. */
    async (request) => {
      return getOrganization(db, requireActor(request), request.params.id);
    },
  );

  app.get(
    "/organizations/:id/children",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["organizations"],
        summary: "下级组织 Child organizations with subtree member counts",
        params: idParams,
        response: { 200: z.object({ items: z.array(organizationSummarySchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/children → { items } each with subtreeMemberCount; 404 outside scope. */
    async (request) => {
      return { items: await listChildOrganizations(db, requireActor(request), request.params.id) };
    },
  );

  app.post(
    "/organizations",
    {
      config: { permission: "organization:write" },
      schema: {
        tags: ["organizations"],
        summary: "新建组织 Create an organization",
        body: createOrganizationInputSchema,
        response: { 201: organizationSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations → 201 Organization; 422 kind not allowed under the parent; 409 code taken. */
    async (request, reply) => {
      const id = await createOrganization(db, requireActor(request), request.body);
      return reply.status(201).send(await getOrganization(db, requireActor(request), id));
    },
  );

  app.patch(
    "/organizations/:id",
    {
      config: { permission: "organization:write" },
      schema: {
        tags: ["organizations"],
        summary: "修改组织 Update an organization",
        params: idParams,
        body: updateOrganizationInputSchema,
        response: { 200: organizationSchema, ...writeErrors },
      },
    },
    /** PATCH /api/v1/organizations/{id} → Organization; audited with before/after. */
    async (request) => {
      await updateOrganization(db, requireActor(request), request.params.id, request.body);
      return getOrganization(db, requireActor(request), request.params.id);
    },
  );

  app.post(
    "/organizations/:id/move",
    {
      config: { permission: "organization:write" },
      schema: {
        tags: ["organizations"],
        summary: "移动组织 Move an organization and its subtree",
        params: idParams,
        body: moveOrganizationInputSchema,
        response: { 200: organizationSchema, ...writeErrors },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/move {newParentId} → Organization; 422 under its own descendant;
     * 409 county_move_refused on a Citus coordinator for a subtree with records moved to another county.
     */
    async (request) => {
      await moveOrganization(db, requireActor(request), request.params.id, request.body);
      return getOrganization(db, requireActor(request), request.params.id);
    },
  );
}

import { AGE_BANDS, ORGANIZATION_KINDS, SECTORS, SEXES } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { getSubtreeStats } from "./stats.service";

const countsSchema = z.array(z.object({ key: z.string(), count: z.number().int() }));

export const subtreeStatsSchema = z
  .object({
    organizationId: z.number().int(),
    asOf: z.string().describe("YYYY-MM-DD"),
    totalOrganizations: z.number().int(),
    totalMembers: z.number().int().describe("current members: active, transferring, flowing"),
    organizationsByKind: countsSchema,
    organizationsBySector: countsSchema,
    membersByStatus: countsSchema,
    membersBySex: countsSchema,
    membersByAgeBand: z.array(
      z.object({ ageBand: z.enum(AGE_BANDS), sex: z.enum(SEXES), count: z.number().int() }),
    ),
    membersByOccupation: countsSchema,
    membersByEducation: countsSchema,
    membersBySector: countsSchema,
    children: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        kind: z.enum(ORGANIZATION_KINDS),
        sector: z.enum(SECTORS).nullable(),
        organizationCount: z.number().int(),
        memberCount: z.number().int(),
        activeMemberCount: z.number().int(),
      }),
    ),
  })
  .meta({ id: "SubtreeStats" });

/** Statistics routes (统计). */
export async function registerStatsRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/stats",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["stats"],
        summary: "子树统计 Statistics of a subtree",
        params: z.object({ id: idParameter }),
        querystring: z.object({
          asOf: z
            .string()
            .optional()
            .describe("YYYY-MM-DD: today (default, live) or a past month's last day (month-end snapshot)"),
        }),
        response: { 200: subtreeStatsSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/stats?asOf= → SubtreeStats for the whole subtree, from the subtree
     * counters (issue 4 part 3) as of today, or from the month-end snapshot for a past month-end
     * (part 2). 404 outside scope; 400 naming "asOf" for a date in the future, before the member
     * history begins, not a date, or a past day that is not a month-end.
     */
    async (request) => {
      const today = todayInChina();
      return getSubtreeStats(
        db,
        requireActor(request),
        request.params.id,
        today,
        request.query.asOf ?? today,
      );
    },
  );
}

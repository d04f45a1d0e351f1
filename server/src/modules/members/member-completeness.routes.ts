import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { getCompleteness, setReportedMemberCount } from "./member-completeness.service";

const rate = z.number().nullable().describe("percent, one decimal; null when the denominator is 0 or absent");
const subtreeFigures = {
  recorded: z.number().int().describe("members with a current status (active, transferring, flowing)"),
  complete: z.number().int().describe("recorded members with every required field"),
  completenessRate: rate.describe("信息完整率 = complete / recorded, percent"),
  reported: z
    .number()
    .int()
    .nullable()
    .describe("应录入数: sum of the counts the subtree's organizations entered"),
  entryRate: rate.describe("录入率 = recorded / reported, percent"),
};

/** The completeness figures of a subtree and its children. */
export const completenessSchema = z
  .object({
    organizationId: z.number().int(),
    ...subtreeFigures,
    children: z.array(z.object({ id: z.number().int(), name: z.string(), ...subtreeFigures })),
  })
  .meta({ id: "MemberCompleteness" });

/** Routes of 信息完整率 and 录入率 (issue 3 part 6) and of the reported member count (应录入数). */
export async function registerMemberCompletenessRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/completeness",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["members"],
        summary: "信息完整率与录入率 Completeness and data-entry rate of a subtree",
        params: z.object({ id: idParameter }),
        response: { 200: completenessSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/completeness → MemberCompleteness for the subtree and each child. */
    async (request) => getCompleteness(db, requireActor(request), request.params.id),
  );

  app.put(
    "/organizations/:id/reported-member-count",
    {
      config: { permission: "organization:write" },
      schema: {
        tags: ["organizations"],
        summary: "应录入数 Set the member count an organization reports",
        params: z.object({ id: idParameter }),
        body: z.object({
          count: z
            .number({ error: "应录入数：应为整数或null" })
            .int("应录入数：应为整数")
            .min(0, "应录入数：不能为负数")
            .max(10_000_000, "应录入数：过大")
            .nullable(),
        }),
        response: {
          200: z.object({
            organizationId: z.number().int(),
            reportedMemberCount: z.number().int().nullable(),
          }),
          ...commonErrorResponses,
        },
      },
    },
    /** PUT /api/v1/organizations/{id}/reported-member-count {count | null} → the stored count. */
    async (request) =>
      setReportedMemberCount(db, requireActor(request), request.params.id, request.body.count),
  );
}

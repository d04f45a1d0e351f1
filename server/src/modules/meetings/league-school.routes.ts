import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { getLeagueSchoolReport } from "./league-school.service";

const idParams = z.object({ id: idParameter });
const yearQuery = z.object({
  year: z.coerce
    .number({ error: "年份：必须是整数" })
    .int("年份：必须是整数")
    .min(2000, "年份：2000–2100")
    .max(2100, "年份：2000–2100"),
});
const reportSchema = z
  .object({
    organizationId: z.number().int(),
    year: z.number().int(),
    through: z.string().describe("last day counted (31 December, or today for the current year)"),
    required: z.number().int().describe("sessions a school must hold a year (6)"),
    schools: z.number().int(),
    underMinimum: z.number().int(),
    items: z.array(
      z.object({
        organizationId: z.number().int(),
        name: z.string(),
        parentName: z.string().nullable(),
        sessions: z.number().int(),
        required: z.number().int(),
        shortfall: z.number().int(),
        met: z.boolean(),
        lastHeldOn: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "LeagueSchoolReport" });

/** The 中学团校 report (issue 12 part 1; domain.md §5: ≥ 6 League-school sessions a year). */
export async function registerLeagueSchoolRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/league-school-report",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["meetings"],
        summary:
          "中学团校 The middle schools of the subtree with their League-school sessions of a year (≥ 6)",
        params: idParams,
        querystring: yearQuery,
        response: { 200: reportSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/league-school-report?year= → LeagueSchoolReport. */
    async (request) =>
      getLeagueSchoolReport(db, requireActor(request), request.params.id, request.query.year, todayInChina()),
  );
}

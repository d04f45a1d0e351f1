import { SCHOOL_LEVELS } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { getLeagueRatios } from "./league-ratio.service";

const gradeRatioSchema = z
  .object({
    level: z.enum(SCHOOL_LEVELS),
    grade: z.number().int().nullable().describe("grade within the level; null for the whole level"),
    label: z.string(),
    members: z.number().int(),
    students: z.number().int(),
    ratio: z.number().nullable().describe("percent to 0.1; null when no students"),
    membersBasis: z
      .enum(["organization", "birth_cohort"])
      .describe(
        "organization: the entering organization's members; birth_cohort: members born in the grade's cohort",
      ),
    graduating: z.boolean(),
    cap: z.number().nullable().describe("毕业年级上限 percent: 初中 30, 高中 60"),
    exceedsCap: z.boolean().nullable(),
  })
  .meta({ id: "GradeLeagueRatio" });

const leagueRatiosSchema = z
  .object({
    organizationId: z.number().int(),
    organizationName: z.string(),
    schoolYear: z.number().int().describe("学年 of 团学比, named by its first year"),
    year: z.number().int().describe("calendar year of 团青比"),
    asOf: z.string().describe("members are counted on this day (live counters)"),
    youthRatio: z.object({
      members: z.number().int().nullable(),
      youthPopulation: z.number().int().nullable(),
      ratio: z.number().nullable(),
      cap: z.number(),
      exceedsCap: z.boolean().nullable(),
      reason: z.enum(["no_youth_population_entered"]).nullable(),
      note: z.string().nullable(),
    }),
    schools: z.array(
      z.object({
        organizationId: z.number().int(),
        organizationName: z.string(),
        members: z.number().int(),
        students: z.number().int().nullable().describe("null: no 在校学生数 entered (never 0%)"),
        ratio: z.number().nullable(),
        reason: z.enum(["no_enrollment_entered"]).nullable(),
        notes: z.array(z.string()),
        levels: z.array(gradeRatioSchema),
        grades: z.array(gradeRatioSchema),
        graduating: z.array(gradeRatioSchema),
      }),
    ),
    graduatingAboveCap: z.number().int(),
    schoolsWithoutEnrollment: z.number().int(),
  })
  .meta({ id: "LeagueRatios" });

/**
 * Routes of the live ratios (团学比 / 团青比, issue 10 part 5): per school, level, grade and graduating
 * class against the caps, and 团青比 against 30%, from the counters and entered data.
 */
export async function registerLeagueRatioRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/league-ratios",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["admission-ratios"],
        summary: "团学比 / 团青比 Ratios per school, grade and graduating class against their caps",
        params: z.object({ id: idParameter }),
        querystring: z.object({
          year: z.coerce
            .number({ error: "年度 year：应为年份 / expected a year" })
            .int({ error: "年度 year：应为整数年份" })
            .min(2000, { error: "年度 year：不能早于2000年" })
            .max(2100, { error: "年度 year：不能晚于2100年" })
            .optional(),
        }),
        response: { 200: leagueRatiosSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/league-ratios?year= → LeagueRatios (year: 学年 for 团学比, calendar year for 团青比). */
    async (request) =>
      getLeagueRatios(db, requireActor(request), request.params.id, request.query.year, todayInChina()),
  );
}

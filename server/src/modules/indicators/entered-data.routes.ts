import {
  COVERAGE_SECTORS,
  eligibleUnitsInputSchema,
  SCHOOL_LEVELS,
  schoolEnrollmentInputSchema,
  youthPopulationInputSchema,
} from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { type EnteredEntries, getEnteredData, replaceEnteredData } from "./entered-data.service";

const entered = { enteredBy: z.number().int().nullable(), enteredAt: z.string() };

const youthPopulationSchema = z
  .object({
    organizationId: z.number().int(),
    entries: z.array(
      z.object({ year: z.number().int(), population: z.number().int(), source: z.string(), ...entered }),
    ),
  })
  .meta({ id: "YouthPopulationEntries" });

const schoolEnrollmentSchema = z
  .object({
    organizationId: z.number().int(),
    entries: z.array(
      z.object({
        schoolYear: z.number().int().describe("the calendar year the school year starts in (September)"),
        level: z.enum(SCHOOL_LEVELS),
        grade: z.number().int(),
        students: z.number().int(),
        source: z.string(),
        ...entered,
      }),
    ),
  })
  .meta({ id: "SchoolEnrollmentEntries" });

const eligibleUnitsSchema = z
  .object({
    organizationId: z.number().int(),
    entries: z.array(
      z.object({
        year: z.number().int(),
        sector: z.enum(COVERAGE_SECTORS),
        units: z.number().int(),
        source: z.string(),
        ...entered,
      }),
    ),
  })
  .meta({ id: "EligibleUnitsEntries" });

const ROUTES = [
  {
    path: "youth-population",
    kind: "youth_population",
    body: youthPopulationInputSchema,
    response: youthPopulationSchema,
    what: "青年人口 Youth aged 14–28 of the organization's area per year (团青比's denominator)",
  },
  {
    path: "school-enrollment",
    kind: "school_enrollment",
    body: schoolEnrollmentInputSchema,
    response: schoolEnrollmentSchema,
    what: "在校学生数 Students per school year, level and grade (团学比's denominator)",
  },
  {
    path: "eligible-units",
    kind: "eligible_units",
    body: eligibleUnitsInputSchema,
    response: eligibleUnitsSchema,
    what: "应建团单位数 Units per year and sector that should have a League organization (建团率's denominator)",
  },
] as const;

/** Any of the three responses (the service is generic over the kind; the response schema checks the shape). */
type Shown = z.infer<(typeof ROUTES)[number]["response"]>;

/**
 * Routes of the entered data (填报数据, issue 4 part 1) under /organizations/{id}/…: GET (stats:read)
 * and PUT (organization:write) of youth-population, school-enrollment and eligible-units. A PUT
 * replaces the organization's entries whole ({ entries: [...] }), in one transaction, audited
 * "organization.<kind>" with before and after. Errors: 400 naming the field (e.g.
 * "entries.0.population", "entries" for a duplicate key), nothing written; 404 outside the scope;
 * 403 without the permission.
 */
export async function registerEnteredDataRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  for (const route of ROUTES) {
    app.get(
      `/organizations/:id/${route.path}`,
      {
        config: { permission: "stats:read" },
        schema: {
          tags: ["indicators"],
          summary: `${route.what}: the organization's entries`,
          params: z.object({ id: idParameter }),
          response: { 200: route.response, ...commonErrorResponses },
        },
      },
      /** GET /api/v1/organizations/{id}/{youth-population|school-enrollment|eligible-units} → { organizationId, entries }. */
      async (request) =>
        (await getEnteredData(db, requireActor(request), request.params.id, route.kind)) as unknown as Shown,
    );
    app.put(
      `/organizations/:id/${route.path}`,
      {
        config: { permission: "organization:write" },
        schema: {
          tags: ["indicators"],
          summary: `${route.what}: replace the organization's entries`,
          params: z.object({ id: idParameter }),
          body: route.body,
          response: { 200: route.response, ...commonErrorResponses },
        },
      },
      /** PUT /api/v1/organizations/{id}/{…} { entries } → the stored entries; audited, nothing written on error. */
      async (request) =>
        (await replaceEnteredData(
          db,
          requireActor(request),
          request.params.id,
          route.kind,
          (request.body as { entries: EnteredEntries[typeof route.kind][] }).entries,
        )) as unknown as Shown,
    );
  }
}

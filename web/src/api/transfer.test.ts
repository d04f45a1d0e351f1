import { describe, expect, expectTypeOf, it } from "vitest";
import type { PlanImportBody } from "../features/plans/shared/plan-types";
import type { components } from "./schema";
import { apiUrl, type JsonAnswer, type UrlParameters } from "./transfer";
import type { MemberImportResult } from "./types";

type Schemas = components["schemas"];

describe("transfer: calls outside the typed client, typed from the OpenAPI document", () => {
  it("fills the schema path's parameters and leaves out undefined query values", () => {
    expect(apiUrl("/api/v1/member-attachments/{id}/content", { path: { id: 42 } })).toBe(
      "/api/v1/member-attachments/42/content",
    );
    expect(
      apiUrl("/api/v1/plans/{id}/progress-report.docx", {
        path: { id: 3 },
        query: { dueSoonDays: 14, asOf: undefined },
      }),
    ).toBe("/api/v1/plans/3/progress-report.docx?dueSoonDays=14");
    expect(
      apiUrl("/api/v1/organizations/{id}/indicators/export.xlsx", {
        path: { id: 1 },
        query: { rows: "children", ids: "members_total,cadre_rate" },
      }),
    ).toBe("/api/v1/organizations/1/indicators/export.xlsx?rows=children&ids=members_total%2Ccadre_rate");
  });

  it("answers uploads with the operation's JSON response, and takes its parameters", () => {
    expectTypeOf<JsonAnswer<"/api/v1/organizations/{id}/plans/preview", "post">>().toEqualTypeOf<
      Schemas["PlanPreview"]
    >();
    expectTypeOf<
      JsonAnswer<"/api/v1/organizations/{id}/member-imports", "post">
    >().toEqualTypeOf<MemberImportResult>();
    expectTypeOf<JsonAnswer<"/api/v1/organizations/{id}/plans", "post">>().toEqualTypeOf<Schemas["Plan"]>();
    expectTypeOf<UrlParameters<"/api/v1/organizations/{id}/member-imports", "post">>().toMatchTypeOf<{
      path: { id: number };
      query?: { dryRun?: "true" | "false" };
    }>();
    // The one exception: a multipart (or multipart-or-JSON) route's request body is not in the schema.
    expectTypeOf<PlanImportBody>().toEqualTypeOf<Schemas["PlanImportBody"]>();
  });
});

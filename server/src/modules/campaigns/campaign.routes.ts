import { z } from "zod";
import { idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { openReviewCampaign } from "../education-reviews/education-review.service";
import { campaignFields, openCampaignBody, withRefusals, writeErrors } from "./campaign.schemas";
import { closeCampaign, openCampaign } from "./campaign.service";
import { CAMPAIGN_KIND_DEFINITIONS, CAMPAIGN_KINDS } from "./campaign-kinds";

/**
 * Routes of the yearly campaigns, for each kind (education review, registration; issue 12 parts
 * 2–3): open one for a committee's subtree, close it. Scoped (404 outside), audited.
 */
export async function registerCampaignRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  for (const kind of CAMPAIGN_KINDS) {
    const definition = CAMPAIGN_KIND_DEFINITIONS[kind];
    const campaignSchema = z.object(campaignFields).meta({ id: definition.schemaId });

    app.post(
      `/organizations/:id/${definition.segment}`,
      {
        config: { permission: "member:write" },
        schema: {
          tags: [definition.tag],
          summary: definition.openSummary,
          params: z.object({ id: idParameter }),
          body: openCampaignBody,
          response: { 200: campaignSchema, ...writeErrors },
        },
      },
      /** POST /api/v1/organizations/{id}/{education-review|registration}-campaigns {year, opensOn, closesOn} → campaign. */
      async (request, reply) =>
        withRefusals(reply, () =>
          kind === "review"
            ? openReviewCampaign(db, requireActor(request), request.params.id, request.body)
            : openCampaign(db, requireActor(request), kind, request.params.id, request.body),
        ),
    );

    app.post(
      `/${definition.segment}/:campaignId/close`,
      {
        config: { permission: "member:write" },
        schema: {
          tags: [definition.tag],
          summary: `结束${definition.label} Close the campaign: its ${kind === "review" ? "reviews" : "registrations"} become read-only`,
          params: z.object({ campaignId: idParameter }),
          response: { 200: campaignSchema, ...writeErrors },
        },
      },
      /** POST /api/v1/{education-review|registration}-campaigns/{campaignId}/close → campaign; 409 already_closed. */
      async (request, reply) =>
        withRefusals(reply, () => closeCampaign(db, requireActor(request), kind, request.params.campaignId)),
    );
  }
}

import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { withRefusals, writeErrors } from "../campaigns/campaign.schemas";
import {
  branchReviewSchema,
  campaignBranchesSchema,
  ownReviewsSchema,
  reviewCampaignListSchema,
  reviewTransitionBody,
  saveReviewBody,
} from "./education-review.schemas";
import {
  getBranchReview,
  getBranchReviewById,
  listCampaignBranches,
  listOwnEducationReviews,
  listReviewCampaigns,
  saveBranchReview,
  startBranchReview,
  transitionBranchReview,
} from "./education-review.service";

const idParams = z.object({ id: idParameter });
const campaignParams = z.object({ campaignId: idParameter });

/**
 * Routes of the education review 团员教育评议 (issue 12 part 2; opening and closing a campaign in
 * campaigns/campaign.routes.ts): campaigns covering an organization, each
 * branch's review (roll, self-assessments, meeting, grades), submit / approve / return on the one
 * approval engine, the member's own grades. Scoped (404 outside), audited.
 */
export async function registerEducationReviewRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/education-review-campaigns",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["education-reviews"],
        summary: "教育评议 Campaigns covering an organization with progress in its subtree",
        params: idParams,
        response: { 200: reviewCampaignListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/education-review-campaigns → EducationReviewCampaignList. */
    async (request) => listReviewCampaigns(db, requireActor(request), request.params.id),
  );

  app.get(
    "/education-review-campaigns/:campaignId/branches",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["education-reviews"],
        summary: "各支部评议进度 A campaign's branches (in an organization's subtree) with their review",
        params: campaignParams,
        querystring: z.object({ organizationId: idParameter.optional() }),
        response: { 200: campaignBranchesSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/education-review-campaigns/{campaignId}/branches?organizationId= → rows. */
    async (request) =>
      listCampaignBranches(
        db,
        requireActor(request),
        request.params.campaignId,
        request.query.organizationId,
      ),
  );

  app.get(
    "/organizations/:id/education-review",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["education-reviews"],
        summary: "支部评议 A branch's review in a campaign (read only)",
        params: idParams,
        querystring: z.object({ campaignId: idParameter }),
        response: { 200: branchReviewSchema, ...writeErrors },
      },
    },
    /** GET /api/v1/organizations/{branchId}/education-review?campaignId= → BranchEducationReview; 404 review_not_started. */
    async (request, reply) =>
      withRefusals(reply, () =>
        getBranchReview(db, requireActor(request), request.params.id, request.query.campaignId),
      ),
  );

  app.post(
    "/organizations/:id/education-review",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["education-reviews"],
        summary: "开始评议 Start a branch's review in a campaign (a branch made after it opened)",
        params: idParams,
        body: z.strictObject({ campaignId: z.number({ error: "评议：必填" }).int().positive() }),
        response: { 200: branchReviewSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{branchId}/education-review {campaignId} → BranchEducationReview (idempotent). */
    async (request, reply) =>
      withRefusals(reply, () =>
        startBranchReview(db, requireActor(request), request.params.id, request.body.campaignId),
      ),
  );

  app.get(
    "/branch-education-reviews/:id",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["education-reviews"],
        summary: "支部评议 A branch's review by id (read only)",
        params: idParams,
        response: { 200: branchReviewSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/branch-education-reviews/{id} → BranchEducationReview. */
    async (request) => getBranchReviewById(db, requireActor(request), request.params.id),
  );

  app.put(
    "/branch-education-reviews/:id",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["education-reviews"],
        summary: "保存评议 Save a draft review: meeting, attendance, self-assessments and grades",
        params: idParams,
        body: saveReviewBody,
        response: { 200: branchReviewSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/branch-education-reviews/{id} → BranchEducationReview; 400 grades.{i}.memberId. */
    async (request, reply) =>
      withRefusals(reply, () =>
        saveBranchReview(db, requireActor(request), request.params.id, request.body, todayInChina()),
      ),
  );

  app.post(
    "/branch-education-reviews/:id/transitions",
    {
      // The engine decides whose step it is (the branch submits, the committee above approves).
      config: { permission: "organization:read" },
      schema: {
        tags: ["education-reviews"],
        summary: "评议审批环节 Submit (优秀 ≤ 30%, > 2/3 attending), approve or return a branch review",
        params: idParams,
        body: reviewTransitionBody,
        response: { 200: branchReviewSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/branch-education-reviews/{id}/transitions {action, reason?, version?} → review; 422 {failures}. */
    async (request, reply) =>
      withRefusals(reply, () =>
        transitionBranchReview(db, requireActor(request), request.params.id, request.body, todayInChina()),
      ),
  );

  app.get(
    "/me/education-reviews",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的教育评议 The signed-in member's review grades by year",
        response: { 200: ownReviewsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/me/education-reviews → OwnEducationReviews; 404 without a member record. */
    async (request) => listOwnEducationReviews(db, requireActor(request)),
  );
}

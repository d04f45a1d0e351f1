import { EDUCATION_REVIEW_GRADES, isoDateSchema, textSchema } from "@tuanwu/domain";
import { z } from "zod";
import { campaignFields } from "../campaigns/campaign.schemas";

/** zod shapes of the education review routes (issue 12 part 2); the campaign's own in campaigns/. */

const gradeCountsSchema = z.object({
  excellent: z.number().int(),
  qualified: z.number().int(),
  basically_qualified: z.number().int(),
  unqualified: z.number().int(),
});

export const reviewCampaignListSchema = z
  .array(
    z.object({
      ...campaignFields,
      progress: z.object({
        branches: z.number().int(),
        submitted: z.number().int(),
        approved: z.number().int(),
        gradeCounts: gradeCountsSchema,
      }),
    }),
  )
  .meta({ id: "EducationReviewCampaignList" });

export const campaignBranchesSchema = z
  .array(
    z.object({
      branchReviewId: z.number().int().nullable(),
      organizationId: z.number().int(),
      name: z.string(),
      state: z.string().nullable(),
      members: z.number().int(),
      graded: z.number().int(),
      excellentShare: z.number().describe("share of 优秀 among the graded, 0–1"),
    }),
  )
  .meta({ id: "EducationReviewCampaignBranches" });

const gradeSchema = z.enum(EDUCATION_REVIEW_GRADES);

export const branchReviewSchema = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    year: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    state: z.enum(["branch_review", "awaiting_committee_approval", "approved"]),
    version: z.number().int(),
    meetingHeldOn: z.string().nullable(),
    rollCount: z.number().int(),
    attendeesCount: z.number().int().nullable(),
    excellentLimit: z.number().int().describe("most 优秀 grades: ⌊30% × roll⌋"),
    gradeCounts: gradeCountsSchema,
    members: z.array(
      z.object({
        memberId: z.number().int(),
        name: z.string(),
        selfAssessment: z.string().nullable(),
        grade: gradeSchema.nullable(),
      }),
    ),
    actions: z.array(z.object({ action: z.enum(["submit", "approve", "return"]), label: z.string() })),
    approvedAt: z.string().nullable(),
  })
  .meta({ id: "BranchEducationReview" });

export const saveReviewBody = z.strictObject({
  meetingHeldOn: isoDateSchema("评议大会日期").nullable().optional(),
  attendeesCount: z
    .number({ error: "到会人数：必须是整数" })
    .int("到会人数：必须是整数")
    .min(0, "到会人数：不能为负数")
    .nullable()
    .optional(),
  grades: z
    .array(
      z.strictObject({
        memberId: z.number({ error: "团员：必填" }).int().positive(),
        selfAssessment: textSchema("个人自评", 2000).nullable().optional(),
        grade: z
          .enum(EDUCATION_REVIEW_GRADES, { error: "评议等次：应为优秀、合格、基本合格或不合格" })
          .nullable()
          .optional(),
      }),
    )
    .max(2000)
    .default([]),
});

export const reviewTransitionBody = z.strictObject({
  action: z.enum(["submit", "approve", "return"], { error: "操作：应为提交、审批通过或退回" }),
  reason: textSchema("理由", 500).optional(),
  version: z.number().int().min(1, "版本：必须是整数").optional(),
});

export const ownReviewsSchema = z
  .array(
    z.object({
      year: z.number().int(),
      campaignId: z.number().int(),
      organizationName: z.string(),
      state: z.string().nullable(),
      selfAssessment: z.string().nullable(),
      grade: gradeSchema.nullable().describe("null until the committee approved"),
    }),
  )
  .meta({ id: "OwnEducationReviews" });

import { idSchema, MEMBER_STATUSES, REVIEW_DECISIONS, REVIEW_REQUEST_STATES } from "@tuanwu/domain";
import { z } from "zod";

/** A status change request (团籍状态变更申请) as the API shows it. */
export const memberStatusRequestSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    memberName: z.string(),
    organizationId: z.number().int().describe("the member's branch"),
    organizationName: z.string(),
    fromStatus: z.enum(MEMBER_STATUSES),
    toStatus: z.enum(MEMBER_STATUSES),
    targetOrganizationId: z.number().int().nullable().describe("restore: the branch the member returns to"),
    targetOrganizationName: z.string().nullable(),
    reason: z.string(),
    effectiveOn: z.string(),
    state: z.enum(REVIEW_REQUEST_STATES),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: "MemberStatusRequest" });

/** POST /members/{id}/status-requests. */
export const statusChangeInputSchema = z.object({
  toStatus: z.enum(MEMBER_STATUSES),
  reason: z.string().trim().min(1, "变更理由：不能为空").max(500, "变更理由：不能超过500个字符"),
  effectiveOn: z.iso.date("生效日期：应为有效日期，格式YYYY-MM-DD"),
  targetOrganizationId: idSchema("targetOrganizationId").optional(),
});

/** POST /member-status-requests/{id}/decision. */
export const statusDecisionInputSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  note: z.string().trim().max(500, "审核意见：不能超过500个字符").optional(),
});

import { idSchema, MEMBER_STATUSES, REVIEW_DECISIONS } from "@tuanwu/domain";
import { z } from "zod";

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

import {
  GRADUATE_DESTINATIONS,
  graduateBatchSchema,
  idSchema,
  isoDateSchema,
  TRANSFER_STATES,
} from "@tuanwu/domain";
import { z } from "zod";

/** Request and response shapes of the graduation season routes (issue 11 parts 4–6); OpenAPI is generated from them. */

/** PUT /organizations/{id}/graduation-date: the branch's graduation date 毕业时间, or null to clear it. */
export const graduationDateInputSchema = z.strictObject({
  graduatesOn: isoDateSchema("毕业时间").nullable(),
});

export const graduationDateViewSchema = z
  .object({ organizationId: z.number().int(), graduatesOn: z.string().nullable() })
  .meta({ id: "GraduationDateView" });

/** A year in a path: 2000–2100. */
export const seasonYearParameter = z.coerce
  .number({ error: "年度：应为整数" })
  .int("年度：应为整数")
  .min(2000, "年度：应在2000至2100之间")
  .max(2100, "年度：应在2000至2100之间");

export const seasonInputSchema = z
  .strictObject({
    initiatedBy: z.string(),
    approvedBy: z.string(),
    completedBy: z.string(),
    mobileBranchMonths: z.number().int(),
  })
  .describe(
    "deadlines YYYY-MM-DD (initiated ≤ approved ≤ completed) and 6–12 months; validated by domain transferSeasonInputSchema",
  );

export const seasonViewSchema = z
  .object({
    year: z.number().int(),
    initiatedBy: z.string(),
    approvedBy: z.string(),
    completedBy: z.string(),
    mobileBranchMonths: z.number().int(),
    fromOrganizationId: z.number().int().nullable().describe("whose setting applies; null: the default"),
    own: z.boolean(),
  })
  .meta({ id: "TransferSeasonView" });

export const worklistQuerySchema = z.object({
  state: z.enum(TRANSFER_STATES, { error: "步骤：不是有效的转接步骤" }).optional(),
  overdueOnly: z
    .enum(["true", "false"], { error: "只看超期：应为 true 或 false" })
    .optional()
    .transform((value) => value === "true"),
});

const worklistItemSchema = z.object({
  transferId: z.number().int(),
  instanceId: z.number().int(),
  version: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  reason: z.string(),
  reasonLabel: z.string(),
  seasonYear: z.number().int().nullable(),
  destination: z.string().nullable(),
  fromOrganizationId: z.number().int().nullable(),
  fromName: z.string().nullable(),
  toOrganizationId: z.number().int().nullable(),
  toName: z.string().nullable(),
  startedOn: z.string(),
  atStepSince: z.string(),
  daysAtStep: z.number().int(),
  overdue: z.boolean(),
  awaitingHere: z.boolean().describe("the step awaits this organization's subtree"),
});

export const worklistViewSchema = z
  .object({
    organizationId: z.number().int(),
    total: z.number().int(),
    overdue: z.number().int(),
    awaitingHere: z.number().int(),
    truncated: z.boolean(),
    counts: z.array(
      z.object({
        state: z.string(),
        stateLabel: z.string(),
        count: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
    items: z.array(worklistItemSchema),
  })
  .meta({ id: "TransferWorklist" });

const backlogSummarySchema = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  oldestDays: z.number().int(),
  byState: z.array(z.object({ state: z.string(), stateLabel: z.string(), count: z.number().int() })),
});

export const backlogViewSchema = z
  .object({
    organizationId: z.number().int(),
    ...backlogSummarySchema.shape,
    atThisOrganization: backlogSummarySchema,
    children: z.array(
      z.object({ organizationId: z.number().int(), name: z.string(), ...backlogSummarySchema.shape }),
    ),
  })
  .meta({ id: "TransferBacklog" });

/** POST /members/{id}/flows: set up a 流动团员. */
export const startFlowSchema = z.strictObject({
  inflowOrganizationId: idSchema("流入组织"),
  since: isoDateSchema("流出日期"),
  until: isoDateSchema("截止日期").optional(),
});

/** POST /member-flows/{id}/end. */
export const endFlowSchema = z.strictObject({ endedOn: isoDateSchema("结束日期") });

export const flowViewSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    memberName: z.string(),
    outflowOrganizationId: z.number().int(),
    outflowName: z.string(),
    inflowOrganizationId: z.number().int(),
    inflowName: z.string(),
    since: z.string(),
    until: z.string().nullable(),
    endedOn: z.string().nullable(),
    reminder: z
      .enum(["none", "due", "expired"])
      .describe("due: within 30 days of until; expired: until passed"),
  })
  .meta({ id: "MemberFlowView" });

export const flowListQuerySchema = z.object({
  direction: z
    .enum(["outflow", "inflow", "both"], { error: "方向：应为 outflow、inflow 或 both" })
    .default("both"),
});

export const flowListSchema = z.object({
  total: z.number().int(),
  reminders: z.number().int(),
  items: z.array(flowViewSchema),
});

/** POST /organizations/{id}/transfer-batches: the class batch (validated again by the service: 400 naming the row). */
export const batchInputSchema = graduateBatchSchema;

export const batchResultSchema = z
  .object({
    classOrganizationId: z.number().int(),
    seasonYear: z.number().int(),
    transfers: z.array(
      z.object({
        memberId: z.number().int(),
        transferId: z.number().int(),
        destination: z.enum(GRADUATE_DESTINATIONS),
        toOrganizationId: z.number().int(),
        state: z.string(),
      }),
    ),
    flows: z.array(
      z.object({
        memberId: z.number().int(),
        flowId: z.number().int(),
        mobileBranchId: z.number().int(),
        until: z.string(),
      }),
    ),
  })
  .meta({ id: "TransferBatchResult" });

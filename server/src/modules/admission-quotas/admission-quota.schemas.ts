import { typeErrorMessage } from "@tuanwu/domain";
import { z } from "zod";

/**
 * Schemas of the admission-quota routes (发展名额): inputs with Chinese messages naming the field, and
 * the answers (OpenAPI is generated from them).
 */

/** A quota year (年度) in a path or query string; 2000–2099 like member numbers (formatMemberNumber). */
export const quotaYearSchema = z.coerce
  .number({ error: "年度 year：应为年份 / expected a year" })
  .int({ error: "年度 year：应为整数年份" })
  .min(2000, { error: "年度 year：不能早于2000年" })
  .max(2099, { error: "年度 year：不能晚于2099年" });

/** Places of a quota (名额数): a whole number, 0 … 1,000,000. */
const placesSchema = (label: string) =>
  z
    .number({ error: typeErrorMessage(label, "数字") })
    .int({ error: `${label}：应为不小于0的整数` })
    .min(0, { error: `${label}：应为不小于0的整数` })
    .max(1_000_000, { error: `${label}：数值过大` });

/** PUT /organizations/{id}/admission-quotas/{year}: the organization's whole allotment for the year. */
export const allotmentInputSchema = z.object({ amount: placesSchema("名额 amount") });

/** POST …/reclaim: how many unused places to take back (all of them when omitted). */
export const reclaimInputSchema = z.object({
  amount: placesSchema("回收名额 amount").min(1, { error: "回收名额 amount：至少1个" }).optional(),
});

/** A quota's figures (名额): available = amount − used − subAllotted, the unused places. */
export const quotaSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    year: z.number().int(),
    amount: z.number().int().describe("allotted places 分配名额"),
    used: z.number().int().describe("numbers issued from it 已使用"),
    subAllotted: z.number().int().describe("passed on to quotas below 已下达"),
    available: z.number().int().describe("unused places 未使用 = amount − used − subAllotted"),
    parentQuotaId: z.number().int().nullable(),
    allottedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: "AdmissionQuota" });

/** GET /organizations/{id}/admission-quotas. */
export const quotaOverviewSchema = z
  .object({
    year: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    quota: quotaSchema.nullable().describe("the organization's own quota; null when none was allotted"),
    allotments: z.array(
      z.object({
        organizationId: z.number().int(),
        organizationName: z.string(),
        kind: z.string(),
        quota: quotaSchema.nullable().describe("allotted from this organization's quota; null when none"),
        ownQuotaElsewhere: z.boolean().describe("holds a quota of the year allotted from another quota"),
      }),
    ),
    unusedInAllotments: z.number().int(),
  })
  .meta({ id: "AdmissionQuotaOverview" });

/** The answer of an allotment. */
export const quotaWriteSchema = z
  .object({ quota: quotaSchema, parentQuota: quotaSchema.nullable() })
  .meta({ id: "AdmissionQuotaWrite" });

/** The answer of a reclaim. */
export const quotaReclaimSchema = quotaWriteSchema
  .extend({ reclaimed: z.number().int() })
  .meta({ id: "AdmissionQuotaReclaim" });

/** GET /organizations/{id}/admission-quotas/unused. */
export const unusedQuotaReportSchema = z
  .object({ year: z.number().int(), items: z.array(quotaSchema), totalUnused: z.number().int() })
  .meta({ id: "UnusedAdmissionQuotas" });

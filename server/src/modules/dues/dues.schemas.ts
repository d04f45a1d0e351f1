import { DUES_CATEGORIES, parseDuesMonth } from "@tuanwu/domain";
import { z } from "zod";
import { isoDate } from "../../lib/api-schemas";

/** Zod schemas of the dues routes (团费; issue 12 part 4): inputs and explicit responses. */

/** A month "YYYY-MM" (or "YYYY-MM-01") read as its first day "YYYY-MM-01". */
export const monthSchema = z
  .string()
  .refine((text) => parseDuesMonth(text) !== null, "月份格式应为 YYYY-MM / expected YYYY-MM")
  .transform((text) => parseDuesMonth(text) as string);

const yuan = z.number().min(0, "金额不能为负数").max(999999, "金额过大");
const category = z.enum(DUES_CATEGORIES);

/** One row of a dues schedule (团费标准). */
export const duesScheduleRowSchema = z.object({
  category,
  incomeMinYuan: yuan,
  incomeMaxYuan: yuan.nullable(),
  monthlyYuan: yuan,
  effectiveFrom: isoDate,
});

/** PUT /organizations/{id}/dues-schedule body: the organization's own schedule ([] removes it). */
export const duesScheduleInputSchema = z.object({ rows: z.array(duesScheduleRowSchema).max(200) });

/** The schedule in force at an organization. */
export const duesScheduleSchema = z
  .object({
    organizationId: z.number().int(),
    ownerOrganizationId: z.number().int().nullable(),
    isDefault: z.boolean(),
    rows: z.array(duesScheduleRowSchema),
  })
  .meta({ id: "DuesSchedule" });

const paymentSchema = z.object({
  amountYuan: z.number(),
  paidOn: z.string(),
  category,
  deviationReason: z.string().nullable(),
});

/** A branch's month: the roll with payments. */
export const monthDuesSchema = z
  .object({
    organizationId: z.number().int(),
    month: z.string(),
    items: z.array(
      z.object({
        memberId: z.number().int(),
        name: z.string(),
        memberNumber: z.string().nullable(),
        payment: paymentSchema.nullable(),
        expectedYuan: z.number().nullable(),
      }),
    ),
    paidCount: z.number().int(),
    rollCount: z.number().int(),
    collectionRate: z.number().nullable(),
  })
  .meta({ id: "MonthDues" });

/** PUT /organizations/{id}/dues/{month} body: the payments of the month (members left out untouched). */
export const monthDuesInputSchema = z.object({
  payments: z
    .array(
      z.object({
        memberId: z.number().int().positive(),
        category,
        monthlyIncomeYuan: yuan.nullable().optional(),
        amountYuan: yuan,
        paidOn: isoDate,
        deviationReason: z.string().max(500).nullable().optional(),
      }),
    )
    .min(1, "至少一条缴费记录")
    .max(5000),
});

/** The answer of a batch entry or an import. */
export const duesWriteSchema = z
  .object({ organizationId: z.number().int(), month: z.string(), recorded: z.number().int() })
  .meta({ id: "DuesWrite" });

/** Arrears of a subtree and its collection rate over a period. */
export const arrearsSchema = z
  .object({
    organizationId: z.number().int(),
    from: z.string(),
    through: z.string(),
    items: z.array(
      z.object({
        memberId: z.number().int(),
        name: z.string(),
        organizationId: z.number().int(),
        organizationName: z.string(),
        months: z.array(z.string()),
      }),
    ),
    expectedMemberMonths: z.number().int(),
    paidMemberMonths: z.number().int(),
    collectionRate: z.number().nullable(),
  })
  .meta({ id: "DuesArrears" });

/** The signed-in member's dues. */
export const ownDuesSchema = z
  .object({
    payments: z.array(z.object({ month: z.string(), amountYuan: z.number(), paidOn: z.string(), category })),
    arrearsMonths: z.array(z.string()),
  })
  .meta({ id: "OwnDues" });

import {
  enumSchema,
  FIVE_HAS_ITEMS,
  isoDateSchema,
  textSchema,
  typeErrorMessage,
  YOUTH_HOME_KINDS,
} from "@tuanwu/domain";
import { z } from "zod";

/**
 * Schemas of the Youth Home routes (青年之家 and service posts; issue 14 part 1): inputs with Chinese
 * messages naming the field, and the answers (OpenAPI is generated from them).
 */

const flag = (label: string) => z.boolean({ error: typeErrorMessage(label, "是或否") });

/** The "五有" checklist as input: each item true/false. */
const standardInputSchema = z.object({
  venue: flag("有场地 standard.venue"),
  projects: flag("有项目 standard.projects"),
  team: flag("有队伍 standard.team"),
  rules: flag("有制度 standard.rules"),
  sign: flag("有标识 standard.sign"),
});

/** Yuan per year, ≥ 0 with at most two decimals (numeric(12,2)). */
const subsidySchema = z
  .number({ error: typeErrorMessage("补贴 subsidyYuanPerYear", "数字") })
  .min(0, { error: "补贴 subsidyYuanPerYear：不能为负数" })
  .max(9_999_999_999, { error: "补贴 subsidyYuanPerYear：数值过大" })
  .refine((value) => Math.round(value * 100) === value * 100, {
    error: "补贴 subsidyYuanPerYear：最多两位小数",
  });

/** POST /organizations/{id}/youth-homes. */
export const youthHomeCreateSchema = z.object({
  kind: enumSchema("类型 kind", YOUTH_HOME_KINDS),
  name: textSchema("名称 name", 100),
  address: textSchema("地址 address", 200).nullable().optional(),
  operator: textSchema("运营方 operator", 100).nullable().optional(),
  isDemonstration: flag("示范 isDemonstration").optional(),
  standard: standardInputSchema.partial().optional(),
  subsidyYuanPerYear: subsidySchema.nullable().optional(),
  listedOn: isoDateSchema("挂牌日期 listedOn").nullable().optional(),
});
export type YouthHomeCreateInput = z.infer<typeof youthHomeCreateSchema>;

/** PATCH /youth-homes/{id}: any of the creation fields but the kind. */
export const youthHomePatchSchema = youthHomeCreateSchema.omit({ kind: true }).partial();
export type YouthHomePatchInput = z.infer<typeof youthHomePatchSchema>;

/** POST /youth-homes/{id}/delist. */
export const delistInputSchema = z.object({
  reason: textSchema("摘牌原因 reason", 200),
  delistedOn: isoDateSchema("摘牌日期 delistedOn").optional(),
});

/** PUT /youth-homes/{id}/services/{month}: person-times of the month. */
export const serviceInputSchema = z.object({
  personTimes: z
    .number({ error: typeErrorMessage("服务人次 personTimes", "整数") })
    .int({ error: "服务人次 personTimes：应为整数" })
    .min(0, { error: "服务人次 personTimes：不能为负数" })
    .max(10_000_000, { error: "服务人次 personTimes：数值过大" }),
});

/** A month in a path: YYYY-MM (stored as its first day). */
export const monthParameter = z
  .string({ error: typeErrorMessage("月份 month", "YYYY-MM") })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "月份 month：格式应为YYYY-MM" });

export const youthHomeListQuerySchema = z.object({
  kind: enumSchema("类型 kind", YOUTH_HOME_KINDS).optional(),
  includeDelisted: z
    .enum(["true", "false"], { error: "含已摘牌 includeDelisted：应为 true 或 false" })
    .optional(),
});

/** Counts of a home (or of an organization's homes): activities, sign-ups, check-ins, person-times. */
export const youthHomeCountsSchema = z.object({
  activities: z.number().int().describe("activities held (not cancelled)"),
  signups: z.number().int().describe("confirmed sign-ups 报名人数"),
  participants: z.number().int().describe("checked-in participants 参与人次"),
  servicePersonTimes: z.number().int().describe("services counted in person-times 服务人次 (all months)"),
});

export const youthHomeSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    kind: z.enum(YOUTH_HOME_KINDS),
    name: z.string(),
    address: z.string().nullable(),
    operator: z.string().nullable(),
    isDemonstration: z.boolean(),
    standard: z.object(
      Object.fromEntries(FIVE_HAS_ITEMS.map((item) => [item, z.boolean()])) as {
        [K in (typeof FIVE_HAS_ITEMS)[number]]: z.ZodBoolean;
      },
    ),
    standardMet: z.boolean().describe("all five of 五有"),
    standardMissing: z.array(z.enum(FIVE_HAS_ITEMS)),
    subsidyYuanPerYear: z.number().nullable(),
    listedOn: z.string().nullable(),
    delistedOn: z.string().nullable(),
    delistedReason: z.string().nullable(),
    lastActivityOn: z.string().nullable().describe("YYYY-MM-DD (China time) of the last activity held"),
    delistingDue: z.boolean().describe("a demonstration home without activities in the rule's period"),
    delistingReason: z.string().nullable(),
    counts: youthHomeCountsSchema,
    createdAt: z.string(),
  })
  .meta({ id: "YouthHome" });

export const youthHomeListSchema = z
  .object({
    items: z.array(youthHomeSchema),
    totals: youthHomeCountsSchema.extend({
      homes: z.number().int(),
      listed: z.number().int(),
      standardMet: z.number().int(),
      delistingDue: z.number().int(),
    }),
    byOrganization: z
      .array(
        youthHomeCountsSchema.extend({
          organizationId: z.number().int(),
          organizationName: z.string(),
          homes: z.number().int(),
        }),
      )
      .describe("counts per organization holding homes"),
  })
  .meta({ id: "YouthHomeList" });

export const youthHomeDetailSchema = youthHomeSchema
  .extend({
    services: z.array(z.object({ month: z.string().describe("YYYY-MM"), personTimes: z.number().int() })),
  })
  .meta({ id: "YouthHomeDetail" });

export const serviceMonthSchema = z
  .object({ youthHomeId: z.number().int(), month: z.string(), personTimes: z.number().int() })
  .meta({ id: "YouthHomeServiceMonth" });

import { enumSchema, phoneSchema, SIGNUP_STATUSES, textSchema, typeErrorMessage } from "@tuanwu/domain";
import { z } from "zod";

/**
 * Schemas of the activity routes (活动; issue 14 part 2): staff inputs and answers, and the public
 * sign-up, check-in and rating — whose answers carry nothing of the registry.
 */

/** An instant with its offset, e.g. 2026-12-06T14:00:00+08:00 (ISO 8601), messages naming `label`. */
export function instantSchema(label: string) {
  return z
    .string({ error: typeErrorMessage(label, "时间") })
    .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text), {
      error: `${label}：应为带时区的时间，如 2026-12-06T14:00:00+08:00`,
    })
    .refine((text) => !Number.isNaN(Date.parse(text)), { error: `${label}：无效的时间` })
    .transform((text) => new Date(text));
}

const capacitySchema = z
  .number({ error: typeErrorMessage("人数上限 capacity", "整数") })
  .int({ error: "人数上限 capacity：应为整数" })
  .min(1, { error: "人数上限 capacity：至少为1" })
  .max(100_000, { error: "人数上限 capacity：数值过大" });

const activityFields = {
  title: textSchema("活动名称 title", 100),
  description: textSchema("活动简介 description", 2000).nullable().optional(),
  place: textSchema("活动地点 place", 200),
  startsAt: instantSchema("开始时间 startsAt"),
  endsAt: instantSchema("结束时间 endsAt"),
  checkinOpensAt: instantSchema("签到开始 checkinOpensAt").optional(),
  checkinClosesAt: instantSchema("签到截止 checkinClosesAt").optional(),
  capacity: capacitySchema,
  audience: textSchema("面向对象 audience", 200).nullable().optional(),
};

/** POST /organizations/{id}/activities (check-in window default: start − 30 min … end). */
export const activityCreateSchema = z.object({
  ...activityFields,
  youthHomeId: z
    .number({ error: typeErrorMessage("青年之家 youthHomeId", "编号") })
    .int({ error: "青年之家 youthHomeId：应为编号" })
    .positive({ error: "青年之家 youthHomeId：应为编号" })
    .max(2_147_483_647, { error: "青年之家 youthHomeId：应为编号" })
    .nullable()
    .optional(),
});
export type ActivityCreateInput = z.infer<typeof activityCreateSchema>;

/** PATCH /activities/{id}: any field; capacity never below the confirmed sign-ups. */
export const activityPatchSchema = z.object(activityFields).partial();
export type ActivityPatchInput = z.infer<typeof activityPatchSchema>;

export const activityListQuerySchema = z.object({
  youthHomeId: z.coerce
    .number({ error: "青年之家 youthHomeId：应为编号" })
    .int({ error: "青年之家 youthHomeId：应为编号" })
    .positive({ error: "青年之家 youthHomeId：应为编号" })
    .max(2_147_483_647, { error: "青年之家 youthHomeId：应为编号" })
    .optional(),
});

/** Counts of an activity (or of an organization's activities). */
export const activityCountsSchema = z.object({
  confirmed: z.number().int().describe("confirmed sign-ups 已报名"),
  waitlisted: z.number().int().describe("on the waitlist 候补"),
  checkedIn: z.number().int().describe("checked in 已签到"),
  checkedOut: z.number().int().describe("checked out 已签退"),
  ratings: z.number().int(),
  ratingAverage: z.number().nullable().describe("mean of the ratings 1–5, null without ratings"),
});

export const activitySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    youthHomeId: z.number().int().nullable(),
    youthHomeName: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    place: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    checkinOpensAt: z.string(),
    checkinClosesAt: z.string(),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    audience: z.string().nullable(),
    status: z.enum(["published", "cancelled"]),
    publicToken: z.string().describe("the sign-up link: /public/activities/{publicToken}"),
    checkinToken: z.string().describe("the QR check-in link: /public/activities/checkin/{checkinToken}"),
    counts: activityCountsSchema,
    createdAt: z.string(),
  })
  .meta({ id: "Activity" });

export const activityDetailSchema = activitySchema
  .extend({
    photos: z.array(
      z.object({
        id: z.number().int(),
        fileName: z.string(),
        contentType: z.string(),
        byteSize: z.number().int(),
      }),
    ),
  })
  .meta({ id: "ActivityDetail" });

export const activityListSchema = z
  .object({
    items: z.array(activitySchema),
    totals: activityCountsSchema.omit({ ratingAverage: true }).extend({ activities: z.number().int() }),
    byOrganization: z.array(
      z.object({
        organizationId: z.number().int(),
        organizationName: z.string(),
        activities: z.number().int(),
        confirmed: z.number().int(),
        checkedIn: z.number().int(),
      }),
    ),
  })
  .meta({ id: "ActivityList" });

export const signupSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    phone: z.string().describe("masked unless the role may see personal data (member:read_personal)"),
    memberId: z.number().int().nullable(),
    status: z.enum(SIGNUP_STATUSES),
    waitlistPosition: z.number().int().nullable(),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "ActivitySignup" });

export const photoSchema = z
  .object({ id: z.number().int(), fileName: z.string(), contentType: z.string(), byteSize: z.number().int() })
  .meta({ id: "ActivityPhoto" });

/** A token in a public path: 22 url-safe characters (16 random bytes). */
export const tokenParameter = z
  .string({ error: typeErrorMessage("链接 token", "文本") })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "链接 token：无效的链接" });

const deviceKeySchema = z
  .string({ error: typeErrorMessage("设备 deviceKey", "文本") })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "设备 deviceKey：应为8到64位字母、数字、-或_" });

/** POST /public/activities/{token}/signups. */
export const publicSignupInputSchema = z.object({
  name: textSchema("姓名 name", 50),
  phone: phoneSchema,
  deviceKey: deviceKeySchema.optional(),
});

/** POST /public/activities/{token}/signups/cancel: the phone and the device that signed up. */
export const publicCancelInputSchema = z.object({ phone: phoneSchema, deviceKey: deviceKeySchema });

/** POST /public/activities/checkin/{checkinToken}. */
export const publicCheckinInputSchema = z.object({
  phone: phoneSchema,
  action: enumSchema("操作 action", ["check_in", "check_out"] as const).default("check_in"),
});

/** POST /public/activities/{token}/rating. */
export const publicRatingInputSchema = z.object({
  phone: phoneSchema,
  rating: z
    .number({ error: typeErrorMessage("评分 rating", "1到5的整数") })
    .int({ error: "评分 rating：应为1到5的整数" })
    .min(1, { error: "评分 rating：应为1到5的整数" })
    .max(5, { error: "评分 rating：应为1到5的整数" }),
  comment: textSchema("评价 comment", 500).optional(),
});

/** What the public sees of an activity: title, time, place, capacity left — nothing else. */
export const publicActivitySchema = z
  .object({
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    cancelled: z.boolean(),
  })
  .meta({ id: "PublicActivity" });

export const publicSignupResultSchema = z
  .object({
    status: z.enum(["confirmed", "waitlisted"]),
    waitlistPosition: z.number().int().nullable(),
  })
  .meta({ id: "PublicSignupResult" });

export const publicCheckinResultSchema = z
  .object({ action: z.enum(["check_in", "check_out"]), at: z.string(), title: z.string() })
  .meta({ id: "PublicCheckinResult" });

export const ownActivitySchema = z
  .object({
    signupId: z.number().int(),
    activityId: z.number().int(),
    title: z.string(),
    place: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    organizationName: z.string(),
    activityStatus: z.enum(["published", "cancelled"]),
    status: z.enum(SIGNUP_STATUSES),
    waitlistPosition: z.number().int().nullable(),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    rating: z.number().int().nullable(),
    publicToken: z.string().describe("to rate the activity through its public link"),
  })
  .meta({ id: "OwnActivity" });

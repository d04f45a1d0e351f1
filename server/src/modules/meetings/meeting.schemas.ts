import {
  ATTENDANCE_STATUSES,
  attendanceListSchema,
  classHoursSchema,
  DEFAULT_SILENT_WEEKS,
  enumSchema,
  isoDateSchema,
  MEETING_KINDS,
  meetingFieldsSchema,
  meetingInputSchema,
  SILENT_WEEKS_RANGE,
  textSchema,
} from "@tuanwu/domain";
import { z } from "zod";

/** Body of POST /organizations/{id}/meetings: domain meetingInputSchema (kind, heldOn, topic, minutes, classHours, attendance). */
export const meetingCreateSchema = meetingInputSchema;

/** Body of PATCH /meetings/{id}: any of the meeting's fields (the kind/class-hours rule is checked on the result). */
export const meetingPatchSchema = z.object({
  kind: enumSchema("会议类型", MEETING_KINDS).optional(),
  heldOn: isoDateSchema("召开日期").optional(),
  topic: textSchema("主题", 200).optional(),
  minutes: meetingFieldsSchema.shape.minutes.unwrap().optional(),
  classHours: classHoursSchema.nullable().optional(),
});

/** Body of PUT /meetings/{id}/attendance: the whole list. */
export const attendanceBodySchema = z.object({ attendance: attendanceListSchema });

/** Body of POST /meetings/{id}/signin-token: how long sign-in stays open (minutes, 5–1440, default 120). */
export const signinTokenBodySchema = z.object({
  minutes: z
    .number({ error: "签到时长：应为数字" })
    .int({ error: "签到时长：应为整数分钟" })
    .min(5, { error: "签到时长：至少5分钟" })
    .max(1440, { error: "签到时长：不能超过1440分钟" })
    .default(120),
});

/** Query of GET /organizations/{id}/meetings. */
export const meetingListQuerySchema = z.object({
  from: isoDateSchema("开始日期").optional(),
  to: isoDateSchema("结束日期").optional(),
  kind: enumSchema("会议类型", MEETING_KINDS).optional(),
});

/** Query of GET /organizations/{id}/meeting-calendar: month "YYYY-MM" (default this month in China). */
export const calendarQuerySchema = z.object({
  month: z
    .string({ error: "月份：应为文本" })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "月份：格式应为YYYY-MM" })
    .optional(),
});

/** Query of GET /organizations/{id}/silent-branches: weeks without a meeting (default 8). */
export const silentQuerySchema = z.object({
  weeks: z.coerce
    .number({ error: "周数：应为数字" })
    .int({ error: "周数：应为整数" })
    .min(SILENT_WEEKS_RANGE.min, { error: `周数：至少${SILENT_WEEKS_RANGE.min}` })
    .max(SILENT_WEEKS_RANGE.max, { error: `周数：不能超过${SILENT_WEEKS_RANGE.max}` })
    .default(DEFAULT_SILENT_WEEKS),
});

/** Path of POST /meetings/signin/{token}. */
export const tokenParamsSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "签到码：无效" }),
});

/** A meeting in a list or calendar. */
export const meetingSummarySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    kind: z.enum(MEETING_KINDS),
    kindLabel: z.string(),
    heldOn: z.string(),
    topic: z.string(),
    classHours: z.number().nullable(),
    presentCount: z.number().int(),
    absentCount: z.number().int(),
  })
  .meta({ id: "MeetingSummary" });

/** One attendee of a meeting. */
export const attendanceSchema = z.object({
  memberId: z.number().int(),
  memberName: z.string(),
  status: z.enum(ATTENDANCE_STATUSES),
  absenceReason: z.string().nullable(),
  signedInAt: z.string().nullable(),
});

/** A photo's metadata. */
export const meetingPhotoSchema = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    contentType: z.string(),
    byteSize: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: "MeetingPhoto" });

/** A meeting with minutes, attendance, photos and sign-in state. */
export const meetingDetailSchema = meetingSummarySchema
  .extend({
    minutes: z.string(),
    createdAt: z.string(),
    signin: z.object({ token: z.string(), closesAt: z.string(), open: z.boolean() }).nullable(),
    attendance: z.array(attendanceSchema),
    photos: z.array(meetingPhotoSchema),
  })
  .meta({ id: "MeetingDetail" });

/** The answer of POST /meetings/{id}/signin-token. */
export const signinTokenSchema = z.object({
  token: z.string(),
  closesAt: z.string(),
  /** The API path a signed-in member posts to (the QR code encodes the web page carrying the token). */
  signinPath: z.string(),
});

/** The answer of POST /meetings/signin/{token}. */
export const signinResultSchema = z.object({
  meetingId: z.number().int(),
  topic: z.string(),
  heldOn: z.string(),
  memberName: z.string(),
  signedInAt: z.string(),
});

/** The answer of GET /organizations/{id}/meeting-calendar. */
export const calendarSchema = z.object({
  month: z.string(),
  days: z.array(z.object({ date: z.string(), meetings: z.array(meetingSummarySchema) })),
});

/** The answer of GET /organizations/{id}/silent-branches. */
export const silentBranchesSchema = z.object({
  weeks: z.number().int(),
  cutoff: z.string(),
  items: z.array(
    z.object({
      organizationId: z.number().int(),
      organizationName: z.string(),
      parentName: z.string().nullable(),
      lastHeldOn: z.string().nullable(),
      weeksSince: z.number().int().nullable(),
      memberCount: z.number().int(),
    }),
  ),
  truncated: z.boolean(),
});

/** The answer of GET /me/meetings. */
export const ownMeetingsSchema = z.object({
  items: z.array(
    meetingSummarySchema.extend({
      status: z.enum(ATTENDANCE_STATUSES),
      absenceReason: z.string().nullable(),
      signedInAt: z.string().nullable(),
    }),
  ),
  classHours: z.number(),
});

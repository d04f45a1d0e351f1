import { idSchema, phoneSchema, textSchema, VOLUNTEER_RECORD_STATUSES } from "@tuanwu/domain";
import { z } from "zod";
import { instantSchema } from "../surveys/surveys.schemas";

/**
 * Request and response shapes of the volunteer-hours routes (志愿服务时长, issue 14 part 3): shifts,
 * records with check-in/out, decisions, certificates and their public check. Chinese messages name
 * the field.
 */

/** A new shift: title, start and end, optional capacity and activity. */
export const shiftCreateSchema = z
  .strictObject({
    title: textSchema("班次名称", 100),
    startsAt: instantSchema("开始时间"),
    endsAt: instantSchema("结束时间"),
    capacity: z
      .number({ error: "人数上限：应为数字" })
      .int({ error: "人数上限：应为整数" })
      .min(1, { error: "人数上限：至少为1" })
      .max(100_000, { error: "人数上限：至多100000" })
      .nullable()
      .optional(),
    activityId: idSchema("活动").nullable().optional(),
  })
  .superRefine((value, context) => {
    if (Date.parse(value.endsAt) <= Date.parse(value.startsAt)) {
      context.addIssue({ code: "custom", path: ["endsAt"], message: "结束时间：应晚于开始时间" });
    }
  })
  .meta({ id: "VolunteerShiftCreateInput" });

/** A volunteer's check-in and check-out on a shift (the hours are computed from them). */
export const recordCreateSchema = z.strictObject({
  name: textSchema("姓名", 50),
  phone: phoneSchema,
  memberId: idSchema("团员").nullable().optional(),
  checkedInAt: instantSchema("签到时间"),
  checkedOutAt: instantSchema("签退时间"),
});

/** A rejection's reason (optional). */
export const rejectSchema = z.strictObject({ reason: textSchema("原因", 200).optional() });

/** A shift in a list. */
export const shiftSummarySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    activityId: z.number().int().nullable(),
    activityTitle: z.string().nullable(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    capacity: z.number().int().nullable(),
    recordCount: z.number().int().describe("records not rejected"),
    approvedHours: z.number().describe("approved hours, total"),
  })
  .meta({ id: "VolunteerShift" });

/** One volunteer record; the phone masked unless the role may read personal data. */
export const recordSchema = z
  .object({
    id: z.number().int(),
    shiftId: z.number().int(),
    shiftTitle: z.string(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    memberId: z.number().int().nullable(),
    name: z.string(),
    phone: z.string(),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    hours: z.number().nullable(),
    status: z.enum(VOLUNTEER_RECORD_STATUSES),
    statusLabel: z.string(),
    approvedAt: z.string().nullable(),
    noticeUntil: z
      .string()
      .nullable()
      .describe("YYYY-MM-DD: the public notice's last day (7 days after approval)"),
    certificateNumber: z.string().nullable(),
    certificateIssuedAt: z.string().nullable(),
  })
  .meta({ id: "VolunteerRecord" });

/** A shift's page: the shift and its records. */
export const shiftDetailSchema = shiftSummarySchema
  .extend({ records: z.array(recordSchema) })
  .meta({ id: "VolunteerShiftDetail" });

/** An issued certificate: number and verification code (printed on the PDF). */
export const certificateSchema = z
  .object({
    recordId: z.number().int(),
    certificateNumber: z.string().describe("ZY-YYYYMMDD-NNNNNN"),
    verificationCode: z.string(),
    issuedOn: z.string(),
  })
  .meta({ id: "VolunteerCertificate" });

/** What the public check shows: nothing but these. */
export const certificateVerificationSchema = z
  .object({
    certificateNumber: z.string(),
    volunteerName: z.string().describe("masked: first character kept"),
    hours: z.number(),
    serviceDate: z.string().describe("YYYY-MM-DD, China time"),
    shiftTitle: z.string(),
    organizationName: z.string().describe("the recording organization"),
    issuedOn: z.string(),
  })
  .meta({ id: "VolunteerCertificateVerification" });

/** The signed-in member's own hours. */
export const ownHoursSchema = z
  .object({
    totals: z
      .array(z.object({ year: z.number().int(), hours: z.number() }))
      .describe("approved hours per year"),
    records: z.array(recordSchema),
  })
  .meta({ id: "OwnVolunteerHours" });

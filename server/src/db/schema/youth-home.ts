import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { member } from "./member";
import { organization } from "./organization";
import { appUser } from "./user";

/** PostgreSQL bytea, read and written as a Node Buffer (an activity photo's bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType() {
    return "bytea";
  },
  fromDriver(value) {
    return Buffer.isBuffer(value) ? value : Buffer.from(value);
  },
});

/**
 * 青年之家 and service posts (学子归巢工作站, 青年人才驿站) — a position among young people attached to one
 * organization of the tree (access kind "youth_home"), with its "五有" standard checklist (venue,
 * projects, team, rules, sign), subsidy in yuan per year, and its listing: a demonstration home
 * without activities for a while is de-listed 摘牌 (domain.md §7; issue 14 part 1).
 */
export const youthHome = pgTable(
  "youth_home",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * The organization's county bucket (organization.county_id, migration 0050): given by the writer, checked by
     * trigger; the distribution column on Citus once the family is distributed (docs/SCALING.md "The Youth Home family by county").
     */
    countyId: integer("county_id").notNull().default(0),
    /** youth_home 青年之家 | student_return_station 学子归巢工作站 | talent_station 青年人才驿站. */
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    address: text("address"),
    operator: text("operator"),
    isDemonstration: boolean("is_demonstration").notNull().default(false),
    standardVenue: boolean("standard_venue").notNull().default(false),
    standardProjects: boolean("standard_projects").notNull().default(false),
    standardTeam: boolean("standard_team").notNull().default(false),
    standardRules: boolean("standard_rules").notNull().default(false),
    standardSign: boolean("standard_sign").notNull().default(false),
    subsidyYuanPerYear: numeric("subsidy_yuan_per_year", { precision: 12, scale: 2 }),
    listedOn: date("listed_on", { mode: "string" }),
    delistedOn: date("delisted_on", { mode: "string" }),
    delistedReason: text("delisted_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("youth_home_organization_idx").on(t.organizationId),
    check(
      "youth_home_kind_check",
      sql`${t.kind} in ('youth_home', 'student_return_station', 'talent_station')`,
    ),
    check("youth_home_subsidy_check", sql`${t.subsidyYuanPerYear} is null or ${t.subsidyYuanPerYear} >= 0`),
  ],
);

/** Services of a home in one month, in person-times 人次 (青年人才驿站 counts its services so). */
export const youthHomeService = pgTable(
  "youth_home_service",
  {
    youthHomeId: integer("youth_home_id")
      .notNull()
      .references(() => youthHome.id),
    /** Its home's county_id (given by the writer; migration 0050). */
    countyId: integer("county_id").notNull().default(0),
    /** The first day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    personTimes: integer("person_times").notNull(),
  },
  (t) => [
    // Ends with the county on every engine (migration 0054): one ON CONFLICT target on PostgreSQL and Citus,
    // where a unique index must hold the distribution column (docs/SCALING.md "The Youth Home family on Citus").
    uniqueIndex("youth_home_service_key").on(t.youthHomeId, t.month, t.countyId),
    check("youth_home_service_person_times_check", sql`${t.personTimes} >= 0`),
    check("youth_home_service_month_check", sql`extract(day from ${t.month}) = 1`),
  ],
);

/**
 * 活动 — an activity published by an organization (optionally at one of its homes): time, place,
 * capacity, audience; a public sign-up link (`public_token`) and a QR check-in link (`checkin_token`);
 * check-in opens and closes at its window (default 30 minutes before the start … the end).
 */
export const activity = pgTable(
  "activity",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * The organization's county bucket (organization.county_id, migration 0050): given by the writer, checked by
     * trigger; the distribution column on Citus once the family is distributed (docs/SCALING.md "The Youth Home family by county").
     */
    countyId: integer("county_id").notNull().default(0),
    youthHomeId: integer("youth_home_id").references(() => youthHome.id),
    title: text("title").notNull(),
    description: text("description"),
    place: text("place").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    checkinOpensAt: timestamp("checkin_opens_at", { withTimezone: true }).notNull(),
    checkinClosesAt: timestamp("checkin_closes_at", { withTimezone: true }).notNull(),
    capacity: integer("capacity").notNull(),
    audience: text("audience"),
    status: text("status").notNull().default("published"),
    publicToken: text("public_token").notNull(),
    checkinToken: text("checkin_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("activity_public_token_key").on(t.publicToken),
    uniqueIndex("activity_checkin_token_key").on(t.checkinToken),
    index("activity_organization_idx").on(t.organizationId, t.startsAt),
    index("activity_youth_home_idx").on(t.youthHomeId, t.startsAt),
    check("activity_status_check", sql`${t.status} in ('published', 'cancelled')`),
    check("activity_capacity_check", sql`${t.capacity} > 0`),
    check("activity_time_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("activity_checkin_window_check", sql`${t.checkinClosesAt} > ${t.checkinOpensAt}`),
  ],
);

/**
 * A sign-up to an activity through its public link: confirmed while seats last, then waitlisted in
 * order (`waitlist_position`), promoted when a confirmed one cancels. One live sign-up per phone.
 */
export const activitySignup = pgTable(
  "activity_signup",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: integer("activity_id")
      .notNull()
      .references(() => activity.id),
    /** Its activity's county_id (given by the writer; migration 0050). */
    countyId: integer("county_id").notNull().default(0),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    memberId: bigint("member_id", { mode: "number" }).references(() => member.id),
    deviceKey: text("device_key"),
    status: text("status").notNull(),
    waitlistPosition: integer("waitlist_position"),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    checkedOutAt: timestamp("checked_out_at", { withTimezone: true }),
    rating: smallint("rating"),
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("activity_signup_phone_key").on(t.activityId, t.phone).where(sql`${t.status} <> 'cancelled'`),
    index("activity_signup_activity_idx").on(t.activityId, t.status),
    index("activity_signup_phone_idx").on(t.phone),
    index("activity_signup_member_idx").on(t.memberId),
    check("activity_signup_status_check", sql`${t.status} in ('confirmed', 'waitlisted', 'cancelled')`),
    check("activity_signup_rating_check", sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

/** A photo of an activity; its content type is checked from the bytes (an image, else refused). */
export const activityPhoto = pgTable(
  "activity_photo",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: integer("activity_id")
      .notNull()
      .references(() => activity.id),
    /** Its activity's county_id (given by the writer; migration 0050). */
    countyId: integer("county_id").notNull().default(0),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    bytes: bytea("bytes").notNull(),
    uploadedBy: integer("uploaded_by").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("activity_photo_activity_idx").on(t.activityId),
    check("activity_photo_content_type_check", sql`${t.contentType} like 'image/%'`),
  ],
);

/** 志愿服务班次 — a volunteer shift recorded by an organization (optionally for an activity). */
export const volunteerShift = pgTable(
  "volunteer_shift",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    /** The recording organization: it alone approves the shift's hours. */
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * The organization's county bucket (organization.county_id, migration 0050): given by the writer, checked by
     * trigger; the distribution column on Citus once the family is distributed (docs/SCALING.md "The Youth Home family by county").
     */
    countyId: integer("county_id").notNull().default(0),
    activityId: integer("activity_id").references(() => activity.id),
    title: text("title").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    capacity: integer("capacity"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("volunteer_shift_organization_idx").on(t.organizationId, t.startsAt),
    check("volunteer_shift_time_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("volunteer_shift_capacity_check", sql`${t.capacity} is null or ${t.capacity} > 0`),
  ],
);

/**
 * 志愿服务时长 — one volunteer's hours on a shift: recorded, then approved or rejected by the recording
 * organization; after approval a public notice of at least 7 days (`notice_until`) before a numbered
 * certificate (`certificate_number`, verified with `certificate_code`).
 */
export const volunteerRecord = pgTable(
  "volunteer_record",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    shiftId: integer("shift_id")
      .notNull()
      .references(() => volunteerShift.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * The organization's county bucket (organization.county_id, migration 0050): given by the writer, checked by
     * trigger; the distribution column on Citus once the family is distributed (docs/SCALING.md "The Youth Home family by county").
     */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" }).references(() => member.id),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    checkedOutAt: timestamp("checked_out_at", { withTimezone: true }),
    hours: numeric("hours", { precision: 6, scale: 2 }),
    status: text("status").notNull().default("recorded"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    approvedBy: integer("approved_by").references(() => appUser.id),
    noticeUntil: date("notice_until", { mode: "string" }),
    certificateNumber: text("certificate_number"),
    certificateCode: text("certificate_code"),
    certificateIssuedAt: timestamp("certificate_issued_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("volunteer_record_certificate_number_key").on(t.certificateNumber),
    index("volunteer_record_shift_idx").on(t.shiftId),
    index("volunteer_record_organization_idx").on(t.organizationId, t.status),
    index("volunteer_record_member_idx").on(t.memberId),
    index("volunteer_record_phone_idx").on(t.phone),
    check("volunteer_record_status_check", sql`${t.status} in ('recorded', 'approved', 'rejected')`),
    check("volunteer_record_hours_check", sql`${t.hours} is null or ${t.hours} >= 0`),
  ],
);

/**
 * 问卷 — a youth survey of an organization: its questions (domain/src/survey schema), a public link
 * (`public_token`), open between `opens_at` and `closes_at` while status is "open"; one answer per
 * device unless `allow_repeat_per_device`.
 */
export const survey = pgTable(
  "survey",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * The organization's county bucket (organization.county_id, migration 0046): given by the writer,
     * checked by trigger; on Citus the distribution column (docs/SCALING.md "Entered data and surveys by county").
     */
    countyId: integer("county_id").notNull().default(0),
    title: text("title").notNull(),
    description: text("description"),
    questions: jsonb("questions").$type<unknown[]>().notNull(),
    status: text("status").notNull().default("draft"),
    publicToken: text("public_token").notNull(),
    allowRepeatPerDevice: boolean("allow_repeat_per_device").notNull().default(false),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("survey_public_token_key").on(t.publicToken),
    index("survey_organization_idx").on(t.organizationId, t.createdAt),
    check("survey_status_check", sql`${t.status} in ('draft', 'open', 'closed')`),
  ],
);

/**
 * One answer to a survey from a device. `unique_device_key` is the device key, filled only when the
 * survey does not allow repeats: its unique index then holds one answer per device.
 */
export const surveyResponse = pgTable(
  "survey_response",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => survey.id),
    /** Its survey's county_id (given by the writer; on Citus the distribution column). */
    countyId: integer("county_id").notNull().default(0),
    deviceKey: text("device_key").notNull(),
    uniqueDeviceKey: text("unique_device_key"),
    answers: jsonb("answers").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("survey_response_survey_idx").on(t.surveyId, t.createdAt),
    uniqueIndex("survey_response_device_key").on(t.surveyId, t.uniqueDeviceKey),
  ],
);

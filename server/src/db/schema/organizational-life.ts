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
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { member } from "./member";
import { organization } from "./organization";
import { workflowInstance } from "./workflow";

/** PostgreSQL `bytea` as a Node Buffer (a meeting photo's bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

/**
 * 组织生活 — one meeting, class or theme day of a branch (三会两制一课; domain.md §5; issue 12 part 1):
 * kind is a MeetingKind of domain/organizational-life (general_meeting 支部团员大会, committee_meeting
 * 支委会, group_meeting 团小组会, league_class 团课, theme_day 主题团日, league_school_session 中学团校).
 * `classHours` (hours, one decimal) only for 团课. `signinToken` is the QR sign-in token, valid until
 * `signinClosesAt`.
 */
export const meeting = pgTable(
  "meeting",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /**
     * The county bucket of the meeting's organization (organization.county_id; migration 0053_meeting_county):
     * the distribution column on Citus, given by every writer, filled by trigger on PostgreSQL and PGlite.
     */
    countyId: integer("county_id").notNull().default(0),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    kind: text("kind").notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    topic: text("topic").notNull(),
    minutes: text("minutes").notNull().default(""),
    classHours: numeric("class_hours", { precision: 4, scale: 1 }),
    signinToken: text("signin_token"),
    signinClosesAt: timestamp("signin_closes_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("meeting_organization_held_idx").on(t.organizationId, t.heldOn),
    index("meeting_held_on_idx").on(t.heldOn),
    uniqueIndex("meeting_signin_token_key").on(t.signinToken),
    check(
      "meeting_kind_check",
      sql`${t.kind} in ('general_meeting', 'committee_meeting', 'group_meeting', 'league_class', 'theme_day', 'league_school_session')`,
    ),
    check("meeting_class_hours_check", sql`${t.classHours} is null or ${t.classHours} > 0`),
  ],
);

/** Who attended a meeting: present, or absent with a reason; `signedInAt` when signed in by QR. */
export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    /** Its meeting's county (migration 0053_meeting_county; co-located with the meeting on Citus). */
    countyId: integer("county_id").notNull().default(0),
    meetingId: bigint("meeting_id", { mode: "number" })
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    status: text("status").notNull(),
    absenceReason: text("absence_reason"),
    signedInAt: timestamp("signed_in_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.memberId], name: "meeting_attendance_pkey" }),
    index("meeting_attendance_member_idx").on(t.memberId),
    check("meeting_attendance_status_check", sql`${t.status} in ('present', 'absent')`),
  ],
);

/** A photo of a meeting (its type checked from its bytes), stored in the row. */
export const meetingPhoto = pgTable(
  "meeting_photo",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** Its meeting's county (migration 0053_meeting_county; co-located with the meeting on Citus). */
    countyId: integer("county_id").notNull().default(0),
    meetingId: bigint("meeting_id", { mode: "number" })
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_photo_meeting_idx").on(t.meetingId)],
);

/** 团员教育评议 — a committee's yearly education-review campaign for its subtree (domain.md §5; issue 12 part 2). */
export const educationReviewCampaign = pgTable(
  "education_review_campaign",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    year: smallint("year").notNull(),
    opensOn: date("opens_on", { mode: "string" }).notNull(),
    closesOn: date("closes_on", { mode: "string" }).notNull(),
    /** When the campaign was closed (no more saves or submissions); null while open. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("education_review_campaign_key").on(t.organizationId, t.year),
    check("education_review_campaign_dates_check", sql`${t.opensOn} <= ${t.closesOn}`),
  ],
);

/** One branch's review in a campaign, approved on the workflow engine (branch → committee). */
export const branchEducationReview = pgTable(
  "branch_education_review",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /**
     * The county bucket of the branch (organization.county_id; migration 0044_review_rating_county): the
     * distribution column on Citus, given by every writer, filled by trigger elsewhere.
     */
    countyId: integer("county_id").notNull().default(0),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => educationReviewCampaign.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    instanceId: bigint("instance_id", { mode: "number" }).references(() => workflowInstance.id),
    meetingHeldOn: date("meeting_held_on", { mode: "string" }),
    rollCount: integer("roll_count"),
    attendeesCount: integer("attendees_count"),
    /** When the committee approved the review on the engine (the grades went to the archives); null before. */
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("branch_education_review_key").on(t.countyId, t.campaignId, t.organizationId),
    index("branch_education_review_organization_idx").on(t.organizationId),
  ],
);

/** A member's self-assessment and grade in a branch review (优秀 ≤ 30%, domain.md §5). */
export const memberReviewGrade = pgTable(
  "member_review_grade",
  {
    branchReviewId: bigint("branch_review_id", { mode: "number" })
      .notNull()
      .references(() => branchEducationReview.id, { onDelete: "cascade" }),
    /** Its review's county (branch_education_review.county_id): on Citus the grade sits beside its review. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    selfAssessment: text("self_assessment"),
    grade: text("grade"),
  },
  (t) => [
    primaryKey({ columns: [t.branchReviewId, t.memberId], name: "member_review_grade_pkey" }),
    index("member_review_grade_member_idx").on(t.memberId),
    check(
      "member_review_grade_grade_check",
      sql`${t.grade} is null or ${t.grade} in ('excellent', 'qualified', 'basically_qualified', 'unqualified')`,
    ),
  ],
);

/** 团籍注册 — a yearly registration campaign of an organization (domain.md §5; issue 12 part 3). */
export const registrationCampaign = pgTable(
  "registration_campaign",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    year: smallint("year").notNull(),
    opensOn: date("opens_on", { mode: "string" }).notNull(),
    closesOn: date("closes_on", { mode: "string" }).notNull(),
    /** When the campaign was closed; null while open. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("registration_campaign_key").on(t.organizationId, t.year),
    check("registration_campaign_dates_check", sql`${t.opensOn} <= ${t.closesOn}`),
  ],
);

/** A member's registration in a campaign: registered, deferred (暂缓注册, 3–6 months, a reason) or unregistered. */
export const memberRegistration = pgTable(
  "member_registration",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The member's county (the distribution column on Citus, co-located with member; migration
     * 0043_org_life_county). Given by every writer; on PostgreSQL and PGlite filled from the member when 0
     * and carried along when the member changes county. */
    countyId: integer("county_id").notNull().default(0),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => registrationCampaign.id),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    status: text("status").notNull(),
    deferredUntil: date("deferred_until", { mode: "string" }),
    reason: text("reason"),
    decidedOn: date("decided_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // ends with the county (a member's rows live in its county; on Citus a unique key must hold the
    // distribution column; the reads by campaign and member keep their index order)
    uniqueIndex("member_registration_key").on(t.campaignId, t.memberId, t.countyId),
    index("member_registration_member_idx").on(t.memberId),
    check("member_registration_status_check", sql`${t.status} in ('registered', 'deferred', 'unregistered')`),
    check(
      "member_registration_deferred_check",
      sql`${t.status} <> 'deferred' or (${t.deferredUntil} is not null and ${t.reason} is not null)`,
    ),
  ],
);

/** 团费标准 — the dues schedule as data; the nearest ancestor's applies (domain.md §5; issue 12 part 4). */
export const duesSchedule = pgTable(
  "dues_schedule",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    category: text("category").notNull(),
    incomeMinYuan: numeric("income_min_yuan", { precision: 10, scale: 2 }).notNull().default("0"),
    incomeMaxYuan: numeric("income_max_yuan", { precision: 10, scale: 2 }),
    monthlyYuan: numeric("monthly_yuan", { precision: 8, scale: 2 }).notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
  },
  (t) => [
    index("dues_schedule_organization_idx").on(t.organizationId, t.effectiveFrom),
    check(
      "dues_schedule_category_check",
      sql`${t.category} in ('student', 'unemployed', 'wage_earner', 'other')`,
    ),
    check("dues_schedule_amount_check", sql`${t.monthlyYuan} >= 0`),
  ],
);

/** 团费缴纳 — one member's dues for one month (first of the month), recorded only. */
export const duesPayment = pgTable(
  "dues_payment",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The member's county (the distribution column on Citus, co-located with member; migration
     * 0043_org_life_county). Given by every writer; on PostgreSQL and PGlite filled from the member when 0
     * and carried along when the member changes county. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    month: date("month", { mode: "string" }).notNull(),
    amountYuan: numeric("amount_yuan", { precision: 8, scale: 2 }).notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    category: text("category").notNull(),
    deviationReason: text("deviation_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // ends with the county (a member's rows live in its county; on Citus a unique key must hold the
    // distribution column; the reads by member keep their index order)
    uniqueIndex("dues_payment_member_month_key").on(t.memberId, t.month, t.countyId),
    index("dues_payment_organization_month_idx").on(t.organizationId, t.month),
    check("dues_payment_month_check", sql`extract(day from ${t.month}) = 1`),
    check("dues_payment_amount_check", sql`${t.amountYuan} >= 0`),
  ],
);

/** 推优入党 — a recommendation of a member to the Party and the Party's later steps (domain.md §5; issue 12 part 5). */
export const partyRecommendation = pgTable(
  "party_recommendation",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** The county bucket of the recommending branch (organization.county_id; migration 0044_review_rating_county). */
    countyId: integer("county_id").notNull().default(0),
    instanceId: bigint("instance_id", { mode: "number" }).references(() => workflowInstance.id),
    /** The date the member filed the Party application (must be ≥ 6 months before the recommendation). */
    partyApplicationOn: date("party_application_on", { mode: "string" }),
    /** The branch meeting that recommended: its date, the roll, those attending, votes for. */
    meetingHeldOn: date("meeting_held_on", { mode: "string" }),
    rollCount: integer("roll_count"),
    attendeesCount: integer("attendees_count"),
    votesFor: integer("votes_for"),
    recommendedOn: date("recommended_on", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    partyStage: text("party_stage"),
    partyStageOn: date("party_stage_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("party_recommendation_member_idx").on(t.memberId),
    index("party_recommendation_organization_idx").on(t.organizationId),
    check(
      "party_recommendation_stage_check",
      sql`${t.partyStage} is null or ${t.partyStage} in ('recommended', 'activist', 'development_target', 'probationary', 'full')`,
    ),
  ],
);

/** 评星定级 scoring sheet — an owner's sheet for a year, as data (domain.md §6; issue 12 part 6). */
export const starRatingSheet = pgTable(
  "star_rating_sheet",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    year: smallint("year").notNull(),
    items: jsonb("items").notNull(),
  },
  (t) => [uniqueIndex("star_rating_sheet_key").on(t.organizationId, t.year)],
);

/** A branch's star rating for a year: self score, reviewed score, stars (0 = unrated / 软弱涣散), locked at year-end. */
export const starRating = pgTable(
  "star_rating",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** The county bucket of the branch (organization.county_id; migration 0044_review_rating_county). */
    countyId: integer("county_id").notNull().default(0),
    year: smallint("year").notNull(),
    instanceId: bigint("instance_id", { mode: "number" }).references(() => workflowInstance.id),
    selfScore: numeric("self_score", { precision: 5, scale: 1 }),
    reviewedScore: numeric("reviewed_score", { precision: 5, scale: 1 }),
    stars: smallint("stars"),
    exempt: boolean("exempt").notNull().default(false),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("star_rating_key").on(t.countyId, t.organizationId, t.year),
    check("star_rating_stars_check", sql`${t.stars} is null or ${t.stars} between 0 and 5`),
  ],
);

/**
 * Subtree tallies of the organizational-life records (issue 12 part 8; the org-life and dues/rating
 * indicator families at province scale read one organization's rows instead of its subtree's records):
 * for every organization, over its WHOLE subtree (itself included), `amount` by `dimension` and `value`:
 * - `branches` "": organizations of kind 团支部 / 团总支 (branch, general_branch);
 * - `meetings` "YYYY-MM": meetings held that month at those branches (any kind);
 * - `class_person_hours` "YYYY-MM": Σ class_hours × attendees present of their 团课 (league_class) that
 *   month (hours);
 * - `last_meeting` "YYYY-MM-DD": branches by the day of their latest meeting (a histogram: recording a
 *   meeting moves the branch from its old day to the new one; active in the last 3 months = Σ days
 *   after the cutoff);
 * - `star` "year:stars:exempt" (stars "" when not decided): star_rating rows of the subtree;
 * - `joined` "YYYY-MM": current members (active, transferring, flowing) by the month they joined;
 * - `paid` "YYYY-MM": dues_payment rows of current members for that month, not before their joined
 *   month (paid member-months);
 * - `registered` "campaignId": member_registration rows with status registered of current members (at
 *   the member's current organization; migration 0027);
 * - `review` / `review_approved` "campaignId": branch_education_review rows (approved: approved_at set);
 * - `graded` "campaignId:grade": member_review_grade rows with a grade in approved reviews.
 * Rows may hold 0 (read `amount <> 0`). Kept in the writing transaction by statement-level triggers on
 * meeting, meeting_attendance, star_rating, dues_payment, member and organization (migration 0026) and
 * member_registration, branch_education_review and member_review_grade (migration 0027);
 * `org_life_count_rebuild()` recounts; `org_life_count_recount()` is what the consistency test compares.
 */
export const orgLifeCount = pgTable(
  "org_life_count",
  {
    organizationId: integer("organization_id").notNull(),
    /** The holder's county bucket (org_life_holder_bucket, migration 0056_org_life_tally_county). */
    countyId: integer("county_id").notNull().default(0),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    amount: numeric("amount", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.organizationId, t.dimension, t.value, t.countyId],
      name: "org_life_count_pkey",
    }),
  ],
);

/**
 * Each organization's OWN contribution to org_life_count (its own branch, meetings, ratings, members and
 * payments; same dimensions), kept beside the tallies so that a write recomputes the organizations it
 * touches and applies the difference to every organization on their path.
 */
export const orgLifeOwn = pgTable(
  "org_life_own",
  {
    organizationId: integer("organization_id").notNull(),
    /** The holder's county bucket (org_life_holder_bucket, migration 0056_org_life_tally_county). */
    countyId: integer("county_id").notNull().default(0),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    amount: numeric("amount", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.dimension, t.value, t.countyId], name: "org_life_own_pkey" }),
  ],
);

/**
 * On a Citus coordinator only (migration 0043_org_life_county): the branches (organization_id) or members
 * (member_id) whose organizational-life tallies a write of dues_payment or member_registration changed,
 * appended on the row's own shard by its statement trigger (a trigger on a shard cannot write the
 * coordinator's org_life_count). The fold takes a county's marks with its deltas and refreshes the
 * tallies of those branches (member-count.service foldMemberCountDeltas), so there the tallies are exact
 * after each fold. Empty on PostgreSQL and PGlite, where the triggers refresh in the writing transaction.
 */
export const orgLifeMark = pgTable(
  "org_life_mark",
  {
    countyId: integer("county_id").notNull(),
    organizationId: integer("organization_id"),
    memberId: bigint("member_id", { mode: "number" }),
  },
  (t) => [index("org_life_mark_county_idx").on(t.countyId)],
);

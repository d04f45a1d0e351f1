import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
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
import { workflowInstance } from "./workflow";

/**
 * 入团申请 — an applicant in member development (发展团员, domain.md §3; issue 10 part 2): the person
 * (not yet a member) and the development-specific facts, one row per `workflow_instance` of kind
 * "member_development". The steps' dates live in the instance's `data`; the admission's number and
 * the member record it became are here.
 */
export const developmentApplication = pgTable(
  "development_application",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The instance's county (migration 0039_workflow_county; Citus: distribution column). */
    countyId: integer("county_id").notNull().default(0),
    instanceId: bigint("instance_id", { mode: "number" })
      .notNull()
      .references(() => workflowInstance.id),
    /** The applicant's branch (团支部). */
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    name: text("name").notNull(),
    nameInitials: text("name_initials").notNull().default(""),
    sex: text("sex").notNull(),
    ethnicity: text("ethnicity"),
    citizenId: text("citizen_id").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    phone: text("phone"),
    /** School level and grade (年级) of a student applicant, for 团学比 by grade; null outside schools. */
    schoolLevel: text("school_level"),
    grade: smallint("grade"),
    /** The applicant's class graduates this school year (毕业年级: the 30% / 60% caps). */
    graduatingClass: boolean("graduating_class").notNull().default(false),
    applicationDate: date("application_date", { mode: "string" }).notNull(),
    /** The quota the admission drew on and the number issued (团员编号), set on approval. */
    admissionQuotaId: integer("admission_quota_id").references(() => admissionQuota.id),
    memberNumber: text("member_number"),
    /** The member record created on the oath (入团仪式). */
    memberId: bigint("member_id", { mode: "number" }).references(() => member.id),
    /** The applicant's own account (role member on the branch), if issued. */
    applicantUserId: integer("applicant_user_id").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("development_application_instance_key").on(t.instanceId),
    uniqueIndex("development_application_member_number_key")
      .on(t.memberNumber)
      .where(sql`${t.memberNumber} is not null`),
    index("development_application_organization_idx").on(t.organizationId),
    index("development_application_citizen_idx").on(t.citizenId),
    check("development_application_sex_check", sql`${t.sex} in ('male', 'female')`),
  ],
);

/**
 * 发展名额 — a yearly admission quota (总量控制): allotted by a committee to an organization in its
 * subtree (a school or township), which may sub-allot part of it further down. `used` counts numbers
 * issued from it; `subAllotted` the part given to quotas below. The database keeps
 * used + sub_allotted ≤ amount, so no number is ever issued outside a quota, whatever the concurrency.
 */
export const admissionQuota = pgTable(
  "admission_quota",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    year: smallint("year").notNull(),
    amount: integer("amount").notNull(),
    used: integer("used").notNull().default(0),
    subAllotted: integer("sub_allotted").notNull().default(0),
    /** The quota this one was sub-allotted from; null for a county's own (top) quota. */
    parentQuotaId: integer("parent_quota_id"),
    /** The committee that allotted it (and may reclaim unused places). */
    allottedByOrganizationId: integer("allotted_by_organization_id").references(() => organization.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("admission_quota_organization_year_key").on(t.organizationId, t.year),
    index("admission_quota_parent_idx").on(t.parentQuotaId),
    check("admission_quota_amount_check", sql`${t.amount} >= 0`),
    check("admission_quota_used_check", sql`${t.used} >= 0 and ${t.subAllotted} >= 0`),
    check("admission_quota_within_amount_check", sql`${t.used} + ${t.subAllotted} <= ${t.amount}`),
  ],
);

/**
 * 编号管理 — the last sequence number issued per county and year: a member number is
 * year + the county's 6-digit division code + this sequence (formatMemberNumber), taken with
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`, so two approvals never get the same number.
 */
export const memberNumberSequence = pgTable(
  "member_number_sequence",
  {
    countyOrganizationId: integer("county_organization_id")
      .notNull()
      .references(() => organization.id),
    year: smallint("year").notNull(),
    lastSequence: integer("last_sequence").notNull().default(0),
  },
  (t) => [uniqueIndex("member_number_sequence_key").on(t.countyOrganizationId, t.year)],
);

/**
 * 积分入团方案 — a county's points scheme (items, points, caps, threshold, required items) as data,
 * validated by domain `pointsSchemeSchema`; an organization without its own uses the nearest
 * ancestor's, else DEFAULT_POINTS_SCHEME.
 */
export const pointsScheme = pgTable(
  "points_scheme",
  {
    organizationId: integer("organization_id")
      .primaryKey()
      .references(() => organization.id),
    scheme: jsonb("scheme").notNull(),
    updatedBy: integer("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  () => [],
);

/**
 * 前置条件记录 — one recorded fact of an applicant's prerequisites (团课 hours, 思政课, volunteer hours,
 * 青年大学习, activities, peer review), with where it came from: entered by the branch today, fed
 * later by organizational life and volunteer work (`source`) without changing the workflow.
 */
export const applicantPrerequisiteRecord = pgTable(
  "applicant_prerequisite_record",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The application's county (migration 0039_workflow_county; Citus: distribution column). */
    countyId: integer("county_id").notNull().default(0),
    applicationId: bigint("application_id", { mode: "number" })
      .notNull()
      .references(() => developmentApplication.id),
    /** A PrerequisiteSource of domain/application/points-scheme. */
    item: text("item").notNull(),
    units: numeric("units", { precision: 10, scale: 2, mode: "number" }).notNull(),
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    /** Who fed it: "branch" (entered by hand), "organizational_life", "volunteer", "import". */
    origin: text("origin").notNull().default("branch"),
    note: text("note"),
    detail: jsonb("detail"),
    recordedBy: integer("recorded_by"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("applicant_prerequisite_record_application_idx").on(t.applicationId, t.item),
    check("applicant_prerequisite_record_units_check", sql`${t.units} >= 0`),
  ],
);

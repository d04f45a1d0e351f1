import type { MemberStatus } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/**
 * Subtree counters (issue 4 part 3, docs/ARCHITECTURE.md "Fast aggregation"): for every organization
 * that is not a branch, the members of its WHOLE subtree by status and one dimension value
 * (`total` "", `sex_birth_month` "male:2005-01", `occupation`, `education`, `ethnicity`, `cadre`
 * "true"/"false", `sector` of the member's branch, `complete` "true"/"false" (信息完整率: every
 * required field present, SQL member_record_complete; live only, not snapshotted); "" = not recorded). A dashboard is a primary-key
 * range read of one organization's rows. Written only by the fold (member_count_delta), organization
 * moves and sector changes (trigger on organization) and the rebuild — never by member writes.
 * The dimensions are defined once, by the SQL function member_count_dimensions (migration 0006).
 */
export const memberCount = pgTable(
  "member_count",
  {
    /** The holder's counter bucket (db/county.ts counterBucketOf: organization.county_id of
     * `organizationId`; every holder above the county — city, province, national committee — in the one
     * bucket -1, migration 0057_above_county_bucket): the distribution column on Citus, co-located with
     * member (migration member_count_county). Every writer gives it. */
    countyId: integer("county_id").notNull(),
    organizationId: integer("organization_id").notNull(),
    status: text("status").$type<MemberStatus>().notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.status, t.dimension, t.value, t.countyId] })],
);

/**
 * Pending changes of the member counters: one signed row (−1 the old tuple, +1 the new one) per
 * member whose counted columns changed, appended by statement-level triggers on member in the
 * writing transaction (append-only: no contention), folded into member_count every few seconds.
 * The branch's ancestors and sector are looked up when folded or read, so moves and sector changes
 * need not rewrite pending rows.
 */
export const memberCountDelta = pgTable(
  "member_count_delta",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    organizationId: integer("organization_id").notNull(),
    status: text("status").$type<MemberStatus>().notNull(),
    sex: text("sex").notNull(),
    birthMonth: text("birth_month").notNull(),
    occupation: text("occupation"),
    education: text("education"),
    ethnicity: text("ethnicity"),
    isCadre: boolean("is_cadre").notNull(),
    /** The record is complete for 信息完整率 (SQL member_record_complete, migration 0029). */
    complete: boolean("complete").notNull().default(false),
    delta: smallint("delta").notNull(),
  },
  (t) => [check("member_count_delta_sign_check", sql`${t.delta} in (-1, 1)`)],
);

/**
 * 应录入数 (organization.reported_member_count, the denominator of 入团率/录入率) summed over each
 * non-branch organization's subtree, itself included (issue 18 part 1: the scan of 280,000 reporting
 * organizations took 1.8 s at the province). `reported`: members reported; `reporting`: organizations
 * that reported a count (0: nobody did, the sum is "no value"). Kept by statement-level triggers on
 * organization (migration 0033_reported_count); recounted by organization_reported_count_rebuild(),
 * which rebuildMemberCounts runs. A branch is read from its own row.
 */
export const organizationReportedCount = pgTable(
  "organization_reported_count",
  {
    /** The holder's county bucket, as member_count's (migration snapshot_county): the distribution
     * column on Citus, co-located with member. Every writer gives it. */
    countyId: integer("county_id").notNull(),
    organizationId: integer("organization_id").notNull(),
    reported: integer("reported").notNull(),
    reporting: integer("reporting").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.countyId] })],
);

/**
 * Organizations of each non-branch organization's subtree (itself included) by `total` "", `kind`
 * and `sector`; kept by the statement-level trigger on organization (organization writes are rare).
 */
export const organizationCount = pgTable(
  "organization_count",
  {
    /** The holder's county bucket, as member_count's (migration member_count_county). */
    countyId: integer("county_id").notNull(),
    organizationId: integer("organization_id").notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.dimension, t.value, t.countyId] })],
);

/**
 * Month-end copies of member_count (issue 4 part 2): `month` is the month's last day. Keyed by
 * organization and dimension first, so that a trend (one dimension over months) and a dashboard
 * (all dimensions of one month) are both index ranges.
 */
export const memberCountSnapshot = pgTable(
  "member_count_snapshot",
  {
    /** The holder's county bucket at the time of the copy (organization.county_id of `organizationId`),
     * as member_count's: the distribution column on Citus, co-located with member (migration
     * snapshot_county). A subtree moved to another county carries its rows along. */
    countyId: integer("county_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    organizationId: integer("organization_id").notNull(),
    status: text("status").$type<MemberStatus>().notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.dimension, t.month, t.status, t.value, t.countyId] })],
);

/** Month-end copies of organization_count (the tree has no history: taken as it was at snapshot time). */
export const organizationCountSnapshot = pgTable(
  "organization_count_snapshot",
  {
    /** The holder's county bucket, as member_count_snapshot's (migration snapshot_county). */
    countyId: integer("county_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    organizationId: integer("organization_id").notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.month, t.dimension, t.value, t.countyId] })],
);

/**
 * The month-ends that have a snapshot, and how it was made: `counters` (copied from member_count
 * right after the month ended) or `history` (recounted from member_history: status and branch as
 * they were, the other dimensions as they are now).
 */
export const memberCountSnapshotMonth = pgTable(
  "member_count_snapshot_month",
  {
    month: date("month", { mode: "string" }).primaryKey(),
    source: text("source").$type<"counters" | "history">().notNull(),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("member_count_snapshot_month_source_check", sql`${t.source} in ('counters', 'history')`)],
);

import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { member } from "./member";
import { organization } from "./organization";

/**
 * 电子团员档案 — one dated entry per event in a member's life (joined, record changed, status changed,
 * transferred, reviewed, registered, awarded, punished, recommended to the Party, attachments…),
 * with who recorded it and when. Append-only.
 */
export const memberEvent = pgTable(
  "member_event",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    kind: text("kind").notNull(),
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer("actor_user_id"),
    actorName: text("actor_name").notNull(),
    summary: text("summary").notNull(),
    detail: jsonb("detail"),
  },
  (t) => [index("member_event_member_idx").on(t.memberId, t.occurredOn)],
);

/**
 * A status change that needs the higher committee's review (leaving states: aged_out, lapsed,
 * withdrawn, expelled; and restoring membership). One pending request per member at a time.
 */
export const memberStatusRequest = pgTable(
  "member_status_request",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    /** For a restore (恢复团籍): the branch the member returns to. */
    targetOrganizationId: integer("target_organization_id").references(() => organization.id),
    reason: text("reason").notNull(),
    effectiveOn: date("effective_on", { mode: "string" }).notNull(),
    state: text("state").notNull().default("pending"),
    requestedBy: integer("requested_by"),
    requestedByName: text("requested_by_name").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer("decided_by"),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    uniqueIndex("member_status_request_pending_key").on(t.memberId).where(sql`${t.state} = 'pending'`),
    index("member_status_request_state_idx").on(t.state, t.requestedAt),
    check(
      "member_status_request_state_check",
      sql`${t.state} in ('pending', 'approved', 'returned', 'withdrawn')`,
    ),
  ],
);

/**
 * A correction of a locked field (name, citizen ID, join date, branch) after verification: a request
 * the higher committee approves or returns; the archive records both.
 */
export const memberCorrectionRequest = pgTable(
  "member_correction_request",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    /** { field: { from, to } } for each locked field to change. */
    changes: jsonb("changes").notNull(),
    reason: text("reason").notNull(),
    state: text("state").notNull().default("pending"),
    requestedBy: integer("requested_by"),
    requestedByName: text("requested_by_name").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer("decided_by"),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    uniqueIndex("member_correction_request_pending_key").on(t.memberId).where(sql`${t.state} = 'pending'`),
    check("member_correction_request_state_check", sql`${t.state} in ('pending', 'approved', 'returned')`),
  ],
);

/**
 * A file in a member's archive, stored under the data folder by its SHA-256 (content-addressed), its
 * type checked from its bytes. The signed 入团志愿书 (application form, PDF ≤ 20 MB) goes
 * 尚未认证 pending → 已认证 verified, or returned (then replaceable), by the higher committee.
 */
export const memberAttachment = pgTable(
  "member_attachment",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    kind: text("kind").notNull(),
    sha256: text("sha256").notNull(),
    byteSize: integer("byte_size").notNull(),
    mediaType: text("media_type").notNull(),
    fileName: text("file_name").notNull(),
    verification: text("verification").notNull().default("pending"),
    uploadedBy: integer("uploaded_by"),
    uploadedByName: text("uploaded_by_name").notNull(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("member_attachment_member_idx").on(t.memberId),
    // At most one application form per member that is not returned (a returned one may be replaced).
    uniqueIndex("member_attachment_application_form_key")
      .on(t.memberId)
      .where(sql`${t.kind} = 'application_form' and ${t.verification} <> 'returned'`),
    check(
      "member_attachment_kind_check",
      sql`${t.kind} in ('application_form', 'award_certificate', 'other')`,
    ),
    check(
      "member_attachment_verification_check",
      sql`${t.verification} in ('pending', 'verified', 'returned', 'not_required')`,
    ),
  ],
);

/** 奖励与处分 — an award (inside or outside the League) or a punishment, with date and granting body. */
export const memberAward = pgTable(
  "member_award",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    grantedOn: date("granted_on", { mode: "string" }).notNull(),
    grantingBody: text("granting_body").notNull(),
    attachmentId: bigint("attachment_id", { mode: "number" }).references(() => memberAttachment.id),
    recordedBy: integer("recorded_by"),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("member_award_member_idx").on(t.memberId, t.grantedOn),
    check("member_award_kind_check", sql`${t.kind} in ('league_award', 'other_award', 'punishment')`),
  ],
);

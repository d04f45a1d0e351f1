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
import { appUser } from "./user";

/**
 * 审批流程实例 — one instance of a workflow of the one approval engine (issue 10 part 1): member
 * development today; transfers, registration, review, star rating and close-out requests later. The
 * rules are a `WorkflowDefinition` in domain/; this is the generic persisted shape. `version` is the
 * optimistic lock: a transition names the version it saw and loses with 409 when another came first.
 * `data` holds what the workflow's steps recorded so far (its dates, named members …), validated by
 * the workflow's own schemas; a step's full payload is in `workflow_step`.
 */
export const workflowInstance = pgTable(
  "workflow_instance",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /**
     * The county bucket of the instance's organization (organization.county_id, migration 0039_workflow_county): the distribution column
     * on Citus, co-located with the member family. Filled by trigger on PostgreSQL and PGlite (0 = fill
     * me), given with every insert by the repositories.
     */
    countyId: integer("county_id").notNull().default(0),
    /** The definition's kind, e.g. "member_development". */
    kind: text("kind").notNull(),
    /** The organization the instance belongs to (for member development: the applicant's branch). */
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * The other party's organization, for workflows between two organizations (a transfer's receiving
     * side): rules with `side: "counterpart"` are measured from it. Null for member development.
     */
    counterpartOrganizationId: integer("counterpart_organization_id").references(() => organization.id),
    state: text("state").notNull(),
    /** The state a paused (暂缓) instance was paused from; null otherwise. */
    pausedFrom: text("paused_from"),
    version: integer("version").notNull().default(1),
    /** The member the instance is about, once there is one (created on admission, or a transfer's member). */
    subjectMemberId: bigint("subject_member_id", { mode: "number" }).references(() => member.id),
    /** The subject's own account (an applicant signed in), if any: the `subject` actor place. */
    subjectUserId: integer("subject_user_id").references(() => appUser.id),
    /** Short display title (the applicant's name), shown in the to-do inbox. */
    title: text("title").notNull(),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the instance reaches a terminal state. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("workflow_instance_kind_organization_state_idx").on(t.kind, t.organizationId, t.state),
    index("workflow_instance_subject_user_idx")
      .on(t.subjectUserId)
      .where(sql`${t.subjectUserId} is not null`),
    check("workflow_instance_version_check", sql`${t.version} >= 1`),
  ],
);

/**
 * 审批记录 — one row per transition taken (and one for the opening), in order: who, when, from and to
 * which state, what was recorded, which warnings were acknowledged. Append-only: the instance's
 * timeline and its audit trail. Nothing is deleted; a return to an earlier step is one more row.
 */
export const workflowStep = pgTable(
  "workflow_step",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The instance's county (migration 0039_workflow_county): a step lives in its instance's shard. */
    countyId: integer("county_id").notNull().default(0),
    instanceId: bigint("instance_id", { mode: "number" })
      .notNull()
      .references(() => workflowInstance.id),
    /** 1 for the opening, then 2, 3 … (unique per instance: the version the step produced). */
    sequence: integer("sequence").notNull(),
    /** "open" for the opening row, else the definition's action. */
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    /** The date the step happened (the recorded date of a dated step, else the day it was taken). */
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    actorUserId: integer("actor_user_id"),
    actorName: text("actor_name").notNull(),
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    acknowledgedWarnings: jsonb("acknowledged_warnings").notNull().default(sql`'[]'::jsonb`),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("workflow_step_instance_sequence_key").on(t.instanceId, t.sequence)],
);

/**
 * 待办 — a work item: an open instance waiting for someone (the definition's `awaiting` rule for the
 * instance's state). Created and closed by transitions only, never by hand: at most one open item per
 * instance. `organizationPath` is copied from the instance's organization so that an inbox is one
 * index range scan per scope (`organization_path LIKE '1/23/%'`).
 */
export const workItem = pgTable(
  "work_item",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /**
     * The county of the organization the item sits at (migration 0039_workflow_county) — not always the
     * instance's: a transfer's receiving steps wait in the receiving county, so that a county's inbox
     * is one shard on Citus. Filled by trigger on PostgreSQL and PGlite, given by the repositories.
     */
    countyId: integer("county_id").notNull().default(0),
    /** The instance's county (workflow_instance.county_id): where to find the instance from the item. */
    instanceCountyId: integer("instance_county_id").notNull().default(0),
    instanceId: bigint("instance_id", { mode: "number" })
      .notNull()
      .references(() => workflowInstance.id),
    kind: text("kind").notNull(),
    state: text("state").notNull(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    organizationPath: text("organization_path").notNull(),
    /** The awaited actor: a place (own_organization, higher_committee, subject) and a permission. */
    awaitingPlace: text("awaiting_place").notNull(),
    awaitingPermission: text("awaiting_permission"),
    /** For the `subject` place: the subject's account. */
    awaitingUserId: integer("awaiting_user_id"),
    title: text("title").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedByStepId: bigint("closed_by_step_id", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("work_item_open_instance_key").on(t.instanceId).where(sql`${t.closedAt} is null`),
    index("work_item_open_path_idx")
      .using("btree", t.organizationPath.op("text_pattern_ops"), t.openedAt)
      .where(sql`${t.closedAt} is null`),
    index("work_item_open_user_idx").on(t.awaitingUserId).where(sql`${t.closedAt} is null`),
    check(
      "work_item_awaiting_place_check",
      sql`${t.awaitingPlace} in ('own_organization', 'higher_committee', 'subject')`,
    ),
  ],
);

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
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { organization } from "./organization";
import { appUser } from "./user";

/**
 * 实施方案 — an organization's reform implementation plan, imported from its document (domain.md §8).
 * Its tasks form the reform ledger (改革任务台账).
 */
export const plan = pgTable(
  "plan",
  {
    /** The county bucket (migration 0045_ledger_county): organization-placed: the county bucket of its organization (organization.county_id); the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    title: text("title").notNull(),
    sourceFileName: text("source_file_name"),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    importedBy: integer("imported_by").references(() => appUser.id),
    /** How task progress rolls up to the plan: "average" of tasks, or "weighted" by task weights (sum 100%). */
    progressRule: text("progress_rule").notNull().default("average"),
  },
  (t) => [
    index("plan_organization_idx").on(t.organizationId, t.importedAt),
    check("plan_progress_rule_check", sql`${t.progressRule} in ('average', 'weighted')`),
  ],
);

/** 实施步骤 — a phase of a plan with its date range (组织筹备 / 全面实施 / 总结评估). */
export const planPhase = pgTable(
  "plan_phase",
  {
    /** The county bucket (migration 0045_ledger_county): its plan's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plan.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
  },
  (t) => [uniqueIndex("plan_phase_position_key").on(t.planId, t.position)],
);

/**
 * 改革任务 — one numbered task of a plan: its text, heading path (area → sub-area), responsible units
 * (the first leads 牵头), deadline, the person responsible (责任到人) and the dates its status is
 * derived from (domain derivePlanTaskStatus; the status is never stored).
 */
export const planTask = pgTable(
  "plan_task",
  {
    /** The county bucket (migration 0045_ledger_county): its plan's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plan.id),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    text: text("text").notNull(),
    /** Heading titles from the top of the document down to the task. */
    path: jsonb("path").$type<string[]>().notNull(),
    deadline: date("deadline", { mode: "string" }),
    deadlineText: text("deadline_text"),
    leadUnit: text("lead_unit"),
    units: jsonb("units").$type<string[]>().notNull(),
    ownerName: text("owner_name"),
    startedOn: date("started_on", { mode: "string" }),
    doneOn: date("done_on", { mode: "string" }),
    closedOutOn: date("closed_out_on", { mode: "string" }),
    cancelled: boolean("cancelled").notNull().default(false),
    /** Weight of the task in the plan's progress, percent (used when the plan's rule is "weighted"). */
    weight: numeric("weight", { precision: 5, scale: 2 }),
  },
  (t) => [
    uniqueIndex("plan_task_number_key").on(t.planId, t.number),
    check(
      "plan_task_done_after_start_check",
      sql`${t.doneOn} is null or ${t.startedOn} is null or ${t.doneOn} >= ${t.startedOn}`,
    ),
  ],
);

/** A quantitative milestone inside a task's text ("2019年底前60%的县建立…"): a value due by a date. */
export const planTarget = pgTable(
  "plan_target",
  {
    /** The county bucket (migration 0045_ledger_county): its task's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTask.id),
    dueOn: date("due_on", { mode: "string" }),
    value: numeric("value"),
    unit: text("unit"),
    text: text("text").notNull(),
    /** The indicator (domain indicator catalog id) this target is bound to, computed for the plan's organization. */
    indicatorId: text("indicator_id"),
    /** How the actual value compares with `value` to be on track: ">=" (at least) or "<=" (at most). */
    comparison: text("comparison").notNull().default(">="),
  },
  (t) => [
    index("plan_target_task_idx").on(t.taskId),
    check("plan_target_comparison_check", sql`${t.comparison} in ('>=', '<=')`),
  ],
);

/**
 * 总体目标 — a plan-level target stated outside every task ("到2022年…团青比控制在30%以内"): a value due
 * by a date. Kept apart from plan_target (whose rows all belong to a task and are bound to indicators)
 * so that every reader of plan_target stays correct.
 */
export const planLevelTarget = pgTable(
  "plan_level_target",
  {
    /** The county bucket (migration 0045_ledger_county): its plan's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plan.id),
    /** Order in the document, from 1. */
    position: integer("position").notNull(),
    dueOn: date("due_on", { mode: "string" }),
    value: numeric("value"),
    unit: text("unit"),
    text: text("text").notNull(),
  },
  (t) => [uniqueIndex("plan_level_target_position_key").on(t.planId, t.position)],
);

/**
 * 责任单位 — a responsible unit named in a plan, mapped to an organization of the tree when it is one
 * (e.g. 县教育团工委), or kept as free text when it is not (e.g. 县委组织部, 县财政局).
 */
export const planUnit = pgTable(
  "plan_unit",
  {
    /** The county bucket (migration 0045_ledger_county): its plan's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plan.id),
    name: text("name").notNull(),
    organizationId: integer("organization_id").references(() => organization.id),
  },
  (t) => [uniqueIndex("plan_unit_name_key").on(t.planId, t.name)],
);

/** 信息报送 — a periodic progress report on a task: percent done, narrative, attachments. */
export const planProgressReport = pgTable(
  "plan_progress_report",
  {
    /** The county bucket (migration 0045_ledger_county): its task's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTask.id),
    reportedOn: date("reported_on", { mode: "string" }).notNull(),
    /** Percent of the task done, 0–100. */
    percent: integer("percent").notNull(),
    narrative: text("narrative").notNull(),
    reportedBy: integer("reported_by").references(() => appUser.id),
    reportedByName: text("reported_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("plan_progress_report_task_idx").on(t.taskId, t.reportedOn),
    check("plan_progress_report_percent_check", sql`${t.percent} between 0 and 100`),
  ],
);

/**
 * 销号 — a request to close out a task with evidence, approved or returned by a reviewer other than
 * the submitter; an approved close-out may later be reopened with a reason.
 * state: submitted 待审核 → approved 已销号 | returned 退回; approved → reopened 已重新打开.
 */
export const planCloseOut = pgTable(
  "plan_close_out",
  {
    /** The county bucket (migration 0045_ledger_county): its task's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTask.id),
    evidence: text("evidence").notNull(),
    state: text("state").notNull().default("submitted"),
    submittedBy: integer("submitted_by").references(() => appUser.id),
    submittedByName: text("submitted_by_name").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: integer("reviewed_by").references(() => appUser.id),
    reviewedByName: text("reviewed_by_name"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewNote: text("review_note"),
    reopenedBy: integer("reopened_by").references(() => appUser.id),
    reopenedByName: text("reopened_by_name"),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
    reopenReason: text("reopen_reason"),
  },
  (t) => [
    index("plan_close_out_task_idx").on(t.taskId),
    // At most one close-out per task that is waiting for review or in force.
    uniqueIndex("plan_close_out_open_key").on(t.taskId).where(sql`${t.state} in ('submitted', 'approved')`),
    check("plan_close_out_state_check", sql`${t.state} in ('submitted', 'approved', 'returned', 'reopened')`),
  ],
);

/**
 * A file attached to a task's progress report or close-out evidence, stored under the data folder by
 * its SHA-256 (the member archive's file store), its type checked from its bytes.
 */
export const planAttachment = pgTable(
  "plan_attachment",
  {
    /** The county bucket (migration 0045_ledger_county): its task's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTask.id),
    progressReportId: bigint("progress_report_id", { mode: "number" }).references(
      () => planProgressReport.id,
    ),
    closeOutId: bigint("close_out_id", { mode: "number" }).references(() => planCloseOut.id),
    sha256: text("sha256").notNull(),
    byteSize: integer("byte_size").notNull(),
    mediaType: text("media_type").notNull(),
    fileName: text("file_name").notNull(),
    uploadedBy: integer("uploaded_by").references(() => appUser.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("plan_attachment_task_idx").on(t.taskId),
    check("plan_attachment_owner_check", sql`(${t.progressReportId} is null) <> (${t.closeOutId} is null)`),
  ],
);

/** 督导 — a supervision record for a lagging task: a reminder (提醒) or a talk (约谈), with whom and when. */
export const planSupervision = pgTable(
  "plan_supervision",
  {
    /** The county bucket (migration 0045_ledger_county): its task's county; the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTask.id),
    kind: text("kind").notNull(),
    /** Whom it was addressed to (a person or unit). */
    subject: text("subject").notNull(),
    note: text("note").notNull(),
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    recordedBy: integer("recorded_by").references(() => appUser.id),
    recordedByName: text("recorded_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("plan_supervision_task_idx").on(t.taskId, t.occurredOn),
    check("plan_supervision_kind_check", sql`${t.kind} in ('reminder', 'talk')`),
  ],
);

/**
 * 评估轮次 — a round of (third-party) evaluation of the plans in an organization's subtree (a city
 * evaluates its counties, a county its own plan), with its scoring sheet (evaluation_item).
 */
export const evaluationRound = pgTable(
  "evaluation_round",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    name: text("name").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    createdBy: integer("created_by").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evaluation_round_organization_idx").on(t.organizationId, t.startsOn),
    check("evaluation_round_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** 评分项 — an item of a round's scoring sheet: its weight (percent; a sheet's weights sum to 100) and maximum score. */
export const evaluationItem = pgTable(
  "evaluation_item",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer("round_id")
      .notNull()
      .references(() => evaluationRound.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    weight: numeric("weight", { precision: 5, scale: 2 }).notNull(),
    maxScore: numeric("max_score", { precision: 7, scale: 2 }).notNull(),
  },
  (t) => [
    uniqueIndex("evaluation_item_position_key").on(t.roundId, t.position),
    check("evaluation_item_weight_check", sql`${t.weight} > 0 and ${t.weight} <= 100`),
    check("evaluation_item_max_score_check", sql`${t.maxScore} > 0`),
  ],
);

/** 评分 — an evaluator's score of one task on one item of a round (0 … the item's maximum). */
export const evaluationScore = pgTable(
  "evaluation_score",
  {
    /** The county bucket (migration 0045_ledger_county): its task's county (the round and its items are reference tables on Citus); the distribution column on Citus, given by every writer. */
    countyId: integer("county_id").notNull().default(0),
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    itemId: integer("item_id")
      .notNull()
      .references(() => evaluationItem.id),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTask.id),
    score: numeric("score", { precision: 7, scale: 2 }).notNull(),
    comment: text("comment"),
    evaluatorId: integer("evaluator_id").references(() => appUser.id),
    evaluatorName: text("evaluator_name").notNull(),
    scoredAt: timestamp("scored_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // county first: the key Citus can hold on the distributed table (a task lies in one county, so it is
    // (item, task) unique); the upsert of scores names it.
    uniqueIndex("evaluation_score_item_task_key").on(t.countyId, t.itemId, t.taskId),
    index("evaluation_score_task_idx").on(t.taskId),
    check("evaluation_score_score_check", sql`${t.score} >= 0`),
  ],
);

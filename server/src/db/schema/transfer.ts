import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { member } from "./member";
import { organization } from "./organization";
import { workflowInstance } from "./workflow";

/**
 * 组织关系转接 — a member's transfer between branches (domain.md §4; issue 11), one row per
 * `workflow_instance` of kind "member_transfer". The instance's organization is the sending branch and
 * its counterpart the receiving organization (a branch, or a committee that assigns one on accepting).
 * While open the member is `transferring` and counted in the sending branch; on completion they move,
 * once. A transfer out of the installation (to an organization tuanwu does not hold, `toExternalName`)
 * closes as transferred_out with an introduction letter 组织关系介绍信 (`letterNumber`); an incoming
 * paper letter is registered with `fromExternalName` and its own number (`incomingLetterNumber`).
 * At most one open transfer per member (partial unique index).
 */
export const memberTransfer = pgTable(
  "member_transfer",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The instance's county, i.e. the sending side's (migration 0039_workflow_county; Citus: distribution column). */
    countyId: integer("county_id").notNull().default(0),
    instanceId: bigint("instance_id", { mode: "number" })
      .notNull()
      .references(() => workflowInstance.id),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    /** The sending branch; null for an incoming paper letter (then `fromExternalName`). */
    fromOrganizationId: integer("from_organization_id").references(() => organization.id),
    fromExternalName: text("from_external_name"),
    /** The receiving organization as named at the start; null for a transfer out of the installation. */
    toOrganizationId: integer("to_organization_id").references(() => organization.id),
    /** The branch the member lands in (the receiving branch, or the one a receiving committee assigned). */
    assignedBranchId: integer("assigned_branch_id").references(() => organization.id),
    /** 转出本系统: the receiving organization tuanwu does not hold, as printed on the letter. */
    toExternalName: text("to_external_name"),
    toExternalAddress: text("to_external_address"),
    toExternalContact: text("to_external_contact"),
    /** A TransferReason, TransferKind and TransferInitiator of domain/transfer. */
    reason: text("reason").notNull(),
    kind: text("kind").notNull(),
    initiator: text("initiator").notNull(),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    completedOn: date("completed_on", { mode: "string" }),
    /** A graduate of the season (学社衔接 / 升学衔接): the season's year, for its deadlines and rates. */
    seasonYear: smallint("season_year"),
    /** Where a graduate goes: continuing_study, employed, unplaced (destination routing). */
    destination: text("destination"),
    /**
     * 组织关系介绍信 issued here: its number and verification code, for a transfer out of the
     * installation (unique across the installation: the public check finds a letter by it).
     */
    letterNumber: text("letter_number"),
    letterVerificationCode: text("letter_verification_code"),
    /**
     * The number printed on an incoming paper letter (registered as a transfer in): the issuing
     * organization's own numbering, unique only per issuing organization (`fromExternalName`).
     */
    incomingLetterNumber: text("incoming_letter_number"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the transfer ends (completed, returned, withdrawn, transferred out). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("member_transfer_instance_key").on(t.instanceId),
    uniqueIndex("member_transfer_open_member_key").on(t.memberId).where(sql`${t.closedAt} is null`),
    uniqueIndex("member_transfer_letter_number_key")
      .on(t.letterNumber)
      .where(sql`${t.letterNumber} is not null`),
    uniqueIndex("member_transfer_incoming_letter_key")
      .on(t.fromExternalName, t.incomingLetterNumber)
      .where(sql`${t.incomingLetterNumber} is not null`),
    index("member_transfer_from_idx").on(t.fromOrganizationId, t.seasonYear),
    index("member_transfer_to_idx").on(t.toOrganizationId),
    check(
      "member_transfer_sides_check",
      sql`(${t.fromOrganizationId} is not null or ${t.fromExternalName} is not null) and (${t.toOrganizationId} is not null or ${t.toExternalName} is not null)`,
    ),
    check(
      "member_transfer_incoming_letter_check",
      sql`${t.incomingLetterNumber} is null or ${t.fromExternalName} is not null`,
    ),
  ],
);

/**
 * 毕业季设置 — a committee's graduation-season settings for a year (domain.md §4; issue 11 part 4):
 * the deadlines (default 31 Aug / 30 Sep / 31 Oct) and how long an unplaced graduate may stay in a
 * mobile members' branch 流动团员团支部 (6–12 months). The nearest ancestor's apply below it.
 */
export const transferSeason = pgTable(
  "transfer_season",
  {
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    year: smallint("year").notNull(),
    initiatedBy: date("initiated_by", { mode: "string" }).notNull(),
    approvedBy: date("approved_by", { mode: "string" }).notNull(),
    completedBy: date("completed_by", { mode: "string" }).notNull(),
    mobileBranchMonths: smallint("mobile_branch_months").notNull().default(6),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("transfer_season_key").on(t.organizationId, t.year),
    check("transfer_season_months_check", sql`${t.mobileBranchMonths} between 6 and 12`),
  ],
);

/**
 * 流动团员 — a flowing member (domain.md §4; issue 11 part 5): the outflow branch sets it up and keeps
 * counting them; the inflow organization manages them. Both see them; counted once (in the outflow
 * branch, where the member record stays).
 */
export const memberFlow = pgTable(
  "member_flow",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The outflow branch's county (migration 0039_workflow_county; Citus: distribution column). */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    outflowOrganizationId: integer("outflow_organization_id")
      .notNull()
      .references(() => organization.id),
    inflowOrganizationId: integer("inflow_organization_id")
      .notNull()
      .references(() => organization.id),
    since: date("since", { mode: "string" }).notNull(),
    /** When the flow is to be reviewed (a reminder before it); null when open-ended. */
    until: date("until", { mode: "string" }),
    endedOn: date("ended_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("member_flow_open_member_key").on(t.memberId).where(sql`${t.endedOn} is null`),
    index("member_flow_inflow_idx").on(t.inflowOrganizationId),
  ],
);

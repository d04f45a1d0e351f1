import type { MemberStatus, Sex } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { organization } from "./organization";

const MEMBER_STATUS_SQL = sql.raw(
  "('active', 'transferring', 'flowing', 'aged_out', 'lapsed', 'withdrawn', 'expelled', 'transferred_out')",
);

/**
 * 团员 — a League member's current record. Members belong to a branch (团支部) only.
 * The current `organizationId` and `status` are mirrored, with their history, in `member_history`.
 */
export const member = pgTable(
  "member",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    name: text("name").notNull(),
    nameInitials: text("name_initials").notNull().default(""),
    sex: text("sex").$type<Sex>().notNull(),
    ethnicity: text("ethnicity"),
    citizenId: text("citizen_id").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    memberNumber: text("member_number"),
    joinedOn: date("joined_on", { mode: "string" }).notNull(),
    education: text("education"),
    occupation: text("occupation"),
    politicalStatus: text("political_status"),
    isCadre: boolean("is_cadre").notNull().default(false),
    phone: text("phone"),
    // The rest of the national registry's record (智慧团建, domain.md §2); issue 3.
    idDocumentType: text("id_document_type").notNull().default("resident_id_card"),
    realNameVerified: boolean("real_name_verified"),
    income: text("income"),
    leaguePosition: text("league_position"),
    positionSince: date("position_since", { mode: "string" }),
    cadreKind: text("cadre_kind"),
    isPartyCommitteeMember: boolean("is_party_committee_member"),
    fullTimeEducation: text("full_time_education"),
    householdRegistration: text("household_registration"),
    joinedAtUnit: text("joined_at_unit"),
    workplace: text("workplace"),
    email: text("email"),
    qq: text("qq"),
    wechat: text("wechat"),
    partyJoinedOn: date("party_joined_on", { mode: "string" }),
    volunteerRegisteredOn: date("volunteer_registered_on", { mode: "string" }),
    /** Last recorded dues payment and organizational life (for the six-month lapse work list, 团章). */
    lastDuesPaidOn: date("last_dues_paid_on", { mode: "string" }),
    lastOrganizationalLifeOn: date("last_organizational_life_on", { mode: "string" }),
    /** When the higher committee verified the member: name, citizen ID, join date and branch are locked from then on. */
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    status: text("status").$type<MemberStatus>().notNull().default("active"),
    statusSince: date("status_since", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("member_citizen_id_key").on(t.citizenId),
    uniqueIndex("member_member_number_key").on(t.memberNumber).where(sql`${t.memberNumber} is not null`),
    // The member list's keyset order (initials in byte order, then id; issue 18 part 3): a large
    // subtree walks it in order (and serves `initials like 'zx%'` as one range), a small subtree reads
    // each branch's range of the next index and merges them.
    index("member_initials_order_idx").on(sql`${t.nameInitials} collate "C"`, t.id),
    index("member_organization_initials_idx").on(t.organizationId, sql`${t.nameInitials} collate "C"`, t.id),
    index("member_name_idx").using("btree", t.name.op("text_pattern_ops")),
    // 推优入党's members aged 18–28: the two boundary birth months read by birth date (issue 18 part 1),
    // status and branch in the index so that the ≈ 25,000 members of a province's two months are an
    // index-only scan (9 ms at the province, load 5; the heap fetches took 150 ms then, 0.8 s at load 25).
    // The one index naming status: it costs status changes their HOT update (migration 0031), a
    // trade measured in bench/RESULTS.md (2026-12-07, main: merging p1 and p5).
    index("member_birth_date_idx").on(t.birthDate, t.status, t.organizationId),
    // The cadre profile and 配备率 read cadres and secretaries only (a few per branch), not every member.
    index("member_cadre_idx").on(t.organizationId).where(sql`${t.isCadre}`),
    // No other index names status, and none status_since or updated_at, not even in a predicate
    // (migration 0031, issue 18 part 5: one index entry fewer per status change; a HOT update once no
    // index names status — member_birth_date_idx above does). A branch's members by organization_id come from
    // member_organization_initials_idx; the secretaries' query checks the status on the few rows.
    index("member_secretary_idx").on(t.organizationId).where(sql`${t.leaguePosition} = 'secretary'`),
    check("member_sex_check", sql`${t.sex} in ('male', 'female')`),
    check("member_status_check", sql`${t.status} in ${MEMBER_STATUS_SQL}`),
    check("member_joined_after_birth_check", sql`${t.joinedOn} > ${t.birthDate}`),
  ],
);

/**
 * Member history — one row per period in which a member had one status in one branch
 * (valid_from inclusive, valid_to exclusive, null = current). Figures "as of" a past date
 * count the rows whose period contains that date. Kept from the first migration on (issue 2 part 3).
 */
export const memberHistory = pgTable(
  "member_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The county the row belongs to, the distribution column on Citus (docs/SCALING.md "What runs on
     * Citus now"; migration 0030): filled by a trigger on PostgreSQL and PGlite when left 0. */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => member.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    status: text("status").$type<MemberStatus>().notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("member_history_member_idx").on(t.memberId, t.validFrom),
    index("member_history_organization_idx").on(t.organizationId, t.validFrom),
    uniqueIndex("member_history_open_key").on(t.memberId).where(sql`${t.validTo} is null`),
    check("member_history_status_check", sql`${t.status} in ${MEMBER_STATUS_SQL}`),
    check("member_history_period_check", sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
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

/**
 * 团干部 — one League cadre holding one post at one organization for a period (domain.md §6; issue 13
 * part 1). A person, a member or not (`memberId`). An open post has `endedOn` null; 配备率 counts the
 * open posts against the posts each kind of organization should fill (domain/cadre post standard).
 * `post` is a CadrePost of domain/cadre (validated by the API; kept as text so the post standard
 * stays data). Phone masked in lists.
 */
export const cadre = pgTable(
  "cadre",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** Its organization's county bucket (organization.county_id): the distribution column on Citus (migration 0051_cadre_distribution). */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" }).references(() => member.id),
    name: text("name").notNull(),
    gender: text("gender").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    phone: text("phone"),
    /** A CadrePost: secretary 书记, deputy_secretary 副书记, committee_member 委员, organizer 组织委员 … */
    post: text("post").notNull(),
    /** full_time 专职 | seconded 挂职 | part_time 兼职. */
    kind: text("kind").notNull(),
    /** selected_graduate 选调生 | western_volunteer 西部计划 | three_supports 三支一扶 | veteran | … */
    sourceChannel: text("source_channel").notNull().default("other"),
    fromGrassroots: boolean("from_grassroots").notNull().default(false),
    partyMember: boolean("party_member").notNull().default(false),
    /** An education code of the dictionaries (bachelor+ counts 本科 and above). */
    education: text("education"),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    endedOn: date("ended_on", { mode: "string" }),
    /**
     * Training rounds attended (training_attendance rows), kept by a trigger on training_attendance so
     * that the subtree tallies (cadre_count, "trained") change under this row's lock.
     */
    trainingRounds: integer("training_rounds").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // 配备率 and the profile read the open posts of a subtree: a few per organization.
    index("cadre_open_idx").on(t.organizationId, t.post).where(sql`${t.endedOn} is null`),
    index("cadre_member_idx").on(t.memberId).where(sql`${t.memberId} is not null`),
    // One open post per person per organization.
    uniqueIndex("cadre_open_member_key")
      .on(t.organizationId, t.memberId)
      .where(sql`${t.endedOn} is null and ${t.memberId} is not null`),
    check("cadre_gender_check", sql`${t.gender} in ('male', 'female')`),
    check("cadre_kind_check", sql`${t.kind} in ('full_time', 'seconded', 'part_time')`),
    check(
      "cadre_source_channel_check",
      sql`${t.sourceChannel} in ('selected_graduate', 'western_volunteer', 'three_supports', 'veteran', 'returning_graduate', 'entrepreneur', 'other')`,
    ),
    check("cadre_period_check", sql`${t.endedOn} is null or ${t.endedOn} >= ${t.startedOn}`),
  ],
);

/**
 * 届期 — one term of an organization's congress, full committee or standing committee (domain.md §6;
 * issue 13 part 2): its dates, when it was elected (换届, null until recorded), its seats and how many
 * of them are held by grassroots and front-line people (≥ 80 / 60 / 40 %, Wangcang task 6).
 * `electionInstanceId`: the "换届 election due" workflow instance opened before it expires.
 */
export const organizationTerm = pgTable(
  "organization_term",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** Its organization's county bucket (organization.county_id): the distribution column on Citus (migration 0042_cadre_county). */
    countyId: integer("county_id").notNull().default(0),
    body: text("body").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    electedOn: date("elected_on", { mode: "string" }),
    seats: integer("seats").notNull().default(0),
    grassrootsSeats: integer("grassroots_seats").notNull().default(0),
    electionInstanceId: bigint("election_instance_id", { mode: "number" }).references(
      () => workflowInstance.id,
    ),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("organization_term_organization_idx").on(t.organizationId, t.body, t.startsOn),
    index("organization_term_ends_idx").on(t.endsOn),
    check("organization_term_body_check", sql`${t.body} in ('congress', 'committee', 'standing_committee')`),
    check("organization_term_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
    check(
      "organization_term_seats_check",
      sql`${t.seats} >= 0 and ${t.grassrootsSeats} >= 0 and ${t.grassrootsSeats} <= ${t.seats}`,
    ),
  ],
);

/**
 * Subtree tallies of the cadre records (issue 13, 配备率 and the cadre profile at province scale): for
 * every organization, over its WHOLE subtree (itself included), counts by `dimension` and `value`:
 * - the open posts (ended_on null) by `total` "", `kind`, `source_channel`, `education` ("" = not
 *   recorded), `party_member` / `from_grassroots` / `trained` "true"/"false", `birth_date` "YYYY-MM-DD"
 *   (ages in full years on any day);
 * - `organizations` "kind:level": organizations of the subtree by kind and level (expected posts);
 * - `post_open` "kind:level:post:n": organizations of that kind and level holding n ≥ 1 open posts of
 *   `post` (filled posts = Σ min(n, expected) by the domain post standard).
 * Kept in the writing transaction by statement-level triggers on cadre, training_attendance and
 * organization (migration 0019; cadre writes are rare, the tree ≤ ~7 deep); `cadre_count_rebuild()`
 * recounts, `cadre_count_recount()` is the recount the consistency test compares with.
 */
export const cadreCount = pgTable(
  "cadre_count",
  {
    organizationId: integer("organization_id").notNull(),
    /**
     * The holder's county bucket (organization.county_id of `organizationId`; a city's, province's or the
     * national committee's is its own): the distribution column on Citus (migration 0051_cadre_distribution).
     */
    countyId: integer("county_id").notNull().default(0),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.dimension, t.value, t.countyId], name: "cadre_count_pkey" }),
  ],
);

/** 双向交流 / 挂职 — a cadre's placement elsewhere (≥ 3 months; new cadres ≥ 1 month; issue 13 part 3). */
export const cadrePlacement = pgTable(
  "cadre_placement",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    cadreId: bigint("cadre_id", { mode: "number" })
      .notNull()
      .references(() => cadre.id),
    /** Its cadre's county (cadre.county_id): the distribution column on Citus (migration 0051_cadre_distribution). */
    countyId: integer("county_id").notNull().default(0),
    kind: text("kind").notNull(),
    hostName: text("host_name").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("cadre_placement_cadre_idx").on(t.cadreId),
    check("cadre_placement_kind_check", sql`${t.kind} in ('exchange', 'secondment')`),
    check("cadre_placement_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
  ],
);

/** 轮训 — a training round held by an organization for the cadres of its subtree (issue 13 part 3). */
export const trainingRound = pgTable(
  "training_round",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    title: text("title").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("training_round_organization_idx").on(t.organizationId, t.startsOn),
    check("training_round_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** Who attended a training round (one row per round and cadre). */
export const trainingAttendance = pgTable(
  "training_attendance",
  {
    roundId: bigint("round_id", { mode: "number" })
      .notNull()
      .references(() => trainingRound.id),
    cadreId: bigint("cadre_id", { mode: "number" })
      .notNull()
      .references(() => cadre.id),
    /** Its cadre's county (cadre.county_id): the distribution column on Citus (migration 0051_cadre_distribution). */
    countyId: integer("county_id").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.cadreId, t.countyId], name: "training_attendance_pkey" }),
    index("training_attendance_cadre_idx").on(t.cadreId),
  ],
);

/**
 * 述职评议 — a yearly report-and-review session (domain.md §6; issue 13 part 4): draft → open → closed;
 * youth representatives score each reporter on 0…`scaleMax` through one-time links.
 */
export const reviewSession = pgTable(
  "review_session",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /**
     * Its organization's county bucket (organization.county_id; a city's or province's session sits in that
     * committee's own bucket): the distribution column on Citus (migration 0055_review_session_county).
     */
    countyId: integer("county_id").notNull().default(0),
    year: smallint("year").notNull(),
    title: text("title").notNull(),
    status: text("status").notNull().default("draft"),
    scaleMax: smallint("scale_max").notNull().default(100),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("review_session_organization_idx").on(t.organizationId, t.year),
    check("review_session_status_check", sql`${t.status} in ('draft', 'open', 'closed')`),
    check("review_session_scale_check", sql`${t.scaleMax} > 0`),
  ],
);

/** A cadre who reports at a session, in speaking order. */
export const reviewReporter = pgTable(
  "review_reporter",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    sessionId: bigint("session_id", { mode: "number" })
      .notNull()
      .references(() => reviewSession.id),
    /** Its session's county (review_session.county_id): the distribution column on Citus (migration 0055_review_session_county). */
    countyId: integer("county_id").notNull().default(0),
    cadreId: bigint("cadre_id", { mode: "number" })
      .notNull()
      .references(() => cadre.id),
    sequence: integer("sequence").notNull(),
  },
  (t) => [
    uniqueIndex("review_reporter_session_cadre_key").on(t.sessionId, t.cadreId),
    index("review_reporter_cadre_idx").on(t.cadreId),
  ],
);

/**
 * A one-time scoring link: only the token's hash is kept (the token is shown once); `usedAt` is set by
 * the one submission of scores for all reporters.
 */
export const reviewLink = pgTable(
  "review_link",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    sessionId: bigint("session_id", { mode: "number" })
      .notNull()
      .references(() => reviewSession.id),
    /** Its session's county (review_session.county_id): the distribution column on Citus (migration 0055_review_session_county). */
    countyId: integer("county_id").notNull().default(0),
    tokenHash: text("token_hash").notNull(),
    label: text("label"),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("review_link_token_hash_key").on(t.tokenHash),
    index("review_link_session_idx").on(t.sessionId),
  ],
);

/** One representative's score of one reporter (anonymous: tied to the link, not to a person). */
export const reviewScore = pgTable(
  "review_score",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    sessionId: bigint("session_id", { mode: "number" })
      .notNull()
      .references(() => reviewSession.id),
    /** Its session's county (review_session.county_id): the distribution column on Citus (migration 0055_review_session_county). */
    countyId: integer("county_id").notNull().default(0),
    linkId: bigint("link_id", { mode: "number" })
      .notNull()
      .references(() => reviewLink.id),
    reporterId: bigint("reporter_id", { mode: "number" })
      .notNull()
      .references(() => reviewReporter.id),
    score: smallint("score").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("review_score_link_reporter_key").on(t.linkId, t.reporterId),
    index("review_score_session_reporter_idx").on(t.sessionId, t.reporterId),
    check("review_score_score_check", sql`${t.score} >= 0`),
  ],
);

/** A reporter's result once the session closes: the average, the grade and the letter's number. */
export const reviewResult = pgTable(
  "review_result",
  {
    sessionId: bigint("session_id", { mode: "number" })
      .notNull()
      .references(() => reviewSession.id),
    /** Its session's county (review_session.county_id): the distribution column on Citus (migration 0055_review_session_county). */
    countyId: integer("county_id").notNull().default(0),
    reporterId: bigint("reporter_id", { mode: "number" })
      .notNull()
      .references(() => reviewReporter.id),
    average: numeric("average", { precision: 6, scale: 2 }).notNull(),
    grade: text("grade").notNull(),
    letterNumber: text("letter_number"),
  },
  (t) => [uniqueIndex("review_result_session_reporter_key").on(t.sessionId, t.reporterId)],
);

/**
 * 团代表 / 委员 — a deputy to the congress of `organizationId`, or a member of its full or standing
 * committee (domain.md §6): grassroots and front-line flags for the ≥ 80 / 60 / 40 % composition.
 */
export const deputy = pgTable(
  "deputy",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** Its organization's county bucket (organization.county_id): the distribution column on Citus (migration 0042_cadre_county). */
    countyId: integer("county_id").notNull().default(0),
    memberId: bigint("member_id", { mode: "number" }).references(() => member.id),
    name: text("name").notNull(),
    body: text("body").notNull(),
    grassroots: boolean("grassroots").notNull().default(false),
    frontLine: boolean("front_line").notNull().default(false),
    termId: bigint("term_id", { mode: "number" }).references(() => organizationTerm.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("deputy_organization_idx").on(t.organizationId, t.body),
    /** A term's roster (its composition check, issue 13 part 2). */
    index("deputy_term_idx").on(t.termId, t.body),
    check("deputy_body_check", sql`${t.body} in ('congress_deputy', 'committee_member', 'standing_member')`),
  ],
);

/** 团代表联络站 — a deputies' liaison station. */
export const liaisonStation = pgTable(
  "liaison_station",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** Its organization's county bucket (organization.county_id): the distribution column on Citus (migration 0042_cadre_county). */
    countyId: integer("county_id").notNull().default(0),
    name: text("name").notNull(),
    address: text("address"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("liaison_station_organization_idx").on(t.organizationId)],
);

/**
 * "两联" — committee members contact deputies, deputies contact youth; higher-level cadres are linked to
 * branches (≥ 3 each, Henan). From a cadre or a deputy, to a deputy or an organization.
 */
export const liaisonAssignment = pgTable(
  "liaison_assignment",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** Its organization's county bucket (organization.county_id): the distribution column on Citus (migration 0042_cadre_county). */
    countyId: integer("county_id").notNull().default(0),
    kind: text("kind").notNull(),
    fromCadreId: bigint("from_cadre_id", { mode: "number" }).references(() => cadre.id),
    fromDeputyId: bigint("from_deputy_id", { mode: "number" }).references(() => deputy.id),
    targetDeputyId: bigint("target_deputy_id", { mode: "number" }).references(() => deputy.id),
    targetOrganizationId: integer("target_organization_id").references(() => organization.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("liaison_assignment_organization_idx").on(t.organizationId),
    index("liaison_assignment_from_cadre_idx").on(t.fromCadreId),
    check(
      "liaison_assignment_kind_check",
      sql`${t.kind} in ('committee_to_deputy', 'deputy_to_youth', 'cadre_to_branch')`,
    ),
    check(
      "liaison_assignment_from_check",
      sql`${t.fromCadreId} is not null or ${t.fromDeputyId} is not null`,
    ),
  ],
);

/**
 * A logged contact or grassroots day of a cadre or deputy (domain.md §6: per year ≥ 4 lectures,
 * ≥ 10 visits, ≥ 20 talks, ≥ 100 youth met, ≥ 3 linked branches — Henan). Not dated in the future
 * (checked by the API).
 */
export const contactLog = pgTable(
  "contact_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** Its organization's county bucket (organization.county_id): the distribution column on Citus (migration 0042_cadre_county). */
    countyId: integer("county_id").notNull().default(0),
    cadreId: bigint("cadre_id", { mode: "number" }).references(() => cadre.id),
    deputyId: bigint("deputy_id", { mode: "number" }).references(() => deputy.id),
    kind: text("kind").notNull(),
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    youthCount: integer("youth_count").notNull().default(0),
    linkedOrganizationId: integer("linked_organization_id").references(() => organization.id),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("contact_log_organization_idx").on(t.organizationId, t.occurredOn),
    index("contact_log_cadre_idx").on(t.cadreId, t.occurredOn),
    index("contact_log_deputy_idx").on(t.deputyId, t.occurredOn),
    check(
      "contact_log_kind_check",
      sql`${t.kind} in ('lecture', 'visit', 'talk', 'youth_meeting', 'grassroots_day')`,
    ),
    check("contact_log_youth_count_check", sql`${t.youthCount} >= 0`),
  ],
);

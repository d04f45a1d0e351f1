import { bigint, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Where a member-family row lives: the county (the member family's distribution column) of a member,
 * a status request (团籍状态变更申请), a correction request (信息更正申请) or an archive attachment, by its
 * id (issue 19 part 2; docs/SCALING.md "The member write path names the county"). A request that names only an id — a
 * member's page, a decision on a request — first reads its county here, then names it on every lock,
 * read and write of the family, each a single-shard (router) statement on Citus. On Citus this table
 * is distributed by `id` in a colocation of its own (a lookup by id is one shard; a member read by id
 * alone would ask every shard); on PostgreSQL and PGlite a plain table. Written by the member
 * repositories in the row's own transaction (creation, bulk inserts, request inserts); on PostgreSQL
 * and PGlite triggers carry it along when a member changes county in place and drop it with the row
 * (db/county.ts, migration `county_locator`).
 */
export const countyLocator = pgTable(
  "county_locator",
  {
    /**
     * `member`, `member_status_request`, `member_correction_request`, `member_attachment`, `meeting`,
     * `meeting_photo`, or since 0059_record_locator a record opened by its id (`branch_education_review`,
     * `star_rating`, `party_recommendation`, `plan`, `plan_task`, `organization_term`, `survey`): the
     * table's name (db/county.ts LocatedKind).
     */
    kind: text("kind").notNull(),
    /** The row's id in the table `kind` names. */
    id: bigint("id", { mode: "number" }).notNull(),
    /** The county of the row (organization.county_id of its member's branch). */
    countyId: integer("county_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.id, table.kind], name: "county_locator_pkey" })],
);

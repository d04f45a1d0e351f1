import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * 团员编号登记 — which member holds each member number (团员编号), nationally (issue 19 part 2;
 * docs/SCALING.md "Uniqueness across counties"). The twin of citizen_id_registry
 * (./citizen-id-registry.ts): its primary key keeps a member number unique across counties on Citus,
 * where member's own unique index (member_member_number_key) holds per county only (migration 0030
 * added county_id to it: a unique index must contain the distribution column). There this table is
 * distributed by member_number (its own colocation) and written in the member's transaction; on
 * PostgreSQL and PGlite a plain table written the same way. Members without a number (member_number
 * null) have no row. `countyId` is the holder's county (the member family's distribution column).
 * Written by the member repositories only (members/member-number-registry.repository.ts); filled for
 * existing members by the migration.
 */
export const memberNumberRegistry = pgTable("member_number_registry", {
  memberNumber: text("member_number").primaryKey(),
  countyId: integer("county_id").notNull(),
  memberId: bigint("member_id", { mode: "number" }).notNull(),
});

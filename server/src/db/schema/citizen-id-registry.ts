import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * 公民身份号码登记 — which member holds each citizen ID, nationally (issue 19 part 2; docs/SCALING.md
 * "Uniqueness across counties"). Its primary key is what keeps a citizen ID unique across counties on
 * Citus, where member's own unique index holds per county only (a unique index must contain the
 * distribution column): there this table is distributed by citizen_id (its own colocation) and written
 * in the member's transaction (two-phase commit when the two shards sit on different nodes). On
 * PostgreSQL and PGlite a plain table, written the same way (the member's unique index decides there
 * as well). `countyId` is the holder's county (the member family's distribution column), so the
 * holder is then read with one single-shard lookup. Written by the member repositories only
 * (members/citizen-id-registry.repository.ts); filled for existing members by the migration.
 */
export const citizenIdRegistry = pgTable("citizen_id_registry", {
  citizenId: text("citizen_id").primaryKey(),
  countyId: integer("county_id").notNull(),
  memberId: bigint("member_id", { mode: "number" }).notNull(),
});

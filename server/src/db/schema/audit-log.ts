import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * 审计日志 — every write: who, when, what, before and after (personal data masked).
 * `organizationId` is where the write happened, so audit reads can be narrowed to a subtree.
 * No foreign keys: the log outlives what it describes.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer("actor_user_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    organizationId: integer("organization_id"),
    /**
     * The county bucket of `organizationId` (organization.county_id: a county and everything below it
     * share the county's id; a city, province or national committee is its own bucket), 0 for an entry
     * filed under no organization. Given by every writer (audit.repository insertAuditEntry, the
     * statements that write their entry in a CTE); the distribution column on Citus (migration
     * 0040_audit_county: co-located with member, so a county's write and its entry share one shard
     * group).
     */
    countyId: integer("county_id").notNull().default(0),
    before: jsonb("before"),
    after: jsonb("after"),
    detail: jsonb("detail"),
  },
  // Only the indexes the reads use (audit.repository findAuditEntries: the subtree's organizations, the
  // newest first, optionally one user; issue 18 part 5 dropped (entity_type, entity_id), which no query
  // read and every write paid for).
  (t) => [
    index("audit_log_organization_idx").on(t.organizationId, t.occurredAt),
    index("audit_log_occurred_idx").on(t.occurredAt),
    index("audit_log_actor_idx").on(t.actorUserId, t.occurredAt),
  ],
);

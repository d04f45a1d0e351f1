import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organization } from "./organization";
import { appUser } from "./user";

/**
 * 团支部名称对照 — how a 所在团支部 written in the national registry's member export (智慧团建) maps to
 * a branch of tuanwu, remembered per organization imported into (issue 15 part 5). `source_key` is the
 * name as compared (domain normalizeOrganizationName); exactly one of `branch_id` (an existing branch
 * of the subtree) and `create_under_id` ("create it under …": the branch is created with the written
 * name on the next committed import, and the row then points at it).
 */
export const branchNameMapping = pgTable(
  "branch_name_mapping",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    sourceName: text("source_name").notNull(),
    sourceKey: text("source_key").notNull(),
    branchId: integer("branch_id").references(() => organization.id),
    createUnderId: integer("create_under_id").references(() => organization.id),
    updatedBy: integer("updated_by").references(() => appUser.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("branch_name_mapping_organization_source_key").on(t.organizationId, t.sourceKey),
    index("branch_name_mapping_branch_idx").on(t.branchId),
    check("branch_name_mapping_target_check", sql`(${t.branchId} is null) <> (${t.createUnderId} is null)`),
  ],
);

import type { OrganizationKind, OrganizationLevel, Sector } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
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

/**
 * 团组织 — one League organization, a node of the tree.
 * `path` is the materialized path of ids ("1/23/456/"), indexed with text_pattern_ops so that a
 * subtree is one index range scan (`path LIKE '1/23/%'`); see docs/ARCHITECTURE.md "Organization tree".
 */
export const organization = pgTable(
  "organization",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    /** The county-level ancestor-or-self (above the county: the organization itself), kept by a
     * trigger (migration 0030); the distribution column of the member family on Citus. */
    countyId: integer("county_id").notNull().default(0),
    parentId: integer("parent_id").references((): AnyPgColumn => organization.id),
    path: text("path").notNull(),
    depth: smallint("depth").notNull(),
    kind: text("kind").$type<OrganizationKind>().notNull(),
    level: text("level").$type<OrganizationLevel>().notNull(),
    sector: text("sector").$type<Sector>(),
    name: text("name").notNull(),
    shortName: text("short_name"),
    nameInitials: text("name_initials").notNull().default(""),
    code: text("code").notNull(),
    divisionCode: text("division_code"),
    foundedOn: date("founded_on", { mode: "string" }),
    termStart: date("term_start", { mode: "string" }),
    termEnd: date("term_end", { mode: "string" }),
    /** 应录入数 — the member count the organization reports (entered by an administrator), for 录入率. */
    reportedMemberCount: integer("reported_member_count"),
    /** 毕业时间 — when a class branch's members graduate (the graduation season's batch, issue 11 part 4). */
    graduatesOn: date("graduates_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organization_path_key").using("btree", t.path.op("text_pattern_ops")),
    uniqueIndex("organization_code_key").on(t.code),
    uniqueIndex("organization_division_code_key")
      .on(t.divisionCode)
      .where(sql`${t.divisionCode} is not null`),
    index("organization_parent_idx").on(t.parentId),
    index("organization_name_initials_idx").using("btree", t.nameInitials.op("text_pattern_ops")),
    check(
      "organization_kind_check",
      sql`${t.kind} in ('committee', 'working_committee', 'general_branch', 'branch')`,
    ),
    check(
      "organization_level_check",
      sql`${t.level} in ('national', 'province', 'city', 'county', 'township', 'grassroots')`,
    ),
    check(
      "organization_sector_check",
      sql`${t.sector} is null or ${t.sector} in ('rural', 'community', 'university', 'secondary_school', 'vocational_school', 'agency', 'public_institution', 'state_enterprise', 'non_public_enterprise', 'social_organization', 'flying_enclave')`,
    ),
    check(
      "organization_term_check",
      sql`${t.termEnd} is null or ${t.termStart} is null or ${t.termEnd} >= ${t.termStart}`,
    ),
    check("organization_root_check", sql`(${t.parentId} is null) = (${t.depth} = 1)`),
  ],
);

import type { CoverageSector, SchoolLevel } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { check, integer, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organization } from "./organization";
import { appUser } from "./user";

/**
 * Entered data (填报数据) of the indicators whose denominators the registry cannot know (issue 4
 * part 1; domain/src/indicators/entered-data.ts): each organization enters its own figures per year,
 * with their source, who entered them and when. Keyed by organization_id like every table that
 * distributes by county (docs/SCALING.md). A subtree sums its topmost entries (domain topmostEntries).
 * `county_id` is the entering organization's county bucket (organization.county_id, migration
 * entered_data_county): given by the writer, checked by trigger; on Citus the tables are distributed
 * by it, co-located with member (docs/SCALING.md "Entered data by county").
 */

/** 青年人口 — the youth aged 14–28 of an organization's area in a year (the denominator of 团青比). */
export const youthPopulation = pgTable(
  "youth_population",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** The organization's county bucket (organization.county_id): the distribution column on Citus. */
    countyId: integer("county_id").notNull().default(0),
    year: smallint("year").notNull(),
    population: integer("population").notNull(),
    source: text("source").notNull(),
    enteredBy: integer("entered_by").references(() => appUser.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("youth_population_organization_year_key").on(t.organizationId, t.year),
    check("youth_population_population_check", sql`${t.population} >= 0`),
  ],
);

/** 在校学生数 — students of a school level and grade in a school year (named by its first year), for 团学比. */
export const schoolEnrollment = pgTable(
  "school_enrollment",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** The organization's county bucket (organization.county_id): the distribution column on Citus. */
    countyId: integer("county_id").notNull().default(0),
    schoolYear: smallint("school_year").notNull(),
    level: text("level").$type<SchoolLevel>().notNull(),
    grade: smallint("grade").notNull(),
    students: integer("students").notNull(),
    source: text("source").notNull(),
    enteredBy: integer("entered_by").references(() => appUser.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("school_enrollment_organization_year_level_grade_key").on(
      t.organizationId,
      t.schoolYear,
      t.level,
      t.grade,
    ),
    check(
      "school_enrollment_level_check",
      sql`${t.level} in ('junior_secondary', 'senior_secondary', 'vocational', 'university')`,
    ),
    check("school_enrollment_grade_check", sql`${t.grade} >= 1`),
    check("school_enrollment_students_check", sql`${t.students} >= 0`),
  ],
);

/** 应建团单位数 — units of a sector in an organization's area that should have a League organization (建团率). */
export const eligibleUnits = pgTable(
  "eligible_units",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    /** The organization's county bucket (organization.county_id): the distribution column on Citus. */
    countyId: integer("county_id").notNull().default(0),
    year: smallint("year").notNull(),
    sector: text("sector").$type<CoverageSector>().notNull(),
    units: integer("units").notNull(),
    source: text("source").notNull(),
    enteredBy: integer("entered_by").references(() => appUser.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("eligible_units_organization_year_sector_key").on(t.organizationId, t.year, t.sector),
    check(
      "eligible_units_sector_check",
      sql`${t.sector} in ('agency', 'public_institution', 'state_enterprise', 'non_public_enterprise', 'social_organization')`,
    ),
    check("eligible_units_units_check", sql`${t.units} >= 0`),
  ],
);

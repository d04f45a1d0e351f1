import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { eligibleUnits, schoolEnrollment, youthPopulation } from "../../db/schema";

/**
 * SQL of the entered data (填报数据): an organization's entries, read and replaced. Every statement
 * names the organization's county bucket (`place.countyId` = organization.county_id, migration
 * entered_data_county) with its id, so on Citus each is one task on the county's shard (the tables are
 * distributed by county_id there); the inserts give it (a distributed insert is routed by it).
 */

/** The organization whose entries are read or replaced, with its county bucket (organization.county_id). */
export interface EnteredPlace {
  organizationId: number;
  countyId: number;
}

export async function findYouthPopulation(db: Executor, place: EnteredPlace) {
  return db
    .select({
      year: youthPopulation.year,
      population: youthPopulation.population,
      source: youthPopulation.source,
      enteredBy: youthPopulation.enteredBy,
      enteredAt: youthPopulation.enteredAt,
    })
    .from(youthPopulation)
    .where(
      and(
        eq(youthPopulation.countyId, place.countyId),
        eq(youthPopulation.organizationId, place.organizationId),
      ),
    )
    .orderBy(asc(youthPopulation.year));
}

export async function replaceYouthPopulation(
  db: Executor,
  place: EnteredPlace,
  enteredBy: number | null,
  entries: readonly { year: number; population: number; source: string }[],
): Promise<void> {
  await db
    .delete(youthPopulation)
    .where(
      and(
        eq(youthPopulation.countyId, place.countyId),
        eq(youthPopulation.organizationId, place.organizationId),
      ),
    );
  if (entries.length > 0) {
    await db.insert(youthPopulation).values(
      entries.map((entry) => ({
        ...entry,
        organizationId: place.organizationId,
        countyId: place.countyId,
        enteredBy,
      })),
    );
  }
}

export async function findSchoolEnrollment(db: Executor, place: EnteredPlace) {
  return db
    .select({
      schoolYear: schoolEnrollment.schoolYear,
      level: schoolEnrollment.level,
      grade: schoolEnrollment.grade,
      students: schoolEnrollment.students,
      source: schoolEnrollment.source,
      enteredBy: schoolEnrollment.enteredBy,
      enteredAt: schoolEnrollment.enteredAt,
    })
    .from(schoolEnrollment)
    .where(
      and(
        eq(schoolEnrollment.countyId, place.countyId),
        eq(schoolEnrollment.organizationId, place.organizationId),
      ),
    )
    .orderBy(asc(schoolEnrollment.schoolYear), asc(schoolEnrollment.level), asc(schoolEnrollment.grade));
}

export async function replaceSchoolEnrollment(
  db: Executor,
  place: EnteredPlace,
  enteredBy: number | null,
  entries: readonly {
    schoolYear: number;
    level: "junior_secondary" | "senior_secondary" | "vocational" | "university";
    grade: number;
    students: number;
    source: string;
  }[],
): Promise<void> {
  await db
    .delete(schoolEnrollment)
    .where(
      and(
        eq(schoolEnrollment.countyId, place.countyId),
        eq(schoolEnrollment.organizationId, place.organizationId),
      ),
    );
  if (entries.length > 0) {
    await db.insert(schoolEnrollment).values(
      entries.map((entry) => ({
        ...entry,
        organizationId: place.organizationId,
        countyId: place.countyId,
        enteredBy,
      })),
    );
  }
}

export async function findEligibleUnits(db: Executor, place: EnteredPlace) {
  return db
    .select({
      year: eligibleUnits.year,
      sector: eligibleUnits.sector,
      units: eligibleUnits.units,
      source: eligibleUnits.source,
      enteredBy: eligibleUnits.enteredBy,
      enteredAt: eligibleUnits.enteredAt,
    })
    .from(eligibleUnits)
    .where(
      and(eq(eligibleUnits.countyId, place.countyId), eq(eligibleUnits.organizationId, place.organizationId)),
    )
    .orderBy(asc(eligibleUnits.year), asc(eligibleUnits.sector));
}

export async function replaceEligibleUnits(
  db: Executor,
  place: EnteredPlace,
  enteredBy: number | null,
  entries: readonly {
    year: number;
    sector:
      | "agency"
      | "public_institution"
      | "state_enterprise"
      | "non_public_enterprise"
      | "social_organization";
    units: number;
    source: string;
  }[],
): Promise<void> {
  await db
    .delete(eligibleUnits)
    .where(
      and(eq(eligibleUnits.countyId, place.countyId), eq(eligibleUnits.organizationId, place.organizationId)),
    );
  if (entries.length > 0) {
    await db.insert(eligibleUnits).values(
      entries.map((entry) => ({
        ...entry,
        organizationId: place.organizationId,
        countyId: place.countyId,
        enteredBy,
      })),
    );
  }
}

import { asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { eligibleUnits, schoolEnrollment, youthPopulation } from "../../db/schema";

/** SQL of the entered data (填报数据): an organization's entries, read and replaced. */

export async function findYouthPopulation(db: Executor, organizationId: number) {
  return db
    .select({
      year: youthPopulation.year,
      population: youthPopulation.population,
      source: youthPopulation.source,
      enteredBy: youthPopulation.enteredBy,
      enteredAt: youthPopulation.enteredAt,
    })
    .from(youthPopulation)
    .where(eq(youthPopulation.organizationId, organizationId))
    .orderBy(asc(youthPopulation.year));
}

export async function replaceYouthPopulation(
  db: Executor,
  organizationId: number,
  enteredBy: number | null,
  entries: readonly { year: number; population: number; source: string }[],
): Promise<void> {
  await db.delete(youthPopulation).where(eq(youthPopulation.organizationId, organizationId));
  if (entries.length > 0) {
    await db
      .insert(youthPopulation)
      .values(entries.map((entry) => ({ ...entry, organizationId, enteredBy })));
  }
}

export async function findSchoolEnrollment(db: Executor, organizationId: number) {
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
    .where(eq(schoolEnrollment.organizationId, organizationId))
    .orderBy(asc(schoolEnrollment.schoolYear), asc(schoolEnrollment.level), asc(schoolEnrollment.grade));
}

export async function replaceSchoolEnrollment(
  db: Executor,
  organizationId: number,
  enteredBy: number | null,
  entries: readonly {
    schoolYear: number;
    level: "junior_secondary" | "senior_secondary" | "vocational" | "university";
    grade: number;
    students: number;
    source: string;
  }[],
): Promise<void> {
  await db.delete(schoolEnrollment).where(eq(schoolEnrollment.organizationId, organizationId));
  if (entries.length > 0) {
    await db
      .insert(schoolEnrollment)
      .values(entries.map((entry) => ({ ...entry, organizationId, enteredBy })));
  }
}

export async function findEligibleUnits(db: Executor, organizationId: number) {
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
    .where(eq(eligibleUnits.organizationId, organizationId))
    .orderBy(asc(eligibleUnits.year), asc(eligibleUnits.sector));
}

export async function replaceEligibleUnits(
  db: Executor,
  organizationId: number,
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
  await db.delete(eligibleUnits).where(eq(eligibleUnits.organizationId, organizationId));
  if (entries.length > 0) {
    await db.insert(eligibleUnits).values(entries.map((entry) => ({ ...entry, organizationId, enteredBy })));
  }
}

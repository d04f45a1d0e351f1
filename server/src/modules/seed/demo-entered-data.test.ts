import { SCHOOL_LEVEL_GRADES } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import { demoEligibleUnits, demoSchoolEnrollments } from "./demo-entered-data";
import { demoOrganizationSpecs } from "./demo-generator";

const specs = demoOrganizationSpecs({ name: "旺苍县", divisionCode: "510821", today: "2026-09-01" });

describe("demo entered data", () => {
  it("enters each school's students per grade from its classes, in grades the level has", () => {
    const schools = demoSchoolEnrollments(specs, [2026]);
    const senior = schools.find((school) => school.key === "senior-high");
    expect(senior?.entries.map((entry) => [entry.level, entry.grade, entry.students])).toEqual([
      ["senior_secondary", 1, 520],
      ["senior_secondary", 2, 520],
      ["senior_secondary", 3, 520],
    ]);
    const junior = schools.find((school) => school.key === "junior-high-1");
    expect(junior?.entries.map((entry) => entry.grade)).toEqual([2, 3]);
    for (const entry of schools.flatMap((school) => school.entries)) {
      expect(entry.grade).toBeGreaterThanOrEqual(1);
      expect(entry.grade).toBeLessThanOrEqual(SCHOOL_LEVEL_GRADES[entry.level]);
    }
    expect(schools.map((school) => school.key).sort()).toEqual([
      "junior-high-1",
      "junior-high-2",
      "junior-high-3",
      "senior-high",
      "vocational",
    ]);
  });

  it("enters eligible units at or above the units that have an organization, agencies fully covered", () => {
    const entries = demoEligibleUnits(specs, [2026]);
    const agencies = specs.filter((spec) => spec.sector === "agency" && spec.parentKey === "agencies");
    const agency = entries.find((entry) => entry.sector === "agency");
    expect(agency?.units).toBeGreaterThan(0);
    expect(agency?.units).toBeLessThanOrEqual(agencies.length + 1);
    const nonPublic = entries.find((entry) => entry.sector === "non_public_enterprise");
    expect(nonPublic?.units).toBeGreaterThan(0);
    expect(new Set(entries.map((entry) => entry.sector)).size).toBe(entries.length);
  });
});

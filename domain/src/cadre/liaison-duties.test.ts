import { describe, expect, it } from "vitest";
import type { DomainError } from "../errors";
import { countYearlyDuties, type DutyContact, LIAISON_DUTIES } from "./liaison-duties";
import { checkContactDate, contactLogInputSchema, liaisonAssignmentInputSchema } from "./liaison-records";

/** Yearly duties (Henan; domain.md §6): ≥ 4 lectures, ≥ 10 visits, ≥ 20 talks, ≥ 100 youth, ≥ 3 branches. */
describe("LIAISON_DUTIES", () => {
  it("holds the Henan minimums", () => {
    expect(Object.fromEntries(LIAISON_DUTIES.map((duty) => [duty.key, duty.minimum]))).toEqual({
      lectures: 4,
      visits: 10,
      talks: 20,
      youthMet: 100,
      linkedBranches: 3,
    });
  });
});

function logs(kind: DutyContact["kind"], count: number, youthCount = 0, on = "2026-03-01"): DutyContact[] {
  return Array.from({ length: count }, () => ({ kind, occurredOn: on, youthCount }));
}

describe("countYearlyDuties", () => {
  const exactly = [
    ...logs("lecture", 4, 20),
    ...logs("visit", 10, 2),
    ...logs("talk", 20),
    ...logs("grassroots_day", 1, 0, "2026-04-01"),
    ...logs("grassroots_day", 1, 0, "2026-04-01"),
    ...logs("grassroots_day", 1, 0, "2026-04-02"),
  ];
  it("meets every duty at exactly the minimums; grassroots days are distinct dates", () => {
    const result = countYearlyDuties(2026, exactly, 3);
    expect(result.allMet).toBe(true);
    expect(result.duties.map((duty) => duty.done)).toEqual([4, 10, 20, 100, 3]);
    expect(result.grassrootsDays).toBe(2);
    expect(result.contacts).toBe(37);
  });

  it.each([
    ["lectures", [...exactly.slice(1), ...logs("youth_meeting", 1, 20)], 3],
    ["linkedBranches", exactly, 2],
    ["youthMet", [...exactly.slice(0, 3), ...logs("lecture", 1, 19), ...exactly.slice(4)], 3],
  ])("one short of %s → not met", (key, contacts, branches) => {
    const result = countYearlyDuties(2026, contacts, branches);
    expect(result.allMet).toBe(false);
    expect(result.duties.filter((duty) => !duty.met).map((duty) => duty.key)).toEqual([key]);
  });

  it("ignores other years' logs", () => {
    const result = countYearlyDuties(2025, exactly, 0);
    expect(result.contacts).toBe(0);
    expect(result.duties.every((duty) => duty.done === 0)).toBe(true);
  });
});

describe("contact logs", () => {
  it.each([
    ["2026-12-06", "2026-12-06", null],
    ["2026-12-05", "2026-12-06", null],
    ["2026-12-07", "2026-12-06", "contact_date_in_future"],
    ["1999-12-31", "2026-12-06", "contact_date_too_early"],
  ])("dated %s with China's today %s → %s", (occurredOn, today, code) => {
    if (code === null) return expect(() => checkContactDate(occurredOn, today)).not.toThrow();
    try {
      checkContactDate(occurredOn, today);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe(code);
      expect((error as DomainError).field).toBe("occurredOn");
      expect((error as DomainError).status).toBe(400);
    }
  });

  it.each([
    [{ kind: "visit", occurredOn: "2026-02-30" }, "occurredOn"],
    [{ kind: "chat", occurredOn: "2026-02-03" }, "kind"],
    [{ kind: "visit", occurredOn: "2026-02-03", youthCount: -1 }, "youthCount"],
    [{ kind: "visit", occurredOn: "2026-02-03", youthCount: 1.5 }, "youthCount"],
  ])("%j → 400 naming %s", (input, field) => {
    const parsed = contactLogInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".")).toBe(field);
  });

  it("defaults the youth count to 0", () => {
    expect(contactLogInputSchema.parse({ kind: "talk", occurredOn: "2026-02-03" }).youthCount).toBe(0);
  });
});

describe("两联 assignments", () => {
  it.each([
    [{ kind: "cadre_to_branch", fromCadreId: 1, targetOrganizationId: 2 }, null],
    [{ kind: "committee_to_deputy", fromCadreId: 1, targetDeputyId: 2 }, null],
    [{ kind: "deputy_to_youth", fromDeputyId: 1, targetOrganizationId: 2 }, null],
    [{ kind: "cadre_to_branch", fromCadreId: 1 }, "targetOrganizationId"],
    [{ kind: "cadre_to_branch", fromDeputyId: 1, targetOrganizationId: 2 }, "fromCadreId"],
    [
      { kind: "committee_to_deputy", fromCadreId: 1, targetDeputyId: 2, targetOrganizationId: 3 },
      "targetOrganizationId",
    ],
  ])("%j → %s", (input, field) => {
    const parsed = liaisonAssignmentInputSchema.safeParse(input);
    if (field === null) return expect(parsed.success).toBe(true);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toContain(field);
  });
});

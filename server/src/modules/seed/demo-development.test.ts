import { addMonths, ageOn, DEVELOPMENT_DATE_STEPS, validateCitizenId } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import { chainDates, demoCitizenId, studentBirthDate } from "./demo-development";

/** The demo's development dates hold the workflow's rules whatever day the demo is seeded on. */
describe("demo development dates", () => {
  it.each(["2026-01-01", "2026-03-15", "2026-09-01", "2026-12-31", "2028-02-29"])(
    "seeded on %s: in chain order, none in the future, approved this year, trained 3 months, 14–28 at the vote",
    (today) => {
      for (let index = 0; index < 45; index += 1) {
        const dates = chainDates(today, index);
        const chain = DEVELOPMENT_DATE_STEPS.map((step) => dates[step.field as keyof typeof dates]).filter(
          (date): date is string => date !== undefined,
        );
        expect(chain).toHaveLength(9);
        expect([...chain].sort()).toEqual(chain);
        expect(chain.every((date) => date <= today)).toBe(true);
        expect(dates.approvedOn.slice(0, 4)).toBe(today.slice(0, 4));
        expect(dates.talkDate <= addMonths(dates.applicationDate, 1)).toBe(true);
        expect(dates.targetProposedOn >= addMonths(dates.candidateNamedOn, 3)).toBe(true);
        const age = ageOn(studentBirthDate(today, 11, index), dates.voteDate);
        expect(age).toBeGreaterThanOrEqual(14);
        expect(age).toBeLessThan(28);
      }
    },
  );

  it("gives valid citizen IDs of 旺苍县 with the sex in the 17th digit", () => {
    const male = demoCitizenId("2009-05-17", "male", 3);
    const female = demoCitizenId("2009-05-17", "female", 3);
    expect(male.slice(0, 14)).toBe("51082120090517");
    expect(Number(male[16]) % 2).toBe(1);
    expect(Number(female[16]) % 2).toBe(0);
    expect(validateCitizenId(male).ok).toBe(true);
    expect(validateCitizenId(female).ok).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  ageBandBirthDateThresholds,
  ageBandOf,
  ageOn,
  ageOutDate,
  birthdayAtAge,
  fourteenthBirthday,
  hasReachedAgeOut,
  latestBirthDateForAge,
} from "./age";

describe("ageOn", () => {
  it.each([
    ["2010-06-15", "2010-06-15", 0],
    ["2010-06-15", "2024-06-14", 13],
    ["2010-06-15", "2024-06-15", 14],
    ["2010-06-15", "2024-06-16", 14],
    ["2010-06-15", "2025-06-14", 14],
    ["2010-12-31", "2024-12-30", 13],
    ["2010-12-31", "2024-12-31", 14],
    ["2011-01-01", "2024-12-31", 13],
    ["1996-06-15", "2024-06-14", 27],
    ["1996-06-15", "2024-06-15", 28],
    // 29 February: the year of age is completed on 1 March in common years, on 29 February in leap years.
    ["2008-02-29", "2022-02-28", 13],
    ["2008-02-29", "2022-03-01", 14],
    ["2008-02-29", "2024-02-28", 15],
    ["2008-02-29", "2024-02-29", 16],
    ["2008-02-28", "2022-02-28", 14],
    ["2008-03-01", "2022-02-28", 13],
  ])("born %s, on %s: %i", (birthDate, onDate, age) => {
    expect(ageOn(birthDate, onDate)).toBe(age);
  });

  it.each([
    ["2010-06-15", "2010-06-14"],
    ["2010-02-30", "2024-01-01"],
    ["2010-01-01", "2024-1-1"],
  ])("throws RangeError for born %s on %s", (birthDate, onDate) => {
    expect(() => ageOn(birthDate, onDate)).toThrow(RangeError);
  });
});

describe("ageBandOf", () => {
  it.each([
    [10, "14-17"],
    [13, "14-17"],
    [14, "14-17"],
    [17, "14-17"],
    [18, "18-22"],
    [22, "18-22"],
    [23, "23-25"],
    [25, "23-25"],
    [26, "26-28"],
    [28, "26-28"],
    [29, "over_28"],
    [45, "over_28"],
  ] as const)("%i → %s", (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it("bands the age on a birthday", () => {
    expect(ageBandOf(ageOn("2006-06-15", "2024-06-14"))).toBe("14-17");
    expect(ageBandOf(ageOn("2006-06-15", "2024-06-15"))).toBe("18-22");
  });

  it("labels every band", () => {
    expect(Object.keys(AGE_BAND_LABELS)).toEqual([...AGE_BANDS]);
  });
});

describe("birthdayAtAge, fourteenthBirthday, ageOutDate", () => {
  it.each([
    ["2010-06-15", 14, "2024-06-15"],
    ["2010-06-15", 0, "2010-06-15"],
    ["2008-02-29", 14, "2022-03-01"],
    ["2008-02-29", 16, "2024-02-29"],
    ["2008-02-29", 18, "2026-03-01"],
    ["1996-02-29", 4, "2000-02-29"],
    ["1896-02-29", 4, "1900-03-01"],
  ])("born %s, age %i on %s", (birthDate, age, date) => {
    expect(birthdayAtAge(birthDate, age)).toBe(date);
    expect(ageOn(birthDate, date)).toBe(age);
  });

  it.each([
    ["2010-06-15", "2024-06-15", "2038-06-15"],
    ["2008-02-29", "2022-03-01", "2036-02-29"],
    ["2009-02-28", "2023-02-28", "2037-02-28"],
  ])("born %s: 14 on %s, ages out on %s", (birthDate, fourteenth, ageOut) => {
    expect(fourteenthBirthday(birthDate)).toBe(fourteenth);
    expect(ageOutDate(birthDate)).toBe(ageOut);
  });

  it.each([-1, 1.5])("refuses the age %d", (age) => {
    expect(() => birthdayAtAge("2010-06-15", age)).toThrow(RangeError);
  });
});

describe("hasReachedAgeOut", () => {
  it.each([
    ["1996-06-15", "2024-06-14", false],
    ["1996-06-15", "2024-06-15", true],
    ["1996-02-29", "2024-02-28", false],
    ["1996-02-29", "2024-02-29", true],
    ["1995-02-28", "2023-02-28", true],
  ])("born %s, on %s: %s", (birthDate, today, expected) => {
    expect(hasReachedAgeOut(birthDate, today)).toBe(expected);
  });
});

describe("latestBirthDateForAge agrees with ageOn", () => {
  const todays = ["2026-11-22", "2028-02-29", "2027-02-28", "2027-03-01", "2026-01-01", "2026-12-31"];
  const births = [
    "2008-02-29",
    "2008-02-28",
    "2008-03-01",
    "1998-11-22",
    "1998-11-23",
    "2012-12-31",
    "2012-01-01",
  ];
  for (const today of todays) {
    for (const birth of births) {
      for (const age of [14, 18, 23, 26, 29]) {
        it(`born ${birth}, on ${today}, age ≥ ${age}`, () => {
          const threshold = latestBirthDateForAge(today, age);
          expect(birth <= threshold).toBe(ageOn(birth, today) >= age);
        });
      }
    }
  }
});

describe("ageBandBirthDateThresholds agrees with ageBandOf", () => {
  const today = "2026-11-22";
  for (const birth of [
    "2012-11-22",
    "2008-11-22",
    "2008-11-23",
    "2003-11-22",
    "2000-11-22",
    "1997-11-22",
    "1997-11-23",
    "1990-01-01",
  ]) {
    it(`born ${birth}`, () => {
      const band =
        ageBandBirthDateThresholds(today).find((entry) => birth <= entry.bornOnOrBefore)?.band ?? "14-17";
      expect(band).toBe(ageBandOf(ageOn(birth, today)));
    });
  }
});

import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { assertJoinDateAllowed, validateJoinDate, validatePartyJoinDate } from "./join-date";

const today = "2025-06-15";

describe("validateJoinDate (团章: from full age 14, before 28, not in the future)", () => {
  it.each([
    ["2010-06-15", "2024-06-15", null],
    ["2010-06-15", "2024-06-14", "before_fourteenth_birthday"],
    ["2010-06-15", "2025-06-15", null],
    ["2010-06-15", "2025-06-16", "in_future"],
    ["2011-01-01", "2025-01-01", null],
    ["2011-06-16", "2025-06-15", "before_fourteenth_birthday"],
    ["2008-02-29", "2022-02-28", "before_fourteenth_birthday"],
    ["2008-02-29", "2022-03-01", null],
    ["1996-06-15", "2024-06-14", null],
    ["1996-06-15", "2024-06-15", "after_age_limit"],
    ["1990-01-01", "2000-01-01", "before_fourteenth_birthday"],
  ] as const)("born %s, joined %s → %s", (birthDate, joinedOn, reason) => {
    const result = validateJoinDate(birthDate, joinedOn, today);
    if (reason === null) {
      expect(result).toEqual({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false, reason });
      if (!result.ok) expect(result.message).toMatch(/^入团时间：/);
    }
  });

  it("names the earliest date in the message", () => {
    const result = validateJoinDate("2008-02-29", "2022-02-28", today);
    expect(result.ok ? "" : result.message).toBe("入团时间：不能早于年满14周岁之日（2022-03-01）");
  });

  it("throws RangeError on malformed dates", () => {
    expect(() => validateJoinDate("2010-06-15", "2024-02-30", today)).toThrow(RangeError);
    expect(() => validateJoinDate("2010-06-15", "2024-06-15", "today")).toThrow(RangeError);
  });
});

describe("assertJoinDateAllowed", () => {
  it("passes an allowed date", () => {
    expect(() => assertJoinDateAllowed("2010-06-15", "2024-06-15", today)).not.toThrow();
  });

  it.each([
    ["2024-06-14", "join_date_before_fourteenth_birthday"],
    ["2025-06-16", "join_date_in_future"],
  ])("throws for %s with %s", (joinedOn, code) => {
    expect(() => assertJoinDateAllowed("2010-06-15", joinedOn, today)).toThrow(DomainError);
    expect(() => assertJoinDateAllowed("2010-06-15", joinedOn, today)).toThrow(
      expect.objectContaining({ code, field: "joinedOn", status: 422 }),
    );
  });
});

describe("validatePartyJoinDate (党章: from full age 18; not before joining the League)", () => {
  it.each([
    ["2000-05-01", "2018-05-01", "2014-05-01", null],
    ["2000-05-01", "2018-04-30", "2014-05-01", "before_eighteenth_birthday"],
    ["2000-05-01", "2019-01-01", "2019-01-02", "before_league_join"],
    ["2000-05-01", "2019-01-02", "2019-01-02", null],
    ["2000-05-01", "2025-06-16", "2014-05-01", "in_future"],
  ] as const)("born %s, Party %s, League %s → %s", (birthDate, partyJoinedOn, joinedOn, reason) => {
    const result = validatePartyJoinDate(birthDate, partyJoinedOn, joinedOn, today);
    if (reason === null) expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, reason, message: expect.stringMatching(/^入党时间：/) });
  });
});

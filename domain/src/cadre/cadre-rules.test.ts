import { describe, expect, it } from "vitest";
import { type CadrePost, canOpenPost, postFillings, STAFFING_RATE_TARGET, staffingRate } from "./cadre-posts";
import { cadreProfile, type ProfileCadre } from "./cadre-profile";
import {
  checkComposition,
  compositionOfRoster,
  compositionWarning,
  grassrootsSeatsNeeded,
  isGrassrootsOrFrontLine,
  isPlacementLongEnough,
  isValidTermPeriod,
  type TermBody,
  termState,
} from "./term-rules";

describe("post standard and 配备率 (Wangcang task 1; Taiyuan 2021-13; 团章; target ≥ 90 % Henan)", () => {
  it.each([
    ["a county committee expects a secretary and 3 deputies", "committee", "county", {}, 4, 0],
    ["a township committee expects its secretary", "committee", "township", { secretary: 1 }, 1, 1],
    ["a branch expects its secretary", "branch", "grassroots", { organizer: 1 }, 1, 0],
    ["extra deputies do not fill the secretary's post", "committee", "county", { deputy_secretary: 4 }, 4, 3],
  ] as const)("%s", (_, kind, level, open, expected, filled) => {
    const fillings = postFillings(kind, level, open);
    expect(fillings.reduce((sum, each) => sum + each.expected, 0)).toBe(expected);
    expect(fillings.reduce((sum, each) => sum + Math.min(each.open, each.expected), 0)).toBe(filled);
  });

  it.each([
    ["branch secretary: one at a time", "branch", "grassroots", "secretary", 0, true],
    ["branch secretary: a second is over the count", "branch", "grassroots", "secretary", 1, false],
    ["county deputies: the fourth may open", "committee", "county", "deputy_secretary", 3, true],
    ["county deputies: a fifth is over the count", "committee", "county", "deputy_secretary", 4, false],
    ["committee members: no cap", "committee", "county", "committee_member", 40, true],
  ] as const)("%s", (_, kind, level, post, open, allowed) => {
    expect(canOpenPost(kind, level, post as CadrePost, open)).toBe(allowed);
  });

  it("配备率 over many organizations; null when nothing is expected", () => {
    const fillings = [
      ...postFillings("committee", "township", { secretary: 1 }),
      ...Array.from({ length: 9 }, () => postFillings("branch", "grassroots", { secretary: 1 })).flat(),
      ...postFillings("branch", "grassroots", {}),
    ];
    expect(staffingRate(fillings)).toBeCloseTo(10 / 11);
    expect((staffingRate(fillings) ?? 0) >= STAFFING_RATE_TARGET).toBe(true);
    expect(staffingRate([])).toBeNull();
  });
});

describe("cadre profile (Taiyuan 2021-13: 平均年龄, 28周岁以下, 本科以上, 党员; Wangcang task 2)", () => {
  const cadre = (over: Partial<ProfileCadre>): ProfileCadre => ({
    birthDate: "1996-07-01",
    kind: "full_time",
    education: "bachelor",
    partyMember: true,
    fromGrassroots: false,
    ...over,
  });
  it("counts shares, the average age and the kind mix", () => {
    const profile = cadreProfile(
      [
        cadre({}), // 30 on 2026-12-06
        cadre({ birthDate: "1998-12-06", kind: "seconded", fromGrassroots: true }), // 28 today: counts
        cadre({
          birthDate: "1997-12-07",
          kind: "part_time",
          education: "junior_college",
          partyMember: false,
        }), // 28
        cadre({ birthDate: "1990-01-01", education: "master" }), // 36
      ],
      "2026-12-06",
    );
    expect(profile).toEqual({
      count: 4,
      averageAge: 30.5,
      underAgeShare: 0.5,
      bachelorOrHigherShare: 0.75,
      partyMemberShare: 0.75,
      fromGrassrootsShare: 0.25,
      kinds: { full_time: 2, seconded: 1, part_time: 1 },
    });
  });
  it("is empty without cadres", () => {
    expect(cadreProfile([], "2026-12-06").averageAge).toBeNull();
  });
});

describe("terms 换届 (issue 13 part 2)", () => {
  it.each([
    ["2024-01-01", "2029-01-01", true],
    ["2024-01-01", "2024-01-01", false],
    ["2024-01-01", "2023-12-31", false],
  ])("%s → %s valid: %s", (startsOn, endsOn, valid) => {
    expect(isValidTermPeriod(startsOn, endsOn)).toBe(valid);
  });

  it.each([
    ["2023-12-31", "upcoming"],
    ["2026-01-01", "current"],
    ["2028-10-02", "current"],
    ["2028-10-03", "expiring"], // 90 days before 2029-01-01
    ["2029-01-01", "expiring"],
    ["2029-01-02", "expired"],
  ])("on %s a 2024-01-01 → 2029-01-01 term is %s", (today, state) => {
    expect(termState({ startsOn: "2024-01-01", endsOn: "2029-01-01" }, today)).toBe(state);
  });
});

describe("composition ≥ 80 / 60 / 40 % grassroots and front-line (Wangcang task 6)", () => {
  it.each([
    ["congress", 200, 160, true],
    ["congress", 200, 159, false],
    ["committee", 35, 21, true],
    ["committee", 35, 20, false],
    ["standing_committee", 10, 4, true],
    ["standing_committee", 10, 3, false],
    ["congress", 0, 0, null],
  ] as const)("%s %i seats, %i grassroots → %s", (body, seats, grassroots, meets) => {
    expect(checkComposition(body as TermBody, seats, grassroots).meets).toBe(meets);
  });
});

describe("shortfall and the roster (Wangcang task 6: 基层和一线 counted together)", () => {
  it.each([
    ["congress", 200, 160],
    ["congress", 201, 161],
    ["committee", 3, 2],
    ["committee", 35, 21],
    ["standing_committee", 7, 3],
    ["standing_committee", 5, 2],
    ["standing_committee", 0, 0],
  ] as const)("%s of %i seats needs %i grassroots and front-line", (body, seats, needed) => {
    expect(grassrootsSeatsNeeded(body as TermBody, seats)).toBe(needed);
  });

  it.each([
    ["congress", 200, 150, 10],
    ["congress", 200, 170, 0],
    ["committee", 25, 14, 1],
    ["standing_committee", 7, 2, 1],
    ["standing_committee", 0, 0, 0],
  ] as const)("%s %i seats, %i grassroots → %i short", (body, seats, grassroots, shortfall) => {
    expect(checkComposition(body as TermBody, seats, grassroots).shortfall).toBe(shortfall);
  });

  it.each([
    [true, false, true],
    [false, true, true],
    [true, true, true],
    [false, false, false],
  ])("grassroots %s, front line %s → counts %s", (grassroots, frontLine, counts) => {
    expect(isGrassrootsOrFrontLine({ grassroots, frontLine })).toBe(counts);
  });

  it("counts a roster: a person with both flags is one seat", () => {
    const roster = [
      { grassroots: true, frontLine: true },
      { grassroots: false, frontLine: true },
      { grassroots: false, frontLine: false },
      { grassroots: false, frontLine: false },
      { grassroots: false, frontLine: false },
    ];
    const check = compositionOfRoster("standing_committee", roster);
    expect(check).toMatchObject({ seats: 5, grassrootsSeats: 2, share: 0.4, meets: true, shortfall: 0 });
    expect(compositionWarning(check)).toBeNull();
    const committee = compositionOfRoster("committee", roster);
    expect(committee).toMatchObject({ meets: false, shortfall: 1 });
    expect(compositionWarning(committee)).toBe(
      "全委会基层和一线成员 2 / 5 名（40%），低于 60% 的要求，还差 1 名（旺苍县改革方案任务6）",
    );
  });

  it("says nothing for an empty roster", () => {
    const check = compositionOfRoster("congress", []);
    expect(check.meets).toBeNull();
    expect(compositionWarning(check)).toBeNull();
  });
});

describe("placements ≥ 3 months, new cadres ≥ 1 month (Wangcang task 4)", () => {
  it.each([
    ["an experienced cadre, 3 months", "2020-01-01", "2026-01-10", "2026-04-10", true],
    ["an experienced cadre, a day short", "2020-01-01", "2026-01-10", "2026-04-09", false],
    ["a new cadre, 1 month", "2025-09-01", "2026-01-10", "2026-02-10", true],
    ["a new cadre, a day short", "2025-09-01", "2026-01-10", "2026-02-09", false],
  ])("%s", (_, cadreStartedOn, startsOn, endsOn, ok) => {
    expect(isPlacementLongEnough(cadreStartedOn, { startsOn, endsOn })).toBe(ok);
  });
});

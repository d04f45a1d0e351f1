import { describe, expect, it } from "vitest";
import { checkWorkflowDefinition, evaluateTransition, type WorkflowActor } from "../workflow/workflow";
import {
  DEFAULT_STAR_RATING_SHEET,
  fiveStarLimit,
  fiveStarQuotaProblem,
  isExemptFromStarRating,
  lockedRatingProblem,
  needsRectification,
  scoreStarRatingSheet,
  starRatingSheetProblems,
  starsForScore,
} from "./star-rating";
import { STAR_RATING_WORKFLOW, type StarRatingFacts, type StarRatingState } from "./star-rating-workflow";

// Source: issue 12 part 6 and "bad input" (bands, ≤ 20% five-star, under 6 months exempt, locked at year-end).

describe("bands", () => {
  it.each([
    [100, 5],
    [90, 5],
    [89.9, 4],
    [80, 4],
    [79.9, 3],
    [70, 3],
    [69.9, 2],
    [60, 2],
    [59.9, 0],
    [0, 0],
  ])("%s points → %s stars", (score, stars) => {
    expect(starsForScore(score)).toBe(stars);
  });
  it("unrated means rectification (软弱涣散)", () => {
    expect(needsRectification(0)).toBe(true);
    expect(needsRectification(2)).toBe(false);
    expect(needsRectification(null)).toBe(false);
  });
});

describe("the sheet as data", () => {
  it("the default sheet is valid and totals 100", () => {
    expect(starRatingSheetProblems(DEFAULT_STAR_RATING_SHEET)).toEqual([]);
  });
  it.each([
    [[], "items"],
    [[{ key: "a", label: "A", maxPoints: 50 }], "items"],
    [[{ key: "A!", label: "A", maxPoints: 100 }], "items.0.key"],
    [
      [
        { key: "a", label: "A", maxPoints: 50 },
        { key: "a", label: "B", maxPoints: 50 },
      ],
      "items.1.key",
    ],
    [
      [
        { key: "a", label: "A", maxPoints: 0 },
        { key: "b", label: "B", maxPoints: 100 },
      ],
      "items.0.maxPoints",
    ],
  ])("refuses %o naming %s", (items, field) => {
    expect(starRatingSheetProblems(items)[0]?.field).toBe(field);
  });
  it("scores a filled sheet, naming missing, out-of-range and unknown items", () => {
    const full = { organization: 18, members: 19, organizational_life: 17.5, role: 20, records: 16 };
    expect(scoreStarRatingSheet(DEFAULT_STAR_RATING_SHEET, full)).toEqual({ total: 90.5, problems: [] });
    const bad = scoreStarRatingSheet(DEFAULT_STAR_RATING_SHEET, {
      ...full,
      records: 21,
      extra: 1,
      role: undefined as unknown as number,
    });
    expect(bad.problems.map((p) => p.field).sort()).toEqual([
      "scores.extra",
      "scores.records",
      "scores.role",
    ]);
  });
});

describe("five-star share, exemption and lock", () => {
  it.each([
    [4, 0],
    [5, 1],
    [10, 2],
    [14, 2],
    [15, 3],
  ])("%i branches → at most %i five-star", (n, limit) => {
    expect(fiveStarLimit(n)).toBe(limit);
  });
  it("refuses a five-star over 20% naming the count", () => {
    expect(fiveStarQuotaProblem(1, 10)).toBeNull();
    expect(fiveStarQuotaProblem(2, 10)).toContain("最多2个五星，已评2个");
  });
  it.each([
    ["2026-07-01", 2026, true],
    ["2026-06-30", 2026, false],
    ["2025-12-01", 2026, false],
    ["2027-01-01", 2026, true],
    [null, 2026, false],
  ])("founded %s, year %i → exempt %s", (foundedOn, year, exempt) => {
    expect(isExemptFromStarRating(foundedOn, year)).toBe(exempt);
  });
  it("a locked rating is final", () => {
    expect(lockedRatingProblem(null)).toBeNull();
    expect(lockedRatingProblem("2027-01-01T00:00:00Z")).toContain("锁定");
  });
});

describe("the star-rating workflow (branch self-rating → committee review)", () => {
  const BRANCH = "1/2/3/";
  const branch: WorkflowActor = { scopePathsByPermission: { "member:write": [BRANCH] }, isSubject: false };
  const committee: WorkflowActor = { scopePathsByPermission: { "member:write": ["1/2/"] }, isSubject: false };
  const facts: StarRatingFacts = {
    lockedAt: null,
    hasSelfScore: true,
    reviewedStars: 4,
    fiveStarsSoFar: 0,
    ratedBranches: 10,
  };
  const at = (state: StarRatingState) => ({ state, pausedFrom: null, organizationPath: BRANCH });
  const decide = (
    state: StarRatingState,
    action: string,
    actor: WorkflowActor,
    patch: Partial<StarRatingFacts> = {},
  ) =>
    evaluateTransition(STAR_RATING_WORKFLOW, at(state), {
      action: action as "review",
      actor,
      facts: { ...facts, ...patch },
      payload: {},
    });

  it("is a sound definition", () => {
    expect(checkWorkflowDefinition(STAR_RATING_WORKFLOW)).toEqual([]);
  });
  it("the branch submits, the committee reviews", () => {
    expect(decide("self_rating", "submit_self_rating", branch)).toMatchObject({
      allowed: true,
      to: "awaiting_committee_review",
    });
    expect(decide("awaiting_committee_review", "review", committee)).toMatchObject({
      allowed: true,
      to: "rated",
    });
    expect(decide("awaiting_committee_review", "return_self_rating", committee)).toMatchObject({
      allowed: true,
      to: "self_rating",
    });
  });
  it("refuses the branch reviewing itself (403), a skipped step (409), no self score, five-star over 20% and a locked rating (422)", () => {
    expect(decide("awaiting_committee_review", "review", branch)).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(decide("self_rating", "review", committee)).toMatchObject({ allowed: false, status: 409 });
    expect(decide("self_rating", "submit_self_rating", branch, { hasSelfScore: false })).toMatchObject({
      allowed: false,
      status: 422,
    });
    const over = decide("awaiting_committee_review", "review", committee, {
      reviewedStars: 5,
      fiveStarsSoFar: 2,
    });
    expect(over).toMatchObject({ allowed: false, status: 422 });
    expect(over.allowed ? "" : over.failures[0]?.code).toBe("five_star_quota");
    const locked = decide("awaiting_committee_review", "return_self_rating", committee, {
      lockedAt: "2027-01-01T00:00:00Z",
    });
    expect(locked.allowed ? "" : locked.failures[0]?.code).toBe("rating_locked");
  });
});

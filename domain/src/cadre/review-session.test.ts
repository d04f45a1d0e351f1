import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  checkReviewSubmission,
  meanScore,
  nextReviewSessionState,
  REVIEW_SESSION_STATES,
  REVIEW_TOKEN_PATTERN,
  type ReviewSessionAction,
  reviewTokenFrom,
  tallyReviewScores,
} from "./review-session";

/** 述职评议 (domain.md §6; issue 13 part 4): states, one submission per link, the tally. */

describe("nextReviewSessionState", () => {
  const allowed: [string, ReviewSessionAction, string][] = [
    ["draft", "open", "open"],
    ["open", "close", "closed"],
  ];
  it.each(allowed)("%s --%s--> %s", (from, action, to) => {
    expect(nextReviewSessionState(from as never, action)).toBe(to);
  });

  const refused = REVIEW_SESSION_STATES.flatMap((from) =>
    (["open", "close"] as const)
      .filter((action) => !allowed.some(([f, a]) => f === from && a === action))
      .map((action) => [from, action] as const),
  );
  it.each(refused)("%s --%s--> refused 409", (from, action) => {
    try {
      nextReviewSessionState(from, action);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(409);
    }
  });
  it("refuses exactly the four other pairs", () => expect(refused).toHaveLength(4));
});

describe("checkReviewSubmission", () => {
  const reporters = [
    { id: 1, name: "张三" },
    { id: 2, name: "李四" },
  ];
  it("accepts one whole score in 0..scale for every reporter, in the reporters' order", () => {
    expect(
      checkReviewSubmission(
        reporters,
        [
          { reporterId: 2, score: 0 },
          { reporterId: 1, score: 100 },
        ],
        100,
      ),
    ).toEqual([
      { reporterId: 1, score: 100 },
      { reporterId: 2, score: 0 },
    ]);
  });

  it.each([
    [
      [
        { reporterId: 1, score: 101 },
        { reporterId: 2, score: 5 },
      ],
      100,
      "score_out_of_scale",
      "scores.0.score",
      "张三",
    ],
    [
      [
        { reporterId: 1, score: 5 },
        { reporterId: 2, score: -1 },
      ],
      100,
      "score_out_of_scale",
      "scores.1.score",
      "李四",
    ],
    [
      [
        { reporterId: 1, score: 9.5 },
        { reporterId: 2, score: 5 },
      ],
      10,
      "score_out_of_scale",
      "scores.0.score",
      "0到10",
    ],
    [
      [
        { reporterId: 1, score: 11 },
        { reporterId: 2, score: 5 },
      ],
      10,
      "score_out_of_scale",
      "scores.0.score",
      "张三",
    ],
    [[{ reporterId: 1, score: 5 }], 100, "scores_incomplete", "scores", "李四"],
    [
      [
        { reporterId: 1, score: 5 },
        { reporterId: 1, score: 6 },
      ],
      100,
      "duplicate_score",
      "scores.1.reporterId",
      "张三",
    ],
    [
      [
        { reporterId: 1, score: 5 },
        { reporterId: 9, score: 6 },
      ],
      100,
      "unknown_reporter",
      "scores.1.reporterId",
      "述职人",
    ],
  ])("%j on 0..%i → 400 %s naming %s (%s)", (scores, scaleMax, code, field, named) => {
    try {
      checkReviewSubmission(reporters, scores, scaleMax);
      expect.unreachable();
    } catch (error) {
      const domainError = error as DomainError;
      expect(domainError.status).toBe(400);
      expect(domainError.code).toBe(code);
      expect(domainError.field).toBe(field);
      expect(domainError.message).toContain(named);
    }
  });
});

describe("tally", () => {
  it.each([
    [0, 0, null],
    [270, 3, 90],
    [200, 3, 66.67],
    [1, 8, 0.13],
    [89_995, 1000, 90],
  ])("mean of sum %i over %i → %s", (sum, count, mean) => {
    expect(meanScore(sum, count)).toBe(mean);
  });

  it("counts, sums and averages per reporter, reporters without scores at null", () => {
    expect(
      tallyReviewScores(
        [1, 2, 3],
        [
          { reporterId: 1, score: 90 },
          { reporterId: 1, score: 81 },
          { reporterId: 2, score: 60 },
        ],
      ),
    ).toEqual([
      { reporterId: 1, count: 2, sum: 171, mean: 85.5 },
      { reporterId: 2, count: 1, sum: 60, mean: 60 },
      { reporterId: 3, count: 0, sum: 0, mean: null },
    ]);
  });
});

describe("tokens", () => {
  it("draws a 32-character base64url token from 24 bytes", () => {
    const token = reviewTokenFrom(Uint8Array.from({ length: 24 }, (_, index) => index * 11 + 250));
    expect(token).toMatch(REVIEW_TOKEN_PATTERN);
    expect(() => reviewTokenFrom(new Uint8Array(8))).toThrow();
  });
});

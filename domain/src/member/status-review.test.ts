import { describe, expect, it } from "vitest";
import {
  assertStatusDecisionAllowed,
  isHigherCommitteeScope,
  nextReviewRequestState,
  REVIEW_DECISIONS,
  REVIEW_REQUEST_STATE_LABELS,
  REVIEW_REQUEST_STATES,
} from "./status-review";

describe("isHigherCommitteeScope and assertStatusDecisionAllowed", () => {
  it.each([
    ["1/", "1/2/3/", true],
    ["1/2/", "1/2/3/", true],
    ["1/2/3/", "1/2/3/", false],
    ["1/2/3/4/", "1/2/3/", false],
    ["1/5/", "1/2/3/", false],
    ["1/2/", "1/23/4/", false],
  ])("scope %s over branch %s: %s", (scope, branch, expected) => {
    expect(isHigherCommitteeScope(scope, branch)).toBe(expected);
  });

  it("lets the higher committee decide another user's request", () => {
    expect(() =>
      assertStatusDecisionAllowed({
        deciderScopePath: "1/2/",
        branchPath: "1/2/3/",
        deciderUserId: 7,
        requesterUserId: 8,
      }),
    ).not.toThrow();
    expect(() =>
      assertStatusDecisionAllowed({
        deciderScopePath: "1/",
        branchPath: "1/2/3/",
        deciderUserId: 7,
        requesterUserId: null,
      }),
    ).not.toThrow();
  });

  it.each([
    [
      { deciderScopePath: "1/2/3/", branchPath: "1/2/3/", deciderUserId: 7, requesterUserId: 8 },
      "reviewer_not_higher_committee",
    ],
    [
      { deciderScopePath: "1/9/", branchPath: "1/2/3/", deciderUserId: 7, requesterUserId: 8 },
      "reviewer_not_higher_committee",
    ],
    [
      { deciderScopePath: "1/2/", branchPath: "1/2/3/", deciderUserId: 7, requesterUserId: 7 },
      "reviewer_is_requester",
    ],
  ])("refuses %j with %s", (context, code) => {
    expect(() => assertStatusDecisionAllowed(context)).toThrow(
      expect.objectContaining({ code, status: 403 }),
    );
  });
});

describe("nextReviewRequestState", () => {
  it.each([
    ["approve", "approved"],
    ["return", "returned"],
    ["withdraw", "withdrawn"],
  ] as const)("pending + %s → %s", (decision, state) => {
    expect(nextReviewRequestState("pending", decision)).toBe(state);
  });

  it.each(REVIEW_REQUEST_STATES.filter((state) => state !== "pending"))("%s is final", (state) => {
    expect(() => nextReviewRequestState(state, "approve")).toThrow(
      expect.objectContaining({ code: "review_request_closed", status: 409 }),
    );
  });
});

describe("review labels", () => {
  it("labels every state and has three decisions", () => {
    expect(Object.keys(REVIEW_REQUEST_STATE_LABELS)).toEqual([...REVIEW_REQUEST_STATES]);
    expect(REVIEW_DECISIONS).toEqual(["approve", "return", "withdraw"]);
  });
});

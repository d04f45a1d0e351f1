import { describe, expect, it } from "vitest";
import { checkWorkflowDefinition, evaluateTransition, type WorkflowActor } from "../workflow/workflow";
import {
  countGrades,
  type EducationReviewGrade,
  excellentLimit,
  hasReviewQuorum,
  reviewSubmissionProblems,
} from "./education-review";
import {
  EDUCATION_REVIEW_WORKFLOW,
  type EducationReviewFacts,
  type EducationReviewState,
} from "./education-review-workflow";

// Source: domain.md §5 (meeting with more than 2/3 attending; 优秀 at most 30% of a branch; the higher
// committee approves) and issue 12 part 2 + "bad input" (a review with 优秀 over 30% or the meeting under 2/3).

describe("优秀 ≤ 30% of the graded members, rounded down", () => {
  it.each([
    [0, 0],
    [3, 0],
    [4, 1],
    [7, 2],
    [10, 3],
    [13, 3],
    [20, 6],
    [34, 10],
  ])("%i graded → at most %i 优秀", (graded, limit) => {
    expect(excellentLimit(graded)).toBe(limit);
  });
});

describe("the meeting: more than 2/3 of the roll attending", () => {
  it.each([
    [9, 12, true],
    [8, 12, false],
    [3, 3, true],
    [2, 3, false],
    [7, 10, true],
    [6, 10, false],
    [0, 0, false],
  ])("%i of %i → %s", (attendees, roll, ok) => {
    expect(hasReviewQuorum(attendees, roll)).toBe(ok);
  });
});

describe("submitting a review", () => {
  const graded = (grades: (EducationReviewGrade | null)[]) =>
    grades.map((grade, i) => ({ name: `团员${i + 1}`, grade }));
  const base = {
    meetingHeldOn: "2026-11-20",
    rollCount: 10,
    attendeesCount: 8,
    grades: graded(["excellent", "excellent", "excellent", ...Array(7).fill("qualified")]),
    today: "2026-12-01",
  };
  it("accepts a complete review with 3 of 10 优秀 and 8 of 10 attending", () => {
    expect(reviewSubmissionProblems(base)).toEqual([]);
  });
  it.each([
    [
      "4 优秀 of 10",
      { grades: graded([...Array(4).fill("excellent"), ...Array(6).fill("qualified")]) },
      "grades",
    ],
    ["exactly 2/3 attending (6 of 9 roll)", { rollCount: 9, attendeesCount: 6 }, "attendeesCount"],
    ["6 of 10 attending", { attendeesCount: 6 }, "attendeesCount"],
    ["no attendance", { attendeesCount: null }, "attendeesCount"],
    ["a member not graded", { grades: graded([...Array(9).fill("qualified"), null]) }, "grades"],
    ["no meeting date", { meetingHeldOn: null }, "meetingHeldOn"],
    ["a meeting in the future", { meetingHeldOn: "2026-12-02" }, "meetingHeldOn"],
  ])("refuses %s naming %s", (_name, patch, field) => {
    const problems = reviewSubmissionProblems({ ...base, ...patch } as typeof base);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems[0]?.message).toMatch(/[\u4e00-\u9fff]/);
  });
  it("names the 30% limit and the counts", () => {
    const [problem] = reviewSubmissionProblems({
      ...base,
      grades: graded([...Array(4).fill("excellent"), ...Array(6).fill("qualified")]),
    });
    expect(problem?.message).toContain("最多3名优秀，现评4名");
  });
  it("counts grades", () => {
    expect(countGrades(["excellent", "qualified", null, "unqualified", "qualified"])).toEqual({
      excellent: 1,
      qualified: 2,
      basically_qualified: 0,
      unqualified: 1,
    });
  });
});

describe("the education review workflow (branch → committee above)", () => {
  const BRANCH = "1/2/3/";
  const branch: WorkflowActor = { scopePathsByPermission: { "member:write": [BRANCH] }, isSubject: false };
  const committee: WorkflowActor = { scopePathsByPermission: { "member:write": ["1/2/"] }, isSubject: false };
  const facts: EducationReviewFacts = { campaignClosedAt: null, submissionProblems: [] };
  const at = (state: EducationReviewState) => ({ state, pausedFrom: null, organizationPath: BRANCH });
  const decide = (
    state: EducationReviewState,
    action: string,
    actor: WorkflowActor,
    patch: Partial<EducationReviewFacts> = {},
  ) =>
    evaluateTransition(EDUCATION_REVIEW_WORKFLOW, at(state), {
      action: action as "submit",
      actor,
      facts: { ...facts, ...patch },
      payload: {},
    });
  it("is a sound definition", () => {
    expect(checkWorkflowDefinition(EDUCATION_REVIEW_WORKFLOW)).toEqual([]);
  });
  it("the branch submits, the committee approves or returns", () => {
    expect(decide("branch_review", "submit", branch)).toMatchObject({
      allowed: true,
      to: "awaiting_committee_approval",
    });
    expect(decide("awaiting_committee_approval", "approve", committee)).toMatchObject({
      allowed: true,
      to: "approved",
    });
    expect(decide("awaiting_committee_approval", "return", committee)).toMatchObject({
      allowed: true,
      to: "branch_review",
    });
  });
  it("refuses the branch approving itself (403), a skipped step (409), a bad review and a closed campaign (422)", () => {
    expect(decide("awaiting_committee_approval", "approve", branch)).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(decide("branch_review", "approve", committee)).toMatchObject({ allowed: false, status: 409 });
    const bad = decide("branch_review", "submit", branch, {
      submissionProblems: [{ field: "grades", message: "评议等次：优秀不得超过参评团员的30%" }],
    });
    expect(bad).toMatchObject({ allowed: false, status: 422 });
    expect(bad.allowed ? null : bad.failures[0]).toMatchObject({ code: "review_invalid", field: "grades" });
    const closed = decide("branch_review", "submit", branch, { campaignClosedAt: "2026-12-31T00:00:00Z" });
    expect(closed.allowed ? "" : closed.failures[0]?.code).toBe("campaign_closed");
  });
});

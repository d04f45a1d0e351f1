import { describe, expect, it } from "vitest";
import { checkWorkflowDefinition, evaluateTransition, type WorkflowActor } from "../workflow/workflow";
import {
  assessPartyRecommendationEligibility,
  isPartyRecommendationExpired,
  nextPartyStage,
  type PartyRecommendationCandidate,
  type PartyStage,
  partyRecommendationInputSchema,
  partyRecommendationMeetingProblems,
  partyRecommendationValidUntil,
  partyStageProblems,
} from "./party-recommendation";
import {
  PARTY_RECOMMENDATION_WORKFLOW,
  type PartyRecommendationAction,
  type PartyRecommendationState,
} from "./party-recommendation-workflow";

// Source: domain.md §5 (推优入党: aged 18–28, ≥ 1 year in the League, Party application ≥ 6 months
// before, the branch meeting recommends, the committee reviews, valid 2 years, the Party's later steps),
// domain.md §3 (the branch general meeting: more than half present, more than half of those present
// agree), 党章第七条 (预备期为一年), issue 12 "bad input" (outside 18–28, under a year in the League).

const ON = "2026-06-01";
const candidate = (overrides: Partial<PartyRecommendationCandidate> = {}): PartyRecommendationCandidate => ({
  birthDate: "2004-01-15",
  joinedOn: "2020-05-04",
  status: "active",
  politicalStatus: "league_member",
  hasLiveRecommendation: false,
  ...overrides,
});

describe("eligibility on the recommendation date (domain.md §5)", () => {
  it.each([
    ["18 on the day", { birthDate: "2008-06-01" }, []],
    ["one day short of 18", { birthDate: "2008-06-02" }, ["age_out_of_range"]],
    ["28 years old", { birthDate: "1997-06-30" }, []],
    ["29 years old", { birthDate: "1997-06-01" }, ["age_out_of_range"]],
    ["a year in the League on the day", { joinedOn: "2025-06-01" }, []],
    ["a day short of a year in the League", { joinedOn: "2025-06-02" }, ["league_too_short"]],
    ["no join date", { joinedOn: null }, ["league_too_short"]],
    ["lapsed", { status: "lapsed" }, ["not_active"]],
    [
      "already a probationary Party member",
      { politicalStatus: "probationary_party_member" },
      ["already_party_member"],
    ],
    ["a live recommendation", { hasLiveRecommendation: true }, ["already_recommended"]],
    [
      "everything wrong at once",
      { birthDate: "2010-01-01", joinedOn: "2026-01-01" },
      ["age_out_of_range", "league_too_short"],
    ],
  ] as const)("%s", (_name, overrides, codes) => {
    const result = assessPartyRecommendationEligibility(candidate(overrides), ON);
    expect(result.problems.map((problem) => problem.code)).toEqual(codes);
    expect(result.eligible).toBe(codes.length === 0);
  });

  it.each([
    ["2025-12-01", []],
    ["2025-12-02", ["application_too_recent"]],
    ["2026-05-01", ["application_too_recent"]],
  ] as const)("Party application on %s (≥ 6 months before)", (applicationOn, codes) => {
    const result = assessPartyRecommendationEligibility(candidate(), ON, applicationOn);
    expect(result.problems.map((problem) => problem.code)).toEqual(codes);
    expect(result.problems.every((problem) => problem.message.includes("：")) || codes.length === 0).toBe(
      true,
    );
  });

  it("answers age and full years in the League", () => {
    expect(assessPartyRecommendationEligibility(candidate(), ON)).toMatchObject({ age: 22, leagueYears: 6 });
  });
});

describe("the branch general meeting (domain.md §3)", () => {
  const meeting = { meetingHeldOn: "2026-05-20", rollCount: 20, attendeesCount: 11, votesFor: 6 };
  it.each([
    ["quorate, passed", {}, []],
    ["half present is not a quorum", { attendeesCount: 10, votesFor: 6 }, ["meeting_not_quorate"]],
    ["half of those present is not a majority", { votesFor: 5 }, ["vote_not_passed"]],
    ["more present than the roll", { attendeesCount: 21, votesFor: 12 }, ["attendees_exceed_roll"]],
    ["more votes than present", { votesFor: 12 }, ["votes_exceed_attendees"]],
    ["a meeting in the future", { meetingHeldOn: "2026-06-02" }, ["meeting_in_future"]],
  ] as const)("%s", (_name, overrides, codes) => {
    const problems = partyRecommendationMeetingProblems({ ...meeting, ...overrides }, ON);
    expect(problems.map((problem) => problem.code)).toEqual(codes);
  });

  it("the input schema names the field in Chinese", () => {
    const parsed = partyRecommendationInputSchema.safeParse({
      memberId: 1,
      partyApplicationOn: "2025-02-30",
      meetingHeldOn: "2026-05-20",
      rollCount: 0,
      attendeesCount: 1,
      votesFor: 1,
    });
    expect(parsed.success).toBe(false);
    const messages = parsed.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain("递交入党申请书日期：应为有效日期，格式YYYY-MM-DD");
    expect(messages).toContain("应到人数：应为正整数");
  });
});

describe("validity (2 years)", () => {
  it.each([
    ["2026-03-10", "2028-03-09"],
    ["2024-02-29", "2026-02-27"],
  ])("recommended on %s → valid until %s", (on, until) => {
    expect(partyRecommendationValidUntil(on)).toBe(until);
  });
  it("expires the day after", () => {
    expect(isPartyRecommendationExpired("2028-03-09", "2028-03-09")).toBe(false);
    expect(isPartyRecommendationExpired("2028-03-09", "2028-03-10")).toBe(true);
    expect(isPartyRecommendationExpired(null, "2028-03-10")).toBe(false);
  });
});

describe("the Party's later steps, in order and dated", () => {
  const base = {
    approved: true,
    recommendedOn: "2025-01-10",
    validUntil: "2027-01-09",
    current: null,
    currentOn: null,
  };
  const TODAY = "2027-06-01";
  it.each([
    ["activist first", null, null, "activist", "2025-03-01", []],
    [
      "skipping to development target",
      null,
      null,
      "development_target",
      "2025-03-01",
      ["stage_out_of_order"],
    ],
    ["activist before the recommendation", null, null, "activist", "2025-01-09", ["date_out_of_order"]],
    ["activist after the validity", null, null, "activist", "2027-01-10", ["recommendation_expired"]],
    ["activist twice", "activist", "2025-03-01", "activist", "2025-04-01", ["stage_out_of_order"]],
    [
      "development target on the activist's day",
      "activist",
      "2025-03-01",
      "development_target",
      "2025-03-01",
      [],
    ],
    [
      "development target before the activist",
      "activist",
      "2025-03-01",
      "development_target",
      "2025-02-28",
      ["date_out_of_order"],
    ],
    [
      "development target in the future",
      "activist",
      "2025-03-01",
      "development_target",
      "2027-06-02",
      ["date_in_future"],
    ],
    [
      "probationary after the development target",
      "development_target",
      "2025-09-01",
      "probationary",
      "2026-01-05",
      [],
    ],
    ["skipping probation", "development_target", "2025-09-01", "full", "2026-01-05", ["stage_out_of_order"]],
    ["full a year after probation", "probationary", "2026-01-05", "full", "2027-01-05", []],
    [
      "full before a year of probation",
      "probationary",
      "2026-01-05",
      "full",
      "2027-01-04",
      ["probation_not_over"],
    ],
    ["anything after full", "full", "2027-01-05", "full", "2027-02-01", ["stage_out_of_order"]],
  ] as const)("%s", (_name, current, currentOn, stage, on, codes) => {
    const problems = partyStageProblems({ ...base, current, currentOn }, stage as PartyStage, on, TODAY);
    expect(problems.map((problem) => problem.code)).toEqual(codes);
  });
  it("not before the committee approved", () => {
    expect(partyStageProblems({ ...base, approved: false }, "activist", "2025-03-01", TODAY)[0]?.code).toBe(
      "not_recommended",
    );
  });
  it("the next stage", () => {
    expect(nextPartyStage(null)).toBe("activist");
    expect(nextPartyStage("activist")).toBe("development_target");
    expect(nextPartyStage("full")).toBe(null);
  });
});

describe("the recommendation workflow (branch meeting → committee review)", () => {
  const BRANCH = "1/2/3/";
  const branch: WorkflowActor = { scopePathsByPermission: { "member:write": [BRANCH] }, isSubject: false };
  const committee: WorkflowActor = { scopePathsByPermission: { "member:write": ["1/2/"] }, isSubject: false };
  const reader: WorkflowActor = { scopePathsByPermission: { "member:read": ["1/2/"] }, isSubject: false };

  it("is a sound definition", () => {
    expect(checkWorkflowDefinition(PARTY_RECOMMENDATION_WORKFLOW)).toEqual([]);
  });

  const decide = (
    state: PartyRecommendationState,
    action: PartyRecommendationAction,
    actor: WorkflowActor,
    memberStillEligible = true,
  ) =>
    evaluateTransition(
      PARTY_RECOMMENDATION_WORKFLOW,
      { state, pausedFrom: null, organizationPath: BRANCH },
      { action, actor, facts: { memberStillEligible }, payload: {} },
    );

  it.each([
    ["awaiting_committee_review", "approve", "committee", "recommended"],
    ["awaiting_committee_review", "return", "committee", "returned"],
    ["awaiting_committee_review", "withdraw", "branch", "withdrawn"],
    ["returned", "resubmit", "branch", "awaiting_committee_review"],
    ["returned", "withdraw", "branch", "withdrawn"],
  ] as const)("%s —%s by the %s→ %s", (state, action, who, to) => {
    const decision = decide(state, action, who === "branch" ? branch : committee);
    expect(decision).toMatchObject({ allowed: true, to });
  });

  it.each([
    ["awaiting_committee_review", "approve", branch, 403],
    ["awaiting_committee_review", "return", reader, 403],
    ["returned", "approve", committee, 409],
    ["recommended", "withdraw", branch, 409],
    ["withdrawn", "resubmit", branch, 409],
  ] as const)("%s —%s refused (%s)", (state, action, actor, status) => {
    expect(decide(state, action, actor)).toMatchObject({ allowed: false, status });
  });

  it("refuses approval for a member no longer eligible", () => {
    expect(decide("awaiting_committee_review", "approve", committee, false)).toMatchObject({
      allowed: false,
      status: 422,
    });
  });
});

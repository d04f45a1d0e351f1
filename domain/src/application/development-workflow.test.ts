import { describe, expect, it } from "vitest";
import {
  availableActions,
  checkWorkflowDefinition,
  evaluateTransition,
  type WorkflowActor,
  type WorkflowInstanceState,
} from "../workflow/workflow";
import {
  DEVELOPMENT_ACTIONS,
  DEVELOPMENT_PAYLOAD_SCHEMAS,
  DEVELOPMENT_STATES,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentAction,
  type DevelopmentFacts,
  type DevelopmentState,
  datesClearedByReturn,
} from "./development-workflow";

const BRANCH_PATH = "1/2/3/";
/** The branch secretary: scope = the branch. */
const branch: WorkflowActor = { scopePathsByPermission: { "member:write": [BRANCH_PATH] }, isSubject: false };
/** The township committee above the branch. */
const committee: WorkflowActor = { scopePathsByPermission: { "member:write": ["1/2/"] }, isSubject: false };
const applicant: WorkflowActor = { scopePathsByPermission: {}, isSubject: true };
const stranger: WorkflowActor = { scopePathsByPermission: { "member:write": ["1/9/"] }, isSubject: false };

const facts: DevelopmentFacts = {
  today: "2026-12-01",
  applicantBirthDate: "2011-03-10",
  recorded: {
    applicationDate: "2026-01-05",
    talkDate: "2026-01-20",
    candidateNamedOn: "2026-02-01",
    targetProposedOn: "2026-06-01",
    precheckedOn: "2026-06-10",
    sponsorsNamedOn: "2026-06-15",
    voteDate: "2026-07-01",
    approvedOn: "2026-07-10",
    oathDate: "2026-07-20",
  },
  namedMembers: {
    11: { name: "张三", active: true, isApplicant: false },
    12: { name: "李四", active: true, isApplicant: false },
    13: { name: "王五", active: false, isApplicant: false },
    14: { name: "申请人", active: true, isApplicant: true },
  },
  missingPrerequisites: [],
  quotaAvailable: 5,
  ratioWarnings: [],
  signedFormUploadedOn: "2026-08-01",
};

/** A payload that passes each action's schema and guard from the state it leaves, with `facts`. */
const GOOD_PAYLOAD: Record<DevelopmentAction, Record<string, unknown>> = {
  record_talk: { talkDate: "2026-01-20" },
  name_candidate: { candidateNamedOn: "2026-02-01", source: "young_pioneers", mentorMemberIds: [11] },
  propose_development_target: { targetProposedOn: "2026-06-01" },
  precheck_development_target: { precheckedOn: "2026-06-10" },
  name_sponsors: { sponsorsNamedOn: "2026-06-15", sponsorMemberIds: [11, 12] },
  record_branch_vote: { voteDate: "2026-07-01", votingMembers: 20, present: 15, yes: 12 },
  approve_admission: { approvedOn: "2026-07-10" },
  record_oath: { oathDate: "2026-07-20" },
  verify_application_form: { formVerifiedOn: "2026-08-05" },
  return_to_step: { toState: "applied", reason: "材料不全" },
  defer: { reason: "考察期表现待观察" },
  resume: {},
  reject: { reason: "未通过支部考察" },
  withdraw: {},
};

/** Facts as they stand when the instance is in `state`: only the dates of steps already taken. */
function factsAt(state: DevelopmentState): DevelopmentFacts {
  const order = [
    "applied",
    "talked",
    "candidate",
    "target_proposed",
    "development_target",
    "sponsored",
    "branch_voted",
    "approved",
    "admitted",
    "archived",
  ];
  const fields = [
    "applicationDate",
    "talkDate",
    "candidateNamedOn",
    "targetProposedOn",
    "precheckedOn",
    "sponsorsNamedOn",
    "voteDate",
    "approvedOn",
    "oathDate",
    "formVerifiedOn",
  ] as const;
  const reached = order.indexOf(state);
  const recorded: Record<string, string> = {};
  fields.forEach((field, index) => {
    const value = facts.recorded[field];
    if (value !== undefined && (reached < 0 ? index <= 6 : index <= reached)) recorded[field] = value;
  });
  return { ...facts, recorded };
}

function instance(
  state: DevelopmentState,
  pausedFrom: DevelopmentState | null = null,
): WorkflowInstanceState<DevelopmentState> {
  return { state, pausedFrom, organizationPath: BRANCH_PATH };
}

/** Who takes each action in the happy path. */
const ACTOR_OF: Record<DevelopmentAction, WorkflowActor> = {
  record_talk: branch,
  name_candidate: branch,
  propose_development_target: branch,
  precheck_development_target: committee,
  name_sponsors: branch,
  record_branch_vote: branch,
  approve_admission: committee,
  record_oath: branch,
  verify_application_form: committee,
  return_to_step: branch,
  defer: branch,
  resume: branch,
  reject: branch,
  withdraw: applicant,
};

/** Every allowed (state, action) → next state; every other pair is refused with 409. */
const ALLOWED: [DevelopmentState, DevelopmentAction, DevelopmentState][] = [
  ["applied", "record_talk", "talked"],
  ["talked", "name_candidate", "candidate"],
  ["candidate", "propose_development_target", "target_proposed"],
  ["target_proposed", "precheck_development_target", "development_target"],
  ["development_target", "name_sponsors", "sponsored"],
  ["sponsored", "record_branch_vote", "branch_voted"],
  ["branch_voted", "approve_admission", "approved"],
  ["approved", "record_oath", "admitted"],
  ["admitted", "verify_application_form", "archived"],
  ...(
    ["talked", "candidate", "target_proposed", "development_target", "sponsored", "branch_voted"] as const
  ).map((state): [DevelopmentState, DevelopmentAction, DevelopmentState] => [
    state,
    "return_to_step",
    "applied",
  ]),
  ...(
    [
      "applied",
      "talked",
      "candidate",
      "target_proposed",
      "development_target",
      "sponsored",
      "branch_voted",
    ] as const
  ).flatMap((state): [DevelopmentState, DevelopmentAction, DevelopmentState][] => [
    [state, "defer", "deferred"],
    [state, "reject", "rejected"],
    [state, "withdraw", "withdrawn"],
  ]),
  ["deferred", "resume", "candidate"],
  ["deferred", "reject", "rejected"],
  ["deferred", "withdraw", "withdrawn"],
];

describe("the development workflow definition", () => {
  it("is consistent", () => {
    expect(checkWorkflowDefinition(DEVELOPMENT_WORKFLOW)).toEqual([]);
  });

  it("has a payload schema for every action", () => {
    expect(Object.keys(DEVELOPMENT_PAYLOAD_SCHEMAS).sort()).toEqual([...DEVELOPMENT_ACTIONS].sort());
  });

  it("accepts every good payload by its schema", () => {
    for (const action of DEVELOPMENT_ACTIONS) {
      expect(DEVELOPMENT_PAYLOAD_SCHEMAS[action].safeParse(GOOD_PAYLOAD[action]).success, action).toBe(true);
    }
  });
});

describe("evaluateTransition over every state and action", () => {
  for (const state of DEVELOPMENT_STATES) {
    for (const action of DEVELOPMENT_ACTIONS) {
      const allowed = ALLOWED.find(([from, a]) => from === state && a === action);
      it(`${state} --${action}--> ${allowed ? allowed[2] : "409"}`, () => {
        const decision = evaluateTransition(
          DEVELOPMENT_WORKFLOW,
          instance(state, state === "deferred" ? "candidate" : null),
          {
            action,
            actor: ACTOR_OF[action],
            facts: factsAt(state),
            payload: GOOD_PAYLOAD[action],
          },
        );
        if (allowed) {
          expect(decision).toEqual({ allowed: true, to: allowed[2], warnings: [] });
        } else {
          expect(decision).toMatchObject({
            allowed: false,
            status: 409,
            failures: [{ code: "step_not_available" }],
          });
        }
      });
    }
  }
});

describe("who may take a step", () => {
  it.each([
    ["record_talk", "applied", committee, true],
    ["record_talk", "applied", stranger, false],
    ["record_talk", "applied", applicant, false],
    ["precheck_development_target", "target_proposed", branch, false],
    ["precheck_development_target", "target_proposed", stranger, false],
    ["approve_admission", "branch_voted", branch, false],
    ["verify_application_form", "admitted", branch, false],
    ["withdraw", "candidate", branch, false],
    ["withdraw", "candidate", committee, false],
  ] as const)("%s from %s by %j: %s", (action, state, actor, allowed) => {
    const decision = evaluateTransition(DEVELOPMENT_WORKFLOW, instance(state), {
      action,
      actor,
      facts: factsAt(state),
      payload: GOOD_PAYLOAD[action],
    });
    expect(decision.allowed).toBe(allowed);
    if (!allowed)
      expect(decision).toMatchObject({
        status: 403,
        failures: [{ code: "actor_not_allowed", field: "action" }],
      });
  });

  it("shows the branch and the committee only their buttons", () => {
    expect(availableActions(DEVELOPMENT_WORKFLOW, instance("branch_voted"), branch)).toEqual([
      "return_to_step",
      "defer",
      "reject",
    ]);
    expect(availableActions(DEVELOPMENT_WORKFLOW, instance("branch_voted"), committee)).toEqual([
      "approve_admission",
      "return_to_step",
      "defer",
      "reject",
    ]);
    expect(availableActions(DEVELOPMENT_WORKFLOW, instance("branch_voted"), applicant)).toEqual(["withdraw"]);
    expect(availableActions(DEVELOPMENT_WORKFLOW, instance("archived"), committee)).toEqual([]);
  });
});

describe("guards return every unmet condition at once", () => {
  function ask(
    state: DevelopmentState,
    action: DevelopmentAction,
    payload: Record<string, unknown>,
    changed: Partial<DevelopmentFacts> = {},
  ) {
    return evaluateTransition(DEVELOPMENT_WORKFLOW, instance(state), {
      action,
      actor: ACTOR_OF[action],
      facts: { ...factsAt(state), ...changed },
      payload,
    });
  }

  it("refuses dates out of order and in the future", () => {
    expect(ask("applied", "record_talk", { talkDate: "2026-01-04" })).toEqual({
      allowed: false,
      status: 422,
      warnings: [],
      failures: [
        { code: "date_out_of_order", field: "talkDate", message: "谈话日期：不能早于申请日期（2026-01-05）" },
      ],
    });
    expect(ask("admitted", "verify_application_form", { formVerifiedOn: "2026-12-02" })).toMatchObject({
      status: 422,
      failures: [
        {
          code: "date_in_future",
          field: "formVerifiedOn",
          message: "入团志愿书认证日期：不能晚于今天（2026-12-01）",
        },
      ],
    });
  });

  it("warns of a late talk until acknowledged", () => {
    const late = ask("applied", "record_talk", { talkDate: "2026-03-01" });
    expect(late).toMatchObject({
      allowed: false,
      status: 422,
      failures: [{ code: "warnings_not_acknowledged", field: "acknowledgedWarnings" }],
      warnings: [{ code: "talk_late", message: "谈话晚于申请后一个月（应在2026-02-05前）" }],
    });
    expect(
      ask("applied", "record_talk", { talkDate: "2026-03-01", acknowledgedWarnings: ["talk_late"] }),
    ).toMatchObject({
      allowed: true,
      to: "talked",
    });
  });

  it("refuses mentors who are the applicant, inactive, unknown or repeated", () => {
    const decision = ask("talked", "name_candidate", {
      candidateNamedOn: "2026-02-01",
      source: "other",
      mentorMemberIds: [14, 13],
    });
    expect(decision).toMatchObject({
      status: 422,
      failures: [
        {
          code: "named_member_is_applicant",
          field: "mentorMemberIds",
          message: "培养联系人：不能是申请人本人",
        },
        {
          code: "named_member_not_active",
          field: "mentorMemberIds",
          message: "培养联系人：王五不是正常状态的团员",
        },
      ],
    });
    expect(
      ask("development_target", "name_sponsors", {
        sponsorsNamedOn: "2026-06-15",
        sponsorMemberIds: [11, 11],
      }),
    ).toMatchObject({
      failures: [{ code: "named_member_repeated", field: "sponsorMemberIds" }],
    });
    expect(
      ask("development_target", "name_sponsors", {
        sponsorsNamedOn: "2026-06-15",
        sponsorMemberIds: [11, 99],
      }),
    ).toMatchObject({
      failures: [{ code: "named_member_not_found", message: "入团介绍人：找不到编号为99的团员" }],
    });
  });

  it("refuses a development target before 3 months of training, listing missing prerequisites too", () => {
    const missing = [
      { code: "prerequisite_missing", field: "league_class", message: "团课：已有6学时，至少需要8学时" },
    ];
    expect(
      ask(
        "candidate",
        "propose_development_target",
        { targetProposedOn: "2026-04-30" },
        { missingPrerequisites: missing },
      ),
    ).toEqual({
      allowed: false,
      status: 422,
      warnings: [],
      failures: [
        {
          code: "training_too_short",
          field: "targetProposedOn",
          message: "确定为发展对象日期：培养考察不足3个月（2026-05-01起方可确定）",
        },
        ...missing,
      ],
    });
    expect(ask("candidate", "propose_development_target", { targetProposedOn: "2026-05-01" })).toMatchObject({
      allowed: true,
    });
  });

  it.each([
    [{ votingMembers: 20, present: 25, yes: 12 }, "vote_present_exceeds_voting", "present"],
    [{ votingMembers: 20, present: 15, yes: 16 }, "vote_yes_exceeds_present", "yes"],
    [{ votingMembers: 20, present: 15, yes: 7 }, "vote_not_passed", "yes"],
    [{ votingMembers: 20, present: 10, yes: 10 }, "vote_not_passed", "yes"],
  ])("refuses the vote %j", (figures, code, field) => {
    expect(ask("sponsored", "record_branch_vote", { voteDate: "2026-07-01", ...figures })).toMatchObject({
      status: 422,
      failures: [{ code, field }],
    });
  });

  it.each([
    ["2012-07-02", "申请人当日13周岁"],
    ["1998-06-30", "申请人当日28周岁"],
  ])("refuses an applicant born %s outside 14–28 on the vote date", (applicantBirthDate, text) => {
    const decision = ask(
      "sponsored",
      "record_branch_vote",
      { voteDate: "2026-07-01", votingMembers: 20, present: 15, yes: 12 },
      { applicantBirthDate },
    );
    expect(decision).toMatchObject({
      status: 422,
      failures: [{ code: "applicant_age_out_of_range", field: "voteDate" }],
    });
    expect(decision.allowed ? "" : decision.failures[0]?.message).toContain(text);
  });

  it("accepts an applicant on their 14th birthday", () => {
    expect(
      ask(
        "sponsored",
        "record_branch_vote",
        { voteDate: "2026-07-01", votingMembers: 20, present: 15, yes: 12 },
        { applicantBirthDate: "2012-07-01" },
      ),
    ).toMatchObject({ allowed: true });
  });

  it("refuses an approval without quota and warns of a crossed cap", () => {
    expect(
      ask("branch_voted", "approve_admission", { approvedOn: "2026-07-10" }, { quotaAvailable: 0 }),
    ).toMatchObject({
      status: 422,
      failures: [{ code: "quota_exhausted", field: "quota" }],
    });
    expect(
      ask("branch_voted", "approve_admission", { approvedOn: "2026-07-10" }, { quotaAvailable: null }),
    ).toMatchObject({
      failures: [{ code: "quota_missing" }],
    });
    const cap = [{ code: "student_ratio_above_cap", message: "毕业年级团学比将达31%，超过30%的上限" }];
    expect(
      ask("branch_voted", "approve_admission", { approvedOn: "2026-07-10" }, { ratioWarnings: cap }),
    ).toMatchObject({
      allowed: false,
      warnings: cap,
    });
    expect(
      ask(
        "branch_voted",
        "approve_admission",
        { approvedOn: "2026-07-10", acknowledgedWarnings: ["student_ratio_above_cap"] },
        { ratioWarnings: cap },
      ),
    ).toEqual({ allowed: true, to: "approved", warnings: cap });
  });

  it("refuses verification without the signed form and warns when it came late", () => {
    expect(
      ask(
        "admitted",
        "verify_application_form",
        { formVerifiedOn: "2026-08-05" },
        { signedFormUploadedOn: null },
      ),
    ).toMatchObject({
      failures: [{ code: "signed_form_missing", field: "signedForm" }],
    });
    expect(
      ask(
        "admitted",
        "verify_application_form",
        { formVerifiedOn: "2026-09-05" },
        { signedFormUploadedOn: "2026-09-01" },
      ),
    ).toMatchObject({
      warnings: [{ code: "signed_form_late" }],
    });
  });

  it("returns only to an earlier step", () => {
    expect(ask("sponsored", "return_to_step", { toState: "candidate", reason: "x" })).toMatchObject({
      allowed: true,
      to: "candidate",
    });
    expect(ask("sponsored", "return_to_step", { toState: "branch_voted", reason: "x" })).toMatchObject({
      status: 422,
      failures: [{ code: "return_target_not_earlier", field: "toState" }],
    });
  });
});

describe("datesClearedByReturn", () => {
  it.each([
    [
      "applied",
      [
        "talkDate",
        "candidateNamedOn",
        "targetProposedOn",
        "precheckedOn",
        "sponsorsNamedOn",
        "voteDate",
        "approvedOn",
        "oathDate",
        "formVerifiedOn",
      ],
    ],
    ["development_target", ["sponsorsNamedOn", "voteDate", "approvedOn", "oathDate", "formVerifiedOn"]],
    ["rejected", []],
  ] as const)("a return to %s clears %j", (state, cleared) => {
    expect(datesClearedByReturn(state)).toEqual(cleared);
  });
});

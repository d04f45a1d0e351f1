import {
  type DEVELOPMENT_PAYLOAD_SCHEMAS,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentAction,
  type DevelopmentState,
} from "@tuanwu/domain";

/** The kinds of input an action's form is built from. */
export type ActionFieldKind =
  | "date"
  | "text"
  | "reason"
  | "count"
  | "candidateSource"
  | "members"
  | "returnTarget";

/** One field of an action's form; `name` is a key of the action's payload schema (checked below). */
export interface ActionField<Name extends string = string> {
  name: Name;
  kind: ActionFieldKind;
  required: boolean;
  /** For `members`: how many (mentors 1–2, sponsors exactly 2). */
  min?: number;
  max?: number;
}

type PayloadKeys<Action extends DevelopmentAction> = Exclude<
  keyof ReturnType<(typeof DEVELOPMENT_PAYLOAD_SCHEMAS)[Action]["parse"]>,
  "acknowledgedWarnings"
> &
  string;

/**
 * The form of each step (what it records, DEVELOPMENT_PAYLOAD_SCHEMAS in domain): the field names are
 * checked against the payload schemas by the compiler; the server validates again.
 */
export const ACTION_FIELDS: { [Action in DevelopmentAction]: ActionField<PayloadKeys<Action>>[] } = {
  record_talk: [
    { name: "talkDate", kind: "date", required: true },
    { name: "note", kind: "text", required: false },
  ],
  name_candidate: [
    { name: "candidateNamedOn", kind: "date", required: true },
    { name: "source", kind: "candidateSource", required: true },
    { name: "mentorMemberIds", kind: "members", required: true, min: 1, max: 2 },
  ],
  propose_development_target: [{ name: "targetProposedOn", kind: "date", required: true }],
  precheck_development_target: [{ name: "precheckedOn", kind: "date", required: true }],
  name_sponsors: [
    { name: "sponsorsNamedOn", kind: "date", required: true },
    { name: "sponsorMemberIds", kind: "members", required: true, min: 2, max: 2 },
  ],
  record_branch_vote: [
    { name: "voteDate", kind: "date", required: true },
    { name: "votingMembers", kind: "count", required: true },
    { name: "present", kind: "count", required: true },
    { name: "yes", kind: "count", required: true },
  ],
  approve_admission: [{ name: "approvedOn", kind: "date", required: true }],
  record_oath: [{ name: "oathDate", kind: "date", required: true }],
  verify_application_form: [{ name: "formVerifiedOn", kind: "date", required: true }],
  return_to_step: [
    { name: "toState", kind: "returnTarget", required: true },
    { name: "reason", kind: "reason", required: true },
  ],
  defer: [{ name: "reason", kind: "reason", required: true }],
  resume: [{ name: "reason", kind: "reason", required: false }],
  reject: [{ name: "reason", kind: "reason", required: true }],
  withdraw: [{ name: "reason", kind: "reason", required: false }],
};

/** Side exits and returns: shown apart from the main step, in a dialog asking why. */
export const SIDE_ACTIONS: readonly DevelopmentAction[] = [
  "return_to_step",
  "defer",
  "resume",
  "reject",
  "withdraw",
];

/** Actions that end or set back an application: their button is red. */
export const DANGER_ACTIONS: readonly DevelopmentAction[] = ["reject", "withdraw"];

/** The transition of `action` (label, from-states, who takes it). */
export function transitionOf(action: DevelopmentAction) {
  return DEVELOPMENT_WORKFLOW.transitions.find((transition) => transition.action === action);
}

/**
 * The actions a batch may take on applications in `state` (the board's selected column): the forward
 * steps and side exits a branch or committee takes — not a return (it names a step per application),
 * not the applicant's withdrawal. The server still decides per application.
 */
export function batchActionsFrom(state: DevelopmentState): DevelopmentAction[] {
  return DEVELOPMENT_WORKFLOW.transitions
    .filter(
      (transition) =>
        transition.from.includes(state) &&
        (transition.actor === "awaited" || transition.actor.place !== "subject") &&
        transition.action !== "return_to_step",
    )
    .map((transition) => transition.action);
}

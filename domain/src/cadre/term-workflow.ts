import type { WorkflowDefinition } from "../workflow/workflow";

/**
 * "换届 election due" as a workflow of the one engine (issue 13 part 2: reminders before a term expires
 * in the to-do inbox 待办): a daily job opens an instance "due" for each term entering its reminder
 * window (domain TERM_REMINDER_DAYS before its end) without a recorded election; the organization's
 * committee administrators (cadre:write at the organization or above) see it in their inbox; recording
 * the election (POST /terms/{id}/election) takes the "elect" step and closes it.
 */

/** States of a term's election reminder. */
export const TERM_ELECTION_STATES = ["due", "elected"] as const;

/** A state (see {@link TERM_ELECTION_STATES}). */
export type TermElectionState = (typeof TERM_ELECTION_STATES)[number];

/** The election reminder's workflow definition (kind "term_election"). */
export const TERM_ELECTION_WORKFLOW: WorkflowDefinition<TermElectionState, "elect", Record<string, never>> = {
  kind: "term_election",
  label: { zh: "换届提醒", en: "Election due" },
  states: TERM_ELECTION_STATES,
  stateLabels: {
    due: { zh: "待换届", en: "Election due" },
    elected: { zh: "已换届", en: "Elected" },
  },
  initial: "due",
  mainLine: ["due", "elected"],
  terminal: ["elected"],
  paused: null,
  awaiting: {
    due: { place: "own_organization", permission: "cadre:write" },
    elected: null,
  },
  transitions: [
    {
      action: "elect",
      label: { zh: "记录换届选举", en: "Record the election" },
      from: ["due"],
      to: { kind: "state", state: "elected" },
      actor: "awaited",
      guard: () => ({ failures: [] }),
      source: "issue 13 part 2; domain.md §6",
    },
  ],
};

import { describe, expect, it } from "vitest";
import { evaluateTransition } from "../workflow/workflow";
import { TERM_ELECTION_WORKFLOW } from "./term-workflow";

/** The election reminder (issue 13 part 2): due → elected by a committee administrator, nothing else. */
describe("TERM_ELECTION_WORKFLOW", () => {
  const instance = { state: "due" as const, pausedFrom: null, organizationPath: "1/2/" };
  const admin = { scopePathsByPermission: { "cadre:write": ["1/"] }, isSubject: false };
  const reader = { scopePathsByPermission: { "cadre:read": ["1/"] }, isSubject: false };
  it.each([
    ["a committee administrator records the election", "due", admin, true],
    ["a reader may not", "due", reader, false],
    ["nothing leaves elected", "elected", admin, false],
  ] as const)("%s", (_, state, actor, allowed) => {
    const decision = evaluateTransition(
      TERM_ELECTION_WORKFLOW,
      { ...instance, state },
      { action: "elect", actor, facts: {}, payload: {} },
    );
    expect(decision.allowed).toBe(allowed);
  });
});

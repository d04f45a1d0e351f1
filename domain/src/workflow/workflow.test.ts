import { describe, expect, it } from "vitest";
import {
  actorSatisfies,
  checkWorkflowDefinition,
  earlierSteps,
  evaluateTransition,
  type WorkflowActor,
  type WorkflowDefinition,
} from "./workflow";

type State = "open" | "checked" | "paused" | "done";
type Action = "check" | "finish" | "pause" | "resume" | "send_back";
const ADMIN = { place: "own_organization", permission: "member:write" } as const;

/** A small two-step workflow exercising every kind of target. */
const SMALL: WorkflowDefinition<State, Action, { ok: boolean }> = {
  kind: "small",
  label: { zh: "小流程", en: "Small" },
  states: ["open", "checked", "paused", "done"],
  stateLabels: {
    open: { zh: "待检查", en: "Open" },
    checked: { zh: "已检查", en: "Checked" },
    paused: { zh: "暂停", en: "Paused" },
    done: { zh: "完成", en: "Done" },
  },
  initial: "open",
  mainLine: ["open", "checked", "done"],
  terminal: ["done"],
  paused: "paused",
  awaiting: {
    open: ADMIN,
    checked: { place: "higher_committee", permission: "member:write" },
    paused: ADMIN,
    done: null,
  },
  transitions: [
    {
      action: "check",
      label: { zh: "检查", en: "Check" },
      from: ["open"],
      to: { kind: "state", state: "checked" },
      actor: ADMIN,
      guard: (facts) => ({
        failures: facts.ok
          ? []
          : [
              { code: "a", field: "x", message: "x：不行" },
              { code: "b", field: "y", message: "y：也不行" },
            ],
      }),
      source: "test",
    },
    {
      action: "finish",
      label: { zh: "完成", en: "Finish" },
      from: ["checked"],
      to: { kind: "state", state: "done" },
      actor: { place: "higher_committee", permission: "member:write" },
      guard: () => ({ failures: [] }),
      source: "test",
    },
    {
      action: "pause",
      label: { zh: "暂停", en: "Pause" },
      from: ["open", "checked"],
      to: { kind: "state", state: "paused" },
      actor: ADMIN,
      guard: () => ({ failures: [] }),
      source: "test",
    },
    {
      action: "resume",
      label: { zh: "恢复", en: "Resume" },
      from: ["paused"],
      to: { kind: "paused_from" },
      actor: ADMIN,
      guard: () => ({ failures: [] }),
      source: "test",
    },
    {
      action: "send_back",
      label: { zh: "退回", en: "Send back" },
      from: ["checked"],
      to: { kind: "earlier_step" },
      actor: ADMIN,
      guard: () => ({ failures: [] }),
      source: "test",
    },
  ],
};

const admin: WorkflowActor = { scopePathsByPermission: { "member:write": ["1/"] }, isSubject: false };

describe("actorSatisfies", () => {
  it.each([
    ["own_organization", ["1/2/3/"], false, true],
    ["own_organization", ["1/2/"], false, true],
    ["own_organization", ["1/2/4/"], false, false],
    ["own_organization", [], false, false],
    ["higher_committee", ["1/2/3/"], false, false],
    ["higher_committee", ["1/2/"], false, true],
    ["higher_committee", ["1/", "1/2/3/"], false, true],
    ["subject", [], true, true],
    ["subject", ["1/"], false, false],
  ] as const)("%s with scopes %j (subject %s): %s", (place, scopes, isSubject, expected) => {
    const rule = { place, permission: place === "subject" ? null : ("member:write" as const) };
    expect(
      actorSatisfies(rule, { scopePathsByPermission: { "member:write": scopes }, isSubject }, "1/2/3/"),
    ).toBe(expected);
  });

  it("needs the rule's permission, not another one", () => {
    expect(
      actorSatisfies(ADMIN, { scopePathsByPermission: { "member:read": ["1/"] }, isSubject: false }, "1/2/"),
    ).toBe(false);
  });
});

describe("evaluateTransition", () => {
  const at = (state: State, pausedFrom: State | null = null) => ({
    state,
    pausedFrom,
    organizationPath: "1/2/",
  });

  it("answers 404 for an unknown action", () => {
    expect(
      evaluateTransition(SMALL, at("open"), {
        action: "fly" as Action,
        actor: admin,
        facts: { ok: true },
        payload: {},
      }),
    ).toMatchObject({ allowed: false, status: 404, failures: [{ code: "unknown_action", field: "action" }] });
  });

  it("returns every guard failure at once", () => {
    const decision = evaluateTransition(SMALL, at("open"), {
      action: "check",
      actor: admin,
      facts: { ok: false },
      payload: {},
    });
    expect(decision).toEqual({
      allowed: false,
      status: 422,
      warnings: [],
      failures: [
        { code: "a", field: "x", message: "x：不行" },
        { code: "b", field: "y", message: "y：也不行" },
      ],
    });
  });

  it("refuses a step taken twice with 409", () => {
    expect(
      evaluateTransition(SMALL, at("checked"), {
        action: "check",
        actor: admin,
        facts: { ok: true },
        payload: {},
      }),
    ).toMatchObject({
      status: 409,
      failures: [{ message: "操作：当前环节为“已检查”，不能“检查”（不能跳过环节或重复办理）" }],
    });
  });

  it("resumes where it paused, and refuses a resume with nothing remembered", () => {
    expect(
      evaluateTransition(SMALL, at("paused", "checked"), {
        action: "resume",
        actor: admin,
        facts: { ok: true },
        payload: {},
      }),
    ).toEqual({
      allowed: true,
      to: "checked",
      warnings: [],
    });
    expect(
      evaluateTransition(SMALL, at("paused"), {
        action: "resume",
        actor: admin,
        facts: { ok: true },
        payload: {},
      }),
    ).toMatchObject({
      status: 422,
      failures: [{ code: "not_paused" }],
    });
  });

  it("sends back only along the main line", () => {
    expect(earlierSteps(SMALL, "checked")).toEqual(["open"]);
    expect(earlierSteps(SMALL, "paused")).toEqual([]);
    expect(
      evaluateTransition(SMALL, at("checked"), {
        action: "send_back",
        actor: admin,
        facts: { ok: true },
        payload: { toState: "open" },
      }),
    ).toMatchObject({ allowed: true, to: "open" });
    expect(
      evaluateTransition(SMALL, at("checked"), {
        action: "send_back",
        actor: admin,
        facts: { ok: true },
        payload: { toState: "done" },
      }),
    ).toMatchObject({
      status: 422,
      failures: [{ code: "return_target_not_earlier", message: "退回环节：只能退回到之前的环节（待检查）" }],
    });
  });
});

describe("checkWorkflowDefinition", () => {
  it("accepts a sound definition", () => {
    expect(checkWorkflowDefinition(SMALL)).toEqual([]);
  });

  it("lists every problem of a broken one", () => {
    const broken: WorkflowDefinition<State, Action, { ok: boolean }> = {
      ...SMALL,
      initial: "nowhere" as State,
      awaiting: { ...SMALL.awaiting, done: ADMIN, open: null },
      transitions: [
        ...SMALL.transitions,
        { ...SMALL.transitions[1]!, from: ["done"] },
        { ...SMALL.transitions[0]!, action: "pause", actor: { place: "own_organization", permission: null } },
      ],
    };
    expect(checkWorkflowDefinition(broken)).toEqual([
      "initial: unknown state nowhere",
      "action finish defined twice",
      "finish leaves terminal state done",
      "action pause defined twice",
      "pause: a permission is needed for place own_organization",
      "open state open awaits no one",
      "terminal state done awaits someone",
    ]);
  });
});

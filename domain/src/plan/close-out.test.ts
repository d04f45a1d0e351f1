import { describe, expect, it } from "vitest";
import { type Permission, ROLE_PERMISSIONS } from "../auth/permissions";
import { DomainError } from "../errors";
import {
  assertCloseOutTransition,
  availableCloseOutActions,
  CLOSE_OUT_ACTIONS,
  CLOSE_OUT_STATES,
  CLOSE_OUT_TRANSITIONS,
  type CloseOutAction,
  type CloseOutState,
  closeOutTransition,
  isCloseOutState,
} from "./close-out";

const reviewer = { userId: 2, permissions: new Set<Permission>(ROLE_PERMISSIONS.org_admin) };
const writer = { userId: 1, permissions: new Set<Permission>(["plan:read", "plan:write"]) };
const evaluator = { userId: 3, permissions: new Set<Permission>(ROLE_PERMISSIONS.evaluator) };

function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("CLOSE_OUT_TRANSITIONS", () => {
  it("has one transition per action", () => {
    expect(CLOSE_OUT_TRANSITIONS.map((transition) => transition.action)).toEqual([...CLOSE_OUT_ACTIONS]);
  });

  it.each([
    ["submit", null, "submitted", "plan:write", "evidence", "unchanged"],
    ["approve", "submitted", "approved", "plan:review", null, "set"],
    ["return", "submitted", "returned", "plan:review", "note", "unchanged"],
    ["reopen", "approved", "reopened", "plan:review", "reason", "clear"],
  ] as const)(
    "%s: %s → %s by %s, requires %s, closed_out_on %s",
    (action, from, to, permission, text, task) => {
      expect(closeOutTransition(action)).toMatchObject({
        from,
        to,
        permission,
        requiredText: text,
        taskClosedOut: task,
      });
    },
  );

  it("lets only administrators review; an evaluator takes no step", () => {
    expect(closeOutTransition("approve").roles).toEqual(["system_admin", "org_admin"]);
    expect(closeOutTransition("submit").roles).toEqual(["system_admin", "org_admin"]);
    expect(closeOutTransition("approve").notBySubmitter).toBe(true);
    expect(closeOutTransition("return").notBySubmitter).toBe(true);
    expect(closeOutTransition("reopen").notBySubmitter).toBe(false);
  });
});

describe("assertCloseOutTransition", () => {
  it("returns the trimmed required text", () => {
    const result = assertCloseOutTransition(
      "submit",
      { state: null, submittedBy: null },
      writer,
      "  已完成  ",
    );
    expect(result).toMatchObject({ transition: { to: "submitted" }, text: "已完成" });
  });

  it("records an approval's note only when given", () => {
    const subject = { state: "submitted", submittedBy: 1 } as const;
    expect(assertCloseOutTransition("approve", subject, reviewer, "  ").text).toBeNull();
    expect(assertCloseOutTransition("approve", subject, reviewer, " 同意 ").text).toBe("同意");
  });

  // Every (action, state) pair the table does not have is a 409 naming the states.
  const pairs = CLOSE_OUT_ACTIONS.flatMap((action) =>
    [null, ...CLOSE_OUT_STATES].map((state) => [action, state] as [CloseOutAction, CloseOutState | null]),
  );
  it.each(pairs)("%s from %s: allowed only as in the table", (action, state) => {
    const allowed = closeOutTransition(action).from === state;
    const run = () => assertCloseOutTransition(action, { state, submittedBy: 1 }, reviewer, "text");
    if (allowed) expect(run().transition.action).toBe(action);
    else expect(thrown(run)).toMatchObject({ code: "close_out_state", status: 409 });
  });

  it.each(["approve", "return"] as const)("refuses to let the submitter %s (403)", (action) => {
    const error = thrown(() =>
      assertCloseOutTransition(action, { state: "submitted", submittedBy: 2 }, reviewer, "note"),
    );
    expect(error).toMatchObject({ code: "reviewer_is_submitter", status: 403 });
    expect(error.message).toContain("不能审核自己提交的销号申请");
  });

  it("lets the submitter's reviewer reopen (the reason is what is checked)", () => {
    const subject = { state: "approved", submittedBy: 2 } as const;
    expect(assertCloseOutTransition("reopen", subject, reviewer, "材料不实").text).toBe("材料不实");
  });

  it.each([
    ["submit", null, "evidence"],
    ["return", "submitted", "note"],
    ["reopen", "approved", "reason"],
  ] as const)("%s without text → 422 naming %s", (action, state, field) => {
    for (const text of [undefined, null, "", "  \n "]) {
      const error = thrown(() => assertCloseOutTransition(action, { state, submittedBy: 1 }, reviewer, text));
      expect(error).toMatchObject({ code: "text_required", field, status: 422 });
      expect(error.message).toContain(`${field}：`);
    }
  });

  it.each([
    ["approve", writer],
    ["submit", evaluator],
    ["reopen", evaluator],
  ] as const)("refuses %s to a role without the permission (403)", (action, actor) => {
    const state = closeOutTransition(action).from;
    expect(
      thrown(() => assertCloseOutTransition(action, { state, submittedBy: 9 }, actor, "x")),
    ).toMatchObject({
      code: "forbidden",
      status: 403,
    });
  });
});

describe("availableCloseOutActions", () => {
  it.each([
    ["submitted", reviewer, 1, ["approve", "return"]],
    ["submitted", reviewer, 2, []],
    ["submitted", writer, 2, []],
    ["approved", reviewer, 2, ["reopen"]],
    ["returned", reviewer, 1, []],
    ["reopened", reviewer, 1, []],
  ] as const)("%s, submitted by %s → %j", (state, actor, submittedBy, expected) => {
    expect(availableCloseOutActions({ state, submittedBy }, actor)).toEqual(expected);
  });
});

describe("isCloseOutState", () => {
  it("accepts the states only", () => {
    expect(CLOSE_OUT_STATES.every(isCloseOutState)).toBe(true);
    expect(isCloseOutState("pending")).toBe(false);
  });
});

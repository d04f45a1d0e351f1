import { actorSatisfies, PERMISSIONS } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { workflowActorOf } from "./workflow-actor";

/** workflowActorOf: the signed-in user as the approval engine sees them. */

function actor(roles: Actor["roles"], userId: number | null = 7): Actor {
  return {
    userId,
    username: "u",
    displayName: "U",
    roles,
    permissions: new Set(PERMISSIONS),
    scopePaths: roles.some((role) => role.path === null) ? null : roles.map((role) => role.path ?? ""),
  };
}

const BRANCH = "1/2/5/";
const branchRule = { place: "own_organization", permission: "member:write" } as const;
const committeeRule = { place: "higher_committee", permission: "member:write" } as const;

describe("workflowActorOf", () => {
  it.each([
    ["branch secretary at the branch", "branch_secretary", BRANCH, true, false],
    ["township administrator above it", "org_admin", "1/2/", true, true],
    ["administrator of another township", "org_admin", "1/3/", false, false],
    ["member at the branch (no member:write)", "member", BRANCH, false, false],
    ["system administrator over the whole tree", "system_admin", null, true, true],
  ] as const)("%s: own organization %s, higher committee %s", (_name, role, path, own, higher) => {
    const user = actor([{ role, organizationId: 1, organizationName: "x", path }]);
    const engineActor = workflowActorOf(user, { organizationPath: BRANCH, subjectUserId: null });
    expect(actorSatisfies(branchRule, engineActor, BRANCH)).toBe(own);
    expect(actorSatisfies(committeeRule, engineActor, BRANCH)).toBe(higher);
  });

  it("is the subject only for the instance's own account", () => {
    const user = actor([{ role: "member", organizationId: 5, organizationName: "x", path: BRANCH }], 42);
    expect(workflowActorOf(user, { organizationPath: BRANCH, subjectUserId: 42 }).isSubject).toBe(true);
    expect(workflowActorOf(user, { organizationPath: BRANCH, subjectUserId: 43 }).isSubject).toBe(false);
    expect(workflowActorOf(user, { organizationPath: BRANCH, subjectUserId: null }).isSubject).toBe(false);
    const cli = actor(
      [{ role: "system_admin", organizationId: null, organizationName: null, path: null }],
      null,
    );
    expect(workflowActorOf(cli, { organizationPath: BRANCH, subjectUserId: null }).isSubject).toBe(false);
  });
});

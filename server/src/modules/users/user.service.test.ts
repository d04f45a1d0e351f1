import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInAs } from "../../test/factories";

/** Users with the evaluator role (评估人员, issue 5 part 5): created like any other role. */

let context: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  context = await createTestApp();
});
afterAll(async () => context.close());

describe("createUser with the evaluator role", () => {
  it("creates the user, audited, and the evaluator may read the tree and the ledger and score, nothing else", async () => {
    const id = await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
    expect(await latestAuditEntry(context.db, "user.create")).toMatchObject({
      entityId: String(id),
      organizationId: context.tree.county.id,
      after: { username: "evaluator", role: "evaluator" },
    });
    const session = await logInAs(context.app, "evaluator");
    const me = await context.app.inject({ method: "GET", url: "/api/v1/me", headers: session.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      roles: [{ role: "evaluator", organizationId: context.tree.county.id }],
      permissions: ["organization:read", "plan:read", "plan:evaluate"],
    });
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  createOrganizationRow,
  createTestApp,
  createTestUser,
  logInEach,
  type TestSession,
} from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { startOk } from "./transfers.test-support";

/**
 * The receiving organization lookup (issue 11 part 2): GET /transfers/destinations?q= answers, across
 * the whole installation, only organizations that can receive a transfer with their id, name, kind and
 * ancestors' names — never member data — to a member (their own request) or a role with member:write;
 * the member then starts a transfer to an organization outside their scope, and still reads nothing
 * else of it.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let member: TestSession;
let evaluator: TestSession;
let zhang: number;

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
  [east, member, evaluator] = await logInEach(context.app, ["east", "member", "evaluator"]);
  zhang = await memberIdByName(context.db, "张三");
  await context.db.execute(sql`update app_user set member_id = ${zhang} where username = 'member'`);
  // A committee with no branch below it cannot receive: never offered.
  await createOrganizationRow(context.db, {
    parent: context.tree.county,
    name: "共青团西空镇委员会",
    level: "township",
  });
});
afterAll(async () => context.close());

const lookUp = (session: TestSession | undefined, q: string) =>
  sendAs(context.app, session, "GET", `/transfers/destinations?q=${encodeURIComponent(q)}`);

describe("GET /transfers/destinations", () => {
  it("answers 401 without a session, 403 to an account that is neither a member nor a member:write role, 400 naming q", async () => {
    expect((await lookUp(undefined, "西一")).statusCode).toBe(401);
    const refused = await lookUp(evaluator, "西一");
    expect(refused.statusCode, refused.body).toBe(403);
    for (const q of ["西", " 西 ", "西".repeat(21)]) {
      const bad = await lookUp(member, q);
      expect(bad.statusCode, q).toBe(400);
      expect(bad.json().error.message).toContain("名称");
    }
    const missing = await sendAs(context.app, member, "GET", "/transfers/destinations");
    expect(missing.statusCode).toBe(400);
  });

  it("answers a member organizations outside their scope that can receive: id, name, kind, ancestors' names — nothing else", async () => {
    const response = await lookUp(member, "西");
    expect(response.statusCode).toBe(400);
    const found = await lookUp(member, "西一村");
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({
      items: [
        {
          id: context.tree.westVillage.id,
          name: "西一村团支部",
          kind: "branch",
          ancestorNames: expect.arrayContaining([expect.stringContaining("西")]),
        },
      ],
    });
    const [item] = found.json().items;
    expect(Object.keys(item).sort()).toEqual(["ancestorNames", "id", "kind", "name"]);
    expect(item.ancestorNames.at(-1)).toContain("西");
    // A committee is offered when a branch lies below it; the empty one is not.
    const committees = (await lookUp(member, "镇委员会"))
      .json()
      .items.map((row: { name: string }) => row.name);
    expect(committees).toEqual(expect.arrayContaining(["共青团东河镇委员会"]));
    expect(committees).not.toContain("共青团西空镇委员会");
    // No member data: neither the west member's name nor any citizen ID appears.
    expect(found.body).not.toContain("赵六");
    expect(found.body).not.toMatch(/\d{17}[\dX]/);
  });

  it("escapes LIKE wildcards and answers at most 20", async () => {
    for (let index = 0; index < 22; index += 1) {
      await createOrganizationRow(context.db, {
        parent: context.tree.west,
        kind: "branch",
        name: `测试村${String(index).padStart(2, "0")}团支部`,
      });
    }
    const many = await lookUp(east, "测试村");
    expect(many.statusCode, many.body).toBe(200);
    expect(many.json().items).toHaveLength(20);
    expect((await lookUp(east, "%%")).json().items).toEqual([]);
    expect((await lookUp(east, "__")).json().items).toEqual([]);
  });

  it("lets the member start their own transfer to an organization found outside their scope, and read nothing else of it", async () => {
    const started = await startOk(context.app, member, {
      memberId: zhang,
      toOrganizationId: context.tree.westVillage.id,
    });
    expect(started).toMatchObject({ initiator: "member", state: "awaiting_sending_branch" });
    const own = (await sendAs(context.app, member, "GET", "/me/transfers")).json();
    expect(own.items[0]).toMatchObject({ to: { id: context.tree.westVillage.id, name: "西一村团支部" } });
    for (const path of [
      `/organizations/${context.tree.westVillage.id}`,
      `/organizations/${context.tree.westVillage.id}/members`,
      `/organizations/${context.tree.west.id}/children`,
    ]) {
      // 404 outside the scope, or 403 first where the route needs a permission the member lacks.
      expect([403, 404], path).toContain((await sendAs(context.app, member, "GET", path)).statusCode);
    }
    const zhao = await memberIdByName(context.db, "赵六");
    expect([403, 404]).toContain((await sendAs(context.app, member, "GET", `/members/${zhao}`)).statusCode);
    const [row] = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from member_transfer where member_id = ${zhang}`,
    );
    expect(Number(row?.total)).toBe(1);
  });
});

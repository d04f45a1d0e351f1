import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { insertTestApplication } from "../../test/applicant-fixtures";
import { countRows, latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInAs, logInEach, type TestSession } from "../../test/factories";

/** POST /applications/{id}/account: the branch issues the applicant an account (issue 10 part 7). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let open: { applicationId: number; instanceId: number };
let west: number;
let rejected: number;
let admitted: number;

beforeAll(async () => {
  context = await createTestApp();
  const { db, tree } = context;
  open = await insertTestApplication(db, {
    organizationId: tree.eastVillage1.id,
    name: "陈小明",
    citizenId: "110105201101010013",
    state: "talked",
    dates: { applicationDate: "2025-09-01", talkDate: "2025-09-05" },
  });
  // With its county (the instance's): PostgreSQL and PGlite fill it by trigger, a Citus coordinator does not
  // (the row would sit in county 0, where the issuing's update by county never finds it).
  await db.execute(sql`insert into work_item (county_id, instance_id, kind, state, organization_id, organization_path, awaiting_place, title)
    values (${tree.county.id}, ${open.instanceId}, 'member_development', 'talked', ${tree.eastVillage1.id}, ${tree.eastVillage1.path}, 'subject', '陈小明')`);
  west = (
    await insertTestApplication(db, {
      organizationId: tree.westVillage.id,
      name: "王西",
      citizenId: "110105201103030017",
      state: "applied",
      dates: { applicationDate: "2025-09-01" },
    })
  ).applicationId;
  rejected = (
    await insertTestApplication(db, {
      organizationId: tree.eastVillage1.id,
      name: "未通过",
      citizenId: "110105201104040019",
      state: "rejected",
      closed: true,
      dates: { applicationDate: "2025-09-01" },
    })
  ).applicationId;
  admitted = (
    await insertTestApplication(db, {
      organizationId: tree.eastVillage1.id,
      name: "张三",
      citizenId: "110105200501010016",
      state: "admitted",
      dates: { applicationDate: "2019-09-01" },
    })
  ).applicationId;
  // The member read first: on Citus an update of one distributed table may not read another in a subquery.
  const [admittedMember] = await queryRows<{ id: number }>(
    db,
    sql`select id from member where name = '张三'`,
  );
  await db.execute(sql`update development_application set member_id = ${admittedMember?.id}
    where id = ${admitted}`);
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
});
afterAll(async () => context.close());

function post(id: number, body: unknown, session?: TestSession) {
  return context.app.inject({
    method: "POST",
    url: `/api/v1/applications/${id}/account`,
    headers: session?.headers ?? {},
    payload: body as object,
  });
}

describe("POST /applications/{id}/account", () => {
  it("401, 404 outside the subtree, 403 to a member, 400 bad user name, 422 rejected — nothing written", async () => {
    const before = await countRows(context.db, ["app_user", "audit_log"]);
    expect((await post(open.applicationId, {})).statusCode).toBe(401);
    expect((await post(west, {}, east)).statusCode).toBe(404);
    expect((await post(999_999, {}, east)).statusCode).toBe(404);
    expect((await post(open.applicationId, {}, member)).statusCode).toBe(403);
    const bad = await post(open.applicationId, { username: "a" }, secretary);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("username");
    const closed = await post(rejected, {}, secretary);
    expect(closed.statusCode).toBe(422);
    expect(closed.json().error).toMatchObject({ code: "application_closed", field: "state" });
    const taken = await post(open.applicationId, { username: "county" }, secretary);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe("username");
    expect(await countRows(context.db, ["app_user", "audit_log"])).toEqual(before);
  });

  it("issues a member account on the branch with a one-time password, linked as the instance's subject; once", async () => {
    const response = await post(open.applicationId, {}, secretary);
    expect(response.statusCode).toBe(201);
    const account = response.json();
    expect(account).toMatchObject({ username: `sq${open.applicationId}` });
    expect(account.oneTimePassword).toMatch(/^\w{16}$/);
    // Read in two statements: the distributed rows (the application, its instance and open work item, joined
    // on the county), then the account and its role (reference tables on Citus) by the applicant's id.
    const [workflow] = await queryRows<Record<string, unknown>>(
      context.db,
      sql`select a.applicant_user_id as "applicantUserId", i.subject_user_id as "subjectUserId",
          w.awaiting_user_id as "awaitingUserId"
        from development_application a join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id
        join work_item w on w.county_id = i.county_id and w.instance_id = i.id and w.closed_at is null
        where a.id = ${open.applicationId}`,
    );
    const [user] = await queryRows<Record<string, unknown>>(
      context.db,
      sql`select u.must_change_password as "mustChange", u.display_name as "displayName",
          r.role, r.organization_id as "organizationId"
        from app_user u join user_role r on r.user_id = u.id where u.id = ${Number(workflow?.applicantUserId)}`,
    );
    const row = { ...workflow, ...user };
    expect(row).toEqual({
      applicantUserId: account.userId,
      subjectUserId: account.userId,
      awaitingUserId: account.userId,
      mustChange: true,
      displayName: "陈小明",
      role: "member",
      organizationId: context.tree.eastVillage1.id,
    });
    expect(await latestAuditEntry(context.db, "development.issue_account")).toMatchObject({
      entityType: "development_application",
      entityId: String(open.applicationId),
      organizationId: context.tree.eastVillage1.id,
      detail: { userId: account.userId, username: account.username },
    });
    expect(JSON.stringify(await latestAuditEntry(context.db, "user.create"))).not.toContain(
      account.oneTimePassword,
    );

    const applicant = await logInAs(context.app, account.username, account.oneTimePassword);
    const me = await context.app.inject({ method: "GET", url: "/api/v1/me", headers: applicant.headers });
    expect(me.json()).toMatchObject({ mustChangePassword: true });

    const again = await post(open.applicationId, { username: "another-name" }, secretary);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "account_exists", field: "id" });
  });

  it("links the account to the member record when the applicant is already admitted", async () => {
    const response = await post(admitted, { username: "zhangsan-self" }, east);
    expect(response.statusCode).toBe(201);
    const [row] = await queryRows<{ memberName: string }>(
      context.db,
      sql`select m.name as "memberName" from app_user u join member m on m.id = u.member_id
        where u.username = 'zhangsan-self'`,
    );
    expect(row?.memberName).toBe("张三");
  });

  it("two secretaries issuing the same applicant's account at once: one 201, the other 409, one account", async () => {
    const { applicationId } = await insertTestApplication(context.db, {
      organizationId: context.tree.eastVillage1.id,
      name: "同时开通",
      citizenId: "110105201105050010",
      state: "applied",
      dates: { applicationDate: "2025-10-01" },
    });
    const responses = await Promise.all([
      post(applicationId, { username: "race-one" }, secretary),
      post(applicationId, { username: "race-two" }, east),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const accounts = await queryRows<{ count: number }>(
      context.db,
      sql`select count(*)::int as count from app_user where username in ('race-one', 'race-two')`,
    );
    expect(accounts[0]?.count).toBe(1);
  });
});

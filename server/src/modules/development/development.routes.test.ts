import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import {
  citizenIdFor,
  createMemberThroughApi,
  memberIdByName,
  personRecord,
  sendAs,
} from "../../test/member-factories";
import { setWorkflowSubjectUser } from "../workflow/workflow.repository";
import {
  applicationInput,
  expectDevelopmentRefused,
  insertQuota,
  insertSignedForm,
  insertVotedApplication,
  meetPrerequisites,
  setDivisionCode,
  step,
  stepOk,
} from "./development.test-support";

/**
 * Member development routes (发展团员, issue 10): register, pipeline, detail, transitions on the
 * approval engine — refusals (401/403/404/400/409/422) write nothing; the two-approvers race; the full
 * path from the written application to the archived form with a number from the quota and the member
 * record created on the oath.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let branch: number;
let zhang: number;
let li: number;

async function register(session: TestSession, organizationId: number, input: Record<string, unknown>) {
  const response = await sendAs(
    context.app,
    session,
    "POST",
    `/organizations/${organizationId}/applications`,
    input,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; version: number; state: string };
}

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  branch = context.tree.eastVillage1.id;
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  await setDivisionCode(context.db, context.tree.county.id, "990001");
});
afterAll(async () => context.close());

describe("POST /organizations/{id}/applications", () => {
  it("answers 401, 403 to a member, 404 outside the subtree, 422 at a committee — writing nothing", async () => {
    const input = applicationInput("刘一", "2010-03-01", "013");
    const post = (session: TestSession | undefined, id: number) =>
      sendAs(context.app, session, "POST", `/organizations/${id}/applications`, input);
    await expectDevelopmentRefused(context.db, () => post(undefined, branch), 401);
    await expectDevelopmentRefused(context.db, () => post(member, branch), 403);
    await expectDevelopmentRefused(context.db, () => post(secretary, context.tree.westVillage.id), 404);
    await expectDevelopmentRefused(context.db, () => post(east, context.tree.east.id), 422);
  });

  it("answers 400 naming the field for bad input, a member's citizen ID or one already applying", async () => {
    const post = (input: Record<string, unknown>) =>
      sendAs(context.app, secretary, "POST", `/organizations/${branch}/applications`, input);
    await expectDevelopmentRefused(
      context.db,
      () => post(applicationInput("刘一", "2010-03-01", "013", { citizenId: "110105201003010999" })),
      400,
      { field: "citizenId" },
    );
    await expectDevelopmentRefused(
      context.db,
      () => post(applicationInput("刘一", "2010-03-01", "013", { applicationDate: "2099-01-01" })),
      400,
      { field: "applicationDate" },
    );
    await createMemberThroughApi(context.app, secretary, branch, personRecord("钱七", "2006-02-02", "551"));
    const qian = applicationInput("钱七", "2006-02-02", "551", { applicationDate: "2026-01-05" });
    const refused = await expectDevelopmentRefused(context.db, () => post(qian), 400, { field: "citizenId" });
    expect(refused.message).toContain("已是团员");
    await register(secretary, branch, applicationInput("陈二", "2010-04-01", "015"));
    const twice = await expectDevelopmentRefused(
      context.db,
      () => post(applicationInput("陈二", "2010-04-01", "015")),
      400,
      { field: "citizenId" },
    );
    expect(twice.message).toContain("未办结");
  });

  it("registers an application in state applied, version 1, audited, waiting in the branch's inbox", async () => {
    const created = await register(secretary, branch, applicationInput("刘一", "2010-03-01", "013"));
    expect(created).toMatchObject({ state: "applied", version: 1, organizationId: branch });
    // The branch secretary holds member:read_personal: the full citizen ID.
    expect((created as unknown as { citizenId: string }).citizenId).toBe(citizenIdFor("2010-03-01", "013"));
    expect(await latestAuditEntry(context.db, "development.register")).toMatchObject({
      entityId: String(created.id),
    });
    const todos = await sendAs(context.app, secretary, "GET", "/todos");
    expect(
      todos.json().items.map((item: { title: string; link: string }) => [item.title, item.link]),
    ).toContainEqual(["刘一", `/development/applications/${created.id}`]);
    // A member (no member:write) has nothing to do; the township administrator above may act too.
    const own = await sendAs(context.app, member, "GET", "/todos");
    expect(own.json()).toMatchObject({ items: [], total: 0 });
    const committee = await sendAs(context.app, east, "GET", "/todos");
    expect(committee.json().items.map((item: { title: string }) => item.title)).toContain("刘一");
  });
});

describe("POST /applications/{id}/transitions", () => {
  let id: number;
  beforeAll(async () => {
    id = (await register(secretary, branch, applicationInput("周三", "2010-05-01", "017"))).id;
  });

  it("answers 401, 404 outside the subtree, 403 to a role that may not act, writing nothing", async () => {
    const talk = { talkDate: "2026-01-20" };
    await expectDevelopmentRefused(
      context.db,
      () => step(context.app, undefined, id, "record_talk", 1, talk),
      401,
    );
    const west = (
      await register(county, context.tree.westVillage.id, applicationInput("吴四", "2010-06-01", "019"))
    ).id;
    await expectDevelopmentRefused(
      context.db,
      () => step(context.app, secretary, west, "record_talk", 1, talk),
      404,
    );
    await expectDevelopmentRefused(
      context.db,
      () => step(context.app, member, id, "record_talk", 1, talk),
      403,
      {
        code: "actor_not_allowed",
      },
    );
  });

  it("answers 409 for a skipped step and a stale version, 400 naming the field, 422 with every failure", async () => {
    await expectDevelopmentRefused(
      context.db,
      () =>
        step(context.app, secretary, id, "name_sponsors", 1, {
          sponsorsNamedOn: "2026-02-01",
          sponsorMemberIds: [zhang, li],
        }),
      409,
      { code: "step_not_available" },
    );
    await expectDevelopmentRefused(
      context.db,
      () => step(context.app, secretary, id, "record_talk", 7, { talkDate: "2026-01-20" }),
      409,
      {
        code: "stale_version",
        field: "version",
      },
    );
    await expectDevelopmentRefused(
      context.db,
      () => step(context.app, secretary, id, "record_talk", 1, { talkDate: "2026-13-40" }),
      400,
      {
        field: "talkDate",
      },
    );
    const error = await expectDevelopmentRefused(
      context.db,
      () => step(context.app, secretary, id, "record_talk", 1, { talkDate: "2025-12-01" }),
      422,
      { code: "date_out_of_order", field: "talkDate" },
    );
    expect(error.failures).toEqual([
      expect.objectContaining({ code: "date_out_of_order", field: "talkDate" }),
    ]);
  });

  it("asks to acknowledge a late talk, then takes it; the next step's actions are offered", async () => {
    const late = { talkDate: "2026-03-01" };
    const warned = await expectDevelopmentRefused(
      context.db,
      () => step(context.app, secretary, id, "record_talk", 1, late),
      422,
      { code: "warnings_not_acknowledged" },
    );
    expect(warned.warnings).toEqual([expect.objectContaining({ code: "talk_late" })]);
    const response = await step(context.app, secretary, id, "record_talk", 1, {
      ...late,
      acknowledgedWarnings: ["talk_late"],
    });
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({ state: "talked", version: 2, recorded: { talkDate: "2026-03-01" } });
    expect(detail.availableActions.map((action: { action: string }) => action.action)).toContain(
      "name_candidate",
    );
    expect(detail.returnTargets.map((target: { state: string }) => target.state)).toEqual(["applied"]);
    expect(detail.timeline.map((entry: { action: string }) => entry.action)).toEqual(["open", "record_talk"]);
  });

  it("two approvers at once: exactly one wins, the other gets 409", async () => {
    const payload = {
      candidateNamedOn: "2026-03-05",
      source: "class_recommendation",
      mentorMemberIds: [zhang],
    };
    const [first, second] = await Promise.all([
      step(context.app, secretary, id, "name_candidate", 2, payload),
      step(context.app, east, id, "name_candidate", 2, payload),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const rows = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from workflow_step s join development_application a on a.county_id = s.county_id and a.instance_id = s.instance_id
        where a.id = ${id} and s.action = 'name_candidate'`,
    );
    expect(Number(rows[0]?.total)).toBe(1);
  });
});

describe("the full path: application → archived", () => {
  it("takes an applicant to member, numbered inside the quota, with the application in the archive", async () => {
    await insertQuota(context.db, context.tree.county.id, 2026, 10);
    const created = await register(secretary, branch, applicationInput("郑五", "2010-03-01", "021"));
    const id = created.id;
    let version = await stepOk(context.app, secretary, id, "record_talk", 1, { talkDate: "2026-01-20" });
    version = await stepOk(context.app, secretary, id, "name_candidate", version, {
      candidateNamedOn: "2026-02-01",
      source: "young_pioneers",
      mentorMemberIds: [zhang, li],
    });
    const missing = await step(context.app, secretary, id, "propose_development_target", version, {
      targetProposedOn: "2026-05-10",
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.failures.map((failure: { field: string }) => failure.field)).toEqual(
      expect.arrayContaining(["league_class", "ideological_course", "volunteer", "points"]),
    );
    await meetPrerequisites(context.db, id, 2026);
    version = await stepOk(context.app, secretary, id, "propose_development_target", version, {
      targetProposedOn: "2026-05-10",
    });
    const ownPrecheck = await step(context.app, secretary, id, "precheck_development_target", version, {
      precheckedOn: "2026-05-20",
    });
    expect(ownPrecheck.statusCode).toBe(403);
    version = await stepOk(context.app, east, id, "precheck_development_target", version, {
      precheckedOn: "2026-05-20",
    });
    const badSponsors = await step(context.app, secretary, id, "name_sponsors", version, {
      sponsorsNamedOn: "2026-06-01",
      sponsorMemberIds: [zhang, zhang],
    });
    expect(badSponsors.statusCode).toBe(422);
    version = await stepOk(context.app, secretary, id, "name_sponsors", version, {
      sponsorsNamedOn: "2026-06-01",
      sponsorMemberIds: [zhang, li],
    });
    const badVote = await step(context.app, secretary, id, "record_branch_vote", version, {
      voteDate: "2026-06-15",
      votingMembers: 10,
      present: 8,
      yes: 9,
    });
    expect(badVote.statusCode).toBe(422);
    version = await stepOk(context.app, secretary, id, "record_branch_vote", version, {
      voteDate: "2026-06-15",
      votingMembers: 10,
      present: 8,
      yes: 7,
    });
    const waiting = await sendAs(context.app, east, "GET", "/todos?kind=member_development");
    expect(
      waiting.json().items.map((item: { title: string; state: string }) => [item.title, item.state]),
    ).toContainEqual(["郑五", "branch_voted"]);
    const detail = await sendAs(context.app, east, "GET", `/applications/${id}`);
    expect(detail.json().quota).toEqual({ year: Number(new Date().getFullYear()), available: 10 });
    version = await stepOk(context.app, east, id, "approve_admission", version, { approvedOn: "2026-06-20" });
    const applicantUser = await createTestUser(context.db, "zheng-wu", "member", branch);
    await context.db.execute(
      sql`update development_application set applicant_user_id = ${applicantUser} where id = ${id}`,
    );
    version = await stepOk(context.app, secretary, id, "record_oath", version, { oathDate: "2026-06-25" });
    const admitted = (await sendAs(context.app, county, "GET", `/applications/${id}`)).json();
    expect(admitted.memberNumber).toBe("2026990001000001");
    expect(admitted.memberId).toEqual(expect.any(Number));
    const record = await queryRows<{
      status: string;
      joined_on: string;
      member_number: string;
      organization_id: number;
    }>(
      context.db,
      sql`select status, joined_on::text, member_number, organization_id from member where id = ${admitted.memberId}`,
    );
    expect(record[0]).toMatchObject({
      status: "active",
      joined_on: "2026-06-15",
      member_number: "2026990001000001",
    });
    const account = await queryRows<{ memberId: number }>(
      context.db,
      sql`select member_id as "memberId" from app_user where id = ${applicantUser}`,
    );
    expect(Number(account[0]?.memberId)).toBe(admitted.memberId);
    const events = await queryRows<{ kind: string }>(
      context.db,
      sql`select kind from member_event where member_id = ${admitted.memberId} order by id`,
    );
    expect(events.map((event) => event.kind)).toEqual([...Array(9).fill("development_step"), "joined"]);
    const unsigned = await step(context.app, east, id, "verify_application_form", version, {
      formVerifiedOn: "2026-07-01",
    });
    expect(unsigned.json().error.failures[0]).toMatchObject({ code: "signed_form_missing" });
    await insertSignedForm(context.db, admitted.memberId);
    // Uploaded today, more than 30 days after the oath: a warning to acknowledge.
    version = await stepOk(context.app, east, id, "verify_application_form", version, {
      formVerifiedOn: "2026-12-01",
      acknowledgedWarnings: ["signed_form_late"],
    });
    const archived = (await sendAs(context.app, secretary, "GET", `/applications/${id}`)).json();
    expect(archived).toMatchObject({ state: "archived", closed: true, availableActions: [] });
    const open = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from work_item where instance_id = ${archived.instanceId} and closed_at is null`,
    );
    expect(Number(open[0]?.total)).toBe(0);
    const quota = await queryRows<{ used: number }>(context.db, sql`select used from admission_quota`);
    expect(quota[0]?.used).toBe(1);
  });
});

describe("GET /organizations/{id}/applications and GET /applications/{id}", () => {
  it("lists the subtree's pipeline with masked citizen IDs for a role without member:read_personal", async () => {
    const list = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/applications?state=applied`,
    );
    expect(list.statusCode).toBe(200);
    const names = list.json().items.map((item: { name: string }) => item.name);
    expect(names).toContain("刘一");
    expect(names).not.toContain("吴四");
    const outside = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.westVillage.id}/applications`,
    );
    expect(outside.statusCode).toBe(404);
    expect(
      (await sendAs(context.app, member, "GET", `/organizations/${branch}/applications`)).statusCode,
    ).toBe(403);
    expect(
      (await sendAs(context.app, undefined, "GET", `/organizations/${branch}/applications`)).statusCode,
    ).toBe(401);
  });

  it("answers the detail with 401/403/404", async () => {
    const list = await sendAs(context.app, secretary, "GET", `/organizations/${branch}/applications`);
    const first = list.json().items[0].id;
    expect((await sendAs(context.app, undefined, "GET", `/applications/${first}`)).statusCode).toBe(401);
    expect((await sendAs(context.app, member, "GET", `/applications/${first}`)).statusCode).toBe(403);
    expect((await sendAs(context.app, secretary, "GET", "/applications/999999")).statusCode).toBe(404);
  });
});

describe("POST /organizations/{id}/applications/batch-transitions", () => {
  it("answers 401, 403, 404 and 400 naming the field, writing nothing", async () => {
    const body = {
      action: "record_talk",
      items: [{ applicationId: 1, version: 1 }],
      payload: { talkDate: "2026-01-20" },
    };
    const url = `/organizations/${branch}/applications/batch-transitions`;
    await expectDevelopmentRefused(context.db, () => sendAs(context.app, undefined, "POST", url, body), 401);
    await expectDevelopmentRefused(context.db, () => sendAs(context.app, member, "POST", url, body), 403);
    await expectDevelopmentRefused(
      context.db,
      () =>
        sendAs(
          context.app,
          secretary,
          "POST",
          `/organizations/${context.tree.westVillage.id}/applications/batch-transitions`,
          body,
        ),
      404,
    );
    await expectDevelopmentRefused(
      context.db,
      () => sendAs(context.app, secretary, "POST", url, { ...body, items: [] }),
      400,
      {
        field: "items",
      },
    );
  });

  it("takes one step for many, each on its own: done, stale, outside the organization", async () => {
    const a = await register(secretary, branch, applicationInput("批一", "2010-07-01", "031"));
    const b = await register(secretary, branch, applicationInput("批二", "2010-07-02", "033"));
    const c = await register(secretary, branch, applicationInput("批三", "2010-07-03", "035"));
    const d = await register(
      county,
      context.tree.westVillage.id,
      applicationInput("批四", "2010-07-04", "037"),
    );
    const response = await sendAs(
      context.app,
      county,
      "POST",
      `/organizations/${context.tree.east.id}/applications/batch-transitions`,
      {
        action: "record_talk",
        items: [
          { applicationId: a.id, version: 1 },
          { applicationId: b.id, version: 1 },
          { applicationId: c.id, version: 5 },
          { applicationId: d.id, version: 1 },
        ],
        payload: { talkDate: "2026-01-20" },
      },
    );
    expect(response.statusCode).toBe(200);
    const results = response.json().results;
    expect(results.map((result: { ok: boolean; status: number }) => [result.ok, result.status])).toEqual([
      [true, 200],
      [true, 200],
      [false, 409],
      [false, 404],
    ]);
    expect(results[0].version).toBe(2);
    expect(results[2].failures[0]).toMatchObject({ code: "stale_version" });
    const c1 = (await sendAs(context.app, secretary, "GET", `/applications/${c.id}`)).json();
    expect(c1).toMatchObject({ state: "applied", version: 1 });
  });
});

describe("approving an admission that crosses the 团青比 cap", () => {
  it("asks the approver to acknowledge the warning first", async () => {
    await context.db.execute(
      sql`insert into youth_population (organization_id, county_id, year, population, source) values (${context.tree.county.id}, ${context.tree.county.id}, 2026, 10, 'test')`,
    );
    const id = await insertVotedApplication(
      context.db,
      context.tree.eastVillage2,
      "冯六",
      citizenIdFor("2010-08-01", "041"),
    );
    const warned = await expectDevelopmentRefused(
      context.db,
      () => step(context.app, east, id, "approve_admission", 1, { approvedOn: "2026-06-20" }),
      422,
      { code: "warnings_not_acknowledged" },
    );
    expect(warned.warnings).toEqual([expect.objectContaining({ code: "youth_ratio_above_cap" })]);
    await stepOk(context.app, east, id, "approve_admission", 1, {
      approvedOn: "2026-06-20",
      acknowledgedWarnings: ["youth_ratio_above_cap"],
    });
    const steps = await queryRows<{ acknowledged: unknown }>(
      context.db,
      sql`select s.acknowledged_warnings as acknowledged from workflow_step s
        join development_application a on a.county_id = s.county_id and a.instance_id = s.instance_id where a.id = ${id} and s.action = 'approve_admission'`,
    );
    expect(steps[0]?.acknowledged).toEqual(["youth_ratio_above_cap"]);
  });
});

describe("returns and the applicant's own withdrawal", () => {
  it("a return clears the later dates; the applicant (subject) withdraws and the instance closes", async () => {
    const created = await register(secretary, branch, applicationInput("褚七", "2010-09-01", "043"));
    let version = await stepOk(context.app, secretary, created.id, "record_talk", 1, {
      talkDate: "2026-01-20",
    });
    version = await stepOk(context.app, secretary, created.id, "name_candidate", version, {
      candidateNamedOn: "2026-02-01",
      source: "other",
      mentorMemberIds: [li],
    });
    const wrongTarget = await step(context.app, secretary, created.id, "return_to_step", version, {
      toState: "sponsored",
      reason: "材料不全",
    });
    expect(wrongTarget.json().error).toMatchObject({ code: "return_target_not_earlier", field: "toState" });
    const returned = await step(context.app, secretary, created.id, "return_to_step", version, {
      toState: "applied",
      reason: "谈话记录不完整",
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({
      state: "applied",
      recorded: { applicationDate: "2026-01-05" },
      mentors: [],
    });
    expect(returned.json().recorded.talkDate).toBeUndefined();
    version = returned.json().version;
    const users = await queryRows<{ id: number }>(
      context.db,
      sql`select id from app_user where username = 'member'`,
    );
    await setWorkflowSubjectUser(context.db, returned.json().instanceId, Number(users[0]?.id));
    const withdrawn = await step(context.app, member, created.id, "withdraw", version, { reason: "转学" });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ state: "withdrawn", closed: true, availableActions: [] });
    const open = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from work_item where instance_id = ${returned.json().instanceId} and closed_at is null`,
    );
    expect(Number(open[0]?.total)).toBe(0);
  });
});

describe("an approval's number: refused without a quota or a county division code, writing nothing", () => {
  it("answers 422 quota_missing and county_division_code_missing with nothing written, then numbers once both exist", async () => {
    const countyId = context.tree.county.id;
    const id = await insertVotedApplication(
      context.db,
      context.tree.eastVillage2,
      "褚七",
      citizenIdFor("2010-09-01", "051"),
    );
    // The county's 团青比 warning (youth population entered above) is acknowledged: only the number refuses.
    const payload = { approvedOn: "2026-06-20", acknowledgedWarnings: ["youth_ratio_above_cap"] };
    const approve = () => step(context.app, east, id, "approve_admission", 1, payload);
    await context.db.execute(sql`update admission_quota set year = 2126 where year = 2026`);
    await expectDevelopmentRefused(context.db, approve, 422, { code: "quota_missing" });
    await context.db.execute(sql`update admission_quota set year = 2026 where year = 2126`);
    await context.db.execute(sql`update organization set division_code = null where id = ${countyId}`);
    await expectDevelopmentRefused(context.db, approve, 422, { code: "county_division_code_missing" });
    await setDivisionCode(context.db, countyId, "990001");
    const [before] = await queryRows<{ used: number }>(
      context.db,
      sql`select used from admission_quota where organization_id = ${countyId} and year = 2026`,
    );
    await stepOk(context.app, east, id, "approve_admission", 1, payload);
    const [after] = await queryRows<{
      used: number;
      sequence: number;
      memberNumber: string;
      quotaId: number;
    }>(
      context.db,
      sql`select q.used, s.last_sequence as sequence, a.member_number as "memberNumber",
          a.admission_quota_id as "quotaId"
        from development_application a
        join admission_quota q on q.id = a.admission_quota_id
        join member_number_sequence s on s.county_organization_id = ${countyId} and s.year = 2026
        where a.id = ${id}`,
    );
    expect(Number(after?.used)).toBe(Number(before?.used) + 1);
    expect(after?.memberNumber).toBe(`2026990001${String(after?.sequence).padStart(6, "0")}`);
  });
});

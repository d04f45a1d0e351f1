import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyOfWorkflowRecord } from "../../db/county";
import { queryRows } from "../../db/sql-result";
import { insertTestApplication } from "../../test/applicant-fixtures";
import {
  createTestApp,
  createTestUser,
  createUserWithoutRoles,
  logInEach,
  type TestSession,
} from "../../test/factories";
import { appendMemberEvent } from "../archive/member-event.repository";
import { systemActor } from "../auth/system-actor";

/** GET /me/record, /me/archive, /me/applications (我的档案, 我的入团申请; issue 10 part 7). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let zhang: TestSession;
let applicant: TestSession;
let member: TestSession;
let noRoles: TestSession;
let applicationId: number;

beforeAll(async () => {
  context = await createTestApp();
  const { db, tree } = context;
  const zhangUser = await createTestUser(db, "zhangsan", "member", tree.eastVillage1.id);
  await db.execute(sql`update app_user set member_id = (select id from member where name = '张三')
    where id = ${zhangUser}`);
  const memberIdOf = async (name: string) =>
    (await queryRows<{ id: number }>(db, sql`select id::int as id from member where name = ${name}`))[0]
      ?.id ?? 0;
  for (const [name, summary] of [
    ["张三", "优秀团员"],
    ["李四", "李四的奖励"],
  ] as const) {
    await appendMemberEvent(db, systemActor("test"), {
      memberId: await memberIdOf(name),
      kind: "awarded",
      occurredOn: "2024-05-04",
      summary,
    });
  }
  const applicantUser = await createTestUser(db, "applicant", "member", tree.eastVillage1.id);
  const otherUser = await createTestUser(db, "other-applicant", "member", tree.eastVillage1.id);
  applicationId = (
    await insertTestApplication(db, {
      organizationId: tree.eastVillage1.id,
      name: "陈小明",
      citizenId: "110105201101010013",
      sex: "male",
      state: "candidate",
      dates: { applicationDate: "2025-09-01", talkDate: "2025-09-10", candidateNamedOn: "2025-10-08" },
      applicantUserId: applicantUser,
      extraSteps: [],
    })
  ).applicationId;
  const countyId = await countyOfWorkflowRecord(db, "development_application", applicationId);
  await db.execute(sql`insert into applicant_prerequisite_record (county_id, application_id, item, units, occurred_on)
    values (${countyId}, ${applicationId}, 'league_class_hours', 6, '2025-11-01'),
           (${countyId}, ${applicationId}, 'ideological_course_hours', 8, '2025-11-02'),
           (${countyId}, ${applicationId}, 'ideological_course_grade', 4, '2025-12-01')`);
  await insertTestApplication(db, {
    organizationId: tree.eastVillage1.id,
    name: "别人",
    citizenId: "110105201102020015",
    state: "applied",
    dates: { applicationDate: "2025-09-02" },
    applicantUserId: otherUser,
  });
  await createUserWithoutRoles(db, "nobody", tree.eastVillage1.id);
  [zhang, applicant, member, noRoles] = await logInEach(context.app, [
    "zhangsan",
    "applicant",
    "member",
    "nobody",
  ]);
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return context.app.inject({ method: "GET", url, headers: session?.headers ?? {} });
}

describe("the member's own pages", () => {
  it("401 without a session, 403 for an account without a role, 404 without a member record / application", async () => {
    for (const url of ["/api/v1/me/record", "/api/v1/me/archive", "/api/v1/me/applications"]) {
      expect((await get(url)).statusCode, url).toBe(401);
      expect((await get(url, noRoles)).statusCode, url).toBe(403);
      expect((await get(url, member)).statusCode, url).toBe(404);
    }
    expect((await get("/api/v1/me/record", applicant)).statusCode).toBe(404);
    expect((await get("/api/v1/me/applications", zhang)).statusCode).toBe(404);
  });

  it("GET /me/record: the member's own record, citizen ID and phone masked", async () => {
    const response = await get("/api/v1/me/record", zhang);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: "张三",
      sex: "male",
      citizenId: "1101**********0016",
      phone: "138****5678",
      status: "active",
      statusLabel: "正常",
      organization: { id: context.tree.eastVillage1.id, name: "东一村团支部" },
    });
    expect(response.body).not.toContain("110105200501010016");
  });

  it("GET /me/archive: only the member's own timeline", async () => {
    const response = await get("/api/v1/me/archive", zhang);
    expect(response.statusCode).toBe(200);
    const summaries = response.json().items.map((item: { summary: string }) => item.summary);
    expect(summaries).toContain("优秀团员");
    expect(summaries).not.toContain("李四的奖励");
  });

  it("GET /me/applications: the applicant's own application, steps done and to come, what is missing", async () => {
    const response = await get("/api/v1/me/applications", applicant);
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items).toHaveLength(1);
    const [own] = items;
    expect(own).toMatchObject({
      id: applicationId,
      name: "陈小明",
      state: "candidate",
      stateLabel: "入团积极分子",
      closed: false,
    });
    expect(own.steps.slice(0, 5)).toEqual([
      expect.objectContaining({ state: "applied", status: "done", date: "2025-09-01" }),
      expect.objectContaining({ state: "talked", status: "done", date: "2025-09-10", by: "团支部" }),
      expect.objectContaining({ state: "candidate", status: "done", date: "2025-10-08" }),
      expect.objectContaining({ state: "target_proposed", status: "next", date: null, by: "团支部" }),
      expect.objectContaining({ state: "development_target", status: "pending", by: "上级团委" }),
    ]);
    expect(own.steps).toHaveLength(10);
    expect(own.timeline.map((step: { actionLabel: string }) => step.actionLabel)).toEqual([
      "递交入团申请",
      "记录谈话",
      "确定为入团积极分子",
    ]);
    expect(own.points.missing).toEqual(
      expect.arrayContaining([
        "团课：已有6学时，至少需要8学时",
        "志愿服务：已有0小时，至少需要20小时",
        expect.stringMatching(/^积分：已得\d+分，至少需要60分$/),
      ]),
    );
    expect(
      own.points.items.find((item: { code: string }) => item.code === "ideological_course"),
    ).toMatchObject({
      units: 8,
      missing: false,
    });
    expect(response.body).not.toContain("别人");
  });

  it("after a return (the engine cleared the later dates) and a deferral: the step it paused at, nothing next; the reasons shows where it paused and nothing next", async () => {
    await context.db.execute(sql`update workflow_instance set state = 'deferred', paused_from = 'talked',
        data = jsonb_set(data, '{recorded}', (data->'recorded') - 'candidateNamedOn')
      where id = (select instance_id from development_application where id = ${applicationId})`);
    await context.db.execute(sql`insert into workflow_step (county_id, instance_id, sequence, action, from_state, to_state, occurred_on, actor_name, payload)
      select county_id, instance_id, 4, 'return_to_step', 'candidate', 'talked', '2025-12-10'::date, 'test', '{"toState":"talked","reason":"培养联系人调整"}'::jsonb
        from development_application where id = ${applicationId}
      union all
      select county_id, instance_id, 5, 'defer', 'talked', 'deferred', '2025-12-11'::date, 'test', '{"reason":"本人要求暂缓"}'::jsonb
        from development_application where id = ${applicationId}`);
    const [own] = (await get("/api/v1/me/applications", applicant)).json().items;
    expect(own).toMatchObject({ state: "deferred", stateLabel: "暂缓", pausedFromLabel: "已谈话" });
    expect(own.steps.slice(1, 4)).toEqual([
      expect.objectContaining({ state: "talked", status: "done" }),
      expect.objectContaining({ state: "candidate", status: "pending", date: null }),
      expect.objectContaining({ state: "target_proposed", status: "pending" }),
    ]);
    expect(own.timeline.slice(-2)).toEqual([
      expect.objectContaining({ actionLabel: "退回", reason: "培养联系人调整" }),
      expect.objectContaining({ actionLabel: "暂缓", toStateLabel: "暂缓", reason: "本人要求暂缓" }),
    ]);
  });
});

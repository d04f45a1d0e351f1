import { addDays, addMonths } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, logInEach, type TestSession, testMember } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { insertMembersWithHistory } from "../members/member-bulk.repository";

/**
 * 推优入党 routes (issue 12 part 5): eligibility list, the branch meeting's recommendation (400 naming
 * the field for a member outside 18–28, under a year in the League, an application under 6 months, a
 * meeting without quorum — nothing written), the committee's review on the engine (work item in the
 * inbox, return with a reason, resubmit, approve), the Party stages in order (预备党员 → 中共预备党员 on
 * the record). Refusals 401/403/404. In order.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
const today = todayInChina();
const meetingOn = addDays(today, -10);
const applicationOn = addMonths(meetingOn, -7);
let zhang: number;
let young: number;
let newcomer: number;

beforeAll(async () => {
  context = await createTestApp();
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  const branch = context.tree.eastVillage1.id;
  const youngBirth = addMonths(today, -12 * 17).replaceAll("-", "");
  await insertMembersWithHistory(context.db, [
    testMember(branch, "钱小", "qx", `110105${youngBirth}0919`, "male", { memberNumber: "9900012020091900" }),
    testMember(branch, "孙新", "sx", "110105200001010938", "female", {
      memberNumber: "9900012020093800",
      joinedOn: addMonths(today, -6),
      statusSince: addMonths(today, -6),
    }),
  ]);
  zhang = await memberIdByName(context.db, "张三");
  young = await memberIdByName(context.db, "钱小");
  newcomer = await memberIdByName(context.db, "孙新");
});
afterAll(async () => context.close());

async function state() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select count(*)::int from party_recommendation) as recommendations,
               (select string_agg(coalesce(party_stage, '-'), ',') from party_recommendation) as stages,
               (select count(*)::int from workflow_instance where kind = 'party_recommendation') as instances,
               (select count(*)::int from member_event) as events,
               (select string_agg(coalesce(political_status, '-'), ',' order by id) from member) as statuses,
               (select count(*)::int from audit_log) as audits`,
  );
  return row;
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>,
  status: number,
) {
  const before = await state();
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  expect(await state()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

const body = (memberId: number, overrides: Record<string, unknown> = {}) => ({
  memberId,
  partyApplicationOn: applicationOn,
  meetingHeldOn: meetingOn,
  rollCount: 20,
  attendeesCount: 15,
  votesFor: 12,
  ...overrides,
});

describe("推优入党", () => {
  let id = 0;

  it("lists the branch's members with their eligibility; 401, 404 outside", async () => {
    const url = `/organizations/${context.tree.eastVillage1.id}/party-recommendations/eligible`;
    expect((await sendAs(context.app, undefined, "GET", url)).statusCode).toBe(401);
    const outside = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.westVillage.id}/party-recommendations/eligible`,
    );
    expect(outside.statusCode).toBe(404);
    const response = await sendAs(context.app, secretary, "GET", url);
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json() as { name: string; eligible: boolean; problems: string[]; age: number }[];
    expect(rows.find((row) => row.name === "张三")).toMatchObject({ eligible: true, problems: [] });
    expect(rows.find((row) => row.name === "钱小")).toMatchObject({ eligible: false, age: 17 });
    expect(rows.find((row) => row.name === "孙新")?.problems.join()).toContain("团龄");
  });

  it("refuses, writing nothing: 401, 404 outside, 403 a member, 400 age / League years / application / quorum", async () => {
    await expectNothingWritten(
      () => sendAs(context.app, undefined, "POST", "/party-recommendations", body(zhang)),
      401,
    );
    const westMember = await memberIdByName(context.db, "赵六");
    await expectNothingWritten(
      () => sendAs(context.app, east, "POST", "/party-recommendations", body(westMember)),
      404,
    );
    await expectNothingWritten(
      () => sendAs(context.app, member, "POST", "/party-recommendations", body(zhang)),
      403,
    );
    const age = await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", "/party-recommendations", body(young)),
      400,
    );
    expect(age.error).toMatchObject({ code: "age_out_of_range", field: "memberId" });
    expect(age.error.message).toContain("年龄：");
    const league = await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", "/party-recommendations", body(newcomer)),
      400,
    );
    expect(league.error).toMatchObject({ code: "league_too_short", field: "memberId" });
    const application = await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          secretary,
          "POST",
          "/party-recommendations",
          body(zhang, { partyApplicationOn: addMonths(meetingOn, -5) }),
        ),
      400,
    );
    expect(application.error).toMatchObject({ field: "partyApplicationOn" });
    const quorum = await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          secretary,
          "POST",
          "/party-recommendations",
          body(zhang, { attendeesCount: 10, votesFor: 9 }),
        ),
      400,
    );
    expect(quorum.error).toMatchObject({ code: "meeting_not_quorate", field: "attendeesCount" });
    const shape = await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", "/party-recommendations", body(zhang, { rollCount: 0 })),
      400,
    );
    expect(shape.error.message).toContain("应到人数");
  });

  it("records the recommendation; the committee finds it in the inbox; a second one is refused", async () => {
    const response = await sendAs(context.app, secretary, "POST", "/party-recommendations", body(zhang));
    expect(response.statusCode, response.body).toBe(200);
    const created = response.json() as { id: number; state: string; validUntil: string; version: number };
    id = created.id;
    expect(created).toMatchObject({ state: "awaiting_committee_review", version: 1 });
    expect(created.validUntil).toBe(addDays(addMonths(meetingOn, 24), -1));
    const todos = (await sendAs(context.app, east, "GET", "/todos")).json() as {
      items: { link: string | null }[];
    };
    expect(todos.items.map((item) => item.link)).toContain(`/party-recommendations/${id}`);
    const again = await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", "/party-recommendations", body(zhang)),
      400,
    );
    expect(again.error.code).toBe("already_recommended");
  });

  it("the secretary may not approve; the committee returns with a reason, the branch resubmits, the committee approves", async () => {
    const transition = (session: TestSession | undefined, payload: unknown) =>
      sendAs(context.app, session, "POST", `/party-recommendations/${id}/transitions`, payload);
    const page = await sendAs(context.app, secretary, "GET", `/party-recommendations/${id}`);
    expect(page.json()).toMatchObject({ availableActions: [{ action: "withdraw" }] });
    expect((await sendAs(context.app, east, "GET", `/party-recommendations/${id}`)).json()).toMatchObject({
      availableActions: [{ action: "approve" }, { action: "return" }, { action: "withdraw" }],
    });
    expect((await sendAs(context.app, east, "GET", "/party-recommendations/999999")).statusCode).toBe(404);
    await expectNothingWritten(() => transition(undefined, { action: "approve" }), 401);
    await expectNothingWritten(() => transition(secretary, { action: "approve" }), 403);
    const noReason = await expectNothingWritten(() => transition(east, { action: "return" }), 400);
    expect(noReason.error.field).toContain("reason");
    const returned = await transition(east, { action: "return", reason: "会议记录不全" });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ state: "returned" });
    expect((await transition(secretary, { action: "resubmit" })).json()).toMatchObject({
      state: "awaiting_committee_review",
    });
    const approved = await transition(east, { action: "approve", reason: "同意" });
    expect(approved.json()).toMatchObject({ state: "recommended", version: 4 });
    const detail = (await sendAs(context.app, east, "GET", `/party-recommendations/${id}`)).json();
    expect(detail.history.map((step: { action: string }) => step.action)).toEqual([
      "open",
      "return",
      "resubmit",
      "approve",
    ]);
    expect(detail.history[1].note).toBe("会议记录不全");
    expect(detail).toMatchObject({ availableActions: [], nextStage: "activist" });
  });

  it("records the Party stages in order; probationary makes the member 中共预备党员 on the record", async () => {
    const stage = (session: TestSession | undefined, payload: unknown) =>
      sendAs(context.app, session, "POST", `/party-recommendations/${id}/party-stage`, payload);
    await expectNothingWritten(() => stage(undefined, { stage: "activist", on: today }), 401);
    await expectNothingWritten(() => stage(member, { stage: "activist", on: today }), 403);
    const skipped = await expectNothingWritten(
      () => stage(secretary, { stage: "probationary", on: today }),
      400,
    );
    expect(skipped.error).toMatchObject({ code: "stage_out_of_order", field: "stage" });
    const early = await expectNothingWritten(
      () => stage(secretary, { stage: "activist", on: addDays(meetingOn, -1) }),
      400,
    );
    expect(early.error).toMatchObject({ code: "date_out_of_order", field: "on" });
    expect((await stage(secretary, { stage: "activist", on: addDays(meetingOn, 2) })).statusCode).toBe(200);
    expect(
      (await stage(secretary, { stage: "development_target", on: addDays(meetingOn, 4) })).statusCode,
    ).toBe(200);
    const probationary = await stage(east, { stage: "probationary", on: addDays(meetingOn, 6) });
    expect(probationary.statusCode, probationary.body).toBe(200);
    expect(probationary.json()).toMatchObject({ partyStage: "probationary", nextStage: "full" });
    expect(probationary.json().stages.map((entry: { stage: string }) => entry.stage)).toEqual([
      "activist",
      "development_target",
      "probationary",
    ]);
    const [row] = await queryRows<{ political_status: string; party_joined_on: string }>(
      context.db,
      sql`select political_status, party_joined_on::text as party_joined_on from member where id = ${zhang}`,
    );
    expect(row).toEqual({
      political_status: "probationary_party_member",
      party_joined_on: addDays(meetingOn, 6),
    });
    const full = await expectNothingWritten(() => stage(east, { stage: "full", on: today }), 400);
    expect(full.error.code).toBe("probation_not_over");
    const list = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/party-recommendations`,
    );
    expect(list.json().items).toEqual([expect.objectContaining({ id, partyStage: "probationary" })]);
  });
});

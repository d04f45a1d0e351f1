import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";

/**
 * Cadre records (团干部, issue 13 parts 1 and 3): 401/403/404/400 with nothing written, success, a post
 * filled beyond its count, 配备率 and the profile, placements, training rounds. In order: each test
 * builds on the cadres the previous ones appointed.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

const person = {
  name: "王书记",
  gender: "female",
  birthDate: "1996-03-01",
  phone: "13912345678",
  post: "secretary",
  kind: "full_time",
  sourceChannel: "selected_graduate",
  fromGrassroots: true,
  partyMember: true,
  education: "bachelor",
  startedOn: "2024-01-01",
};

async function state() {
  const [row] = await queryRows<{
    cadres: number;
    placements: number;
    rounds: number;
    attendance: number;
    audits: number;
  }>(
    context.db,
    sql`select (select count(*)::int from cadre) as cadres, (select count(*)::int from cadre_placement) as placements,
      (select count(*)::int from training_round) as rounds, (select count(*)::int from training_attendance) as attendance,
      (select count(*)::int from audit_log where entity_type in ('cadre', 'training_round')) as audits,
      (select string_agg(coalesce(ended_on::text, '-') || post, ',' order by id) from cadre) as posts`,
  );
  return row;
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; json: () => unknown }>,
  status: number,
) {
  const before = await state();
  const response = await send();
  expect(response.statusCode).toBe(status);
  expect(await state()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

const ids = { countySecretary: 0, branchSecretary: 0, round: 0 };

describe("POST /organizations/{id}/cadres", () => {
  it("answers 401, 404 outside the scope, 403 to a reader, 400 naming the field — nothing written", async () => {
    const { tree } = context;
    await expectNothingWritten(
      () => sendAs(context.app, undefined, "POST", `/organizations/${tree.county.id}/cadres`, person),
      401,
    );
    await expectNothingWritten(
      () => sendAs(context.app, east, "POST", `/organizations/${tree.west.id}/cadres`, person),
      404,
    );
    await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", `/organizations/${tree.eastVillage1.id}/cadres`, person),
      403,
    );
    const badPost = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/organizations/${tree.county.id}/cadres`, {
          ...person,
          post: "boss",
        }),
      400,
    );
    expect(badPost.error.field).toBe("post");
    const noName = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/organizations/${tree.county.id}/cadres`, {
          ...person,
          name: undefined,
        }),
      400,
    );
    expect(noName.error.field).toBe("name");
    const badDate = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/organizations/${tree.county.id}/cadres`, {
          ...person,
          startedOn: "2024-02-30",
        }),
      400,
    );
    expect(badDate.error.field).toBe("startedOn");
  });

  it("appoints a county secretary (audited) and refuses a second one, naming the post", async () => {
    const { tree } = context;
    const response = await sendAs(
      context.app,
      county,
      "POST",
      `/organizations/${tree.county.id}/cadres`,
      person,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      name: "王书记",
      post: "secretary",
      postLabel: "书记",
      endedOn: null,
      placements: [],
    });
    ids.countySecretary = body.id;
    const [audit] = await queryRows<{ action: string }>(
      context.db,
      sql`select action from audit_log where entity_type = 'cadre' order by id desc limit 1`,
    );
    expect(audit?.action).toBe("cadre.create");
    const full = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/organizations/${tree.county.id}/cadres`, {
          ...person,
          name: "李书记",
        }),
      400,
    );
    expect(full.error).toMatchObject({ field: "post", code: "post_full" });
    expect(full.error.message).toContain("书记");
  });

  it("appoints a member as a branch secretary from the member's record", async () => {
    const { tree } = context;
    const memberId = await memberIdByName(context.db, "张三");
    const response = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${tree.eastVillage1.id}/cadres`,
      {
        memberId,
        post: "secretary",
        kind: "part_time",
        startedOn: "2025-03-01",
      },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      memberId,
      name: "张三",
      gender: "male",
      birthDate: "2005-01-01",
    });
    ids.branchSecretary = response.json().id;
    const again = await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", `/organizations/${tree.eastVillage1.id}/cadres`, {
          memberId,
          post: "organizer",
          kind: "part_time",
          startedOn: "2025-03-01",
        }),
      409,
    );
    expect(again.error.field).toBe("memberId");
    const outside = await memberIdByName(context.db, "赵六");
    await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", `/organizations/${tree.eastVillage1.id}/cadres`, {
          memberId: outside,
          post: "organizer",
          kind: "part_time",
          startedOn: "2025-03-01",
        }),
      404,
    );
  });
});

describe("reading cadres", () => {
  it("lists with phones masked, reads one with the phone for a reader of personal data; 404 outside", async () => {
    const { tree } = context;
    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${tree.county.id}/cadres?subtree=true`,
    );
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { name: string; phone: string | null }[];
    expect(items.map((each) => each.name)).toEqual(["王书记", "张三"]);
    expect(items[0]?.phone).not.toBe("13912345678");
    const one = await sendAs(context.app, county, "GET", `/cadres/${ids.countySecretary}`);
    expect(one.json().phone).toBe("13912345678");
    expect((await sendAs(context.app, east, "GET", `/cadres/${ids.countySecretary}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, secretary, "GET", `/cadres/${ids.branchSecretary}`)).statusCode).toBe(
      200,
    );
    expect((await sendAs(context.app, member, "GET", `/cadres/${ids.branchSecretary}`)).statusCode).toBe(403);
    expect((await sendAs(context.app, undefined, "GET", `/cadres/${ids.branchSecretary}`)).statusCode).toBe(
      401,
    );
  });

  it("computes 配备率 from the post standard and lists the empty posts", async () => {
    const { tree } = context;
    const response = await sendAs(context.app, county, "GET", `/organizations/${tree.county.id}/staffing`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // County: secretary + 3 deputies; 2 townships: a secretary each; 3 branches: a secretary each.
    expect(body).toMatchObject({ expected: 9, filled: 2, target: 0.9, meetsTarget: false });
    expect(body.own).toEqual([
      { post: "secretary", postLabel: "书记", expected: 1, open: 1, empty: 0 },
      { post: "deputy_secretary", postLabel: "副书记", expected: 3, open: 0, empty: 3 },
    ]);
    expect(body.emptyPostCount).toBe(7);
    const branch = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${tree.eastVillage1.id}/staffing`,
    );
    expect(branch.json()).toMatchObject({ expected: 1, filled: 1, rate: 1, meetsTarget: true });
  });

  it("answers the cadre profile of the subtree", async () => {
    const response = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/cadre-profile`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      count: 2,
      partyMemberShare: 0.5,
      fromGrassrootsShare: 0.5,
      kinds: { full_time: 1, part_time: 1, seconded: 0 },
      sourceChannels: { selected_graduate: 1, other: 1 },
      trainedShare: 0,
    });
  });
});

describe("PATCH, end and placements", () => {
  it("changes a field (audited), refuses a post beyond its count and an end before the start", async () => {
    const patched = await sendAs(context.app, county, "PATCH", `/cadres/${ids.countySecretary}`, {
      kind: "seconded",
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().kind).toBe("seconded");
    await expectNothingWritten(
      () => sendAs(context.app, secretary, "PATCH", `/cadres/${ids.branchSecretary}`, { kind: "full_time" }),
      403,
    );
    const early = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/cadres/${ids.countySecretary}/end`, { endedOn: "2023-12-31" }),
      400,
    );
    expect(early.error.field).toBe("endedOn");
  });

  it("records placements of at least 3 months, 1 for a new cadre (Wangcang task 4)", async () => {
    const short = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/cadres/${ids.countySecretary}/placements`, {
          kind: "exchange",
          hostName: "东乡团委",
          startsOn: "2026-01-10",
          endsOn: "2026-04-09",
        }),
      400,
    );
    expect(short.error.field).toBe("endsOn");
    expect(short.error.message).toContain("3个月");
    const reversed = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/cadres/${ids.countySecretary}/placements`, {
          kind: "exchange",
          hostName: "东乡团委",
          startsOn: "2026-01-10",
          endsOn: "2026-01-01",
        }),
      400,
    );
    expect(reversed.error.field).toBe("endsOn");
    const ok = await sendAs(context.app, county, "POST", `/cadres/${ids.countySecretary}/placements`, {
      kind: "exchange",
      hostName: "东乡团委",
      startsOn: "2026-01-10",
      endsOn: "2026-04-10",
    });
    expect(ok.statusCode).toBe(200);
    const newCadre = await sendAs(context.app, east, "POST", `/cadres/${ids.branchSecretary}/placements`, {
      kind: "secondment",
      hostName: "团县委",
      startsOn: "2025-06-01",
      endsOn: "2025-07-01",
    });
    expect(newCadre.statusCode).toBe(200);
  });

  it("ends a post; the post is empty again and a new secretary may be appointed", async () => {
    const ended = await sendAs(context.app, county, "POST", `/cadres/${ids.countySecretary}/end`, {
      endedOn: "2026-06-30",
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().endedOn).toBe("2026-06-30");
    await expectNothingWritten(
      () =>
        sendAs(context.app, county, "POST", `/cadres/${ids.countySecretary}/end`, { endedOn: "2026-07-01" }),
      422,
    );
    const next = await sendAs(
      context.app,
      county,
      "POST",
      `/organizations/${context.tree.county.id}/cadres`,
      {
        ...person,
        name: "李书记",
        startedOn: "2026-07-01",
      },
    );
    expect(next.statusCode).toBe(200);
    const withEnded = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/cadres?includeEnded=true`,
    );
    expect(withEnded.json().items).toHaveLength(2);
  });
});

describe("training rounds 轮训", () => {
  it("creates a round, records attendance within its subtree, lists the untrained", async () => {
    const { tree } = context;
    await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", `/organizations/${tree.east.id}/training-rounds`, {
          title: "轮训",
          startsOn: "2026-03-02",
          endsOn: "2026-03-01",
        }),
      400,
    );
    const round = await sendAs(context.app, east, "POST", `/organizations/${tree.east.id}/training-rounds`, {
      title: "2026年春季团干部轮训",
      startsOn: "2026-03-01",
      endsOn: "2026-03-03",
    });
    expect(round.statusCode).toBe(200);
    ids.round = round.json().id;
    const outside = await expectNothingWritten(
      () =>
        sendAs(context.app, county, "PUT", `/training-rounds/${ids.round}/attendance`, {
          cadreIds: [ids.countySecretary],
        }),
      400,
    );
    expect(outside.error.field).toBe("cadreIds");
    await expectNothingWritten(
      () =>
        sendAs(context.app, east, "PUT", `/training-rounds/${ids.round}/attendance`, {
          cadreIds: [ids.countySecretary],
        }),
      404,
    );
    const untrainedBefore = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${tree.east.id}/untrained-cadres`,
    );
    expect(untrainedBefore.json().items.map((each: { id: number }) => each.id)).toEqual([
      ids.branchSecretary,
    ]);
    const put = await sendAs(context.app, east, "PUT", `/training-rounds/${ids.round}/attendance`, {
      cadreIds: [ids.branchSecretary],
    });
    expect(put.json()).toEqual({ roundId: ids.round, cadreIds: [ids.branchSecretary] });
    const untrained = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${tree.east.id}/untrained-cadres`,
    );
    expect(untrained.json().items).toEqual([]);
    const later = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${tree.east.id}/untrained-cadres?since=2026-06-01`,
    );
    expect(later.json().items).toHaveLength(1);
    const rounds = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${tree.east.id}/training-rounds`,
    );
    expect(rounds.statusCode).toBe(404);
    const own = await sendAs(context.app, east, "GET", `/organizations/${tree.east.id}/training-rounds`);
    expect(own.json().items[0]).toMatchObject({ attendeeCount: 1 });
  });
});

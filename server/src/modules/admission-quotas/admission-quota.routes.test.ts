import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createOrganizationRow, createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";

/**
 * GET/PUT /organizations/{id}/admission-quotas…, reclaim and the unused report (发展名额, issue 10
 * part 4). The tests run in order: each builds on the quotas the previous ones allotted.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
const YEAR = 2026;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

const put = (session: TestSession | undefined, id: number, body: unknown, year: number | string = YEAR) =>
  sendAs(context.app, session, "PUT", `/organizations/${id}/admission-quotas/${year}`, body);
const reclaim = (session: TestSession | undefined, id: number, body: unknown = {}) =>
  sendAs(context.app, session, "POST", `/organizations/${id}/admission-quotas/${YEAR}/reclaim`, body);
const overview = (session: TestSession | undefined, id: number) =>
  sendAs(context.app, session, "GET", `/organizations/${id}/admission-quotas?year=${YEAR}`);

/** Every quota row and audit entry of the quotas, to compare before and after a refused write. */
async function quotaState() {
  const quotas = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select organization_id, amount, used, sub_allotted from admission_quota order by id`,
  );
  const audits = await queryRows<{ count: number }>(
    context.db,
    sql`select count(*)::int as count from audit_log where entity_type = 'admission_quota'`,
  );
  return { quotas, audits: Number(audits[0]?.count) };
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; json: () => unknown }>,
  status: number,
) {
  const before = await quotaState();
  const response = await send();
  expect(response.statusCode).toBe(status);
  expect(await quotaState()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

describe("PUT /organizations/{id}/admission-quotas/{year}", () => {
  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the field — nothing written", async () => {
    const { tree } = context;
    await expectNothingWritten(() => put(undefined, tree.county.id, { amount: 10 }), 401);
    await expectNothingWritten(() => put(east, tree.west.id, { amount: 1 }), 404);
    await expectNothingWritten(() => put(member, tree.eastVillage1.id, { amount: 1 }), 403);
    const negative = await expectNothingWritten(() => put(county, tree.county.id, { amount: -1 }), 400);
    expect(negative.error.field).toBe("amount");
    const text = await expectNothingWritten(() => put(county, tree.county.id, { amount: "十" }), 400);
    expect(text.error.field).toBe("amount");
    const year = await expectNothingWritten(() => put(county, tree.county.id, { amount: 1 }, "abc"), 400);
    expect(year.error.field).toBe("year");
  });

  it("refuses an allotment before the county set its total (422), then the county sets it", async () => {
    const refused = await expectNothingWritten(() => put(county, context.tree.east.id, { amount: 3 }), 422);
    expect(refused.error.code).toBe("no_parent_quota");
    const response = await put(county, context.tree.county.id, { amount: 10 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      quota: { amount: 10, used: 0, subAllotted: 0, available: 10, parentQuotaId: null },
      parentQuota: null,
    });
  });

  it("lets the county allot a township and keeps the county's sub-allotted in step", async () => {
    const response = await put(county, context.tree.east.id, { amount: 6 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      quota: {
        organizationId: context.tree.east.id,
        amount: 6,
        available: 6,
        allottedBy: { id: context.tree.county.id },
      },
      parentQuota: { amount: 10, subAllotted: 6, available: 4 },
    });
    const lowered = await put(county, context.tree.east.id, { amount: 5 });
    expect(lowered.json().parentQuota).toMatchObject({ subAllotted: 5, available: 5 });
    expect((await put(county, context.tree.east.id, { amount: 6 })).statusCode).toBe(200);
  });

  it("refuses over-allotment beyond the parent's available places, naming amount — nothing written", async () => {
    const over = await expectNothingWritten(() => put(county, context.tree.west.id, { amount: 5 }), 400);
    expect(over.error).toMatchObject({ field: "amount", code: "invalid_amount" });
    expect(over.error.message).toContain("最多可分配4个");
  });

  it("lets the township sub-allot to its branch, but never raise its own allotment (403)", async () => {
    await expectNothingWritten(() => put(east, context.tree.east.id, { amount: 8 }), 403);
    const response = await put(east, context.tree.eastVillage1.id, { amount: 4 });
    expect(response.statusCode).toBe(200);
    expect(response.json().parentQuota).toMatchObject({
      organizationId: context.tree.east.id,
      subAllotted: 4,
    });
    const over = await expectNothingWritten(
      () => put(east, context.tree.eastVillage1.id, { amount: 7 }),
      400,
    );
    expect(over.error.message).toContain("最多可分配6个");
    const belowSubAllotted = await expectNothingWritten(
      () => put(county, context.tree.east.id, { amount: 3 }),
      400,
    );
    expect(belowSubAllotted.error.message).toContain("不能少于已使用和已下达的4个");
  });

  it("lets only a committee above change a quota written without a parent below the county", async () => {
    await context.db.execute(
      sql`insert into admission_quota (organization_id, year, amount) values (${context.tree.east.id}, 2030, 3)`,
    );
    await expectNothingWritten(() => put(east, context.tree.east.id, { amount: 9 }, 2030), 403);
    const response = await put(county, context.tree.east.id, { amount: 5 }, 2030);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ quota: { amount: 5, parentQuotaId: null }, parentQuota: null });
  });

  it("never over-allots under concurrent allotments: each answers 200, 400 or 409, the sum stays within", async () => {
    const townships = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        createOrganizationRow(context.db, {
          parent: context.tree.county,
          name: `并发${n}镇团委`,
          level: "township",
        }),
      ),
    );
    const responses = await Promise.all(townships.map((township) => put(county, township.id, { amount: 2 })));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.every((status) => [200, 400, 409].includes(status))).toBe(true);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    const [row] = await queryRows<{ amount: number; sub_allotted: number; allotted: number }>(
      context.db,
      sql`select q.amount, q.sub_allotted,
                 (select coalesce(sum(c.amount), 0)::int from admission_quota c where c.parent_quota_id = q.id) as allotted
            from admission_quota q where q.organization_id = ${context.tree.county.id}`,
    );
    expect(row).toMatchObject({ amount: 10, sub_allotted: 10, allotted: 10 });
    for (const township of townships) {
      await sendAs(
        context.app,
        county,
        "POST",
        `/organizations/${township.id}/admission-quotas/${YEAR}/reclaim`,
        {},
      );
    }
  });
});

describe("GET /organizations/{id}/admission-quotas and /unused", () => {
  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the year", async () => {
    expect((await overview(undefined, context.tree.county.id)).statusCode).toBe(401);
    expect((await overview(east, context.tree.west.id)).statusCode).toBe(404);
    expect((await overview(member, context.tree.eastVillage1.id)).statusCode).toBe(403);
    const bad = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/admission-quotas?year=1800`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("year");
    expect(
      (
        await sendAs(
          context.app,
          member,
          "GET",
          `/organizations/${context.tree.eastVillage1.id}/admission-quotas/unused`,
        )
      ).statusCode,
    ).toBe(403);
  });

  it("shows the quota with each child's allotment and unused places", async () => {
    const response = await overview(county, context.tree.county.id);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.quota).toMatchObject({ amount: 10, subAllotted: 6, available: 4 });
    const byName = Object.fromEntries(
      body.allotments.map((item: { organizationName: string; quota: unknown }) => [
        item.organizationName,
        item.quota,
      ]),
    );
    expect(byName.东河镇团委).toMatchObject({ amount: 6, subAllotted: 4, available: 2 });
    expect(byName.西河镇团委).toBeNull();
    expect(body.unusedInAllotments).toBe(2);
  });

  it("reports unused places per quota of the subtree", async () => {
    const response = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/admission-quotas/unused?year=${YEAR}`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.items.map((item: { organizationId: number; available: number }) => [
        item.organizationId,
        item.available,
      ]),
    ).toEqual([
      [context.tree.east.id, 2],
      [context.tree.eastVillage1.id, 4],
    ]);
    expect(body.totalUnused).toBe(6);
  });
});

describe("POST /organizations/{id}/admission-quotas/{year}/reclaim", () => {
  it("answers 401, 404 outside the scope, 403 below the allotting committee, 400 beyond the unused places", async () => {
    const village = context.tree.eastVillage1.id;
    await expectNothingWritten(() => reclaim(undefined, village), 401);
    await expectNothingWritten(() => reclaim(east, context.tree.west.id), 404);
    await expectNothingWritten(() => reclaim(secretary, village), 403);
    const over = await expectNothingWritten(() => reclaim(east, village, { amount: 5 }), 400);
    expect(over.error).toMatchObject({ field: "amount" });
    expect(over.error.message).toContain("最多可回收4个");
    const zero = await expectNothingWritten(() => reclaim(east, village, { amount: 0 }), 400);
    expect(zero.error.field).toBe("amount");
    const top = await expectNothingWritten(() => reclaim(county, context.tree.county.id), 422);
    expect(top.error.code).toBe("top_quota");
  });

  it("moves unused places back into the allotting quota, audited", async () => {
    const response = await reclaim(east, context.tree.eastVillage1.id, { amount: 3 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      reclaimed: 3,
      quota: { amount: 1, available: 1 },
      parentQuota: { organizationId: context.tree.east.id, amount: 6, subAllotted: 1, available: 5 },
    });
    const all = await reclaim(county, context.tree.east.id);
    expect(all.json()).toMatchObject({ reclaimed: 5, quota: { amount: 1, subAllotted: 1, available: 0 } });
    const [audit] = await queryRows<{ action: string; after: { reclaimed: number } }>(
      context.db,
      sql`select action, after from audit_log where entity_type = 'admission_quota' order by id desc limit 1`,
    );
    expect(audit).toMatchObject({ action: "admission_quota.reclaim", after: { reclaimed: 5 } });
    const nothing = await expectNothingWritten(() => reclaim(county, context.tree.east.id), 422);
    expect(nothing.error.code).toBe("nothing_to_reclaim");
  });
});

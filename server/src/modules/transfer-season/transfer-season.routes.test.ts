import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { expectSeasonRefused } from "./transfer-season.test-support";

/** Graduation date, season settings and 流动团员 (issue 11 parts 4–5). */

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

describe("PUT /organizations/{id}/graduation-date", () => {
  const put = (session: TestSession | undefined, id: number, body: unknown) =>
    sendAs(context.app, session, "PUT", `/organizations/${id}/graduation-date`, body);

  it("refuses 401, 403, 404, 422 for a committee and 400 naming the field, writing nothing", async () => {
    const branch = context.tree.eastVillage1.id;
    await expectSeasonRefused(context.db, () => put(undefined, branch, { graduatesOn: "2026-06-30" }), 401);
    await expectSeasonRefused(context.db, () => put(member, branch, { graduatesOn: "2026-06-30" }), 403);
    await expectSeasonRefused(
      context.db,
      () => put(secretary, context.tree.westVillage.id, { graduatesOn: "2026-06-30" }),
      404,
    );
    await expectSeasonRefused(
      context.db,
      () => put(east, context.tree.east.id, { graduatesOn: "2026-06-30" }),
      422,
      {
        code: "graduation_date_branch_only",
      },
    );
    await expectSeasonRefused(context.db, () => put(secretary, branch, { graduatesOn: "2026-02-30" }), 400, {
      field: "graduatesOn",
    });
  });

  it("sets and clears a class's graduation date, audited", async () => {
    const branch = context.tree.eastVillage1.id;
    const response = await put(secretary, branch, { graduatesOn: "2026-06-30" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ organizationId: branch, graduatesOn: "2026-06-30" });
    expect(await latestAuditEntry(context.db, "organization.graduation_date")).toMatchObject({
      entityId: String(branch),
    });
    const detail = await sendAs(context.app, secretary, "GET", `/organizations/${branch}`);
    expect(detail.json().graduatesOn).toBe("2026-06-30");
    const cleared = await put(secretary, branch, { graduatesOn: null });
    expect(cleared.json().graduatesOn).toBeNull();
  });
});

describe("GET/PUT /organizations/{id}/transfer-seasons/{year}", () => {
  const settings = {
    initiatedBy: "2026-08-15",
    approvedBy: "2026-09-20",
    completedBy: "2026-10-20",
    mobileBranchMonths: 9,
  };
  const put = (session: TestSession | undefined, id: number, body: unknown, year = 2026) =>
    sendAs(context.app, session, "PUT", `/organizations/${id}/transfer-seasons/${year}`, body);

  it("answers the default (31 Aug / 30 Sep / 31 Oct, 6 months) until a committee sets its own", async () => {
    const response = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/transfer-seasons/2026`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      year: 2026,
      initiatedBy: "2026-08-31",
      approvedBy: "2026-09-30",
      completedBy: "2026-10-31",
      mobileBranchMonths: 6,
      fromOrganizationId: null,
      own: false,
    });
  });

  it("refuses 401, 403, 404, 422 at a branch and 400 naming the field, writing nothing", async () => {
    await expectSeasonRefused(context.db, () => put(undefined, context.tree.county.id, settings), 401);
    await expectSeasonRefused(context.db, () => put(member, context.tree.eastVillage1.id, settings), 403);
    await expectSeasonRefused(context.db, () => put(east, context.tree.county.id, settings), 404);
    await expectSeasonRefused(context.db, () => put(secretary, context.tree.eastVillage1.id, settings), 422, {
      code: "season_committee_only",
    });
    await expectSeasonRefused(
      context.db,
      () => put(county, context.tree.county.id, { ...settings, mobileBranchMonths: 13 }),
      400,
      { field: "mobileBranchMonths" },
    );
    await expectSeasonRefused(
      context.db,
      () => put(county, context.tree.county.id, { ...settings, completedBy: "2026-09-01" }),
      400,
      { field: "completedBy" },
    );
    await expectSeasonRefused(context.db, () => put(county, context.tree.county.id, settings, 1999), 400);
  });

  it("sets the county's season; the branches below follow it; a second PUT replaces it", async () => {
    const response = await put(county, context.tree.county.id, settings);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ...settings, own: true });
    expect(await latestAuditEntry(context.db, "transfer.season")).toMatchObject({
      entityId: String(context.tree.county.id),
    });
    const below = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/transfer-seasons/2026`,
    );
    expect(below.json()).toMatchObject({
      ...settings,
      fromOrganizationId: context.tree.county.id,
      own: false,
    });
    await put(county, context.tree.county.id, { ...settings, mobileBranchMonths: 12 });
    const again = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/transfer-seasons/2026`,
    );
    expect(again.json().mobileBranchMonths).toBe(12);
  });
});

describe("流动团员: POST /members/{id}/flows, GET /organizations/{id}/member-flows, POST /member-flows/{id}/end", () => {
  const start = (session: TestSession | undefined, memberId: number, body: unknown) =>
    sendAs(context.app, session, "POST", `/members/${memberId}/flows`, body);
  const flow = () => ({
    inflowOrganizationId: context.tree.westVillage.id,
    since: "2026-07-01",
    until: "2026-12-31",
  });

  it("refuses 401, 403, 404, 400 naming the field, writing nothing", async () => {
    const zhang = await memberIdByName(context.db, "张三");
    const zhao = await memberIdByName(context.db, "赵六");
    await expectSeasonRefused(context.db, () => start(undefined, zhang, flow()), 401);
    await expectSeasonRefused(context.db, () => start(member, zhang, flow()), 403);
    await expectSeasonRefused(context.db, () => start(secretary, zhao, flow()), 404);
    await expectSeasonRefused(
      context.db,
      () => start(secretary, zhang, { ...flow(), until: "2026-06-01" }),
      400,
      {
        field: "until",
      },
    );
    await expectSeasonRefused(
      context.db,
      () => start(secretary, zhang, { ...flow(), inflowOrganizationId: context.tree.eastVillage1.id }),
      400,
      { field: "inflowOrganizationId" },
    );
    await expectSeasonRefused(
      context.db,
      () => start(secretary, zhang, { ...flow(), since: "2026-13-01" }),
      400,
      {
        field: "since",
      },
    );
  });

  it("sets up a flow seen by both sides (counted once, in the outflow branch) and ended by the inflow side", async () => {
    const zhang = await memberIdByName(context.db, "张三");
    const created = await start(secretary, zhang, flow());
    expect(created.statusCode, created.body).toBe(201);
    const flowId = created.json().id;
    expect(created.json()).toMatchObject({
      memberName: "张三",
      outflowOrganizationId: context.tree.eastVillage1.id,
      inflowOrganizationId: context.tree.westVillage.id,
      until: "2026-12-31",
      endedOn: null,
    });
    expect(await latestAuditEntry(context.db, "member_flow.start")).toMatchObject({
      entityId: String(zhang),
    });
    await expectSeasonRefused(context.db, () => start(secretary, zhang, flow()), 409, { code: "flow_open" });

    const outflow = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/member-flows?direction=outflow`,
    );
    expect(outflow.json().items.map((item: { id: number }) => item.id)).toEqual([flowId]);
    // The inflow side (the county sees west) sees it too; east sees nothing flowing in.
    const inflow = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.westVillage.id}/member-flows?direction=inflow`,
    );
    expect(inflow.json().total).toBe(1);
    const eastIn = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/member-flows?direction=inflow`,
    );
    expect(eastIn.json().total).toBe(0);
    expect(
      (await sendAs(context.app, east, "GET", `/organizations/${context.tree.west.id}/member-flows`))
        .statusCode,
    ).toBe(404);
    // Counted once: the member stays in the outflow branch.
    const record = await sendAs(context.app, secretary, "GET", `/members/${zhang}`);
    expect(record.json().organizationId ?? record.json().organization?.id).toBe(context.tree.eastVillage1.id);

    const end = (session: TestSession | undefined, body: unknown) =>
      sendAs(context.app, session, "POST", `/member-flows/${flowId}/end`, body);
    await expectSeasonRefused(context.db, () => end(undefined, { endedOn: "2026-09-01" }), 401);
    await expectSeasonRefused(context.db, () => end(member, { endedOn: "2026-09-01" }), 403);
    await expectSeasonRefused(context.db, () => end(secretary, { endedOn: "2026-06-01" }), 400, {
      field: "endedOn",
    });
    const westOnly = await sendAs(context.app, east, "POST", `/member-flows/999999/end`, {
      endedOn: "2026-09-01",
    });
    expect(westOnly.statusCode).toBe(404);
    const ended = await end(county, { endedOn: "2026-09-01" });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().endedOn).toBe("2026-09-01");
    await expectSeasonRefused(context.db, () => end(secretary, { endedOn: "2026-09-02" }), 409, {
      code: "flow_ended",
    });
  });
});

describe("GET /organizations/{id}/transfer-worklist and /transfer-backlog", () => {
  it("answers 401, 403 (a member cannot read members), 404 outside the subtree, 400 for a bad filter", async () => {
    const url = `/organizations/${context.tree.east.id}/transfer-worklist`;
    expect((await sendAs(context.app, undefined, "GET", url)).statusCode).toBe(401);
    expect((await sendAs(context.app, member, "GET", url)).statusCode).toBe(403);
    expect(
      (await sendAs(context.app, east, "GET", `/organizations/${context.tree.west.id}/transfer-worklist`))
        .statusCode,
    ).toBe(404);
    expect((await sendAs(context.app, east, "GET", `${url}?state=sleeping`)).statusCode).toBe(400);
    expect(
      (await sendAs(context.app, east, "GET", `/organizations/${context.tree.west.id}/transfer-backlog`))
        .statusCode,
    ).toBe(404);
    const empty = await sendAs(context.app, east, "GET", url);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ total: 0, overdue: 0, items: [] });
  });
});

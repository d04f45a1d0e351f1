import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { createOrganizationRow, createTestUser, logInEach, type TestSession } from "../../test/factories";
import {
  createMemberThroughApi,
  eventKindsOf,
  historyOf,
  memberRecordInput,
  personRecord,
  sendAs,
} from "../../test/member-factories";
import { insertAttachment } from "../archive/attachment.repository";
import { insertAward } from "../archive/award.repository";
import { insertStatusRequest } from "../member-status/member-status.repository";
import { insertCorrectionRequest } from "../members/member-record.repository";
import {
  createTransferWorld,
  expectFiguresEqualRecount,
  startOk,
  transferStep,
  transferStepOk,
} from "./transfers.test-support";

/**
 * A transfer to a branch of another county (issue 19; docs/SCALING.md "Workflows on Citus"), on every
 * engine: 张三 of 东一村 (the test county, a root) moves to 邻县一村 of 团邻县委 (under 团测试市委). On
 * PostgreSQL and PGlite the member's county changes in place (triggers); on Citus the member's rows move
 * to the receiving county's shard group (members/member-relocation.repository). Either way: the member
 * reads in the receiving county and no longer in the sending one, with the same id, history, archive,
 * attachments, awards and requests; county_locator and both registries name the new county; the
 * counters of both counties, the city and the townships equal a recount; the steps are audited. A
 * failure injected at the completion's last write leaves everything as it was.
 */

/** Where each of the member's rows says it lives (county_id), by table; the locator and registries. */
async function countiesOf(db: Parameters<typeof queryRows>[0], memberId: number) {
  const rows = await queryRows<{ place: string; county_id: number }>(
    db,
    sql`select 'member' as place, county_id from member where id = ${memberId}
        union all select 'member_history', county_id from member_history where member_id = ${memberId}
        union all select 'member_event', county_id from member_event where member_id = ${memberId}
        union all select 'member_attachment', county_id from member_attachment where member_id = ${memberId}
        union all select 'member_award', county_id from member_award where member_id = ${memberId}
        union all select 'member_status_request', county_id from member_status_request where member_id = ${memberId}
        union all select 'member_correction_request', county_id from member_correction_request
                   where member_id = ${memberId}
        union all select 'locator:' || kind, county_id from county_locator
                   where (kind = 'member' and id = ${memberId})
                      or (kind = 'member_status_request'
                          and id in (select id from member_status_request where member_id = ${memberId}))
                      or (kind = 'member_correction_request'
                          and id in (select id from member_correction_request where member_id = ${memberId}))
        union all select 'citizen_id_registry', county_id from citizen_id_registry where member_id = ${memberId}
        union all select 'member_number_registry', county_id from member_number_registry
                   where member_id = ${memberId}`,
  );
  const places = new Map<string, Set<number>>();
  for (const row of rows) {
    const set = places.get(row.place) ?? new Set<number>();
    set.add(Number(row.county_id));
    places.set(row.place, set);
  }
  return Object.fromEntries([...places].map(([place, set]) => [place, [...set].sort()]));
}

/** The member's rows (ids and contents) in every family table, without county_id, for a before/after. */
async function familyOf(db: Parameters<typeof queryRows>[0], memberId: number) {
  const tables = [
    "member_history",
    "member_event",
    "member_attachment",
    "member_award",
    "member_status_request",
    "member_correction_request",
  ];
  const family: Record<string, unknown[]> = {};
  for (const table of tables) {
    family[table] = await queryRows(
      db,
      sql`select to_jsonb(t) - 'county_id' as row from ${sql.identifier(table)} t
           where member_id = ${memberId} order by id`,
    );
  }
  return family;
}

/** The member's row without the columns a completed transfer changes. */
async function memberRowOf(db: Parameters<typeof queryRows>[0], memberId: number) {
  const [row] = await queryRows<{ row: Record<string, unknown> }>(
    db,
    sql`select to_jsonb(m) - 'county_id' - 'organization_id' - 'status' - 'status_since' - 'updated_at' as row
          from member m where id = ${memberId}`,
  );
  return row?.row;
}

describe("a transfer to a branch of another county", () => {
  let world: Awaited<ReturnType<typeof createTransferWorld>>;
  let neighborSecretary: TestSession;
  let neighbor: TestSession;
  let city: Awaited<ReturnType<typeof createOrganizationRow>>;
  let neighborCounty: Awaited<ReturnType<typeof createOrganizationRow>>;
  let neighborBranch: Awaited<ReturnType<typeof createOrganizationRow>>;
  let transferId: number;
  let version: number;

  const db = () => world.context.db;
  const tree = () => world.context.tree;
  /** Both counties, the city, the sending township and both branches: counters equal a recount. */
  const figuresEqualRecount = () =>
    expectFiguresEqualRecount(db(), [
      tree().county,
      tree().east,
      tree().eastVillage1,
      city,
      neighborCounty,
      neighborBranch,
    ]);

  beforeAll(async () => {
    world = await createTransferWorld();
    city = await createOrganizationRow(db(), { name: "共青团测试市委员会", level: "city", code: "990100" });
    neighborCounty = await createOrganizationRow(db(), {
      parent: city,
      name: "共青团邻县委员会",
      shortName: "团邻县委",
      level: "county",
      code: "990102",
    });
    neighborBranch = await createOrganizationRow(db(), {
      parent: neighborCounty,
      kind: "branch",
      name: "邻县一村团支部",
    });
    await createTestUser(db(), "neighbor", "org_admin", neighborCounty.id);
    await createTestUser(db(), "neighborsec", "branch_secretary", neighborBranch.id);
    [neighbor, neighborSecretary] = (await logInEach(world.context.app, ["neighbor", "neighborsec"])) as [
      TestSession,
      TestSession,
    ];
    // The member's family beyond history and events: an attachment with an award, two requests.
    const zhang = world.zhang;
    const attachment = await insertAttachment(db(), {
      memberId: zhang,
      kind: "award_certificate",
      sha256: "0".repeat(64),
      byteSize: 10,
      mediaType: "application/pdf",
      fileName: "证书.pdf",
      uploadedByName: "测试",
    });
    await insertAward(db(), {
      memberId: zhang,
      kind: "league_award",
      title: "优秀共青团员",
      grantedOn: "2025-05-04",
      grantingBody: "团测试县委",
      recordedByName: "测试",
      attachmentId: attachment.id,
    });
    const statusRequest = await insertStatusRequest(db(), {
      memberId: zhang,
      fromStatus: "active",
      toStatus: "lapsed",
      targetOrganizationId: null,
      reason: "测试",
      effectiveOn: "2026-01-01",
      requestedBy: null,
      requestedByName: "测试",
    });
    await db().execute(sql`update member_status_request set state = 'withdrawn'
                             where county_id = ${tree().county.countyId} and id = ${statusRequest}`);
    const correction = await insertCorrectionRequest(db(), {
      memberId: zhang,
      changes: { name: { from: "张三", to: "张叁" } },
      reason: "测试",
      requestedBy: null,
      requestedByName: "测试",
    });
    await db().execute(sql`update member_correction_request set state = 'returned'
                             where county_id = ${tree().county.countyId} and id = ${correction.id}`);
  }, 120_000);
  afterAll(async () => world?.context.close());

  it("starts and is approved by the sending side and accepted by the receiving branch", async () => {
    expect(tree().county.countyId).not.toBe(neighborCounty.countyId);
    const started = await startOk(world.context.app, world.secretary, {
      memberId: world.zhang,
      toOrganizationId: neighborBranch.id,
    });
    transferId = started.id;
    version = await transferStepOk(world.context.app, world.east, transferId, "approve_sending_committee", 1);
    version = await transferStepOk(
      world.context.app,
      neighborSecretary,
      transferId,
      "accept_receiving",
      version,
    );
    await figuresEqualRecount();
  });

  it("leaves everything as it was when the completion fails at its last write", async () => {
    const countiesBefore = await countiesOf(db(), world.zhang);
    const familyBefore = await familyOf(db(), world.zhang);
    const memberBefore = await memberRowOf(db(), world.zhang);
    // The completion's last effect closes member_transfer: a trigger refuses it (after the member moved).
    await db().transaction(async (tx) => {
      if (await isDistributed(tx)) await tx.execute(sql`set local citus.enable_unsafe_triggers = on`);
      await tx.execute(sql`create function xfer_test_refuse() returns trigger language plpgsql as $$
        begin raise exception 'xfer test: injected failure'; end $$`);
      await tx.execute(sql`create trigger xfer_test_refuse before update of completed_on on member_transfer
        for each row when (new.completed_on is not null) execute function xfer_test_refuse()`);
    });
    try {
      const response = await transferStep(
        world.context.app,
        neighbor,
        transferId,
        "approve_receiving_committee",
        version,
      );
      expect(response.statusCode, response.body).toBe(500);
    } finally {
      await db().transaction(async (tx) => {
        if (await isDistributed(tx)) await tx.execute(sql`set local citus.enable_unsafe_triggers = on`);
        await tx.execute(sql`drop trigger xfer_test_refuse on member_transfer`);
        await tx.execute(sql`drop function xfer_test_refuse()`);
      });
    }
    expect(await countiesOf(db(), world.zhang)).toEqual(countiesBefore);
    expect(await familyOf(db(), world.zhang)).toEqual(familyBefore);
    expect(await memberRowOf(db(), world.zhang)).toEqual(memberBefore);
    const [row] = await queryRows<{ organization_id: number; status: string }>(
      db(),
      sql`select organization_id, status from member where id = ${world.zhang}`,
    );
    expect(row).toMatchObject({ organization_id: tree().eastVillage1.id, status: "transferring" });
    await figuresEqualRecount();
  });

  it("completes: the member reads in the receiving county with the same id and records, counters exact", async () => {
    const sending = tree().county.countyId;
    const receiving = neighborCounty.countyId;
    const familyBefore = await familyOf(db(), world.zhang);
    const memberBefore = await memberRowOf(db(), world.zhang);
    expect((await countiesOf(db(), world.zhang)).member).toEqual([sending]);
    const totalsBefore = await figuresEqualRecount();

    await transferStepOk(world.context.app, neighbor, transferId, "approve_receiving_committee", version);

    // Every row of the member, its locations and its registrations name the receiving county.
    const counties = await countiesOf(db(), world.zhang);
    expect(Object.keys(counties).sort()).toEqual(
      [
        "citizen_id_registry",
        "locator:member",
        "locator:member_correction_request",
        "locator:member_status_request",
        "member",
        "member_attachment",
        "member_award",
        "member_correction_request",
        "member_event",
        "member_history",
        "member_number_registry",
        "member_status_request",
      ].sort(),
    );
    for (const [place, ids] of Object.entries(counties)) expect(ids, place).toEqual([receiving]);
    // Same ids and contents; history closed in the old branch and opened in the new one.
    expect(await memberRowOf(db(), world.zhang)).toEqual(memberBefore);
    const familyAfter = await familyOf(db(), world.zhang);
    for (const table of [
      "member_attachment",
      "member_award",
      "member_status_request",
      "member_correction_request",
    ]) {
      expect(familyAfter[table], table).toEqual(familyBefore[table]);
    }
    const history = await historyOf(db(), world.zhang);
    expect(history.at(-1)).toMatchObject({
      organizationId: neighborBranch.id,
      status: "active",
      validTo: null,
    });
    expect(history.at(-2)).toMatchObject({ organizationId: tree().eastVillage1.id });
    expect(await eventKindsOf(db(), world.zhang)).toEqual(
      expect.arrayContaining(["transfer_started", "transfer_step", "transfer_finished"]),
    );

    // The receiving side reads the member; the sending side no longer lists nor reads them.
    expect(
      (await sendAs(world.context.app, neighbor, "GET", `/members/${world.zhang}`)).json(),
    ).toMatchObject({
      id: world.zhang,
      organizationId: neighborBranch.id,
      status: "active",
    });
    expect(
      (await sendAs(world.context.app, world.secretary, "GET", `/members/${world.zhang}`)).statusCode,
    ).toBe(404);
    const listed = await sendAs(
      world.context.app,
      world.county,
      "GET",
      `/organizations/${tree().county.id}/members`,
    );
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((item: { id: number }) => item.id)).not.toContain(world.zhang);
    const theirs = await sendAs(
      world.context.app,
      neighbor,
      "GET",
      `/organizations/${neighborCounty.id}/members`,
    );
    expect(theirs.json().items.map((item: { id: number }) => item.id)).toContain(world.zhang);

    // Counters: one fewer in the test county and its township and branch, one more in the neighbor
    // county, its branch and the city — each equal to a recount.
    const totalsAfter = await figuresEqualRecount();
    expect(totalsAfter).toEqual([
      (totalsBefore?.[0] ?? 0) - 1,
      (totalsBefore?.[1] ?? 0) - 1,
      (totalsBefore?.[2] ?? 0) - 1,
      (totalsBefore?.[3] ?? 0) + 1,
      (totalsBefore?.[4] ?? 0) + 1,
      (totalsBefore?.[5] ?? 0) + 1,
    ]);

    // Audited: the start and every step of the engine, the last one included.
    const audits = await queryRows<{ action: string }>(
      db(),
      sql`select action from audit_log
           where (entity_type = 'member_transfer' and entity_id = ${transferId})
              or action = 'workflow.transition'
           order by id`,
    );
    const actions = audits.map((audit) => audit.action);
    expect(actions).toContain("transfer.start");
    expect(actions.filter((action) => action === "workflow.transition").length).toBeGreaterThanOrEqual(3);

    // The transfer's page for the receiving side: completed.
    const page = await sendAs(world.context.app, neighbor, "GET", `/transfers/${transferId}`);
    expect(page.json()).toMatchObject({ state: "completed", closed: true, member: { id: world.zhang } });
  });
  it("brings a member transferred out of the installation back by a letter into the other county", async () => {
    const receiving = neighborCounty.countyId;
    const wu = await createMemberThroughApi(
      world.context.app,
      world.secretary,
      tree().eastVillage1.id,
      personRecord("吴十一", "2006-03-03", "031"),
    );
    const out = await sendAs(world.context.app, world.secretary, "POST", "/transfers", {
      reason: "further_study",
      kind: "school_to_school",
      startedOn: "2026-06-01",
      memberId: wu,
      toExternalName: "外省某大学团委",
    });
    expect(out.statusCode, out.body).toBe(201);
    await transferStepOk(world.context.app, world.east, out.json().id, "approve_transfer_out", 1);
    const [person] = await queryRows<Record<string, string>>(
      db(),
      sql`select status_since::text as since from member where id = ${wu}`,
    );
    const totalsBefore = await figuresEqualRecount();
    const back = await sendAs(
      world.context.app,
      neighbor,
      "POST",
      `/organizations/${neighborBranch.id}/transfers/incoming-letters`,
      {
        member: memberRecordInput(personRecord("吴十一", "2006-03-03", "031")),
        fromExternalName: "外省某大学团委",
        letterNumber: "外-2026-001",
        reason: "moved_residence",
        kind: "ordinary",
        receivedOn: person?.since,
      },
    );
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ member: { id: wu } });
    const counties = await countiesOf(db(), wu);
    for (const [place, ids] of Object.entries(counties)) expect(ids, place).toEqual([receiving]);
    expect(counties.member).toEqual([receiving]);
    expect((await sendAs(world.context.app, neighbor, "GET", `/members/${wu}`)).json()).toMatchObject({
      id: wu,
      organizationId: neighborBranch.id,
      status: "active",
    });
    // Transferred out, the member was not counted; back, they count once in the receiving county.
    const totalsAfter = await figuresEqualRecount();
    expect(totalsAfter.slice(0, 3)).toEqual(totalsBefore.slice(0, 3));
    expect(totalsAfter.slice(3)).toEqual(totalsBefore.slice(3).map((total) => total + 1));
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  citizenIdFor,
  countMemberRows,
  eventKindsOf,
  expectRefusedWithoutWrites,
  historyOf,
  memberRecordInput,
  sendAs,
} from "../../test/member-factories";

/** POST /organizations/{branchId}/members: every refusal writes nothing; a success writes member, history, archive, audit. */

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

function create(session: TestSession | undefined, branchId: number, payload: unknown) {
  return sendAs(context.app, session, "POST", `/organizations/${branchId}/members`, payload);
}

describe("POST /organizations/{branchId}/members — refusals write nothing", () => {
  it("answers 401 without a session", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => create(undefined, context.tree.eastVillage1.id, memberRecordInput()),
      401,
    );
  });

  it("answers 404 for a branch outside the scope", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => create(east, context.tree.westVillage.id, memberRecordInput()),
      404,
      { code: "not_found" },
    );
    await expectRefusedWithoutWrites(
      context.db,
      () => create(secretary, context.tree.eastVillage2.id, memberRecordInput()),
      404,
    );
  });

  it("answers 403 to a member (no member:write) in their own branch", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => create(member, context.tree.eastVillage1.id, memberRecordInput()),
      403,
      { code: "forbidden" },
    );
  });

  it("answers 422 for an organization that is not a branch", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => create(east, context.tree.east.id, memberRecordInput()),
      422,
      { code: "members_only_in_branch", field: "organizationId" },
    );
  });

  it.each([
    ["a missing name", { name: undefined }, "name"],
    ["an unknown ethnicity", { ethnicity: "martian" }, "ethnicity"],
    ["a malformed phone", { phone: "12345" }, "phone"],
    ["a member number with letters", { memberNumber: "99-0001" }, "memberNumber"],
    ["a citizen ID with a wrong check digit", { citizenId: "110105200506155510" }, "citizenId"],
    ["a birth date that disagrees with the citizen ID", { birthDate: "2005-06-16" }, "birthDate"],
    ["a sex that disagrees with the citizen ID", { sex: "female" }, "sex"],
    ["a join date before the 14th birthday", { joinedOn: "2019-06-14" }, "joinedOn"],
    ["a join date in the future", { joinedOn: "2099-01-01" }, "joinedOn"],
    ["a Party join date for a League member", { partyJoinedOn: "2024-07-01" }, "partyJoinedOn"],
  ])("answers 400 naming the field for %s", async (_case, overrides, field) => {
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => create(secretary, context.tree.eastVillage1.id, memberRecordInput(overrides)),
      400,
      { code: "invalid_input", field },
    );
    expect(response.json().error.message).toMatch(/：/);
  });

  it("answers 400 naming a cadre field (a view of the cadre records) and pointing to 团干部", async () => {
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => create(secretary, context.tree.eastVillage1.id, memberRecordInput({ isCadre: false })),
      400,
      { code: "invalid_input", field: "isCadre" },
    );
    expect(response.json().error.message).toContain("团干部");
  });

  it("names the 14th birthday when the join date is too early", async () => {
    const response = await create(
      secretary,
      context.tree.eastVillage1.id,
      memberRecordInput({ joinedOn: "2019-06-14" }),
    );
    expect(response.json().error.message).toContain("2019-06-15");
  });

  it("answers 409 for a citizen ID already recorded, naming the organization that holds it", async () => {
    const id = citizenIdFor("2006-03-07", "018");
    expect(id.endsWith("X")).toBe(true);
    const record = {
      name: "周九",
      citizenId: id,
      birthDate: "2006-03-07",
      sex: "female",
      memberNumber: null,
    };
    const first = await create(county, context.tree.westVillage.id, memberRecordInput(record));
    expect(first.statusCode).toBe(201);
    // 西一村团支部 is outside the township admin's scope: they are told where to start a transfer.
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => create(east, context.tree.eastVillage1.id, memberRecordInput({ ...record, name: "周九九" })),
      409,
      { code: "duplicate", field: "citizenId" },
    );
    expect(response.json().error.message).toContain("西一村团支部");
    // the same ID typed with a lower-case x is the same ID
    await expectRefusedWithoutWrites(
      context.db,
      () =>
        create(
          east,
          context.tree.eastVillage1.id,
          memberRecordInput({ ...record, citizenId: id.toLowerCase() }),
        ),
      409,
      { code: "duplicate", field: "citizenId" },
    );
  });

  it("answers 409 for a member number already used", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () =>
        create(
          secretary,
          context.tree.eastVillage1.id,
          memberRecordInput({ memberNumber: "9900012020000100" }),
        ),
      409,
      { code: "duplicate", field: "memberNumber" },
    );
  });
});

describe("POST /organizations/{branchId}/members — success", () => {
  it("creates the member active from the join date, with one open history period, the archive entry and the audit", async () => {
    const before = await countMemberRows(context.db);
    const response = await create(
      secretary,
      context.tree.eastVillage1.id,
      memberRecordInput({
        citizenId: citizenIdFor("2005-06-15", "551").replace(/.$/, (c) => c.toLowerCase()),
        householdRegistration: "  ",
      }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      name: "孙小明",
      status: "active",
      statusSince: "2021-05-04",
      organization: { id: context.tree.eastVillage1.id, name: "东一村团支部" },
      citizenId: citizenIdFor("2005-06-15", "551"),
      phone: "13900001111",
      personalDataVisible: true,
      verifiedAt: null,
      lockedFields: [],
      missingFields: [],
      householdRegistration: null,
      pendingStatusRequest: null,
      pendingCorrection: null,
    });
    expect(await historyOf(context.db, body.id)).toEqual([
      {
        organizationId: context.tree.eastVillage1.id,
        status: "active",
        validFrom: "2021-05-04",
        validTo: null,
      },
    ]);
    expect(await eventKindsOf(context.db, body.id)).toEqual(["joined"]);
    const audit = await latestAuditEntry(context.db, "member.create");
    expect(audit).toMatchObject({ entityId: String(body.id), organizationId: context.tree.eastVillage1.id });
    expect(JSON.stringify(audit)).not.toContain("13900001111");
    const after = await countMemberRows(context.db);
    expect(after.member).toBe(before.member + 1);
    expect(after.member_history).toBe(before.member_history + 1);
    expect(after.member_event).toBe(before.member_event + 1);
    expect(after.county_locator).toBe(before.county_locator + 1);
    // member.create, plus member.view_personal for the detail the answer shows in full
    expect(after.audit_log).toBe(before.audit_log + 2);
  });

  it("lists the required fields a sparse record lacks", async () => {
    const response = await create(east, context.tree.eastVillage2.id, {
      name: "吴十",
      sex: "female",
      birthDate: "2007-08-08",
      citizenId: citizenIdFor("2007-08-08", "222"),
      joinedOn: "2022-05-04",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().missingFields).toEqual([
      "ethnicity",
      "politicalStatus",
      "education",
      "occupation",
      "phone",
      "memberNumber",
    ]);
  });
});

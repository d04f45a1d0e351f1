import type { OrganizationKind, Sector } from "@tuanwu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countInconsistentPaths,
  countRows,
  latestAuditEntry,
  organizationSnapshot,
} from "../../test/database-state";
import {
  createOrganizationRow,
  createTestApp,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { insertMembersWithHistory } from "../members/member-bulk.repository";

/**
 * POST /organizations/{id}/move: the whole subtree's paths are rewritten, refusals change nothing,
 * and concurrent moves and creates keep the tree consistent (the races only show on PostgreSQL;
 * PGlite runs one transaction at a time, so there those tests pass trivially).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
type Row = Awaited<ReturnType<typeof createOrganizationRow>>;
/** 东河中学团委 (committee under 东河镇) > 高一年级团总支 > 高一1班团支部, and 东河中学教工团委 under the school. */
let school: Row;
let teachers: Row;
let grade: Row;
let classBranch: Row;

beforeAll(async () => {
  context = await createTestApp();
  const add = (parent: Row, kind: OrganizationKind, name: string, sector: Sector = "secondary_school") =>
    createOrganizationRow(context.db, { parent, kind, name, sector });
  school = await add(context.tree.east, "committee", "东河中学团委");
  teachers = await add(school, "committee", "东河中学教工团委");
  grade = await add(school, "general_branch", "高一年级团总支");
  classBranch = await add(grade, "branch", "高一1班团支部");
  await insertMembersWithHistory(context.db, [
    testMember(classBranch.id, "孙七", "sq", "110105200905050059", "female"),
  ]);
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

function move(id: number | string, newParentId: unknown, session?: TestSession) {
  return context.app.inject({
    method: "POST",
    url: `/api/v1/organizations/${id}/move`,
    payload: { newParentId },
    ...(session ? { headers: session.headers } : {}),
  });
}

function get(url: string, session: TestSession) {
  return context.app.inject({ method: "GET", url, headers: session.headers });
}

async function expectRefusedWithoutWrites(
  attempt: () => ReturnType<typeof move>,
  status: number,
  error: { code?: string; field?: string },
) {
  const counts = await countRows(context.db);
  const organizations = await organizationSnapshot(context.db);
  const response = await attempt();
  expect(response.statusCode).toBe(status);
  expect(response.json().error).toMatchObject(error);
  expect(await countRows(context.db)).toEqual(counts);
  expect(await organizationSnapshot(context.db)).toEqual(organizations);
}

describe("POST /organizations/{id}/move — refusals", () => {
  it("answers 401 without a session", async () => {
    await expectRefusedWithoutWrites(() => move(school.id, context.tree.west.id), 401, {
      code: "unauthorized",
    });
  });

  it("answers 404 when the organization lies outside the scope", async () => {
    await expectRefusedWithoutWrites(
      () => move(context.tree.westVillage.id, context.tree.east.id, east),
      404,
      {
        code: "not_found",
      },
    );
  });

  it("answers 404 when the new parent lies outside the scope", async () => {
    await expectRefusedWithoutWrites(() => move(school.id, context.tree.west.id, east), 404, {
      code: "not_found",
    });
  });

  it("answers 404 for a new parent that does not exist", async () => {
    await expectRefusedWithoutWrites(() => move(school.id, 999_999, county), 404, { code: "not_found" });
  });

  it("answers 403 to the branch secretary and the member (no organization:write)", async () => {
    for (const session of [secretary, member]) {
      await expectRefusedWithoutWrites(() => move(context.tree.eastVillage1.id, school.id, session), 403, {
        code: "forbidden",
      });
    }
  });

  it("answers 403 when a township administrator moves the root of their own scope", async () => {
    await expectRefusedWithoutWrites(() => move(context.tree.east.id, school.id, east), 403, {
      code: "forbidden",
    });
  });

  it.each([
    ["abc", "newParentId"],
    [0, "newParentId"],
    [undefined, "newParentId"],
  ])("answers 400 naming the field for newParentId %j", async (newParentId, field) => {
    await expectRefusedWithoutWrites(() => move(school.id, newParentId, county), 400, {
      code: "invalid_input",
      field,
    });
  });

  it("answers 400 naming the parameter for a non-numeric id", async () => {
    await expectRefusedWithoutWrites(() => move("school", context.tree.west.id, county), 400, {
      field: "id",
    });
  });

  it("answers 422 move_into_own_subtree naming newParentId for a move under its own descendant, and under itself", async () => {
    const refusal = { code: "move_into_own_subtree", field: "newParentId" };
    await expectRefusedWithoutWrites(() => move(school.id, teachers.id, county), 422, refusal);
    await expectRefusedWithoutWrites(() => move(school.id, classBranch.id, east), 422, refusal);
    await expectRefusedWithoutWrites(() => move(school.id, school.id, county), 422, refusal);
  });

  it("answers 422 kind_not_allowed naming kind for a general branch under a branch", async () => {
    await expectRefusedWithoutWrites(() => move(grade.id, context.tree.eastVillage1.id, east), 422, {
      code: "kind_not_allowed",
      field: "kind",
    });
  });
});

describe("POST /organizations/{id}/move — success", () => {
  it("moves a subtree inside the township administrator's own scope", async () => {
    const response = await move(teachers.id, context.tree.east.id, east);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      parentId: context.tree.east.id,
      path: `${context.tree.east.path}${teachers.id}/`,
    });
    const back = await move(teachers.id, school.id, east);
    expect(back.json().path).toBe(`${school.path}${teachers.id}/`);
  });

  it("rewrites the paths of the whole subtree, moves its members' counts and audits the move", async () => {
    const counts = await countRows(context.db);
    const response = await move(school.id, context.tree.west.id, county);
    expect(response.statusCode).toBe(200);
    const west = context.tree.west;
    expect(response.json()).toMatchObject({
      id: school.id,
      parentId: west.id,
      path: `${west.path}${school.id}/`,
      subtreeMemberCount: 1,
      ancestors: [
        { id: context.tree.county.id, name: "共青团测试县委员会" },
        { id: west.id, name: "共青团西河镇委员会" },
      ],
    });

    const grandchild = await get(`/api/v1/organizations/${classBranch.id}`, county);
    expect(grandchild.json()).toMatchObject({
      parentId: grade.id,
      path: `${west.path}${school.id}/${grade.id}/${classBranch.id}/`,
      ancestors: [
        { name: "共青团测试县委员会" },
        { name: "共青团西河镇委员会" },
        { name: "东河中学团委" },
        { name: "高一年级团总支" },
      ],
    });
    const rows = new Map((await organizationSnapshot(context.db)).map((row) => [row.id, row]));
    expect(rows.get(classBranch.id)?.depth).toBe(west.depth + 3);
    expect(rows.get(teachers.id)?.path).toBe(`${west.path}${school.id}/${teachers.id}/`);

    const westChildren = await get(`/api/v1/organizations/${west.id}/children`, county);
    expect(westChildren.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: school.id, childCount: 2, subtreeMemberCount: 1 }),
      ]),
    );
    const eastChildren = await get(`/api/v1/organizations/${context.tree.east.id}/children`, county);
    expect(eastChildren.json().items.map((item: { id: number }) => item.id)).not.toContain(school.id);
    const townships = await get(`/api/v1/organizations/${context.tree.county.id}/children`, county);
    expect(
      Object.fromEntries(
        townships
          .json()
          .items.map((item: { name: string; subtreeMemberCount: number }) => [
            item.name,
            item.subtreeMemberCount,
          ]),
      ),
    ).toEqual({ 共青团东河镇委员会: 3, 共青团西河镇委员会: 2 });

    expect(await countRows(context.db)).toEqual({
      organization: counts.organization,
      audit_log: (counts.audit_log ?? 0) + 1,
    });
    expect(await latestAuditEntry(context.db, "organization.move")).toMatchObject({
      actorName: "county",
      entityId: String(school.id),
      before: { parentId: context.tree.east.id, path: school.path },
      after: { parentId: west.id, path: `${west.path}${school.id}/` },
      detail: { rowsRewritten: 4 },
    });
  });

  it("takes the moved subtree out of the old township administrator's scope", async () => {
    const response = await get(`/api/v1/organizations/${classBranch.id}`, east);
    expect(response.statusCode).toBe(404);
    const members = await get(`/api/v1/organizations/${context.tree.east.id}/members?q=sq`, east);
    expect(members.json().total).toBe(0);
  });
});

describe("POST /organizations/{id}/move — concurrent writes", () => {
  it("never lets two crossing moves both succeed (no cycle), and keeps every path consistent", async () => {
    const left = await createOrganizationRow(context.db, { parent: context.tree.west, name: "西河左团委" });
    const right = await createOrganizationRow(context.db, { parent: context.tree.west, name: "西河右团委" });
    for (let round = 0; round < 5; round += 1) {
      const [leftUnderRight, rightUnderLeft] = await Promise.all([
        move(left.id, right.id, county),
        move(right.id, left.id, county),
      ]);
      const statuses = [leftUnderRight.statusCode, rightUnderLeft.statusCode].sort();
      expect(statuses).toEqual([200, 422]);
      expect(await countInconsistentPaths(context.db)).toBe(0);
      // Put both back under 西河镇 for the next round.
      const moved = leftUnderRight.statusCode === 200 ? left : right;
      expect((await move(moved.id, context.tree.west.id, county)).statusCode).toBe(200);
    }
  });

  it("gives an organization created while its parent moves the parent's new path", async () => {
    const parent = await createOrganizationRow(context.db, {
      parent: context.tree.west,
      name: "西河企业团委",
    });
    for (const [round, target] of [context.tree.east, context.tree.west, context.tree.east].entries()) {
      const [created, moved] = await Promise.all([
        context.app.inject({
          method: "POST",
          url: "/api/v1/organizations",
          headers: county.headers,
          payload: {
            parentId: parent.id,
            kind: "branch",
            level: "grassroots",
            sector: "non_public_enterprise",
            name: `企业${round}团支部`,
          },
        }),
        move(parent.id, target.id, county),
      ]);
      expect([created.statusCode, moved.statusCode]).toEqual([201, 200]);
      expect(await countInconsistentPaths(context.db)).toBe(0);
    }
  });
});

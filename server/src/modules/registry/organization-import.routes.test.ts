import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { countRows, latestAuditEntry, organizationSnapshot } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { buildOrganizationList, multipartWithFields } from "../../test/organization-list-factories";
import {
  buildRegistryWorkbook,
  countImportTables,
  multipartFile,
  registryRow,
} from "../../test/registry-factories";

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let memberRole: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, memberRole] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "member",
  ]);
});
afterAll(async () => context?.close());

function postList(
  session: TestSession | null,
  organizationId: number,
  content: Buffer,
  dryRun: boolean,
  fields: Record<string, string> = {},
) {
  const body = multipartWithFields(content, fields);
  return context.app.inject({
    method: "POST",
    url: `/api/v1/organizations/${organizationId}/organization-imports?dryRun=${dryRun}`,
    payload: body.payload,
    headers: { ...body.headers, ...(session ? session.headers : {}) },
  });
}

describe("POST /organizations/{id}/organization-imports", () => {
  it("401 without a session, 404 outside the scope, 403 without organization:write; nothing written", async () => {
    const file = await buildOrganizationList([{ 组织名称: "新村团支部" }]);
    const before = await countRows(context.db);
    expect((await postList(null, context.tree.county.id, file, false)).statusCode).toBe(401);
    expect((await postList(east, context.tree.west.id, file, false)).statusCode).toBe(404);
    expect((await postList(secretary, context.tree.eastVillage1.id, file, false)).statusCode).toBe(403);
    expect(await countRows(context.db)).toEqual(before);
  });

  it("400 for a bad resolutions field and for a file that is not .xlsx; nothing written", async () => {
    const file = await buildOrganizationList([{ 组织名称: "新村团支部" }]);
    const before = await countRows(context.db);
    const badChoice = await postList(county, context.tree.county.id, file, false, { resolutions: "{oops" });
    expect(badChoice.statusCode).toBe(400);
    expect(badChoice.json()).toMatchObject({ error: { code: "invalid_resolutions", field: "resolutions" } });
    const notXlsx = await postList(county, context.tree.county.id, Buffer.from("%PDF-1.7\n"), false);
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json()).toMatchObject({ error: { code: "not_xlsx", field: "file" } });
    const encrypted = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const locked = await postList(county, context.tree.county.id, encrypted, false);
    expect(locked.json()).toMatchObject({ error: { code: "password_protected", field: "file" } });
    expect(await countRows(context.db)).toEqual(before);
  });

  it("422 for a cycle, a kind not allowed under its parent and a missing parent, each naming its row; nothing written", async () => {
    const file = await buildOrganizationList([
      { 组织名称: "甲团委", 组织类型: "团委", 上级组织: "乙团委" },
      { 组织名称: "乙团委", 组织类型: "团委", 上级组织: "甲团委" },
      { 组织名称: "东三村团支部", 上级组织: "东一村团支部" },
      { 组织名称: "北山村团支部", 上级组织: "北山镇团委" },
    ]);
    const before = await organizationSnapshot(context.db);
    const audits = await countRows(context.db, ["audit_log"]);
    const response = await postList(county, context.tree.county.id, file, false);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe("import_problems");
    expect(body.problems.map((problem: { row: number }) => problem.row)).toEqual([3, 4, 5, 6]);
    expect(body.problems[0].message).toContain("成环");
    expect(body.problems[2].message).toContain("团支部下不能设立团支部");
    expect(body.problems[3]).toMatchObject({ column: "上级组织", value: "北山镇团委" });
    expect(body.problems[3].message).toContain("都找不到");
    expect(await organizationSnapshot(context.db)).toEqual(before);
    expect(await countRows(context.db, ["audit_log"])).toEqual(audits);
  });

  it("previews matched / new / ambiguous, refuses to commit until ambiguous rows are confirmed, then commits all and audits", async () => {
    const file = await buildOrganizationList([
      // the registry's full names of existing organizations
      { 组织名称: "共青团东河镇委员会", 组织类型: "团委", 应录入数: 120 },
      { 组织名称: "东一村村民委员会团支部", 上级组织: "共青团东河镇委员会" },
      // new ones, a school with a general branch and a class branch
      { 组织名称: "测试县第一中学团委", 组织类型: "基层团委", 所属领域: "中学" },
      { 组织名称: "高一年级团总支", 组织类型: "团总支", 上级组织: "测试县第一中学团委" },
      { 组织名称: "高一1班团支部", 上级组织: "高一年级团总支", 应录入数: 45 },
      { 组织名称: "东河镇南村团支部", 上级组织: "东河镇团委", 行政区划代码: "990001100205" },
    ]);
    const before = await countRows(context.db);
    const preview = await postList(county, context.tree.county.id, file, true);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ rows: 6, matched: 2, created: 0, ambiguous: 0, problems: [] });
    expect(body.entries[0]).toMatchObject({
      row: 3,
      status: "matched",
      matchedBy: "name",
      organization: { id: context.tree.east.id },
    });
    expect(body.entries[1]).toMatchObject({
      row: 4,
      status: "matched",
      organization: { id: context.tree.eastVillage1.id },
    });
    expect(body.entries[3]).toMatchObject({
      row: 6,
      status: "new",
      kind: "general_branch",
      parentName: "测试县第一中学团委",
    });
    expect(await countRows(context.db)).toEqual(before);

    const commit = await postList(county, context.tree.county.id, file, false);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toMatchObject({ matched: 2, created: 4 });
    const created = await queryRows<{
      name: string;
      kind: string;
      parent: string;
      reported: number | null;
      code: string;
    }>(
      context.db,
      sql`select o.name, o.kind, p.name as parent, o.reported_member_count as reported, o.code
        from organization o join organization p on p.id = o.parent_id
        where o.name in ('高一1班团支部', '东河镇南村团支部', '共青团东河镇委员会') order by o.name`,
    );
    expect(created).toEqual([
      {
        name: "东河镇南村团支部",
        kind: "branch",
        parent: "共青团东河镇委员会",
        reported: null,
        code: "990001100205",
      },
      {
        name: "共青团东河镇委员会",
        kind: "committee",
        parent: "共青团测试县委员会",
        reported: 120,
        code: "990001100",
      },
      {
        name: "高一1班团支部",
        kind: "branch",
        parent: "高一年级团总支",
        reported: 45,
        code: expect.stringMatching(/-\d+$/),
      },
    ]);
    expect(await latestAuditEntry(context.db, "organization.import")).toMatchObject({
      organizationId: context.tree.county.id,
      detail: expect.objectContaining({ matched: 2, created: 4 }),
    });

    // 东一村团支部 under 西河镇: only a same-named branch elsewhere, so the user confirms "new".
    const westFile = await buildOrganizationList([{ 组织名称: "东一村团支部", 上级组织: "西河镇团委" }]);
    const westPreview = await postList(county, context.tree.county.id, westFile, true);
    expect(westPreview.json()).toMatchObject({
      ambiguous: 1,
      entries: [{ status: "ambiguous", candidates: [{ id: context.tree.eastVillage1.id }] }],
    });
    const westCommit = await postList(county, context.tree.county.id, westFile, false, {
      resolutions: JSON.stringify({ 3: "new" }),
    });
    expect(westCommit.json()).toMatchObject({ created: 1 });
    // Now two 东一村团支部: a row without a parent is ambiguous until confirmed.
    const ambiguousFile = await buildOrganizationList([{ 组织名称: "东一村团支部", 应录入数: 30 }]);
    const unconfirmed = await postList(county, context.tree.county.id, ambiguousFile, false);
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json()).toMatchObject({
      ambiguous: 1,
      entries: [{ status: "ambiguous", candidates: [{}, {}] }],
    });
    const choice = unconfirmed.json().entries[0].candidates[1].id as number;
    const confirmed = await postList(county, context.tree.county.id, ambiguousFile, false, {
      resolutions: JSON.stringify({ 3: choice }),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ matched: 1, created: 0, entries: [{ matchedBy: "choice" }] });
    const [reported] = await queryRows<{ count: number }>(
      context.db,
      sql`select reported_member_count as count from organization where id = ${choice}`,
    );
    expect(reported?.count).toBe(30);
  });
});

describe("concurrent organization imports", () => {
  it("two commits of the same list at once both succeed; the organizations are created once", async () => {
    const file = await buildOrganizationList([
      { 组织名称: "并发测试中学团委", 组织类型: "团委", 上级组织: "西河镇团委" },
      { 组织名称: "并发测试中学初一1班团支部", 上级组织: "并发测试中学团委" },
    ]);
    const [first, second] = await Promise.all([
      postList(county, context.tree.county.id, file, false),
      postList(county, context.tree.county.id, file, false),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(first.json().created + second.json().created).toBe(2);
    const [count] = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from organization where name like '并发测试中学%'`,
    );
    expect(Number(count?.total)).toBe(2);
  });
});

describe("member import with the branch name mapping", () => {
  const url = (id: number) => `/api/v1/organizations/${id}/branch-name-mappings`;

  function postMembers(session: TestSession, organizationId: number, content: Buffer, dryRun: boolean) {
    const body = multipartFile(content);
    return context.app.inject({
      method: "POST",
      url: `/api/v1/organizations/${organizationId}/member-imports?dryRun=${dryRun}`,
      payload: body.payload,
      headers: { ...body.headers, ...session.headers },
    });
  }

  it("401 / 404 / 403 / 400 on the mapping routes; nothing written", async () => {
    const body = { mappings: [{ sourceName: "东一村", branchId: context.tree.eastVillage1.id }] };
    const before = await countRows(context.db);
    expect((await context.app.inject({ method: "GET", url: url(context.tree.east.id) })).statusCode).toBe(
      401,
    );
    expect(
      (
        await context.app.inject({
          method: "PUT",
          url: url(context.tree.west.id),
          payload: body,
          headers: east.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await context.app.inject({
          method: "PUT",
          url: url(context.tree.eastVillage1.id),
          payload: body,
          headers: memberRole.headers,
        })
      ).statusCode,
    ).toBe(403);
    const outside = await context.app.inject({
      method: "PUT",
      url: url(context.tree.east.id),
      payload: { mappings: [{ sourceName: "西一村", branchId: context.tree.westVillage.id }] },
      headers: east.headers,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ error: { field: "branchId" } });
    const neither = await context.app.inject({
      method: "PUT",
      url: url(context.tree.east.id),
      payload: { mappings: [{ sourceName: "东一村" }] },
      headers: east.headers,
    });
    expect(neither.statusCode).toBe(400);
    const notBranch = await context.app.inject({
      method: "PUT",
      url: url(context.tree.east.id),
      payload: { mappings: [{ sourceName: "东一村", branchId: context.tree.east.id }] },
      headers: east.headers,
    });
    expect(notBranch.json()).toMatchObject({
      error: { field: "branchId", message: expect.stringContaining("不是团支部") },
    });
    expect(
      (
        await context.app.inject({
          method: "DELETE",
          url: `${url(context.tree.east.id)}/999999`,
          headers: east.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(await countRows(context.db)).toEqual(before);
  });

  it("reports an unknown 所在团支部 once per name with candidates; the mapping is remembered, shown, and the import then passes", async () => {
    const file = await buildRegistryWorkbook({
      rows: [
        registryRow(40, { 所在团支部: "东河镇东二村村民委员会团支部" }),
        registryRow(41, { 所在团支部: "东河镇东二村村民委员会团支部" }),
        registryRow(42, { 所在团支部: "东河镇东二村村民委员会团支部" }),
        registryRow(43, { 所在团支部: "东河镇新建村团支部" }),
        registryRow(44, { 所在团支部: "共青团东一村支部委员会" }),
      ],
    });
    const before = await countImportTables(context.db);
    const dryRun = await postMembers(east, context.tree.east.id, file, true);
    expect(dryRun.statusCode).toBe(200);
    const first = dryRun.json();
    expect(first.problems).toHaveLength(2);
    expect(first.problems[0].message).toContain("第2行、第3行、第4行");
    expect(first.unmatchedBranches).toMatchObject([
      {
        name: "东河镇东二村村民委员会团支部",
        rows: 3,
        firstRow: 2,
      },
      { name: "东河镇新建村团支部", rows: 1, firstRow: 5 },
    ]);
    expect(first.unmatchedBranches[0].candidates[0]).toMatchObject({ id: context.tree.eastVillage2.id });
    const refused = await postMembers(east, context.tree.east.id, file, false);
    expect(refused.statusCode).toBe(422);
    expect(await countImportTables(context.db)).toEqual(before);

    const saved = await context.app.inject({
      method: "PUT",
      url: url(context.tree.east.id),
      headers: east.headers,
      payload: {
        mappings: [
          { sourceName: "东河镇东二村村民委员会团支部", branchId: context.tree.eastVillage2.id },
          { sourceName: "东河镇新建村团支部", createUnderId: context.tree.east.id },
        ],
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().mappings).toHaveLength(2);
    expect(await latestAuditEntry(context.db, "registry.branch_names.save")).toMatchObject({
      organizationId: context.tree.east.id,
    });
    const shown = await context.app.inject({
      method: "GET",
      url: url(context.tree.east.id),
      headers: east.headers,
    });
    expect(shown.json().mappings).toMatchObject([
      {
        sourceName: "东河镇东二村村民委员会团支部",
        branch: { id: context.tree.eastVillage2.id },
        createUnder: null,
      },
      { sourceName: "东河镇新建村团支部", branch: null, createUnder: { id: context.tree.east.id } },
    ]);

    const again = await postMembers(east, context.tree.east.id, file, true);
    expect(again.json()).toMatchObject({ problems: [], unmatchedBranches: [] });
    const commit = await postMembers(east, context.tree.east.id, file, false);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toMatchObject({ imported: 5 });
    const placed = await queryRows<{ branch: string; count: number }>(
      context.db,
      sql`select o.name as branch, count(*)::int as count from member m join organization o on o.id = m.organization_id
        where m.citizen_id in (select citizen_id from member order by id desc limit 5) group by o.name order by o.name`,
    );
    expect(placed).toEqual([
      { branch: "东一村团支部", count: 1 },
      { branch: "东二村团支部", count: 3 },
      { branch: "东河镇新建村团支部", count: 1 },
    ]);
    const after = await context.app.inject({
      method: "GET",
      url: url(context.tree.east.id),
      headers: east.headers,
    });
    const createdMapping = after.json().mappings[1];
    expect(createdMapping).toMatchObject({ createUnder: null, branch: { name: "东河镇新建村团支部" } });

    const removed = await context.app.inject({
      method: "DELETE",
      url: `${url(context.tree.east.id)}/${createdMapping.id}`,
      headers: east.headers,
    });
    expect(removed.statusCode).toBe(204);
    expect(await latestAuditEntry(context.db, "registry.branch_names.delete")).toBeDefined();
  });
});

import { DomainError } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { countInconsistentPaths, countRows, latestAuditEntry } from "../../test/database-state";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { scaffoldDivision } from "./scaffold.service";

let handle: DatabaseHandle;
const actor = systemActor("test");

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle.close());

interface OrganizationRow {
  id: number;
  parent_id: number | null;
  path: string;
  depth: number;
  kind: string;
  level: string;
  name: string;
  short_name: string | null;
  code: string;
  division_code: string | null;
}

async function organizations(where = sql`true`): Promise<OrganizationRow[]> {
  return queryRows<OrganizationRow>(
    handle.db,
    sql`select id, parent_id, path, depth, kind, level, name, short_name, code, division_code
      from organization where ${where} order by id`,
  );
}

describe("scaffoldDivision", () => {
  it("scaffolds 旺苍县 510821: the county committee, 23 township committees and 257 village branches", async () => {
    const summary = await scaffoldDivision(handle.db, actor, "510821");
    expect(summary).toMatchObject({
      division: { code: "510821", name: "旺苍县", level: "county" },
      rootOrganization: { code: "510821", name: "共青团旺苍县委员会" },
      created: { county: 1, township: 23, grassroots: 257 },
      existing: 0,
      moved: 0,
    });
    const rows = await organizations();
    expect(rows).toHaveLength(281);
    expect(rows.every((row) => row.code === row.division_code)).toBe(true);
    const county = rows.find((row) => row.code === "510821");
    expect(county).toMatchObject({
      parent_id: null,
      kind: "committee",
      level: "county",
      short_name: "团旺苍县委",
    });
    const townships = rows.filter((row) => row.parent_id === county?.id);
    expect(townships).toHaveLength(23);
    expect(
      townships.every((row) => row.kind === "committee" && row.level === "township" && row.code.length === 9),
    ).toBe(true);
    const villages = rows.filter((row) => row.depth === 3);
    expect(villages).toHaveLength(257);
    expect(villages.every((row) => row.kind === "branch" && row.code.length === 12)).toBe(true);
    expect(townships.map((row) => row.name)).toContain("共青团东河镇委员会");
    expect(await countInconsistentPaths(handle.db)).toBe(0);
    expect(await countRows(handle.db)).toEqual({ organization: 281, audit_log: 1 });
    expect(await latestAuditEntry(handle.db, "organization.scaffold")).toMatchObject({
      actorName: "test",
      organizationId: county?.id,
      detail: { created: { county: 1, township: 23, grassroots: 257 } },
    });
  });

  it("creates nothing when run again: counts and audit log unchanged", async () => {
    const before = await organizations();
    const counts = await countRows(handle.db);
    const summary = await scaffoldDivision(handle.db, actor, "510821");
    expect(summary).toMatchObject({ created: {}, existing: 281, moved: 0 });
    expect(summary.rootOrganization.id).toBe(before.find((row) => row.code === "510821")?.id);
    expect(await countRows(handle.db)).toEqual(counts);
    expect(await organizations()).toEqual(before);
  });

  it("refuses an unknown division code with a DomainError and writes nothing", async () => {
    const counts = await countRows(handle.db);
    const attempt = scaffoldDivision(handle.db, actor, "999999");
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: "unknown_division", status: 400 });
    expect(await countRows(handle.db)).toEqual(counts);
  });

  it("scaffolds 晋城市 1405 as 团晋城市委 with six counties, moving the existing 阳城县 140522 under it", async () => {
    const yangcheng = await scaffoldDivision(handle.db, actor, "140522");
    const countyBefore = (await organizations(sql`code = '140522'`))[0];
    const villageBefore = (
      await organizations(sql`parent_id is not null and code like '140522%' and depth = 3`)
    )[0];
    expect(countyBefore?.parent_id).toBeNull();
    const counts = await countRows(handle.db);

    const summary = await scaffoldDivision(handle.db, actor, "1405");
    expect(summary).toMatchObject({
      division: { code: "1405", name: "晋城市", level: "city" },
      rootOrganization: { code: "1405", name: "共青团晋城市委员会" },
      existing: Object.values(yangcheng.created).reduce((sum, count) => sum + count, 0),
      moved: 1,
    });
    expect(summary.created).toMatchObject({ city: 1, county: 5 });

    const city = (await organizations(sql`code = '1405'`))[0];
    expect(city).toMatchObject({
      parent_id: null,
      depth: 1,
      kind: "committee",
      level: "city",
      short_name: "团晋城市委",
    });
    const counties = await organizations(sql`parent_id = ${city?.id ?? 0}`);
    expect(counties).toHaveLength(6);
    expect(counties.map((row) => row.code).sort()).toEqual([
      "140502",
      "140521",
      "140522",
      "140524",
      "140525",
      "140581",
    ]);

    const countyAfter = (await organizations(sql`code = '140522'`))[0];
    expect(countyAfter).toMatchObject({
      id: countyBefore?.id,
      parent_id: city?.id,
      path: `${city?.path}${countyBefore?.id}/`,
      depth: 2,
    });
    const villageAfter = (await organizations(sql`id = ${villageBefore?.id ?? 0}`))[0];
    expect(villageAfter?.path).toBe(`${city?.path}${villageBefore?.path}`);
    expect(villageAfter?.depth).toBe(4);
    expect(await countInconsistentPaths(handle.db)).toBe(0);
    expect((await countRows(handle.db)).audit_log).toBe((counts.audit_log ?? 0) + 1);
    expect((await organizations(sql`code = '510821'`))[0]?.parent_id).toBeNull();
  });
});

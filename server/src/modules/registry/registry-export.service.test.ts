import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Executor } from "../../db/database";
import { member, organization } from "../../db/schema";
import {
  buildRegistryWorkbook,
  createEmptyTestCounty,
  registryRow,
  writeTemporaryFile,
} from "../../test/registry-factories";
import { createTestDatabase } from "../../test/test-database";
import { createTestFolder } from "../../test/test-folder";
import { systemActor } from "../auth/system-actor";
import { exportMembers } from "./registry-export.service";
import { importMembers } from "./registry-import.service";

const TODAY = "2026-09-01";
let source: DatabaseHandle;
let target: DatabaseHandle;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

/** Every stored member field except ids and timestamps, the branch by name, ordered by citizen ID. */
async function memberRecords(db: Executor) {
  const rows = await db
    .select({ member, branch: organization.name })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .orderBy(asc(member.citizenId));
  return rows.map(({ member: { id, organizationId, createdAt, updatedAt, ...fields }, branch }) => ({
    ...fields,
    branch,
  }));
}

describe("a full export imported into an empty county round-trips unchanged", () => {
  it("every field of every member is the same after export → import", async () => {
    const sourceCounty = await createEmptyTestCounty(source.db);
    const rows = [
      ...Array.from({ length: 12 }, (_, index) =>
        registryRow(index, { 所在团支部: ["东一村团支部", "东二村团支部", "西一村团支部"][index % 3] }),
      ),
      registryRow(12, { 政治面貌: "中共党员", 入党年月: "2024-07", 收入: "无" }),
      registryRow(13, {
        证件类型: "境外身份证",
        身份证号: "H60123456",
        出生日期: "2001-06-07",
        性别: "女",
        手机号码: null,
        电子邮箱: null,
        团员编号: null,
      }),
    ];
    const imported = await importMembers(
      source.db,
      systemActor("test"),
      sourceCounty.county.id,
      await writeTemporaryFile(await buildRegistryWorkbook({ rows })),
      { dryRun: false, today: TODAY },
    );
    expect(imported).toEqual({ rows: 14, imported: 14, problems: [], unmatchedBranches: [] });

    const exported = path.join(await createTestFolder("tuanwu-roundtrip-"), "full.xlsx");
    const exportResult = await exportMembers(source.db, systemActor("test"), sourceCounty.county.id, {
      full: true,
      filename: exported,
    });
    expect(exportResult).toMatchObject({ rows: 14, full: true });

    const targetCounty = await createEmptyTestCounty(target.db);
    const reimported = await importMembers(target.db, systemActor("test"), targetCounty.county.id, exported, {
      dryRun: false,
      today: TODAY,
    });
    expect(reimported).toEqual({ rows: 14, imported: 14, problems: [], unmatchedBranches: [] });

    const before = await memberRecords(source.db);
    const after = await memberRecords(target.db);
    expect(after).toHaveLength(14);
    expect(after).toEqual(before);
    expect(before.find((record) => record.idDocumentType === "overseas_id_card")).toMatchObject({
      citizenId: "H60123456",
      sex: "female",
      birthDate: "2001-06-07",
    });
    expect(before.find((record) => record.politicalStatus === "party_member")?.partyJoinedOn).toBe(
      "2024-07-01",
    );
  });

  it("an ordinary export of the same county masks citizen ID and phone, so it cannot be imported as is", async () => {
    const [county] = await source.db.select().from(organization).where(eq(organization.code, "990001"));
    const file = path.join(await createTestFolder("tuanwu-masked-"), "masked.xlsx");
    const result = await exportMembers(source.db, systemActor("test"), county?.id ?? 0, {
      full: false,
      filename: file,
    });
    expect(result.rows).toBe(14);
    const targetCounty = (
      await target.db.select().from(organization).where(eq(organization.code, "990001"))
    )[0];
    const dryRun = await importMembers(target.db, systemActor("test"), targetCounty?.id ?? 0, file, {
      dryRun: true,
      today: TODAY,
    });
    expect(dryRun.problems.filter((problem) => problem.column === "身份证号").length).toBeGreaterThanOrEqual(
      13,
    );
  });
});

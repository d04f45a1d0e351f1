import { describe, expect, it } from "vitest";
import { runTuanwu, useCliDataFolder } from "../../test/cli-harness";
import { countRows } from "../../test/database-state";
import { buildOrganizationList } from "../../test/organization-list-factories";
import { writeTemporaryFile } from "../../test/registry-factories";

/** `tuanwu import organizations` and `tuanwu import branch-names`, in process against a PGlite data folder. */

const cli = useCliDataFolder("tuanwu-orgimport-cli-");

describe("tuanwu import organizations", () => {
  it("refuses a list with a parent found nowhere (exit 1, the row named, nothing written); imports a good one", async () => {
    const bad = await writeTemporaryFile(
      await buildOrganizationList([
        { 组织名称: "共青团东河镇委员会", 组织类型: "团委" },
        { 组织名称: "北山村团支部", 上级组织: "北山镇团委" },
      ]),
      "bad.xlsx",
    );
    const before = await cli.readDatabase((db) => countRows(db));
    const refused = await runTuanwu("import", "organizations", bad, "--under", "990001");
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain("第4行 上级组织 “北山镇团委”");
    expect(await cli.readDatabase((db) => countRows(db))).toEqual(before);

    const good = await writeTemporaryFile(
      await buildOrganizationList([
        { 组织名称: "共青团东河镇委员会", 组织类型: "团委", 应录入数: 80 },
        { 组织名称: "东河镇北村村民委员会团支部", 上级组织: "东河镇团委" },
      ]),
      "good.xlsx",
    );
    const dryRun = await runTuanwu(
      "import",
      "organizations",
      good,
      "--under",
      "990001",
      "--dry-run",
      "--json",
    );
    expect(dryRun.exitCode).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      rows: 2,
      matched: 1,
      created: 0,
      entries: [{ status: "matched" }, { status: "new", parentName: "共青团东河镇委员会" }],
    });
    const commit = await runTuanwu("import", "organizations", good, "--under", "990001", "--json");
    expect(commit.exitCode).toBe(0);
    expect(JSON.parse(commit.stdout)).toMatchObject({ matched: 1, created: 1 });
    expect(await cli.readDatabase((db) => countRows(db, ["organization"]))).toEqual({
      organization: (before.organization ?? 0) + 1,
    });
  });

  it("branch-names: an unknown branch code in --map is refused (exit 1, the field named) and nothing is remembered", async () => {
    const mapped = await runTuanwu(
      "import",
      "branch-names",
      "--org",
      "990001100",
      "--map",
      "东河镇东一村村民委员会团支部=990001100-no-such",
      "--json",
    );
    expect(mapped.exitCode).toBe(1);
    expect(JSON.parse(mapped.stdout)).toMatchObject({ error: { code: "not_found", field: "branchId" } });
    const list = await runTuanwu("import", "branch-names", "--org", "990001100", "--json");
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

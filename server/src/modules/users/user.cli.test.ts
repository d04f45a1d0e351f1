import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { insertTestApplication } from "../../test/applicant-fixtures";
import { runTuanwu, useCliDataFolder } from "../../test/cli-harness";

/** `tuanwu user create|list|disable|enable|grant|revoke` (issue 17 part 1), in process on PGlite. */

const cli = useCliDataFolder("tuanwu-user-cli-");

function userRows() {
  return cli.readDatabase((db) =>
    queryRows<{ username: string; is_active: boolean; must_change_password: boolean; roles: string }>(
      db,
      sql`select u.username, u.is_active, u.must_change_password,
          coalesce(string_agg(r.role || '@' || coalesce(o.code, '*'), ',' order by r.id), '') as roles
        from app_user u left join user_role r on r.user_id = u.id left join organization o on o.id = r.organization_id
        group by u.id order by u.username`,
    ),
  );
}

describe("tuanwu user", { timeout: 300_000 }, () => {
  it("create: a one-time password printed once, must be changed; audited; a bad role or missing --org refused, nothing written", async () => {
    const bad = await runTuanwu(
      "user",
      "create",
      "zhang",
      "--name",
      "张",
      "--role",
      "king",
      "--org",
      "990001",
    );
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("--role");
    const noOrg = await runTuanwu("user", "create", "zhang", "--name", "张", "--role", "org_admin", "--json");
    expect(noOrg.exitCode).toBe(1);
    expect(JSON.parse(noOrg.stdout).error).toMatchObject({ field: "org" });
    expect(await userRows()).toEqual([]);

    const run = await runTuanwu(
      "user",
      "create",
      "zhang",
      "--name",
      "张县管",
      "--role",
      "org_admin",
      "--org",
      "990001",
      "--json",
    );
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as { username: string; oneTimePassword: string };
    expect(printed.oneTimePassword).toMatch(/^\w{16}$/);
    expect(await userRows()).toEqual([
      { username: "zhang", is_active: true, must_change_password: true, roles: "org_admin@990001" },
    ]);
    const audit = await cli.readDatabase((db) =>
      queryRows<{ actor_name: string; text: string }>(
        db,
        sql`select actor_name, after::text as text from audit_log where action = 'user.create'`,
      ),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_name).toBe("cli");
    expect(audit[0]?.text).not.toContain(printed.oneTimePassword);
  });

  it("grant, list --json, revoke, disable and enable", async () => {
    const grant = await runTuanwu("user", "grant", "zhang", "--role", "evaluator", "--org", "990001100");
    expect(grant.exitCode).toBe(0);
    const listed = await runTuanwu("user", "list", "--org", "990001100", "--json");
    expect(listed.exitCode).toBe(0);
    const list = JSON.parse(listed.stdout) as {
      total: number;
      items: Array<{ username: string; roles: Array<{ role: string }> }>;
    };
    expect(list.total).toBe(1);
    expect(list.items[0]?.roles.map((role) => role.role)).toEqual(["org_admin", "evaluator"]);
    expect(JSON.stringify(list)).not.toMatch(/hash|argon/i);

    const wrongKind = await runTuanwu(
      "user",
      "grant",
      "zhang",
      "--role",
      "branch_secretary",
      "--org",
      "990001100",
    );
    expect(wrongKind.exitCode).toBe(1);
    expect(wrongKind.stderr).toContain("团支部");
    expect(
      (await runTuanwu("user", "revoke", "zhang", "--role", "evaluator", "--org", "990001100")).exitCode,
    ).toBe(0);
    expect((await userRows())[0]?.roles).toBe("org_admin@990001");

    expect((await runTuanwu("user", "disable", "zhang")).exitCode).toBe(0);
    expect((await userRows())[0]?.is_active).toBe(false);
    const disabled = await runTuanwu("user", "list", "--disabled");
    expect(disabled.stdout).toContain("zhang");
    expect(disabled.stdout).toContain("停用");
    expect((await runTuanwu("user", "enable", "zhang")).exitCode).toBe(0);
    expect((await userRows())[0]?.is_active).toBe(true);
    const unknown = await runTuanwu("user", "disable", "nobody");
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("nobody");
  });

  it("create --application: the applicant's own account of an application, linked; a wrong role or --org refused", async () => {
    const applicationId = await cli.readDatabase(async (db) => {
      const [branch] = await queryRows<{ id: number }>(
        db,
        sql`select id from organization where name = '东一村团支部'`,
      );
      return (
        await insertTestApplication(db, {
          organizationId: Number(branch?.id),
          name: "陈小明",
          citizenId: "110105201101010013",
          state: "applied",
          dates: { applicationDate: "2025-09-01" },
        })
      ).applicationId;
    });
    const id = String(applicationId);
    const wrongRole = await runTuanwu(
      "user",
      "create",
      "xm",
      "--name",
      "陈小明",
      "--role",
      "org_admin",
      "--application",
      id,
      "--json",
    );
    expect(wrongRole.exitCode).toBe(1);
    expect(JSON.parse(wrongRole.stdout).error).toMatchObject({ field: "role" });
    const withOrg = await runTuanwu(
      "user",
      "create",
      "xm",
      "--name",
      "陈小明",
      "--role",
      "member",
      "--org",
      "990001",
      "--application",
      id,
    );
    expect(withOrg.exitCode).toBe(1);
    const run = await runTuanwu(
      "user",
      "create",
      "xm",
      "--name",
      "陈小明",
      "--role",
      "member",
      "--application",
      id,
      "--json",
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).oneTimePassword).toMatch(/^\w{16}$/);
    const [linked] = await cli.readDatabase((db) =>
      queryRows<{ username: string; subject: boolean; role: string }>(
        db,
        sql`select u.username, i.subject_user_id = u.id as subject, r.role
          from development_application a join app_user u on u.id = a.applicant_user_id
          join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id join user_role r on r.user_id = u.id
          where a.id = ${applicationId}`,
      ),
    );
    expect(linked).toEqual({ username: "xm", subject: true, role: "member" });
  });
});

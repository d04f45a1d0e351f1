import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { runTuanwu, useCliDataFolder } from "../../test/cli-harness";

/** `tuanwu campaign open|close --kind review|registration --org CODE --year Y` (issue 12 parts 2, 3, 10), in process on PGlite. */

const cli = useCliDataFolder("tuanwu-campaign-cli-");

function campaigns() {
  return cli.readDatabase((db) =>
    queryRows<{ kind: string; code: string; year: number; opens_on: string; closes_on: string }>(
      db,
      sql`select 'review' as kind, o.code, c.year, c.opens_on::text, c.closes_on::text from education_review_campaign c join organization o on o.id = c.organization_id
          union all
          select 'registration', o.code, c.year, c.opens_on::text, c.closes_on::text from registration_campaign c join organization o on o.id = c.organization_id
          order by 1, 2`,
    ),
  );
}

describe("tuanwu campaign open", { timeout: 300_000 }, () => {
  it("refuses a bad kind, year, date or unknown code naming the field, nothing written; opens both kinds; audited; a second one of the year is refused", async () => {
    for (const [args, field] of [
      [["--kind", "vote", "--org", "990001100", "--year", "2026"], "kind"],
      [["--kind", "review", "--org", "990001100", "--year", "26"], "year"],
      [["--kind", "review", "--org", "990001100", "--year", "2026", "--opens", "2026/09/01"], "opens"],
      [["--kind", "review", "--org", "nope", "--year", "2026"], "org"],
      [
        [
          "--kind",
          "review",
          "--org",
          "990001100",
          "--year",
          "2026",
          "--opens",
          "2026-12-01",
          "--closes",
          "2026-09-01",
        ],
        "closesOn",
      ],
    ] as const) {
      const run = await runTuanwu("campaign", "open", ...args, "--json");
      expect(run.exitCode, run.stdout).toBe(1);
      expect(JSON.parse(run.stdout).error).toMatchObject({ field });
    }
    expect(await campaigns()).toEqual([]);
    const review = await runTuanwu(
      "campaign",
      "open",
      "--kind",
      "review",
      "--org",
      "990001100",
      "--year",
      "2026",
      "--opens",
      "2026-09-01",
    );
    expect(review.exitCode, review.stderr).toBe(0);
    expect(review.stdout).toContain("团员教育评议");
    const registration = await runTuanwu(
      "campaign",
      "open",
      "--kind",
      "registration",
      "--org",
      "990001",
      "--year",
      "2026",
      "--json",
    );
    expect(registration.exitCode, registration.stdout).toBe(0);
    expect(JSON.parse(registration.stdout)).toMatchObject({
      year: 2026,
      opensOn: "2026-01-01",
      closesOn: "2026-12-31",
    });
    expect(await campaigns()).toEqual([
      { kind: "registration", code: "990001", year: 2026, opens_on: "2026-01-01", closes_on: "2026-12-31" },
      { kind: "review", code: "990001100", year: 2026, opens_on: "2026-09-01", closes_on: "2026-12-31" },
    ]);
    const audits = await cli.readDatabase((db) =>
      queryRows<{ action: string }>(
        db,
        sql`select action from audit_log where action like '%campaign.open' order by id`,
      ),
    );
    expect(audits.map((row) => row.action)).toEqual([
      "education_review_campaign.open",
      "registration_campaign.open",
    ]);
    const twice = await runTuanwu(
      "campaign",
      "open",
      "--kind",
      "review",
      "--org",
      "990001",
      "--year",
      "2026",
      "--json",
    );
    expect(twice.exitCode).toBe(1);
    expect(JSON.parse(twice.stdout).error).toMatchObject({ field: "year" });
  });

  it("closes a campaign by its committee's code and year: refuses a bad kind or a missing campaign, nothing written; audited; a second close is refused", async () => {
    for (const [args, field] of [
      [["--kind", "vote", "--org", "990001", "--year", "2026"], "kind"],
      [["--kind", "review", "--org", "990001", "--year", "2025"], "year"],
      [["--kind", "review", "--org", "nope", "--year", "2026"], "org"],
    ] as const) {
      const run = await runTuanwu("campaign", "close", ...args, "--json");
      expect(run.exitCode, run.stdout).toBe(1);
      expect(JSON.parse(run.stdout).error).toMatchObject({ field });
    }
    const closedBefore = () =>
      cli.readDatabase((db) =>
        queryRows<{ closed: number }>(
          db,
          sql`select count(*)::int as closed from registration_campaign where closed_at is not null`,
        ),
      );
    expect(await closedBefore()).toEqual([{ closed: 0 }]);
    const closed = await runTuanwu(
      "campaign",
      "close",
      "--kind",
      "registration",
      "--org",
      "990001",
      "--year",
      "2026",
    );
    expect(closed.exitCode, closed.stderr).toBe(0);
    expect(closed.stdout).toContain("已结束");
    expect(await closedBefore()).toEqual([{ closed: 1 }]);
    const audits = await cli.readDatabase((db) =>
      queryRows<{ action: string }>(
        db,
        sql`select action from audit_log where action like '%campaign.close'`,
      ),
    );
    expect(audits.map((row) => row.action)).toEqual(["registration_campaign.close"]);
    const again = await runTuanwu(
      "campaign",
      "close",
      "--kind",
      "registration",
      "--org",
      "990001",
      "--year",
      "2026",
      "--json",
    );
    expect(again.exitCode).toBe(1);
    expect(JSON.parse(again.stdout).error).toMatchObject({ code: "already_closed" });
  });
});

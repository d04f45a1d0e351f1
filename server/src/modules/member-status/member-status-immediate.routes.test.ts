import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { eventKindsOf, historyOf, memberIdByName, sendAs } from "../../test/member-factories";
import { applyImmediateStatusChange } from "./member-status.repository";

/**
 * The one-statement path of an immediate status change (flowing ↔ active, issue 18 part 5; one call after the
 * county since issue 19 part 5): the same writes as the locking path, exactly one winner among concurrent
 * requests, nothing written when the member is not in the state expected, outside the scope given or changed
 * later than the day asked for; the audit's "before" as found under the lock. PGlite by default, PostgreSQL with
 * DATABASE_URL, and on the Citus cluster (CITUS_TEST_FILES).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let zhang: number;

beforeAll(async () => {
  context = await createTestApp();
  [east] = await logInEach(context.app, ["east"]);
  zhang = await memberIdByName(context.db, "张三");
});
afterAll(async () => context.close());

const today = todayInChina();
const ask = (toStatus: string, effectiveOn = today) =>
  sendAs(context.app, east, "POST", `/members/${zhang}/status-requests`, {
    toStatus,
    reason: "外出务工",
    effectiveOn,
  });

async function auditCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    context.db,
    sql`select count(*)::int as n from audit_log where action = 'member.status_change' and entity_id = ${String(zhang)}`,
  );
  return Number(row?.n ?? 0);
}

describe("immediate status changes in one statement", () => {
  it("lets exactly one of concurrent identical requests apply, with one period, archive and audit entry", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => ask("flowing")));
    const codes = answers.map((answer) => answer.statusCode).sort();
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code !== 200).every((code) => code === 422)).toBe(true);
    const history = await historyOf(context.db, zhang);
    expect(history.filter((period) => period.validTo === null)).toEqual([
      expect.objectContaining({ status: "flowing", validFrom: today }),
    ]);
    expect((await eventKindsOf(context.db, zhang)).filter((kind) => kind === "flowing_started")).toHaveLength(
      1,
    );
    expect(await auditCount()).toBe(1);
  });

  it("rewrites the period begun the same day when changed back, and refuses a date before it", async () => {
    expect((await ask("active", "2020-01-01")).statusCode).toBe(422);
    const back = await ask("active");
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ applied: true, request: null });
    const history = await historyOf(context.db, zhang);
    expect(history.filter((period) => period.validTo === null)).toEqual([
      expect.objectContaining({ status: "active", validFrom: today }),
    ]);
    expect(await auditCount()).toBe(2);
  });

  it("writes nothing when the member no longer holds the state it was checked in", async () => {
    const [before] = await queryRows<{ county: number }>(
      context.db,
      sql`select county_id::int as county from member where id = ${zhang}`,
    );
    const change = {
      memberId: zhang,
      countyId: Number(before?.county),
      toStatus: "active" as const,
      effectiveOn: today,
      scopePaths: null,
      event: { kind: "flowing_ended", summary: "x", detail: {} },
      actor: { userId: null, username: "test" },
      audit: { action: "member.status_change", after: {} },
    };
    // The member is active again: a change expecting flowing finds nothing to change.
    expect(await applyImmediateStatusChange(context.db, { ...change, fromStatus: "flowing" })).toBe(false);
    // Active, but its branch outside every scope root given.
    expect(
      await applyImmediateStatusChange(context.db, {
        ...change,
        fromStatus: "active",
        toStatus: "flowing",
        scopePaths: ["no-such-root."],
      }),
    ).toBe(false);
    // Active, but the status began after the day asked for.
    expect(
      await applyImmediateStatusChange(context.db, {
        ...change,
        fromStatus: "active",
        toStatus: "flowing",
        effectiveOn: "2020-01-01",
      }),
    ).toBe(false);
    expect(await auditCount()).toBe(2);
    expect((await historyOf(context.db, zhang)).filter((period) => period.validTo === null)).toHaveLength(1);
  });

  it("audits the status and its start as found where the member was locked", async () => {
    const entries = await queryRows<{ before: unknown; after: unknown }>(
      context.db,
      sql`select before, after from audit_log where action = 'member.status_change' and entity_id = ${String(zhang)}
           order by id`,
    );
    const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
    expect(entries.map((entry) => parse(entry.before))).toEqual([
      { status: "active", statusSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      { status: "flowing", statusSince: today },
    ]);
    expect(parse(entries[1]?.after)).toEqual({ status: "active", statusSince: today, reason: "外出务工" });
  });

  it("refuses an actor outside the member's subtree with 404 and writes nothing", async () => {
    const [township] = await queryRows<{ id: number }>(
      context.db,
      sql`select id from organization where name = '共青团西河镇委员会'`,
    );
    await createTestUser(context.db, "west", "org_admin", Number(township?.id));
    const [west] = await logInEach(context.app, ["west"]);
    const answer = await sendAs(context.app, west, "POST", `/members/${zhang}/status-requests`, {
      toStatus: "flowing",
      reason: "外出务工",
      effectiveOn: today,
    });
    expect(answer.statusCode).toBe(404);
    expect(await auditCount()).toBe(2);
  });
});

describe("the member indexes a status change has to maintain (migrations 0031 and 0033)", () => {
  it("name status only in 推优入党's birth-date index, and status_since and updated_at in none", async () => {
    // Migration 0031 (issue 18 part 5) took status out of every member index so that a status change
    // could be a heap-only (HOT) update. Migration 0033 (issue 18 part 1) puts it back in exactly one,
    // member_birth_date_idx (birth_date, status, organization_id): 推优入党's boundary months as an
    // index-only scan, 9 ms at the province instead of 150 ms with the heap fetches (bench/RESULTS.md,
    // 2026-12-07 main). A status change is therefore not HOT; any other index naming these columns
    // would be one more entry per change.
    const indexes = await queryRows<{ name: string; definition: string }>(
      context.db,
      sql`select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
            from pg_index i join pg_class c on c.oid = i.indexrelid
           where i.indrelid = 'member'::regclass`,
    );
    expect(indexes.length).toBeGreaterThan(5);
    const naming = indexes.filter((index) => /\b(status|status_since|updated_at)\b/.test(index.definition));
    expect(naming.map((index) => index.name)).toEqual(["member_birth_date_idx"]);
    expect(naming[0]?.definition).not.toMatch(/status_since|updated_at/);
    const [table] = await queryRows<{ options: string[] | null }>(
      context.db,
      sql`select reloptions as options from pg_class where oid = 'member'::regclass`,
    );
    expect(table?.options).toContain("fillfactor=90");
  });
});

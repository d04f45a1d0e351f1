import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../../db/database";
import * as schema from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  poolOf,
  REMOTE_WRITE,
  type RemoteCommand,
  remoteCommandLoggingPool,
} from "../../test/citus-routing";
import { createTestCounty, createTestUser, TEST_PASSWORD } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { recordAudit } from "../audit/audit.service";
import { deleteExpiredSessions, insertSession } from "./auth.repository";
import { logIn, logOut, resolveSession } from "./auth.service";

/**
 * Issue 19 part 1 (docs/SCALING.md "Users on Citus", migration 0052_users_reference): `app_user` and
 * `user_role` are reference tables (a copy on every node, the coordinator's read locally), `user_session`
 * stays a Citus local table on the coordinator. What that gives, with every command Citus sends logged
 * (`citus.log_remote_commands`) with its node:
 * - an authenticated request (the session, its user and roles in one statement) sends no command to a
 *   worker: every table it reads has a placement on the coordinator;
 * - a login writes the session on the coordinator and its audit entry on the county's worker: one worker
 *   and no reference-table write (a session replicated to every node would make each login a write on
 *   every node, committed in two phases);
 * - a logout likewise.
 * Each step is also timed (median of `ROUNDS`, printed, not asserted: the machine is shared). Runs only
 * on a Citus coordinator; skipped otherwise, with the reason printed.
 */
const skipReason = await citusRoutingSkipReason("auth-routing.citus.test.ts");

/** How many times each step is timed. */
const ROUNDS = 7;

/**
 * The measurement of the alternative (bench/RESULTS.md "Users on Citus"): with
 * TUANWU_MEASURE_SESSIONS=reference the test database's user_session is made a reference table first, and
 * the figures are printed without the assertions about where the writes go.
 */
const SESSIONS_AS_REFERENCE = process.env.TUANWU_MEASURE_SESSIONS === "reference";

describe.skipIf(skipReason !== null)("users, roles and sessions on Citus", () => {
  let handle: DatabaseHandle;
  let pool: pg.Pool;
  let single: pg.Pool;
  let db: Database;
  let commands: RemoteCommand[] = [];
  let countyId: number;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const tree = await createTestCounty(handle.db);
    countyId = tree.county.id;
    await createTestUser(handle.db, "east", "org_admin", tree.east.id);
    if (SESSIONS_AS_REFERENCE) {
      await handle.db.execute(sql`select create_reference_table('user_session')`);
    }
    pool = poolOf(handle.db);
    // One connection whose commands Citus logs with the node each went to, kept open across the rounds,
    // so that the times are of a pooled connection's requests (a new backend first opens its connections
    // to the workers).
    single = remoteCommandLoggingPool(pool, (command) => commands.push(command));
    db = drizzle(single, { schema }) as unknown as Database;
  }, 400_000);
  afterAll(async () => {
    await single?.end();
    await handle?.close();
  }, 600_000);

  /** The commands `work` sends, and its time in ms. */
  async function observe<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; sent: RemoteCommand[]; ms: number }> {
    commands = [];
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    return { result, sent: commands, ms };
  }

  /** A one-line summary of the commands sent: count, writes, nodes other than the coordinator, 2PC. */
  function summarize(what: string, sent: RemoteCommand[], times: number[]) {
    const remote = sent.filter((entry) => entry.node !== "local");
    const prepared = remote.filter((entry) => /PREPARE TRANSACTION/i.test(entry.command));
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
      `${what}: ${remote.length} remote commands (${remote.filter((entry) => REMOTE_WRITE.test(entry.command)).length} writes) ` +
        `to ${JSON.stringify([...new Set(remote.map((entry) => entry.node))])}, ${prepared.length} PREPARE TRANSACTION; ` +
        `median ${median.toFixed(1)} ms of ${times.length} (${sorted.map((t) => t.toFixed(0)).join(", ")})`,
    );
    return { remote, prepared };
  }

  it("places app_user and user_role on every node and keeps user_session on the coordinator", async () => {
    const rows = await queryRows<{ table_name: string; citus_table_type: string }>(
      handle.db,
      sql`select table_name::text, citus_table_type from citus_tables
         where table_name::text in ('app_user', 'user_role', 'user_session') order by 1`,
    );
    expect(rows).toEqual([
      { table_name: "app_user", citus_table_type: "reference" },
      { table_name: "user_role", citus_table_type: "reference" },
      { table_name: "user_session", citus_table_type: SESSIONS_AS_REFERENCE ? "reference" : "local" },
    ]);
  });

  it("an authenticated request reads on the coordinator alone; a login and a logout write one worker", async () => {
    const loginTimes: number[] = [];
    const sessionWriteTimes: number[] = [];
    let lastSessionWrite: RemoteCommand[] = [];
    const requestTimes: number[] = [];
    const logoutTimes: number[] = [];
    let lastLogin: RemoteCommand[] = [];
    let lastRequest: RemoteCommand[] = [];
    let lastLogout: RemoteCommand[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const login = await observe(() => logIn(db, { username: "east", password: TEST_PASSWORD }, 1));
      loginTimes.push(login.ms);
      lastLogin = login.sent;
      // The login's database writes alone (its argon2 verification is most of its time): the expired
      // sessions' delete, then the session and its audit entry in one transaction, as logIn writes them.
      const write = await observe(async () => {
        await deleteExpiredSessions(db, new Date());
        await db.transaction(async (tx) => {
          await insertSession(tx, {
            tokenHash: `measured-${round}`,
            userId: login.result.actor.userId as number,
            csrfToken: "measured",
            expiresAt: new Date(Date.now() + 3_600_000),
          });
          await recordAudit(tx, login.result.actor, {
            action: "auth.login",
            entityType: "user",
            entityId: login.result.actor.userId,
            organizationId: login.result.actor.roles[0]?.organizationId ?? null,
          });
        });
      });
      sessionWriteTimes.push(write.ms);
      lastSessionWrite = write.sent;
      const request = await observe(() => resolveSession(db, login.result.token));
      requestTimes.push(request.ms);
      lastRequest = request.sent;
      expect(request.result?.actor.username).toBe("east");
      const logout = await observe(() => logOut(db, login.result.actor, login.result.token));
      logoutTimes.push(logout.ms);
      lastLogout = logout.sent;
      expect(await resolveSession(db, login.result.token)).toBeUndefined();
    }
    const request = summarize("authenticated request (session, user, roles)", lastRequest, requestTimes);
    expect(request.remote, JSON.stringify(lastRequest, null, 1)).toEqual([]);
    summarize("login's writes (expired sessions, session, audit entry)", lastSessionWrite, sessionWriteTimes);
    for (const [what, sent, times] of [
      ["login", lastLogin, loginTimes],
      ["logout", lastLogout, logoutTimes],
    ] as const) {
      const { remote } = summarize(what, sent, times);
      if (SESSIONS_AS_REFERENCE) continue;
      const nodes = new Set(remote.map((entry) => entry.node));
      // The audit entry, on the county's worker; nothing replicated (a reference-table write would go to
      // every node).
      expect([...nodes], `${what}: ${JSON.stringify(sent, null, 1)}`).toHaveLength(1);
      expect(remote.filter((entry) => /user_session|app_user|user_role/.test(entry.command))).toEqual([]);
      expect(
        remote.filter((entry) => /audit_log/.test(entry.command)).length,
        `${what}: the audit entry`,
      ).toBe(1);
    }
    const [audit] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action in ('auth.login', 'auth.logout')`,
    );
    expect(audit?.n).toBe(3 * ROUNDS);
    expect(countyId).toBeGreaterThan(0);
  });
});

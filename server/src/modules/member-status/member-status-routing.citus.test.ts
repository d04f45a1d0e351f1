import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  expectEachOneTaskOn,
  LOCK_OR_WRITE,
  type LoggedStatement,
  planScans,
  REMOTE_WRITE,
  type RemoteCommand,
  remoteCommandsOf,
  useRoutingProofDatabase,
  workerOfCounty,
} from "../../test/citus-routing";
import { systemActor } from "../auth/system-actor";
import { decideStatusRequest, requestStatusChange } from "./member-status.service";

/**
 * Issue 19 part 2: a status change of a member in a county — the request and the higher committee's
 * decision (the locking path: lock, update, history, archive, request row) — runs every lock, write
 * and read of the member family as a single-shard (router) statement on a Citus coordinator: the
 * services are run on a connection that logs each statement, and each is EXPLAINed with its
 * parameters. A row named by id alone (the member, the request) gets its county from county_locator
 * (db/county.ts), one single-shard read, so no statement of the family asks every shard. Runs only
 * when DATABASE_URL is a Citus coordinator; skipped otherwise, with the reason printed.
 */
const skipReason = await citusRoutingSkipReason("member-status-routing.citus.test.ts");

/** The member family's tables, as Drizzle and the repositories' raw SQL name them. */
const FAMILY =
  /\b(member|member_history|member_event|member_status_request|member_correction_request)\b(?!_)/;

const today = new Date().toISOString().slice(0, 10);

describe.skipIf(skipReason !== null)("a status change inside a county is single-shard on Citus", () => {
  const proof = useRoutingProofDatabase();

  /** The task count of each Citus scan of `statement`'s plan. */
  async function tasksOf(statement: LoggedStatement): Promise<number[]> {
    return (await planScans(proof.pool, statement)).map((scan) => scan.count);
  }

  it("the request and the decision: every member-family lock and write is one task", async () => {
    const { handle, tree, pool, logged, statements } = proof;
    const [row] = await queryRows<{ id: number }>(handle.db, sql`select id from member where name = '张三'`);
    const memberId = Number(row?.id);
    const asked = await requestStatusChange(
      logged,
      systemActor("routing-test"),
      memberId,
      { toStatus: "withdrawn", reason: "本人申请退团", effectiveOn: today },
      today,
    );
    expect(asked.applied).toBe(false);
    const requestId = asked.request?.id as number;
    const decided = await decideStatusRequest(
      logged,
      systemActor("routing-test"),
      requestId,
      { decision: "approve" },
      today,
    );
    expect(decided.state).toBe("approved");

    const family = statements.filter((statement) => FAMILY.test(statement.query));
    const writes = family.filter((statement) => LOCK_OR_WRITE.test(statement.query));
    expect(writes.length, "locks and writes of the member family").toBeGreaterThanOrEqual(8);
    await expectEachOneTaskOn(pool, writes, await workerOfCounty(handle.db, tree.county.id));
    // Every read of the family is single-shard too: a row found by id alone gets its county from
    // county_locator first (db/county.ts), a single-shard read itself. Before the locator, 7 reads asked
    // every shard (the county lookups by id, the archive's, the access check's).
    const fanOut: string[] = [];
    for (const statement of family.filter((candidate) => !LOCK_OR_WRITE.test(candidate.query))) {
      const counts = await tasksOf(statement);
      if (Math.max(0, ...counts) > 1) fanOut.push(statement.query);
    }
    expect(fanOut, "member-family reads that ask every shard").toEqual([]);
    const located = statements.filter((statement) => /\bcounty_locator\b/.test(statement.query));
    expect(located.length, "county lookups by id through county_locator").toBeGreaterThanOrEqual(5);
    for (const statement of located) {
      const counts = await tasksOf(statement);
      expect(counts.length, `a Citus scan in ${statement.query}`).toBeGreaterThan(0);
      expect(counts, statement.query).toEqual(counts.map(() => 1));
    }
    console.log(
      `status request + decision: ${writes.length} locks/writes and ${family.length - writes.length} reads of the member family, ${located.length} county lookups: all single-shard`,
    );
  });

  /**
   * Member `name` (of the test county) made flowing at once (active → flowing needs no decision), on a
   * connection whose commands Citus logs: the member's id and what Citus sent.
   */
  async function immediateChange(name: string): Promise<{ memberId: number; commands: RemoteCommand[] }> {
    const [row] = await queryRows<{ id: number }>(
      proof.handle.db,
      sql`select id from member where name = ${name}`,
    );
    const memberId = Number(row?.id);
    const commands = await remoteCommandsOf(proof.pool, async (db) => {
      const changed = await requestStatusChange(
        db,
        systemActor("routing-test"),
        memberId,
        { toStatus: "flowing", reason: "外出务工", effectiveOn: today },
        today,
      );
      expect(changed.applied).toBe(true);
    });
    return { memberId, commands };
  }

  it("the immediate change (flowing ↔ active): the county lookup and the delegated call, no other read of the family", async () => {
    // Issue 19 part 5: the member's state is checked where the call locks the row (member_status_change_try,
    // migration 0042), so nothing of the member family is read before the call.
    const { commands } = await immediateChange("李四");
    const lookups = commands.filter((entry) => /\bcounty_locator/.test(entry.command));
    expect(lookups, JSON.stringify(commands, null, 1)).toHaveLength(1);
    const calls = commands.filter((entry) => /member_status_change_try/.test(entry.command));
    expect(calls, JSON.stringify(commands, null, 1)).toHaveLength(1);
    const others = commands.filter(
      (entry) =>
        FAMILY.test(entry.command) &&
        !/member_status_change_try/.test(entry.command) &&
        !/\bcounty_locator/.test(entry.command),
    );
    expect(others, "member-family statements besides the lookup and the call").toEqual([]);
  });

  it("the immediate change is one worker's one-phase commit: no coordinator write, no 2PC, one statement", async () => {
    const { handle } = proof;
    // Issue 19 part 5: audit_log distributed by county, co-located with member (migration 0040): the
    // member, history, archive and audit rows of the change lie in one shard group, and the one CTE of
    // the immediate path goes to its worker whole (not split into subplans with intermediate results).
    const { memberId, commands } = await immediateChange("王五");
    // The write is one call of member_status_change_try, delegated whole to the county's worker.
    const writes = commands.filter(
      (entry) => REMOTE_WRITE.test(entry.command) || /member_status_change_try/.test(entry.command),
    );
    expect(writes.length, JSON.stringify(commands, null, 1)).toBeGreaterThan(0);
    expect(
      commands.filter((entry) => entry.node === "local" && REMOTE_WRITE.test(entry.command)),
      "writes the coordinator ran itself",
    ).toEqual([]);
    const nodes = new Set(commands.map((entry) => entry.node));
    expect(nodes.size, `nodes: ${JSON.stringify(commands, null, 1)}`).toBe(1);
    expect(
      commands.filter((entry) => /PREPARE TRANSACTION|COMMIT PREPARED/i.test(entry.command)),
      "two-phase commit",
    ).toEqual([]);
    expect(
      commands.filter((entry) => /read_intermediate_result|format.{0,3}result/i.test(entry.command)),
      "subplans with intermediate results",
    ).toEqual([]);
    expect(
      writes.filter((entry) => /member_status_change_try/.test(entry.command)),
      "the change delegated as one call",
    ).toHaveLength(1);
    const [entry] = await queryRows<{ county_id: number; organization_id: number }>(
      handle.db,
      sql`select county_id, organization_id from audit_log where entity_type = 'member' and entity_id = ${String(memberId)}
           order by id desc limit 1`,
    );
    const [branch] = await queryRows<{ county_id: number }>(
      handle.db,
      sql`select county_id from organization where id = ${entry?.organization_id}`,
    );
    expect(Number(entry?.county_id)).toBe(Number(branch?.county_id));
  });
  it("the request and the decision each commit on one worker: no coordinator write, no 2PC", async () => {
    const { handle, pool } = proof;
    // The request's county_locator row is written after its commit (member-status.service), so neither
    // transaction writes outside the county's shard group (the member family and audit_log, co-located).
    const [row] = await queryRows<{ id: number }>(handle.db, sql`select id from member where name = '赵六'`);
    const memberId = Number(row?.id);
    let requestId = 0;
    const asking = await remoteCommandsOf(pool, async (db) => {
      const asked = await requestStatusChange(
        db,
        systemActor("routing-test"),
        memberId,
        { toStatus: "withdrawn", reason: "本人申请退团", effectiveOn: today },
        today,
      );
      requestId = asked.request?.id as number;
    });
    expect(requestId).toBeGreaterThan(0);
    const deciding = await remoteCommandsOf(pool, (db) =>
      decideStatusRequest(db, systemActor("routing-test"), requestId, { decision: "approve" }, today),
    );
    for (const commands of [asking, deciding]) {
      expect(
        commands.filter((entry) => /PREPARE TRANSACTION|COMMIT PREPARED/i.test(entry.command)),
        "two-phase commit",
      ).toEqual([]);
      expect(
        commands.filter((entry) => entry.node === "local" && REMOTE_WRITE.test(entry.command)),
        "writes the coordinator ran itself",
      ).toEqual([]);
    }
    const [located] = await queryRows<{ county_id: number }>(
      handle.db,
      sql`select county_id from county_locator where id = ${requestId} and kind = 'member_status_request'`,
    );
    expect(Number(located?.county_id)).toBeGreaterThan(0);
  });
});

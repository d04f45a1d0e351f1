import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  poolOf,
  type RemoteCommand,
  remoteCommandsOf,
  workerOfCounty,
} from "../../test/citus-routing";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { diffCadreCounts } from "./cadre-count.repository";
import { createTrainingRound, putAttendance } from "./cadre-training.service";
import { createCadre, getCadreProfile } from "./cadres.service";

/**
 * Issue 19 part 1: the cadre records of a county are one shard group on a Citus coordinator (migration
 * 0051_cadre_distribution: cadre, cadre_placement, training_attendance, cadre_count and cadre_empty_post
 * distributed by county_id, co-located with member; training_round a reference table). A member appointed
 * a branch secretary and a training round's attendance are written through the services on a connection
 * whose remote commands Citus logs (`citus.log_remote_commands`); every lock and write on a shard of those
 * tables or of member goes to the worker holding the county's shard group — the tallies' upkeep
 * (`cadre_upkeep`, the coordinator-side call that replaces the cadre triggers on Citus) included, since
 * every holder on the post's path is in the county's bucket here (a county at the root). The reads that
 * ask other workers are printed (the access check's and the county lookup's by id, a member's open posts
 * in any county). The tallies equal the recount after each.
 * Skipped, with the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("cadre-routing.citus.test.ts");

/** A shard of the cadre family or of member (`cadre_102345`, `member_102008`, …). */
const SHARD = /\b(cadre|cadre_placement|training_attendance|cadre_count|cadre_empty_post|member)_\d+\b/;
const WRITE =
  /^\s*(with\b[\s\S]*\b(insert|update|delete)\b|insert|update|delete)\b|\bfor (update|no key update)\b/i;

function summary(commands: RemoteCommand[]) {
  return JSON.stringify(
    commands.map((entry) => `${entry.node}: ${entry.command.slice(0, 160)}`),
    null,
    1,
  );
}

describe.skipIf(skipReason !== null)("cadre writes of a county go to its worker on Citus", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;
  let worker: string;
  const actor = systemActor("routing-test");

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
    worker = await workerOfCounty(handle.db, tree.county.id, "cadre");
  }, 400_000);
  afterAll(async () => handle?.close(), 600_000);

  it("a member appointed branch secretary: the cadre, the tallies, the empty posts and the member's fields on the county's worker", async () => {
    const [member] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id::int as id from member where organization_id = ${tree.eastVillage1.id} order by id limit 1`,
    );
    const commands = await remoteCommandsOf(poolOf(handle.db), async (db) => {
      await createCadre(db, actor, tree.eastVillage1.id, {
        memberId: Number(member?.id),
        post: "secretary",
        kind: "part_time",
        startedOn: "2025-03-01",
      } as never);
    });
    const shardCommands = commands.filter((entry) => SHARD.test(entry.command));
    expect(shardCommands.length, summary(commands)).toBeGreaterThan(0);
    const writes = shardCommands.filter((entry) => WRITE.test(entry.command));
    expect(
      writes.filter((entry) => entry.node !== worker),
      `locks and writes on the family's shards sent elsewhere than ${worker}: ${summary(commands)}`,
    ).toEqual([]);
    console.log(
      `appointment, reads elsewhere: ${summary(shardCommands.filter((entry) => entry.node !== worker))}`,
    );
    // The cadre insert, the tallies, the empty posts' delete and insert, the member's fields.
    expect(writes.length, summary(commands)).toBeGreaterThanOrEqual(4);
    console.log(
      `appointment: ${commands.length} commands, ${shardCommands.length} on the family's shards (${writes.length} locks/writes), nodes ${[
        ...new Set(commands.map((entry) => entry.node)),
      ].join(", ")}`,
    );
    const [fields] = await queryRows<{ is_cadre: boolean; league_position: string }>(
      handle.db,
      sql`select is_cadre, league_position from member where id = ${Number(member?.id)}`,
    );
    expect(fields).toEqual({ is_cadre: true, league_position: "secretary" });
    expect(await diffCadreCounts(handle.db)).toEqual([]);
  });

  it("a training round's attendance: the attendance, training_rounds and the 'trained' tallies on the county's worker", async () => {
    const round = await createTrainingRound(handle.db, actor, tree.county.id, {
      title: "路由轮训",
      startsOn: "2025-04-01",
      endsOn: "2025-04-03",
    });
    const open = await queryRows<{ id: number }>(
      handle.db,
      sql`select id::int as id from cadre where ended_on is null order by id`,
    );
    const commands = await remoteCommandsOf(poolOf(handle.db), async (db) => {
      await putAttendance(
        db,
        actor,
        round.id,
        open.map((row) => Number(row.id)),
      );
    });
    const shardCommands = commands.filter((entry) => SHARD.test(entry.command));
    expect(
      shardCommands.filter((entry) => WRITE.test(entry.command) && entry.node !== worker),
      `locks and writes on the family's shards sent elsewhere than ${worker}: ${summary(commands)}`,
    ).toEqual([]);
    console.log(
      `attendance, reads elsewhere: ${summary(shardCommands.filter((entry) => entry.node !== worker))}`,
    );
    console.log(
      `attendance: ${commands.length} commands, ${shardCommands.length} on the family's shards, nodes ${[
        ...new Set(commands.map((entry) => entry.node)),
      ].join(", ")}`,
    );
    const profile = await getCadreProfile(handle.db, actor, tree.county.id);
    expect(profile.count).toBe(open.length);
    expect(profile.trainedShare).toBe(1);
    expect(await diffCadreCounts(handle.db)).toEqual([]);
  });
});

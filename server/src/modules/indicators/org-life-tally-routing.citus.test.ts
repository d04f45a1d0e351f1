import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  expectEachOneTaskOn,
  REMOTE_WRITE,
  remoteCommandsOf,
  useRoutingProofDatabase,
  withLiteralParameters,
  workerOfCounty,
} from "../../test/citus-routing";
import { foldMemberCountDeltas } from "../stats/member-count.service";
import { readAnnualCycleTallies } from "./annual-cycle-figures.repository";
import { readDuesAndRatingCounts, readOrganizationalLifeCounts } from "./org-life-count.repository";

/**
 * Issue 19 part 1: the organizational-life tallies (org_life_count, org_life_own) distributed by the
 * holder's county bucket on a Citus coordinator (migration 0056_org_life_tally_county, docs/SCALING.md "The
 * organizational-life tallies by holder"). The indicators' three reads of a county's tallies
 * (readOrganizationalLifeCounts, readDuesAndRatingCounts, readAnnualCycleTallies) run on a connection that
 * logs every statement; each statement reading org_life_count is EXPLAINed with its values: one task, on the
 * worker holding the county's shard group. The fold's refresh of a county's branch (the tallies of the
 * branch, its township and the county: all in the county's bucket) writes that worker alone. Skipped, with
 * the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("org-life-tally-routing.citus.test.ts");

describe.skipIf(skipReason !== null)("a county's organizational-life tallies are one shard on Citus", () => {
  const proof = useRoutingProofDatabase();

  it("the indicators' reads of a county's tallies are one task each on the county's worker", async () => {
    const { handle, tree, pool, logged, statements } = proof;
    await foldMemberCountDeltas(handle.db);
    const [kind] = await queryRows<{ kind: string }>(
      handle.db,
      sql`select citus_table_type as kind from citus_tables where table_name = 'org_life_count'::regclass`,
    );
    expect(kind?.kind).toBe("distributed");
    const worker = await workerOfCounty(handle.db, tree.county.id, "org_life_count");
    const asOf = new Date().toISOString().slice(0, 10);

    statements.length = 0;
    const life = await readOrganizationalLifeCounts(logged, [tree.county.id], asOf);
    expect(life?.get(tree.county.id)?.branches, "the county's three branches").toBe(3);
    const dues = await readDuesAndRatingCounts(logged, [tree.county.id], asOf);
    expect(dues.get(tree.county.id)?.expectedMemberMonths).toBeGreaterThan(0);
    await readAnnualCycleTallies(logged, [tree.county.id], asOf);
    const reads = statements
      .filter((statement) => /\borg_life_count\b/.test(statement.query))
      .map(withLiteralParameters);
    expect(reads.length, "the reads of org_life_count").toBeGreaterThanOrEqual(2);
    await expectEachOneTaskOn(pool, reads, worker);
    console.log(`a county's tallies: ${reads.length} reads of org_life_count, each one task on ${worker}`);
  });

  it("the fold's refresh of a county's branch writes the tallies on the county's worker alone", async () => {
    const { handle, tree, pool } = proof;
    const worker = await workerOfCounty(handle.db, tree.county.id, "org_life_count");
    const commands = await remoteCommandsOf(pool, (db: Database) =>
      db.transaction((tx) =>
        tx.execute(sql`select org_life_count_refresh(array[${tree.eastVillage1.id}::int])`),
      ),
    );
    const tallyWrites = commands.filter(
      (command) => REMOTE_WRITE.test(command.command) && /\borg_life_(count|own)_\d+\b/.test(command.command),
    );
    expect(tallyWrites.length, "the refresh's writes of the tallies").toBeGreaterThan(0);
    expect([...new Set(tallyWrites.map((command) => command.node))]).toEqual([worker]);
    console.log(`a branch's refresh: ${tallyWrites.length} tally writes, all on ${worker}`);
  });
});

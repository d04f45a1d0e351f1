import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  expectEachOneTaskOn,
  LOCK_OR_WRITE,
  planScans,
  useRoutingProofDatabase,
  workerOfCounty,
} from "../../test/citus-routing";
import { systemActor } from "../auth/system-actor";
import { selfRate, transitionRating } from "./star-rating.service";

/**
 * Issue 19 part 1: a branch's star rating (评星定级) is written in its county's shard group on a Citus
 * coordinator (migration 0044_review_rating_county: star_rating distributed by county_id, co-located
 * with the engine's tables and the member family; the scoring sheets a reference table). The branch's
 * self-rating (the rating inserted, its engine instance opened) and its submission are run through the
 * service on a connection that logs every statement; each lock and write of star_rating or the engine's
 * tables is EXPLAINed with its parameters: one task, on the worker that holds the county's shard group.
 * The by-id county lookups (db/county.ts) are the only reads asking every shard, without a lock.
 * Skipped, with the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("star-rating-routing.citus.test.ts");

/** The distributed tables a rating touches. */
const DISTRIBUTED = /\b(star_rating|workflow_instance|workflow_step|work_item)\b(?!_)/;

const today = new Date().toISOString().slice(0, 10);
const SCORES = { organization: 19, members: 19, organizational_life: 19, role: 19, records: 19 };

describe.skipIf(skipReason !== null)("a star rating in a county is one shard group on Citus", () => {
  const proof = useRoutingProofDatabase();

  it("self-rating and submission: every lock and write of the rating and its workflow is one task on the county's worker", async () => {
    const { handle, tree, pool, logged, statements } = proof;
    const [sheets] = await queryRows<{ kind: string }>(
      handle.db,
      sql`select citus_table_type as kind from citus_tables where table_name = 'star_rating_sheet'::regclass`,
    );
    expect(sheets?.kind).toBe("reference");
    const worker = await workerOfCounty(handle.db, tree.county.id, "star_rating");
    const actor = systemActor("routing-test");
    const rated = await selfRate(logged, actor, tree.eastVillage1.id, { year: 2025, scores: SCORES }, today);
    expect(rated).toMatchObject({ selfScore: 95, state: "self_rating" });
    const submitted = await transitionRating(
      logged,
      actor,
      rated.id,
      { action: "submit_self_rating", version: 1, payload: {} },
      today,
    );
    expect(submitted.state).toBe("awaiting_committee_review");
    const [stored] = await queryRows<{ county_id: number }>(
      handle.db,
      sql`select county_id from star_rating where id = ${rated.id}`,
    );
    expect(Number(stored?.county_id)).toBe(tree.county.id);

    const distributed = statements.filter((statement) => DISTRIBUTED.test(statement.query));
    const writes = distributed.filter((statement) => LOCK_OR_WRITE.test(statement.query));
    const ratingWrites = writes.filter((statement) => /\bstar_rating\b(?!_)/.test(statement.query));
    expect(ratingWrites.length, "locks and writes of star_rating").toBeGreaterThanOrEqual(4);
    await expectEachOneTaskOn(pool, writes, worker);
    let fanOut = 0;
    for (const statement of distributed.filter((candidate) => !LOCK_OR_WRITE.test(candidate.query))) {
      const scans = await planScans(pool, statement);
      if (Math.max(0, ...scans.map((scan) => scan.count)) > 1) {
        expect(
          statement.query,
          "only county lookups by id and the access check by id ask every shard",
        ).toMatch(
          /^select ("?county_id"? from "?(workflow_instance|star_rating)"?|"star_rating"\."id", "organization"\."path" from "star_rating")/i,
        );
        fanOut += 1;
      }
    }
    console.log(
      `star rating in a county: ${writes.length} locks/writes on ${worker}, ${fanOut} reads by id of every shard`,
    );
  });
});

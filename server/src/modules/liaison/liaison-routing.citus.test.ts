import { describe, expect, it } from "vitest";
import {
  citusRoutingSkipReason,
  expectEachOneTaskOn,
  LOCK_OR_WRITE,
  planScans,
  useRoutingProofDatabase,
  workerOfCounty,
} from "../../test/citus-routing";
import { systemActor } from "../auth/system-actor";
import { createTerm, recordElection } from "../terms/terms.service";
import { createContactLog, createDeputy, createStation, listContactLogs } from "./liaison.service";

/**
 * Issue 19 part 1: terms, deputies, liaison stations and contact logs of a county are ONE shard group on a
 * Citus coordinator (migration 0042_cadre_county: the five tables distributed by county_id, co-located
 * with member). A township committee's term, its election, a congress deputy on the term's roster, a
 * liaison station and a contact log of the deputy are written through the services on a connection that
 * logs every statement; each lock, read and write of these tables naming the county is EXPLAINed with
 * its parameters: one task, on the worker that holds the county's shard group; so is every read naming the
 * county (a term's read with its later-term and roster subqueries was planned over all 32 shards while they
 * named the county only by correlation). The only statements asking every shard are the lookups by id
 * without a lock (the term's county for the election, the access check's reads of the term and the deputy,
 * the contact log's person, the deputies' names). Skipped, with the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("liaison-routing.citus.test.ts");

const TABLES = /\b(organization_term|deputy|liaison_station|liaison_assignment|contact_log)\b(?!_)/;

const today = new Date().toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

describe.skipIf(skipReason !== null)(
  "terms, deputies and liaison of a county are one shard group on Citus",
  () => {
    const proof = useRoutingProofDatabase();

    it("a township's term, its election, a deputy, a station and a contact log: every lock and write one task on the county's worker", async () => {
      const { handle, tree, pool, logged, statements } = proof;
      const actor = systemActor("routing-test");
      const township = tree.east.id;
      const term = await createTerm(logged, actor, township, {
        body: "congress",
        startsOn: `${year - 5}-01-01`,
        endsOn: `${year}-01-01`,
        seats: 10,
        grassrootsSeats: 9,
      });
      const deputy = await createDeputy(logged, actor, township, {
        name: "路由代表",
        body: "congress_deputy",
        grassroots: true,
        frontLine: false,
        termId: term.id,
      });
      await createStation(logged, actor, township, { name: "路由联络站", address: null });
      const log = await createContactLog(
        logged,
        actor,
        township,
        {
          deputyId: deputy.id,
          kind: "visit",
          occurredOn: today,
          youthCount: 7,
          linkedOrganizationId: tree.eastVillage1.id,
        },
        today,
      );
      expect(log.personName).toBe("路由代表");
      const elected = await recordElection(logged, actor, term.id, {
        electedOn: today,
        endsOn: `${year + 5}-01-01`,
        seats: 12,
        grassrootsSeats: 11,
      });
      expect(elected.previous.succeeded).toBe(true);
      // The figures read back on the cluster: the old term's roster (one grassroots deputy), the new term.
      expect(elected.previous.rosterSeats).toBe(1);
      expect(elected.term.seats).toBe(12);
      const logs = await listContactLogs(logged, actor, tree.county.id, { year });
      expect(logs.map((row) => [row.personName, row.youthCount])).toEqual([["路由代表", 7]]);

      const worker = await workerOfCounty(handle.db, tree.county.id, "deputy");
      const touching = statements.filter((statement) => TABLES.test(statement.query));
      const writes = touching.filter((statement) => LOCK_OR_WRITE.test(statement.query));
      expect(writes.length, "locks and writes of the tables").toBeGreaterThanOrEqual(6);
      await expectEachOneTaskOn(pool, writes, worker);
      const fanOut: string[] = [];
      for (const statement of touching.filter((candidate) => !LOCK_OR_WRITE.test(candidate.query))) {
        const scans = await planScans(pool, statement);
        if (/county_id"? = (\$\d|any)/.test(statement.query)) {
          for (const scan of scans) expect(scan.count, statement.query).toBe(1);
        } else if (Math.max(0, ...scans.map((scan) => scan.count)) > 1) {
          expect(statement.query, "only lookups by id ask every shard").toMatch(
            /^select (county_id from "organization_term"|"(deputy|organization_term)"\."id", "organization"\."path" from "(deputy|organization_term)"|d\.organization_id|id::int as id, name from deputy)/i,
          );
          fanOut.push(statement.query);
        }
      }
      console.log(
        `terms and liaison in a county: ${writes.length} locks/writes on ${worker}, ${fanOut.length} lookups by id of every shard`,
      );
    });
  },
);

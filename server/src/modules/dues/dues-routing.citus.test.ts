import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  REMOTE_WRITE,
  type RemoteCommand,
  remoteCommandsOf,
  useRoutingProofDatabase,
} from "../../test/citus-routing";
import { systemActor } from "../auth/system-actor";
import { upsertRegistration } from "../registrations/registration.repository";
import { foldMemberCountDeltas } from "../stats/member-count.service";
import { putMonthDues } from "./dues.service";

/**
 * Issue 19 part 1: dues_payment and member_registration distributed by the member's county, co-located
 * with member (migration 0043_org_life_county). A branch's month of dues recorded through the service
 * (the roll read, the payments, the payers' last_dues_paid_on, the audit entry) and a member's
 * registration decision are each sent to ONE worker — the one holding the county's shard group — with no
 * write on the coordinator and no two-phase commit; the organizational-life tallies follow at the next
 * fold (org_life_mark, on the same shard). Every command Citus sends is logged
 * (`citus.log_remote_commands`) with the node it went to. Runs only on a Citus coordinator; skipped
 * otherwise, with the reason printed.
 */
const skipReason = await citusRoutingSkipReason("dues-routing.citus.test.ts");

describe.skipIf(skipReason !== null)(
  "a county's dues and registrations are written on one worker on Citus",
  () => {
    const proof = useRoutingProofDatabase();

    function expectOneWorker(commands: RemoteCommand[], what: string) {
      const writes = commands.filter((entry) => REMOTE_WRITE.test(entry.command));
      expect(writes.length, `${what}: writes sent`).toBeGreaterThan(0);
      expect(
        commands.filter((entry) => entry.node === "local" && REMOTE_WRITE.test(entry.command)),
        `${what}: writes the coordinator ran itself`,
      ).toEqual([]);
      const nodes = new Set(commands.filter((entry) => entry.node !== "local").map((entry) => entry.node));
      expect([...nodes], `${what}: ${JSON.stringify(commands, null, 1)}`).toHaveLength(1);
      // A commit prepared, if any, is on that worker alone: the month's payments are an INSERT … SELECT
      // from jsonb, which Citus runs through the coordinator on a connection of its own, so the worker's
      // two connections commit in two phases — the same node, no other participant.
      const prepared = commands.filter((entry) => /PREPARE TRANSACTION|COMMIT PREPARED/i.test(entry.command));
      expect(
        prepared.filter((entry) => !nodes.has(entry.node)),
        `${what}: two-phase commit with another node`,
      ).toEqual([]);
      console.log(
        `${what}: ${commands.length} commands, ${writes.length} writes, all on ${[...nodes].join(", ")}; prepared: ${prepared.length}`,
      );
      return writes;
    }

    it("a branch's month of dues: every command on the county's worker, the tallies after the fold", async () => {
      const { handle, tree, pool } = proof;
      const branch = tree.eastVillage1.id;
      const roll = await queryRows<{ id: number; joined_on: string }>(
        handle.db,
        sql`select id::int as id, joined_on::text from member where organization_id = ${branch}
           and status in ('active', 'transferring', 'flowing') order by id`,
      );
      expect(roll.length).toBeGreaterThan(1);
      const month = "2026-03-01";
      const commands = await remoteCommandsOf(pool, (db) =>
        putMonthDues(
          db,
          systemActor("routing-test"),
          branch,
          month,
          roll.map((row) => ({
            memberId: row.id,
            amountYuan: 0.2,
            paidOn: "2026-03-10",
            category: "student" as const,
            deviationReason: "routing test",
          })),
          "2026-03-31",
        ),
      );
      const writes = expectOneWorker(commands, "dues");
      expect(
        writes.filter((entry) => /dues_payment/.test(entry.command)).length,
        "the payments' insert",
      ).toBeGreaterThan(0);
      const stored = await queryRows<{ county_id: number; n: number }>(
        handle.db,
        sql`select county_id, count(*)::int as n from dues_payment where month = ${month} group by 1`,
      );
      expect(stored).toEqual([{ county_id: tree.county.id, n: roll.length }]);
      await foldMemberCountDeltas(handle.db);
      const [paid] = await queryRows<{ amount: number }>(
        handle.db,
        sql`select amount::int as amount from org_life_count
           where organization_id = ${tree.county.id} and dimension = 'paid' and value = '2026-03'`,
      );
      expect(Number(paid?.amount)).toBe(roll.filter((row) => row.joined_on.slice(0, 7) <= "2026-03").length);
    });

    it("a member's registration decision: one worker", async () => {
      const { handle, tree, pool } = proof;
      const [campaign] = await queryRows<{ id: number }>(
        handle.db,
        sql`insert into registration_campaign (organization_id, year, opens_on, closes_on)
          values (${tree.county.id}, 2026, '2026-01-01', '2026-12-31') returning id::int as id`,
      );
      const [member] = await queryRows<{ id: number; county_id: number }>(
        handle.db,
        sql`select id::int as id, county_id from member where organization_id = ${tree.eastVillage1.id} order by id limit 1`,
      );
      const commands = await remoteCommandsOf(pool, (db) =>
        db.transaction((tx) =>
          upsertRegistration(tx, {
            countyId: Number(member?.county_id),
            campaignId: Number(campaign?.id),
            memberId: Number(member?.id),
            status: "registered",
            deferredUntil: null,
            reason: null,
            decidedOn: "2026-03-01",
          }),
        ),
      );
      expectOneWorker(commands, "registration");
    });
  },
);

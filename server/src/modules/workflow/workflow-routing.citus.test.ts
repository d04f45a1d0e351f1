import { permissionsOfRoles } from "@tuanwu/domain";
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
import { explainCitusTasks } from "../../test/citus-test-cluster";
import type { Actor } from "../auth/actor";
import { systemActor } from "../auth/system-actor";
import { applyTransferTransition, startTransfer } from "../transfers/transfers.service";
import { todoPageStatement } from "./todo.repository";

/**
 * Issue 19 part 2: a workflow step in a county is ONE shard group on a Citus coordinator (migrations
 * 0039_workflow_county and 0041_workflow_distribution: the engine's tables and the workflows' own tables distributed by county_id,
 * co-located with the member family). A transfer between two branches of one county is run through
 * the service — start, the sending committee's approval, the receiving branch's acceptance, the
 * receiving committee's approval (completion: the member moves) — on a connection that logs every
 * statement; each lock and write of a workflow table or of the member family is EXPLAINed with its
 * parameters: one task, on the worker that holds the county's shard group (the same worker for all).
 * The reads that find a row's county by id (db/county.ts) and the access check's read of the transfer
 * by id are the only ones asking every shard, without a lock; audit_log stays on the coordinator. And a county secretary's to-do page is one task; a city's
 * asks every shard. The tables are distributed by migration 0041_workflow_distribution (0039 gave every
 * row its county). Skipped, with the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("workflow-routing.citus.test.ts");

/** The distributed tables a step touches, as Drizzle and the repositories' raw SQL name them. */
const DISTRIBUTED =
  /\b(workflow_instance|workflow_step|work_item|member_transfer|member|member_history|member_event)\b(?!_)/;

const today = new Date().toISOString().slice(0, 10);

describe.skipIf(skipReason !== null)("a workflow step in a county is one shard group on Citus", () => {
  const proof = useRoutingProofDatabase();

  it("a transfer inside the county, start to completion: every lock and write is one task on the county's worker", async () => {
    const { handle, tree, pool, logged, statements } = proof;
    const [row] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from member where organization_id = ${tree.eastVillage1.id} order by id limit 1`,
    );
    const actor = systemActor("routing-test");
    const started = await startTransfer(
      logged,
      actor,
      {
        memberId: Number(row?.id),
        toOrganizationId: tree.westVillage.id,
        reason: "moved_residence",
        kind: "ordinary",
        startedOn: today,
      },
      today,
    );
    let version = started.version;
    let state: string = started.state;
    for (const action of [
      "approve_sending_committee",
      "accept_receiving",
      "approve_receiving_committee",
    ] as const) {
      const page = await applyTransferTransition(
        logged,
        actor,
        started.id,
        { action, version, payload: {} },
        today,
      );
      version = page.version;
      state = page.state;
    }
    expect(state).toBe("completed");

    const worker = await workerOfCounty(handle.db, tree.county.id);
    const distributed = statements.filter((statement) => DISTRIBUTED.test(statement.query));
    const writes = distributed.filter((statement) => LOCK_OR_WRITE.test(statement.query));
    const workflowWrites = writes.filter((statement) =>
      /\b(workflow_instance|workflow_step|work_item|member_transfer)\b/.test(statement.query),
    );
    expect(workflowWrites.length, "locks and writes of the workflow tables").toBeGreaterThanOrEqual(8);
    await expectEachOneTaskOn(pool, writes, worker);
    // Reads naming the county are one task too; the others are the county lookups by id.
    const fanOut: string[] = [];
    for (const statement of distributed.filter((candidate) => !LOCK_OR_WRITE.test(candidate.query))) {
      const scans = await planScans(pool, statement);
      if (/county_id"? = \$\d/.test(statement.query)) {
        for (const scan of scans) expect(scan.count, statement.query).toBe(1);
      } else if (Math.max(0, ...scans.map((scan) => scan.count)) > 1) {
        // (and the access check's read of the transfer by id: its path, joined to its instance on the
        // co-location key — one pass over the shards without a lock, as a county lookup would be)
        expect(statement.query, "only county lookups by id ask every shard").toMatch(
          /^select ("?county_id"? from "?(workflow_instance|member_transfer|member|development_application)"?|"member_transfer"\."id", "organization"\."path", "counterpart_organization"\."path" from "member_transfer")/i,
        );
        fanOut.push(statement.query);
      }
    }
    console.log(
      `transfer in a county: ${writes.length} locks/writes on ${worker}, ${fanOut.length} county lookups of every shard`,
    );
  });

  it("a county secretary's to-do page is one task; a city-wide one (no county) asks every shard", async () => {
    const { handle, tree } = proof;
    const secretary: Actor = {
      userId: null,
      username: "county",
      displayName: "county",
      roles: [
        {
          role: "org_admin",
          organizationId: tree.county.id,
          organizationName: tree.county.name,
          path: tree.county.path,
        },
      ],
      permissions: new Set(permissionsOfRoles(["org_admin"])),
      scopePaths: [tree.county.path],
    };
    const page = { limit: 20, offset: 0 };
    const county = await explainCitusTasks(
      handle.db,
      todoPageStatement(secretary, { countyId: tree.county.id }, page),
    );
    expect(county.length).toBeGreaterThan(0);
    for (const count of county) expect(count).toBe(1);
    const everywhere = await explainCitusTasks(handle.db, todoPageStatement(secretary, {}, page));
    expect(Math.max(...everywhere)).toBeGreaterThan(1);
  });
});

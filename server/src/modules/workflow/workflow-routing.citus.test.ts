import { TRANSFER_WORKFLOW } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { explainCitusTasks, findCitusClusterOfRun } from "../../test/citus-test-cluster";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import type { Actor } from "../auth/actor";
import { advanceWorkflowStatement } from "./workflow.repository";
import { openInstance } from "./workflow-engine";

/**
 * Issue 19 part 2: a workflow step in a county is routed on a Citus coordinator. The workflow family
 * (workflow_instance, workflow_step, work_item) and the workflows' own tables are Citus local tables
 * (migration 0030: they stay on the coordinator), the tree a reference table, the member family
 * distributed by county. So a step is: the engine's one write statement (step, instance, work items,
 * audit — advanceWorkflowStatement), ONE task on the coordinator's shard; and, for a step that changes
 * the member (a transfer's completion, return, withdrawal; the oath), statements naming the member's
 * county, each ONE task on the county's shard — never a fan-out over the shards (docs/SCALING.md
 * "Workflows on Citus"). Runs only when DATABASE_URL is a Citus coordinator; skipped otherwise, with the
 * reason printed.
 */
const skipReason = (await findCitusClusterOfRun())
  ? null
  : "DATABASE_URL is not a Citus coordinator (PGlite, or no citus extension)";
if (skipReason) console.log(`workflow-routing.citus.test.ts skipped: ${skipReason}`);

const actor: Actor = {
  userId: null,
  username: "routing-test",
  displayName: "路由测试",
  roles: [],
  permissions: new Set(),
  scopePaths: null,
};

describe.skipIf(skipReason !== null)("a workflow step in a county is routed on Citus", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;
  let instanceId: number;
  let member: { id: number; countyId: number };

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
    const [row] = await queryRows<{ id: number | string; county_id: number }>(
      handle.db,
      sql`select id, county_id from member where organization_id = ${tree.eastVillage1.id} order by id limit 1`,
    );
    if (!row) throw new Error("no member");
    member = { id: Number(row.id), countyId: Number(row.county_id) };
    // A transfer's instance between two branches of the county (east → west), as transfers.service opens it.
    const opened = await handle.db.transaction((tx) =>
      openInstance(tx, {
        definition: TRANSFER_WORKFLOW,
        organizationId: tree.eastVillage1.id,
        counterpartOrganizationId: tree.westVillage.id,
        initialState: "awaiting_receiving_branch",
        title: "张三",
        data: {},
        actor,
        occurredOn: "2026-06-01",
      }),
    );
    instanceId = opened.id;
  }, 120_000);
  afterAll(async () => handle?.close());

  const tasks = (statement: SQL) => explainCitusTasks(handle.db, statement);

  it("the member's county is the county's own bucket", async () => {
    expect(member.countyId).toBe(tree.county.id);
  });

  it("the engine's write of a step (step, instance, work items, audit) is one task", async () => {
    const counts = await tasks(
      advanceWorkflowStatement({
        id: instanceId,
        expectedVersion: 1,
        state: "awaiting_receiving_committee",
        pausedFrom: null,
        data: {},
        closed: false,
        step: {
          instanceId,
          sequence: 2,
          action: "accept_receiving",
          fromState: "awaiting_receiving_branch",
          toState: "awaiting_receiving_committee",
          occurredOn: "2026-06-02",
          actorUserId: null,
          actorName: actor.displayName,
          payload: {},
          acknowledgedWarnings: [],
        },
        next: {
          kind: TRANSFER_WORKFLOW.kind,
          state: "awaiting_receiving_committee",
          organizationId: tree.west.id,
          awaitingPlace: "organization",
          awaitingPermission: "member:write",
          awaitingUserId: null,
          title: "张三",
        },
        audit: {
          actorUserId: null,
          actorName: actor.username,
          action: "workflow.transition",
          entityType: "workflow_instance",
          entityId: String(instanceId),
          organizationId: tree.eastVillage1.id,
          before: null,
          after: null,
          detail: null,
        },
      }),
    );
    expect(counts.length, "a Citus scan in the plan").toBeGreaterThan(0);
    expect(counts).toEqual(counts.map(() => 1));
  });

  it("the locking read of the instance is one task", async () => {
    const counts = await tasks(
      sql`select i.id, i.version, o.path from workflow_instance i join organization o on o.id = i.organization_id
           where i.id = ${instanceId} for update of i`,
    );
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual(counts.map(() => 1));
  });

  it("the member side of a completing step, named by the county, is one task each (not a fan-out)", async () => {
    const here = sql`county_id = ${member.countyId} and id = ${member.id}`;
    for (const statement of [
      sql`select id from member where ${here} for update`,
      sql`update member set status = 'active', organization_id = ${tree.westVillage.id} where ${here}`,
      sql`update member_history set valid_to = '2026-06-02'
           where county_id = ${member.countyId} and member_id = ${member.id} and valid_to is null`,
      sql`insert into member_event (county_id, member_id, kind, occurred_on, actor_name, summary, detail)
           values (${member.countyId}, ${member.id}, 'transfer_finished', '2026-06-02', 'routing', 'routing', '{}'::jsonb)`,
    ]) {
      const counts = await tasks(statement);
      expect(counts.length).toBeGreaterThan(0);
      expect(counts).toEqual(counts.map(() => 1));
    }
    // Without the county the same update asks every shard: the county is what routes it.
    const fanOut = await tasks(sql`update member set status = 'active' where id = ${member.id}`);
    expect(Math.max(...fanOut)).toBeGreaterThan(1);
  });
});

import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCitusCluster } from "../db/citus";
import {
  citusWorkersOfRun,
  closeSessions,
  createOnWorkers,
  dropOnWorkers,
  findCitusClusterOfRun,
  makeCitusDatabase,
  nodeUrl,
} from "./citus-test-cluster";
import { createTestDatabase } from "./test-database";

const cluster = await findCitusClusterOfRun();
if (!cluster) {
  console.log(
    "citus-test-cluster.test.ts: skipped — DATABASE_URL is not a Citus coordinator (npm run test:citus, CONTRIBUTING.md)",
  );
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!cluster)("test databases on a Citus cluster", () => {
  const url = process.env.DATABASE_URL ?? "";
  const workers = cluster?.workers ?? [];
  const suffix = randomBytes(4).toString("hex");
  const template = `tuanwu_test_ctemplate_${suffix}`;
  const copy = `tuanwu_test_ccopy_${suffix}`;

  beforeAll(async () => {
    if (!cluster) return;
    // A template of our own with a distributed table, made as the global setup makes the run's.
    await createOnWorkers(url, workers, template);
    await query(url, `create database ${template}`);
    await makeCitusDatabase(url, cluster, template);
    await query(
      nodeUrl(url, template),
      `create table probe (county int not null, id bigint generated always as identity, primary key (county, id));
       select create_distributed_table('probe', 'county', shard_count => 8);
       insert into probe (county) select g % 40 from generate_series(1, 1000) g;`,
    );
    await closeSessions(url, workers, template);
    await createOnWorkers(url, workers, copy, template);
    await query(url, `create database ${copy} template ${template}`);
  });

  afterAll(async () => {
    if (!cluster) return;
    for (const name of [copy, template]) {
      await query(url, `drop database if exists ${name} with (force)`);
      await dropOnWorkers(url, workers, name);
    }
  });

  it("copies the whole cluster: the copy's counts are right, its writes go to its own shards", async () => {
    const copyUrl = nodeUrl(url, copy);
    expect(await query(copyUrl, "select count(*)::int as n from probe")).toEqual([{ n: 1000 }]);
    await query(copyUrl, "insert into probe (county) select 7 from generate_series(1, 5)");
    expect(await query(copyUrl, "select count(*)::int as n from probe where county = 7")).toEqual([
      { n: 30 },
    ]);
    // The county's one shard, in the copy's database on its worker (a router query).
    const plan = (
      await query<{ "QUERY PLAN": string }>(
        copyUrl,
        "explain (costs off) select * from probe where county = 7",
      )
    )
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(plan).toContain("Task Count: 1");
    expect(plan).toContain(`dbname=${copy}`);
    // The template is untouched (and is then closed again, for the drop).
    expect(await query(nodeUrl(url, template), "select count(*)::int as n from probe")).toEqual([
      { n: 1000 },
    ]);
    // Each worker's copy holds its shards (as the copy's coordinator places them): together the 1,005 rows.
    const placements = await query<{ shard: string; host: string; port: number }>(
      copyUrl,
      `select p.shardid::text as shard, n.nodename as host, n.nodeport as port
       from pg_dist_placement p join pg_dist_node n using (groupid) join pg_dist_shard s using (shardid)
       where s.logicalrelid = 'probe'::regclass`,
    );
    expect(placements).toHaveLength(8);
    let onWorkers = 0;
    for (const placement of placements) {
      const [row] = await query<{ n: number }>(
        nodeUrl(url, copy, { host: placement.host, port: placement.port }),
        `select count(*)::int as n from probe_${placement.shard}`,
      );
      onWorkers += row?.n ?? 0;
    }
    expect(onWorkers).toBe(1005);
  });

  it("gives each test file a Citus database whose workers answer (the run's template copied on every node)", async () => {
    expect(citusWorkersOfRun()).toEqual(workers);
    const handle = await createTestDatabase();
    const name = handle.location.split("/").pop() ?? "";
    try {
      const session = new pg.Client({ connectionString: nodeUrl(url, name) });
      await session.connect();
      try {
        const state = await checkCitusCluster(session);
        expect(state).toMatchObject({
          citus: true,
          workers: workers.map((worker) => `${worker.host}:${worker.port}`),
        });
      } finally {
        await session.end();
      }
    } finally {
      await handle.close();
    }
    // close() drops it on every node.
    for (const worker of workers) {
      const left = await query(
        nodeUrl(url, "postgres", worker),
        `select datname from pg_database where datname = '${name}'`,
      );
      expect(left).toEqual([]);
    }
  });
});

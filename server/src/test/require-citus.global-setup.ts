// Vitest global setup of the Citus run (vitest.citus.config.ts): the run is only worth its time on a
// Citus coordinator — on plain PostgreSQL its files would pass without testing Citus at all — so it
// refuses to start otherwise, saying how to get a cluster.
import pg from "pg";
import { findCitusCluster } from "./citus-test-cluster";

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("the Citus tests need DATABASE_URL (a Citus coordinator)");
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `the Citus tests: cannot connect to ${new URL(url).host} (${(error as Error).message}); start the ` +
        "cluster with ../shared/citus/cluster.sh start (CONTRIBUTING.md)",
    );
  }
  try {
    const cluster = await findCitusCluster(admin);
    if (!cluster) {
      throw new Error(
        `the Citus tests: ${new URL(url).host}${new URL(url).pathname} has no citus extension — not a Citus coordinator`,
      );
    }
    console.log(
      `Citus tests on coordinator ${new URL(url).host}, workers ${cluster.workers.map((worker) => `${worker.host}:${worker.port}`).join(", ") || "(none)"}`,
    );
  } finally {
    await admin.end();
  }
}

// Citus (distributed PostgreSQL, issue 19): the check run when tuanwu opens a PostgreSQL database
// (server start, every CLI command, hence before every migration run). On plain PostgreSQL it is one
// query and nothing else. On a Citus coordinator it asks every active primary worker, through the
// coordinator (run_command_on_workers: the application needs no route to the workers) and with a short
// connect timeout, for its citus extension in the same database. A worker that cannot be reached, or
// whose database lacks the extension (or has another version), stops tuanwu with an error naming the
// node, instead of a hang on the first routed query or a migration that half-distributes the schema.
import type pg from "pg";

/** How long the coordinator may take to connect to one worker during the check (citus.node_connection_timeout). */
export const CITUS_CHECK_CONNECT_TIMEOUT_MS = 5_000;
/** The whole check's statement_timeout: the workers are asked in parallel. */
const CITUS_CHECK_STATEMENT_TIMEOUT_MS = 20_000;

/** What the check found: plain PostgreSQL, or a Citus coordinator and its workers (host:port). */
export type CitusClusterState = { citus: false } | { citus: true; version: string; workers: string[] };

/** A Citus node that makes the cluster unusable: which node, and why. */
export interface CitusNodeProblem {
  /** host:port as the coordinator's pg_dist_node names it. */
  node: string;
  reason: "unreachable" | "extension_missing" | "version_mismatch" | "not_coordinator";
  detail: string;
}

/** Raised when the database is a Citus coordinator whose cluster is not usable; names every failing node. */
export class CitusClusterError extends Error {
  constructor(
    readonly database: string,
    readonly problems: CitusNodeProblem[],
  ) {
    super(
      `Citus 集群不可用（数据库 ${database}）/ the Citus cluster of database ${database} is not usable:\n` +
        problems.map((problem) => `  - ${problem.node}: ${problem.detail}`).join("\n") +
        "\n(docs/OPERATIONS.md, “Citus”)",
    );
    this.name = "CitusClusterError";
  }
}

/** What the check needs of a connection: one session (a pg.Client, or a client taken from a pool). */
type Session = Pick<pg.ClientBase, "query">;

/**
 * Checks the database `session` is connected to. Plain PostgreSQL (no citus extension in this database)
 * → `{ citus: false }`. A Citus worker → CitusClusterError (point DATABASE_URL at the coordinator).
 * A Citus coordinator → every active primary worker in pg_dist_node must answer within
 * CITUS_CHECK_CONNECT_TIMEOUT_MS and have the coordinator's citus version in the same database;
 * otherwise CitusClusterError naming each failing node (host:port) and the reason.
 */
export async function checkCitusCluster(session: Session): Promise<CitusClusterState> {
  const { rows: extension } = await session.query<{ version: string; database: string }>(
    "select extversion as version, current_database() as database from pg_extension where extname = 'citus'",
  );
  const found = extension[0];
  if (!found) return { citus: false };
  const { version, database } = found;
  const { rows: local } = await session.query<{ groupid: number; node: string | null }>(
    `select g.groupid, (select n.nodename || ':' || n.nodeport from pg_dist_node n where n.groupid = g.groupid
       limit 1) as node from pg_dist_local_group g`,
  );
  const group = local[0]?.groupid ?? 0;
  if (group !== 0) {
    throw new CitusClusterError(database, [
      {
        node: local[0]?.node ?? `group ${group}`,
        reason: "not_coordinator",
        detail:
          `这是 Citus 工作节点（组 ${group}），请将 DATABASE_URL 指向协调节点 / this is a Citus worker ` +
          `(group ${group}): point DATABASE_URL at the coordinator`,
      },
    ]);
  }
  // set_config(…, true) holds for this transaction only: the session (a pooled connection) keeps its settings.
  await session.query("begin");
  let answers: { node: string; success: boolean; result: string }[];
  try {
    await session.query(
      "select set_config('citus.node_connection_timeout', $1, true), set_config('statement_timeout', $2, true)",
      [String(CITUS_CHECK_CONNECT_TIMEOUT_MS), String(CITUS_CHECK_STATEMENT_TIMEOUT_MS)],
    );
    ({ rows: answers } = await session.query(
      `select nodename || ':' || nodeport as node, success, result from run_command_on_workers(
         $$select coalesce((select extversion from pg_extension where extname = 'citus'), '')$$)
       order by nodename, nodeport`,
    ));
    await session.query("commit");
  } catch (error) {
    await session.query("rollback").catch(() => undefined);
    throw error;
  }
  const problems: CitusNodeProblem[] = [];
  for (const answer of answers) {
    if (!answer.success) {
      problems.push({
        node: answer.node,
        reason: "unreachable",
        detail: `工作节点无法连接 / worker unreachable (${answer.result.trim()})`,
      });
    } else if (answer.result === "") {
      problems.push({
        node: answer.node,
        reason: "extension_missing",
        detail:
          `工作节点的数据库 ${database} 未安装 citus 扩展 / database ${database} on this worker lacks the citus ` +
          "extension (create extension citus there, as on the coordinator)",
      });
    } else if (answer.result !== version) {
      problems.push({
        node: answer.node,
        reason: "version_mismatch",
        detail: `citus ${answer.result} on this worker, ${version} on the coordinator`,
      });
    }
  }
  if (problems.length > 0) throw new CitusClusterError(database, problems);
  return { citus: true, version, workers: answers.map((answer) => answer.node) };
}

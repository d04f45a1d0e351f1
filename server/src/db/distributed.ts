import { sql } from "drizzle-orm";
import type { Executor } from "./database";
import { queryRows } from "./sql-result";

const answers = new WeakMap<object, Promise<boolean>>();

/**
 * Whether `db` is a Citus coordinator on which migration 0030 distributed the member family by county
 * (docs/SCALING.md "What runs on Citus now"): the SQL function `tuanwu_citus()`, true there and false
 * on PostgreSQL and PGlite. Asked once per database handle (a transaction asks its own once); the
 * answer cannot change while the handle is open. A read plan that Citus cannot run over several shards
 * (a lateral probe per organization into the member family) is chosen only when this is false or the
 * read names its county.
 */
export function isDistributed(db: Executor): Promise<boolean> {
  let answer = answers.get(db);
  if (!answer) {
    answer = queryRows<{ citus: boolean }>(db, sql`select tuanwu_citus() as citus`).then(
      (rows) => rows[0]?.citus === true,
    );
    // A failed read is asked again next time rather than remembered.
    answer.catch(() => answers.delete(db));
    answers.set(db, answer);
  }
  return answer;
}

import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { inSubtree } from "../../lib/tree-sql";

/** SQL of the demo seed that no other module needs. */

/**
 * Sets 应录入数 (reported_member_count, the denominator of 录入率) of every organization of the subtree
 * at `rootPath` that has current members to those members plus 0–5% (by id), so that the demo's
 * 录入率 is a little under 100% as in a real county.
 */
export async function reportDemoMemberCounts(db: Executor, rootPath: string): Promise<void> {
  await db.execute(sql`update organization o
      set reported_member_count = ceil(c.members * (1 + (o.id % 6) / 100.0))
     from (select organization_id, count(*) as members from member
            where status in ('active', 'transferring', 'flowing') group by organization_id) c
    where c.organization_id = o.id and ${inSubtree(sql`o.path`, rootPath)}`);
}

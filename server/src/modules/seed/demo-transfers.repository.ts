import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";

/**
 * SQL of the demo's graduation season (demo-transfers.ts) that no service offers: dating a seeded
 * transfer's current step on the day the seed says it was taken.
 */

/**
 * Sets when a transfer's workflow instance last changed to noon (China time) of `on` (YYYY-MM-DD):
 * the seed takes every step today, but dates them through the season; the work lists' "days at step",
 * overdue flag and the automatic return read this time (lastStepOn), so it must agree with the history.
 */
export async function dateTransferLastStep(db: Executor, transferId: number, on: string): Promise<void> {
  await db.execute(
    sql`update workflow_instance wi set updated_at = (${`${on} 12:00:00`}::timestamp at time zone 'Asia/Shanghai')
          from member_transfer t
         where t.county_id = wi.county_id and t.instance_id = wi.id and t.id = ${transferId}`,
  );
}

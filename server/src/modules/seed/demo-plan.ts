import { readFile } from "node:fs/promises";
import path from "node:path";
import { parsePlan, ROLE_PERMISSIONS } from "@tuanwu/domain";
import { REPOSITORY_ROOT } from "../../config";
import { countyOfLedgerRecord } from "../../db/county";
import type { Database } from "../../db/database";
import type { Actor } from "../auth/actor";
import { reviewCloseOut, submitCloseOut } from "../plans/close-out/plan-close-out.service";
import { findPlanTasks } from "../plans/ledger/plan.repository";
import { importPlan, updatePlanTask } from "../plans/ledger/plan.service";
import { createProgressReport } from "../plans/progress/plan-progress.service";
import { recordSupervision } from "../plans/supervision/plan-supervision.service";

/** The demo county's reform plan: the Wangcang plan, the plan parser's reference document. */
export const DEMO_PLAN_PATH = path.join(REPOSITORY_ROOT, "domain/src/plan/fixtures/wangcang-reform-plan.txt");

/** When the demo plan's work began (the plan's 组织筹备 phase). */
const DEMO_PLAN_STARTED_ON = "2022-09-15";

/** `date` plus `days` calendar days ("YYYY-MM-DD"). */
function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The county administrator as an actor (the demo's ledger is kept by demo-county). */
export function countyAdministratorActor(
  user: { id: number; username: string; displayName: string },
  county: {
    id: number;
    name: string;
    path: string;
  },
): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [
      { role: "org_admin", organizationId: county.id, organizationName: county.name, path: county.path },
    ],
    permissions: new Set(ROLE_PERMISSIONS.org_admin),
    scopePaths: [county.path],
  };
}

/**
 * Gives the demo county its reform ledger: imports the Wangcang plan (26 tasks) as the county
 * administrator and plays back three years of work on it, through the same services the API uses (so
 * every step is audited): every task gets a person responsible (its lead unit's head) and a start
 * date; tasks 1–18 are done, reported at 100% and closed out (销号) with evidence approved by the
 * system reviewer; 19–22 are done with a close-out waiting for review; the rest are overdue at 60%
 * with a reminder (提醒) each (a task without a deadline would report 80%).
 * @returns the plan's id.
 */
export async function seedDemoPlan(
  db: Database,
  countyAdministrator: Actor,
  reviewer: Actor,
  countyId: number,
  today: string,
): Promise<number> {
  const parsed = parsePlan(await readFile(DEMO_PLAN_PATH, "utf8"));
  const planId = await importPlan(db, countyAdministrator, countyId, parsed, "旺苍县共青团改革实施方案.txt");
  const tasks = await findPlanTasks(db, await countyOfLedgerRecord(db, "plan", planId), planId);
  for (const task of tasks) {
    const deadline = task.deadline;
    const done = deadline !== null && task.number <= 22;
    const doneOn = done ? addDays(deadline, -7) : null;
    await updatePlanTask(
      db,
      countyAdministrator,
      task.id,
      {
        ownerName: `${task.leadUnit ?? "县团委"}负责人`,
        startedOn: DEMO_PLAN_STARTED_ON,
        doneOn,
      },
      today,
    );
    const percent = done ? 100 : deadline === null ? 80 : 60;
    const reportedOn = doneOn ?? (deadline === null ? addDays(today, -30) : addDays(deadline, -14));
    await createProgressReport(
      db,
      countyAdministrator,
      undefined,
      task.id,
      {
        reportedOn,
        percent,
        narrative: done
          ? `${task.title}：已按方案完成，相关制度文件已印发。`
          : `${task.title}：正在推进，已完成${percent}%。`,
      },
      [],
      today,
    );
    if (done) {
      const closeOut = await submitCloseOut(
        db,
        countyAdministrator,
        undefined,
        task.id,
        `完成材料：${task.title}的工作方案、会议记录和成果文件（示例）。`,
        [],
      );
      if (task.number <= 18) {
        await reviewCloseOut(
          db,
          reviewer,
          closeOut.id,
          "approve",
          "材料齐全，同意销号。",
          addDays(doneOn ?? today, 10),
        );
      }
    } else if (deadline !== null) {
      await recordSupervision(
        db,
        countyAdministrator,
        task.id,
        {
          kind: "reminder",
          subject: task.leadUnit ?? "县团委",
          note: "任务已逾期，请于两周内报送进展并说明原因。",
          occurredOn: addDays(deadline, 7),
        },
        today,
      );
    }
  }
  return planId;
}

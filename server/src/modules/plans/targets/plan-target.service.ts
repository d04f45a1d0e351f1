import {
  assertTargetValueFits,
  findIndicator,
  type IndicatorId,
  judgeTarget,
  TARGET_VERDICTS,
  type TargetComparison,
  type TargetVerdict,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { computeIndicators, requireIndicator } from "../../indicators/indicator.service";
import { findPlanSummary, type PlanTargetRecord } from "../ledger/plan.repository";
import { findTargetsOfPlan, findTargetWithPath, updateTargetColumns } from "./plan-target.repository";

/** PUT /plan-targets/{id}: the indicator a target is bound to (null unbinds), how it compares, its value and date. */
export interface BindPlanTargetInput {
  indicatorId: string | null;
  comparison: TargetComparison;
  value: number;
  dueOn: string | null;
}

/** A target row with its task, as the ledger shows it. */
interface TargetRow {
  target: PlanTargetRecord;
  taskNumber: number;
  taskTitle: string;
}

/** A target as the API shows it: its task, value and date, the bound indicator, its actual value and verdict. */
export interface PlanTargetView {
  id: number;
  taskId: number;
  taskNumber: number;
  taskTitle: string;
  text: string;
  dueOn: string | null;
  value: number | null;
  unit: string | null;
  comparison: TargetComparison;
  indicatorId: string | null;
  indicator: { name: { zh: string; en: string }; unit: "percent" | "count" } | null;
  /** The bound indicator's value now, for the plan organization's subtree; null when unbound or nothing to measure. */
  actual: number | null;
  verdict: TargetVerdict;
}

/** The catalog id of a stored binding, or null when none or no longer in the catalog. */
function boundIndicator(target: PlanTargetRecord): IndicatorId | null {
  return target.indicatorId === null ? null : (findIndicator(target.indicatorId)?.id ?? null);
}

/**
 * Views of `rows` with the bound indicators computed once each for the subtree at `organizationPath`
 * as of `today`, and each target's verdict (domain judgeTarget: 30-day warning window).
 */
async function toTargetViews(
  db: Executor,
  rows: readonly TargetRow[],
  organizationPath: string,
  today: string,
): Promise<PlanTargetView[]> {
  const ids = [...new Set(rows.map((row) => boundIndicator(row.target)).filter((id) => id !== null))];
  const actuals = await computeIndicators(db, organizationPath, ids, today);
  return rows.map(({ target, taskNumber, taskTitle }) => {
    const indicatorId = boundIndicator(target);
    const indicator = indicatorId === null ? undefined : findIndicator(indicatorId);
    const value = target.value === null ? null : Number(target.value);
    const comparison = target.comparison as TargetComparison;
    const actual = indicatorId === null ? null : (actuals.get(indicatorId) ?? null);
    return {
      id: target.id,
      taskId: target.taskId,
      taskNumber,
      taskTitle,
      text: target.text,
      dueOn: target.dueOn,
      value,
      unit: target.unit,
      comparison,
      indicatorId: target.indicatorId,
      indicator: indicator ? { name: indicator.name, unit: indicator.unit } : null,
      actual,
      verdict: judgeTarget({ indicatorId, comparison, value, dueOn: target.dueOn }, actual, today),
    };
  });
}

/** How many targets have each verdict (every verdict present, zero included). */
function countVerdicts(targets: readonly PlanTargetView[]): Record<TargetVerdict, number> {
  const counts = Object.fromEntries(TARGET_VERDICTS.map((verdict) => [verdict, 0])) as Record<
    TargetVerdict,
    number
  >;
  for (const target of targets) counts[target.verdict] += 1;
  return counts;
}

/**
 * Every target of a plan with its task number, due date, target value, bound indicator, the
 * indicator's actual value computed now for the plan organization's subtree, and its verdict
 * (met | on_track | off_track | unbound; domain judgeTarget). Issue 5 part 6.
 * Errors: 404 plan missing or outside the scope; 403 without plan:read.
 */
export async function listPlanTargets(db: Database, actor: Actor, planId: number, today: string) {
  const summary = requireFound(await findPlanSummary(db, planId), "plan");
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan", ids: [planId] });
  const targets = await toTargetViews(
    db,
    await findTargetsOfPlan(db, summary.countyId, planId),
    summary.organizationPath,
    today,
  );
  return { planId, asOf: today, targets, verdictCounts: countVerdicts(targets) };
}

/**
 * Binds a plan target to an indicator of the catalog (or unbinds it with null) and sets its comparison,
 * value and due date, in one transaction, audited "plan_target.update" with before and after; answers
 * the target as {@link listPlanTargets} shows it. Issue 5 part 6.
 * Errors: 400 unknown_indicator (field "indicatorId") and value_out_of_range (field "value": a percent
 * outside 0–100, a negative count), checked before anything is read or written; 404 target missing or
 * outside the scope; 403 without plan:write.
 */
export async function bindPlanTarget(
  db: Database,
  actor: Actor,
  targetId: number,
  input: BindPlanTargetInput,
  today: string,
): Promise<PlanTargetView> {
  if (input.indicatorId !== null) {
    assertTargetValueFits(requireIndicator(input.indicatorId, 400).unit, input.value);
  }
  const { row, organizationPath } = await db.transaction(async (tx) => {
    const found = requireFound(await findTargetWithPath(tx, targetId, true), "plan_target");
    await requireAccess(tx, actor, { permission: "plan:write", kind: "plan_target", ids: [targetId] });
    const before = found.target;
    const after = await updateTargetColumns(tx, found.target.countyId, targetId, {
      indicatorId: input.indicatorId,
      comparison: input.comparison,
      value: String(input.value),
      dueOn: input.dueOn,
    });
    if (!after) throw new Error("target vanished");
    await recordAudit(tx, actor, {
      action: "plan_target.update",
      entityType: "plan_target",
      entityId: targetId,
      organizationId: found.organizationId,
      before: {
        indicatorId: before.indicatorId,
        comparison: before.comparison,
        value: before.value === null ? null : Number(before.value),
        dueOn: before.dueOn,
      },
      after: { ...input },
    });
    return {
      row: { target: after, taskNumber: found.taskNumber, taskTitle: found.taskTitle },
      organizationPath: found.organizationPath,
    };
  });
  const [view] = await toTargetViews(db, [row], organizationPath, today);
  if (!view) throw new Error("no view");
  return view;
}

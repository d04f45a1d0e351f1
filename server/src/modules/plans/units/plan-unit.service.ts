import {
  distinctPlanUnits,
  isSameOrDescendantPath,
  matchUnitOrganization,
  placeNameOf,
  unitNameCandidates,
} from "@tuanwu/domain";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Database, Executor } from "../../../db/database";
import { HttpError } from "../../../lib/http-errors";
import { checkAccess, requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { findOrganizationById } from "../../organizations/organization.repository";
import { findPlanTasks } from "../ledger/plan.repository";
import {
  findPlanUnits,
  findPlanUnitWithPath,
  findSubtreeOrganizationsNamed,
  insertPlanUnits,
  updatePlanUnitOrganization,
} from "./plan-unit.repository";

/**
 * Fills plan_unit for a plan being imported (call inside the import transaction): one row per
 * distinct responsible unit of its tasks (domain distinctPlanUnits), each auto-matched to the one
 * organization of the plan organization's subtree carrying the unit's name, or the name with the
 * county written out ("县教育团工委" ↔ "旺苍县教育团工委", "团县委" ↔ "团旺苍县委"; domain
 * matchUnitOrganization — conservative: no match or an ambiguous one leaves the unit free text).
 * Issue 5 part 3. Returns how many units were found and how many matched.
 */
export async function fillPlanUnits(
  db: Executor,
  countyId: number,
  planId: number,
  organizationId: number,
  tasks: readonly { units: readonly string[]; leadUnit: string | null }[],
): Promise<{ units: number; matched: number }> {
  const names = distinctPlanUnits(tasks);
  if (names.length === 0) return { units: 0, matched: 0 };
  const root = await findOrganizationById(db, organizationId);
  if (!root) throw new Error("plan organization vanished");
  const placeName = placeNameOf(root);
  const candidates = await findSubtreeOrganizationsNamed(
    db,
    root.path,
    names.flatMap((name) => unitNameCandidates(name, placeName)),
  );
  const units = names.map((name) => ({
    name,
    organizationId: matchUnitOrganization(name, candidates, placeName),
  }));
  await insertPlanUnits(db, countyId, planId, units);
  return { units: units.length, matched: units.filter((unit) => unit.organizationId !== null).length };
}

/**
 * A plan's responsible units (责任单位) in order of first mention, each with the organization it is
 * mapped to (or null: free text, e.g. 县委组织部) and the numbers of the tasks naming it.
 * Errors: 404 plan missing or outside the scope; 403 without plan:read.
 */
export async function listPlanUnits(db: Database, actor: Actor, planId: number) {
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan", ids: [planId] });
  const countyId = await countyOfLedgerRecord(db, "plan", planId);
  const [units, tasks] = await Promise.all([
    findPlanUnits(db, countyId, planId),
    findPlanTasks(db, countyId, planId),
  ]);
  return {
    planId,
    units: units.map((unit) => ({
      ...unit,
      taskNumbers: tasks
        .filter((task) => task.leadUnit === unit.name || task.units.includes(unit.name))
        .map((task) => task.number),
    })),
  };
}

/** 404 naming organizationId: the organization to map to is missing or outside the plan's subtree. */
function organizationOutOfPlan(): HttpError {
  return new HttpError(
    404,
    "not_found",
    "organizationId：组织不存在或不在本方案组织的范围内 / organization not found in the plan's subtree",
    "organizationId",
  );
}

/**
 * Maps a plan unit to an organization, or unmaps it with null, in one transaction, audited
 * "plan_unit.update" with before and after. The organization must lie in the plan organization's
 * subtree (and so in the actor's scope). Issue 5 part 3.
 * Errors: 404 unit missing or outside the scope; 403 without plan:write; 404 naming "organizationId"
 * when the organization is missing or outside the plan's subtree — nothing written.
 */
export async function mapPlanUnit(db: Database, actor: Actor, unitId: number, organizationId: number | null) {
  return db.transaction(async (tx) => {
    const found = requireFound(await findPlanUnitWithPath(tx, unitId, true), "plan_unit");
    await requireAccess(tx, actor, { permission: "plan:write", kind: "plan_unit", ids: [unitId] });
    let organizationName: string | null = null;
    if (organizationId !== null) {
      // FOR KEY SHARE: the target cannot move or go meanwhile (findOrganizationById).
      const target = await findOrganizationById(tx, organizationId, "key share");
      if (
        !target ||
        (
          await checkAccess(tx, actor, {
            permission: "plan:write",
            kind: "organization",
            ids: [organizationId],
          })
        ).length === 0 ||
        !isSameOrDescendantPath(target.path, found.organizationPath)
      ) {
        throw organizationOutOfPlan();
      }
      organizationName = target.name;
    }
    const after = await updatePlanUnitOrganization(tx, found.unit.countyId, unitId, organizationId);
    if (!after) throw new Error("unit vanished");
    await recordAudit(tx, actor, {
      action: "plan_unit.update",
      entityType: "plan_unit",
      entityId: unitId,
      organizationId: found.organizationId,
      before: { name: found.unit.name, organizationId: found.unit.organizationId },
      after: { name: after.name, organizationId: after.organizationId },
    });
    return {
      id: after.id,
      planId: after.planId,
      name: after.name,
      organizationId: after.organizationId,
      organizationName,
    };
  });
}

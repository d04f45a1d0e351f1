/**
 * Which tasks of a higher organization's plan an organization owns (issue 17 part 5): a plan names its
 * responsible units (责任单位) the way a county speaks of them, and some of them are organizations of
 * the tree below the plan's — a unit mapped to an organization (plan_unit, {@link matchUnitOrganization}
 * or set by hand), or the collective "各乡镇" (every township). Such an organization reads the tasks it
 * owns and reports progress on them, and sees nothing else of the plan.
 */

/** A unit naming every township at once: 各乡镇, 各乡镇（街道）, 各乡镇团委, 各乡（镇）… */
const EVERY_TOWNSHIP = /^各乡[（(]?镇[)）]?/;

/** Whether a responsible unit names every township ("各乡镇", "各乡镇（街道）团委"). */
export function namesEveryTownship(unit: string): boolean {
  return EVERY_TOWNSHIP.test(unit.trim());
}

/** What {@link isTaskAssignedTo} reads of an organization. */
export interface AssigneeOrganization {
  id: number;
  kind: string;
  level: string;
}

/**
 * Whether `organization` is a responsible unit of `task`: one of the task's units (lead unit included)
 * is mapped to it (`mappedUnits`: the plan's unit names mapped to this organization's id), or it is a
 * township committee (level township, kind committee) and the task names every township. The caller
 * checks that the organization lies below the plan's organization.
 */
export function isTaskAssignedTo(
  task: { units: readonly string[]; leadUnit: string | null },
  organization: AssigneeOrganization,
  mappedUnits: ReadonlyMap<string, number | null>,
): boolean {
  const units = task.leadUnit ? [task.leadUnit, ...task.units] : task.units;
  return units.some(
    (unit) =>
      mappedUnits.get(unit) === organization.id ||
      (organization.level === "township" && organization.kind === "committee" && namesEveryTownship(unit)),
  );
}

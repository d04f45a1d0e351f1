/**
 * Responsible units (责任单位) of a plan matched to organizations of the tree (issue 5 part 3): a
 * plan names units the way its county speaks of them ("团县委", "县教育团工委"), while the tree holds
 * full names ("共青团旺苍县委员会", short name "团旺苍县委"; "旺苍县教育团工委"). Matching is
 * conservative: a unit is matched only when exactly one organization carries the unit's name, or the
 * name with the county written out, as its name or short name. Everything else stays free text
 * (县委组织部, 县财政局 are not League organizations).
 */

/** What matching needs of a candidate organization. */
export interface UnitCandidateOrganization {
  id: number;
  name: string;
  shortName: string | null;
}

/** An administrative place name ending in 县, 市, 区 or 旗, e.g. "旺苍县", "晋城市". */
const PLACE = /^([\u4e00-\u9fff]{1,10}?[县市区旗])/;

/**
 * The place an organization is named after ("共青团旺苍县委员会" → "旺苍县", "团晋城市委" → "晋城市"),
 * from its name or else its short name, with the leading 共青团 / 团 removed; null when neither
 * starts with a place name.
 */
export function placeNameOf(organization: { name: string; shortName: string | null }): string | null {
  for (const text of [organization.name, organization.shortName]) {
    if (!text) continue;
    const match = PLACE.exec(text.trim().replace(/^共青团|^团/, ""));
    if (match?.[1] && match[1].length >= 2) return match[1];
  }
  return null;
}

/**
 * The names an organization matching `unit` may carry: the unit itself, and — when `placeName` is
 * known ("旺苍县") and the unit names its level ("县") without the place — the unit with the first
 * level character written out as the place: "县教育团工委" → "旺苍县教育团工委", "团县委" → "团旺苍县委".
 */
export function unitNameCandidates(unit: string, placeName: string | null): string[] {
  const name = unit.trim();
  if (name === "") return [];
  const candidates = [name];
  if (placeName) {
    const level = placeName.slice(-1);
    const at = name.indexOf(level);
    if (at >= 0 && !name.includes(placeName)) {
      candidates.push(`${name.slice(0, at)}${placeName}${name.slice(at + 1)}`);
    }
  }
  return candidates;
}

/**
 * The id of the one organization among `organizations` whose name or short name is one of the
 * unit's {@link unitNameCandidates}; null when none or more than one match (ambiguous: left for a
 * person to map).
 */
export function matchUnitOrganization(
  unit: string,
  organizations: readonly UnitCandidateOrganization[],
  placeName: string | null,
): number | null {
  const candidates = new Set(unitNameCandidates(unit, placeName));
  const matched = new Set(
    organizations
      .filter(
        (organization) =>
          candidates.has(organization.name.trim()) ||
          (organization.shortName !== null && candidates.has(organization.shortName.trim())),
      )
      .map((organization) => organization.id),
  );
  if (matched.size !== 1) return null;
  return [...matched][0] ?? null;
}

/**
 * The distinct responsible units of a plan's tasks, in order of first mention (each task's lead unit
 * first, then its units), blanks left out.
 */
export function distinctPlanUnits(
  tasks: readonly { units: readonly string[]; leadUnit: string | null }[],
): string[] {
  const seen = new Set<string>();
  for (const task of tasks) {
    for (const unit of [task.leadUnit ?? "", ...task.units]) {
      const name = unit.trim();
      if (name !== "") seen.add(name);
    }
  }
  return [...seen];
}

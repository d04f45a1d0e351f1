import {
  canHoldChild,
  ORGANIZATION_KIND_LABELS,
  type OrganizationKind,
} from "../organization/organization-kind";
import type { OrganizationListProblem, OrganizationListRow } from "./organization-list";
import { normalizeOrganizationName } from "./organization-name";

/**
 * The plan of an organization-list import (issue 15 part 4): each row of the registry's list matched
 * to an organization of tuanwu's subtree (by division code, then code, then normalized name) or
 * planned as new, its parent resolved (a row of the file or an organization of the subtree), and the
 * list refused row by row for a cycle of parents, a kind not allowed under its parent, or a parent
 * found neither in the file nor in tuanwu. Pure: the caller loads the subtree and writes the plan.
 */

/** An organization of the subtree imported into, as the plan needs it. */
export interface ExistingOrganization {
  id: number;
  parentId: number | null;
  name: string;
  shortName: string | null;
  code: string;
  divisionCode: string | null;
  kind: OrganizationKind;
}

/** Where a row's parent is: another row of the file, or an organization already in tuanwu. */
export type PlannedParent = { row: number } | { organizationId: number };

/** One row's decision. */
export type PlannedRow = OrganizationListRow &
  (
    | { status: "matched"; organizationId: number; matchedBy: "division_code" | "code" | "name" | "choice" }
    | { status: "new"; placeUnder: PlannedParent }
    | { status: "ambiguous"; candidateIds: number[] }
  );

/** The user's choice for a row that matched several organizations: one of them, or "new". */
export type RowResolution = number | "new";

export interface OrganizationImportPlan {
  /** Rows in an order where every new row comes after the row it is created under. */
  rows: PlannedRow[];
  problems: OrganizationListProblem[];
}

type Link =
  | { kind: "row"; row: OrganizationListRow }
  | { kind: "existing"; id: number }
  | { kind: "missing" };

function indexBy<T>(items: readonly T[], keys: (item: T) => (string | null | undefined)[]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keys(item))) {
      if (!key) continue;
      const list = index.get(key);
      if (list) list.push(item);
      else index.set(key, [item]);
    }
  }
  return index;
}

/**
 * Plans the import of `rows` under the organization `rootId` (which `existing` contains, with the rest
 * of its subtree). Matching, per row: its division code, then its code, then its normalized name
 * ({@link normalizeOrganizationName}, over names and short names), narrowed to those under the row's
 * own parent; several, or only some elsewhere than under the row's parent → "ambiguous" (listed with
 * their ids) unless `resolutions` names the row. A row's parent (上级组织编码, else 上级组织 as a code
 * or a name): a row of the file first, then an organization of the subtree; empty → the root.
 * Problems (each naming the row, in Chinese): repeated code or division code inside the file; a cycle
 * of parents (every row on it); a parent found nowhere or named by several; a new row whose kind its
 * parent's kind may not hold (domain.md §1); an unresolved ambiguous row is not a problem here — the
 * caller refuses to commit while any remains.
 */
export function planOrganizationImport(
  rows: readonly OrganizationListRow[],
  existing: readonly ExistingOrganization[],
  rootId: number,
  resolutions: ReadonlyMap<number, RowResolution> = new Map(),
): OrganizationImportPlan {
  const problems: OrganizationListProblem[] = [];
  const existingById = new Map(existing.map((organization) => [organization.id, organization]));
  const existingByCode = indexBy(existing, (organization) => [organization.code, organization.divisionCode]);
  const existingByName = indexBy(existing, (organization) => [
    normalizeOrganizationName(organization.name),
    organization.shortName ? normalizeOrganizationName(organization.shortName) : null,
  ]);
  const existingByDivision = indexBy(existing, (organization) => [organization.divisionCode]);
  const existingByOwnCode = indexBy(existing, (organization) => [organization.code]);
  const rowsByNumber = new Map(rows.map((row) => [row.row, row]));
  const rowsByCode = indexBy(rows, (row) => [row.code, row.divisionCode]);
  const rowsByName = indexBy(rows, (row) => [
    normalizeOrganizationName(row.name),
    row.shortName ? normalizeOrganizationName(row.shortName) : null,
  ]);

  for (const [field, label] of [
    ["code", "组织编码"],
    ["divisionCode", "行政区划代码"],
  ] as const) {
    const byValue = indexBy(rows, (row) => [row[field]]);
    for (const [value, repeated] of byValue) {
      if (repeated.length < 2) continue;
      for (const row of repeated) {
        const others = repeated.filter((other) => other !== row).map((other) => `第${other.row}行`);
        problems.push({
          row: row.row,
          field,
          value,
          message: `${label}“${value}”在文件中重复：与${others.join("、")}相同`,
        });
      }
    }
  }

  // Parents.
  const links = new Map<number, Link>();
  for (const row of rows) {
    const written = row.parentCode ?? row.parent;
    if (written === null) {
      links.set(row.row, { kind: "existing", id: rootId });
      continue;
    }
    const field = row.parentCode !== null ? "parentCode" : "parent";
    const byCodeInFile = (rowsByCode.get(written) ?? []).filter((other) => other !== row);
    const byCodeExisting = existingByCode.get(written) ?? [];
    const key = normalizeOrganizationName(written);
    const byNameInFile = (rowsByName.get(key) ?? []).filter((other) => other !== row);
    const byNameExisting = existingByName.get(key) ?? [];
    const candidates: [OrganizationListRow[], ExistingOrganization[]][] = [
      [byCodeInFile, []],
      [[], byCodeExisting],
      [byNameInFile, []],
      [[], byNameExisting],
    ];
    const found = candidates.find(([inFile, inTuanwu]) => inFile.length + inTuanwu.length > 0);
    if (!found) {
      links.set(row.row, { kind: "missing" });
      problems.push({
        row: row.row,
        field,
        value: written,
        message: `上级组织：“${written}”在文件和团务系统中都找不到，请先导入或创建该组织，或改填其组织编码`,
      });
      continue;
    }
    const [inFile, inTuanwu] = found;
    if (inFile.length + inTuanwu.length > 1) {
      links.set(row.row, { kind: "missing" });
      const where =
        inFile.length > 0 ? inFile.map((other) => `第${other.row}行`) : inTuanwu.map((o) => o.code);
      problems.push({
        row: row.row,
        field,
        value: written,
        message: `上级组织：名为“${written}”的组织有${where.length}个（${where.join("、")}），请改填上级组织编码`,
      });
      continue;
    }
    const parentRow = inFile[0];
    const parentOrganization = inTuanwu[0];
    links.set(
      row.row,
      parentRow
        ? { kind: "row", row: parentRow }
        : { kind: "existing", id: (parentOrganization as ExistingOrganization).id },
    );
  }

  // Cycles among rows, and the order parents-first.
  const ordered: OrganizationListRow[] = [];
  const state = new Map<number, "visiting" | "done">();
  const inCycle = new Set<number>();
  const visit = (row: OrganizationListRow, trail: OrganizationListRow[]): void => {
    const seen = state.get(row.row);
    if (seen === "done") return;
    if (seen === "visiting") {
      const cycle = trail.slice(trail.indexOf(row));
      const names = cycle.map((member) => `第${member.row}行“${member.name}”`).join(" → ");
      for (const member of cycle) {
        if (inCycle.has(member.row)) continue;
        inCycle.add(member.row);
        problems.push({
          row: member.row,
          field: member.parentCode !== null ? "parentCode" : "parent",
          value: member.parentCode ?? member.parent,
          message: `上级组织：上下级关系成环（${names} → 第${row.row}行），请改正上级组织`,
        });
      }
      return;
    }
    state.set(row.row, "visiting");
    const link = links.get(row.row);
    if (link?.kind === "row") visit(link.row, [...trail, row]);
    state.set(row.row, "done");
    ordered.push(row);
  };
  for (const row of rows) visit(row, []);

  // Matching, parents first.
  const planned = new Map<number, PlannedRow>();
  const parentOrganizationOf = (row: OrganizationListRow): number | null => {
    const link = links.get(row.row);
    if (link?.kind === "existing") return link.id;
    if (link?.kind === "row") {
      const parent = planned.get(link.row.row);
      return parent?.status === "matched" ? parent.organizationId : null;
    }
    return null;
  };
  for (const row of ordered) {
    const resolution = resolutions.get(row.row);
    const byDivision = row.divisionCode ? (existingByDivision.get(row.divisionCode) ?? []) : [];
    const byCode = row.code ? (existingByOwnCode.get(row.code) ?? []) : [];
    const link = links.get(row.row);
    const placeUnder: PlannedParent =
      link?.kind === "row"
        ? { row: link.row.row }
        : { organizationId: link?.kind === "existing" ? link.id : rootId };
    const asNew = { ...row, status: "new" as const, placeUnder };
    let decision: PlannedRow;
    if (byDivision[0]) {
      decision = { ...row, status: "matched", organizationId: byDivision[0].id, matchedBy: "division_code" };
    } else if (byCode[0]) {
      decision = { ...row, status: "matched", organizationId: byCode[0].id, matchedBy: "code" };
    } else if (resolution === "new") {
      decision = asNew;
    } else if (typeof resolution === "number" && existingById.has(resolution)) {
      decision = { ...row, status: "matched", organizationId: resolution, matchedBy: "choice" };
    } else {
      let named = [
        ...new Set([
          ...(existingByName.get(normalizeOrganizationName(row.name)) ?? []),
          ...(row.shortName ? (existingByName.get(normalizeOrganizationName(row.shortName)) ?? []) : []),
        ]),
      ];
      const parentId = parentOrganizationOf(row);
      // Under a known parent, a same-named organization elsewhere (another township's 新村) is only a
      // candidate: the user confirms it or creates the row. Under a parent being created, likewise.
      let confirm = link?.kind === "row" && parentId === null && named.length > 0;
      if (parentId !== null && named.length > 0) {
        const underParent = named.filter((organization) => organization.parentId === parentId);
        if (underParent.length > 0) named = underParent;
        else confirm = true;
      }
      if (confirm) {
        decision = {
          ...row,
          status: "ambiguous",
          candidateIds: named.map((organization) => organization.id),
        };
      } else if (named.length === 1 && named[0]) {
        decision = { ...row, status: "matched", organizationId: named[0].id, matchedBy: "name" };
      } else if (named.length > 1) {
        decision = {
          ...row,
          status: "ambiguous",
          candidateIds: named.map((organization) => organization.id),
        };
      } else decision = asNew;
    }
    planned.set(row.row, decision);
  }

  // Kind rules for the rows to be created.
  const kindOf = (row: OrganizationListRow): OrganizationKind | null => {
    const decision = planned.get(row.row);
    if (decision?.status === "matched") return existingById.get(decision.organizationId)?.kind ?? null;
    return decision?.status === "new" ? row.kind : null;
  };
  for (const decision of planned.values()) {
    if (
      decision.status !== "new" ||
      inCycle.has(decision.row) ||
      links.get(decision.row)?.kind === "missing"
    ) {
      continue;
    }
    const parentKind =
      "row" in decision.placeUnder
        ? kindOf(rowsByNumber.get(decision.placeUnder.row) as OrganizationListRow)
        : (existingById.get(decision.placeUnder.organizationId)?.kind ?? null);
    if (parentKind !== null && !canHoldChild(parentKind, decision.kind)) {
      problems.push({
        row: decision.row,
        field: "kind",
        value: ORGANIZATION_KIND_LABELS[decision.kind].zh,
        message:
          parentKind === "branch"
            ? `组织类型：上级组织是团支部，团支部下不能设立${ORGANIZATION_KIND_LABELS[decision.kind].zh}`
            : `组织类型：${ORGANIZATION_KIND_LABELS[parentKind].zh}下不能设立${ORGANIZATION_KIND_LABELS[decision.kind].zh}`,
      });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows: ordered.map((row) => planned.get(row.row) as PlannedRow), problems };
}

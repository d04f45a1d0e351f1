import {
  childPath,
  DomainError,
  type ExistingOrganization,
  levelForListedOrganization,
  ORGANIZATION_LIST_HEADERS,
  type OrganizationKind,
  type OrganizationListField,
  type OrganizationListProblem,
  type PlannedRow,
  planOrganizationImport,
  type RowResolution,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { pinyinInitials } from "../../lib/pinyin";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  allocateOrganizationIds,
  findNearestDivisionCode,
  findOrganizationById,
  insertOrganizations,
  lockOrganizationMoves,
  type NewOrganization,
  type OrganizationRecord,
} from "../organizations/organization.repository";
import {
  findSubtreeForImport,
  findUsedOrganizationCodes,
  updateReportedMemberCounts,
} from "./organization-import.repository";
import { type OrganizationListReading, readOrganizationList } from "./organization-list-reader";
import type { ImportProblem } from "./registry-sheet-reader";
import type { XlsxLimits } from "./xlsx-archive";

/** An organization as the preview names it. */
export interface OrganizationReference {
  id: number;
  name: string;
  code: string;
}

/** One row of the list as the preview shows it: matched / new / ambiguous (to confirm). */
export interface OrganizationImportEntry {
  row: number;
  name: string;
  kind: OrganizationKind;
  status: "matched" | "new" | "ambiguous";
  /** How a matched row was matched: by division code, code, normalized name, or the user's choice. */
  matchedBy: "division_code" | "code" | "name" | "choice" | null;
  /** The organization matched (null for new and ambiguous rows). */
  organization: OrganizationReference | null;
  /** Where a new row goes: the parent's name (a row of the file or an organization of tuanwu). */
  parentName: string | null;
  /** The organizations an ambiguous row may be (choose one, or "new"). */
  candidates: OrganizationReference[];
  reportedMemberCount: number | null;
}

/** The outcome of an organization-list import or its dry run. */
export interface OrganizationImportResult {
  rows: number;
  matched: number;
  created: number;
  ambiguous: number;
  entries: OrganizationImportEntry[];
  problems: ImportProblem[];
}

/** A commit refused (nothing written): problems, or ambiguous rows not yet confirmed. Carries the preview. */
export class OrganizationImportRejectedError extends DomainError {
  constructor(readonly result: OrganizationImportResult) {
    super(
      "import_problems",
      result.problems.length > 0
        ? `组织列表有${result.problems.length}处问题，未导入任何组织；请按问题清单修改后重新上传`
        : `有${result.ambiguous}行匹配到多个已有组织，请逐行确认对应的组织（或新建）后再导入；未导入任何组织`,
      { field: "file", status: 422 },
    );
  }
}

export interface ImportOrganizationsOptions {
  /** Check only: the preview, nothing written. */
  dryRun: boolean;
  /** The user's choices for ambiguous rows: row number → organization id or "new". */
  resolutions?: ReadonlyMap<number, RowResolution>;
  /** The uploaded file's name, for the audit log. */
  fileName?: string | undefined;
  maxRows?: number;
  limits?: XlsxLimits;
}

type SubtreeRow = Awaited<ReturnType<typeof findSubtreeForImport>>[number];

function headerOf(reading: OrganizationListReading, field: OrganizationListField | null): string {
  if (field === null) return "";
  return reading.headers.get(field) ?? ORGANIZATION_LIST_HEADERS[field][0] ?? field;
}

function toImportProblem(reading: OrganizationListReading, problem: OrganizationListProblem): ImportProblem {
  return {
    row: problem.row,
    column: headerOf(reading, problem.field),
    value: problem.value,
    message: problem.message,
  };
}

interface Preparation {
  result: OrganizationImportResult;
  planned: PlannedRow[];
  subtree: SubtreeRow[];
}

/** Plans the list against the subtree and checks the codes of new rows against the whole tree. */
async function prepare(
  db: Executor,
  root: OrganizationRecord,
  reading: OrganizationListReading,
  resolutions: ReadonlyMap<number, RowResolution>,
): Promise<Preparation> {
  const subtree = await findSubtreeForImport(db, root.path);
  const byId = new Map(subtree.map((row) => [row.id, row]));
  const plan = planOrganizationImport(
    reading.rows,
    subtree satisfies ExistingOrganization[],
    root.id,
    resolutions,
  );
  const problems = [...reading.problems.map((problem) => toImportProblem(reading, problem))];
  problems.push(...plan.problems.map((problem) => toImportProblem(reading, problem)));
  const newRows = plan.rows.filter((row) => row.status === "new");
  const wanted = newRows.flatMap((row) =>
    [row.code, row.divisionCode].filter((code): code is string => !!code),
  );
  const used = await findUsedOrganizationCodes(db, [...new Set(wanted)]);
  for (const row of newRows) {
    for (const [field, value] of [
      ["code", row.code],
      ["divisionCode", row.divisionCode],
    ] as const) {
      if (value && used.has(value)) {
        problems.push({
          row: row.row,
          column: headerOf(reading, field),
          value,
          message: `${field === "code" ? "组织编码" : "行政区划代码"}“${value}”已被团务系统中该组织之外的其他组织使用，请核对`,
        });
      }
    }
  }
  problems.sort((a, b) => a.row - b.row);
  const reference = (id: number): OrganizationReference | null => {
    const found = byId.get(id);
    return found ? { id: found.id, name: found.name, code: found.code } : null;
  };
  const namesByRow = new Map(reading.rows.map((row) => [row.row, row.name]));
  const entries: OrganizationImportEntry[] = plan.rows
    .map((row) => ({
      row: row.row,
      name: row.name,
      kind: row.kind,
      status: row.status,
      matchedBy: row.status === "matched" ? row.matchedBy : null,
      organization: row.status === "matched" ? reference(row.organizationId) : null,
      parentName:
        row.status === "new"
          ? "row" in row.placeUnder
            ? (namesByRow.get(row.placeUnder.row) ?? null)
            : (byId.get(row.placeUnder.organizationId)?.name ?? null)
          : null,
      candidates:
        row.status === "ambiguous"
          ? row.candidateIds.map(reference).filter((entry): entry is OrganizationReference => entry !== null)
          : [],
      reportedMemberCount: row.reportedMemberCount,
    }))
    .sort((a, b) => a.row - b.row);
  const count = (status: OrganizationImportEntry["status"]) =>
    entries.filter((entry) => entry.status === status).length;
  return {
    result: {
      rows: reading.dataRows,
      matched: count("matched"),
      created: 0,
      ambiguous: count("ambiguous"),
      entries,
      problems,
    },
    planned: plan.rows,
    subtree,
  };
}

/**
 * Imports an organization list (智慧团建's 组织列表, .xlsx) into the subtree of `organizationId` (issue
 * 15 part 4). Each row is matched to an organization of the subtree (division code, code, normalized
 * name — domain planOrganizationImport) or planned as new; the preview lists matched / new / ambiguous.
 * A commit is one transaction, all rows or none: with any problem (a cycle of parents, a kind its
 * parent may not hold, a parent found nowhere, a code used elsewhere, a bad cell) or any ambiguous row
 * left unconfirmed it throws {@link OrganizationImportRejectedError} (422) and writes nothing. It creates
 * the new organizations parents first (code: the row's code, else its division code, else the nearest
 * division code and the new id, as createOrganization does), sets 应录入数 of matched ones when the
 * list gives it, and records one audit entry `organization.import`.
 * Errors: 404 outside the actor's scope; 403 without organization:write; 400 for a file that is not an
 * .xlsx (or is password-protected), unpacks to too much, or has too many rows.
 */
export async function importOrganizations(
  db: Database,
  actor: Actor,
  organizationId: number,
  filePath: string,
  options: ImportOrganizationsOptions,
): Promise<OrganizationImportResult> {
  await requireAccess(db, actor, {
    permission: "organization:write",
    kind: "organization",
    ids: [organizationId],
  });
  const target = requireFound(await findOrganizationById(db, organizationId), "organization");
  const reading = await readOrganizationList(filePath, {
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const resolutions = options.resolutions ?? new Map();
  if (options.dryRun) return (await prepare(db, target, reading, resolutions)).result;
  return db.transaction(async (tx) => {
    // Serialise with moves (and other imports): the subtree read below must not change meanwhile.
    await lockOrganizationMoves(tx);
    const root = requireFound(await findOrganizationById(tx, organizationId), "organization");
    await requireAccess(tx, actor, {
      permission: "organization:write",
      kind: "organization",
      ids: [root.id],
    });
    const { result, planned, subtree } = await prepare(tx, root, reading, resolutions);
    if (result.problems.length > 0 || result.ambiguous > 0) throw new OrganizationImportRejectedError(result);
    const newRows = planned.filter(
      (row): row is Extract<PlannedRow, { status: "new" }> => row.status === "new",
    );
    const ids = await allocateOrganizationIds(tx, newRows.length);
    const placed = new Map<
      number,
      { id: number; path: string; depth: number; divisionCode: string | null }
    >();
    const existing = new Map(subtree.map((row) => [row.id, row]));
    const rootDivision = await findNearestDivisionCode(tx, root.path);
    const nearestDivision = new Map<number, string | null>();
    const divisionOfExisting = (id: number): string | null => {
      if (nearestDivision.has(id)) return nearestDivision.get(id) ?? null;
      const row = existing.get(id);
      const value =
        row?.divisionCode ??
        (row && row.id !== root.id && row.parentId !== null
          ? divisionOfExisting(row.parentId)
          : rootDivision);
      nearestDivision.set(id, value);
      return value;
    };
    const rowsByNumber = new Map(planned.map((row) => [row.row, row]));
    const inserts: (NewOrganization & { id: number; path: string; depth: number })[] = [];
    newRows.forEach((row, index) => {
      const id = ids[index] as number;
      let parent: { id: number; path: string; depth: number; divisionCode: string | null };
      if ("row" in row.placeUnder) {
        const parentRow = rowsByNumber.get(row.placeUnder.row);
        if (parentRow?.status === "matched") {
          const found = existing.get(parentRow.organizationId) as SubtreeRow;
          parent = { ...found, divisionCode: divisionOfExisting(found.id) };
        } else parent = placed.get(row.placeUnder.row) as typeof parent;
      } else {
        const found = existing.get(row.placeUnder.organizationId) as SubtreeRow;
        parent = { ...found, divisionCode: divisionOfExisting(found.id) };
      }
      const divisionCode = row.divisionCode ?? parent.divisionCode;
      const path = childPath(parent.path, id);
      inserts.push({
        id,
        parentId: parent.id,
        path,
        depth: parent.depth + 1,
        kind: row.kind,
        level: levelForListedOrganization(row.divisionCode),
        sector: row.sector,
        name: row.name,
        shortName: row.shortName,
        nameInitials: pinyinInitials(row.shortName ?? row.name),
        code: row.code ?? row.divisionCode ?? `${divisionCode ?? "ORG"}-${id}`,
        divisionCode: row.divisionCode,
        reportedMemberCount: row.reportedMemberCount,
      });
      placed.set(row.row, { id, path, depth: parent.depth + 1, divisionCode });
    });
    await insertOrganizations(tx, inserts);
    const counts = planned.flatMap((row) =>
      row.status === "matched" &&
      row.reportedMemberCount !== null &&
      existing.get(row.organizationId)?.reportedMemberCount !== row.reportedMemberCount
        ? [{ id: row.organizationId, reportedMemberCount: row.reportedMemberCount }]
        : [],
    );
    await updateReportedMemberCounts(tx, counts);
    await recordAudit(tx, actor, {
      action: "organization.import",
      entityType: "organization",
      entityId: root.id,
      organizationId: root.id,
      detail: {
        rows: result.rows,
        matched: result.matched,
        created: inserts.length,
        reportedMemberCountsSet: counts.length,
        organization: root.name,
        fileName: options.fileName ?? null,
      },
    });
    return { ...result, created: inserts.length };
  });
}

import {
  childPath,
  DomainError,
  type ImportedMemberRecord,
  normalizeOrganizationName,
  rankNameCandidates,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { personNameInitials, pinyinInitials } from "../../lib/pinyin";
import { requireAccess, requireFound } from "../access/access.service";
import { appendMemberEvents } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  allocateOrganizationIds,
  findNearestDivisionCode,
  findOrganizationById,
  insertOrganizations,
  type OrganizationRecord,
} from "../organizations/organization.repository";
import { addImportedMembersToSnapshots } from "../stats/member-count-snapshot.service";
import {
  findBranchNameMappings,
  lockBranchNameMappings,
  resolveCreatedMapping,
} from "./branch-name-mapping.repository";
import {
  findRecordedCitizenIds,
  findSubtreeBranches,
  findUsedMemberNumbers,
  insertRegistryMembers,
  type RegistryMemberInsert,
} from "./registry.repository";
import { type ImportProblem, readRegistrySheet, type SheetReading } from "./registry-sheet-reader";
import type { XlsxLimits } from "./xlsx-archive";

/** A 所在团支部 found under no branch (or under several), reported once for all its rows (issue 15 part 5). */
export interface UnmatchedBranchName {
  /** The name as first written in the file. */
  name: string;
  /** How many rows carry it, and the first of them (Excel row numbers). */
  rows: number;
  firstRow: number;
  /** The branches most like it (normalized-name similarity 0–1), best first. */
  candidates: { id: number; name: string; code: string; score: number }[];
}

/** The outcome of an import or a dry run: data rows read, members imported, every problem found. */
export interface ImportResult {
  rows: number;
  imported: number;
  problems: ImportProblem[];
  /** 所在团支部 names to map (团支部名称对照) before the rows carrying them can be imported. */
  unmatchedBranches: UnmatchedBranchName[];
}

/** A commit refused because the file has problems (nothing was written); carries the dry run's result. */
export class ImportRejectedError extends DomainError {
  constructor(readonly result: ImportResult) {
    super(
      "import_problems",
      `导入文件有${result.problems.length}处问题，未导入任何团员；请按问题清单修改后重新上传`,
      { field: "file", status: 422 },
    );
  }
}

export interface ImportMembersOptions {
  /** Check only: return the problems and write nothing. */
  dryRun: boolean;
  /** "YYYY-MM-DD" (China): join dates may not be later; the archive entries carry it. */
  today: string;
  /** The uploaded file's name, for the audit log. */
  fileName?: string | undefined;
  onProgress?: ((rowsRead: number) => void) | undefined;
  maxRows?: number;
  limits?: XlsxLimits;
}

type Branch = Awaited<ReturnType<typeof findSubtreeBranches>>[number];
type Mapping = Awaited<ReturnType<typeof findBranchNameMappings>>[number];

/** Where a 所在团支部 cell leads: a branch, a branch to create from a mapping, or nothing found. */
type Resolution =
  | { id: number }
  | { create: Mapping }
  | { message: string }
  | { unmatched: string; candidates: readonly Branch[] };

/**
 * Finds the branch a 所在团支部 cell names: by code first, then by full or short name compared as
 * organization names (domain normalizeOrganizationName: 村民委员会 → 村, 支部委员会 → 团支部, widths…),
 * then by the name mapping remembered for the target (团支部名称对照). Several branches of that name
 * or none: unmatched (the several are the candidates).
 */
function branchResolver(
  target: OrganizationRecord,
  branches: readonly Branch[],
  mappings: readonly Mapping[],
) {
  const byCode = new Map(branches.map((branch) => [branch.code.trim(), branch]));
  const byName = new Map<string, Branch[]>();
  for (const branch of branches) {
    for (const name of new Set([branch.name, branch.shortName].filter((text): text is string => !!text))) {
      const key = normalizeOrganizationName(name);
      byName.set(key, [...(byName.get(key) ?? []), branch]);
    }
  }
  const subtreeBranchIds = new Set(branches.map((branch) => branch.id));
  const byMapping = new Map(mappings.map((mapping) => [mapping.sourceKey, mapping]));
  return (text: string | null): Resolution => {
    if (text === null) {
      return target.kind === "branch" ? { id: target.id } : { message: "所在团支部：必填" };
    }
    const exact = byCode.get(text.trim());
    if (exact) return { id: exact.id };
    const key = normalizeOrganizationName(text);
    const named = [...new Set(byName.get(key) ?? [])];
    if (named.length === 1 && named[0]) return { id: named[0].id };
    const mapping = byMapping.get(key);
    // A mapping whose branch has since left the subtree no longer counts.
    if (mapping?.branchId != null && subtreeBranchIds.has(mapping.branchId)) return { id: mapping.branchId };
    if (mapping?.createUnderId != null && mapping.createUnderPath?.startsWith(target.path)) {
      return { create: mapping };
    }
    return { unmatched: text, candidates: named };
  };
}

/** Rows sharing a value (citizen ID, member number): each row is told which others repeat it. */
function reportRepeats(
  problems: ImportProblem[],
  rowsByValue: ReadonlyMap<string, number[]>,
  column: string,
  label: string,
): void {
  for (const [value, rows] of rowsByValue) {
    if (rows.length < 2) continue;
    for (const row of rows) {
      const others = rows.filter((other) => other !== row).map((other) => `第${other}行`);
      problems.push({
        row,
        column,
        value,
        message: `${label}“${value}”在文件中重复：与${others.join("、")}相同`,
      });
    }
  }
}

/**
 * A member row from an imported record. The cadre columns (是否团干部, 团内现任职务, 任现职年月,
 * 团干部性质) are read and checked but not written: they are views of the cadre records (issue 13
 * part 1, migration 0018), entered under 团干部.
 */
function toInsert(record: ImportedMemberRecord, organizationId: number): RegistryMemberInsert {
  return {
    organizationId,
    name: record.name,
    nameInitials: personNameInitials(record.name),
    sex: record.sex,
    ethnicity: record.ethnicity ?? null,
    idDocumentType: record.idDocumentType,
    citizenId: record.citizenId,
    birthDate: record.birthDate,
    memberNumber: record.memberNumber ?? null,
    joinedOn: record.joinedOn,
    education: record.education ?? null,
    occupation: record.occupation ?? null,
    politicalStatus: record.politicalStatus ?? null,
    phone: record.phone ?? null,
    realNameVerified: record.realNameVerified ?? null,
    income: record.income ?? null,
    isPartyCommitteeMember: record.isPartyCommitteeMember ?? null,
    fullTimeEducation: record.fullTimeEducation ?? null,
    householdRegistration: record.householdRegistration ?? null,
    joinedAtUnit: record.joinedAtUnit ?? null,
    workplace: record.workplace ?? null,
    email: record.email ?? null,
    qq: record.qq ?? null,
    wechat: record.wechat ?? null,
    partyJoinedOn: record.partyJoinedOn ?? null,
    volunteerRegisteredOn: record.volunteerRegisteredOn ?? null,
  };
}

/** A member row ready to insert; `create` when its branch is created first from a mapping. */
interface ResolvedMember {
  row: number;
  insert: RegistryMemberInsert;
  create: Mapping | null;
}

/**
 * The checks that need the database: 所在团支部 resolved to a branch inside the target's subtree (or
 * through the remembered name mapping; a name found nowhere is one problem for all its rows, listed in
 * `unmatchedBranches` with its best candidates), citizen IDs and member numbers repeated inside the
 * file (every row named) or already recorded (the message names the organization holding the citizen
 * ID, so that the user starts a transfer instead).
 */
async function checkAgainstDatabase(
  db: Executor,
  target: OrganizationRecord,
  reading: SheetReading,
): Promise<{
  problems: ImportProblem[];
  members: ResolvedMember[];
  unmatchedBranches: UnmatchedBranchName[];
}> {
  const problems = [...reading.problems];
  const members: ResolvedMember[] = [];
  const branches = await findSubtreeBranches(db, target.path);
  const resolve = branchResolver(target, branches, await findBranchNameMappings(db, target.id));
  const organizationColumn = reading.headers.get("organization") ?? "所在团支部";
  const citizenIdColumn = reading.headers.get("citizenId") ?? "身份证号";
  const numberColumn = reading.headers.get("memberNumber") ?? "团员编号";
  const rowsByCitizenId = new Map<string, number[]>();
  const rowsByNumber = new Map<string, number[]>();
  const unmatched = new Map<string, { name: string; rows: number[]; several: readonly Branch[] }>();
  for (const { row, record } of reading.records) {
    rowsByCitizenId.set(record.citizenId, [...(rowsByCitizenId.get(record.citizenId) ?? []), row]);
    if (record.memberNumber) {
      rowsByNumber.set(record.memberNumber, [...(rowsByNumber.get(record.memberNumber) ?? []), row]);
    }
    const branch = resolve(record.organization);
    if ("message" in branch) {
      problems.push({ row, column: organizationColumn, value: record.organization, message: branch.message });
    } else if ("unmatched" in branch) {
      const key = normalizeOrganizationName(branch.unmatched);
      const group = unmatched.get(key);
      if (group) group.rows.push(row);
      else unmatched.set(key, { name: branch.unmatched, rows: [row], several: branch.candidates });
    } else if ("create" in branch) {
      members.push({ row, insert: toInsert(record, target.id), create: branch.create });
    } else members.push({ row, insert: toInsert(record, branch.id), create: null });
  }
  const unmatchedBranches: UnmatchedBranchName[] = [];
  for (const group of unmatched.values()) {
    const firstRow = group.rows[0] as number;
    const listed = group.rows
      .slice(0, 5)
      .map((row) => `第${row}行`)
      .join("、");
    const rowsText = group.rows.length > 5 ? `${listed}等${group.rows.length}行` : listed;
    const ranked =
      group.several.length > 1
        ? group.several.map((candidate) => ({ candidate, score: 1 }))
        : rankNameCandidates(group.name, branches);
    unmatchedBranches.push({
      name: group.name,
      rows: group.rows.length,
      firstRow,
      candidates: ranked.map(({ candidate, score }) => ({
        id: candidate.id,
        name: candidate.name,
        code: candidate.code,
        score,
      })),
    });
    problems.push({
      row: firstRow,
      column: organizationColumn,
      value: group.name,
      message:
        group.several.length > 1
          ? `所在团支部：“${target.name}”下有${group.several.length}个名为“${group.name}”的团支部（${rowsText}），请在“团支部名称对照”中指定是哪一个，或改填组织编码（${group.several.map((branch) => branch.code).join("、")}）`
          : `所在团支部：“${target.name}”下找不到“${group.name}”（${rowsText}），请在“团支部名称对照”中指定对应的团支部或新建；未对照的行不能导入`,
    });
  }
  reportRepeats(problems, rowsByCitizenId, citizenIdColumn, "身份证号");
  reportRepeats(problems, rowsByNumber, numberColumn, "团员编号");
  const recorded = await findRecordedCitizenIds(db, [...rowsByCitizenId.keys()]);
  const used = await findUsedMemberNumbers(db, [...rowsByNumber.keys()]);
  for (const { row, record } of reading.records) {
    const holder = recorded.get(record.citizenId);
    if (holder !== undefined) {
      problems.push({
        row,
        column: citizenIdColumn,
        value: record.citizenId,
        message: `身份证号已登记在“${holder}”，该团员已在册；如需转入，请发起组织关系转接`,
      });
    }
    if (record.memberNumber && used.has(record.memberNumber)) {
      problems.push({
        row,
        column: numberColumn,
        value: record.memberNumber,
        message: `团员编号“${record.memberNumber}”已被其他团员使用`,
      });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  unmatchedBranches.sort((a, b) => a.firstRow - b.firstRow);
  return { problems, members, unmatchedBranches };
}

/**
 * Creates the branches that "create it under …" mappings ask for (name as written, kind branch, level
 * grassroots, code: the nearest division code and the new id), points each mapping at its new branch,
 * and sets the members' organization. Returns the branches created.
 */
async function createMappedBranches(tx: Executor, members: readonly ResolvedMember[]): Promise<string[]> {
  const mappings = [
    ...new Map(
      members.flatMap((member) => (member.create ? [[member.create.id, member.create]] : [])),
    ).values(),
  ];
  if (mappings.length === 0) return [];
  // A concurrent import may have created some of them since this one read the mappings.
  const current = new Map(
    (
      await lockBranchNameMappings(
        tx,
        mappings.map((mapping) => mapping.id),
      )
    ).map((row) => [row.id, row.branchId]),
  );
  const branchIdOf = new Map<number, number>();
  for (const mapping of mappings) {
    const branchId = current.get(mapping.id);
    if (branchId != null) branchIdOf.set(mapping.id, branchId);
  }
  const missing = mappings.filter((mapping) => !branchIdOf.has(mapping.id));
  const ids = await allocateOrganizationIds(tx, missing.length);
  const rows = [];
  for (const [index, mapping] of missing.entries()) {
    const id = ids[index] as number;
    const parentPath = mapping.createUnderPath as string;
    const division = await findNearestDivisionCode(tx, parentPath);
    rows.push({
      id,
      parentId: mapping.createUnderId as number,
      path: childPath(parentPath, id),
      depth: (mapping.createUnderDepth as number) + 1,
      kind: "branch" as const,
      level: "grassroots" as const,
      name: mapping.sourceName,
      nameInitials: pinyinInitials(mapping.sourceName),
      code: `${division ?? "ORG"}-${id}`,
    });
    branchIdOf.set(mapping.id, id);
  }
  await insertOrganizations(tx, rows);
  for (const [index, mapping] of missing.entries())
    await resolveCreatedMapping(tx, mapping.id, ids[index] as number);
  for (const member of members) {
    if (member.create) member.insert.organizationId = branchIdOf.get(member.create.id) as number;
  }
  return missing.map((mapping) => mapping.sourceName);
}

/**
 * Imports the members of a registry workbook (智慧团建's export or tuanwu's template) into an
 * organization's subtree (issue 3 part 4). The file is read with ExcelJS's streaming reader; a dry run
 * returns every problem and writes nothing; a commit is one transaction — all rows or none: with any
 * problem it throws {@link ImportRejectedError} (422) and writes nothing. A commit inserts each member
 * (active since the join date) with its history period and an archive entry `imported`, and one audit
 * entry `member.import` with the row counts and the target organization.
 * Errors: 404 outside the actor's scope; 403 without member:write; 400 for a file that is not .xlsx,
 * unpacks to too much, or has more rows than allowed.
 */
export async function importMembers(
  db: Database,
  actor: Actor,
  organizationId: number,
  filePath: string,
  options: ImportMembersOptions,
): Promise<ImportResult> {
  await requireAccess(db, actor, { permission: "member:write", kind: "organization", ids: [organizationId] });
  const target = requireFound(await findOrganizationById(db, organizationId), "organization");
  const reading = await readRegistrySheet(filePath, {
    today: options.today,
    requireOrganization: target.kind !== "branch",
    onProgress: options.onProgress,
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  if (options.dryRun) {
    const { problems, unmatchedBranches } = await checkAgainstDatabase(db, target, reading);
    return { rows: reading.rows, imported: 0, problems, unmatchedBranches };
  }
  return db.transaction(async (tx) => {
    // FOR KEY SHARE: the target (and so its subtree's paths) cannot move or go while the members go in.
    // Not FOR SHARE: a branch target is also locked FOR NO KEY UPDATE by the org_life_count trigger of
    // the member insert (migration 0026): two imports into one branch would deadlock on that upgrade,
    // as members moved into one branch did (requireMemberBranch).
    const locked = requireFound(await findOrganizationById(tx, organizationId, "key share"), "organization");
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const { problems, members, unmatchedBranches } = await checkAgainstDatabase(tx, locked, reading);
    if (problems.length > 0) {
      throw new ImportRejectedError({ rows: reading.rows, imported: 0, problems, unmatchedBranches });
    }
    const createdBranches = await createMappedBranches(tx, members);
    const ids = await insertRegistryMembers(
      tx,
      members.map((member) => member.insert),
    );
    // Past join dates: the month-end snapshots that exist count them too (issue 18 part 4).
    await addImportedMembersToSnapshots(tx, ids);
    await appendMemberEvents(
      tx,
      actor,
      ids.map((memberId, index) => ({
        memberId,
        kind: "imported" as const,
        occurredOn: options.today,
        summary: `从Excel导入团员信息（第${members[index]?.row ?? "?"}行）`,
        detail: { row: members[index]?.row ?? null, fileName: options.fileName ?? null },
      })),
    );
    await recordAudit(tx, actor, {
      action: "member.import",
      entityType: "organization",
      entityId: locked.id,
      organizationId: locked.id,
      detail: {
        rows: reading.rows,
        imported: ids.length,
        organization: locked.name,
        fileName: options.fileName ?? null,
        createdBranches,
      },
    });
    return { rows: reading.rows, imported: ids.length, problems: [], unmatchedBranches: [] };
  });
}

import { DomainError, type ImportedMemberRecord, normalizeForMatching } from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { personNameInitials } from "../../lib/pinyin";
import { requireAccess, requireFound } from "../access/access.service";
import { appendMemberEvents } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById, type OrganizationRecord } from "../organizations/organization.repository";
import {
  findRecordedCitizenIds,
  findSubtreeBranches,
  findUsedMemberNumbers,
  insertRegistryMembers,
  type RegistryMemberInsert,
} from "./registry.repository";
import { type ImportProblem, readRegistrySheet, type SheetReading } from "./registry-sheet-reader";
import type { XlsxLimits } from "./xlsx-archive";

/** The outcome of an import or a dry run: data rows read, members imported, every problem found. */
export interface ImportResult {
  rows: number;
  imported: number;
  problems: ImportProblem[];
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

/** Finds the branch a 所在团支部 cell names: by code first, then by full or short name (normalised). */
function branchResolver(target: OrganizationRecord, branches: readonly Branch[]) {
  const byCode = new Map(branches.map((branch) => [branch.code.trim(), branch]));
  const byName = new Map<string, Branch[]>();
  for (const branch of branches) {
    for (const name of new Set([branch.name, branch.shortName].filter((text): text is string => !!text))) {
      const key = normalizeForMatching(name);
      byName.set(key, [...(byName.get(key) ?? []), branch]);
    }
  }
  return (text: string | null): { id: number } | { message: string } => {
    if (text === null) {
      return target.kind === "branch" ? { id: target.id } : { message: "所在团支部：必填" };
    }
    const exact = byCode.get(text.trim());
    if (exact) return { id: exact.id };
    const named = [...new Set(byName.get(normalizeForMatching(text)) ?? [])];
    if (named.length === 1 && named[0]) return { id: named[0].id };
    if (named.length > 1) {
      return {
        message: `所在团支部：“${target.name}”下有${named.length}个名为“${text}”的团支部，请改填组织编码（${named.map((branch) => branch.code).join("、")}）`,
      };
    }
    return { message: `所在团支部：“${target.name}”下没有名称或编码为“${text}”的团支部` };
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
    isCadre: record.isCadre ?? false,
    phone: record.phone ?? null,
    realNameVerified: record.realNameVerified ?? null,
    income: record.income ?? null,
    leaguePosition: record.leaguePosition ?? null,
    positionSince: record.positionSince ?? null,
    cadreKind: record.cadreKind ?? null,
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

/**
 * The checks that need the database: 所在团支部 resolved to a branch inside the target's subtree,
 * citizen IDs and member numbers repeated inside the file (every row named) or already recorded (the
 * message names the organization holding the citizen ID, so that the user starts a transfer instead).
 */
async function checkAgainstDatabase(
  db: Executor,
  target: OrganizationRecord,
  reading: SheetReading,
): Promise<{ problems: ImportProblem[]; members: { row: number; insert: RegistryMemberInsert }[] }> {
  const problems = [...reading.problems];
  const members: { row: number; insert: RegistryMemberInsert }[] = [];
  const resolve = branchResolver(target, await findSubtreeBranches(db, target.path));
  const organizationColumn = reading.headers.get("organization") ?? "所在团支部";
  const citizenIdColumn = reading.headers.get("citizenId") ?? "身份证号";
  const numberColumn = reading.headers.get("memberNumber") ?? "团员编号";
  const rowsByCitizenId = new Map<string, number[]>();
  const rowsByNumber = new Map<string, number[]>();
  for (const { row, record } of reading.records) {
    rowsByCitizenId.set(record.citizenId, [...(rowsByCitizenId.get(record.citizenId) ?? []), row]);
    if (record.memberNumber) {
      rowsByNumber.set(record.memberNumber, [...(rowsByNumber.get(record.memberNumber) ?? []), row]);
    }
    const branch = resolve(record.organization);
    if ("message" in branch) {
      problems.push({ row, column: organizationColumn, value: record.organization, message: branch.message });
    } else members.push({ row, insert: toInsert(record, branch.id) });
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
  return { problems, members };
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
    const { problems } = await checkAgainstDatabase(db, target, reading);
    return { rows: reading.rows, imported: 0, problems };
  }
  return db.transaction(async (tx) => {
    // FOR SHARE: the target (and so its subtree's paths) cannot move while the members go in.
    const locked = requireFound(await findOrganizationById(tx, organizationId, "share"), "organization");
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const { problems, members } = await checkAgainstDatabase(tx, locked, reading);
    if (problems.length > 0) throw new ImportRejectedError({ rows: reading.rows, imported: 0, problems });
    const ids = await insertRegistryMembers(
      tx,
      members.map((member) => member.insert),
    );
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
      },
    });
    return { rows: reading.rows, imported: ids.length, problems: [] };
  });
}

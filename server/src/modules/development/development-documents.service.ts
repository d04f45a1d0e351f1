import {
  DEVELOPMENT_STATE_LABELS,
  type DevelopmentState,
  DomainError,
  dictionaryLabel,
  ETHNICITIES,
  maskCitizenId,
  SEX_LABELS,
  type Sex,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { maySeePersonalData } from "../members/member.policy";
import { findOrganizationById } from "../organizations/organization.repository";
import { buildApplicationForm } from "./development-documents.form";
import {
  type DocumentApplicationRow,
  findApplicationsInStates,
  findDocumentApplication,
  findMemberNames,
} from "./development-documents.repository";
import { buildPublicNoticeWorkbook, type PublicNoticeRow } from "./development-documents.workbook";
import { developmentData } from "./development-effects";

/** A produced file: its bytes and the (Chinese) file name to offer. */
export interface DocumentFile {
  bytes: Buffer;
  fileName: string;
}

/**
 * States from which the 入团志愿书 exists: the committee issues it on pre-checking the development
 * target (domain.md §3), so from development_target on (a deferral keeps it when paused there).
 */
export const APPLICATION_FORM_STATES: readonly DevelopmentState[] = [
  "development_target",
  "sponsored",
  "branch_voted",
  "approved",
  "admitted",
  "archived",
];

/**
 * The states on the public notice (公示) and their category, in the order listed within a branch:
 * development targets (the furthest first), then candidates.
 */
export const PUBLIC_NOTICE_STATES: Readonly<Partial<Record<DevelopmentState, string>>> = {
  sponsored: "发展对象",
  development_target: "发展对象",
  target_proposed: "发展对象",
  candidate: "入团积极分子",
};

/** "2025-09-01" → "2025年09月01日"; "" when absent. */
function chineseDate(date: string | undefined): string {
  if (date === undefined) return "";
  return `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;
}

/** "2010-05-17" → "2010年05月" (出生年月). */
function chineseMonth(date: string): string {
  return `${date.slice(0, 4)}年${date.slice(5, 7)}月`;
}

/** The chain of one application: recorded dates, mentor and sponsor names (while their step stands). */
async function chainOf(db: Database, application: DocumentApplicationRow) {
  const data = developmentData(application);
  const mentorIds = data.mentorMemberIds ?? [];
  const sponsorIds = data.sponsorMemberIds ?? [];
  const names = await findMemberNames(db, [...mentorIds, ...sponsorIds]);
  const list = (ids: readonly number[]) =>
    ids
      .map((id) => names.get(id))
      .filter((name): name is string => name !== undefined)
      .join("、");
  return { recorded: data.recorded, mentors: list(mentorIds), sponsors: list(sponsorIds) };
}

function sexLabel(sex: string): string {
  return sex in SEX_LABELS ? SEX_LABELS[sex as Sex].zh : sex;
}

/**
 * The pre-filled 入团志愿书 of a development target (发展对象; domain.md §3: issued by the committee
 * that pre-checks the target) as .docx: 姓名, 性别, 民族, 出生年月, 所在团支部, the dates of application,
 * of being named a candidate and a development target, the mentors 培养联系人 and sponsors 入团介绍人
 * (once named), and blank parts to be filled by hand (入团志愿, 入团介绍人意见, 支部大会意见, 上级团委审批意见).
 * No citizen ID or phone. Audited as "development.export_application_form".
 *
 * Errors: 404 application missing or outside the subtree; 403 without member:read; 422
 * application_form_not_available (field state) before the development target is pre-checked, or after
 * a rejection or withdrawal.
 */
export async function exportApplicationForm(
  db: Database,
  actor: Actor,
  applicationId: number,
): Promise<DocumentFile> {
  await requireAccess(db, actor, {
    permission: "member:read",
    kind: "development_application",
    ids: [applicationId],
  });
  const application = requireFound(
    await findDocumentApplication(db, applicationId),
    "development_application",
  );
  const standing = (
    application.state === "deferred" ? application.pausedFrom : application.state
  ) as DevelopmentState | null;
  if (standing === null || !APPLICATION_FORM_STATES.includes(standing)) {
    const label = DEVELOPMENT_STATE_LABELS[application.state as DevelopmentState]?.zh ?? application.state;
    throw new DomainError(
      "application_form_not_available",
      `state：入团志愿书在发展对象经预审后方可生成（当前：${label}）/ only for a pre-checked development target`,
      { field: "state", status: 422 },
    );
  }
  const chain = await chainOf(db, application);
  const bytes = await buildApplicationForm({
    issuedBy: application.parentName ?? "",
    name: application.name,
    sex: sexLabel(application.sex),
    ethnicity: application.ethnicity ? dictionaryLabel(ETHNICITIES, application.ethnicity, "zh-CN") : "",
    birthMonth: chineseMonth(application.birthDate),
    branch: application.organizationName,
    applicationDate: chineseDate(chain.recorded.applicationDate),
    candidateDate: chineseDate(chain.recorded.candidateNamedOn),
    targetDate: chineseDate(chain.recorded.precheckedOn ?? chain.recorded.targetProposedOn),
    mentors: chain.mentors,
    sponsors: chain.sponsors,
  });
  await recordAudit(db, actor, {
    action: "development.export_application_form",
    entityType: "development_application",
    entityId: application.id,
    organizationId: application.organizationId,
    detail: { format: "docx", state: application.state },
  });
  return { bytes, fileName: `入团志愿书-${application.name}.docx` };
}

/**
 * The public notice (公示) of the candidates 入团积极分子 and development targets 发展对象 of the
 * subtree at `organizationId` as .xlsx (one row each, by branch): 团支部, 姓名, 性别, 出生年月, 身份证号,
 * 类别, and the dates of application, of being named a candidate and a development target. The citizen
 * ID is masked unless the actor holds member:read_personal there (domain.md §2); text cells are
 * neutralized against formulas. Audited as "development.export_public_notice" (rows, whether IDs were
 * shown in full).
 *
 * Errors: 404 organization missing or outside the subtree; 403 without member:read.
 */
export async function exportPublicNotice(
  db: Database,
  actor: Actor,
  organizationId: number,
  today: string,
): Promise<DocumentFile & { rows: number }> {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const root = requireFound(await findOrganizationById(db, organizationId), "organization");
  const full = maySeePersonalData(actor, target?.path ?? root.path);
  const applications = await findApplicationsInStates(db, root.path, Object.keys(PUBLIC_NOTICE_STATES));
  const rows: PublicNoticeRow[] = [];
  for (const application of applications) {
    const recorded = developmentData(application).recorded;
    rows.push({
      branch: application.organizationName,
      name: application.name,
      sex: sexLabel(application.sex),
      birthMonth: chineseMonth(application.birthDate),
      citizenId: full ? application.citizenId : maskCitizenId(application.citizenId),
      category: PUBLIC_NOTICE_STATES[application.state as DevelopmentState] ?? "",
      applicationDate: application.applicationDate,
      candidateDate: recorded.candidateNamedOn ?? null,
      targetDate: recorded.targetProposedOn ?? null,
    });
  }
  const bytes = await buildPublicNoticeWorkbook({ organizationName: root.name, date: today, rows });
  await recordAudit(db, actor, {
    action: "development.export_public_notice",
    entityType: "organization",
    entityId: root.id,
    organizationId: root.id,
    detail: { rows: rows.length, full, format: "xlsx" },
  });
  return { bytes, fileName: `公示名单-${root.shortName ?? root.name}.xlsx`, rows: rows.length };
}

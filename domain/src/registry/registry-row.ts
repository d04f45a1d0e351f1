import { compareIsoDates, isIsoDate, requireIsoDate } from "../dates/iso-date";
import { DICTIONARIES } from "../dictionaries/all-dictionaries";
import { dictionaryLabel } from "../dictionaries/dictionary";
import { birthdayAtAge, fourteenthBirthday } from "../member/age";
import { validateCitizenId } from "../member/citizen-id";
import { MINIMUM_PARTY_JOIN_AGE } from "../member/join-date";
import { buildMemberRecordSchema, type MemberRecord } from "../member/member.schema";
import { MEMBER_FIELD_LABELS } from "../member/member-record";
import { cellText } from "./registry-cells";
import { REGISTRY_EXPORT_COLUMNS, type RegistryColumn, type RegistryField } from "./registry-columns";
import {
  type DatePrecision,
  isEmptyCell,
  parseRegistryBoolean,
  parseRegistryDate,
  parseRegistryDictionaryValue,
  parseRegistryText,
  REAL_NAME_STATUS_WORDS,
  type RegistryValueResult,
} from "./registry-values";

/**
 * One row of a registry spreadsheet turned into a member record, with every problem found (issue 3
 * part 4: a dry run returns every problem as {row, column, value, message}; nothing is saved unless
 * there are none).
 */

/** The cells of one row, by field (the server maps columns to fields with `recognizeHeaders`). */
export type RegistryRowCells = Readonly<Partial<Record<RegistryField, unknown>>>;

/** A problem in one cell: its field, the value as found, and a Chinese message naming the field. */
export interface RegistryProblem {
  field: RegistryField;
  value: unknown;
  message: string;
}

/** A member record read from a sheet: the member record, and the branch as written (code or name). */
export type ImportedMemberRecord = MemberRecord & { organization: string | null };

/** A row read: the record when every rule holds, otherwise what could be read and the problems. */
export type RegistryRowResult =
  | { ok: true; record: ImportedMemberRecord; problems: [] }
  | { ok: false; record: Record<string, unknown>; problems: RegistryProblem[] };

/** Options of {@link parseRegistryRow}. */
export interface ParseRegistryRowOptions {
  /** Whether 所在团支部 must be filled (default true); false for an import into a single branch. */
  requireOrganization?: boolean;
}

/** Free-text columns where 无 is a value, not a placeholder for "nothing". */
const PLACEHOLDER_IS_VALUE: ReadonlySet<RegistryField> = new Set(["income"]);

/** Fields whose rules depend on the document type. */
const ID_DEPENDENT_FIELDS: ReadonlySet<RegistryField> = new Set(["citizenId", "birthDate", "sex"]);

const COLUMN_ORDER: ReadonlyMap<RegistryField, number> = new Map(
  REGISTRY_EXPORT_COLUMNS.map((column, index) => [column.field, index]),
);

function labelOf(field: RegistryField): string {
  return MEMBER_FIELD_LABELS[field];
}

/** The member record schema of the last `today` asked for: building it costs ~3 ms, parsing a row ~0.06 ms. */
let cachedSchema: { today: string; schema: ReturnType<typeof buildMemberRecordSchema> } | undefined;

function memberRecordSchemaOn(today: string): ReturnType<typeof buildMemberRecordSchema> {
  if (cachedSchema?.today !== today) cachedSchema = { today, schema: buildMemberRecordSchema(today) };
  return cachedSchema.schema;
}

/** Whether every cell of a row is empty (or a placeholder such as 无): such rows are skipped, not imported. */
export function isEmptyRegistryRow(cells: RegistryRowCells): boolean {
  return Object.values(cells).every(isEmptyCell);
}

function parseCell(
  column: RegistryColumn,
  value: unknown,
): RegistryValueResult<string | boolean> & { precision?: DatePrecision } {
  switch (column.kind) {
    case "date":
    case "month":
      return parseRegistryDate(value);
    case "boolean":
      return column.field === "realNameVerified"
        ? parseRegistryBoolean(value, REAL_NAME_STATUS_WORDS)
        : parseRegistryBoolean(value);
    case "dictionary":
      return column.dictionary === undefined
        ? parseRegistryText(value)
        : parseRegistryDictionaryValue(column.dictionary, value);
    default:
      return parseRegistryText(value);
  }
}

/**
 * When a date is known only to the month and the earliest allowed date falls inside that month, read
 * it as that earliest date rather than the 1st: the registry records 入团年月 and 入党年月 by month, so a
 * member who joined in the month of their 14th birthday (or joined the Party in the month of their
 * 18th birthday or League join) must not be refused for a day the sheet never held.
 */
function clampMonthToEarliest(value: string, precision: DatePrecision | undefined, earliest: string): string {
  if (precision !== "month" || value.slice(0, 7) !== earliest.slice(0, 7)) return value;
  return compareIsoDates(earliest, value) > 0 ? earliest : value;
}

/**
 * Read one row of the national registry's sheet (or tuanwu's template) into a member record, applying
 * the member record rules (`buildMemberRecordSchema`): citizen ID check digit (GB 11643-1999) and
 * agreement with birth date and sex; join date from the 14th birthday, before the 28th, not in the
 * future (团章); phone, member number, e-mail and QQ forms; Party dates consistent with 政治面貌.
 *
 * - Values are parsed by column kind (registry-values.ts): dates in every form in use, yes/no,
 *   dictionary values by label or code; 无, /, - and the like mean empty (except in 收入).
 * - 证件类型 defaults to 普通居民身份证; for such an ID, an empty 出生日期 or 性别 (which the registry has
 *   no column for) is read from the number.
 * - A join or Party date given by month only is read as the 1st, or as the earliest allowed day when
 *   that falls in the same month.
 * - 所在团支部 is kept as written; the server resolves it to a branch.
 *
 * @param cells the row's cells by field.
 * @param today "YYYY-MM-DD".
 * @returns every problem, each once, in column order, with the cell's value as found.
 * @throws RangeError if `today` is malformed.
 */
export function parseRegistryRow(
  cells: RegistryRowCells,
  today: string,
  options: ParseRegistryRowOptions = {},
): RegistryRowResult {
  requireIsoDate(today, "today");
  const draft: Record<string, unknown> = {};
  const precisions = new Map<RegistryField, DatePrecision>();
  const problems: RegistryProblem[] = [];
  const report = (field: RegistryField, message: string) =>
    problems.push({ field, value: cells[field] ?? null, message });

  for (const column of REGISTRY_EXPORT_COLUMNS) {
    const value = cells[column.field];
    if (isEmptyCell(value) && (!PLACEHOLDER_IS_VALUE.has(column.field) || cellText(value) === "")) continue;
    if (
      column.field === "citizenId" &&
      typeof value === "number" &&
      draft.idDocumentType !== "overseas_id_card"
    ) {
      report(
        column.field,
        `${labelOf(column.field)}：被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写`,
      );
      continue;
    }
    const parsed = parseCell(column, value);
    if (!parsed.ok) {
      report(column.field, `${labelOf(column.field)}：${parsed.message}`);
      continue;
    }
    draft[column.field] = parsed.value;
    if (parsed.precision !== undefined) precisions.set(column.field, parsed.precision);
  }

  draft.idDocumentType ??= "resident_id_card";
  const failed = new Set(problems.map((problem) => problem.field));
  let idUnusable = false;
  if (draft.idDocumentType === "resident_id_card" && !failed.has("citizenId")) {
    const id = typeof draft.citizenId === "string" ? validateCitizenId(draft.citizenId, { today }) : null;
    if (id?.ok) {
      for (const field of ["birthDate", "sex"] as const) {
        if (draft[field] === undefined && !failed.has(field)) {
          draft[field] = id[field];
        }
      }
    } else idUnusable = true;
  } else if (failed.has("citizenId")) idUnusable = true;

  const birthDate =
    typeof draft.birthDate === "string" && isIsoDate(draft.birthDate) ? draft.birthDate : undefined;
  if (birthDate !== undefined && typeof draft.joinedOn === "string") {
    draft.joinedOn = clampMonthToEarliest(
      draft.joinedOn,
      precisions.get("joinedOn"),
      fourteenthBirthday(birthDate),
    );
  }
  if (birthDate !== undefined && typeof draft.partyJoinedOn === "string") {
    const adult = birthdayAtAge(birthDate, MINIMUM_PARTY_JOIN_AGE);
    const joined = typeof draft.joinedOn === "string" && isIsoDate(draft.joinedOn) ? draft.joinedOn : adult;
    const earliest = compareIsoDates(joined, adult) > 0 ? joined : adult;
    draft.partyJoinedOn = clampMonthToEarliest(
      draft.partyJoinedOn,
      precisions.get("partyJoinedOn"),
      earliest,
    );
  }

  const { organization, ...memberFields } = draft;
  const result = memberRecordSchemaOn(today).safeParse(memberFields);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (typeof field !== "string" || !COLUMN_ORDER.has(field as RegistryField)) continue;
      const registryField = field as RegistryField;
      if (failed.has(registryField)) continue;
      // With an unreadable 证件类型 the ID rules cannot be chosen; that problem is reported already.
      if (failed.has("idDocumentType") && ID_DEPENDENT_FIELDS.has(registryField)) continue;
      // Without a usable resident ID, a missing birth date or sex is a consequence of the ID's problem.
      if ((registryField === "birthDate" || registryField === "sex") && draft[registryField] === undefined) {
        if (idUnusable) continue;
        if (draft.idDocumentType === "overseas_id_card") {
          report(
            registryField,
            `${labelOf(registryField)}：境外身份证无法读取${labelOf(registryField)}，请填写`,
          );
          continue;
        }
      }
      report(registryField, issue.message);
    }
  }

  const requireOrganization = options.requireOrganization ?? true;
  if (organization === undefined) {
    if (requireOrganization) report("organization", `${labelOf("organization")}：必填`);
  } else if (typeof organization === "string" && organization.length > 100) {
    report("organization", `${labelOf("organization")}：不能超过100个字符`);
  }

  const ordered = dedupe(problems).sort(
    (a, b) => (COLUMN_ORDER.get(a.field) ?? 0) - (COLUMN_ORDER.get(b.field) ?? 0),
  );
  if (ordered.length === 0 && result.success) {
    const organizationText = typeof organization === "string" ? organization : null;
    return { ok: true, record: { ...result.data, organization: organizationText }, problems: [] };
  }
  return { ok: false, record: draft, problems: ordered };
}

/** Problems without exact repeats (the same field and message), first occurrence kept. */
function dedupe(problems: readonly RegistryProblem[]): RegistryProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A member record value written for a registry sheet (export, template example): dictionary codes as
 * their Chinese labels, yes/no as 是/否 (实名认证状态 as 已认证/未认证), dates as "YYYY-MM-DD" (full dates
 * even in the 年月 columns, so that an export imported again gives the same record), text as is;
 * null for nothing. {@link parseRegistryRow} reads back every value written here. Masking of citizen ID
 * and phone for ordinary exports is the caller's (`maskCitizenId`, `maskPhone`).
 */
export function formatRegistryCell(field: RegistryField, value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  const column = REGISTRY_EXPORT_COLUMNS.find((candidate) => candidate.field === field);
  if (typeof value === "boolean") {
    if (field === "realNameVerified") return value ? "已认证" : "未认证";
    return value ? "是" : "否";
  }
  if (column?.kind === "dictionary" && column.dictionary !== undefined && typeof value === "string") {
    return dictionaryLabel(DICTIONARIES[column.dictionary], value, "zh-CN");
  }
  return String(value);
}

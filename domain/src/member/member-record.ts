import type { DictionaryName } from "../dictionaries/all-dictionaries";
import { normalizeCitizenId } from "./citizen-id";

/**
 * The member record (团员信息) field by field: the national registry's record (智慧团建, domain.md §2)
 * plus sex, in the registry's column order. The camelCase names are the database columns of `member`
 * and are fixed. The rules that check values are in `member.schema.ts`; the Excel columns in
 * `registry/registry-columns.ts`.
 */

/** A mainland mobile number (手机号码): 11 digits, "1" then 3–9 then 9 digits (the numbering plan of MIIT). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * A member number (团员编号): 8 to 20 ASCII digits. The registry issues numbers from each
 * organization's annual quota (编号管理, domain.md §3); the numbers in use are digit strings such as
 * the 16 digits county code (6) + join year (4) + serial (6) of the demo. The rule is the form, not
 * that layout, so numbers issued under other schemes still import; letters, spaces and hyphens are
 * refused, since they are typing or conversion mistakes in a digit string.
 */
export const MEMBER_NUMBER_PATTERN = /^\d{8,20}$/;

/** A basic e-mail address: something@domain.tld without spaces (电子邮箱 column; no deeper check). */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A QQ number: 5 to 11 digits, not starting with 0 (QQ numbers start at 10000). */
export const QQ_PATTERN = /^[1-9]\d{4,10}$/;

/** Whether `value` is a member number of the valid form ({@link MEMBER_NUMBER_PATTERN}); spaces around are ignored. */
export function isValidMemberNumber(value: string): boolean {
  return MEMBER_NUMBER_PATTERN.test(value.trim());
}

/**
 * Chinese names of the member fields, used as form labels and in error messages ("字段名：问题").
 * Where the registry's column header differs (身份证号, 入团年月, 入党年月), the header is in
 * `REGISTRY_EXPORT_COLUMNS`.
 */
export const MEMBER_FIELD_LABELS = {
  name: "姓名",
  idDocumentType: "证件类型",
  citizenId: "公民身份号码",
  realNameVerified: "实名认证状态",
  birthDate: "出生日期",
  sex: "性别",
  joinedOn: "入团时间",
  organizationId: "所在团支部",
  organization: "所在团支部",
  income: "收入",
  isCadre: "是否团干部",
  leaguePosition: "团内现任职务",
  positionSince: "任现职年月",
  cadreKind: "团干部性质",
  isPartyCommitteeMember: "是否同级党委（支部）成员",
  ethnicity: "民族",
  politicalStatus: "政治面貌",
  fullTimeEducation: "全日制学历",
  education: "最高学历",
  householdRegistration: "户籍所在地",
  phone: "手机号码",
  joinedAtUnit: "入团时所在单位",
  occupation: "职业",
  workplace: "学习工作单位",
  email: "电子邮箱",
  qq: "QQ",
  wechat: "微信号",
  memberNumber: "团员编号",
  isPartyMember: "是否党员",
  partyJoinedOn: "入党时间",
  volunteerRegisteredOn: "注册志愿者时间",
} as const;

/** A field of the stored member record, in the national registry's order (see {@link MEMBER_RECORD_FIELDS}). */
export const MEMBER_RECORD_FIELD_NAMES = [
  "name",
  "idDocumentType",
  "citizenId",
  "realNameVerified",
  "birthDate",
  "sex",
  "joinedOn",
  "organizationId",
  "income",
  "isCadre",
  "leaguePosition",
  "positionSince",
  "cadreKind",
  "isPartyCommitteeMember",
  "ethnicity",
  "politicalStatus",
  "fullTimeEducation",
  "education",
  "householdRegistration",
  "phone",
  "joinedAtUnit",
  "occupation",
  "workplace",
  "email",
  "qq",
  "wechat",
  "memberNumber",
  "partyJoinedOn",
  "volunteerRegisteredOn",
] as const;

/** A member record field name, the database column's camelCase name (see {@link MEMBER_RECORD_FIELD_NAMES}). */
export type MemberRecordField = (typeof MEMBER_RECORD_FIELD_NAMES)[number];

/**
 * What a field holds: free text; a full date "YYYY-MM-DD"; a month (the registry records year and
 * month only; stored as a date, the 1st when only the month is known); yes/no; a code of a dictionary;
 * the member's branch (an organization id; by code or name in a spreadsheet).
 */
export type MemberRecordFieldKind = "text" | "date" | "month" | "boolean" | "dictionary" | "organization";

/** The description of one member record field, for forms, imports, exports and completeness. */
export interface MemberRecordFieldSpec {
  field: MemberRecordField;
  /** Chinese label ({@link MEMBER_FIELD_LABELS}). */
  zh: string;
  en: string;
  kind: MemberRecordFieldKind;
  /** For kind "dictionary": the name of its table in `DICTIONARIES` (GET /dictionaries). */
  dictionary?: DictionaryName;
  /** Counted by 信息完整率: a complete record has it ({@link REQUIRED_MEMBER_FIELDS}). */
  required: boolean;
  /** A record cannot be saved without it (the database's NOT NULL columns; 证件类型 has a default). */
  requiredToSave: boolean;
  /** For text: the longest value accepted, in characters (UTF-16 code units). */
  maxLength?: number;
}

type FieldSpecInput = Omit<MemberRecordFieldSpec, "zh" | "required" | "requiredToSave"> & {
  requiredToSave?: boolean;
};

/**
 * The member fields counted by 信息完整率 (completeness = members whose required fields are all present
 * / members recorded, domain.md §2). The set is the core field list of domain.md §2 ("name, sex,
 * ethnicity, citizen ID, member number, join date, current organization, education,
 * occupation/status, phone, party member flag"), with the party member flag read as 政治面貌, plus
 * what the citizen ID carries or needs: 证件类型 and 出生日期.
 */
export const REQUIRED_MEMBER_FIELDS = [
  "name",
  "idDocumentType",
  "citizenId",
  "birthDate",
  "sex",
  "joinedOn",
  "organizationId",
  "ethnicity",
  "politicalStatus",
  "education",
  "occupation",
  "phone",
  "memberNumber",
] as const satisfies readonly MemberRecordField[];

/** A field counted by 信息完整率 (see {@link REQUIRED_MEMBER_FIELDS}). */
export type RequiredMemberField = (typeof REQUIRED_MEMBER_FIELDS)[number];

const specs: readonly FieldSpecInput[] = [
  { field: "name", en: "Name", kind: "text", maxLength: 50, requiredToSave: true },
  {
    field: "idDocumentType",
    en: "ID document type",
    kind: "dictionary",
    dictionary: "idDocumentTypes",
    requiredToSave: true,
  },
  { field: "citizenId", en: "Citizen ID number", kind: "text", maxLength: 32, requiredToSave: true },
  { field: "realNameVerified", en: "Real-name verified", kind: "boolean" },
  { field: "birthDate", en: "Date of birth", kind: "date", requiredToSave: true },
  { field: "sex", en: "Sex", kind: "dictionary", dictionary: "sexes", requiredToSave: true },
  { field: "joinedOn", en: "Date joined the League", kind: "date", requiredToSave: true },
  { field: "organizationId", en: "Branch", kind: "organization", requiredToSave: true },
  { field: "income", en: "Income", kind: "text", maxLength: 50 },
  { field: "isCadre", en: "League cadre", kind: "boolean" },
  { field: "leaguePosition", en: "Current League post", kind: "dictionary", dictionary: "leaguePositions" },
  { field: "positionSince", en: "In the post since", kind: "month" },
  { field: "cadreKind", en: "Cadre post type", kind: "dictionary", dictionary: "cadreKinds" },
  {
    field: "isPartyCommitteeMember",
    en: "Member of the Party committee (branch) at the same level",
    kind: "boolean",
  },
  { field: "ethnicity", en: "Ethnic group", kind: "dictionary", dictionary: "ethnicities" },
  { field: "politicalStatus", en: "Political status", kind: "dictionary", dictionary: "politicalStatuses" },
  {
    field: "fullTimeEducation",
    en: "Full-time education",
    kind: "dictionary",
    dictionary: "educationLevels",
  },
  { field: "education", en: "Highest education", kind: "dictionary", dictionary: "educationLevels" },
  { field: "householdRegistration", en: "Household registration (hukou)", kind: "text", maxLength: 100 },
  { field: "phone", en: "Mobile phone", kind: "text", maxLength: 11 },
  { field: "joinedAtUnit", en: "Unit when joining", kind: "text", maxLength: 100 },
  { field: "occupation", en: "Occupation", kind: "dictionary", dictionary: "occupations" },
  { field: "workplace", en: "School or workplace", kind: "text", maxLength: 100 },
  { field: "email", en: "E-mail", kind: "text", maxLength: 100 },
  { field: "qq", en: "QQ", kind: "text", maxLength: 11 },
  { field: "wechat", en: "WeChat ID", kind: "text", maxLength: 50 },
  { field: "memberNumber", en: "Member number", kind: "text", maxLength: 20 },
  { field: "partyJoinedOn", en: "Joined the Party", kind: "month" },
  { field: "volunteerRegisteredOn", en: "Registered as a volunteer", kind: "date" },
];

/**
 * Every field of the member record, in the national registry's column order (domain.md §2), sex
 * after the birth date: its label, kind, dictionary, and whether it is required for 信息完整率
 * (`required`) and for saving (`requiredToSave`).
 */
export const MEMBER_RECORD_FIELDS: readonly MemberRecordFieldSpec[] = specs.map((spec) => ({
  ...spec,
  zh: MEMBER_FIELD_LABELS[spec.field],
  required: (REQUIRED_MEMBER_FIELDS as readonly MemberRecordField[]).includes(spec.field),
  requiredToSave: spec.requiredToSave ?? false,
}));

/** A member record, or part of one, as plain values keyed by field (e.g. a database row). */
export type MemberRecordValues = Readonly<Partial<Record<MemberRecordField, unknown>>>;

/** Whether a value counts as present: not undefined, not null, and not blank text. */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== "string" || value.trim() !== "";
}

/** The fields of {@link REQUIRED_MEMBER_FIELDS} that `record` lacks (absent, null or blank), in order. */
export function missingRequiredFields(record: MemberRecordValues): RequiredMemberField[] {
  return REQUIRED_MEMBER_FIELDS.filter((field) => !isPresent(record[field]));
}

/**
 * Whether `record` counts as complete for 信息完整率: every field of {@link REQUIRED_MEMBER_FIELDS}
 * present (domain.md §2: completeness = members whose required fields are all present / members
 * recorded). Values are not re-validated here; the record rules apply when saving.
 */
export function isRecordComplete(record: MemberRecordValues): boolean {
  return missingRequiredFields(record).length === 0;
}

/**
 * Fields locked once the higher committee has verified a member: name, citizen ID, join date and
 * branch. Changing them is a correction request the higher committee approves or returns, never a
 * silent edit (domain.md §2).
 */
export const LOCKED_AFTER_VERIFICATION = ["name", "citizenId", "joinedOn", "organizationId"] as const;

/** A field locked after verification (see {@link LOCKED_AFTER_VERIFICATION}). */
export type LockedMemberField = (typeof LOCKED_AFTER_VERIFICATION)[number];

/** A value as compared for locking: text trimmed, a citizen ID upper-cased; null and undefined alike. */
function comparableValue(field: LockedMemberField, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return value;
  return field === "citizenId" ? normalizeCitizenId(value) : value.trim();
}

/**
 * The locked fields ({@link LOCKED_AFTER_VERIFICATION}) that `patch` would change in `before`: those
 * present in `patch` (not undefined) whose value differs once text is trimmed and a citizen ID
 * upper-cased. An empty list means the patch may be applied directly to a verified member; otherwise
 * those fields need a correction request.
 *
 * @param before the member as stored.
 * @param patch the fields to change; absent or undefined fields are left alone.
 */
export function lockedFieldsChanged(
  before: MemberRecordValues,
  patch: MemberRecordValues,
): LockedMemberField[] {
  return LOCKED_AFTER_VERIFICATION.filter(
    (field) =>
      patch[field] !== undefined &&
      comparableValue(field, patch[field]) !== comparableValue(field, before[field]),
  );
}

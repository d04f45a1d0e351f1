import { DICTIONARIES, type DictionaryName } from "../dictionaries/all-dictionaries";
import {
  MEMBER_RECORD_FIELDS,
  type MemberRecordField,
  type MemberRecordFieldKind,
  type MemberRecordFieldSpec,
} from "../member/member-record";
import { cellText, normalizeForMatching } from "./registry-cells";

/**
 * The columns of the national registry's member record (智慧团建 团员信息, domain.md §2), which tuanwu
 * reads on import and writes on export and in its template: header recognition with the variants in
 * use, and the column order with a note (批注) per header.
 */

/**
 * A field of a registry spreadsheet: a member record field, except that the branch is the
 * "organization" column (所在团支部, a branch's code or name, which the server resolves to
 * organizationId).
 */
export type RegistryField = Exclude<MemberRecordField, "organizationId"> | "organization";

/** One column of the registry's sheet, as tuanwu exports it and reads it. */
export interface RegistryColumn {
  field: RegistryField;
  /** The header written on export and in the template. */
  header: string;
  /** The note (批注) on the header in the template: what the column expects, in Chinese. */
  note: string;
  kind: MemberRecordFieldKind;
  /** For kind "dictionary": its table, for the template's drop-down validation. */
  dictionary?: DictionaryName;
  /** The column must be in an imported sheet (by default; see {@link REQUIRED_REGISTRY_COLUMNS}). */
  requiredInImport: boolean;
  /** Not a column of the national registry: added by tuanwu, written last. */
  extension: boolean;
}

/** The zh labels of a dictionary joined with "、", e.g. "专职、兼职、挂职". */
function choices(dictionary: DictionaryName): string {
  return DICTIONARIES[dictionary].map((entry) => entry.zh).join("、");
}

/** Headers in the national registry's order (domain.md §2); 性别 is tuanwu's, appended at the end. */
const COLUMN_DEFINITIONS: readonly {
  field: RegistryField;
  header: string;
  note: string;
  extension?: boolean;
}[] = [
  { field: "name", header: "姓名", note: "必填。与身份证件上的姓名一致。" },
  {
    field: "idDocumentType",
    header: "证件类型",
    note: `可选：${choices("idDocumentTypes")}。不填按普通居民身份证。`,
  },
  {
    field: "citizenId",
    header: "身份证号",
    note: "必填。18位公民身份号码，末位可为X；请把本列设为文本格式，以免末几位丢失。境外身份证按证件号码填写。",
  },
  { field: "realNameVerified", header: "实名认证状态", note: "已认证或未认证。" },
  {
    field: "birthDate",
    header: "出生日期",
    note: "如2005-01-01。普通居民身份证可不填，按号码读取；填写的须与号码一致。",
  },
  {
    field: "joinedOn",
    header: "入团年月",
    note: "必填。如2019-05或2019-05-04；不早于年满14周岁之日，不晚于今天。",
  },
  { field: "organization", header: "所在团支部", note: "必填。团支部的组织编码或全称，须是已建立的团支部。" },
  { field: "income", header: "收入", note: "文本，不超过50个字。" },
  { field: "isCadre", header: "是否团干部", note: "是或否。" },
  { field: "leaguePosition", header: "团内现任职务", note: `可选：${choices("leaguePositions")}。` },
  { field: "positionSince", header: "任现职年月", note: "如2023-09。" },
  { field: "cadreKind", header: "团干部性质", note: `可选：${choices("cadreKinds")}。` },
  { field: "isPartyCommitteeMember", header: "是否同级党委（支部）成员", note: "是或否。" },
  { field: "ethnicity", header: "民族", note: "56个民族之一，如汉族、壮族；从下拉列表选择。" },
  { field: "politicalStatus", header: "政治面貌", note: `可选：${choices("politicalStatuses")}。` },
  {
    field: "fullTimeEducation",
    header: "全日制学历",
    note: "从下拉列表选择，如本科；在校学生选“…在读”，如本科在读。",
  },
  { field: "education", header: "最高学历", note: "从下拉列表选择，如本科；在校学生选“…在读”，如本科在读。" },
  { field: "householdRegistration", header: "户籍所在地", note: "文本，如四川省广元市旺苍县。" },
  { field: "phone", header: "手机号码", note: "11位手机号码，如13812345678。" },
  { field: "joinedAtUnit", header: "入团时所在单位", note: "文本，不超过100个字。" },
  { field: "occupation", header: "职业", note: "从下拉列表选择，如学生、农民、非公企业职工。" },
  { field: "workplace", header: "学习工作单位", note: "文本，不超过100个字。" },
  { field: "email", header: "电子邮箱", note: "如name@example.com。" },
  { field: "qq", header: "QQ", note: "5至11位数字。" },
  { field: "wechat", header: "微信号", note: "文本，不超过50个字。" },
  {
    field: "memberNumber",
    header: "团员编号",
    note: "8至20位数字，如5108212019000001；请把本列设为文本格式。不得与他人重复。",
  },
  {
    field: "partyJoinedOn",
    header: "入党年月",
    note: "如2020-07。仅中共党员、中共预备党员填写；不早于年满18周岁之日和入团时间。",
  },
  { field: "volunteerRegisteredOn", header: "注册志愿者时间", note: "如2021-03-05。" },
  {
    field: "sex",
    header: "性别",
    note: "男或女。普通居民身份证可不填，按号码读取；境外身份证必填。（tuanwu增加的列）",
    extension: true,
  },
];

/** The fields an imported sheet must have a column for, unless the caller says otherwise. */
export const REQUIRED_REGISTRY_COLUMNS = [
  "name",
  "citizenId",
  "joinedOn",
  "organization",
] as const satisfies readonly RegistryField[];

function recordSpecOf(field: RegistryField): MemberRecordFieldSpec {
  const recordField: MemberRecordField = field === "organization" ? "organizationId" : field;
  const spec = MEMBER_RECORD_FIELDS.find((candidate) => candidate.field === recordField);
  if (spec === undefined) throw new RangeError(`no member record field ${recordField}`);
  return spec;
}

/**
 * The columns in the order tuanwu exports them and lays out its template: the national registry's
 * order (domain.md §2), then tuanwu's 性别. Each with its header, its note (批注) saying what it
 * expects, its kind and dictionary (for the template's drop-downs).
 */
export const REGISTRY_EXPORT_COLUMNS: readonly RegistryColumn[] = COLUMN_DEFINITIONS.map((definition) => {
  const spec = recordSpecOf(definition.field);
  return {
    field: definition.field,
    header: definition.header,
    note: definition.note,
    kind: spec.kind,
    ...(spec.dictionary === undefined ? {} : { dictionary: spec.dictionary }),
    requiredInImport: (REQUIRED_REGISTRY_COLUMNS as readonly RegistryField[]).includes(definition.field),
    extension: definition.extension ?? false,
  };
});

/**
 * The headers recognised for each field: the registry's own first, then the variants found in
 * registry exports of different years, provincial templates and hand-made sheets.
 */
export const REGISTRY_HEADER_VARIANTS: Readonly<Record<RegistryField, readonly string[]>> = {
  name: ["姓名", "团员姓名"],
  idDocumentType: ["证件类型", "身份证件类型"],
  citizenId: [
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "公民身份证号码",
    "证件号码",
    "身份证件号码",
    "证件号",
  ],
  realNameVerified: ["实名认证状态", "实名认证", "是否实名认证"],
  birthDate: ["出生日期", "出生年月", "出生年月日", "生日"],
  sex: ["性别"],
  joinedOn: ["入团年月", "入团时间", "入团日期"],
  organization: ["所在团支部", "所在支部", "团支部", "所属团支部", "所在团组织", "所在组织", "团支部名称"],
  income: ["收入", "个人收入", "收入情况"],
  isCadre: ["是否团干部"],
  leaguePosition: ["团内现任职务", "团内职务", "现任团内职务"],
  positionSince: ["任现职年月", "任现职时间", "任现职日期"],
  cadreKind: ["团干部性质"],
  isPartyCommitteeMember: [
    "是否同级党委（支部）成员",
    "是否同级党委成员",
    "是否同级党支部成员",
    "是否同级党委(支部)委员",
  ],
  ethnicity: ["民族"],
  politicalStatus: ["政治面貌"],
  fullTimeEducation: ["全日制学历"],
  education: ["最高学历", "学历"],
  householdRegistration: ["户籍所在地", "户籍地", "户籍", "户口所在地"],
  phone: ["手机号码", "手机号", "手机", "联系电话", "联系方式"],
  joinedAtUnit: ["入团时所在单位", "入团所在单位"],
  occupation: ["职业"],
  workplace: ["学习工作单位", "工作学习单位", "工作单位", "学习单位", "单位"],
  email: ["电子邮箱", "邮箱", "电子邮件", "Email", "E-mail"],
  qq: ["QQ", "QQ号", "QQ号码"],
  wechat: ["微信号", "微信"],
  memberNumber: ["团员编号"],
  partyJoinedOn: ["入党年月", "入党时间", "入党日期"],
  volunteerRegisteredOn: ["注册志愿者时间", "注册志愿者日期", "志愿者注册时间"],
};

/**
 * A header as compared: {@link normalizeForMatching} (NFKC, so full-width parentheses become
 * half-width; spaces and line breaks removed; ASCII lower-cased), then without the marks templates
 * add: asterisks around it and a trailing "(必填)", "(选填)" or "(可选)".
 */
export function normalizeHeader(header: string): string {
  return normalizeForMatching(header)
    .replace(/^\*+|\*+$/g, "")
    .replace(/\((必填|选填|可选|非必填)\)$/, "")
    .replace(/^\*+|\*+$/g, "");
}

const FIELD_BY_HEADER: ReadonlyMap<string, RegistryField> = new Map(
  (Object.entries(REGISTRY_HEADER_VARIANTS) as [RegistryField, readonly string[]][]).flatMap(
    ([field, variants]) => variants.map((variant) => [normalizeHeader(variant), field] as const),
  ),
);

/** The field a header names, or undefined when it is not recognised. */
export function fieldOfHeader(header: string): RegistryField | undefined {
  return FIELD_BY_HEADER.get(normalizeHeader(header));
}

/** What {@link recognizeHeaders} found in a header row. */
export interface HeaderRecognition {
  /** Recognised columns, by position (0-based), each field once: the first column naming it. */
  columns: { index: number; field: RegistryField; header: string }[];
  /** Non-empty headers that name no field (e.g. 序号, 备注); their columns are ignored. */
  unknown: { index: number; header: string }[];
  /** Later columns naming a field already taken by an earlier one; ignored. */
  duplicates: { index: number; header: string; field: RegistryField }[];
  /** Required fields with no column, in column order. */
  missing: RegistryField[];
}

/** Options of {@link recognizeHeaders}. */
export interface RecognizeHeadersOptions {
  /**
   * The fields that must have a column; {@link REQUIRED_REGISTRY_COLUMNS} by default. An import into a
   * single branch may leave out "organization".
   */
  required?: readonly RegistryField[];
}

/**
 * Recognise a header row of the national registry's export or tuanwu's template: each header is
 * normalised ({@link normalizeHeader}) and looked up among {@link REGISTRY_HEADER_VARIANTS} (身份证号 /
 * 身份证号码 / 公民身份号码 / 证件号码 → citizenId, 入团时间 / 入团年月 / 入团日期 → joinedOn, …).
 * Empty cells are skipped; a cell may be any spreadsheet value (rich text included).
 */
export function recognizeHeaders(
  headers: readonly unknown[],
  options: RecognizeHeadersOptions = {},
): HeaderRecognition {
  const required = options.required ?? REQUIRED_REGISTRY_COLUMNS;
  const result: HeaderRecognition = { columns: [], unknown: [], duplicates: [], missing: [] };
  const seen = new Set<RegistryField>();
  headers.forEach((cell, index) => {
    const header = cellText(cell).trim();
    if (header === "") return;
    const field = fieldOfHeader(header);
    if (field === undefined) result.unknown.push({ index, header });
    else if (seen.has(field)) result.duplicates.push({ index, header, field });
    else {
      seen.add(field);
      result.columns.push({ index, field, header });
    }
  });
  result.missing = REGISTRY_EXPORT_COLUMNS.map((column) => column.field).filter(
    (field) => required.includes(field) && !seen.has(field),
  );
  return result;
}

/**
 * Find the header row among the first `maxRows` rows of a sheet: registry exports may start with a
 * title row. The first row that has every required column wins; failing that, the row with the most
 * recognised columns (its `missing` then says what is absent); null when no row has any.
 */
export function locateHeaderRow(
  rows: readonly (readonly unknown[])[],
  options: RecognizeHeadersOptions & { maxRows?: number } = {},
): { rowIndex: number; recognition: HeaderRecognition } | null {
  let best: { rowIndex: number; recognition: HeaderRecognition } | null = null;
  const limit = Math.min(rows.length, options.maxRows ?? 10);
  for (let rowIndex = 0; rowIndex < limit; rowIndex += 1) {
    const recognition = recognizeHeaders(rows[rowIndex] ?? [], options);
    if (recognition.columns.length === 0) continue;
    if (recognition.missing.length === 0) return { rowIndex, recognition };
    if (best === null || recognition.columns.length > best.recognition.columns.length)
      best = { rowIndex, recognition };
  }
  return best;
}

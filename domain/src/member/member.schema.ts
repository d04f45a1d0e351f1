import { z } from "zod";
import { compareIsoDates, isIsoDate, requireIsoDate } from "../dates/iso-date";
import { CADRE_KINDS } from "../dictionaries/cadre-kinds";
import { dictionaryCodes, isDictionaryCode } from "../dictionaries/dictionary";
import { EDUCATION_LEVELS } from "../dictionaries/education-levels";
import { ETHNICITIES } from "../dictionaries/ethnicities";
import { ID_DOCUMENT_TYPES } from "../dictionaries/id-document-types";
import { LEAGUE_POSITIONS } from "../dictionaries/league-positions";
import { OCCUPATIONS } from "../dictionaries/occupations";
import { isPartyPoliticalStatus, POLITICAL_STATUSES } from "../dictionaries/political-statuses";
import { booleanSchema, enumSchema, isoDateSchema, textSchema, typeErrorMessage } from "../field-schemas";
import { normalizeCitizenId, validateCitizenId } from "./citizen-id";
import { validateJoinDate, validatePartyJoinDate } from "./join-date";
import {
  EMAIL_PATTERN,
  MEMBER_FIELD_LABELS,
  MEMBER_NUMBER_PATTERN,
  MEMBER_RECORD_FIELDS,
  type MemberRecordField,
  PHONE_PATTERN,
  QQ_PATTERN,
} from "./member-record";
import { SEX_LABELS, SEXES } from "./sex";

/** Longest member name, in characters (UTF-16 code units). */
export const MEMBER_NAME_MAX_LENGTH = 50;
/** Longest identity document number accepted (境外身份证 numbers are free-form). */
export const ID_DOCUMENT_NUMBER_MAX_LENGTH = 32;

const labels = MEMBER_FIELD_LABELS;

/** A mobile phone number ({@link PHONE_PATTERN}), trimmed, messages naming 手机号码. */
export const phoneSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? `${labels.phone}：必填` : `${labels.phone}：应为文本`),
  })
  .trim()
  .regex(PHONE_PATTERN, { error: `${labels.phone}：应为11位手机号码` });

/** The longest value of a text field of the member record ({@link MEMBER_RECORD_FIELDS}). */
function maxLengthOf(field: MemberRecordField): number {
  const maxLength = MEMBER_RECORD_FIELDS.find((spec) => spec.field === field)?.maxLength;
  if (maxLength === undefined) throw new RangeError(`${field} has no maximum length`);
  return maxLength;
}

/**
 * Optional free text of a member record field: trimmed, at most the field's length; blank text,
 * null and absence all mean "not recorded" and come out as null (or absent).
 */
function optionalTextSchema(field: MemberRecordField & keyof typeof labels) {
  const label = labels[field];
  const maxLength = maxLengthOf(field);
  return z
    .string({ error: typeErrorMessage(label, "文本") })
    .trim()
    .max(maxLength, { error: `${label}：不能超过${maxLength}个字符` })
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .optional();
}

/**
 * A resident citizen ID checked with {@link validateCitizenId} (GB 11643-1999), normalised
 * (trimmed, "x" → "X"). Pass `today` to refuse birth dates in the future.
 */
export function citizenIdSchema(today?: string) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${labels.citizenId}：必填` : `${labels.citizenId}：应为文本`,
    })
    .superRefine((value, ctx) => {
      const result = validateCitizenId(value, today === undefined ? {} : { today });
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.message, input: value });
    })
    .transform(normalizeCitizenId);
}

/**
 * The schema of a member record (团员信息) as entered or imported, following the national registry's
 * columns (domain.md §2). Built for a given `today`, since several rules look at the calendar and the
 * domain never reads the clock.
 *
 * Required: name, sex, birthDate, citizenId, joinedOn; idDocumentType defaults to
 * "resident_id_card". Optional (absent or null): every other field of {@link MEMBER_RECORD_FIELDS}
 * except organizationId, which the server takes from the request (the branch the member is created
 * in) or resolves from the 所在团支部 column of an import; and isPartyMember, a flag that is not stored
 * (政治面貌 says it) but checked when given. Optional free text (收入, 户籍所在地, 入团时所在单位,
 * 学习工作单位, 微信号) comes out as null when blank.
 *
 * Rules, each reported on its field with a Chinese message naming it:
 * - a resident ID passes GB 11643-1999 ({@link validateCitizenId}); birthDate and sex equal what the
 *   ID says; other documents are free text of 1–32 characters;
 * - birthDate not after today (and, for a resident ID, not before 1900);
 * - joinedOn not after today, on or after the 14th birthday and before the 28th (团章 Article 1);
 * - phone matches {@link PHONE_PATTERN}; memberNumber {@link MEMBER_NUMBER_PATTERN} (8–20 digits);
 *   email {@link EMAIL_PATTERN}; qq {@link QQ_PATTERN};
 * - positionSince and volunteerRegisteredOn not after today and not before the birth date;
 * - isPartyMember agrees with politicalStatus (中共党员 and 中共预备党员 are Party members);
 * - partyJoinedOn only for Party members, not after today, from the 18th birthday (党章 Article 1),
 *   and not before joinedOn.
 *
 * Output: the same fields, text trimmed, citizenId normalised ("x" → "X") for resident IDs.
 *
 * @param today "YYYY-MM-DD".
 * @throws RangeError if `today` is malformed.
 */
export function buildMemberRecordSchema(today: string) {
  requireIsoDate(today, "today");
  return z
    .object({
      name: textSchema(labels.name, MEMBER_NAME_MAX_LENGTH),
      sex: enumSchema(labels.sex, SEXES),
      birthDate: isoDateSchema(labels.birthDate),
      ethnicity: enumSchema(labels.ethnicity, dictionaryCodes(ETHNICITIES)).nullable().optional(),
      idDocumentType: enumSchema(labels.idDocumentType, dictionaryCodes(ID_DOCUMENT_TYPES)).default(
        "resident_id_card",
      ),
      citizenId: textSchema(labels.citizenId, ID_DOCUMENT_NUMBER_MAX_LENGTH),
      memberNumber: z
        .string({ error: typeErrorMessage(labels.memberNumber, "文本") })
        .trim()
        .regex(MEMBER_NUMBER_PATTERN, { error: `${labels.memberNumber}：应为8至20位数字` })
        .nullable()
        .optional(),
      joinedOn: isoDateSchema(labels.joinedOn),
      phone: phoneSchema.nullable().optional(),
      education: enumSchema(labels.education, dictionaryCodes(EDUCATION_LEVELS)).nullable().optional(),
      occupation: enumSchema(labels.occupation, dictionaryCodes(OCCUPATIONS)).nullable().optional(),
      politicalStatus: enumSchema(labels.politicalStatus, dictionaryCodes(POLITICAL_STATUSES))
        .nullable()
        .optional(),
      isPartyMember: booleanSchema(labels.isPartyMember).nullable().optional(),
      partyJoinedOn: isoDateSchema(labels.partyJoinedOn).nullable().optional(),
      realNameVerified: booleanSchema(labels.realNameVerified).nullable().optional(),
      income: optionalTextSchema("income"),
      isCadre: booleanSchema(labels.isCadre).nullable().optional(),
      leaguePosition: enumSchema(labels.leaguePosition, dictionaryCodes(LEAGUE_POSITIONS))
        .nullable()
        .optional(),
      positionSince: isoDateSchema(labels.positionSince).nullable().optional(),
      cadreKind: enumSchema(labels.cadreKind, dictionaryCodes(CADRE_KINDS)).nullable().optional(),
      isPartyCommitteeMember: booleanSchema(labels.isPartyCommitteeMember).nullable().optional(),
      fullTimeEducation: enumSchema(labels.fullTimeEducation, dictionaryCodes(EDUCATION_LEVELS))
        .nullable()
        .optional(),
      householdRegistration: optionalTextSchema("householdRegistration"),
      joinedAtUnit: optionalTextSchema("joinedAtUnit"),
      workplace: optionalTextSchema("workplace"),
      email: z
        .string({ error: typeErrorMessage(labels.email, "文本") })
        .trim()
        .max(maxLengthOf("email"), { error: `${labels.email}：不能超过${maxLengthOf("email")}个字符` })
        .regex(EMAIL_PATTERN, { error: `${labels.email}：格式不正确，应如name@example.com` })
        .nullable()
        .optional(),
      qq: z
        .string({ error: typeErrorMessage(labels.qq, "文本") })
        .trim()
        .regex(QQ_PATTERN, { error: `${labels.qq}：应为5至11位数字` })
        .nullable()
        .optional(),
      wechat: optionalTextSchema("wechat"),
      volunteerRegisteredOn: isoDateSchema(labels.volunteerRegisteredOn).nullable().optional(),
    })
    .superRefine((record, ctx) => checkMemberRecord(record, today, ctx), {
      // Run even when some fields failed (say an unknown education code), so that every problem is
      // reported at once; the check then skips the fields that failed.
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    })
    .transform((record) =>
      record.idDocumentType === "resident_id_card"
        ? { ...record, citizenId: normalizeCitizenId(record.citizenId) }
        : record,
    );
}

/** A member record schema (see {@link buildMemberRecordSchema}). */
export type MemberRecordSchema = ReturnType<typeof buildMemberRecordSchema>;
/** A member record as given, before parsing. */
export type MemberRecordInput = z.input<MemberRecordSchema>;
/** A member record after parsing: trimmed, normalised, defaults applied. */
export type MemberRecord = z.output<MemberRecordSchema>;

/**
 * The cross-field rules of {@link buildMemberRecordSchema}. Fields that already failed their own
 * checks are treated as absent, so that each problem is reported once, on its field.
 */
function checkMemberRecord(
  record: Readonly<Record<string, unknown>>,
  today: string,
  ctx: z.RefinementCtx,
): void {
  const failed = new Set(ctx.issues.map((issue) => issue.path?.[0]));
  const usableValue = (field: keyof typeof labels): unknown =>
    failed.has(field) ? undefined : record[field];
  const textOf = (field: keyof typeof labels): string | undefined => {
    const value = usableValue(field);
    return typeof value === "string" ? value : undefined;
  };
  const dateOf = (field: keyof typeof labels): string | undefined => {
    const value = textOf(field);
    return value !== undefined && isIsoDate(value) ? value : undefined;
  };
  const report = (field: keyof typeof labels, message: string) =>
    ctx.addIssue({ code: "custom", message, path: [field], input: record[field] });

  // A birth date in the future is reported once, on itself; the rules measured from it are skipped.
  let birthDate = dateOf("birthDate");
  if (birthDate !== undefined && compareIsoDates(birthDate, today) > 0) {
    report("birthDate", `${labels.birthDate}：不能晚于今天`);
    birthDate = undefined;
  }

  const citizenId = textOf("citizenId");
  if (textOf("idDocumentType") === "resident_id_card" && citizenId !== undefined) {
    const id = validateCitizenId(citizenId, { today });
    if (!id.ok) {
      report("citizenId", id.message);
    } else {
      if (birthDate !== undefined && id.birthDate !== birthDate) {
        report("birthDate", `${labels.birthDate}：与公民身份号码不一致（号码中为${id.birthDate}）`);
      }
      const sex = textOf("sex");
      if (sex !== undefined && id.sex !== sex) {
        report("sex", `${labels.sex}：与公民身份号码不一致（号码中为${SEX_LABELS[id.sex].zh}）`);
      }
    }
  }

  const joinedOn = dateOf("joinedOn");
  if (birthDate !== undefined && joinedOn !== undefined) {
    const join = validateJoinDate(birthDate, joinedOn, today);
    if (!join.ok) report("joinedOn", join.message);
  }

  const status = textOf("politicalStatus");
  const statusSaysParty =
    status !== undefined && isDictionaryCode(POLITICAL_STATUSES, status)
      ? isPartyPoliticalStatus(status)
      : undefined;
  const flagValue = usableValue("isPartyMember");
  const flag = typeof flagValue === "boolean" ? flagValue : undefined;
  if (flag !== undefined && statusSaysParty !== undefined && flag !== statusSaysParty) {
    report("isPartyMember", `${labels.isPartyMember}：与政治面貌不一致`);
  }

  for (const field of ["positionSince", "volunteerRegisteredOn"] as const) {
    const value = dateOf(field);
    if (value === undefined) continue;
    if (compareIsoDates(value, today) > 0) report(field, `${labels[field]}：不能晚于今天`);
    else if (birthDate !== undefined && compareIsoDates(value, birthDate) < 0)
      report(field, `${labels[field]}：不能早于出生日期`);
  }

  const partyJoinedOn = dateOf("partyJoinedOn");
  if (partyJoinedOn !== undefined) {
    if ((flag ?? statusSaysParty) === false) {
      report("partyJoinedOn", `${labels.partyJoinedOn}：非党员不应填写入党时间`);
    } else if (birthDate !== undefined && joinedOn !== undefined) {
      const party = validatePartyJoinDate(birthDate, partyJoinedOn, joinedOn, today);
      if (!party.ok) report("partyJoinedOn", party.message);
    }
  }
}

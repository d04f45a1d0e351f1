import { z } from "zod";
import { compareIsoDates, isIsoDate, requireIsoDate } from "../dates/iso-date";
import { dictionaryCodes, isDictionaryCode } from "../dictionaries/dictionary";
import { EDUCATION_LEVELS } from "../dictionaries/education-levels";
import { ETHNICITIES } from "../dictionaries/ethnicities";
import { ID_DOCUMENT_TYPES } from "../dictionaries/id-document-types";
import { OCCUPATIONS } from "../dictionaries/occupations";
import { isPartyPoliticalStatus, POLITICAL_STATUSES } from "../dictionaries/political-statuses";
import { booleanSchema, enumSchema, isoDateSchema, patternSchema, textSchema } from "../field-schemas";
import { normalizeCitizenId, validateCitizenId } from "./citizen-id";
import { validateJoinDate, validatePartyJoinDate } from "./join-date";
import { SEX_LABELS, SEXES } from "./sex";

/** A mainland mobile number (手机号码): 11 digits, "1" then 3–9 then 9 digits. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
/** A member number (团员编号): 1–32 ASCII letters, digits or hyphens. */
export const MEMBER_NUMBER_PATTERN = /^[0-9A-Za-z-]{1,32}$/;
/** Longest member name, in characters (UTF-16 code units). */
export const MEMBER_NAME_MAX_LENGTH = 50;
/** Longest identity document number accepted (境外身份证 numbers are free-form). */
export const ID_DOCUMENT_NUMBER_MAX_LENGTH = 32;

/** Chinese names of the member fields, used in error messages (as in the national registry's columns). */
export const MEMBER_FIELD_LABELS = {
  name: "姓名",
  sex: "性别",
  birthDate: "出生日期",
  ethnicity: "民族",
  idDocumentType: "证件类型",
  citizenId: "公民身份号码",
  memberNumber: "团员编号",
  joinedOn: "入团时间",
  phone: "手机号码",
  education: "最高学历",
  occupation: "职业",
  politicalStatus: "政治面貌",
  isPartyMember: "是否党员",
  partyJoinedOn: "入党时间",
} as const;

const labels = MEMBER_FIELD_LABELS;

/** A mobile phone number ({@link PHONE_PATTERN}), trimmed, messages naming 手机号码. */
export const phoneSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? `${labels.phone}：必填` : `${labels.phone}：应为文本`),
  })
  .trim()
  .regex(PHONE_PATTERN, { error: `${labels.phone}：应为11位手机号码` });

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
 * "resident_id_card". Optional (absent or null): ethnicity, memberNumber, phone, education,
 * occupation, politicalStatus, isPartyMember, partyJoinedOn.
 *
 * Rules, each reported on its field with a Chinese message naming it:
 * - a resident ID passes GB 11643-1999 ({@link validateCitizenId}); birthDate and sex equal what the
 *   ID says; other documents are free text of 1–32 characters;
 * - birthDate not after today (and, for a resident ID, not before 1900);
 * - joinedOn not after today, on or after the 14th birthday and before the 28th (团章 Article 1);
 * - phone matches {@link PHONE_PATTERN};
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
      memberNumber: patternSchema(
        labels.memberNumber,
        MEMBER_NUMBER_PATTERN,
        "只能由字母、数字和连字符组成，1至32位",
      )
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

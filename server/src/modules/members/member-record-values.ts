import {
  buildMemberRecordSchema,
  domainErrorFromIssues,
  MEMBER_RECORD_FIELD_NAMES,
  type MemberRecord,
  type MemberRecordField,
} from "@tuanwu/domain";
import { pinyinInitials } from "../../lib/pinyin";
import type { MemberRow, NewMember } from "./member-record.repository";

/** The record fields the record schema checks: every field of MEMBER_RECORD_FIELD_NAMES but the branch. */
type RecordSchemaField = Exclude<MemberRecordField, "organizationId">;

const RECORD_SCHEMA_FIELDS = MEMBER_RECORD_FIELD_NAMES.filter(
  (field): field is RecordSchemaField => field !== "organizationId",
);

/**
 * Checks a member record with the domain's rules for `today` (buildMemberRecordSchema: citizen ID
 * check digit and consistency with birth date and sex, join date from the 14th birthday and not in
 * the future, member number form, phone, Party dates…).
 *
 * @returns the record, trimmed and normalised.
 * @throws DomainError 400 "invalid_input" naming the first field at fault, with its Chinese message.
 */
export function parseMemberRecord(input: Record<string, unknown>, today: string): MemberRecord {
  const result = buildMemberRecordSchema(today).safeParse(input);
  if (!result.success) throw domainErrorFromIssues(result.error.issues);
  return result.data;
}

/** A stored member as input of the record schema (for re-checking it with a patch applied). */
export function recordInputOf(row: MemberRow): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of RECORD_SCHEMA_FIELDS) input[field] = row[field];
  return input;
}

/**
 * The member columns of a checked record: every stored field, the pinyin initials of the name — but
 * not the cadre fields (is_cadre, league_position, position_since, cadre_kind), views of the cadre
 * records kept by the trigger of migration 0018 (issue 13 part 1).
 */
export function memberColumns(record: MemberRecord) {
  return {
    name: record.name,
    nameInitials: pinyinInitials(record.name),
    idDocumentType: record.idDocumentType,
    citizenId: record.citizenId,
    realNameVerified: record.realNameVerified ?? null,
    birthDate: record.birthDate,
    sex: record.sex,
    joinedOn: record.joinedOn,
    income: record.income ?? null,
    isPartyCommitteeMember: record.isPartyCommitteeMember ?? null,
    ethnicity: record.ethnicity ?? null,
    politicalStatus: record.politicalStatus ?? null,
    fullTimeEducation: record.fullTimeEducation ?? null,
    education: record.education ?? null,
    householdRegistration: record.householdRegistration ?? null,
    phone: record.phone ?? null,
    joinedAtUnit: record.joinedAtUnit ?? null,
    occupation: record.occupation ?? null,
    workplace: record.workplace ?? null,
    email: record.email ?? null,
    qq: record.qq ?? null,
    wechat: record.wechat ?? null,
    memberNumber: record.memberNumber ?? null,
    partyJoinedOn: record.partyJoinedOn ?? null,
    volunteerRegisteredOn: record.volunteerRegisteredOn ?? null,
  } satisfies Partial<NewMember>;
}

/** The record fields (MEMBER_RECORD_FIELD_NAMES order) whose value differs between `before` and `after`. */
export function changedRecordFields(
  before: Partial<Record<MemberRecordField, unknown>>,
  after: Partial<Record<MemberRecordField, unknown>>,
): MemberRecordField[] {
  return MEMBER_RECORD_FIELD_NAMES.filter(
    (field) => field in after && (after[field] ?? null) !== (before[field] ?? null),
  );
}

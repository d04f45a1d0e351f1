import {
  buildMemberRecordSchema,
  isMemberCadreViewField,
  MEMBER_RECORD_FIELD_NAMES,
  type MemberRecordField,
} from "@tuanwu/domain";
import type { CreateMemberBody, UpdateMemberBody } from "../../../api/types";
import { todayIso } from "../../../components/DateStringPicker";
import { fieldSpec } from "./member-sections";

/** A value of a record field in the form: text, ISO date, code, yes/no or the branch id. */
export type MemberFieldValue = string | number | boolean | null;

/** Record fields with their values as the form gives them, before the API's types. */
export type MemberRecordBody = Partial<Record<MemberRecordField, MemberFieldValue>>;

/** What the member form holds: each record field, empty as undefined, null or "". */
export type MemberFormValues = Partial<Record<MemberRecordField, MemberFieldValue | undefined>>;

function isBlank(value: MemberFieldValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * The form's values as the record schema and the API take them: a blank optional field is null, a
 * blank required one absent (so the schema says 必填), text trimmed. The cadre fields (views of the
 * cadre records, issue 13 part 1) are never sent: the server refuses them.
 */
export function toRecordBody(values: MemberFormValues): MemberRecordBody {
  const body: MemberRecordBody = {};
  for (const field of MEMBER_RECORD_FIELD_NAMES) {
    if (!(field in values) || isMemberCadreViewField(field)) continue;
    const value = values[field];
    if (isBlank(value)) {
      if (!fieldSpec(field).requiredToSave) body[field] = null;
    } else {
      body[field] = typeof value === "string" ? value.trim() : (value ?? null);
    }
  }
  return body;
}

export interface RecordCheckOptions {
  /** Fields whose value is the server's masked one and unchanged: not checked (the server has the real one). */
  maskedFields?: readonly MemberRecordField[];
}

/**
 * The problems of the record, field by field, from the domain's own schema
 * (`buildMemberRecordSchema(today)`, the one the server applies): the first message of each field.
 */
export function checkMemberRecord(
  values: MemberFormValues,
  options: RecordCheckOptions = {},
): Map<string, string> {
  const body: Record<string, unknown> = { ...toRecordBody(values) };
  const masked = new Set(options.maskedFields ?? []);
  if (masked.has("citizenId")) {
    // A masked ID cannot be checked here; checking it as free text keeps the rest of the record checked.
    body.idDocumentType = "overseas_id_card";
  }
  if (masked.has("phone")) delete body.phone;
  const result = buildMemberRecordSchema(todayIso()).safeParse(body);
  const problems = new Map<string, string>();
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string" || masked.has(field as MemberRecordField) || problems.has(field)) continue;
    problems.set(field, issue.message);
  }
  return problems;
}

/** The fields whose value differs from `before` (for PATCH). */
export function changedFields(before: MemberRecordBody, after: MemberRecordBody): MemberRecordBody {
  const changes: MemberRecordBody = {};
  for (const field of MEMBER_RECORD_FIELD_NAMES) {
    if (!(field in after)) continue;
    const value = after[field] ?? null;
    if (value !== (before[field] ?? null)) changes[field] = value;
  }
  return changes;
}

/**
 * The checked values as the API's bodies. They passed `checkMemberRecord`, the record schema the
 * server applies again, so the codes are of the dictionaries the body's enums list.
 */
export function toCreateBody(body: MemberRecordBody): CreateMemberBody {
  return body as CreateMemberBody;
}

export function toUpdateBody(body: MemberRecordBody): UpdateMemberBody {
  return body as UpdateMemberBody;
}

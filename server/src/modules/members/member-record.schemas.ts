import {
  buildMemberRecordSchema,
  idSchema,
  LOCKED_AFTER_VERIFICATION,
  MEMBER_CADRE_VIEW_FIELDS,
  MEMBER_FIELD_LABELS,
  MEMBER_STATUSES,
  type MemberCadreViewField,
  memberCadreViewFieldMessage,
  REQUIRED_MEMBER_FIELDS,
  REVIEW_REQUEST_STATES,
  SEXES,
} from "@tuanwu/domain";
import { z } from "zod";

/**
 * The member record's fields with their own checks (type, dictionary, form), from the domain's
 * schema. The rules across fields and against the calendar (citizen ID ↔ birth date and sex, join
 * date from the 14th birthday and not in the future…) depend on today, so the service applies the
 * full domain schema for the day of the request; a schema built once here would go stale at midnight.
 */
const {
  isCadre: _isCadre,
  leaguePosition: _leaguePosition,
  positionSince: _positionSince,
  cadreKind: _cadreKind,
  ...recordShape
} = buildMemberRecordSchema("2000-01-01").in.shape;

/** A cadre field sent on a member write: refused, naming the field (a view of the cadre records). */
function refusedCadreField(field: MemberCadreViewField) {
  return z
    .never({ error: memberCadreViewFieldMessage(`${MEMBER_FIELD_LABELS[field]} ${field}`) })
    .optional()
    .describe("read-only: maintained from the cadre records (团干部); sending it is a 400");
}

/**
 * The cadre fields (是否团干部, 团内现任职务, 任现职年月, 团干部性质) are views of the cadre records (issue
 * 13 part 1, migration 0018): member writes that still send one get a 400 naming it and pointing to
 * the 团干部 tab, rather than a silent drop — like the other strict inputs of the API.
 */
const cadreViewRefusals = Object.fromEntries(
  MEMBER_CADRE_VIEW_FIELDS.map((field) => [field, refusedCadreField(field)]),
) as Record<MemberCadreViewField, ReturnType<typeof refusedCadreField>>;

/** A status change request (团籍状态变更申请) as the API shows it. */
export const memberStatusRequestSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    memberName: z.string(),
    organizationId: z.number().int().describe("the member's branch"),
    organizationName: z.string(),
    fromStatus: z.enum(MEMBER_STATUSES),
    toStatus: z.enum(MEMBER_STATUSES),
    targetOrganizationId: z.number().int().nullable().describe("restore: the branch the member returns to"),
    targetOrganizationName: z.string().nullable(),
    reason: z.string(),
    effectiveOn: z.string(),
    state: z.enum(REVIEW_REQUEST_STATES),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: "MemberStatusRequest" });

/**
 * POST /organizations/{branchId}/members: a member record (domain buildMemberRecordSchema). No
 * component id: its input and output differ (trimming, defaults), which OpenAPI names would collide on.
 */
export const memberRecordInputSchema = z.object({ ...recordShape, ...cadreViewRefusals });

/**
 * PATCH /members/{id}: any record fields (null clears an optional one) and the branch. A field left
 * out is left alone, so 证件类型 has no default here.
 */
export const memberRecordPatchSchema = z
  .object({
    ...recordShape,
    idDocumentType: recordShape.idDocumentType.unwrap(),
    organizationId: idSchema(MEMBER_FIELD_LABELS.organizationId),
    ...cadreViewRefusals,
  })
  .partial();

/** POST /members/{id}/corrections: new values of locked fields and why. */
export const memberCorrectionInputSchema = z.object({
  changes: z
    .object({
      name: recordShape.name,
      citizenId: recordShape.citizenId,
      joinedOn: recordShape.joinedOn,
      organizationId: idSchema(MEMBER_FIELD_LABELS.organizationId),
    })
    .partial()
    .strict(),
  reason: z.string().trim().min(1, "更正理由：不能为空").max(500, "更正理由：不能超过500个字符"),
});

/** A decision of the higher committee on a correction. */
export const correctionDecisionInputSchema = z.object({
  decision: z.enum(["approve", "return"]),
  note: z.string().trim().max(500, "审核意见：不能超过500个字符").optional(),
});

/** A correction request (更正申请) as the API shows it; citizen ID and phone masked unless visible. */
export const memberCorrectionSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
    reason: z.string(),
    state: z.string().describe("pending | approved | returned"),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: "MemberCorrection" });

const text = z.string().nullable();

/** A member's full record (MemberDetail, docs/member-registry.md). */
export const memberDetailSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    idDocumentType: z.string(),
    citizenId: z.string().describe("unmasked only when personalDataVisible"),
    realNameVerified: z.boolean().nullable(),
    birthDate: z.string(),
    sex: z.enum(SEXES),
    age: z.number().int().describe("whole years today"),
    joinedOn: z.string(),
    organizationId: z.number().int(),
    income: text,
    isCadre: z.boolean().describe("read-only: from the cadre records (团干部)"),
    leaguePosition: text.describe("read-only: from the cadre records (团干部)"),
    positionSince: text.describe("read-only: from the cadre records (团干部)"),
    cadreKind: text.describe("read-only: from the cadre records (团干部)"),
    isPartyCommitteeMember: z.boolean().nullable(),
    ethnicity: text,
    politicalStatus: text,
    fullTimeEducation: text,
    education: text,
    householdRegistration: text,
    phone: text.describe("unmasked only when personalDataVisible"),
    joinedAtUnit: text,
    occupation: text,
    workplace: text,
    email: text,
    qq: text,
    wechat: text,
    memberNumber: text,
    partyJoinedOn: text,
    volunteerRegisteredOn: text,
    status: z.enum(MEMBER_STATUSES),
    statusSince: z.string(),
    organization: z.object({ id: z.number().int(), name: z.string(), path: z.string() }),
    verifiedAt: z.string().nullable(),
    lockedFields: z.array(z.enum(LOCKED_AFTER_VERIFICATION)),
    missingFields: z.array(z.enum(REQUIRED_MEMBER_FIELDS)).describe("required fields absent (信息完整率)"),
    pendingStatusRequest: memberStatusRequestSchema.nullable(),
    pendingCorrection: memberCorrectionSchema.nullable(),
    personalDataVisible: z.boolean(),
    cadreRecords: z
      .array(
        z.object({
          id: z.number().int(),
          organizationId: z.number().int(),
          organizationName: z.string(),
          post: z.string(),
          postLabel: z.string(),
          kind: z.string(),
          startedOn: z.string(),
        }),
      )
      .describe(
        "open cadre records (团干部), the source of isCadre, leaguePosition, cadreKind, positionSince",
      ),
  })
  .meta({ id: "MemberDetail" });

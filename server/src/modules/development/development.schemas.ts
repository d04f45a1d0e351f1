import {
  DEVELOPMENT_ACTIONS,
  DEVELOPMENT_STATES,
  enumSchema,
  idSchema,
  isoDateSchema,
  PREREQUISITE_SOURCES,
  SCHOOL_LEVELS,
  SEXES,
  textSchema,
} from "@tuanwu/domain";
import { z } from "zod";

/**
 * A written application 入团申请 as the branch registers it (POST /organizations/{id}/applications):
 * the applicant's person (checked like a member record: citizen ID consistent with birth date and sex)
 * and the school facts 团学比 needs. Messages name the field in Chinese.
 */
export const applicationInputSchema = z
  .strictObject({
    name: textSchema("姓名", 50),
    sex: enumSchema("性别", SEXES),
    citizenId: z.string({ error: "身份证号：必填" }).trim().min(1, { error: "身份证号：必填" }).max(18, {
      error: "身份证号：应为18位",
    }),
    birthDate: isoDateSchema("出生日期"),
    phone: z
      .string({ error: "手机号：应为文本" })
      .trim()
      .max(20, { error: "手机号：过长" })
      .nullable()
      .optional(),
    ethnicity: z.string({ error: "民族：应为文本" }).max(40, { error: "民族：过长" }).nullable().optional(),
    schoolLevel: enumSchema("学段", SCHOOL_LEVELS).nullable().optional(),
    grade: z
      .number({ error: "年级：应为数字" })
      .int({ error: "年级：应为1至12的整数" })
      .min(1, { error: "年级：应为1至12的整数" })
      .max(12, { error: "年级：应为1至12的整数" })
      .nullable()
      .optional(),
    graduatingClass: z.boolean({ error: "毕业年级：应为是或否" }).optional(),
    applicationDate: isoDateSchema("申请日期"),
  })
  .meta({ id: "DevelopmentApplicationInput" });

/** The input of {@link applicationInputSchema}. */
export type ApplicationInput = z.input<typeof applicationInputSchema>;

/** POST /applications/{id}/transitions: the action, the version the user saw, what the step records. */
export const transitionInputSchema = z
  .strictObject({
    action: enumSchema("操作", DEVELOPMENT_ACTIONS),
    version: z
      .number({ error: "版本：应为数字" })
      .int({ error: "版本：应为正整数" })
      .min(1, { error: "版本：应为正整数" }),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: "DevelopmentTransitionInput" });

/** POST /organizations/{id}/applications/batch-transitions: one action for many applications. */
export const batchTransitionInputSchema = z
  .strictObject({
    action: enumSchema("操作", DEVELOPMENT_ACTIONS),
    items: z
      .array(z.strictObject({ applicationId: idSchema("申请编号"), version: z.number().int().min(1) }))
      .min(1, { error: "申请：至少选择一项" })
      .max(200, { error: "申请：一次至多200项" }),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: "DevelopmentBatchTransitionInput" });

/** POST /applications/{id}/prerequisites: one recorded prerequisite fact. */
export const prerequisiteInputSchema = z
  .strictObject({
    item: enumSchema("前置条件项目", PREREQUISITE_SOURCES),
    units: z
      .number({ error: "数量：应为数字" })
      .min(0, { error: "数量：不能小于0" })
      .max(100_000, { error: "数量：过大" }),
    occurredOn: isoDateSchema("日期"),
    note: textSchema("备注", 500).optional(),
  })
  .meta({ id: "PrerequisiteInput" });

const labelled = z.object({ state: z.enum(DEVELOPMENT_STATES), label: z.string() });

/** An applicant's points under the applicable scheme (积分入团): items, total, threshold, every missing prerequisite. */
export const pointsSchema = z.object({
  total: z.number(),
  threshold: z.number(),
  meetsThreshold: z.boolean(),
  missingCount: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      units: z.number(),
      points: z.number(),
      requiredMinimum: z.number().nullable(),
      missing: z.boolean(),
    }),
  ),
  missing: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })),
});

/** One application of the pipeline (GET /organizations/{id}/applications). */
export const pipelineItemSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    citizenId: z.string().describe("masked unless the role has member:read_personal"),
    organizationId: z.number().int(),
    organizationName: z.string(),
    state: z.enum(DEVELOPMENT_STATES),
    stateLabel: z.string(),
    version: z.number().int(),
    applicationDate: z.string(),
    points: z.object({ total: z.number(), meetsThreshold: z.boolean(), missingCount: z.number().int() }),
    openedAt: z.string(),
  })
  .meta({ id: "DevelopmentPipelineItem" });

/** An application's page (GET /applications/{id}). */
export const applicationDetailSchema = z
  .object({
    id: z.number().int(),
    instanceId: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    name: z.string(),
    sex: z.enum(SEXES),
    citizenId: z.string(),
    birthDate: z.string(),
    phone: z.string().nullable(),
    ethnicity: z.string().nullable(),
    schoolLevel: z.string().nullable(),
    grade: z.number().int().nullable(),
    graduatingClass: z.boolean(),
    applicationDate: z.string(),
    state: z.enum(DEVELOPMENT_STATES),
    stateLabel: z.string(),
    pausedFrom: z.enum(DEVELOPMENT_STATES).nullable(),
    version: z.number().int(),
    closed: z.boolean(),
    recorded: z.record(z.string(), z.string()).describe("the chain's recorded dates by field"),
    candidateSource: z.string().nullable(),
    mentors: z.array(z.object({ id: z.number().int(), name: z.string() })),
    sponsors: z.array(z.object({ id: z.number().int(), name: z.string() })),
    vote: z.object({ votingMembers: z.number(), present: z.number(), yes: z.number() }).nullable(),
    memberNumber: z.string().nullable(),
    memberId: z.number().int().nullable(),
    applicantUserId: z.number().int().nullable(),
    timeline: z.array(
      z.object({
        sequence: z.number().int(),
        action: z.string(),
        actionLabel: z.string(),
        fromState: z.string().nullable(),
        toState: z.string(),
        toStateLabel: z.string(),
        occurredOn: z.string(),
        actorName: z.string(),
        summary: z.string(),
        acknowledgedWarnings: z.array(z.string()),
        recordedAt: z.string(),
      }),
    ),
    availableActions: z.array(z.object({ action: z.enum(DEVELOPMENT_ACTIONS), label: z.string() })),
    returnTargets: z.array(labelled),
    points: pointsSchema,
    quota: z.object({ year: z.number().int(), available: z.number().int().nullable() }).nullable(),
  })
  .meta({ id: "DevelopmentApplicationDetail" });

/** One item's outcome of a batch transition. */
export const batchResultSchema = z
  .object({
    applicationId: z.number().int(),
    ok: z.boolean(),
    status: z.number().int(),
    version: z.number().int().nullable(),
    failures: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })),
  })
  .meta({ id: "DevelopmentBatchResult" });

/** A recorded prerequisite fact. */
export const prerequisiteRecordSchema = z
  .object({
    id: z.number().int(),
    item: z.enum(PREREQUISITE_SOURCES),
    itemLabel: z.string(),
    units: z.number(),
    occurredOn: z.string(),
    origin: z.string(),
    note: z.string().nullable(),
    recordedAt: z.string(),
  })
  .meta({ id: "PrerequisiteRecord" });

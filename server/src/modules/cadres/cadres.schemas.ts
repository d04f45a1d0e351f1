import {
  booleanSchema,
  CADRE_KINDS,
  CADRE_POSTS,
  CADRE_SOURCE_CHANNELS,
  enumSchema,
  idSchema,
  isoDateSchema,
  PLACEMENT_KINDS,
  patternSchema,
  SEXES,
  textSchema,
} from "@tuanwu/domain";
import { z } from "zod";

/**
 * Schemas of the cadre routes (团干部, issue 13 parts 1 and 3): inputs with Chinese messages naming the
 * field, and the answers (OpenAPI is generated from them).
 */

const CADRE_KIND_CODES = CADRE_KINDS.map((each) => each.code) as unknown as readonly [
  "full_time",
  "part_time",
  "seconded",
];

const phoneSchema = patternSchema("手机号 phone", /^1\d{10}$/, "应为11位手机号");

/** GET /organizations/{id}/cadres?includeEnded=&subtree= */
export const cadreListQuerySchema = z.object({
  includeEnded: z
    .enum(["true", "false"], { error: "includeEnded：应为 true 或 false" })
    .optional()
    .transform((value) => value === "true"),
  subtree: z
    .enum(["true", "false"], { error: "subtree：应为 true 或 false" })
    .optional()
    .transform((value) => value === "true"),
});

const cadreFields = {
  name: textSchema("姓名 name", 50),
  gender: enumSchema("性别 gender", SEXES),
  birthDate: isoDateSchema("出生日期 birthDate"),
  phone: phoneSchema.nullable(),
  post: enumSchema("职务 post", CADRE_POSTS),
  kind: enumSchema("干部性质 kind", CADRE_KIND_CODES),
  sourceChannel: enumSchema("来源渠道 sourceChannel", CADRE_SOURCE_CHANNELS),
  fromGrassroots: booleanSchema("是否来自基层 fromGrassroots"),
  partyMember: booleanSchema("是否中共党员 partyMember"),
  education: textSchema("学历 education", 40).nullable(),
};

/**
 * POST /organizations/{id}/cadres: a person (a member — `memberId`, whose name, sex, birth date, phone,
 * education and Party membership fill the fields left out — or not) taking a post from `startedOn`.
 */
export const cadreCreateSchema = z.object({
  memberId: idSchema("团员 memberId").optional(),
  name: cadreFields.name.optional(),
  gender: cadreFields.gender.optional(),
  birthDate: cadreFields.birthDate.optional(),
  phone: cadreFields.phone.optional(),
  post: cadreFields.post,
  kind: cadreFields.kind,
  sourceChannel: cadreFields.sourceChannel.optional(),
  fromGrassroots: cadreFields.fromGrassroots.optional(),
  partyMember: cadreFields.partyMember.optional(),
  education: cadreFields.education.optional(),
  startedOn: isoDateSchema("任职日期 startedOn"),
});

/** PATCH /cadres/{id}: the fields to change (the organization and the period stay). */
export const cadrePatchSchema = z
  .object({
    name: cadreFields.name,
    gender: cadreFields.gender,
    birthDate: cadreFields.birthDate,
    phone: cadreFields.phone,
    post: cadreFields.post,
    kind: cadreFields.kind,
    sourceChannel: cadreFields.sourceChannel,
    fromGrassroots: cadreFields.fromGrassroots,
    partyMember: cadreFields.partyMember,
    education: cadreFields.education,
    startedOn: isoDateSchema("任职日期 startedOn"),
  })
  .partial()
  .strict();

/** POST /cadres/{id}/end. */
export const cadreEndSchema = z.object({ endedOn: isoDateSchema("离任日期 endedOn") });

/** A cadre record as answered; the phone masked unless the reader may see personal data. */
export const cadreSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    memberId: z.number().int().nullable(),
    name: z.string(),
    gender: z.string(),
    birthDate: z.string(),
    age: z.number().int().describe("full years today"),
    phone: z.string().nullable(),
    post: z.string(),
    postLabel: z.string(),
    kind: z.string(),
    sourceChannel: z.string(),
    fromGrassroots: z.boolean(),
    partyMember: z.boolean(),
    education: z.string().nullable(),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
  })
  .meta({ id: "Cadre" });

/** A placement 双向交流 / 挂职锻炼. */
export const placementSchema = z
  .object({
    id: z.number().int(),
    cadreId: z.number().int(),
    kind: z.string(),
    hostName: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
  })
  .meta({ id: "CadrePlacement" });

/** GET /cadres/{id}: the record, its placements and the training rounds attended. */
export const cadreDetailSchema = cadreSchema
  .extend({
    placements: z.array(placementSchema),
    trainingRounds: z.array(z.object({ id: z.number().int(), title: z.string(), startsOn: z.string() })),
  })
  .meta({ id: "CadreDetail" });

/** GET /organizations/{id}/cadres. */
export const cadreListSchema = z.object({ items: z.array(cadreSchema) }).meta({ id: "CadreList" });

/** POST /cadres/{id}/placements. */
export const placementCreateSchema = z.object({
  kind: enumSchema("交流方式 kind", PLACEMENT_KINDS),
  hostName: textSchema("交流单位 hostName", 100),
  startsOn: isoDateSchema("开始日期 startsOn"),
  endsOn: isoDateSchema("结束日期 endsOn"),
});

const postFillingSchema = z.object({
  post: z.string(),
  postLabel: z.string(),
  expected: z.number().int(),
  open: z.number().int(),
  empty: z.number().int(),
});

/** GET /organizations/{id}/staffing: 配备率 of the subtree and its empty posts. */
export const staffingSchema = z
  .object({
    organizationId: z.number().int(),
    expected: z.number().int().describe("expected posts in the subtree 应配"),
    filled: z.number().int().describe("expected posts filled 已配"),
    rate: z.number().nullable().describe("配备率 = filled / expected, 0…1; null when nothing is expected"),
    target: z.number().describe("≥ 0.9 (Henan)"),
    meetsTarget: z.boolean().nullable(),
    own: z.array(postFillingSchema).describe("the organization's own expected posts"),
    emptyPosts: z
      .array(
        z.object({
          organizationId: z.number().int(),
          organizationName: z.string(),
          post: z.string(),
          postLabel: z.string(),
          empty: z.number().int(),
        }),
      )
      .describe("the first 100 empty posts, by organization path (emptyPostCount counts all)"),
    emptyPostCount: z.number().int(),
  })
  .meta({ id: "Staffing" });

/** GET /organizations/{id}/cadre-profile. */
export const cadreProfileSchema = z
  .object({
    organizationId: z.number().int(),
    asOf: z.string(),
    count: z.number().int().describe("open posts of the subtree"),
    averageAge: z.number().nullable(),
    underAgeShare: z.number().nullable().describe("28周岁以下, 0…1"),
    bachelorOrHigherShare: z.number().nullable(),
    partyMemberShare: z.number().nullable(),
    fromGrassrootsShare: z.number().nullable(),
    kinds: z.object({ full_time: z.number().int(), part_time: z.number().int(), seconded: z.number().int() }),
    sourceChannels: z.record(z.string(), z.number().int()),
    trainedShare: z
      .number()
      .nullable()
      .describe("share of open posts whose holder attended a training round"),
  })
  .meta({ id: "CadreProfile" });

/** POST /organizations/{id}/training-rounds. */
export const trainingRoundCreateSchema = z.object({
  title: textSchema("培训名称 title", 100),
  startsOn: isoDateSchema("开始日期 startsOn"),
  endsOn: isoDateSchema("结束日期 endsOn"),
});

/** A training round 轮训 with its attendance count. */
export const trainingRoundSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    title: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    attendeeCount: z.number().int(),
  })
  .meta({ id: "TrainingRound" });

/** GET /organizations/{id}/training-rounds. */
export const trainingRoundListSchema = z
  .object({ items: z.array(trainingRoundSchema) })
  .meta({ id: "TrainingRoundList" });

/** PUT /training-rounds/{id}/attendance: who attended (replaces the list). */
export const attendanceInputSchema = z.object({
  cadreIds: z.array(idSchema("参训干部 cadreIds")).max(2000, { error: "参训干部 cadreIds：最多2000人" }),
});

/** The answer of PUT /training-rounds/{id}/attendance. */
export const attendanceSchema = z
  .object({ roundId: z.number().int(), cadreIds: z.array(z.number().int()) })
  .meta({ id: "TrainingAttendance" });

/** GET /organizations/{id}/untrained-cadres?since= */
export const untrainedQuerySchema = z.object({ since: isoDateSchema("起始日期 since").optional() });

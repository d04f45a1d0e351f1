import {
  enumSchema,
  idSchema,
  ORGANIZATION_KINDS,
  patternSchema,
  TRANSFER_ACTIONS,
  TRANSFER_INITIATORS,
  TRANSFER_KINDS,
  TRANSFER_REASONS,
  TRANSFER_STATES,
  textSchema,
  transferStartSchema,
} from "@tuanwu/domain";
import { z } from "zod";

/**
 * Request and response shapes of the transfer routes (组织关系转接, issue 11): starting one, a step,
 * the transfer's page. Chinese messages name the field.
 */

/**
 * Starting a transfer (domain transferStartSchema): the sending side and the member name the member by
 * `memberId`; the receiving side, which cannot read the sending side's members, names them by
 * `citizenId` and `name` (both must match one member). `toOrganizationId` is the receiving
 * organization: a branch, or a committee that assigns a branch when it accepts (any organization of
 * the installation: GET /transfers/destinations finds one by name). A transfer OUT of the installation
 * (转出本系统; only the member or the sending side) names `toExternalName` (+ `toExternalAddress`,
 * `toExternalContact`, printed on the introduction letter) instead: exactly one of the two.
 */
export const transferStartInputSchema = transferStartSchema
  .extend({
    memberId: idSchema("团员").optional(),
    citizenId: patternSchema("公民身份号码", /^\d{17}[\dXx]$/, "18位公民身份号码").optional(),
    name: textSchema("姓名", 50).optional(),
  })
  .meta({ id: "TransferStartInput" });

/** A start as asked for (see {@link transferStartInputSchema}). */
export type TransferStartInput = z.infer<typeof transferStartInputSchema>;

/** A step of a transfer: the action, the version the user saw, what the step records. */
export const transferTransitionInputSchema = z
  .strictObject({
    action: enumSchema("操作", TRANSFER_ACTIONS),
    version: z.number({ error: "版本：必须是整数" }).int("版本：必须是整数").min(1, "版本：必须是整数"),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: "TransferTransitionInput" });

/** A step as asked for. */
export type TransferTransitionInput = z.infer<typeof transferTransitionInputSchema>;

const organizationRef = z.object({ id: z.number().int(), name: z.string() }).nullable();

/** A transfer's page (组织关系转接详情). */
export const transferDetailSchema = z
  .object({
    id: z.number().int(),
    instanceId: z.number().int(),
    state: z.enum(TRANSFER_STATES),
    stateLabel: z.string(),
    version: z.number().int(),
    closed: z.boolean(),
    member: z.object({
      id: z.number().int(),
      name: z.string(),
      sex: z.string(),
      birthDate: z.string(),
      citizenId: z.string().describe("masked unless member:read_personal and the actor's side may see it"),
      phone: z.string().nullable(),
      memberNumber: z.string().nullable(),
      status: z.string(),
      masked: z
        .boolean()
        .describe("true while the receiving side has not accepted (or without member:read_personal)"),
    }),
    from: organizationRef,
    fromExternalName: z.string().nullable(),
    to: organizationRef,
    toExternalName: z
      .string()
      .nullable()
      .describe("转出本系统: the receiving organization tuanwu does not hold"),
    toExternalAddress: z.string().nullable(),
    toExternalContact: z.string().nullable(),
    outOfInstallation: z
      .boolean()
      .describe(
        "a transfer out of the installation: approved by approve_transfer_out, which issues the letter",
      ),
    assignedBranch: organizationRef,
    reason: z.enum(TRANSFER_REASONS),
    reasonLabel: z.string(),
    kind: z.enum(TRANSFER_KINDS),
    kindLabel: z.string(),
    initiator: z.enum(TRANSFER_INITIATORS),
    startedOn: z.string(),
    completedOn: z.string().nullable(),
    seasonYear: z.number().int().nullable(),
    destination: z.string().nullable(),
    letterNumber: z
      .string()
      .nullable()
      .describe(
        "组织关系介绍信 issued here (transfer out), YYYYMMDD-NNNNNN; print via /transfers/{id}/letter.docx|pdf",
      ),
    incomingLetterNumber: z
      .string()
      .nullable()
      .describe("the number on an incoming paper letter (registered transfer in)"),
    side: z
      .enum(["sending", "receiving", "both", "member"])
      .describe("which side the actor stands on (both: a committee above the two)"),
    history: z.array(
      z.object({
        sequence: z.number().int(),
        action: z.string(),
        actionLabel: z.string(),
        fromState: z.string().nullable(),
        toState: z.string(),
        toStateLabel: z.string(),
        occurredOn: z.string(),
        actorName: z.string(),
        note: z.string().nullable(),
        recordedAt: z.string(),
      }),
    ),
    availableActions: z.array(z.object({ action: z.enum(TRANSFER_ACTIONS), label: z.string() })),
  })
  .meta({ id: "TransferDetail" });

/** The transfer's page as answered. */
export type TransferDetail = z.infer<typeof transferDetailSchema>;

/** The receiving organization lookup's query: a name fragment or pinyin initials, 2–20 characters. */
export const transferDestinationQuerySchema = z.object({
  q: z
    .string({ error: "名称：请输入组织名称中的至少2个字" })
    .trim()
    .min(2, "名称：请输入组织名称中的至少2个字")
    .max(20, "名称：最多20个字"),
});

/** An organization that can receive a transfer: only its id, name, kind and its ancestors' names. */
export const transferDestinationSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    ancestorNames: z.array(z.string()).describe("the names of its ancestors, root first"),
  })
  .meta({ id: "TransferDestination" });

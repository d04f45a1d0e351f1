import {
  enumSchema,
  idSchema,
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
 * organization: a branch, or a committee that assigns a branch when it accepts.
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
    toExternalName: z.string().nullable(),
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
    letterNumber: z.string().nullable(),
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

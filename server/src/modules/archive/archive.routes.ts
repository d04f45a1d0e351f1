import { enumSchema, idSchema, isoDateSchema, MEMBER_EVENT_KINDS, textSchema } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { listMemberEvents } from "./archive.service";
import { registerAttachmentRoutes } from "./attachment.routes";
import { AWARD_KINDS, createAward, listAwards } from "./award.service";

export const memberEventSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(MEMBER_EVENT_KINDS),
    occurredOn: z.string().describe("the date of the event, YYYY-MM-DD"),
    recordedAt: z.string().describe("when it was recorded, ISO 8601"),
    actorName: z.string().describe("who recorded it (user name)"),
    summary: z.string(),
    detail: z.unknown().describe("what changed, by kind; never unmasked personal data"),
  })
  .meta({ id: "MemberEvent" });

export const memberAwardSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    kind: z.enum(AWARD_KINDS),
    title: z.string(),
    grantedOn: z.string(),
    grantingBody: z.string(),
    attachmentId: z.number().int().nullable(),
    recordedByName: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: "MemberAward" });

const createAwardBodySchema = z.object({
  kind: enumSchema("类别", AWARD_KINDS),
  title: textSchema("名称", 200),
  grantedOn: isoDateSchema("日期"),
  grantingBody: textSchema("授予单位", 200),
  attachmentId: idSchema("附件").optional(),
});

const memberParams = z.object({ id: idParameter });

/**
 * Routes of the electronic archive (电子团员档案): the timeline, awards and punishments, and the
 * attachments (attachment.routes.ts). Everything is narrowed to the user's subtree (404 outside);
 * writes are audited and recorded in the member's archive in one transaction.
 */
export async function registerArchiveRoutes(app: ZodApp, context: AppContext): Promise<void> {
  const { db } = context;
  app.get(
    "/members/:id/events",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["archive"],
        summary: "团员档案时间线 A member's timeline, oldest first, with who and when",
        params: memberParams,
        response: { 200: z.object({ items: z.array(memberEventSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/members/{id}/events → { items } oldest first; 404 outside scope. */
    async (request) => ({ items: await listMemberEvents(db, requireActor(request), request.params.id) }),
  );

  app.get(
    "/members/:id/awards",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["archive"],
        summary: "奖励与处分 A member's awards and punishments, most recent first",
        params: memberParams,
        response: { 200: z.object({ items: z.array(memberAwardSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/members/{id}/awards → { items } most recent first; 404 outside scope. */
    async (request) => ({ items: await listAwards(db, requireActor(request), request.params.id) }),
  );

  app.post(
    "/members/:id/awards",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["archive"],
        summary: "记录奖励或处分 Record an award or punishment (archive: awarded / punished)",
        params: memberParams,
        body: createAwardBodySchema,
        response: { 201: memberAwardSchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/members/{id}/awards {kind, title, grantedOn, grantingBody, attachmentId?} → 201 award. */
    async (request, reply) => {
      const award = await createAward(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        todayInChina(),
      );
      return reply.status(201).send(award);
    },
  );

  await registerAttachmentRoutes(app, context);
}

import { DEVELOPMENT_STATES, MEMBER_EVENT_KINDS, MEMBER_STATUSES } from "@tuanwu/domain";
import { z } from "zod";
import { errorResponseSchema } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { getOwnRecord, listOwnApplications, listOwnArchive } from "./me.service";

const ownErrors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };

export const ownRecordSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sex: z.string(),
    ethnicity: z.string().nullable(),
    birthDate: z.string(),
    age: z.number().int().describe("whole years today"),
    citizenId: z.string().describe("always masked (5108**********123X)"),
    phone: z.string().nullable().describe("always masked (138****5678)"),
    memberNumber: z.string().nullable(),
    joinedOn: z.string(),
    status: z.enum(MEMBER_STATUSES),
    statusLabel: z.string(),
    statusSince: z.string(),
    education: z.string().nullable(),
    occupation: z.string().nullable(),
    politicalStatus: z.string().nullable(),
    organization: z.object({ id: z.number().int(), name: z.string() }),
    verified: z.boolean().describe("verified by the higher committee (locked fields)"),
  })
  .meta({ id: "OwnMemberRecord" });

/** An entry of the member's own archive (the fields of the branch's MemberEvent). */
export const ownArchiveEventSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(MEMBER_EVENT_KINDS),
    occurredOn: z.string().describe("YYYY-MM-DD"),
    recordedAt: z.string().describe("ISO 8601"),
    actorName: z.string(),
    summary: z.string(),
    detail: z.unknown().describe("by kind; never unmasked personal data"),
  })
  .meta({ id: "OwnArchiveEvent" });

export const ownApplicationSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    organization: z.object({ id: z.number().int(), name: z.string() }),
    state: z.enum(DEVELOPMENT_STATES),
    stateLabel: z.string(),
    pausedFromLabel: z.string().nullable().describe("deferred (暂缓): the step it was paused at"),
    applicationDate: z.string(),
    memberNumber: z.string().nullable(),
    closed: z.boolean().describe("admitted and archived, rejected or withdrawn"),
    steps: z
      .array(
        z.object({
          state: z.enum(DEVELOPMENT_STATES),
          label: z.string(),
          dateLabel: z.string(),
          date: z.string().nullable().describe("YYYY-MM-DD when done"),
          status: z.enum(["done", "next", "pending"]),
          by: z.string().nullable().describe("who takes the step: 团支部 / 上级团委"),
        }),
      )
      .describe("the main line, 递交申请 → … → 入团志愿书归档"),
    timeline: z.array(
      z.object({
        occurredOn: z.string(),
        action: z.string(),
        actionLabel: z.string(),
        toState: z.string(),
        toStateLabel: z.string(),
        reason: z.string().nullable().describe("of a return, deferral, rejection or withdrawal"),
      }),
    ),
    points: z.object({
      total: z.number(),
      threshold: z.number(),
      meetsThreshold: z.boolean(),
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
      missing: z.array(z.string()).describe("every unmet prerequisite, e.g. 团课：已有6学时，至少需要8学时"),
    }),
  })
  .meta({ id: "OwnApplication" });

/**
 * The member's own pages (我的档案, 我的入团申请; issue 10 part 7) under /api/v1/me: the signed-in user's
 * record, archive and applications. Every role holds organization:read; what is shown is always the
 * user's own (keyed by their account), so nobody reaches anyone else's data here. 404 when the
 * account has no member record / no application.
 */
export async function registerMeRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/me/record",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的档案 The signed-in member's own record (citizen ID and phone masked)",
        response: { 200: ownRecordSchema, ...ownErrors },
      },
    },
    /** GET /api/v1/me/record → OwnMemberRecord; 404 when the account has no member record. */
    async (request) => getOwnRecord(db, requireActor(request), todayInChina()),
  );

  app.get(
    "/me/archive",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的档案时间线 The signed-in member's archive timeline, oldest first",
        response: { 200: z.object({ items: z.array(ownArchiveEventSchema) }), ...ownErrors },
      },
    },
    /** GET /api/v1/me/archive → { items } oldest first; 404 when the account has no member record. */
    async (request) => ({ items: await listOwnArchive(db, requireActor(request)) }),
  );

  app.get(
    "/me/applications",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的入团申请 The signed-in applicant's applications: progress and what is missing",
        response: { 200: z.object({ items: z.array(ownApplicationSchema) }), ...ownErrors },
      },
    },
    /** GET /api/v1/me/applications → { items } newest first; 404 when the account has no application. */
    async (request) => ({ items: await listOwnApplications(db, requireActor(request), todayInChina()) }),
  );
}

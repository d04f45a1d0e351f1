import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { registerMemberCompletenessRoutes } from "./member-completeness.routes";
import { decideCorrection, requestCorrection } from "./member-correction.service";
import { getMemberDetail } from "./member-detail.service";
import {
  correctionDecisionInputSchema,
  memberCorrectionInputSchema,
  memberCorrectionSchema,
  memberDetailSchema,
  memberRecordInputSchema,
  memberRecordPatchSchema,
} from "./member-record.schemas";
import { createMember, updateMember, verifyMember } from "./member-record.service";

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };

/**
 * Routes of member records (团员档案, docs/member-registry.md "Member records"): read one member,
 * create in a branch, edit, verify (higher committee), corrections of locked fields with their review,
 * and the completeness / data-entry figures. Every route is narrowed to the user's subtree (404
 * outside); writes are audited and recorded in the member's archive in one transaction.
 */
export async function registerMemberRecordRoutes(app: ZodApp, context: AppContext): Promise<void> {
  const { db } = context;

  app.get(
    "/members/:id",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["members"],
        summary: "团员详情 One member's full record",
        params: idParams,
        response: { 200: memberDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/members/{id} → MemberDetail; citizen ID and phone in full only when personalDataVisible (audited). */
    async (request) => getMemberDetail(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.post(
    "/organizations/:branchId/members",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["members"],
        summary: "新增团员 Create a member in a branch",
        params: z.object({ branchId: idParameter }),
        body: memberRecordInputSchema,
        response: { 201: memberDetailSchema, ...writeErrors },
      },
    },
    /**
     * POST /api/v1/organizations/{branchId}/members {record} → 201 MemberDetail. 400 naming the field,
     * 422 not a branch, 409 duplicate citizen ID (naming its organization) or member number.
     */
    async (request, reply) => {
      const actor = requireActor(request);
      const today = todayInChina();
      const id = await createMember(db, actor, request.params.branchId, request.body, today);
      return reply.status(201).send(await getMemberDetail(db, actor, id, today));
    },
  );

  app.patch(
    "/members/:id",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["members"],
        summary: "修改团员信息 Change a member's record",
        params: idParams,
        body: memberRecordPatchSchema,
        response: { 200: memberDetailSchema, ...writeErrors },
      },
    },
    /** PATCH /api/v1/members/{id} {fields} → MemberDetail; 422 field_locked for a locked field after verification. */
    async (request) => {
      const actor = requireActor(request);
      const today = todayInChina();
      await updateMember(db, actor, request.params.id, request.body, today);
      return getMemberDetail(db, actor, request.params.id, today);
    },
  );

  app.post(
    "/members/:id/verify",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["members"],
        summary: "认证团员信息 Verify a member (higher committee); locks name, citizen ID, join date, branch",
        params: idParams,
        response: { 200: memberDetailSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/members/{id}/verify → MemberDetail; 403 unless the higher committee; 409 already verified. */
    async (request) => {
      const actor = requireActor(request);
      const today = todayInChina();
      await verifyMember(db, actor, request.params.id, today);
      return getMemberDetail(db, actor, request.params.id, today);
    },
  );

  app.post(
    "/members/:id/corrections",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["members"],
        summary: "申请更正锁定信息 Request a correction of locked fields",
        params: idParams,
        body: memberCorrectionInputSchema,
        response: { 201: memberCorrectionSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/members/{id}/corrections {changes, reason} → 201 MemberCorrection (pending). */
    async (request, reply) => {
      const correction = await requestCorrection(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        todayInChina(),
      );
      return reply.status(201).send(correction);
    },
  );

  app.post(
    "/member-corrections/:id/decision",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["members"],
        summary: "审核更正申请 Approve or return a correction (higher committee)",
        params: idParams,
        body: correctionDecisionInputSchema,
        response: { 200: memberCorrectionSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/member-corrections/{id}/decision {decision: approve|return, note} → MemberCorrection. */
    async (request) =>
      decideCorrection(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );

  await registerMemberCompletenessRoutes(app, context);
}

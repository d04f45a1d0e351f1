import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import {
  closeOutFieldsSchema,
  closeOutReopenBodySchema,
  closeOutReviewBodySchema,
  closeOutSchema,
  formBodyDocumentation,
} from "../progress/plan-progress.schemas";
import { parsePlanFields, readPlanForm } from "../shared/plan-upload";
import { listCloseOuts, reviewCloseOut, submitCloseOut } from "./plan-close-out.service";

const idParams = z.object({ id: idParameter });
const reviewErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };

/**
 * Routes of close-outs (销号, issue 5 part 4; the state machine is domain close-out.ts): submit a task
 * with evidence and files (plan:write), approve, return or reopen (plan:review, never one's own
 * submission for approve and return), and a task's close-out history. Audited; a refusal writes nothing.
 */
export async function registerPlanCloseOutRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  app.post(
    "/plan-tasks/:id/close-outs",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary: "申请销号 Submit a task for close-out with evidence (text and optional files)",
        description:
          "multipart/form-data with the text field evidence and 0–5 file parts (conventionally `files`; PDF, " +
          "JPEG, PNG, DOCX or XLSX by their bytes, ≤ 20 MB each); or application/json {evidence}. Blank evidence " +
          "→ 422 naming `evidence`; a task with a close-out awaiting review or approved → 409; cancelled → 422.",
        consumes: ["multipart/form-data", "application/json"],
        params: idParams,
        body: formBodyDocumentation({ evidence: { type: "string", maxLength: 5000 } }, ["evidence"]),
        response: {
          201: closeOutSchema,
          ...reviewErrors,
          413: errorResponseSchema,
          503: errorResponseSchema,
        },
      },
    },
    /** POST /api/v1/plan-tasks/{id}/close-outs → 201 PlanCloseOut (submitted); audited. */
    async (request, reply) => {
      const actor = requireActor(request);
      const form = await readPlanForm(request);
      const { evidence } = parsePlanFields(closeOutFieldsSchema, form.fields);
      const closeOut = await submitCloseOut(
        db,
        actor,
        config.filesDir,
        request.params.id,
        evidence,
        form.files,
      );
      return reply.status(201).send(closeOut);
    },
  );

  app.get(
    "/plan-tasks/:id/close-outs",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "销号记录 A task's close-outs, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(closeOutSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plan-tasks/{id}/close-outs → { items }; 404 outside scope. */
    async (request) => ({ items: await listCloseOuts(db, requireActor(request), request.params.id) }),
  );

  app.post(
    "/plan-close-outs/:id/approve",
    {
      config: { permission: "plan:review" },
      schema: {
        tags: ["plans"],
        summary: "批准销号 Approve a submitted close-out: the task is closed out as of today",
        description:
          "By a reviewer other than the submitter (403 reviewer_is_submitter). Only a submitted one (409).",
        params: idParams,
        body: closeOutReviewBodySchema,
        response: { 200: closeOutSchema, ...reviewErrors },
      },
    },
    /** POST /api/v1/plan-close-outs/{id}/approve {note?} → PlanCloseOut (approved); audited. */
    async (request) =>
      reviewCloseOut(
        db,
        requireActor(request),
        request.params.id,
        "approve",
        request.body.note,
        todayInChina(),
      ),
  );

  app.post(
    "/plan-close-outs/:id/return",
    {
      config: { permission: "plan:review" },
      schema: {
        tags: ["plans"],
        summary: "退回销号 Return a submitted close-out with a note; the task stays open",
        description:
          "By a reviewer other than the submitter (403 reviewer_is_submitter); the note is required (422 naming " +
          "`note`). Only a submitted one (409).",
        params: idParams,
        body: closeOutReviewBodySchema,
        response: { 200: closeOutSchema, ...reviewErrors },
      },
    },
    /** POST /api/v1/plan-close-outs/{id}/return {note} → PlanCloseOut (returned); audited. */
    async (request) =>
      reviewCloseOut(
        db,
        requireActor(request),
        request.params.id,
        "return",
        request.body.note,
        todayInChina(),
      ),
  );

  app.post(
    "/plan-close-outs/:id/reopen",
    {
      config: { permission: "plan:review" },
      schema: {
        tags: ["plans"],
        summary: "重新打开 Reopen an approved close-out with a reason; the task is no longer closed out",
        description: "The reason is required (422 naming `reason`). Only an approved one (409).",
        params: idParams,
        body: closeOutReopenBodySchema,
        response: { 200: closeOutSchema, ...reviewErrors },
      },
    },
    /** POST /api/v1/plan-close-outs/{id}/reopen {reason} → PlanCloseOut (reopened); audited. */
    async (request) =>
      reviewCloseOut(
        db,
        requireActor(request),
        request.params.id,
        "reopen",
        request.body.reason,
        todayInChina(),
      ),
  );
}

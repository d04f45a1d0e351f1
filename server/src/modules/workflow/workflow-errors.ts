import type { GuardFailure, GuardWarning } from "@tuanwu/domain";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { HttpError } from "../../lib/http-errors";

/**
 * A transition refused by the approval engine: 404 no such action, 409 stale version or step not
 * available, 403 the actor may not take it, 422 conditions unmet. Carries every unmet condition
 * (`failures`, each naming its field) and the warnings still to acknowledge. The first failure gives
 * the error's code, field and message; routes answer all of them (see {@link workflowErrorBody}).
 */
export class WorkflowRefusal extends HttpError {
  constructor(
    status: 403 | 404 | 409 | 422,
    readonly failures: GuardFailure[],
    readonly warnings: GuardWarning[] = [],
  ) {
    const first = failures[0];
    super(
      status,
      first?.code ?? "transition_refused",
      failures.map((failure) => failure.message).join("；") || "不能办理此操作",
      first?.field,
    );
    this.name = "WorkflowRefusal";
  }
}

/** The error body of a refused transition: the usual error fields plus every failure and warning. */
export const workflowErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      failures: z
        .array(z.object({ code: z.string(), field: z.string(), message: z.string() }))
        .optional()
        .describe("every unmet condition at once"),
      warnings: z
        .array(z.object({ code: z.string(), message: z.string() }))
        .optional()
        .describe("warnings to acknowledge: send their codes in payload.acknowledgedWarnings"),
    }),
  })
  .meta({ id: "WorkflowErrorResponse" });

/** The body of `error` for a response (failures and warnings when it is a {@link WorkflowRefusal}). */
export function workflowErrorBody(error: HttpError): z.infer<typeof workflowErrorResponseSchema> {
  const base = {
    code: error.code,
    message: error.message,
    ...(error.field === undefined ? {} : { field: error.field }),
  };
  if (!(error instanceof WorkflowRefusal)) return { error: base };
  return { error: { ...base, failures: error.failures, warnings: error.warnings } };
}

/**
 * Runs a route's transition and answers a refusal (403, 409, 422: a {@link WorkflowRefusal} or any
 * HttpError of those statuses) with {@link workflowErrorBody} — every failure and warning; anything
 * else is rethrown to the error handler. Used by the routes of the approval-engine workflows.
 */
export async function withRefusals<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof HttpError &&
      (error.status === 409 || error.status === 422 || error.status === 403)
    ) {
      return reply.status(error.status).send(workflowErrorBody(error));
    }
    throw error;
  }
}

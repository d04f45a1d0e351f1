import { isoDateSchema } from "@tuanwu/domain";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { commonErrorResponses } from "../../lib/api-schemas";
import { HttpError } from "../../lib/http-errors";
import { workflowErrorBody, workflowErrorResponseSchema } from "../workflow/workflow-errors";

/** zod shapes shared by the campaigns (education review, registration; issue 12 parts 2–3). */

/** A campaign year, 2000–2100. */
export const yearSchema = z.coerce
  .number({ error: "年份：必须是整数" })
  .int("年份：必须是整数")
  .min(2000, "年份：2000–2100")
  .max(2100, "年份：2000–2100");

/** POST body opening a campaign. */
export const openCampaignBody = z.strictObject({
  year: yearSchema,
  opensOn: isoDateSchema("开始日期"),
  closesOn: isoDateSchema("截止日期"),
});

/** A campaign as answered (review or registration). */
export const campaignFields = {
  id: z.number().int(),
  organizationId: z.number().int(),
  organizationName: z.string(),
  year: z.number().int(),
  opensOn: z.string(),
  closesOn: z.string(),
  closed: z.boolean(),
  closedAt: z.string().nullable().describe("when it was closed; null while open"),
  mayClose: z
    .boolean()
    .describe("whether this user may close it (open, member:write at its committee or above)"),
};

/** Error responses of a write that may be refused by a rule or the engine. */
export const writeErrors = {
  ...commonErrorResponses,
  403: workflowErrorResponseSchema,
  409: workflowErrorResponseSchema,
  422: workflowErrorResponseSchema,
};

/** Answers a refused step with every failure (403 / 409 / 422), else rethrows. */
export async function withRefusals<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError && (error.status === 409 || error.status === 422 || error.status === 403))
      return reply.status(error.status).send(workflowErrorBody(error));
    throw error;
  }
}

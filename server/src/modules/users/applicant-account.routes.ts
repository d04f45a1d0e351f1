import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { issueApplicantAccount } from "./applicant-account.service";
import { usernameSchema } from "./user.schemas";

const applicantAccountSchema = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    oneTimePassword: z.string().describe("shown once; must be changed at first login"),
  })
  .meta({ id: "ApplicantAccount" });

/**
 * The applicant's own account (issue 10 part 7), issued by the branch: POST
 * /api/v1/applications/{id}/account. Registered by the accounts routes (user.routes.ts).
 */
export async function registerApplicantAccountRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/applications/:id/account",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["development"],
        summary: "开通申请人账号 Issue the applicant an account (role member, one-time password)",
        params: z.object({ id: idParameter }),
        body: z
          .object({
            username: usernameSchema.optional().describe('default "sq<application id>"'),
          })
          .optional(),
        response: {
          201: applicantAccountSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
          422: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/applications/{id}/account {username?} → 201 {userId, username, oneTimePassword}.
     * 404 outside the subtree; 403 without member:write; 409 account_exists (field id) or user name
     * taken (field username); 422 application_closed. Audited.
     */
    async (request, reply) => {
      const account = await issueApplicantAccount(db, requireActor(request), request.params.id, {
        username: request.body?.username,
      });
      return reply.status(201).send(account);
    },
  );
}

import { letterCodeSchema } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { exportTransferLetter, issueTransferLetter, verifyTransferLetter } from "./transfer-letters.service";

const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF_MEDIA_TYPE = "application/pdf";

const idParams = z.object({ id: idParameter });

/** An issued letter (开具介绍信). */
const issuedLetterSchema = z
  .object({
    transferId: z.number().int(),
    letterNumber: z.string().describe("介绍信编号 YYYYMMDD-NNNNNN (the issue date and the transfer's id)"),
    verificationCode: z.string().describe("验证码, printed on the letter"),
    issuedOn: z.string().describe("YYYY-MM-DD"),
  })
  .meta({ id: "TransferLetter" });

/** What the public check shows: nothing but these four. */
const letterVerificationSchema = z
  .object({
    letterNumber: z.string(),
    memberName: z.string().describe("the member's name masked: first character kept"),
    issuedOn: z.string().describe("YYYY-MM-DD"),
    issuingCommittee: z.string().describe("the committee above the sending branch"),
  })
  .meta({ id: "TransferLetterVerification" });

const letterNumberParams = z.object({
  letterNumber: z
    .string()
    .regex(/^\d{8}-\d{6,12}$/, { error: "编号：应为介绍信上的编号，如 20260906-000123" }),
});

/** A binary body (sent as a buffer; not serialized). */
const fileResponse = (what: string) => z.any().describe(what);

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Routes of the introduction letter 组织关系介绍信 (issue 11 part 3): issue it (sending side,
 * member:write), print it as .docx or PDF, and the public check by number and verification code
 * (no sign-in, rate-limited per address; answers only number, masked name, date, committee).
 */
export async function registerTransferLetterRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/transfers/:id/letter",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary:
          "组织关系介绍信 The introduction letter of a transfer out of the installation (number and verification code)",
        params: idParams,
        response: {
          200: issuedLetterSchema,
          201: issuedLetterSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/transfers/{id}/letter → 200 the letter the sending committee's approval issued
     * (number, code, date; 201 when this call had to issue it); 400 letter_not_applicable (inside the
     * installation); 409 transfer_not_approved (not yet approved, returned or withdrawn).
     */
    async (request, reply) => {
      const { letter, issued } = await issueTransferLetter(
        db,
        requireActor(request),
        request.params.id,
        todayInChina(),
      );
      return reply.status(issued ? 201 : 200).send(letter);
    },
  );

  for (const format of ["docx", "pdf"] as const) {
    app.get(
      `/transfers/:id/letter.${format}`,
      {
        config: { permission: "member:write" },
        schema: {
          tags: ["transfers"],
          summary: `打印组织关系介绍信 The issued introduction letter (.${format})`,
          produces: [format === "docx" ? DOCX_MEDIA_TYPE : PDF_MEDIA_TYPE],
          params: idParams,
          response: {
            200: fileResponse(`the .${format} letter`),
            ...commonErrorResponses,
            409: errorResponseSchema,
            503: errorResponseSchema,
          },
        },
      },
      /**
       * GET /api/v1/transfers/{id}/letter.docx | letter.pdf → the letter; 409 letter_not_issued; 503
       * cjk_font_missing (PDF). Audited.
       */
      async (request, reply) => {
        const file = await exportTransferLetter(db, requireActor(request), request.params.id, format);
        return reply
          .header("content-type", format === "docx" ? DOCX_MEDIA_TYPE : PDF_MEDIA_TYPE)
          .header("content-disposition", attachment(file.fileName, `transfer-letter.${format}`))
          .send(file.bytes);
      },
    );
  }

  app.get(
    "/transfer-letters/:letterNumber/verification",
    {
      config: { permission: "public", rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags: ["transfers"],
        summary: "介绍信查验 Check an introduction letter by its number and verification code (public)",
        params: letterNumberParams,
        querystring: z.object({ code: letterCodeSchema }),
        response: {
          200: letterVerificationSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /**
     * GET /api/v1/transfer-letters/{letterNumber}/verification?code= → number, masked name, date,
     * committee; 404 for an unknown number or a wrong code alike; 400 naming letterNumber / code.
     */
    async (request) => verifyTransferLetter(db, request.params.letterNumber, request.query.code),
  );
}

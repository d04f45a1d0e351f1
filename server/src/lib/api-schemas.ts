import { idTextSchema } from "@tuanwu/domain";
import { z } from "zod";

/** The body of every error response: a stable code, a message in the user's language, the field at fault. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: "ErrorResponse" });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrorResponses = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
} as const;

/** An id in a path or query parameter: domain {@link idTextSchema} (a positive 32-bit integer, decimal digits only). */
export const idParameter = idTextSchema("id");

/** A calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD");

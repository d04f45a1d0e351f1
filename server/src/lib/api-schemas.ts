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

/** A positive integer id in a path parameter. */
export const idParameter = z.coerce.number().int().positive();

/** A calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD");

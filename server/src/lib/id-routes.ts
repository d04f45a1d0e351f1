import type { Permission } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "./api-schemas";

/** The path parameters of a route on one record: `/:id`, a positive 32-bit integer. */
export const idParams = z.object({ id: idParameter });

/** Error responses of a write: the common ones, 409 (state or uniqueness conflict) and 422 (a rule refused). */
export const writeErrorResponses = {
  ...commonErrorResponses,
  409: errorResponseSchema,
  422: errorResponseSchema,
} as const;

/** The parts of a route's schema that differ from route to route. */
interface IdRouteSchema<
  Response extends z.ZodType,
  Body extends z.ZodType | undefined,
  Query extends z.ZodType | undefined,
> {
  summary: string;
  response: Response;
  body?: Body;
  querystring?: Query;
}

/**
 * Route options for a module whose routes all take `/:id` (the organization or the record), guarded by
 * one read and one write permission: `read(...)` answers with {@link commonErrorResponses}, `write(...)`
 * with {@link writeErrorResponses}. Each call returns `{config: {permission}, schema: {tags, summary,
 * params, querystring | body, response}}`, so the zod type provider still types the handler.
 * @param tags the OpenAPI tags of every route; @param permissions the read and write permissions.
 */
export function idRoutes(tags: readonly string[], permissions: { read: Permission; write: Permission }) {
  function options<
    Response extends z.ZodType,
    Body extends z.ZodType | undefined,
    Query extends z.ZodType | undefined,
    Errors extends Record<number, z.ZodType>,
  >(
    permission: Permission,
    { summary, response, body, querystring }: IdRouteSchema<Response, Body, Query>,
    errors: Errors,
  ) {
    return {
      config: { permission },
      schema: {
        tags: [...tags],
        summary,
        params: idParams,
        ...(querystring === undefined ? {} : { querystring }),
        ...(body === undefined ? {} : { body }),
        response: { 200: response, ...errors },
      } as {
        tags: string[];
        summary: string;
        params: typeof idParams;
        querystring: Query;
        body: Body;
        response: { 200: Response } & Errors;
      },
    };
  }
  return {
    /** A read: the read permission, the common errors. */
    read: <Response extends z.ZodType, Query extends z.ZodType | undefined = undefined>(
      schema: IdRouteSchema<Response, undefined, Query>,
    ) => options(permissions.read, schema, commonErrorResponses),
    /** A write: the write permission, the common errors plus 409 and 422. */
    write: <Response extends z.ZodType, Body extends z.ZodType | undefined = undefined>(
      schema: IdRouteSchema<Response, Body, undefined>,
    ) => options(permissions.write, schema, writeErrorResponses),
  };
}

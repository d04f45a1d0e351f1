import { CONTROL_CHARACTERS } from "@tuanwu/domain";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { HttpError } from "../lib/http-errors";

/**
 * The dotted path (e.g. "body.name", "query.q", "body.items.2.title") of the first text value in
 * `value` that holds a control character (domain CONTROL_CHARACTERS), or undefined. Object keys are
 * checked like values.
 */
export function findControlCharacter(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return CONTROL_CHARACTERS.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findControlCharacter(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (CONTROL_CHARACTERS.test(key)) return path;
      const found = findControlCharacter(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses, with 400 `invalid_input` naming the field, any request whose path parameters, query string
 * or JSON body holds a control character (a NUL byte in `q`, a name or a login reached PostgreSQL and
 * answered 500). Runs before validation, for every route, so no text input can miss it; the fields'
 * own zod schemas (domain textSchema) refuse them too.
 */
export const controlCharactersPlugin = fp(async (app: FastifyInstance) => {
  app.addHook("preValidation", async (request) => {
    const found =
      findControlCharacter(request.params, "params") ??
      findControlCharacter(request.query, "query") ??
      (request.isMultipart() ? undefined : findControlCharacter(request.body, "body"));
    if (found) {
      const field = found.replace(/^(params|query|body)\./, "");
      throw new HttpError(
        400,
        "invalid_input",
        `${field}：不能包含控制字符 / ${field} must not contain control characters`,
        field,
      );
    }
  });
});

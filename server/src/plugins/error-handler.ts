import { DomainError } from "@tuanwu/domain";
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { HttpError } from "../lib/http-errors";
import { violatedConstraint } from "../lib/violated-constraint";

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

function body(code: string, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** PostgreSQL unique violation on a constraint → the field it protects. */
const UNIQUE_FIELDS: Record<string, { field: string; message: string }> = {
  organization_code_key: { field: "code", message: "组织编码已被使用 / organization code already in use" },
  organization_division_code_key: {
    field: "divisionCode",
    message: "该行政区划代码已有团组织 / division code already has an organization",
  },
  app_user_username_key: { field: "username", message: "用户名已存在 / user name already taken" },
  member_citizen_id_key: { field: "citizenId", message: "公民身份号码已存在 / citizen ID already recorded" },
  citizen_id_registry_pkey: {
    field: "citizenId",
    message: "公民身份号码已存在 / citizen ID already recorded",
  },
  member_attachment_application_form_key: {
    field: "kind",
    message:
      "该团员已有未退回的入团志愿书 / the member already has an application form that was not returned",
  },
  member_member_number_key: {
    field: "memberNumber",
    message: "团员编号已被使用 / member number already in use",
  },
  // The national registration (migration member_number_registry): on Citus the only check across counties.
  member_number_registry_pkey: {
    field: "memberNumber",
    message: "团员编号已被使用 / member number already in use",
  },
};

/**
 * The error for the log without the SQL parameters Drizzle appends to a failed query's message
 * (they may hold names, ID tails or phones, which must never be logged).
 */
export function withoutQueryParameters(error: Error): { type: string; message: string; stack?: string } {
  const strip = (text: string) => text.replace(/\nparams:[\s\S]*?(\n {4}at |$)/, "\n[parameters omitted]$1");
  return {
    type: error.name,
    message: strip(error.message),
    ...(error.stack ? { stack: strip(error.stack) } : {}),
  };
}

/**
 * Turns every error into `{ error: { code, message, field } }` with the right status:
 * zod validation → 400 naming the field; malformed JSON → 400; DomainError/HttpError → their status;
 * unique violations → 409 naming the field; anything else → 500 without internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const where = error.validationContext ?? "body";
      const pathText = issue?.instancePath?.replace(/^\//, "").replaceAll("/", ".") || where;
      const field = issue?.instancePath ? pathText : where;
      const message = `${field}: ${issue?.message ?? "无效 / invalid"}`;
      return reply.status(400).send(body("invalid_input", message, field));
    }
    if (error instanceof HttpError)
      return reply.status(error.status).send(body(error.code, error.message, error.field));
    if (error instanceof DomainError)
      return reply.status(error.status).send(body(error.code, error.message, error.field));
    if (
      error.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      (error.statusCode === 400 && error instanceof SyntaxError)
    ) {
      return reply
        .status(400)
        .send(body("malformed_json", "请求体不是合法的 JSON / malformed JSON body", "body"));
    }
    if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      return reply.status(400).send(body("malformed_json", "请求体为空 / empty JSON body", "body"));
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply
        .status(415)
        .send(body("unsupported_media_type", "请使用 application/json / use application/json"));
    }
    const constraint = violatedConstraint(error);
    const unique = constraint ? UNIQUE_FIELDS[constraint] : undefined;
    if (unique) return reply.status(409).send(body("duplicate", unique.message, unique.field));
    if (error.code === "FST_REQ_FILE_TOO_LARGE" || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      // An upload past the multipart limit, or a JSON body past bodyLimit: say so (it read as "not an
      // .xlsx" before, from the truncated file).
      return reply
        .status(413)
        .send(body("file_too_large", "文件或请求体过大 / the file or request body is too large", "file"));
    }
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send(body("rate_limited", "尝试次数过多，请稍后再试 / too many attempts, try again later"));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(body(error.code ?? "bad_request", error.message));
    }
    if (isResponseSerializationError(error))
      request.log.error({ issues: error.cause.issues }, "response schema mismatch");
    else request.log.error({ err: withoutQueryParameters(error) }, "unhandled error");
    return reply.status(500).send(body("internal_error", "服务器内部错误 / internal server error"));
  });
}

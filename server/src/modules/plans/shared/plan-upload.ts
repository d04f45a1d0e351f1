import { MAX_PLAN_ATTACHMENT_BYTES, MAX_PLAN_FILES, type PlanFileUpload } from "@tuanwu/domain";
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { HttpError } from "../../../lib/http-errors";

/** A request's fields (unchecked) and files: from multipart/form-data, or a JSON body without files. */
export interface PlanForm {
  fields: unknown;
  files: PlanFileUpload[];
}

function fileTooLarge(): HttpError {
  return new HttpError(
    413,
    "file_too_large",
    "files：单个文件不能超过 20 MB / a file exceeds 20 MB",
    "files",
  );
}

/**
 * Reads a request that carries fields and 0 … {@link MAX_PLAN_FILES} files: multipart/form-data (text
 * fields in any order, each file part under any name, conventionally "files"), read into memory and
 * stopped at 20 MB a file; or a JSON body (fields only, no files). Nothing is written here.
 * Errors: 413 "file_too_large" (field "files"); 400 more than {@link MAX_PLAN_FILES} files (field "files").
 */
export async function readPlanForm(request: FastifyRequest): Promise<PlanForm> {
  if (!request.isMultipart()) return { fields: request.body ?? {}, files: [] };
  const fields: Record<string, string> = {};
  const files: PlanFileUpload[] = [];
  try {
    const parts = request.parts({
      limits: { fileSize: MAX_PLAN_ATTACHMENT_BYTES, files: MAX_PLAN_FILES },
    });
    for await (const part of parts) {
      if (part.type === "file") {
        files.push({ fileName: part.filename || undefined, bytes: await part.toBuffer() });
      } else if (typeof part.value === "string") {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw fileTooLarge();
    if (code === "FST_FILES_LIMIT") {
      throw new HttpError(
        400,
        "too_many_files",
        `files：每次最多上传 ${MAX_PLAN_FILES} 个文件 / at most ${MAX_PLAN_FILES} files per request`,
        "files",
      );
    }
    throw error;
  }
  if (files.some((file) => file.bytes.length > MAX_PLAN_ATTACHMENT_BYTES)) throw fileTooLarge();
  return { fields, files };
}

/**
 * Validates a form's fields with `schema`; the first problem → 400 "invalid_input" naming the field
 * (e.g. "percent"), or "body" when the whole input is wrong.
 */
export function parsePlanFields<Schema extends z.ZodType>(schema: Schema, fields: unknown): z.output<Schema> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  const message = issue?.message ?? "无效 / invalid";
  throw new HttpError(400, "invalid_input", message.includes("：") ? message : `${field}：${message}`, field);
}

import { MAX_ATTACHMENT_BYTES } from "@tuanwu/domain";
import type { FastifyRequest } from "fastify";
import { HttpError } from "../../lib/http-errors";

/** A multipart upload as read from the request: the `kind` field (unchecked) and the one file. */
export interface RawAttachmentUpload {
  kind: unknown;
  fileName: string | undefined;
  bytes: Buffer;
}

function fileTooLarge(): HttpError {
  return new HttpError(413, "file_too_large", "文件：不能超过 20 MB / the file exceeds 20 MB", "file");
}

/**
 * Reads a multipart/form-data upload (fields in any order, one file) into memory, stopping at
 * 20 MB. Nothing is written here.
 * Errors: 415 not multipart; 413 "file_too_large" (field "file"); 400 no file or more than one.
 */
export async function readAttachmentUpload(request: FastifyRequest): Promise<RawAttachmentUpload> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      "请以 multipart/form-data 上传文件 / upload the file as multipart/form-data",
      "file",
    );
  }
  let kind: unknown;
  let file: { fileName: string | undefined; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES } })) {
      if (part.type === "file") {
        const bytes = await part.toBuffer();
        file = { fileName: part.filename || undefined, bytes };
      } else if (part.fieldname === "kind") {
        kind = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw fileTooLarge();
    if (code === "FST_FILES_LIMIT") {
      throw new HttpError(400, "invalid_input", "文件：每次只能上传一个文件 / one file per request", "file");
    }
    throw error;
  }
  if (!file) throw new HttpError(400, "invalid_input", "文件：必填 / a file is required", "file");
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) throw fileTooLarge();
  return { kind, ...file };
}

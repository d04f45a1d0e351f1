import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { FastifyRequest } from "fastify";
import { HttpError } from "../../lib/http-errors";
import { createTemporaryFolder } from "../../lib/temporary-folder";

/** An uploaded workbook saved to a temporary folder, with the text fields sent before it. */
export interface SavedUpload {
  folder: string;
  filePath: string;
  fileName: string;
  /** Text fields of the form that came before the file (multipart order), by name. */
  fields: ReadonlyMap<string, string>;
}

/**
 * Saves the request's one uploaded file (field any) to a new folder under `tempDir` (the data folder's
 * tmp/, emptied at start, so a killed import leaves no workbook of real names behind); the caller removes it.
 * Errors: 400 file_required without a file; 413 file_too_large past the multipart limit.
 */
export async function saveUpload(request: FastifyRequest, tempDir: string | undefined): Promise<SavedUpload> {
  const file = await request.file();
  if (!file)
    throw new HttpError(400, "file_required", "请上传一个 .xlsx 文件 / upload one .xlsx file", "file");
  const fields = new Map<string, string>();
  for (const [name, field] of Object.entries(file.fields)) {
    const first = Array.isArray(field) ? field[0] : field;
    if (first && first.type === "field" && typeof first.value === "string") fields.set(name, first.value);
  }
  const folder = await createTemporaryFolder(tempDir, "import-");
  const filePath = path.join(folder, "upload.xlsx");
  try {
    await pipeline(file.file, createWriteStream(filePath));
    // Past the multipart limit the stream just ends early: a cut-off file would read as "not an .xlsx".
    if (file.file.truncated)
      throw new HttpError(413, "file_too_large", "文件过大 / the file is too large", "file");
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { folder, filePath, fileName: file.filename, fields };
}

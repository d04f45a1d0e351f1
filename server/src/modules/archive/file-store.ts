import { createHash, randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { HttpError } from "../../lib/http-errors";

/**
 * Content-addressed file storage under the data folder: a file lives at
 * `<filesDir>/<first two hex digits>/<sha256>`, so the same content uploaded twice is stored once.
 * Writes go to a temporary file in the same folder, flushed, then renamed into place (atomic: a
 * reader never sees half a file, and a crash leaves at most a `.tmp` file, never a wrong one).
 */

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** 503 when the server was started without a folder for files. */
export function requireFilesDir(filesDir: string | undefined): string {
  if (!filesDir) {
    throw new HttpError(503, "files_unavailable", "附件存储未配置 / file storage is not configured");
  }
  return filesDir;
}

/** The SHA-256 of `bytes`, lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Where the file with this hash lives. @throws RangeError for anything but 64 hex digits. */
export function storedFilePath(filesDir: string, sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) throw new RangeError(`not a SHA-256: ${JSON.stringify(sha256)}`);
  return path.join(filesDir, sha256.slice(0, 2), sha256);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Stores `bytes` by their SHA-256 unless a file with that hash is already there.
 * `created` says whether this call put the file there (so a failed transaction can take it back).
 */
export async function storeFile(
  filesDir: string,
  bytes: Uint8Array,
): Promise<{ sha256: string; created: boolean }> {
  const sha256 = sha256Hex(bytes);
  const target = storedFilePath(filesDir, sha256);
  if (await exists(target)) return { sha256, created: false };
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = path.join(path.dirname(target), `.${sha256}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { sha256, created: true };
}

/** Removes a stored file (after a failed write that created it); missing is fine. */
export async function removeStoredFile(filesDir: string, sha256: string): Promise<void> {
  await rm(storedFilePath(filesDir, sha256), { force: true });
}

/**
 * A read stream of a stored file. @throws HttpError 500 "attachment_file_missing" when the row's
 * file is not on disk (the data folder was damaged or restored without its files).
 */
export async function openStoredFile(filesDir: string, sha256: string): Promise<ReadStream> {
  const file = storedFilePath(filesDir, sha256);
  if (!(await exists(file))) {
    throw new HttpError(
      500,
      "attachment_file_missing",
      "附件文件缺失，请联系管理员 / the stored file is missing, contact the administrator",
    );
  }
  return createReadStream(file);
}

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listStoredFiles } from "../../test/archive-factories";
import {
  openStoredFile,
  removeStoredFile,
  requireFilesDir,
  sha256Hex,
  storedFilePath,
  storeFile,
} from "./file-store";

let filesDir: string;
beforeEach(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), "tuanwu-store-"));
});
afterEach(async () => rm(filesDir, { recursive: true, force: true }));

describe("file store", () => {
  it("stores by SHA-256 under its first two hex digits, once per content", async () => {
    const bytes = Buffer.from("%PDF-1.7 hello");
    const hash = sha256Hex(bytes);
    expect(await storeFile(filesDir, bytes)).toEqual({ sha256: hash, created: true });
    expect(await storeFile(filesDir, bytes)).toEqual({ sha256: hash, created: false });
    expect(await listStoredFiles(filesDir)).toEqual([path.join(hash.slice(0, 2), hash)]);
    expect(await readFile(storedFilePath(filesDir, hash))).toEqual(bytes);
  });

  it("leaves no temporary file behind, even when writes race", async () => {
    const bytes = Buffer.from("same content, many writers");
    await Promise.all(Array.from({ length: 8 }, () => storeFile(filesDir, bytes)));
    const folder = sha256Hex(bytes).slice(0, 2);
    expect(await readdir(path.join(filesDir, folder))).toEqual([sha256Hex(bytes)]);
  });

  it("streams a stored file back; a missing one is a 500 with a clear code; removal is idempotent", async () => {
    const { sha256 } = await storeFile(filesDir, Buffer.from("abc"));
    const chunks: Buffer[] = [];
    for await (const chunk of await openStoredFile(filesDir, sha256)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("abc");
    await removeStoredFile(filesDir, sha256);
    await removeStoredFile(filesDir, sha256);
    await expect(openStoredFile(filesDir, sha256)).rejects.toMatchObject({
      status: 500,
      code: "attachment_file_missing",
    });
  });

  it("refuses anything but a SHA-256 as a file name (no path traversal)", () => {
    expect(() => storedFilePath(filesDir, "../../etc/passwd")).toThrow(RangeError);
    expect(() => storedFilePath(filesDir, "A".repeat(64))).toThrow(RangeError);
  });

  it("answers 503 附件存储未配置 without a folder", () => {
    expect(() => requireFilesDir(undefined)).toThrow(expect.objectContaining({ status: 503 }));
    expect(() => requireFilesDir("")).toThrow(/附件存储未配置/);
    expect(requireFilesDir(filesDir)).toBe(filesDir);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/**
 * A new folder under the system temp folder (`prefix` + random suffix), removed with everything in it
 * when the current test finishes, passed or failed. Call inside a test (not a hook). The run checks
 * that the temp folder is left empty (scripts/test-temporary-folder.mjs).
 */
export async function createTestFolder(prefix = "tuanwu-test-"): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

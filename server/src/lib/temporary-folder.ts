import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * A new, empty folder for one upload or export in progress, inside `base` (the data folder's `tmp/`,
 * created when missing) or the system temp folder when the app runs without a data folder (tests).
 * The caller removes it when done; whatever a killed process left behind is removed at the next start
 * by `cleanTemporaryFolder`.
 */
export async function createTemporaryFolder(base: string | undefined, prefix: string): Promise<string> {
  const parent = base ?? os.tmpdir();
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, prefix));
}

/**
 * Empties the data folder's `tmp/` at server start (uploads a killed process left behind hold real names
 * and citizen IDs). With `olderThanMs`, only entries last modified longer ago are removed (PostgreSQL:
 * another server sharing the data folder may be mid-import). Creates the folder when missing.
 * Returns the names removed.
 */
export async function cleanTemporaryFolder(
  folder: string,
  options: { olderThanMs?: number; now?: number } = {},
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const cutoff = (options.now ?? Date.now()) - (options.olderThanMs ?? 0);
  const removed: string[] = [];
  for (const name of await readdir(folder)) {
    const entry = path.join(folder, name);
    if (options.olderThanMs !== undefined) {
      const modified = await stat(entry).then(
        (stats) => stats.mtimeMs,
        () => undefined,
      );
      if (modified === undefined || modified > cutoff) continue;
    }
    await rm(entry, { recursive: true, force: true });
    removed.push(name);
  }
  return removed.sort();
}

import path from "node:path";
import lockfile from "proper-lockfile";

/** Raised when another process (typically the running server) holds the data folder. */
export class DataFolderLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `数据目录 ${dataDir} 正被另一个 tuanwu 进程使用（例如正在运行的服务器）。请先停止该进程再试，` +
        `或设置 DATABASE_URL 使用 PostgreSQL。\nThe data folder ${dataDir} is in use by another tuanwu ` +
        "process (for example the running server). Stop it first, or set DATABASE_URL to use PostgreSQL.",
    );
    this.name = "DataFolderLockedError";
  }
}

export interface DataFolderLock {
  release(): Promise<void>;
}

/**
 * Takes an exclusive lock on a data folder (PGlite has none of its own, and two processes on one
 * folder corrupt it: pglite issues #1106, #709, #327). The lock is a `tuanwu.lock` directory inside
 * the folder, refreshed every 10 s; one older than 60 s is stale (its process died) and is taken over.
 * The margin is wide because PGlite runs in the process's own thread: a long statement on a busy
 * machine (a migration at load 20 took 29 s) keeps the refresh timer from running, and a 15 s
 * threshold then declared the live server's lock stale. Releasing a lock that was nevertheless
 * taken over is not an error (the folder is closed either way).
 * Errors: DataFolderLockedError when the lock is held.
 */
export async function acquireDataFolderLock(dataDir: string): Promise<DataFolderLock> {
  try {
    const release = await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, "tuanwu.lock"),
      stale: 60_000,
      update: 10_000,
      realpath: false,
      onCompromised: (error) => {
        console.error(`tuanwu: the data folder lock was compromised: ${error.message}`);
      },
    });
    return {
      release: () =>
        release().catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ERELEASED") throw error;
        }),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DataFolderLockedError(dataDir);
    throw error;
  }
}

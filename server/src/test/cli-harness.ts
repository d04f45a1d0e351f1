import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { runCli } from "../cli/commands";
import { type Database, openDatabase } from "../db/database";
import { createEmptyTestCounty } from "./factories";

/** What one in-process `tuanwu` run printed and the exit code it set. */
export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The data folder a CLI test file runs against, and a way to read its database. */
export interface CliDataFolder {
  /** The folder's path (set in beforeAll; call it inside tests or hooks). */
  dataDir(): string;
  /** Opens the folder's database, runs `read` on it and closes it again. */
  readDatabase<T>(read: (db: Database) => Promise<T>): Promise<T>;
}

/**
 * Sets up a CLI test file: before all tests a fresh PGlite data folder under the OS temp directory
 * (named `prefix` + random suffix), migrated, with the empty test county (createEmptyTestCounty);
 * DATABASE_URL is set aside and TUANWU_DATA_DIR points at the folder, so `tuanwu` commands use the
 * embedded engine. After each test the exit code is reset; after all, the environment is restored
 * and the folder removed. Call once at the top level of the test file.
 */
export function useCliDataFolder(prefix: string): CliDataFolder {
  let dataDir: string | undefined;
  const savedEnvironment = {
    DATABASE_URL: process.env.DATABASE_URL,
    TUANWU_DATA_DIR: process.env.TUANWU_DATA_DIR,
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
    delete process.env.DATABASE_URL;
    process.env.TUANWU_DATA_DIR = dataDir;
    const handle = await openDatabase({ dataDir });
    await handle.migrate();
    await createEmptyTestCounty(handle.db);
    await handle.close();
  });
  afterEach(() => {
    process.exitCode = 0;
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(savedEnvironment)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const folder = (): string => {
    if (!dataDir) throw new Error("the CLI data folder is created in beforeAll");
    return dataDir;
  };
  return {
    dataDir: folder,
    async readDatabase(read) {
      const handle = await openDatabase({ dataDir: folder() });
      try {
        return await read(handle.db);
      } finally {
        await handle.close();
      }
    },
  };
}

/** Runs `tuanwu ...args` in process (runCli), returning stdout, stderr and the exit code. */
export async function runTuanwu(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi
    .spyOn(console, "log")
    .mockImplementation((...parts: unknown[]) => void out.push(parts.join(" ")));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((...parts: unknown[]) => void err.push(parts.join(" ")));
  process.exitCode = 0;
  try {
    await runCli(new Command(), ["node", "tuanwu", ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: out.join("\n"), stderr: err.join("\n"), exitCode };
}

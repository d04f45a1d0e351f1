import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/test-database";
import { DataFolderLockedError } from "./data-folder-lock";
import { type DatabaseHandle, openDatabase } from "./database";
import { queryRows } from "./sql-result";

/** Always PGlite in a temporary folder: the lock protects PGlite's data folder (DATABASE_URL plays no part). */
describe("openDatabase with a data folder", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tuanwu-lock-test-"));
  const opened: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of opened) await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second opener of the same folder, and allows it again after close()", async () => {
    const first = await openDatabase({ dataDir });
    opened.push(first);
    expect(first.engine).toBe("pglite");
    expect(first.location).toBe(dataDir);
    await first.migrate();
    await first.exec("create table lock_probe (value text); insert into lock_probe values ('kept')");

    const second = openDatabase({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(second).rejects.toThrow(dataDir);

    await first.close();
    await first.close(); // idempotent
    const reopened = await openDatabase({ dataDir });
    opened.push(reopened);
    const rows = await queryRows<{ value: string }>(reopened.db, sql`select value from lock_probe`);
    expect(rows).toEqual([{ value: "kept" }]);
  });

  it("refuses the same folder given by another path spelling", async () => {
    const spelledDifferently = path.join(dataDir, "..", path.basename(dataDir));
    await expect(openDatabase({ dataDir: spelledDifferently })).rejects.toBeInstanceOf(DataFolderLockedError);
  });
});

describe.runIf(process.env.DATABASE_URL)("openDatabase with DATABASE_URL", () => {
  it("survives the server ending its idle connections, and reconnects", async () => {
    const handle = await createTestDatabase();
    try {
      await handle.db.execute(sql`select 1`);
      const [{ name } = { name: "" }] = await queryRows<{ name: string }>(
        handle.db,
        sql`select current_database() as name`,
      );
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [name],
      );
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await queryRows<{ answer: number }>(handle.db, sql`select 42 as answer`);
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await handle.close();
    }
  });
});

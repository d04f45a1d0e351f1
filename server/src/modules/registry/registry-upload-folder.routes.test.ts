import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import type { DatabaseHandle } from "../../db/database";
import { createTestCounty, createTestUser, logInAs } from "../../test/factories";
import { buildRegistryWorkbook, multipartFile, registryRow } from "../../test/registry-factories";
import { createTestDatabase } from "../../test/test-database";
import { createTestFolder } from "../../test/test-folder";

/**
 * Where an uploaded workbook lives while it is imported (issue 17 part 4: after a kill -9 mid-import the
 * workbook, real names and citizen IDs, stayed in the system temp folder): in the app's `tempDir` —
 * `<data folder>/tmp`, emptied at start (server.ts) — and removed when the request ends.
 */

let handle: DatabaseHandle;
let countyId: number;

beforeAll(async () => {
  handle = await createTestDatabase();
  const tree = await createTestCounty(handle.db);
  countyId = tree.county.id;
  await createTestUser(handle.db, "county", "org_admin", tree.county.id);
});
afterAll(async () => handle?.close());

describe("POST /organizations/{id}/member-imports: the upload's folder", () => {
  it("is inside tempDir while the import runs, and removed afterwards", async () => {
    const tempDir = path.join(await createTestFolder(), "data", "tmp");
    const app = await buildApp({
      db: handle.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false, tempDir },
    });
    try {
      const county = await logInAs(app, "county");
      const rows = Array.from({ length: 500 }, (_, index) => registryRow(1_000 + index));
      const body = multipartFile(await buildRegistryWorkbook({ rows }));
      const seen = new Set<string>();
      const watcher = setInterval(() => {
        void readdir(tempDir, { recursive: true }).then(
          (entries) => {
            for (const entry of entries) seen.add(entry);
          },
          () => undefined,
        );
      }, 2);
      const response = await app
        .inject({
          method: "POST",
          url: `/api/v1/organizations/${countyId}/member-imports?dryRun=true`,
          payload: body.payload,
          headers: { ...body.headers, ...county.headers },
        })
        .finally(() => clearInterval(watcher));
      expect(response.statusCode).toBe(200);
      expect(response.json().rows).toBe(500);
      expect([...seen].some((entry) => /^import-[^/]+\/upload\.xlsx$/.test(entry))).toBe(true);
      expect(await readdir(tempDir)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

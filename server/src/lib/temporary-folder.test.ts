import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestFolder } from "../test/test-folder";
import { cleanTemporaryFolder, createTemporaryFolder } from "./temporary-folder";

/** The data folder's tmp/ (issue 17 part 4: an import killed mid-way left its workbook in the system temp folder). */
describe("cleanTemporaryFolder", () => {
  it("removes everything a killed process left (files and folders), and creates a missing folder", async () => {
    const tempDir = path.join(await createTestFolder(), "tmp");
    expect(await cleanTemporaryFolder(tempDir)).toEqual([]);
    expect(await readdir(tempDir)).toEqual([]);
    await mkdir(path.join(tempDir, "import-abc"));
    await writeFile(path.join(tempDir, "import-abc", "upload.xlsx"), "real names and citizen IDs");
    await writeFile(path.join(tempDir, "stray"), "x");
    expect(await cleanTemporaryFolder(tempDir)).toEqual(["import-abc", "stray"]);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("with olderThanMs keeps what another server may still be using", async () => {
    const tempDir = await createTestFolder();
    const now = Date.now();
    await mkdir(path.join(tempDir, "old"));
    await utimes(path.join(tempDir, "old"), new Date(now - 7_200_000), new Date(now - 7_200_000));
    await mkdir(path.join(tempDir, "young"));
    expect(await cleanTemporaryFolder(tempDir, { olderThanMs: 3_600_000, now })).toEqual(["old"]);
    expect(await readdir(tempDir)).toEqual(["young"]);
  });
});

describe("createTemporaryFolder", () => {
  it("makes a new folder inside the given one, creating it when missing", async () => {
    const base = path.join(await createTestFolder(), "data", "tmp");
    const first = await createTemporaryFolder(base, "import-");
    const second = await createTemporaryFolder(base, "import-");
    expect(path.dirname(first)).toBe(base);
    expect(first).not.toBe(second);
    expect((await readdir(base)).sort()).toEqual([path.basename(first), path.basename(second)].sort());
  });
});

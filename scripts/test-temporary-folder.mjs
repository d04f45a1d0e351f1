// Vitest global setup (vitest.config.ts): every test must remove the temporary files and folders it
// creates (issue 17 part 6: one run used to leave dozens of data folders behind). The run gets a
// temporary folder of its own — TMPDIR, which os.tmpdir() reads and the test workers inherit — and at
// the end the run fails, naming them, if anything is left in it.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Points TMPDIR at a new folder; returns the teardown that checks it is empty and removes it. */
export default function setup() {
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(path.join(os.tmpdir(), "tuanwu-vitest-"));
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    // `tmp-<pid>-*`: ExcelJS's streaming reader copies a worksheet that comes before the workbook's
    // index to a file of the `tmp` package, which removes it when the process exits — but Vitest may end
    // a worker without an exit handler running. Those are the library's; everything else is a test's.
    const left = readdirSync(folder).filter((name) => !/^tmp-\d+-/.test(name));
    rmSync(folder, { recursive: true, force: true });
    if (left.length > 0) {
      // A throw here is only logged by Vitest ("error during close"): set the exit code as well.
      process.exitCode = 1;
      console.error(
        `\nFAIL: the tests left ${left.length} entries in the temporary folder (every test removes what it ` +
          `creates): ${left.slice(0, 20).join(", ")}`,
      );
    }
  };
}

// Vitest global setup of the browser tests (e2e/vitest.config.ts): seeds the demo county ONCE per run
// into a data folder, which each test file's server then starts on a copy of (startTuanwu in
// ./harness.ts). Every file used to start on an empty folder and seed the demo itself — about a minute
// each, most of the browser tests' time. Each file still gets a server and a database of its own.
import { SEEDED_DATA_VARIABLE, seedDemoDataFolder } from "./harness";

export default async function setup(): Promise<() => void> {
  const seeded = await seedDemoDataFolder();
  process.env[SEEDED_DATA_VARIABLE] = seeded.folder;
  return () => {
    delete process.env[SEEDED_DATA_VARIABLE];
    seeded.remove();
  };
}

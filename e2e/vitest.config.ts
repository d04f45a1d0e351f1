import { defineConfig } from "vitest/config";

/** Browser tests: the real server (npm start's path) driven through Debian's Chromium. */
export default defineConfig({
  test: {
    root: "e2e",
    include: ["**/*.e2e.test.ts"],
    // Seeds the demo once per run; each file's server starts on a copy of that data folder.
    globalSetup: ["global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});

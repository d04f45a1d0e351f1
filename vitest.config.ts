import { defineConfig } from "vitest/config";

/** Unit and route tests (domain, server, the benchmark data generator). Browser tests live in e2e/ with their own config. */
export default defineConfig({
  test: {
    // A temporary folder of the run's own, checked to be empty at the end (scripts/test-temporary-folder.mjs).
    globalSetup: ["./scripts/test-temporary-folder.mjs"],
    projects: [
      { test: { name: "domain", root: "domain", include: ["src/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "server",
          root: "server",
          include: ["src/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // Only the fast tests of the benchmark tools (the benchmarks themselves are run by hand).
      { test: { name: "bench", root: "bench", include: ["province/**/*.test.ts"], environment: "node" } },
    ],
  },
});

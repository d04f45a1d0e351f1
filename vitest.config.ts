import { availableParallelism } from "node:os";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Test files run in parallel, one per worker process. Vitest's default is cores − 1, which is ONE worker
// on CI's 2 cores: the PGlite run (CPU-bound: PGlite's WASM runs in the worker) then left a core idle.
// At least 2 workers; more cores keep Vitest's default. Every file has its own database (a PGlite in
// memory, or a database of its own on PostgreSQL), temporary folders (mkdtemp) and no fixed port, so
// files do not depend on running alone. VITEST_MAX_WORKERS=N (or --maxWorkers=N) overrides it for a run.
// CONTRIBUTING.md "Two test files at once".
const TEST_WORKERS = Math.max(2, availableParallelism() - 1);

/** Unit and route tests (domain, server, web components in a DOM, the benchmark data generator). Browser tests live in e2e/ with their own config. */
export default defineConfig({
  test: {
    maxWorkers: TEST_WORKERS,
    // A temporary folder of the run's own, checked to be empty at the end (scripts/test-temporary-folder.mjs).
    globalSetup: ["./scripts/test-temporary-folder.mjs"],
    projects: [
      { test: { name: "domain", root: "domain", include: ["src/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "server",
          root: "server",
          include: ["src/**/*.test.ts"],
          // Migrates one database per run, which each test file's database is a copy of.
          globalSetup: ["src/test/migrated-database.global-setup.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // Components and hooks rendered with Testing Library in happy-dom (no server: API calls are stubbed).
      {
        plugins: [react()],
        test: {
          name: "web",
          root: "web",
          include: ["src/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
          setupFiles: ["src/test/setup.ts"],
          // antd renders slowly in a DOM emulation on a shared 2-core machine (a first render takes ~2 s).
          testTimeout: 30_000,
        },
      },
      // Only the fast tests of the benchmark tools (the benchmarks themselves are run by hand).
      { test: { name: "bench", root: "bench", include: ["province/**/*.test.ts"], environment: "node" } },
    ],
  },
});

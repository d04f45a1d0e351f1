import { defineConfig } from "vitest/config";

/** Unit and route tests (domain, server). Browser tests live in e2e/ with their own config. */
export default defineConfig({
  test: {
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
    ],
  },
});

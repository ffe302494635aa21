import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e tests spawn git, kubectl and node; two cores on CI
    pool: "forks",
    // Each run gets its own temp dir, and exits 1 naming anything a test left in it (test/helpers/tmpdir-guard.ts).
    globalSetup: ["./test/helpers/tmpdir-guard.ts"],
    reporters: ["default", "./test/helpers/plain-summary-reporter.ts"],
  },
});

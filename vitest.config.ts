import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Says once that the browser (PostgreSQL) suites are skipped when no Chromium (PostgreSQL) is found.
    globalSetup: ["test/setup/chromium-notice.ts", "test/setup/postgres-notice.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores in CI: keep workers to what the machine has.
    maxWorkers: 2,
    // A missing golden file fails every run, not only under CI; \`vitest -u\` writes it.
    update: "none",
    // The JSON report lets .ci/run print the plain closing line `N passed, N failed`.
    reporters: ["default", "json"],
    outputFile: { json: "test-artifacts/vitest-results.json" },
  },
});

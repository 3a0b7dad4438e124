import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    pool: "forks",
    maxWorkers: 2,
    reporters: process.env.VITEST_JSON_OUTPUT
      ? ["default", ["json", { outputFile: process.env.VITEST_JSON_OUTPUT }]]
      : ["default"],
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/setup/global-postgres.ts", "test/setup/global-web-build.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      "web/vitest.config.ts",
    ],
  },
});

import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobRuntime, startJobRuntime } from "../../src/app/backtests/job-runtime.ts";
import { eventually } from "../helpers/eventually.ts";
import { type RunningCli, runCli, spawnCli } from "../helpers/run-cli.ts";
import { asDatabaseRuntime, createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const SHARED = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

describe("hlbot worker", () => {
  let database: TestDatabase;
  let jobs: JobRuntime;
  const workers: RunningCli[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    const runtime = asDatabaseRuntime(database);
    jobs = await startJobRuntime(runtime, pino({ level: "silent" }), {
      workerConcurrency: 0,
      folders: { shared: SHARED, uploads: SHARED },
    });
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await jobs?.stop();
    await database?.drop();
  });

  it("two worker processes share one queue and no backtest runs twice", async () => {
    const ids: string[] = [];
    for (const [index, fast] of [5, 8, 10, 12, 15, 20].entries()) {
      const created = await jobs.backtests.create(
        {
          strategy: "sma-cross",
          params: { fast, slow: 40 + index },
          dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
          cash: 1_000_000,
        },
        null,
      );
      ids.push(created.id);
    }
    for (let index = 0; index < 2; index++)
      workers.push(spawnCli(["worker", "--concurrency", "1"], { DATABASE_URL: database.url }));
    await eventually(
      async () => {
        const rows = await database.connection.database.selectFrom("backtests").select("status").execute();
        return rows.length === ids.length && rows.every((row) => row.status === "completed");
      },
      { timeoutMs: 120_000, message: "the workers did not finish the queue" },
    );
    const rows = await database.connection.database
      .selectFrom("backtests")
      .select(["attempts", "worker"])
      .execute();
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.worker)).size).toBe(2);
    for (const worker of workers) {
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    }
  });

  it("rejects a bad concurrency", async () => {
    const result = await runCli(["worker", "--concurrency", "0"], { DATABASE_URL: database.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--concurrency");
  });
});

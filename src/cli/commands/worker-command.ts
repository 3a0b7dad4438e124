import type { Command } from "commander";
import { startJobRuntime } from "../../app/backtests/job-runtime.ts";
import { openDatabase } from "../../app/database-runtime.ts";
import { applyMigrations } from "../../app/migrations.ts";
import { ValidationError } from "../../core/errors.ts";
import { serviceContext } from "../context.ts";

/** `hlbot worker --concurrency N`: takes backtest jobs from the queue until SIGINT/SIGTERM. */
export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description(
      "run backtest, sweep and report jobs from the PostgreSQL queue (any machine that reaches the database); stops on SIGINT/SIGTERM",
    )
    .option("--concurrency <n>", "backtests run at once (threads)", "1")
    .action(async (options: { concurrency: string }) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new ValidationError(
          `--concurrency must be a whole number from 1 to 64, got ${options.concurrency}`,
          {
            field: "concurrency",
          },
        );
      }
      const { config, logger } = serviceContext();
      const database = await openDatabase(config, logger);
      await applyMigrations(database.connection.database);
      const jobs = await startJobRuntime(database, logger, { workerConcurrency: concurrency });
      process.stderr.write(
        `hlbot worker running ${concurrency} backtest(s) at a time (${database.description})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          jobs
            .stop()
            .then(() => database.close())
            .finally(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

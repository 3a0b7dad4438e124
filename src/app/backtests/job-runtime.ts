import type PgBoss from "pg-boss";
import type { Logger } from "../../core/logger.ts";
import { type BacktestWorker, startBacktestWorker, startJobQueue } from "../../jobs/index.ts";
import type { DatabaseRuntime } from "../database-runtime.ts";
import { threadBacktestExecutor } from "./backtest-executor.ts";
import { BacktestService } from "./backtest-service.ts";
import { type DatasetFolders, defaultDatasetFolders } from "./datasets.ts";

/** The job queue, the backtest service and (optionally) a worker taking jobs in this process. */
export interface JobRuntime {
  readonly boss: PgBoss;
  readonly backtests: BacktestService;
  readonly folders: DatasetFolders;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the database and, with `workerConcurrency` > 0, a worker that runs backtests in
 * threads. `npm start` runs one in-process worker; `hlbot worker` runs more anywhere.
 */
export async function startJobRuntime(
  database: DatabaseRuntime,
  logger: Logger,
  options: { workerConcurrency: number; folders?: DatasetFolders },
): Promise<JobRuntime> {
  const folders = options.folders ?? defaultDatasetFolders();
  const boss = await startJobQueue(database.url, logger);
  let worker: BacktestWorker | undefined;
  if (options.workerConcurrency > 0) {
    worker = await startBacktestWorker({
      boss,
      database: database.connection.database,
      logger,
      execute: threadBacktestExecutor(folders),
      concurrency: options.workerConcurrency,
    });
  }
  return {
    boss,
    backtests: new BacktestService(database.connection.database, boss, folders),
    folders,
    stop: async () => {
      await worker?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}

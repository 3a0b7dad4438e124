import type PgBoss from "pg-boss";
import type { Logger } from "../../core/logger.ts";
import { type BacktestWorker, startBacktestWorker, startJobQueue } from "../../jobs/index.ts";
import type { DatabaseRuntime } from "../database-runtime.ts";
import { ReportJobService, startReportWorker } from "../reports/report-jobs.ts";
import { threadBacktestExecutor } from "./backtest-executor.ts";
import { BacktestService } from "./backtest-service.ts";
import { type DatasetFolders, defaultDatasetFolders } from "./datasets.ts";
import { SweepService } from "./sweep-service.ts";

/** The job queue, the backtest service and (optionally) a worker taking jobs in this process. */
export interface JobRuntime {
  readonly boss: PgBoss;
  readonly backtests: BacktestService;
  /** Parameter sweeps (one backtest job per combination). */
  readonly sweeps: SweepService;
  /** Performance reports computed as jobs. */
  readonly reports: ReportJobService;
  readonly folders: DatasetFolders;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the database and, with `workerConcurrency` > 0, workers that run backtests (and so
 * sweeps) in threads and compute report jobs. `npm start` runs one in-process worker; `hlbot worker`
 * runs more anywhere.
 */
export async function startJobRuntime(
  database: DatabaseRuntime,
  logger: Logger,
  options: { workerConcurrency: number; folders?: DatasetFolders },
): Promise<JobRuntime> {
  const folders = options.folders ?? defaultDatasetFolders();
  const boss = await startJobQueue(database.url, logger);
  await ReportJobService.prepare(boss);
  let worker: BacktestWorker | undefined;
  let reportWorker: { stop(): Promise<void> } | undefined;
  if (options.workerConcurrency > 0) {
    reportWorker = await startReportWorker({ boss, database: database.connection.database, logger });
    worker = await startBacktestWorker({
      boss,
      database: database.connection.database,
      logger,
      execute: threadBacktestExecutor(folders),
      concurrency: options.workerConcurrency,
    });
  }
  const backtests = new BacktestService(database.connection.database, boss, folders);
  return {
    boss,
    backtests,
    sweeps: new SweepService(database.connection.database, boss, folders, backtests),
    reports: new ReportJobService(database.connection.database, boss),
    folders,
    stop: async () => {
      await worker?.stop();
      await reportWorker?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}

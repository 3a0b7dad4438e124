import { hostname } from "node:os";
import { sql } from "kysely";
import PgBoss from "pg-boss";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../storage/index.ts";

/** The pg-boss queue of backtests. */
export const BACKTEST_QUEUE = "backtest";
/** A running backtest whose worker has not written for this long is marked failed. */
export const STALE_AFTER_MS = 30_000;
/** Channel on which progress and completion are announced (payload: the backtest id). */
export const BACKTEST_CHANNEL = "hlbot_backtest";

/** Channel on which a running backtest's new trades and equity are announced (payload: JSON). */
export const BACKTEST_STREAM_CHANNEL = "hlbot_backtest_stream";
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; stream payloads stay below this. */
const STREAM_PAYLOAD_LIMIT = 7_500;

/** New results of a running backtest since its last update. */
export interface BacktestStreamUpdate {
  /** Trades closed since the last update, oldest first (as in the results document). */
  trades: unknown[];
  /** Equity at the last completed bar: bar open time (ms UTC) and value (quote currency). */
  equity: { time: number; value: number } | null;
  /** Trades closed since the last update but not sent (the complete list comes with the results). */
  omitted: number;
}

/** What a stream notification carries: (part of) an update and its backtest. */
export interface BacktestStreamMessage extends BacktestStreamUpdate {
  id: string;
}

/** What a job carries: only the id; the configuration lives in the `backtests` row. */
export interface BacktestJobData {
  backtestId: string;
}

/** Hooks a running backtest reports through. */
export interface BacktestRunHooks {
  /** Progress 0-1; throttled writes happen in the queue. */
  progress(fraction: number): void;
  /** New trades and equity while running (optional; announced to every API replica). */
  stream?(update: BacktestStreamUpdate): void;
  /** Resolves when the backtest was cancelled (the executor then stops within a second). */
  readonly cancelled: Promise<void>;
}

/** Runs one backtest configuration; resolves with the results document or rejects with a reason. */
export type BacktestExecutor = (config: unknown, hooks: BacktestRunHooks) => Promise<unknown>;

/** Starts pg-boss on the application database (its own schema `pgboss`) and makes sure the queue exists. */
export async function startJobQueue(connectionString: string, logger: Logger): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 4 });
  boss.on("error", (error: Error) =>
    logger.error({ err: error, event: "job_queue_error" }, "job queue error"),
  );
  await boss.start();
  await boss.createQueue(BACKTEST_QUEUE, {
    name: BACKTEST_QUEUE,
    retryLimit: 0,
    expireInSeconds: 6 * 3600,
  } as PgBoss.Queue);
  return boss;
}

/** Queues a stored backtest; returns the job id (also written to the row). */
export async function enqueueBacktest(boss: PgBoss, database: Database, backtestId: string): Promise<string> {
  const jobId = await boss.send(BACKTEST_QUEUE, { backtestId } satisfies BacktestJobData, { retryLimit: 0 });
  if (!jobId) throw new Error("the job queue refused the backtest");
  await database.updateTable("backtests").set({ job_id: jobId }).where("id", "=", backtestId).execute();
  // Announce the queued run at once, and wake this process's worker instead of waiting for its next poll.
  await notify(database, backtestId);
  for (const workerId of localWorkers.get(boss) ?? []) boss.notifyWorker(workerId);
  return jobId;
}

/** Worker ids polling in this process, per queue client (to wake them when a job is queued here). */
const localWorkers = new WeakMap<PgBoss, string[]>();

async function notify(database: Database, backtestId: string): Promise<void> {
  await sql`SELECT pg_notify(${BACKTEST_CHANNEL}, ${backtestId})`.execute(database);
}

/**
 * Announces new trades and equity of a running backtest on {@link BACKTEST_STREAM_CHANNEL}, in as many
 * notifications as PostgreSQL's payload limit needs (the last one carries the equity). A single trade
 * too large for a notification is left out and counted in `omitted`.
 */
export async function notifyStream(
  database: Database,
  backtestId: string,
  update: BacktestStreamUpdate,
): Promise<void> {
  const empty = (): BacktestStreamMessage => ({ id: backtestId, trades: [], equity: null, omitted: 0 });
  const base = JSON.stringify({ ...empty(), equity: update.equity, omitted: update.omitted }).length;
  const messages = [empty()];
  let size = base;
  let omitted = update.omitted;
  for (const trade of update.trades) {
    const length = JSON.stringify(trade).length + 1;
    if (base + length > STREAM_PAYLOAD_LIMIT) {
      omitted += 1;
      continue;
    }
    if (size + length > STREAM_PAYLOAD_LIMIT) {
      messages.push(empty());
      size = base;
    }
    (messages.at(-1) as BacktestStreamMessage).trades.push(trade);
    size += length;
  }
  const last = messages.at(-1) as BacktestStreamMessage;
  last.equity = update.equity;
  last.omitted = omitted;
  for (const message of messages) {
    await sql`SELECT pg_notify(${BACKTEST_STREAM_CHANNEL}, ${JSON.stringify(message)})`.execute(database);
  }
}

/**
 * Marks running backtests whose worker stopped writing (died, lost its database) as failed with a
 * reason, so none stays `running` forever. Returns how many were marked.
 */
export async function failStaleBacktests(database: Database, now = new Date()): Promise<number> {
  const stale = await database
    .updateTable("backtests")
    .set({
      status: "failed",
      error: `worker stopped: no progress for ${STALE_AFTER_MS / 1000} s`,
      finished_at: now,
      updated_at: now,
    })
    .where("status", "=", "running")
    .where("updated_at", "<", new Date(now.getTime() - STALE_AFTER_MS))
    .returning("id")
    .execute();
  for (const row of stale) await notify(database, row.id);
  return stale.length;
}

/** A running worker. */
export interface BacktestWorker {
  /** Stops taking jobs and waits for the running ones to finish or be abandoned. */
  stop(): Promise<void>;
}

/**
 * Takes backtests from the queue, `concurrency` at a time, on any machine that reaches the database.
 * Each run claims its row atomically (pending → running, attempts + 1), writes progress at most every
 * 250 ms plus a heartbeat every second, polls for cancellation every 250 ms, and ends completed, failed
 * (with the reason) or cancelled. Every 10 s it fails stale runs of dead workers.
 */
export async function startBacktestWorker(options: {
  boss: PgBoss;
  database: Database;
  logger: Logger;
  execute: BacktestExecutor;
  concurrency?: number;
  name?: string;
}): Promise<BacktestWorker> {
  const { boss, database, logger, execute } = options;
  const worker = options.name ?? `${hostname()}:${process.pid}`;
  const running = new Set<Promise<void>>();

  const runOne = async (backtestId: string): Promise<void> => {
    const claimed = await database
      .updateTable("backtests")
      .set((builder) => ({
        status: "running",
        started_at: new Date(),
        updated_at: new Date(),
        attempts: builder("attempts", "+", 1),
        worker,
      }))
      .where("id", "=", backtestId)
      .where("status", "=", "pending")
      .returning(["config"])
      .executeTakeFirst();
    if (!claimed) return; // cancelled before it started, or already handled
    await notify(database, backtestId);
    let progress = 0;
    let written = 0;
    let streamed = Promise.resolve();
    let cancelResolve: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => {
      cancelResolve = resolve;
    });
    const timer = setInterval(() => {
      void (async () => {
        const row = await database
          .updateTable("backtests")
          .set({ progress: Math.min(1, progress), updated_at: new Date() })
          .where("id", "=", backtestId)
          .where("status", "=", "running")
          .returning("status")
          .executeTakeFirst();
        if (!row) cancelResolve();
        else if (progress !== written) {
          written = progress;
          await notify(database, backtestId);
        }
      })().catch((error: unknown) =>
        logger.warn({ err: error, event: "backtest_heartbeat_failed" }, "heartbeat failed"),
      );
    }, 250);
    try {
      const results = await execute(claimed.config, {
        progress: (fraction) => {
          progress = fraction;
        },
        stream: (update) => {
          // In order, and all announced before the run's completion.
          streamed = streamed
            .then(() => notifyStream(database, backtestId, update))
            .catch((error: unknown) =>
              logger.warn({ err: error, event: "backtest_stream_failed" }, "backtest stream notify failed"),
            );
        },
        cancelled,
      });
      await streamed;
      await database
        .updateTable("backtests")
        .set({
          status: "completed",
          progress: 1,
          results: JSON.stringify(results),
          finished_at: new Date(),
          updated_at: new Date(),
        })
        .where("id", "=", backtestId)
        .where("status", "=", "running")
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await database
        .updateTable("backtests")
        .set({
          status: "failed",
          error: message.slice(0, 2000),
          finished_at: new Date(),
          updated_at: new Date(),
        })
        .where("id", "=", backtestId)
        .where("status", "=", "running")
        .execute();
      logger.warn({ event: "backtest_failed", backtestId, reason: message }, "backtest failed");
    } finally {
      clearInterval(timer);
      await notify(database, backtestId).catch(() => undefined);
    }
  };

  const concurrency = Math.max(1, options.concurrency ?? 1);
  const workerId = await boss.work<BacktestJobData>(
    BACKTEST_QUEUE,
    { batchSize: concurrency, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      await Promise.all(
        jobs.map((job) => {
          const run = runOne(job.data.backtestId);
          running.add(run);
          return run.finally(() => running.delete(run));
        }),
      );
    },
  );
  localWorkers.set(boss, [...(localWorkers.get(boss) ?? []), workerId]);
  const reaper = setInterval(() => {
    failStaleBacktests(database).catch(() => undefined);
  }, 10_000);
  return {
    stop: async () => {
      clearInterval(reaper);
      await boss.offWork(BACKTEST_QUEUE);
      await Promise.allSettled([...running]);
    },
  };
}

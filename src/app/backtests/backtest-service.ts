import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type PgBoss from "pg-boss";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import { parseCandleCsv } from "../../data/index.ts";
import { BACKTEST_QUEUE, enqueueBacktest } from "../../jobs/index.ts";
import type { Database } from "../../storage/index.ts";
import { loadStrategyDefinition, parseStrategyParams } from "../run-backtest.ts";
import { type BacktestConfig, BacktestConfigSchema } from "./backtest-config.ts";
import { type DatasetFolders, datasetPath, ensureUploadsFolder } from "./datasets.ts";

/** A backtest's state as the API shows it. */
export interface BacktestSummary {
  id: string;
  name: string | null;
  status: "pending" | "running" | "completed" | "failed" | "cancelled";
  progress: number;
  error: string | null;
  config: BacktestConfig;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Estimated seconds left while running (from progress so far), else null. */
  etaSeconds: number | null;
  stats: Record<string, unknown> | null;
  /** What about the run is not an error but changes its meaning (see `backtestWarnings`); [] when none. */
  warnings: string[];
}

type Row = {
  id: string;
  name: string | null;
  status: BacktestSummary["status"];
  progress: number;
  error: string | null;
  config: unknown;
  results?: unknown;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

interface Results {
  stats: Record<string, unknown>;
  /** Absent in results stored before warnings existed. */
  warnings?: string[];
  trades: unknown[];
  equity: { timestamps: number[]; values: number[] };
}

function summarize(row: Row, now = Date.now()): BacktestSummary {
  const started = row.started_at?.getTime();
  const etaSeconds =
    row.status === "running" && started !== undefined && row.progress > 0.001
      ? Math.max(0, ((now - started) / row.progress) * (1 - row.progress)) / 1000
      : null;
  const results = row.results as Results | null | undefined;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    progress: row.progress,
    error: row.error,
    config: row.config as BacktestConfig,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds * 10) / 10,
    stats: results?.stats ?? null,
    warnings: results?.warnings ?? [],
  };
}

const SUMMARY_COLUMNS = [
  "id",
  "name",
  "status",
  "progress",
  "error",
  "config",
  "created_at",
  "started_at",
  "finished_at",
] as const;

/**
 * Backtests as jobs: validated configurations stored in `backtests`, queued on pg-boss, run by any
 * worker; status, progress and results are read from the database, so every API replica answers.
 */
export class BacktestService {
  constructor(
    private readonly database: Database,
    private readonly boss: PgBoss,
    private readonly folders: DatasetFolders,
  ) {}

  /**
   * Validates a configuration (schema, strategy and its params, data set), stores it and queues it.
   * @throws {ValidationError} naming the bad field; nothing is stored then.
   */
  async create(input: unknown, requestedBy: string | null): Promise<BacktestSummary> {
    const parsed = BacktestConfigSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join(".") || "body";
      throw new ValidationError(`${field}: ${issue?.message ?? "invalid"}`, { field });
    }
    const config = parsed.data;
    const definition = await loadStrategyDefinition(config.strategy);
    parseStrategyParams(
      definition,
      Object.entries(config.params).map(([key, value]) => `${key}=${value}`),
    );
    datasetPath(this.folders, config.dataset);
    const row = await this.database
      .insertInto("backtests")
      .values({ name: config.name ?? null, config: JSON.stringify(config), requested_by: requestedBy })
      .returning(SUMMARY_COLUMNS)
      .executeTakeFirstOrThrow();
    await enqueueBacktest(this.boss, this.database, row.id);
    return summarize(row as Row);
  }

  /** Newest first. */
  async list(limit = 50, offset = 0): Promise<{ backtests: BacktestSummary[]; total: number }> {
    const rows = await this.database
      .selectFrom("backtests")
      .select([...SUMMARY_COLUMNS, "results"])
      .orderBy("created_at", "desc")
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await this.database
      .selectFrom("backtests")
      .select((builder) => builder.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    return { backtests: rows.map((row) => summarize(row as Row)), total: Number(total.count) };
  }

  /** @throws {NotFoundError} */
  async get(id: string): Promise<BacktestSummary> {
    const row = await this.database
      .selectFrom("backtests")
      .select([...SUMMARY_COLUMNS, "results"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no backtest ${id}`);
    return summarize(row as Row);
  }

  /** The stored results; @throws {NotFoundError} when unknown, {ValidationError} when not completed. */
  async results(id: string): Promise<Results> {
    const row = await this.database
      .selectFrom("backtests")
      .select(["status", "results"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no backtest ${id}`);
    if (row.status !== "completed" || !row.results) {
      throw new ValidationError(`backtest ${id} is ${row.status}, not completed`, { field: "id" });
    }
    return row.results as Results;
  }

  /**
   * Cancels a pending or running backtest: the row becomes `cancelled` at once and the worker stops within
   * a second (it polls every 250 ms and terminates the run's thread). Finished ones are left as they are.
   * @throws {NotFoundError}
   */
  async cancel(id: string): Promise<BacktestSummary> {
    const updated = await this.database
      .updateTable("backtests")
      .set({ status: "cancelled", finished_at: new Date(), updated_at: new Date() })
      .where("id", "=", id)
      .where("status", "in", ["pending", "running"])
      .returning("job_id")
      .executeTakeFirst();
    if (updated?.job_id) await this.boss.cancel(BACKTEST_QUEUE, updated.job_id).catch(() => undefined);
    return await this.get(id);
  }

  /**
   * Validates an uploaded candle CSV like `hlbot candles import` and keeps it as a data set.
   * @throws {ValidationError} with the line and reason; nothing is stored then.
   */
  async upload(
    bytes: Buffer,
    fileName: string,
  ): Promise<{ id: string; rows: number; first: string | null; last: string | null }> {
    const series = parseCandleCsv(bytes, { source: fileName });
    const folder = ensureUploadsFolder(this.folders);
    const name = `${randomUUID()}.csv`;
    await writeFile(join(folder, name), bytes);
    const first = series.timestamp[0];
    const last = series.timestamp[series.length - 1];
    return {
      id: `upload:${name}`,
      rows: series.length,
      first: first === undefined ? null : new Date(first).toISOString(),
      last: last === undefined ? null : new Date(last).toISOString(),
    };
  }
}

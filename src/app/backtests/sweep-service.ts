import type PgBoss from "pg-boss";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import { enqueueBacktest } from "../../jobs/index.ts";
import type { Database } from "../../storage/index.ts";
import { loadStrategyDefinition, parseStrategyParams } from "../run-backtest.ts";
import { BacktestConfigSchema } from "./backtest-config.ts";
import type { BacktestService } from "./backtest-service.ts";
import { type DatasetFolders, datasetPath } from "./datasets.ts";

/** Statistics a sweep can rank by; for each, higher is better (drawdown is negative, so nearer 0 wins). */
export const SWEEP_RANKINGS = [
  "sharpe",
  "sortino",
  "calmar",
  "returnPct",
  "profitFactor",
  "winRatePct",
  "maxDrawdownPct",
  "sqn",
] as const;
/** Most combinations one sweep may hold. */
export const SWEEP_LIMIT = 1_000;

const ParamValue = z.union([z.number(), z.string().max(200), z.boolean()]);
const SweepFields = z.object({
  grid: z
    .record(z.string().min(1).max(100), z.array(ParamValue).min(1).max(SWEEP_LIMIT))
    .refine((grid) => Object.keys(grid).length > 0, "give at least one parameter with values to sweep"),
  rankBy: z.enum(SWEEP_RANKINGS).default("sharpe"),
});

/** A combination's place in a sweep: its params, run, status and the statistics it is ranked by. */
export interface SweepEntry {
  backtestId: string;
  params: Record<string, unknown>;
  status: string;
  /** Value of the ranking statistic (null until completed, or when the run had no trades). */
  score: number | null;
  stats: {
    returnPct: number | null;
    sharpe: number | null;
    maxDrawdownPct: number | null;
    trades: number | null;
    winRatePct: number | null;
    profitFactor: number | null;
  } | null;
}

/** A sweep with its progress and its combinations, best first (unfinished ones last). */
export interface SweepView {
  id: string;
  name: string | null;
  strategy: string;
  dataset: string;
  rankBy: string;
  combinations: number;
  skipped: Array<{ params: Record<string, unknown>; reason: string }>;
  counts: Record<"pending" | "running" | "completed" | "failed" | "cancelled", number>;
  /** Mean progress over the combinations, 0-1. */
  progress: number;
  /** `completed` once no combination is pending or running. */
  status: "running" | "completed";
  createdAt: string;
  results: SweepEntry[];
}

function cartesian(grid: Record<string, unknown[]>): Array<Record<string, unknown>> {
  let combinations: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(grid)) {
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value })));
  }
  return combinations;
}

/**
 * Parameter sweeps: one backtest job per combination of the grid, each validated against the
 * strategy's schema (invalid ones, such as fast ≥ slow, are skipped with the reason), run by any
 * worker and ranked by a statistic when read.
 */
export class SweepService {
  constructor(
    private readonly database: Database,
    private readonly boss: PgBoss,
    private readonly folders: DatasetFolders,
    private readonly backtests: BacktestService,
  ) {}

  /**
   * Validates the sweep (base configuration, grid, ranking), stores it with one backtest per valid
   * combination and queues them all.
   * @throws {ValidationError} naming the bad field (`grid` when there are more than
   * {@link SWEEP_LIMIT} combinations or none is valid); nothing is stored then.
   */
  async create(input: unknown, requestedBy: string | null): Promise<SweepView> {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new ValidationError("body: expected a JSON object", { field: "body" });
    }
    const { grid: rawGrid, rankBy: rawRankBy, ...rest } = input as Record<string, unknown>;
    const sweep = SweepFields.safeParse({ grid: rawGrid, rankBy: rawRankBy });
    if (!sweep.success) throw this.invalid(sweep.error);
    const base = BacktestConfigSchema.safeParse(rest);
    if (!base.success) throw this.invalid(base.error);
    const config = base.data;
    const combinations = cartesian(sweep.data.grid);
    if (combinations.length > SWEEP_LIMIT) {
      throw new ValidationError(
        `grid: ${combinations.length.toLocaleString("en-US")} combinations exceed the limit of ${SWEEP_LIMIT.toLocaleString("en-US")}`,
        { field: "grid" },
      );
    }
    const definition = await loadStrategyDefinition(config.strategy);
    datasetPath(this.folders, config.dataset);
    const valid: Array<Record<string, string | number | boolean>> = [];
    const skipped: Array<{ params: Record<string, unknown>; reason: string }> = [];
    for (const combination of combinations) {
      const params = { ...config.params, ...combination } as Record<string, string | number | boolean>;
      try {
        parseStrategyParams(
          definition,
          Object.entries(params).map(([key, value]) => `${key}=${value}`),
        );
        valid.push(params);
      } catch (error) {
        skipped.push({ params: combination, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (valid.length === 0) {
      throw new ValidationError(`grid: no valid combination (first: ${skipped[0]?.reason ?? "none"})`, {
        field: "grid",
      });
    }
    const ids = await this.database.transaction().execute(async (transaction) => {
      const row = await transaction
        .insertInto("backtest_sweeps")
        .values({
          name: config.name ?? null,
          config: JSON.stringify({ ...config, grid: sweep.data.grid }),
          rank_by: sweep.data.rankBy,
          combinations: valid.length,
          skipped: JSON.stringify(skipped),
          requested_by: requestedBy,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const runs = await transaction
        .insertInto("backtests")
        .values(
          valid.map((params) => ({
            name: `${config.name ?? `sweep ${row.id.slice(0, 8)}`} ${Object.entries(params)
              .map(([key, value]) => `${key}=${value}`)
              .join(" ")}`.slice(0, 200),
            config: JSON.stringify({ ...config, params }),
            requested_by: requestedBy,
            sweep_id: row.id,
          })),
        )
        .returning("id")
        .execute();
      return { sweep: row.id, runs: runs.map((run) => run.id) };
    });
    for (const id of ids.runs) await enqueueBacktest(this.boss, this.database, id);
    return await this.get(ids.sweep);
  }

  /** @throws {NotFoundError} */
  async get(id: string): Promise<SweepView> {
    const sweep = await this.database
      .selectFrom("backtest_sweeps")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!sweep) throw new NotFoundError(`no sweep ${id}`);
    const rows = await this.database
      .selectFrom("backtests")
      .select(["id", "status", "progress", "config", "results"])
      .where("sweep_id", "=", id)
      .execute();
    const rankBy = sweep.rank_by as (typeof SWEEP_RANKINGS)[number];
    const counts = { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
    let progress = 0;
    const results: SweepEntry[] = rows.map((row) => {
      counts[row.status] += 1;
      progress += row.status === "pending" || row.status === "running" ? row.progress : 1;
      const stats = (row.results as { stats?: Record<string, number | null> } | null)?.stats;
      const score = stats?.[rankBy];
      return {
        backtestId: row.id,
        params: (row.config as { params: Record<string, unknown> }).params,
        status: row.status,
        score: typeof score === "number" && Number.isFinite(score) ? score : null,
        stats: stats
          ? {
              returnPct: stats.returnPct ?? null,
              sharpe: stats.sharpe ?? null,
              maxDrawdownPct: stats.maxDrawdownPct ?? null,
              trades: stats.trades ?? null,
              winRatePct: stats.winRatePct ?? null,
              profitFactor: stats.profitFactor ?? null,
            }
          : null,
      };
    });
    results.sort((left, right) => {
      if (left.score === null || right.score === null) return left.score === null ? 1 : -1;
      return right.score - left.score;
    });
    const config = sweep.config as { strategy: string; dataset: string };
    return {
      id: sweep.id,
      name: sweep.name,
      strategy: config.strategy,
      dataset: config.dataset,
      rankBy,
      combinations: sweep.combinations,
      skipped: sweep.skipped as SweepView["skipped"],
      counts,
      progress: rows.length > 0 ? progress / rows.length : 1,
      status: counts.pending + counts.running > 0 ? "running" : "completed",
      createdAt: sweep.created_at.toISOString(),
      results,
    };
  }

  /** Cancels every pending or running combination of a sweep. @throws {NotFoundError} */
  async cancel(id: string): Promise<SweepView> {
    await this.get(id);
    const open = await this.database
      .selectFrom("backtests")
      .select("id")
      .where("sweep_id", "=", id)
      .where("status", "in", ["pending", "running"])
      .execute();
    for (const row of open) await this.backtests.cancel(row.id);
    return await this.get(id);
  }

  private invalid(error: z.ZodError): ValidationError {
    const issue = error.issues[0];
    const field = issue?.path.map(String).join(".") || "body";
    return new ValidationError(`${field}: ${issue?.message ?? "invalid"}`, { field });
  }
}

import { sql } from "kysely";
import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Database } from "../../storage/index.ts";
import { findBundledStrategy } from "../../strategies/index.ts";
import { loadStrategyDefinition, parseStrategyParams } from "../run-backtest.ts";

/** A stored strategy configuration: a bundled strategy with its parameters, under a name of its own. */
export interface StrategyConfigView {
  id: string;
  name: string;
  strategyType: string;
  description: string | null;
  params: Record<string, unknown>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

type Row = {
  id: string;
  name: string;
  strategy_type: string;
  description: string | null;
  params: unknown;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
};

const toView = (row: Row): StrategyConfigView => ({
  id: row.id,
  name: row.name,
  strategyType: row.strategy_type,
  description: row.description,
  params: (row.params ?? {}) as Record<string, unknown>,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Checks that `strategyType` is bundled and `params` pass its schema; returns the parsed params. */
async function validatedParams(
  strategyType: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!findBundledStrategy(strategyType)) {
    throw new ValidationError(`strategyType ${JSON.stringify(strategyType)} is not a bundled strategy`, {
      field: "strategyType",
    });
  }
  const definition = await loadStrategyDefinition(strategyType);
  return parseStrategyParams(
    definition,
    Object.entries(params).map(([key, value]) => `${key}=${value}`),
  ) as Record<string, unknown>;
}

/** Stored strategy configurations (create, update, enable/disable, delete when unused). */
export class StrategyConfigs {
  constructor(private readonly database: Database) {}

  async list(): Promise<StrategyConfigView[]> {
    const rows = await this.database.selectFrom("strategies").selectAll().orderBy("name").execute();
    return rows.map((row) => toView(row as Row));
  }

  /** @throws {NotFoundError} */
  async get(id: string): Promise<StrategyConfigView> {
    const row = await this.database
      .selectFrom("strategies")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no stored strategy ${id}`);
    return toView(row as Row);
  }

  /** @throws {ValidationError} for an unknown type, bad params or a taken name. */
  async create(
    input: {
      name: string;
      strategyType: string;
      params: Record<string, unknown>;
      description?: string | undefined;
    },
    createdBy: string | null,
  ): Promise<StrategyConfigView> {
    await validatedParams(input.strategyType, input.params);
    const row = await this.database
      .insertInto("strategies")
      .values({
        name: input.name,
        strategy_type: input.strategyType,
        description: input.description ?? null,
        params: JSON.stringify(input.params),
        created_by: createdBy,
      })
      .onConflict((conflict) => conflict.column("name").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ConflictError(`a strategy named ${JSON.stringify(input.name)} exists already`);
    return toView(row as Row);
  }

  /** Updates params, description or enabled; params are checked against the strategy's schema. */
  async update(
    id: string,
    changes: {
      params?: Record<string, unknown> | undefined;
      description?: string | undefined;
      enabled?: boolean | undefined;
    },
  ): Promise<StrategyConfigView> {
    const current = await this.get(id);
    if (changes.params) await validatedParams(current.strategyType, changes.params);
    const row = await this.database
      .updateTable("strategies")
      .set({
        ...(changes.params ? { params: JSON.stringify(changes.params) } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toView(row as Row);
  }

  /** Deletes an unused configuration. @throws {ConflictError} when trades or bots reference it. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    const used = await sql<{ trades: number; bots: number }>`
      SELECT (SELECT count(*) FROM trades WHERE strategy_id = ${id}) AS trades,
             (SELECT count(*) FROM bots WHERE strategy_id = ${id}) AS bots
    `.execute(this.database);
    const counts = used.rows[0];
    if (Number(counts?.trades) > 0 || Number(counts?.bots) > 0) {
      throw new ConflictError(
        `strategy ${id} is referenced by ${counts?.trades} trade(s) and ${counts?.bots} bot(s); disable it instead`,
      );
    }
    await this.database.deleteFrom("strategies").where("id", "=", id).execute();
  }

  /** Closed-trade performance of a configuration (by its trades' strategy_id). */
  async performance(id: string): Promise<{ trades: number; won: number; winRate: number; totalPnl: number }> {
    await this.get(id);
    const result = await sql<{ trades: number; won: number; pnl: string }>`
      SELECT count(*) AS trades, count(*) FILTER (WHERE pnl > 0) AS won, coalesce(sum(pnl), 0) AS pnl
      FROM trades WHERE strategy_id = ${id}
    `.execute(this.database);
    const row = result.rows[0];
    const trades = Number(row?.trades ?? 0);
    return {
      trades,
      won: Number(row?.won ?? 0),
      winRate: trades > 0 ? Number(row?.won) / trades : 0,
      totalPnl: Number(row?.pnl ?? 0),
    };
  }
}

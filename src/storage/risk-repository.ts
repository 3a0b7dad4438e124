import { sql } from "kysely";
import type { Database } from "./database.ts";

/** The readable columns of a risk state row plus the full serialised document. */
export interface RiskStateRow {
  scope: string;
  tradingState: "ACTIVE" | "REDUCED" | "HALTED" | "EMERGENCY";
  circuitBreakerTripped: boolean;
  circuitBreakerReason: string | null;
  circuitBreakerTrippedAt: Date | null;
  circuitBreakerUntil: Date | null;
  circuitBreakerTrippedBy: string | null;
  lossStreak: number;
  lossStreakUntil: Date | null;
  equityHighWater: number;
  day: string;
  dayStartEquity: number;
  /** The serialised state (restored with the risk layer's validation). */
  document: Record<string, unknown>;
}

/** Channel on which every risk state change is announced (payload: the scope). */
export const RISK_STATE_CHANNEL = "hlbot_risk_state";

/** A scope's stored state document, its revision and who tripped its breaker (if tripped). */
export interface StoredRiskState {
  document: unknown;
  revision: number;
  circuitBreakerTrippedBy: string | null;
}

/** Reads a scope's stored state and its revision. */
export async function loadRiskStateRow(
  database: Database,
  scope: string,
): Promise<StoredRiskState | undefined> {
  const row = await database
    .selectFrom("risk_state")
    .select(["state", "revision", "circuit_breaker_tripped_by"])
    .where("scope", "=", scope)
    .executeTakeFirst();
  if (!row || row.state === null) return undefined;
  return {
    document: row.state,
    revision: Number(row.revision),
    circuitBreakerTrippedBy: row.circuit_breaker_tripped_by ?? null,
  };
}

/**
 * Writes a scope's state, bumps its revision and announces it on {@link RISK_STATE_CHANNEL}, in the
 * caller's transaction when one is given. Returns the new revision.
 */
export async function saveRiskStateRow(database: Database, row: RiskStateRow): Promise<number> {
  const values = riskStateValues(row);
  const saved = await database
    .insertInto("risk_state")
    .values({ scope: row.scope, ...values, revision: 1 })
    .onConflict((conflict) =>
      conflict.column("scope").doUpdateSet({ ...values, revision: sql<number>`risk_state.revision + 1` }),
    )
    .returning("revision")
    .executeTakeFirstOrThrow();
  await sql`SELECT pg_notify(${RISK_STATE_CHANNEL}, ${row.scope})`.execute(database);
  return Number(saved.revision);
}

/**
 * Writes a scope's state only when its stored revision is still `expectedRevision` (0: no row yet), so
 * a writer never overwrites a change another process made since it read the state (optimistic
 * concurrency). Announces the change on {@link RISK_STATE_CHANNEL}.
 * @returns the new revision, or undefined when the stored revision moved on (nothing written).
 */
export async function saveRiskStateRowAtRevision(
  database: Database,
  row: RiskStateRow,
  expectedRevision: number,
): Promise<number | undefined> {
  const values = riskStateValues(row);
  const saved =
    expectedRevision === 0
      ? await database
          .insertInto("risk_state")
          .values({ scope: row.scope, ...values, revision: 1 })
          .onConflict((conflict) => conflict.column("scope").doNothing())
          .returning("revision")
          .executeTakeFirst()
      : await database
          .updateTable("risk_state")
          .set({ ...values, revision: sql<number>`risk_state.revision + 1` })
          .where("scope", "=", row.scope)
          .where("revision", "=", expectedRevision)
          .returning("revision")
          .executeTakeFirst();
  if (saved === undefined) return undefined;
  await sql`SELECT pg_notify(${RISK_STATE_CHANNEL}, ${row.scope})`.execute(database);
  return Number(saved.revision);
}

function riskStateValues(row: RiskStateRow) {
  return {
    trading_state: row.tradingState,
    circuit_breaker_tripped: row.circuitBreakerTripped,
    circuit_breaker_reason: row.circuitBreakerReason,
    circuit_breaker_tripped_at: row.circuitBreakerTrippedAt,
    circuit_breaker_until: row.circuitBreakerUntil,
    circuit_breaker_tripped_by: row.circuitBreakerTrippedBy,
    loss_streak: row.lossStreak,
    loss_streak_until: row.lossStreakUntil,
    equity_high_water: row.equityHighWater,
    day: row.day,
    day_start_equity: row.dayStartEquity,
    state: JSON.stringify(row.document),
    updated_at: new Date(),
  };
}

/** One day's metrics row. */
export interface DailyMetricsRow {
  scope: string;
  date: string;
  startingEquity: number;
  currentEquity: number;
  peakEquity: number;
  realizedPnl: number;
  unrealizedPnl: number;
  fees: number;
  funding: number;
  totalPnl: number;
  pnlPercent: number;
  trades: number;
  won: number;
  lost: number;
  maxDrawdown: number;
  maxConcurrentPositions: number;
  firstTradeAt: Date | null;
  lastTradeAt: Date | null;
  document: Record<string, unknown>;
}

/** Upserts one day's metrics. */
export async function saveDailyMetricsRow(database: Database, row: DailyMetricsRow): Promise<void> {
  const values = {
    starting_equity: row.startingEquity,
    current_equity: row.currentEquity,
    peak_equity: row.peakEquity,
    realized_pnl: row.realizedPnl,
    unrealized_pnl: row.unrealizedPnl,
    fees: row.fees,
    funding: row.funding,
    total_pnl: row.totalPnl,
    pnl_percent: row.pnlPercent,
    trades: row.trades,
    won: row.won,
    lost: row.lost,
    max_drawdown: row.maxDrawdown,
    max_concurrent_positions: row.maxConcurrentPositions,
    first_trade_at: row.firstTradeAt,
    last_trade_at: row.lastTradeAt,
    metrics: JSON.stringify(row.document),
    updated_at: new Date(),
  };
  await database
    .insertInto("risk_daily_metrics")
    .values({ scope: row.scope, date: row.date, ...values })
    .onConflict((conflict) => conflict.columns(["scope", "date"]).doUpdateSet(values))
    .execute();
}

/** The stored metrics document of one day, if any. */
export async function loadDailyMetricsDocument(
  database: Database,
  scope: string,
  date: string,
): Promise<unknown> {
  const row = await database
    .selectFrom("risk_daily_metrics")
    .select("metrics")
    .where("scope", "=", scope)
    .where("date", "=", date)
    .executeTakeFirst();
  return row?.metrics ?? undefined;
}

import {
  type DailyMetrics,
  pnlPercent,
  type RiskState,
  type RiskStateChange,
  serializeRiskState,
  totalPnl,
  utcDate,
} from "../../risk/index.ts";
import {
  type DailyMetricsRow,
  type Database,
  type RiskStateRow,
  saveDailyMetricsRow,
  saveRiskStateRowAtRevision,
  writeAudit,
} from "../../storage/index.ts";

/** Who caused a risk change, for the audit log. */
export interface RiskActor {
  actor: string;
  ip?: string;
}

/** The risk manager itself (automatic trips, expiries, day rolls). */
export const RISK_MANAGER: RiskActor = Object.freeze({ actor: "risk-manager" });

/** What one write stores: the state, its audited changes and the daily metrics rows. */
export interface RiskWriteBatch {
  readonly scope: string;
  readonly state: RiskState;
  /** Who tripped the breaker in force (null when armed). */
  readonly breakerActor: string | null;
  readonly changes: ReadonlyArray<{ change: RiskStateChange; actor: RiskActor }>;
  /** Metrics to upsert (finished days first, then today). */
  readonly metrics: readonly DailyMetrics[];
  /** Revision the state was read at (0: no row yet). */
  readonly expectedRevision: number;
}

/**
 * Writes a batch in one transaction: the state (only if its stored revision is still the expected one),
 * one audit entry per change, and the metrics rows.
 * @returns the new revision, or undefined when another process changed the state first (nothing written).
 */
export async function writeRiskBatch(database: Database, batch: RiskWriteBatch): Promise<number | undefined> {
  const conflict = Symbol("conflict");
  try {
    return await database.transaction().execute(async (transaction) => {
      const revision = await saveRiskStateRowAtRevision(
        transaction,
        riskStateRow(batch.scope, batch.state, batch.breakerActor),
        batch.expectedRevision,
      );
      if (revision === undefined) throw conflict;
      for (const { change, actor } of batch.changes) {
        await writeAudit(transaction, {
          actor: actor.actor,
          action: auditAction(change),
          target: batch.scope,
          reason: change.reason,
          details: {
            from: change.from,
            to: change.to,
            code: change.code,
            at: new Date(change.atMs).toISOString(),
          },
          ip: actor.ip ?? null,
        });
      }
      for (const metrics of batch.metrics) {
        await saveDailyMetricsRow(transaction, dailyMetricsRow(batch.scope, metrics));
      }
      return revision;
    });
  } catch (error) {
    if (error === conflict) return undefined;
    throw error;
  }
}

/** The row of a state. */
export function riskStateRow(scope: string, state: RiskState, breakerActor: string | null): RiskStateRow {
  const breaker = state.breaker;
  return {
    scope,
    tradingState: state.tradingState,
    circuitBreakerTripped: breaker !== null,
    circuitBreakerReason: breaker?.reason ?? null,
    circuitBreakerTrippedAt: breaker ? new Date(breaker.trippedAtMs) : null,
    circuitBreakerUntil: breaker ? new Date(breaker.untilMs) : null,
    circuitBreakerTrippedBy: breaker ? (breakerActor ?? RISK_MANAGER.actor) : null,
    lossStreak: state.consecutiveLosses,
    lossStreakUntil: state.lossStreakUntilMs === null ? null : new Date(state.lossStreakUntilMs),
    equityHighWater: state.highWaterMark,
    day: utcDate(state.dayStartMs),
    dayStartEquity: state.dailyBaselineEquity,
    document: serializeRiskState(state),
  };
}

/** The row of one day's metrics. */
export function dailyMetricsRow(scope: string, metrics: DailyMetrics): DailyMetricsRow {
  return {
    scope,
    date: metrics.date,
    startingEquity: metrics.startingEquity,
    currentEquity: metrics.currentEquity,
    peakEquity: metrics.peakEquity,
    realizedPnl: metrics.realizedPnl,
    unrealizedPnl: metrics.unrealizedPnl,
    fees: metrics.fees,
    funding: metrics.funding,
    totalPnl: totalPnl(metrics),
    pnlPercent: pnlPercent(metrics),
    trades: metrics.trades,
    won: metrics.won,
    lost: metrics.lost,
    maxDrawdown: metrics.maxDrawdownPercent,
    maxConcurrentPositions: metrics.maxConcurrentPositions,
    firstTradeAt: metrics.firstTradeMs === null ? null : new Date(metrics.firstTradeMs),
    lastTradeAt: metrics.lastTradeMs === null ? null : new Date(metrics.lastTradeMs),
    document: { ...metrics } as unknown as Record<string, unknown>,
  };
}

/** The audit action of a change: breaker trips and resets are named as such, the rest are state changes. */
export function auditAction(change: RiskStateChange): string {
  switch (change.code) {
    case "MANUAL_TRIP":
    case "DAILY_LOSS_LIMIT":
    case "DRAWDOWN_LIMIT":
    case "DAILY_LOSS_EMERGENCY":
      return "circuit_breaker_tripped";
    case "MANUAL_RESET":
    case "COOLDOWN_EXPIRED":
      return "circuit_breaker_reset";
    default:
      return "risk_state_changed";
  }
}

import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import {
  createDailyMetrics,
  createRiskState,
  type DailyMetrics,
  type DailyReport,
  describeRiskStatus,
  pnlPercent,
  type RiskEvent,
  type RiskLimits,
  type RiskState,
  type RiskStateChange,
  type RiskStatus,
  reduceRiskState,
  restoreDailyMetrics,
  restoreRiskState,
  rollDailyMetrics,
  serializeRiskState,
  toDailyReport,
  totalPnl,
  utcDate,
} from "../../risk/index.ts";
import {
  type Database,
  loadDailyMetricsDocument,
  loadRiskStateRow,
  saveDailyMetricsRow,
  saveRiskStateRow,
  writeAudit,
} from "../../storage/index.ts";

/** Who caused a risk change, for the audit log. */
export interface RiskActor {
  actor: string;
  ip?: string;
}

/**
 * The risk state of one scope (an account in paper or live mode), kept in PostgreSQL: every change is
 * persisted with its audit entries before it takes effect, so a restart restores exactly the state that
 * was last in force and never re-arms trading by accident. Other processes that change the same scope
 * (the CLI, another API replica) are picked up through {@link RiskService.reload}.
 */
export class RiskService {
  private current: RiskState | undefined;
  private metrics: DailyMetrics | undefined;
  private revision = 0;
  private readonly listeners = new Set<(state: RiskState, changes: readonly RiskStateChange[]) => void>();

  constructor(
    private readonly database: Database,
    readonly limits: RiskLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly scope = "paper",
  ) {}

  /** The state in force. @throws when {@link load} has not run. */
  get state(): RiskState {
    if (!this.current) throw new Error("risk state not loaded");
    return this.current;
  }

  /** Today's metrics. */
  get dailyMetrics(): DailyMetrics {
    if (!this.metrics) throw new Error("risk state not loaded");
    return this.metrics;
  }

  /** Calls `listener` after every change of state (for the trading node, metrics and WebSockets). */
  onChange(listener: (state: RiskState, changes: readonly RiskStateChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Restores the stored state of the scope, or creates an ACTIVE one from `initialEquity` on first use.
   * Time is then advanced to now, so a breaker that expired while the process was down is reset (with its
   * audit entry) and nothing else changes.
   */
  async load(initialEquity: number): Promise<RiskState> {
    const stored = await loadRiskStateRow(this.database, this.scope);
    if (stored) {
      this.current = restoreRiskState(stored.document);
      this.revision = stored.revision;
    } else {
      this.current = createRiskState(initialEquity, this.clock.now());
      this.revision = await this.persist(this.current, [], { actor: "risk-manager" });
    }
    const date = utcDate(this.clock.now());
    const metricsDocument = await loadDailyMetricsDocument(this.database, this.scope, date);
    this.metrics = metricsDocument
      ? restoreDailyMetrics(metricsDocument)
      : createDailyMetrics(this.current.equity, this.clock.now());
    await this.apply({ type: "tick" }, { actor: "risk-manager" });
    return this.current;
  }

  /** Re-reads the stored state when another process changed it; returns whether it changed. */
  async reload(): Promise<boolean> {
    const stored = await loadRiskStateRow(this.database, this.scope);
    if (!stored || stored.revision <= this.revision) return false;
    this.current = restoreRiskState(stored.document);
    this.revision = stored.revision;
    for (const listener of this.listeners) listener(this.current, []);
    return true;
  }

  /**
   * Applies an event (fill, mark price, closed trade, day roll, tick, trip, reset), persists the new state
   * with one audit entry per change, and returns the changes.
   * @throws {ValidationError} for a trip or reset without a reason.
   */
  async apply(
    event: RiskEvent,
    actor: RiskActor = { actor: "risk-manager" },
  ): Promise<readonly RiskStateChange[]> {
    const now = this.clock.now();
    const result = reduceRiskState(this.state, event, this.limits, now);
    await this.rollMetrics(now);
    const changed = result.state !== this.current;
    this.current = result.state;
    if (changed || result.changes.length > 0) {
      this.revision = await this.persist(result.state, result.changes, actor);
      for (const change of result.changes) {
        this.logger.warn(
          {
            event: "risk_state_changed",
            scope: this.scope,
            from: change.from,
            to: change.to,
            code: change.code,
          },
          change.reason,
        );
      }
      for (const listener of this.listeners) listener(result.state, result.changes);
    }
    return result.changes;
  }

  /** Trips the circuit breaker by hand (admin), with a reason. */
  trip(reason: string, actor: RiskActor): Promise<readonly RiskStateChange[]> {
    return this.apply({ type: "trip", reason }, actor);
  }

  /** Resets the circuit breaker by hand (admin), with a reason. */
  reset(reason: string, actor: RiskActor): Promise<readonly RiskStateChange[]> {
    return this.apply({ type: "reset", reason }, actor);
  }

  /** The state against its limits, for `hlbot risk status` and `GET /api/risk/status`. */
  status(): RiskStatus {
    return describeRiskStatus(this.state, this.limits);
  }

  /** Persists today's metrics (after the caller recorded trades, fees or equity into them). */
  async saveDailyMetrics(): Promise<void> {
    const metrics = this.dailyMetrics;
    await saveDailyMetricsRow(this.database, {
      scope: this.scope,
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
      document: metrics as unknown as Record<string, unknown>,
    });
  }

  /** The daily report of a UTC date (`YYYY-MM-DD`), or undefined when nothing was recorded that day. */
  async dailyReport(date: string): Promise<DailyReport | undefined> {
    if (this.metrics?.date === date) return toDailyReport(this.metrics);
    const document = await loadDailyMetricsDocument(this.database, this.scope, date);
    return document ? toDailyReport(restoreDailyMetrics(document)) : undefined;
  }

  private async rollMetrics(now: number): Promise<void> {
    if (!this.metrics) {
      this.metrics = createDailyMetrics(this.state.equity, now);
      return;
    }
    const rolled = rollDailyMetrics(this.metrics, now);
    if (rolled.finished) {
      await this.saveDailyMetrics();
      this.metrics = rolled.current;
    }
  }

  private async persist(
    state: RiskState,
    changes: readonly RiskStateChange[],
    actor: RiskActor,
  ): Promise<number> {
    return await this.database.transaction().execute(async (transaction) => {
      const breaker = state.breaker;
      const revision = await saveRiskStateRow(transaction, {
        scope: this.scope,
        tradingState: state.tradingState,
        circuitBreakerTripped: breaker !== null,
        circuitBreakerReason: breaker?.reason ?? null,
        circuitBreakerTrippedAt: breaker ? new Date(breaker.trippedAtMs) : null,
        circuitBreakerUntil: breaker ? new Date(breaker.untilMs) : null,
        circuitBreakerTrippedBy: breaker ? actor.actor : null,
        lossStreak: state.consecutiveLosses,
        lossStreakUntil: state.lossStreakUntilMs === null ? null : new Date(state.lossStreakUntilMs),
        equityHighWater: state.highWaterMark,
        day: utcDate(state.dayStartMs),
        dayStartEquity: state.dailyBaselineEquity,
        document: serializeRiskState(state),
      });
      for (const change of changes) {
        await writeAudit(transaction, {
          actor: actor.actor,
          action: auditAction(change),
          target: this.scope,
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
      return revision;
    });
  }
}

/** The audit action of a change: breaker trips and resets are named as such, the rest are state changes. */
function auditAction(change: RiskStateChange): string {
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

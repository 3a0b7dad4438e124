import type { Clock } from "../../core/clock.ts";
import { ValidationError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import {
  createDailyMetrics,
  createRiskState,
  type DailyMetrics,
  type DailyReport,
  describeRiskStatus,
  type RiskEvent,
  type RiskLimits,
  type RiskState,
  type RiskStateChange,
  type RiskStatus,
  recordAccount,
  recordFee,
  recordFunding,
  recordTrade,
  reduceRiskState,
  restoreDailyMetrics,
  restoreRiskState,
  rollDailyMetrics,
  toDailyReport,
  utcDate,
} from "../../risk/index.ts";
import {
  type Database,
  loadDailyMetricsDocument,
  loadRiskStateRow,
  type StoredRiskState,
} from "../../storage/index.ts";
import { auditAction, RISK_MANAGER, type RiskActor, writeRiskBatch } from "./risk-persistence.ts";
import { WriteScheduler } from "./write-scheduler.ts";

export { RISK_MANAGER, type RiskActor } from "./risk-persistence.ts";

/**
 * One account-wide update from the trading nodes (summed over every running bot by the account risk
 * feed). Money in quote currency, time in ms UTC.
 * - `fill`: a fill paid `fee`; `trade-closed`: a round trip ended (gross PnL before fees and funding,
 *   net PnL after them); `funding`: a funding payment (> 0 received); `mark`: prices moved.
 */
export interface AccountUpdate {
  readonly kind: "fill" | "trade-closed" | "funding" | "mark";
  /** Account equity after the event: balance + unrealized PnL. */
  readonly equity: number;
  readonly unrealizedPnl: number;
  /** Positions open across the account. */
  readonly openPositions: number;
  /** When the event happened on the venue (fill or exit time; informational). */
  readonly atMs: number;
  readonly fee?: number;
  readonly trade?: { readonly grossPnl: number; readonly netPnl: number };
  readonly funding?: number;
}

/** Options of a {@link RiskService}. */
export interface RiskServiceOptions {
  /** Least time between two writes caused by price updates alone, ms (default 5 000). */
  readonly persistIntervalMs?: number;
}

type Listener = (state: RiskState, changes: readonly RiskStateChange[]) => void;

/**
 * The risk state and daily metrics of one scope (an account in paper or live mode), kept in PostgreSQL
 * (tables `risk_state`, `risk_daily_metrics`, audit entries for every change). Events take effect in
 * memory at once (the trading nodes read the state on every order) and are written through a serial
 * writer: at once after fills, closed trades, funding, state changes and day rolls, at most every
 * `persistIntervalMs` after price updates alone. Writes are optimistic: when another process (the CLI,
 * another API replica) changed the stored state since it was read, the stored state is adopted, the
 * unwritten trades and manual actions are re-applied to it with the latest equity, and the write is
 * retried, so a breaker tripped elsewhere is never overwritten and a restart never re-arms trading.
 */
export class RiskService {
  private current: RiskState | undefined;
  private metrics: DailyMetrics | undefined;
  private revision = 0;
  private breakerActor: string | null = null;
  private pendingChanges: Array<{ change: RiskStateChange; actor: RiskActor }> = [];
  /** Unwritten events that are more than an equity change (closed trades, trips, resets). */
  private pendingEvents: Array<{ event: RiskEvent; actor: RiskActor; atMs: number }> = [];
  private finishedDays: DailyMetrics[] = [];
  private lastEquity: number | undefined;
  private readonly writer: WriteScheduler;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly database: Database,
    readonly limits: RiskLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly scope = "paper",
    options: RiskServiceOptions = {},
  ) {
    this.writer = new WriteScheduler(
      () => this.writeBatch(),
      options.persistIntervalMs ?? 5_000,
      (error) =>
        this.logger.error({ err: error, event: "risk_write_failed", scope }, "risk state write failed"),
    );
  }

  /** The state in force. @throws when {@link load} has not run. */
  get state(): RiskState {
    if (!this.current) throw new Error("risk state not loaded");
    return this.current;
  }

  /** Today's metrics (live: mutated by every update). */
  get dailyMetrics(): DailyMetrics {
    if (!this.metrics) throw new Error("risk state not loaded");
    return this.metrics;
  }

  /** Writes done by this service so far (state, audit and metrics in one transaction each). */
  get completedWrites(): number {
    return this.writer.completedWrites;
  }

  /**
   * Calls `listener` after every audited change of state and after adopting a state another process
   * stored (then `changes` are those of re-applying this process's unwritten events).
   */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Restores the stored state of the scope, or creates an ACTIVE one from `initialEquity` on first use,
   * and today's metrics. Time is then advanced to now, so a breaker that expired while the process was
   * down is reset (with its audit entry); nothing is written when nothing changed.
   */
  async load(initialEquity: number): Promise<RiskState> {
    const stored = await loadRiskStateRow(this.database, this.scope);
    const now = this.clock.now();
    if (stored) this.restore(stored);
    else this.current = createRiskState(initialEquity, now);
    const metricsDocument = await loadDailyMetricsDocument(this.database, this.scope, utcDate(now));
    this.metrics = metricsDocument
      ? restoreDailyMetrics(metricsDocument)
      : createDailyMetrics(this.state.equity, now);
    const changes = this.transition({ type: "tick" }, now, RISK_MANAGER);
    if (!stored || changes.length > 0) await this.writer.writeNow();
    return this.state;
  }

  /** Re-reads the stored state when another process changed it; returns whether it changed. */
  reload(): Promise<boolean> {
    return this.writer.run(async () => {
      const stored = await loadRiskStateRow(this.database, this.scope);
      if (!stored || stored.revision <= this.revision) return false;
      this.adopt(stored);
      if (this.pendingChanges.length > 0 || this.pendingEvents.length > 0) this.writer.request(true);
      else if (this.lastEquity !== undefined) this.writer.request(false);
      return true;
    });
  }

  /**
   * Applies an event (fill, mark price, closed trade, day roll, tick, trip, reset) with one audit entry
   * per change, and resolves once it is written.
   * @throws {ValidationError} for a trip or reset without a reason (nothing changes).
   */
  async apply(event: RiskEvent, actor: RiskActor = RISK_MANAGER): Promise<readonly RiskStateChange[]> {
    const now = this.clock.now();
    const changes = this.transition(event, now, actor);
    this.rollMetrics(now);
    if ("equity" in event && event.equity !== undefined) this.lastEquity = event.equity;
    if (event.type === "trade-closed" || event.type === "trip" || event.type === "reset") {
      this.pendingEvents.push({ event, actor, atMs: now });
    }
    await this.writer.writeNow();
    return changes;
  }

  /**
   * Records an account update from the trading nodes into today's metrics and the risk state (daily
   * loss, drawdown, loss streak, breaker) at once, and schedules the write; returns the changes. Metrics
   * count an update in the UTC day of this service's clock when it arrives (a replaying simulator stamps
   * fills with market time), so fills recovered at start count today. Synchronous: nodes call it from
   * their fill handlers.
   * @throws {ValidationError} when a figure is not finite (nothing changes).
   */
  record(update: AccountUpdate): readonly RiskStateChange[] {
    validateUpdate(update);
    const now = this.clock.now();
    const event: RiskEvent =
      update.kind === "trade-closed"
        ? { type: "trade-closed", pnl: update.trade?.netPnl ?? 0, equity: update.equity }
        : update.kind === "mark"
          ? { type: "mark-price", equity: update.equity }
          : { type: update.kind === "fill" ? "fill" : "equity", equity: update.equity };
    const changes = this.transition(event, now, RISK_MANAGER);
    const rolled = this.rollMetrics(now);
    const metrics = this.dailyMetrics;
    if (update.fee !== undefined) recordFee(metrics, update.fee, now);
    if (update.funding !== undefined) recordFunding(metrics, update.funding, now);
    if (update.trade !== undefined) recordTrade(metrics, update.trade.grossPnl, now, update.trade.netPnl);
    recordAccount(metrics, update.equity, update.unrealizedPnl, update.openPositions, now);
    this.lastEquity = update.equity;
    if (event.type === "trade-closed") this.pendingEvents.push({ event, actor: RISK_MANAGER, atMs: now });
    this.writer.request(rolled || changes.length > 0 || update.kind !== "mark");
    return changes;
  }

  /**
   * Lets time pass without an event: a breaker or loss-streak pause that ran out resets, a new UTC day
   * starts a new metrics row. Writes only when one of these happened.
   */
  tick(): readonly RiskStateChange[] {
    const now = this.clock.now();
    const changes = this.transition({ type: "tick" }, now, RISK_MANAGER);
    if (this.rollMetrics(now) || changes.length > 0) this.writer.request(true);
    return changes;
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

  /** Writes the state and today's metrics now. */
  async saveDailyMetrics(): Promise<void> {
    await this.writer.writeNow();
  }

  /** Writes whatever is unwritten and stops the write timer (on shutdown). */
  async close(): Promise<void> {
    await this.writer.close();
  }

  /** The daily report of a UTC date (`YYYY-MM-DD`), or undefined when nothing was recorded that day. */
  async dailyReport(date: string): Promise<DailyReport | undefined> {
    if (this.metrics?.date === date) return toDailyReport(this.metrics);
    const document = await loadDailyMetricsDocument(this.database, this.scope, date);
    return document ? toDailyReport(restoreDailyMetrics(document)) : undefined;
  }

  /** Applies `event` in memory, queues its changes for the audit log and tells the listeners. */
  private transition(event: RiskEvent, now: number, actor: RiskActor): readonly RiskStateChange[] {
    const result = reduceRiskState(this.state, event, this.limits, now);
    this.current = result.state;
    for (const change of result.changes) {
      this.pendingChanges.push({ change, actor });
      const action = auditAction(change);
      if (action === "circuit_breaker_tripped") this.breakerActor = actor.actor;
      else if (action === "circuit_breaker_reset") this.breakerActor = null;
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
    if (result.changes.length > 0) this.notify(result.changes);
    return result.changes;
  }

  /** Starts a new day's metrics when `now` is in a later UTC day; returns whether it did. */
  private rollMetrics(now: number): boolean {
    if (!this.metrics) {
      this.metrics = createDailyMetrics(this.state.equity, now);
      return true;
    }
    const rolled = rollDailyMetrics(this.metrics, now);
    if (!rolled.finished) return false;
    this.finishedDays.push(rolled.finished);
    this.metrics = rolled.current;
    return true;
  }

  private restore(stored: StoredRiskState): void {
    this.current = restoreRiskState(stored.document);
    this.revision = stored.revision;
    this.breakerActor = stored.circuitBreakerTrippedBy;
  }

  /** Takes over a state another process stored and re-applies this process's unwritten events to it. */
  private adopt(stored: StoredRiskState): void {
    this.restore(stored);
    this.pendingChanges = [];
    const changes: RiskStateChange[] = [];
    for (const { event, actor, atMs } of this.pendingEvents) {
      changes.push(...this.replay(event, atMs, actor));
    }
    if (this.lastEquity !== undefined) {
      changes.push(
        ...this.replay({ type: "equity", equity: this.lastEquity }, this.clock.now(), RISK_MANAGER),
      );
    }
    this.notify(changes);
  }

  private replay(event: RiskEvent, atMs: number, actor: RiskActor): readonly RiskStateChange[] {
    const result = reduceRiskState(this.state, event, this.limits, atMs);
    this.current = result.state;
    for (const change of result.changes) this.pendingChanges.push({ change, actor });
    return result.changes;
  }

  private notify(changes: readonly RiskStateChange[]): void {
    for (const listener of this.listeners) {
      try {
        listener(this.state, changes);
      } catch (error) {
        this.logger.error({ err: error, event: "risk_listener_failed" }, "risk listener failed");
      }
    }
  }

  /** The writer's job: state, audit entries and metrics in one transaction, retried on a conflict. */
  private async writeBatch(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const changes = this.pendingChanges;
      const events = this.pendingEvents;
      const finished = this.finishedDays;
      this.pendingChanges = [];
      this.pendingEvents = [];
      this.finishedDays = [];
      const putBack = () => {
        this.pendingChanges = [...changes, ...this.pendingChanges];
        this.pendingEvents = [...events, ...this.pendingEvents];
        this.finishedDays = [...finished, ...this.finishedDays];
      };
      let revision: number | undefined;
      try {
        revision = await writeRiskBatch(this.database, {
          scope: this.scope,
          state: this.state,
          breakerActor: this.breakerActor,
          changes,
          metrics: [...finished, { ...this.dailyMetrics }],
          expectedRevision: this.revision,
        });
      } catch (error) {
        putBack();
        throw error;
      }
      if (revision !== undefined) {
        this.revision = revision;
        return;
      }
      this.pendingEvents = [...events, ...this.pendingEvents];
      this.finishedDays = [...finished, ...this.finishedDays];
      const stored = await loadRiskStateRow(this.database, this.scope);
      if (stored) {
        this.logger.info(
          { event: "risk_state_conflict", scope: this.scope, revision: stored.revision },
          "risk state changed by another process: adopted it and re-applied unwritten events",
        );
        this.adopt(stored);
      } else {
        this.revision = 0;
        this.pendingChanges = [...changes, ...this.pendingChanges];
      }
    }
    throw new Error(`risk state ${this.scope}: the write conflicted 5 times in a row`);
  }
}

/** @throws {ValidationError} naming the first figure of `update` that is not a finite number. */
function validateUpdate(update: AccountUpdate): void {
  const figures: Array<[string, number | undefined]> = [
    ["equity", update.equity],
    ["unrealizedPnl", update.unrealizedPnl],
    ["openPositions", update.openPositions],
    ["atMs", update.atMs],
    ["fee", update.fee],
    ["funding", update.funding],
    ["trade.grossPnl", update.trade?.grossPnl],
    ["trade.netPnl", update.trade?.netPnl],
  ];
  for (const [field, value] of figures) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new ValidationError(
        `account update ${update.kind}: ${field} must be a finite number, got ${value}`,
        {
          field,
        },
      );
    }
  }
}

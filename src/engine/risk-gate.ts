import type { Instrument, Order } from "../domain/index.ts";
import {
  type AccountSnapshot,
  checkOrder,
  createRiskState,
  type OrderIntent,
  overlayAccountState,
  type PositionExposure,
  type RiskDenialCode,
  type RiskLimits,
  type RiskState,
  type RiskStateChange,
  reduceRiskState,
} from "../risk/index.ts";
import type { PreTradeCheck, PreTradeDecision, PreTradeSnapshot } from "./ports.ts";
import type { TradeRecord } from "./trade-recorder.ts";

/** A denial as it is reported in results: when, which order, the code and the message with the numbers. */
export interface RiskDenialRecord {
  readonly time: number;
  readonly orderId: string;
  readonly instrumentId: string;
  readonly code: string;
  readonly message: string;
}

/** What the gate tells its owner after an observation. */
export interface RiskObservation {
  /** The trading state reached EMERGENCY: cancel every order and close every position at market. */
  readonly emergency: boolean;
}

/**
 * The risk manager in the engine's order path, the same in backtest, paper and live: every order passes
 * {@link RiskGate.check} (exits and stop changes always pass), and the account is fed to the risk state on
 * every observation (equity after price moves and fills, closed trades, UTC day rolls), so daily loss,
 * drawdown, loss streak and the circuit breaker act exactly as they would live.
 */
export class RiskGate implements PreTradeCheck {
  private current: RiskState;
  private seenTrades = 0;
  private readonly denialCounts = new Map<string, number>();
  private readonly denialLog: RiskDenialRecord[] = [];
  private readonly changeLog: RiskStateChange[] = [];
  private readonly positionIds: string[];

  /**
   * @param instruments the engine's instruments (positions are reported in the same order).
   * @param leverage the account's leverage (≥ 1).
   * @param initialEquity equity at the start, quote currency.
   * @param startMs time of the start, ms UTC.
   * @param state a restored state (paper and live), instead of a fresh ACTIVE one.
   */
  constructor(
    instruments: readonly Instrument[],
    readonly limits: RiskLimits,
    private readonly leverage: number,
    initialEquity: number,
    startMs: number,
    state?: RiskState,
    private readonly onChange?: (changes: readonly RiskStateChange[], state: RiskState) => void,
  ) {
    this.current = state ?? createRiskState(initialEquity, startMs);
    this.positionIds = instruments.map((instrument) => instrument.id);
  }

  /** The risk state in force. */
  get state(): RiskState {
    return this.current;
  }

  /** Denials so far by reason code. */
  get denials(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.denialCounts);
  }

  /** Every denial, oldest first. */
  get deniedOrders(): readonly RiskDenialRecord[] {
    return this.denialLog;
  }

  /** Every state change, oldest first. */
  get stateChanges(): readonly RiskStateChange[] {
    return this.changeLog;
  }

  /**
   * Multiplier on the risk of new risk-sized entries: `reducedRiskMultiplier` while the state (made at
   * least as restrictive as the account's `account` state, when given) is REDUCED, else 1.
   */
  riskScale(account?: RiskState): number {
    const state = account === undefined ? this.current : overlayAccountState(this.current, account);
    return state.tradingState === "REDUCED" ? this.limits.reducedRiskMultiplier : 1;
  }

  /**
   * Approves or denies one order about to leave (see {@link checkOrder}); a denial is counted and logged.
   * With `account` (the account-wide state of paper and live trading, aggregated over every bot) the
   * check uses the gate's own state made at least as restrictive as the account's (see
   * {@link overlayAccountState}): REDUCED halves the risk cap, HALTED, a tripped breaker or a loss-streak
   * pause deny entries, and exits and stop changes still pass.
   */
  check(order: Order, snapshot: PreTradeSnapshot, account?: RiskState): PreTradeDecision {
    this.apply({ type: "equity", equity: snapshot.equity }, snapshot.time);
    const position = snapshot.positions[this.positionIds.indexOf(order.instrumentId)];
    const held = position?.quantity ?? 0;
    const reduces =
      order.reduceOnly || (held > 0 && order.side === "SELL") || (held < 0 && order.side === "BUY");
    const kind = reduces && order.quantity <= Math.abs(held) + 1e-12 ? "exit" : "entry";
    const intent: OrderIntent = {
      instrument: order.instrumentId,
      side: order.side,
      kind,
      reduceOnly: order.reduceOnly,
      entryPrice: snapshot.referencePrice,
      stopPrice: snapshot.stopLossPrice,
      size: order.quantity,
      leverage: this.leverage,
      maintenanceMarginRate: snapshot.instrument.maintenanceMarginRate,
    };
    const state = account === undefined ? this.current : overlayAccountState(this.current, account);
    const decision = checkOrder(intent, this.account(snapshot), state, this.limits);
    if (decision.approved) return { approved: true };
    this.denialCounts.set(decision.code, (this.denialCounts.get(decision.code) ?? 0) + 1);
    this.denialLog.push({
      time: snapshot.time,
      orderId: order.id,
      instrumentId: order.instrumentId,
      code: decision.code,
      message: decision.message,
    });
    return { approved: false, code: decision.code as RiskDenialCode, message: decision.message };
  }

  /**
   * Feeds the account after a bar or a price update: trades closed since the last call (for the loss
   * streak), then the equity (daily loss, drawdown, day roll, cooldown expiry).
   */
  observe(timeMs: number, equity: number, trades: readonly TradeRecord[]): RiskObservation {
    const before = this.current.tradingState;
    while (this.seenTrades < trades.length) {
      const trade = trades[this.seenTrades] as TradeRecord;
      this.seenTrades += 1;
      this.apply({ type: "trade-closed", pnl: trade.pnl, equity }, Math.max(timeMs, trade.exitTime));
    }
    this.apply({ type: "mark-price", equity }, timeMs);
    return { emergency: this.current.tradingState === "EMERGENCY" && before !== "EMERGENCY" };
  }

  private apply(event: Parameters<typeof reduceRiskState>[1], timeMs: number): void {
    const result = reduceRiskState(
      this.current,
      event,
      this.limits,
      Math.max(timeMs, this.current.updatedAtMs),
    );
    this.current = result.state;
    if (result.changes.length > 0) {
      for (const change of result.changes) this.changeLog.push(change);
      this.onChange?.(result.changes, result.state);
    }
  }

  private account(snapshot: PreTradeSnapshot): AccountSnapshot {
    const positions: PositionExposure[] = [];
    snapshot.positions.forEach((position, index) => {
      if (position.quantity === 0) return;
      const mark =
        this.positionIds[index] === snapshot.instrument.id
          ? snapshot.referencePrice
          : position.averageEntryPrice;
      positions.push({
        instrument: this.positionIds[index] ?? "",
        side: position.quantity > 0 ? "LONG" : "SHORT",
        notional: Math.abs(position.quantity) * mark,
      });
    });
    return { equity: snapshot.equity, positions };
  }
}

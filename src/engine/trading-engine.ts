import type { Clock } from "../core/clock.ts";
import { ValidationError } from "../core/errors.ts";
import {
  AccountLedger,
  type AccountSettings,
  type CandleColumns,
  type Fill,
  type Instrument,
  type Order,
  type OrderSide,
  type Position,
} from "../domain/index.ts";
import { ClosedCandles, TimeframeCursor } from "./closed-candles.ts";
import { LivePositionView } from "./live-position-view.ts";
import { OrderRegistry } from "./order-registry.ts";
import { OrderRouter, type RouterOutcomes } from "./order-router.ts";
import { APPROVE_ALL, type ExecutionClient, type ExecutionEvents, type PreTradeCheck } from "./ports.ts";
import type { Sizing, UnsentCause } from "./sizing.ts";
import type {
  BracketOptions,
  InstrumentReference,
  OrderOptions,
  PositionView,
  Strategy,
} from "./strategy.ts";
import { type ContextHost, EngineContext } from "./strategy-context.ts";
import { TradeRecorder } from "./trade-recorder.ts";

/** Construction options of a {@link TradingEngine}. */
export interface TradingEngineOptions {
  readonly instruments: readonly Instrument[];
  /** Base series per instrument (same order as `instruments`). */
  readonly series: readonly CandleColumns[];
  /** Bar interval per instrument, ms. */
  readonly intervalsMs: readonly number[];
  readonly account: AccountSettings;
  readonly strategy: Strategy;
  readonly execution: ExecutionClient;
  readonly clock: Clock;
  /** Sizing of orders placed without a quantity. */
  readonly sizing: Sizing;
  /** A new entry first closes the instrument's position and cancels its other entry orders. */
  readonly exclusiveOrders?: boolean;
  /** The risk seam; approves everything by default. */
  readonly preTradeCheck?: PreTradeCheck;
  /** Send orders the moment they are placed (live) instead of at the next `deliverPending` (backtest). */
  readonly deliverImmediately?: boolean;
}

/**
 * The engine shared by backtest, paper and live: runs a strategy, turns its calls into orders (sizing,
 * pre-trade check, execution client), keeps the portfolio from venue events, records trades.
 * It never reads a clock other than the injected one and knows nothing about the run mode.
 *
 * Driving it (the backtest runner does this per bar step; live does it per closed candle):
 * `beginStep` → venue opens bars → `deliverPending` → venue processes bars → `closeBar` per
 * instrument → `finishStep` (equity, then `onBar`).
 */
export class TradingEngine implements ExecutionEvents, ContextHost, RouterOutcomes {
  readonly instruments: readonly Instrument[];
  /** The engine's own books, built from venue fills and funding. */
  readonly ledger: AccountLedger;
  readonly recorder: TradeRecorder;
  /** Every order the engine created or adopted from the venue, in creation order. */
  get orderLog(): readonly Order[] {
    return this.registry.log;
  }
  /** Equity at the last `finishStep`, quote currency. */
  equity = Number.NaN;
  /** Current step index (set by `beginStep`). */
  step = -1;
  /**
   * Orders the router did not send because their size came to 0, by cause; the strategy heard of
   * each through `onOrderRejected` (reason `size_zero`).
   */
  readonly unsentOrders: Record<UnsentCause, number> = {
    no_stop: 0,
    no_margin: 0,
    below_one_unit: 0,
    below_lot: 0,
  };
  private readonly registry: OrderRegistry;
  private readonly router: OrderRouter;
  private readonly views: ClosedCandles[];
  private readonly cursors: Array<{ instrument: number; cursor: TimeframeCursor }> = [];
  private readonly positionViews: LivePositionView[];
  private readonly context: EngineContext;
  private readonly strategy: Strategy;
  private readonly warmupBars: number;
  private started = false;
  // The first instrument's series, view and position, for the per-bar path of one-instrument runs.
  private readonly primarySeries: CandleColumns;
  private readonly primaryView: ClosedCandles;
  private readonly primaryPosition: Position;
  private readonly cashMode: boolean;
  private readonly deliverImmediately: boolean;
  /** `completeBar` takes the general path: several instruments, higher timeframes or live delivery. */
  private readonly generalBars: boolean;

  constructor(private readonly options: TradingEngineOptions) {
    this.instruments = options.instruments;
    this.strategy = options.strategy;
    this.ledger = new AccountLedger(options.account, options.instruments);
    this.registry = new OrderRegistry(options.instruments.map((instrument) => instrument.id));
    this.views = options.series.map(
      (series, index) => new ClosedCandles(series, options.intervalsMs[index] ?? 0),
    );
    this.positionViews = this.ledger.positions.map(
      (position, index) => new LivePositionView(position, this.ledger.marks, index),
    );
    this.primarySeries = options.series[0] as CandleColumns;
    this.primaryView = this.views[0] as ClosedCandles;
    this.primaryPosition = this.ledger.positions[0] as Position;
    this.cashMode = options.account.mode === "cash";
    this.deliverImmediately = options.deliverImmediately ?? false;
    this.generalBars =
      options.instruments.length !== 1 ||
      (options.strategy.timeframes ?? []).length > 0 ||
      this.deliverImmediately;
    // No bar is observed: trades read their bars' price range from the series when built.
    this.recorder = new TradeRecorder(options.instruments, options.series);
    for (const intervalMs of options.strategy.timeframes ?? []) {
      options.series.forEach((series, instrument) => {
        const cursor = new TimeframeCursor(series, options.intervalsMs[instrument] ?? 0, intervalMs);
        this.cursors.push({ instrument, cursor });
      });
    }
    this.warmupBars = Math.max(0, options.strategy.warmupBars ?? 0);
    this.context = new EngineContext(this, this.primarySeries);
    this.router = new OrderRouter({
      instruments: options.instruments,
      ledger: this.ledger,
      registry: this.registry,
      execution: options.execution,
      check: options.preTradeCheck ?? APPROVE_ALL,
      clock: options.clock,
      sizing: options.sizing,
      exclusiveOrders: options.exclusiveOrders ?? false,
      deliverImmediately: options.deliverImmediately ?? false,
      outcomes: this,
    });
  }

  /** Calls the strategy's `onStart` (once; also done by the first `beginStep`). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.strategy.onStart?.(this.context);
  }

  /** Starts a step (one timestamp of the merged timeline): fills from now on belong to it. */
  beginStep(step: number): void {
    this.step = step;
    if (!this.started) this.start();
  }

  /** Whether strategy commands wait for delivery. */
  get hasPending(): boolean {
    return this.router.hasPending;
  }

  /** Sends every queued strategy command to the execution client, oldest first. */
  deliverPending(): void {
    this.router.deliverPending();
  }

  /** Marks bar `barIndex` of an instrument as closed: visible to the strategy and marked to its close. */
  closeBar(instrument: number, barIndex: number): void {
    const view = this.views[instrument] as ClosedCandles;
    view.length = barIndex + 1;
    const series = this.options.series[instrument] as CandleColumns;
    this.ledger.marks[instrument] = series.close[barIndex] as number;
  }

  /**
   * One-instrument shortcut for `closeBar(0, bar)` + `finishStep()` with `step = bar`; the equity is
   * left in {@link equity} (no return value, so the bar loop boxes no number).
   */
  completeBar(bar: number): void {
    // Kept small: optimizing compilers inline the strategy's onBar here within a shared size budget.
    if (this.generalBars) {
      this.step = bar;
      this.closeBar(0, bar);
      this.finishStep();
      return;
    }
    this.step = bar;
    const series = this.primarySeries;
    const ledger = this.ledger;
    this.primaryView.length = bar + 1;
    const close = series.close[bar] as number;
    ledger.marks[0] = close;
    let equity = ledger.balance;
    const position = this.primaryPosition;
    const quantity = position.quantity;
    if (quantity !== 0) {
      // The trade's price range takes this bar in when the trade is built (TradeLog).
      equity += this.cashMode ? quantity * close : quantity * (close - position.averageEntryPrice);
    }
    this.equity = equity;
    const context = this.context;
    context.equity = equity;
    context.cash = ledger.balance;
    if (bar >= this.warmupBars) {
      context.index = bar;
      context.close = close;
      this.strategy.onBar(context);
    }
  }

  /** Fills the context with closed bar `index` of the first instrument and calls `onBar`. */
  private callStrategy(index: number): void {
    const context = this.context;
    const series = this.primarySeries;
    context.index = index;
    context.close = series.close[index] as number;
    this.strategy.onBar(context);
    if (this.deliverImmediately) this.router.deliverPending();
  }

  private advanceCursors(): void {
    for (const { instrument, cursor } of this.cursors) {
      const view = this.views[instrument] as ClosedCandles;
      if (view.length > 0) cursor.advance(view.timestamp(view.length - 1));
    }
  }

  /**
   * Ends a step: computes equity at the closes (kept in {@link equity}), then calls `onBar` once
   * warm-up is over.
   */
  finishStep(): void {
    const ledger = this.ledger;
    const positions = ledger.positions;
    const marks = ledger.marks;
    const cashMode = ledger.settings.mode === "cash";
    let equity = ledger.balance;
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index] as Position;
      const quantity = position.quantity;
      if (quantity !== 0) {
        const mark = marks[index] as number;
        equity += cashMode ? quantity * mark : quantity * (mark - position.averageEntryPrice);
      }
    }
    const context = this.context;
    const index = this.primaryView.length - 1;
    if (this.cursors.length > 0) this.advanceCursors();
    this.equity = equity;
    context.equity = equity;
    context.cash = this.ledger.balance;
    if (index >= this.warmupBars) this.callStrategy(index);
  }

  /** Closes every open position at market now (tag `end_of_data` by default); queued commands are dropped. */
  closeAllPositions(tag = "end_of_data"): void {
    this.router.closeAll(tag);
  }

  /** Calls the strategy's `onStop`. */
  stop(): void {
    this.strategy.onStop?.(this.context);
  }

  // ---- ContextHost -------------------------------------------------------------------------------

  candles(instrument: InstrumentReference | undefined): ClosedCandles {
    return this.views[this.resolve(instrument)] as ClosedCandles;
  }

  timeframe(intervalMs: number, instrument: InstrumentReference | undefined): ClosedCandles {
    const index = this.resolve(instrument);
    for (const entry of this.cursors) {
      if (entry.instrument === index && entry.cursor.intervalMs === intervalMs) return entry.cursor.view;
    }
    throw new ValidationError(`timeframe ${intervalMs} ms was not declared in the strategy's timeframes`, {
      field: "timeframes",
    });
  }

  position(instrument: InstrumentReference | undefined): PositionView {
    return this.positionViews[this.resolve(instrument)] as LivePositionView;
  }

  openOrders(instrument: InstrumentReference | undefined): readonly Order[] {
    return this.registry.openOrders((this.instruments[this.resolve(instrument)] as Instrument).id);
  }

  placeOrder(side: OrderSide, options: OrderOptions): string {
    return this.router.placeOrder(this.resolve(options.instrument), side, options);
  }

  closePosition(instrument: InstrumentReference | undefined, tag: string | undefined): string {
    return this.router.closePosition(this.resolve(instrument), tag ?? "signal");
  }

  placeBracket(options: BracketOptions): string {
    return this.router.placeBracket(this.resolve(options.instrument), options);
  }

  cancelOrder(orderId: string): boolean {
    return this.router.cancel(orderId);
  }

  modifyOrder(
    orderId: string,
    changes: { quantity?: number; price?: number; triggerPrice?: number },
  ): boolean {
    return this.router.modify(orderId, changes);
  }

  // ---- ExecutionEvents ---------------------------------------------------------------------------

  onOrderAccepted(order: Order): void {
    this.registry.mirror(order);
  }

  onOrderRejected(order: Order, reason: string): void {
    const own = this.registry.mirror(order);
    this.strategy.onOrderRejected?.(this.context, own, reason);
  }

  onOrderTriggered(order: Order): void {
    this.registry.mirror(order);
  }

  onOrderFilled(order: Order, fill: Fill): void {
    const index = this.indexOf(fill.instrumentId);
    this.bookFill(
      index,
      fill,
      this.router.stopLossOf(order.id) ?? Number.NaN,
      this.router.takeSignal(order.id),
    );
    this.registry.mirror(order);
    this.notifyFill(fill);
  }

  /**
   * Books a fill on the engine's books: the trade recorder (with the position as it was before),
   * the ledger, then the order's declared stop (`NaN` if none) and entry signal for the trade.
   */
  private bookFill(index: number, fill: Fill, stopLoss: number, signal: unknown): void {
    const position = this.ledger.positions[index] as Position;
    const view = this.views[index] as ClosedCandles;
    this.recorder.recordFillOn(index, fill, position, this.step, view.length);
    this.ledger.applyFillEvent(index, fill);
    if (!Number.isNaN(stopLoss)) this.recorder.declareStopLoss(index, stopLoss);
    if (signal !== undefined) this.recorder.declareSignal(index, signal);
  }

  /** Tells the strategy of a fill (a copy: venues may reuse their fill object, the strategy may keep it). */
  private notifyFill(fill: Fill): void {
    if (this.strategy.onFill !== undefined) this.strategy.onFill(this.context, { ...fill });
  }

  onOrderCanceled(order: Order): void {
    this.registry.mirror(order);
  }

  onOrderExpired(order: Order): void {
    this.registry.mirror(order);
  }

  onOrderModified(order: Order): void {
    this.registry.mirror(order);
  }

  onFunding(instrumentId: string, amount: number): void {
    const index = this.indexOf(instrumentId);
    this.ledger.applyFunding(index, amount);
    this.recorder.recordFunding(index, amount);
  }

  // ---- RouterOutcomes ----------------------------------------------------------------------------

  orderRejectedByRouter(order: Order, reason: string, cause: UnsentCause): void {
    this.unsentOrders[cause]++;
    this.strategy.onOrderRejected?.(this.context, order, reason);
  }

  orderDenied(order: Order, code: string, message: string): void {
    this.strategy.onRiskDenied?.(this.context, order, code, message);
  }

  filledAtOnce(instrument: number, fill: Fill, stopLoss: number, signal: unknown): void {
    this.bookFill(instrument, fill, stopLoss, signal);
    this.notifyFill(fill);
  }

  // ---- internals ---------------------------------------------------------------------------------

  private resolve(instrument: InstrumentReference | undefined): number {
    if (instrument === undefined) return 0;
    if (typeof instrument === "number") {
      if (instrument >= 0 && instrument < this.instruments.length && Number.isInteger(instrument))
        return instrument;
      throw new ValidationError(`no instrument at index ${instrument}`, { field: "instrument" });
    }
    return this.indexOf(instrument);
  }

  /** Index of an instrument id (a scan: runs hold few instruments, and venue ids are the same strings). */
  private indexOf(instrumentId: string): number {
    const instruments = this.instruments;
    for (let index = 0; index < instruments.length; index++) {
      if ((instruments[index] as Instrument).id === instrumentId) return index;
    }
    throw new ValidationError(`unknown instrument ${instrumentId}`, { field: "instrument" });
  }
}

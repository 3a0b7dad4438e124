import type { CandleColumns, Instrument, Order } from "../domain/index.ts";
import type { ClosedCandles } from "./closed-candles.ts";
import type {
  BracketOptions,
  InstrumentReference,
  OrderOptions,
  PositionView,
  StrategyContext,
} from "./strategy.ts";

/** The engine operations a context delegates to. */
export interface ContextHost {
  readonly instruments: readonly Instrument[];
  candles(instrument: InstrumentReference | undefined): ClosedCandles;
  timeframe(intervalMs: number, instrument: InstrumentReference | undefined): ClosedCandles;
  position(instrument: InstrumentReference | undefined): PositionView;
  openOrders(instrument: InstrumentReference | undefined): readonly Order[];
  placeOrder(side: "BUY" | "SELL", options: OrderOptions): string;
  closePosition(instrument: InstrumentReference | undefined, tag: string | undefined): string;
  placeBracket(options: BracketOptions): string;
  cancelOrder(orderId: string): boolean;
  modifyOrder(
    orderId: string,
    changes: { quantity?: number; price?: number; triggerPrice?: number },
  ): boolean;
}

const NO_OPTIONS: OrderOptions = {};

/**
 * The reused {@link StrategyContext}: the engine writes `index`, `close`, `equity` and `cash` before
 * each call (the other bar fields are read from the first instrument's series at `index` when asked
 * for, so a bar costs no writes a strategy does not read); methods delegate to the engine.
 */
export class EngineContext implements StrategyContext {
  index = -1;
  close = Number.NaN;
  equity = Number.NaN;
  cash = Number.NaN;
  readonly instruments: readonly Instrument[];

  constructor(
    private readonly host: ContextHost,
    /** The first instrument's base series (closed bars only are ever read). */
    private readonly bars: CandleColumns,
  ) {
    this.instruments = host.instruments;
  }

  /** Open time (ms UTC) of bar `index`; `NaN` before the first bar. */
  get time(): number {
    const index = this.index;
    return index >= 0 ? (this.bars.timestamp[index] as number) : Number.NaN;
  }
  get open(): number {
    const index = this.index;
    return index >= 0 ? (this.bars.open[index] as number) : Number.NaN;
  }
  get high(): number {
    const index = this.index;
    return index >= 0 ? (this.bars.high[index] as number) : Number.NaN;
  }
  get low(): number {
    const index = this.index;
    return index >= 0 ? (this.bars.low[index] as number) : Number.NaN;
  }
  get volume(): number {
    const index = this.index;
    return index >= 0 ? (this.bars.volume[index] as number) : Number.NaN;
  }

  candles(instrument?: InstrumentReference): ClosedCandles {
    return this.host.candles(instrument);
  }
  timeframe(intervalMs: number, instrument?: InstrumentReference): ClosedCandles {
    return this.host.timeframe(intervalMs, instrument);
  }
  position(instrument?: InstrumentReference): PositionView {
    return this.host.position(instrument);
  }
  openOrders(instrument?: InstrumentReference): readonly Order[] {
    return this.host.openOrders(instrument);
  }
  buy(options?: OrderOptions): string {
    return this.host.placeOrder("BUY", options ?? NO_OPTIONS);
  }
  sell(options?: OrderOptions): string {
    return this.host.placeOrder("SELL", options ?? NO_OPTIONS);
  }
  closePosition(options?: { instrument?: InstrumentReference; tag?: string }): string {
    return this.host.closePosition(options?.instrument, options?.tag);
  }
  bracket(options: BracketOptions): string {
    return this.host.placeBracket(options);
  }
  cancel(orderId: string): boolean {
    return this.host.cancelOrder(orderId);
  }
  modify(orderId: string, changes: { quantity?: number; price?: number; triggerPrice?: number }): boolean {
    return this.host.modifyOrder(orderId, changes);
  }
}

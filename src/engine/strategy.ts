import type { z } from "zod";
import type {
  Fill,
  Instrument,
  Order,
  OrderSide,
  OrderType,
  PositionSide,
  TimeInForce,
} from "../domain/index.ts";
import type { ClosedCandles } from "./closed-candles.ts";
import type { Sizing } from "./sizing.ts";

/** Version of the strategy interface this engine runs. */
export const STRATEGY_INTERFACE_VERSION = 1;

/** An instrument reference in strategy calls: its index in the run, or its id. Default: the first. */
export type InstrumentReference = number | string;

/** Options of `buy` / `sell`. Without `quantity`, the run's (or the given) sizing applies. */
export interface OrderOptions {
  instrument?: InstrumentReference;
  /** Default: `LIMIT` when `price` is set, else `MARKET`. */
  type?: OrderType;
  /** Size in base units. */
  quantity?: number;
  sizing?: Sizing;
  /** Limit price. */
  price?: number;
  /** Trigger price of stops and take-profits. */
  triggerPrice?: number;
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  /** Label carried to fills and trades; reduce fills use it as the exit reason. */
  tag?: string;
  /** The protective stop the strategy has in mind (risk sizing, R multiples, risk checks); not placed. */
  stopLoss?: number;
  /** Why the strategy enters (e.g. a confluence signal's reasoning): kept with the trade the order opens. */
  signal?: unknown;
}

/** One take-profit leg of a bracket. */
export interface TakeProfitLeg {
  /** Trigger price. */
  price: number;
  /** Share of the entry size, (0, 1]; the last leg always closes what is left. */
  fraction: number;
}

/** Options of `bracket`: an entry with a stop-loss and up to several take-profits, one-cancels-other. */
export interface BracketOptions {
  side: OrderSide;
  instrument?: InstrumentReference;
  /** Entry type, default MARKET; LIMIT needs `price`, STOP_MARKET needs `triggerPrice`. */
  entryType?: "MARKET" | "LIMIT" | "STOP_MARKET";
  price?: number;
  triggerPrice?: number;
  quantity?: number;
  sizing?: Sizing;
  /** Stop-loss trigger price (required). */
  stopLoss: number;
  takeProfits?: readonly TakeProfitLeg[];
  tag?: string;
  /** Why the strategy enters (e.g. a confluence signal's reasoning): kept with the trade the bracket opens. */
  signal?: unknown;
}

/** The strategy's view of one position. */
export interface PositionView {
  readonly instrumentId: string;
  readonly side: PositionSide;
  /** Signed size in base units. */
  readonly quantity: number;
  readonly averageEntryPrice: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
}

/**
 * What `onBar` sees: the last closed bar, closed history per instrument and timeframe, account and
 * positions, and order methods. Orders placed now act from the next bar's open (backtest) or at once
 * (live). The object is reused between calls: read values, do not keep it.
 */
export interface StrategyContext {
  /** Index of the last closed bar of the first instrument. */
  readonly index: number;
  /** Open time (ms UTC) of that bar. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly instruments: readonly Instrument[];
  /** Account equity at the last close, quote currency. */
  readonly equity: number;
  /** Cash balance (perpetual: collateral), quote currency. */
  readonly cash: number;
  /** Closed bars of an instrument's base series. */
  candles(instrument?: InstrumentReference): ClosedCandles;
  /** Closed bars of a higher timeframe declared in `Strategy.timeframes` (ms). */
  timeframe(intervalMs: number, instrument?: InstrumentReference): ClosedCandles;
  /**
   * The position in an instrument: one object per instrument whose values are the engine's books when
   * read (unrealized PnL at the last close seen), so reading it costs nothing until a value is used.
   */
  position(instrument?: InstrumentReference): PositionView;
  openOrders(instrument?: InstrumentReference): readonly Order[];
  /** Places a buy; returns its client order id. */
  buy(options?: OrderOptions): string;
  /** Places a sell; returns its client order id. */
  sell(options?: OrderOptions): string;
  /**
   * Closes the whole position at market (reduce-only). The size is taken when the order leaves, so a
   * position opened by an order placed just before is closed too; nothing is sent if flat by then.
   * Returns the order id.
   */
  closePosition(options?: { instrument?: InstrumentReference; tag?: string }): string;
  /** Places a bracket; returns the entry's id. */
  bracket(options: BracketOptions): string;
  cancel(orderId: string): boolean;
  modify(orderId: string, changes: { quantity?: number; price?: number; triggerPrice?: number }): boolean;
}

/**
 * A running strategy. Only `onBar` is required; the other hooks default to doing nothing.
 */
export interface Strategy {
  /** Bars before the first `onBar` call: the first call is at the first bar where every indicator is valid. */
  readonly warmupBars?: number;
  /** Higher timeframes (ms) the strategy reads through `ctx.timeframe`. */
  readonly timeframes?: readonly number[];
  onStart?(ctx: StrategyContext): void;
  onBar(ctx: StrategyContext): void;
  onFill?(ctx: StrategyContext, fill: Fill): void;
  onOrderRejected?(ctx: StrategyContext, order: Order, reason: string): void;
  onRiskDenied?(ctx: StrategyContext, order: Order, code: string, message: string): void;
  onStop?(ctx: StrategyContext): void;
}

/** A strategy module: name, parameter schema and a factory. */
export interface StrategyDefinition<Params = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly interfaceVersion: typeof STRATEGY_INTERFACE_VERSION;
  /** zod schema of the params: types, defaults, bounds and descriptions. */
  readonly paramsSchema: z.ZodType<Params>;
  create(params: Params): Strategy;
}

/** Identity helper that types a strategy definition. */
export function defineStrategy<Params>(definition: StrategyDefinition<Params>): StrategyDefinition<Params> {
  return definition;
}

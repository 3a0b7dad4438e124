import type {
  Fill,
  Instrument,
  Order,
  OrderChanges,
  OrderRequest,
  OrderSide,
  Position,
} from "../domain/index.ts";

/**
 * Where orders go: the backtest's simulated venue, the exchange simulator or Hyperliquid. Calls are
 * synchronous requests; outcomes come back as {@link ExecutionEvents}.
 */
export interface ExecutionClient {
  /** Sends an order and its contingent children (bracket legs, dormant until it fills). */
  submit(order: OrderRequest, contingent: readonly OrderRequest[]): void;
  /** Requests a cancel; false when the venue has no such working order. */
  cancel(orderId: string): boolean;
  /** Requests a change; false when refused. */
  modify(orderId: string, changes: OrderChanges): boolean;
  /** Price a market order of `side` would fill at now (used for sizing), quote per unit. */
  marketPrice(instrumentIndex: number, side: OrderSide): number;
  /** Fee rate charged on a marketable order (fraction of notional). */
  readonly takerFeeRate: number;
  /**
   * In-process venues only (the backtest): fills a market order at once when nothing else on the
   * instrument can interact with it and it can fill completely, exactly as `submit` would, but
   * without an order object or order events: `receiver.onImmediateFill` gets the fill (the venue's
   * object: copy what you keep) before the venue acts on anything the fill causes (liquidation).
   * Returns false, with nothing changed, when the order must go through `submit` instead.
   */
  executeMarketNow?(order: ImmediateMarketOrder, receiver: ImmediateFillReceiver): boolean;
}

/**
 * A market order to fill at once (see `ExecutionClient.executeMarketNow`); an `OrderIntent` qualifies.
 * One object, so that no number is boxed on the way to the venue.
 */
export interface ImmediateMarketOrder {
  readonly id: string;
  /** Index of the instrument in the run's list. */
  readonly instrument: number;
  readonly side: OrderSide;
  /** Size in base units, before rounding to the instrument's lot. */
  readonly quantity: number;
  readonly reduceOnly: boolean;
  readonly tag: string;
}

/** Receives the fill of a market order filled at once (see `ExecutionClient.executeMarketNow`). */
export interface ImmediateFillReceiver {
  onImmediateFill(instrumentIndex: number, fill: Fill): void;
}

/** Venue events the engine consumes. `order` is the venue's object: read only. */
export interface ExecutionEvents {
  onOrderAccepted(order: Order): void;
  onOrderRejected(order: Order, reason: string): void;
  onOrderTriggered(order: Order): void;
  onOrderFilled(order: Order, fill: Fill): void;
  onOrderCanceled(order: Order, reason: string): void;
  onOrderExpired(order: Order, reason: string): void;
  onOrderModified(order: Order): void;
  onFunding(instrumentId: string, amount: number, rate: number, price: number, timestamp: number): void;
}

/** What a pre-trade check sees about the account when an order is about to leave. */
export interface PreTradeSnapshot {
  readonly time: number;
  readonly instrument: Instrument;
  /** Expected fill price (market) or the order's limit/trigger price. */
  readonly referencePrice: number;
  /** The stop the strategy declared for this order, `NaN` if none. */
  readonly stopLossPrice: number;
  readonly equity: number;
  readonly availableMargin: number;
  readonly positions: readonly Position[];
  readonly openOrders: readonly Order[];
}

/** Outcome of a pre-trade check; a denial carries a reason code and a message with the numbers. */
export type PreTradeDecision =
  | { readonly approved: true }
  | { readonly approved: false; readonly code: string; readonly message: string };

/**
 * The seam between strategy and execution where the risk manager sits: every order (entries and
 * exits) passes `check` just before it is sent. A denial is an event (`onRiskDenied`), not an error.
 */
export interface PreTradeCheck {
  check(order: Order, snapshot: PreTradeSnapshot): PreTradeDecision;
  /**
   * Multiplier in (0, 1] on the risk of new entries sized by risk (`risk:F` sizing): 1 normally, the
   * configured reduced-risk multiplier (0.5 by default) while the trading state is REDUCED. Optional.
   */
  riskScale?(): number;
}

/** A check that approves everything (the default until a risk manager is configured). */
export const APPROVE_ALL: PreTradeCheck = {
  check: () => ({ approved: true }),
};

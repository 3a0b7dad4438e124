/**
 * What the order does to risk:
 * - `entry` opens or adds to a position (checked against every rule);
 * - `exit` closes or reduces one (never denied);
 * - `stop-change` moves a protective stop (never denied).
 */
export type OrderIntentKind = "entry" | "exit" | "stop-change";

/**
 * An order about to leave, as the risk manager sees it. The engine adapts its own order to this.
 * Prices are quote currency per unit, sizes base units; all numbers finite.
 */
export interface OrderIntent {
  /** Instrument id or symbol (`BTC-PERP.HYPERLIQUID`, `BTC`, `BTCUSDT`); matched exactly against positions. */
  readonly instrument: string;
  /** Order direction, as the domain's `OrderSide`. */
  readonly side: "BUY" | "SELL";
  readonly kind: OrderIntentKind;
  /** True when the venue will only let the order reduce a position; such orders are never denied. */
  readonly reduceOnly: boolean;
  /** Expected fill price (> 0). */
  readonly entryPrice: number;
  /** Protective stop; below entry for a buy, above for a sell. Omitted or `NaN` means none. */
  readonly stopPrice?: number;
  /**
   * Size in base units (> 0). Omitted or `NaN`: the check sizes the order itself and returns the
   * size in the approval.
   */
  readonly size?: number;
  /** Leverage the position will use (≥ 1). */
  readonly leverage: number;
  /**
   * Worst-case loss in quote currency when the strategy bounds it without a stop (for example a
   * time exit on a hedged pair). Used only when there is no stop.
   */
  readonly maxLoss?: number;
  /** Liquidation price from the venue's margin model; estimated from leverage when omitted. */
  readonly liquidationPrice?: number;
  /** Maintenance margin rate (fraction of notional) for the estimate; default 0. */
  readonly maintenanceMarginRate?: number;
}

/** One open position, as notional exposure. */
export interface PositionExposure {
  /** Same form as {@link OrderIntent.instrument}. */
  readonly instrument: string;
  readonly side: "LONG" | "SHORT";
  /** |size| × mark price, quote currency (≥ 0). */
  readonly notional: number;
}

/** The account at the moment of the check. */
export interface AccountSnapshot {
  /** Balance plus unrealized PnL, quote currency. */
  readonly equity: number;
  /** Open positions; flat instruments are omitted. */
  readonly positions: readonly PositionExposure[];
}

import type { OrderSide } from "./order.ts";

/** Whether a fill added liquidity (resting order) or took it. */
export type LiquiditySide = "MAKER" | "TAKER";

/** One execution: the `OrderFilled` event. Sizes in base units, prices in quote per unit. */
export interface Fill {
  /** Sequence number of the fill within its venue, starting at 1. */
  readonly tradeId: number;
  readonly orderId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  /** Size of this execution (`lastQty`), > 0. */
  readonly quantity: number;
  /** Price of this execution (`lastPx`). */
  readonly price: number;
  /** Fee paid in quote currency, ≥ 0. */
  readonly fee: number;
  readonly liquidity: LiquiditySide;
  /** Execution time, ms UTC. */
  readonly timestamp: number;
  /** Label of the order (`stop_loss`, `tp1`, `liquidation`, ...). */
  readonly tag: string;
  /** Realized PnL of the part of this fill that reduced a position (before fees), quote currency. */
  readonly realizedPnl: number;
}

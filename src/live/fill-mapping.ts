import { createOrder, type Fill, type Order, type OrderSide } from "../domain/index.ts";
import type { FillWire } from "../venues/hyperliquid/index.ts";

/** Hyperliquid side letter → engine side. */
export function sideOf(side: "A" | "B"): OrderSide {
  return side === "B" ? "BUY" : "SELL";
}

/**
 * A venue fill as the engine's {@link Fill}: `tid` becomes the trade id, `crossed` the liquidity side,
 * `closedPnl` the realized PnL. The fee keeps Hyperliquid's sign (negative = maker rebate).
 */
export function fillFromWire(wire: FillWire, orderId: string, instrumentId: string, tag: string): Fill {
  return {
    tradeId: wire.tid,
    orderId,
    instrumentId,
    side: sideOf(wire.side),
    quantity: Number(wire.sz),
    price: Number(wire.px),
    fee: Number(wire.fee),
    liquidity: wire.crossed ? "TAKER" : "MAKER",
    timestamp: wire.time,
    tag: wire.liquidation !== undefined ? "liquidation" : tag,
    realizedPnl: Number(wire.closedPnl),
  };
}

/**
 * The order behind a fill that no order of this node placed: a one-fill market order `ext-<tid>`,
 * tagged `liquidation` when the venue liquidated the position (its trade's exit reason), else `external`.
 */
export function foreignOrderOf(wire: FillWire, instrumentId: string): Order {
  return createOrder(
    {
      id: `ext-${wire.tid}`,
      instrumentId,
      side: sideOf(wire.side),
      type: "MARKET",
      quantity: Number(wire.sz),
      tag: wire.liquidation !== undefined ? "liquidation" : "external",
    },
    wire.time,
  );
}

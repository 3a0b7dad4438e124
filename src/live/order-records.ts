import type { Order } from "../domain/index.ts";
import type { StoredOrder } from "./trading-store.ts";

const TYPES: Record<Order["type"], StoredOrder["type"]> = {
  MARKET: "market",
  LIMIT: "limit",
  STOP_MARKET: "stop_market",
  STOP_LIMIT: "stop_limit",
  TAKE_PROFIT_MARKET: "take_profit",
  TAKE_PROFIT_LIMIT: "take_profit",
};

/** An order as its `orders` row (DENIED, which the table does not know, is stored as rejected). */
export function storedOrderOf(
  order: Order,
  context: { botId: string; symbol: string; mode: "paper" | "live"; cloid: string; oid: number | undefined },
): StoredOrder {
  const status =
    order.status === "DENIED" ? "rejected" : (order.status.toLowerCase() as StoredOrder["status"]);
  return {
    clientOrderId: context.cloid,
    venueOrderId: context.oid === undefined ? null : String(context.oid),
    botId: context.botId,
    symbol: context.symbol,
    side: order.side === "BUY" ? "buy" : "sell",
    type: TYPES[order.type],
    status,
    price: Number.isFinite(order.price) ? order.price : null,
    triggerPrice: Number.isFinite(order.triggerPrice) ? order.triggerPrice : null,
    size: order.quantity,
    filledSize: order.filledQuantity,
    averageFillPrice: Number.isFinite(order.averageFillPrice) ? order.averageFillPrice : null,
    reduceOnly: order.reduceOnly,
    timeInForce: order.timeInForce,
    mode: context.mode,
    rejectReason: order.reason ?? null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

import type { Fill, Order } from "../domain/index.ts";
import { storedOrderOf } from "./order-records.ts";
import type { FillChange, StoredOrder } from "./trading-store.ts";

/** Who the rows of a fill belong to. */
export interface FillOwner {
  readonly botId: string;
  readonly mode: "paper" | "live";
  readonly strategyName: string;
  readonly coin: string;
  readonly leverage?: number;
}

/**
 * The row set one fill writes (fill, position change, closed trade): `change` is what the position book
 * made of it, `cloid` the order's client order id (`0x` or null when the order has none).
 */
export function fillChangeOf(
  owner: FillOwner,
  fill: Fill,
  cloid: string | null,
  change: Pick<FillChange, "position" | "closed">,
): FillChange {
  return {
    botId: owner.botId,
    mode: owner.mode,
    strategy: owner.strategyName,
    leverage: owner.leverage ?? 1,
    fill: {
      venueTradeId: String(fill.tradeId),
      clientOrderId: cloid === "0x" ? null : cloid,
      symbol: owner.coin,
      side: fill.side === "BUY" ? "buy" : "sell",
      price: fill.price,
      size: fill.quantity,
      fee: fill.fee,
      liquidity: fill.liquidity === "TAKER" ? "taker" : "maker",
      closedPnl: fill.realizedPnl,
      filledAt: fill.timestamp,
    },
    ...change,
  };
}

/** The `trade_executed` log event of a fill (the operations manual greps the service log for it). */
export function tradeExecutedEvent(owner: FillOwner, order: Order, fill: Fill): Record<string, unknown> {
  return {
    event: "trade_executed",
    symbol: owner.coin,
    side: fill.side,
    price: fill.price,
    size: fill.quantity,
    fee: fill.fee,
    mode: owner.mode,
    tag: order.tag,
  };
}

/**
 * The order row of `order` (keyed by its cloid: `cloid` when given, else the client's), or undefined when
 * the order has no cloid yet (nothing to key the row by).
 */
export function orderRowOf(
  owner: FillOwner,
  order: Order,
  client: {
    cloidOf(id: string): `0x${string}` | undefined;
    venueOrderId(id: string): number | undefined;
  },
  cloid?: `0x${string}`,
): StoredOrder | undefined {
  const clientOrderId = cloid ?? client.cloidOf(order.id);
  if (clientOrderId === undefined || clientOrderId === "0x") return undefined;
  return storedOrderOf(order, {
    botId: owner.botId,
    symbol: owner.coin,
    mode: owner.mode,
    cloid: clientOrderId,
    oid: client.venueOrderId(order.id),
  });
}

/**
 * The position change of a fill with the entry's signal (the strategy's reason, e.g. a confluence
 * signal and its reasoning) on the trade it closed, taken from the engine's record of the same trade.
 */
export function withEntrySignal<Change extends Pick<FillChange, "position" | "closed">>(
  change: Change,
  engineTrade: { readonly entrySignal?: unknown } | undefined,
): Change {
  const closed = change.closed;
  if (closed === undefined || closed === null || engineTrade?.entrySignal === undefined) return change;
  return { ...change, closed: { ...closed, trade: { ...closed.trade, signal: engineTrade.entrySignal } } };
}

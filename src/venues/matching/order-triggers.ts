import { hasLimitPrice, isStopType, type Order } from "../../domain/index.ts";

/**
 * Whether a trigger order's trigger is reached at `price`: stops trigger against the order's side
 * (BUY at price ≥ trigger, SELL at price ≤ trigger), take-profits in its favour (BUY at ≤, SELL at ≥).
 */
export function isTriggerReached(order: Order, price: number): boolean {
  const upward = isStopType(order.type) === (order.side === "BUY");
  return upward ? price >= order.triggerPrice : price <= order.triggerPrice;
}

/**
 * Whether a working order would execute at `price` right now: an untriggered order whose trigger is
 * reached, a limit order that is marketable (BUY: price ≤ limit, SELL: price ≥ limit), or a market
 * order. Used at the open of a bar (gap fills) and on arrival.
 */
export function isExecutableAt(order: Order, price: number): boolean {
  if (!order.triggered) return isTriggerReached(order, price);
  if (hasLimitPrice(order.type)) return order.side === "BUY" ? price <= order.price : price >= order.price;
  return true;
}

/**
 * The price level at which a resting order acts while the price moves from `from` to `to`, or `NaN`.
 * Triggers fire on touch (`from` inclusive, `to` inclusive). Limits fill only when the price trades
 * through them (strictly beyond the limit), the conservative rule backtesting.py also uses.
 */
export function actionLevelOnPath(order: Order, from: number, to: number): number {
  const upward = to > from;
  if (!order.triggered) {
    const trigger = order.triggerPrice;
    const triggersUpward = isStopType(order.type) === (order.side === "BUY");
    if (upward && triggersUpward && trigger >= from && trigger <= to) return trigger;
    if (!upward && !triggersUpward && trigger <= from && trigger >= to) return trigger;
    return Number.NaN;
  }
  if (!hasLimitPrice(order.type)) return Number.NaN;
  const limit = order.price;
  if (upward && order.side === "SELL" && limit >= from && limit < to) return limit;
  if (!upward && order.side === "BUY" && limit <= from && limit > to) return limit;
  return Number.NaN;
}

import { hasLimitPrice, isStopType, type Order } from "../../domain/index.ts";
import type { OrderBook } from "./order-book.ts";
import type { OrderExecution } from "./order-execution.ts";
import { isExecutableAt } from "./order-triggers.ts";

/**
 * Whether a coming bar (open, high, low) can change anything on a book: a working order executable at
 * its open or acting inside [low, high], or a position whose liquidation price lies in that range.
 * When false the bar may be skipped entirely (the venue marks the position at its next visited bar).
 * Dormant bracket legs cannot act before their parent, which is a working order itself.
 */
export function barMatters(
  book: OrderBook,
  execution: OrderExecution,
  open: number,
  high: number,
  low: number,
): boolean {
  const orders = book.orders;
  for (let at = 0; at < orders.length; at++) {
    const order = orders[at] as Order;
    if (isExecutableAt(order, open)) return true;
    if (!order.triggered) {
      if (order.triggerPrice >= low && order.triggerPrice <= high) return true;
    } else if (order.side === "BUY" ? low < order.price : high > order.price) {
      return true;
    }
  }
  const quantity = execution.positionQuantity(book.index);
  if (quantity === 0) return false;
  const level = execution.liquidationLevel(book);
  if (Number.isNaN(level)) return false;
  return quantity > 0 ? low <= level : high >= level;
}

/**
 * The prices between which bars are quiet on a book: writes `lo` to `range[0]` and `hi` to
 * `range[1]` such that a coming bar whose open, high and low all lie strictly inside (lo, hi) cannot
 * change anything ({@link barMatters} is false for it). (+∞, −∞) when any bar may matter (always so
 * for a position when the account holds several instruments — `severalInstruments` —, as other
 * marks move its liquidation price). Valid until the book's orders or the account change (a bar
 * processed, an order sent, funding).
 */
export function quietRange(
  book: OrderBook,
  execution: OrderExecution,
  severalInstruments: boolean,
  range: Float64Array,
): void {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  const orders = book.orders;
  for (let at = 0; at < orders.length; at++) {
    const order = orders[at] as Order;
    if (!order.triggered) {
      // Stops trigger upward for BUY, take-profits upward for SELL (see isTriggerReached).
      if (isStopType(order.type) === (order.side === "BUY")) hi = Math.min(hi, order.triggerPrice);
      else lo = Math.max(lo, order.triggerPrice);
    } else if (!hasLimitPrice(order.type)) {
      lo = Number.POSITIVE_INFINITY;
      hi = Number.NEGATIVE_INFINITY;
    } else if (order.side === "BUY") {
      lo = Math.max(lo, order.price);
    } else {
      hi = Math.min(hi, order.price);
    }
  }
  const quantity = execution.positionQuantity(book.index);
  if (quantity !== 0 && severalInstruments) {
    // With several instruments the liquidation price moves with the other marks.
    lo = Number.POSITIVE_INFINITY;
    hi = Number.NEGATIVE_INFINITY;
  } else if (quantity !== 0) {
    const level = execution.liquidationLevel(book);
    if (!Number.isNaN(level)) {
      if (quantity > 0) lo = Math.max(lo, level);
      else hi = Math.min(hi, level);
    }
  }
  range[0] = lo;
  range[1] = hi;
}

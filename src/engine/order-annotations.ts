import { isTerminalStatus, type Order } from "../domain/index.ts";
import { referenceList, truncate } from "./lists.ts";

/**
 * What a strategy declared with the orders it sent, kept until they fill: the stop (for the trade's
 * R multiple) and the entry's reason (kept with the trade it opens).
 */
export class OrderAnnotations {
  /** Orders sent with a declared stop, and those stops (terminal ones are dropped as new ones come). */
  private readonly stopOrders: Order[] = referenceList();
  private readonly stopPrices: number[] = [];
  /** Entry reasons by order id (only orders that carry one). */
  private readonly signals = new Map<string, unknown>();

  /** Remembers the stop declared with `order` (an entry or a bracket). */
  declareStopLoss(order: Order, stop: number): void {
    const orders = this.stopOrders;
    const prices = this.stopPrices;
    let kept = 0;
    for (let index = 0; index < orders.length; index++) {
      const other = orders[index] as Order;
      if (isTerminalStatus(other.status)) continue;
      orders[kept] = other;
      prices[kept] = prices[index] as number;
      kept++;
    }
    truncate(orders, kept);
    truncate(prices, kept);
    orders.push(order);
    prices.push(stop);
  }

  /** The stop declared with an order, if any. */
  stopLossOf(orderId: string): number | undefined {
    const orders = this.stopOrders;
    for (let index = 0; index < orders.length; index++) {
      if ((orders[index] as Order).id === orderId) return this.stopPrices[index];
    }
    return undefined;
  }

  /** Remembers the strategy's reason for an order. */
  declareSignal(orderId: string, signal: unknown): void {
    this.signals.set(orderId, signal);
  }

  /** The strategy's reason attached to an order, if any; forgotten once read. */
  takeSignal(orderId: string): unknown {
    if (this.signals.size === 0) return undefined;
    const signal = this.signals.get(orderId);
    if (signal !== undefined) this.signals.delete(orderId);
    return signal;
  }
}

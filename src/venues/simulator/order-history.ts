/**
 * The latest status of every order the simulator has seen (open, filled, canceled, triggered, …),
 * for `orderStatus`. Bounded: the oldest entries are forgotten past `capacity`.
 */
import type { ExchangeOrder, OrderUpdateStatus } from "./simulated-exchange.ts";

/** One order with its latest status. */
export interface OrderHistoryEntry {
  order: ExchangeOrder;
  status: OrderUpdateStatus;
  time: number;
}

/** Latest status per order id, with a cloid lookup per account. */
export class OrderHistory {
  private readonly byId = new Map<number, OrderHistoryEntry>();
  private readonly byClientOrderId = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /** Records an order update (the entry moves to the newest end). */
  record(order: ExchangeOrder, status: OrderUpdateStatus, time: number): void {
    this.byId.delete(order.orderId);
    this.byId.set(order.orderId, { order, status, time });
    if (order.clientOrderId)
      this.byClientOrderId.set(`${order.account}|${order.clientOrderId}`, order.orderId);
    if (this.byId.size > this.capacity) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
  }

  /** The account's order by oid or cloid, or null. */
  find(account: string, target: number | string): OrderHistoryEntry | null {
    const orderId = typeof target === "number" ? target : this.byClientOrderId.get(`${account}|${target}`);
    const entry = orderId === undefined ? undefined : this.byId.get(orderId);
    return entry && entry.order.account === account ? entry : null;
  }
}

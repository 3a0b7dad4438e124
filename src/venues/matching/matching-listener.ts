import type { Fill, Order } from "../../domain/index.ts";

/**
 * Receives the matching engine's events, synchronously, in the order they happen. The `order`
 * objects belong to the matching engine: read them, never change them.
 */
export interface MatchingListener {
  onOrderAccepted(order: Order): void;
  onOrderRejected(order: Order, reason: string): void;
  onOrderTriggered(order: Order): void;
  onOrderFilled(order: Order, fill: Fill): void;
  onOrderCanceled(order: Order, reason: string): void;
  onOrderExpired(order: Order, reason: string): void;
  onOrderModified(order: Order): void;
  /** Funding booked on a position: `amount` > 0 received, < 0 paid, quote currency. */
  onFunding(instrumentId: string, amount: number, rate: number, price: number, timestamp: number): void;
}

/** A listener that ignores everything (tests, tools). */
export const SILENT_MATCHING_LISTENER: MatchingListener = {
  onOrderAccepted() {},
  onOrderRejected() {},
  onOrderTriggered() {},
  onOrderFilled() {},
  onOrderCanceled() {},
  onOrderExpired() {},
  onOrderModified() {},
  onFunding() {},
};

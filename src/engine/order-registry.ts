import { createOrder, isTerminalStatus, type Order, transitionOrder } from "../domain/index.ts";

/**
 * The engine's own copies of its orders. Venue events update them through the order state table, so a
 * venue that reports an impossible sequence fails loudly. Orders the venue creates on its own
 * (liquidations) are adopted on their first event.
 */
export class OrderRegistry {
  /** Every order, in creation order (the run's order log). */
  readonly log: Order[] = [];
  /** Orders not yet in a terminal status, by id. */
  private readonly open = new Map<string, Order>();

  /** Adds a new order (status SUBMITTED). */
  register(order: Order): Order {
    this.open.set(order.id, order);
    this.log.push(order);
    return order;
  }

  /** A non-terminal order by id. */
  get(orderId: string): Order | undefined {
    return this.open.get(orderId);
  }

  /** Non-terminal orders of an instrument. */
  openOrders(instrumentId: string): Order[] {
    const result: Order[] = [];
    for (const order of this.open.values()) if (order.instrumentId === instrumentId) result.push(order);
    return result;
  }

  /** Moves an order the engine settles itself (a pre-trade denial) to a terminal status. */
  settle(order: Order, status: "DENIED" | "REJECTED", reason: string): void {
    transitionOrder(order, status);
    order.reason = reason;
    this.open.delete(order.id);
  }

  /** Brings the engine's copy of a venue order up to date. @returns the engine's copy. */
  mirror(venueOrder: Order): Order {
    let own = this.open.get(venueOrder.id);
    if (own === undefined) {
      own = this.register(
        createOrder(
          {
            id: venueOrder.id,
            instrumentId: venueOrder.instrumentId,
            side: venueOrder.side,
            type: venueOrder.type,
            quantity: venueOrder.quantity,
            reduceOnly: venueOrder.reduceOnly,
            tag: venueOrder.tag,
          },
          venueOrder.createdAt,
        ),
      );
    }
    if (own.status !== venueOrder.status) transitionOrder(own, venueOrder.status);
    own.quantity = venueOrder.quantity;
    own.price = venueOrder.price;
    own.triggerPrice = venueOrder.triggerPrice;
    own.triggered = venueOrder.triggered;
    own.filledQuantity = venueOrder.filledQuantity;
    own.averageFillPrice = venueOrder.averageFillPrice;
    own.reason = venueOrder.reason;
    own.updatedAt = venueOrder.updatedAt;
    if (isTerminalStatus(own.status)) this.open.delete(own.id);
    return own;
  }
}

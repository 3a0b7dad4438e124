import { createOrder, type Fill, isTerminalStatus, type Order, transitionOrder } from "../domain/index.ts";
import { ImmediateFills, type ImmediateOrder } from "./immediate-fills.ts";
import { referenceList } from "./lists.ts";

/**
 * The engine's own copies of its orders. Venue events update them through the order state table, so a
 * venue that reports an impossible sequence fails loudly. Orders the venue creates on its own
 * (liquidations) are adopted on their first event.
 *
 * An in-process venue may take the engine's order objects over as its own (the backtest's simulated
 * venue does, see `MatchingEngine.submitOrder`): its events then carry the engine's copy itself, which
 * the venue has already moved through the state table, and mirroring it is only bookkeeping.
 */
export class OrderRegistry {
  /** Orders that went through the venue's books, in creation order. */
  private readonly booked: Order[] = referenceList();
  /** For each of {@link booked}, how many orders filled at once had been logged before it. */
  private readonly immediateBefore: number[] = [];
  /** Market orders filled at once (never open), kept compactly. */
  private readonly immediate: ImmediateFills;
  /** Objects of {@link immediate}'s orders built by {@link log} so far, by row. */
  private readonly immediateBuilt: Order[] = referenceList();
  /**
   * Orders not yet in a terminal status, in creation order. A plain list: a strategy keeps few orders
   * working at once, and a scan of a few entries is cheaper than a map's upkeep on every order.
   */
  private readonly open: Order[] = referenceList();

  constructor(
    /** Instrument ids of the run by index (orders filled at once are logged with the index). */
    instrumentIds: readonly string[],
  ) {
    this.immediate = new ImmediateFills(instrumentIds);
  }

  /**
   * Every order, in creation order (a new list on each call; orders filled at once are built as
   * objects on the first read, then reused).
   */
  get log(): readonly Order[] {
    const orders: Order[] = [];
    const built = this.immediateBuilt;
    const immediate = this.immediate;
    const take = (row: number) => {
      while (built.length <= row) built.push(immediate.order(built.length));
      orders.push(built[row] as Order);
    };
    let next = 0;
    for (let index = 0; index < this.booked.length; index++) {
      const before = this.immediateBefore[index] as number;
      while (next < before) take(next++);
      orders.push(this.booked[index] as Order);
    }
    while (next < immediate.length) take(next++);
    return orders;
  }

  /** Adds a new order (status SUBMITTED). */
  register(order: Order): Order {
    this.open.push(order);
    this.booked.push(order);
    this.immediateBefore.push(this.immediate.length);
    return order;
  }

  /**
   * Logs a market order that the venue filled completely the moment it was sent (see
   * `ExecutionClient.executeMarketNow`): it never was open, and it is kept compactly.
   */
  logFilledAtOnce(order: ImmediateOrder, fill: Fill): void {
    this.immediate.add(order, fill);
  }

  /** Whether no order is open. */
  get isEmpty(): boolean {
    return this.open.length === 0;
  }

  /** A non-terminal order by id. */
  get(orderId: string): Order | undefined {
    const open = this.open;
    for (let index = 0; index < open.length; index++) {
      const order = open[index] as Order;
      if (order.id === orderId) return order;
    }
    return undefined;
  }

  /** Non-terminal orders of an instrument. */
  openOrders(instrumentId: string): Order[] {
    const result: Order[] = [];
    const open = this.open;
    for (let index = 0; index < open.length; index++) {
      const order = open[index] as Order;
      if (order.instrumentId === instrumentId) result.push(order);
    }
    return result;
  }

  /** Moves an order the engine settles itself (a pre-trade denial) to a terminal status. */
  settle(order: Order, status: "DENIED" | "REJECTED", reason: string): void {
    transitionOrder(order, status);
    order.reason = reason;
    this.remove(order.id);
  }

  /** Brings the engine's copy of a venue order up to date. @returns the engine's copy. */
  mirror(venueOrder: Order): Order {
    const at = this.indexOf(venueOrder);
    if (at >= 0 && this.open[at] === venueOrder) {
      // The venue works on the engine's own object: it is up to date already.
      if (isTerminalStatus(venueOrder.status)) this.removeAt(at);
      return venueOrder;
    }
    let own = at >= 0 ? (this.open[at] as Order) : undefined;
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
    if (isTerminalStatus(own.status)) this.remove(own.id);
    return own;
  }

  /** Position in the open list of the object itself, else of the open order with its id; −1 if none. */
  private indexOf(order: Order): number {
    const open = this.open;
    for (let index = 0; index < open.length; index++) if (open[index] === order) return index;
    const id = order.id;
    for (let index = 0; index < open.length; index++) if ((open[index] as Order).id === id) return index;
    return -1;
  }

  private remove(orderId: string): void {
    const open = this.open;
    for (let index = 0; index < open.length; index++) {
      if ((open[index] as Order).id === orderId) {
        this.removeAt(index);
        return;
      }
    }
  }

  private removeAt(at: number): void {
    const open = this.open;
    for (let index = at; index < open.length - 1; index++) open[index] = open[index + 1] as Order;
    open.pop();
  }
}

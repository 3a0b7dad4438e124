import type { Fill, Order, OrderChanges, OrderRequest, OrderSide } from "../domain/index.ts";
import type {
  ExecutionClient,
  ExecutionEvents,
  ImmediateFillReceiver,
  ImmediateMarketOrder,
} from "../engine/index.ts";
import {
  type FeeModel,
  type MatchingEngine,
  type MatchingListener,
  takerFeeRate,
} from "../venues/matching/index.ts";

/**
 * The backtest's execution client: orders go straight into an in-process {@link MatchingEngine};
 * its events are forwarded to the engine once {@link connect} has been called.
 */
export class SimulatedExecutionClient implements ExecutionClient, MatchingListener {
  readonly takerFeeRate: number;
  private matching: MatchingEngine | undefined;
  private events: ExecutionEvents | undefined;

  constructor(fees: FeeModel) {
    this.takerFeeRate = takerFeeRate(fees);
  }

  /** Wires the venue and the event receiver (they reference each other, hence after construction). */
  connect(matching: MatchingEngine, events: ExecutionEvents): void {
    this.matching = matching;
    this.events = events;
  }

  /**
   * Sends an order. The engine's own order objects (status `SUBMITTED`, as the engine's router sends
   * them) are handed over to the venue, which then keeps them as its copies: one object per order for
   * engine and venue, no mirroring. Plain requests are copied by the venue.
   */
  submit(order: OrderRequest, contingent: readonly OrderRequest[]): void {
    if (isUnsentOrder(order) && contingent.every(isUnsentOrder)) {
      this.venue().submitOrder(order, contingent);
    } else {
      this.venue().submit(order, contingent);
    }
  }
  executeMarketNow(order: ImmediateMarketOrder, receiver: ImmediateFillReceiver): boolean {
    const venue = this.venue();
    const fill = venue.executeMarketNow(order.instrument, order);
    if (fill === undefined) return false;
    receiver.onImmediateFill(order.instrument, fill);
    venue.checkLiquidation(order.instrument);
    return true;
  }
  cancel(orderId: string): boolean {
    return this.venue().cancel(orderId);
  }
  modify(orderId: string, changes: OrderChanges): boolean {
    return this.venue().modify(orderId, changes);
  }
  marketPrice(instrumentIndex: number, side: OrderSide): number {
    return this.venue().marketPrice(instrumentIndex, side);
  }

  onOrderAccepted(order: Order): void {
    this.events?.onOrderAccepted(order);
  }
  onOrderRejected(order: Order, reason: string): void {
    this.events?.onOrderRejected(order, reason);
  }
  onOrderTriggered(order: Order): void {
    this.events?.onOrderTriggered(order);
  }
  onOrderFilled(order: Order, fill: Fill): void {
    this.events?.onOrderFilled(order, fill);
  }
  onOrderCanceled(order: Order, reason: string): void {
    this.events?.onOrderCanceled(order, reason);
  }
  onOrderExpired(order: Order, reason: string): void {
    this.events?.onOrderExpired(order, reason);
  }
  onOrderModified(order: Order): void {
    this.events?.onOrderModified(order);
  }
  onFunding(instrumentId: string, amount: number, rate: number, price: number, timestamp: number): void {
    this.events?.onFunding(instrumentId, amount, rate, price, timestamp);
  }

  private venue(): MatchingEngine {
    if (this.matching === undefined) throw new Error("SimulatedExecutionClient used before connect()");
    return this.matching;
  }
}

/** Whether a request is an order object that has not left yet (built by `createOrder`). */
function isUnsentOrder(request: OrderRequest): request is Order {
  return (request as Partial<Order>).status === "SUBMITTED";
}

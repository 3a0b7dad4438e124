/**
 * The orders one execution client sent or adopted, found by engine order id, cloid or venue oid.
 */
import type { Order, OrderRequest } from "../domain/index.ts";

/** What the client knows about one order it sent or adopted. */
export interface TrackedOrder {
  /** The client's copy (the engine mirrors it). */
  readonly venue: Order;
  readonly cloid: `0x${string}`;
  oid: number | undefined;
  /** Index of the order's market in the client's market list. */
  readonly instrument: number;
  /** Dormant bracket children, sent when this order has filled. */
  children: OrderRequest[];
  /** A terminal status that waits for fills still in flight (filled size it waits for). */
  pendingEnd: { status: "CANCELED" | "EXPIRED"; reason: string; filled: number } | undefined;
}

/** Tracked orders with their three lookups. */
export class TrackedOrders {
  private readonly byId = new Map<string, TrackedOrder>();
  private readonly byCloid = new Map<string, TrackedOrder>();
  private readonly byOid = new Map<number, TrackedOrder>();

  add(tracked: TrackedOrder): void {
    this.byId.set(tracked.venue.id, tracked);
    this.byCloid.set(tracked.cloid, tracked);
    if (tracked.oid !== undefined) this.byOid.set(tracked.oid, tracked);
  }

  /** By engine order id. */
  get(orderId: string): TrackedOrder | undefined {
    return this.byId.get(orderId);
  }

  /** By cloid first (it survives modifies), else by oid. */
  find(cloid: string | undefined, oid: number): TrackedOrder | undefined {
    return (cloid !== undefined ? this.byCloid.get(cloid) : undefined) ?? this.byOid.get(oid);
  }

  /** Records the venue oid of an order; false when it was already known. */
  setOid(tracked: TrackedOrder, oid: number): boolean {
    if (tracked.oid === oid) return false;
    tracked.oid = oid;
    this.byOid.set(oid, tracked);
    return true;
  }

  values(): IterableIterator<TrackedOrder> {
    return this.byId.values();
  }
}

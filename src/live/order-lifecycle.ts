/**
 * The state changes of the execution client's order copies and the events they raise: accepted,
 * triggered, rejected, canceled or expired (once the fills in flight have caught up), filled. Fills
 * are applied here from Hyperliquid's fill wires.
 */
import type { Clock } from "../core/index.ts";
import { isTerminalStatus, transitionOrder } from "../domain/index.ts";
import type { ExecutionEvents } from "../engine/index.ts";
import type { FillWire } from "../venues/hyperliquid/index.ts";
import { fillFromWire } from "./fill-mapping.ts";
import type { TrackedOrder } from "./tracked-orders.ts";

const EPSILON = 1e-9;

/** Moves tracked orders through their states and tells the receiver of venue events. */
export class OrderLifecycle {
  /** The receiver of venue events (the engine, or the node in front of it). */
  events: ExecutionEvents | undefined;

  constructor(
    private readonly clock: Clock,
    /** Sends the dormant children of a parent that has (finally) filled. */
    private readonly releaseChildren: (tracked: TrackedOrder) => void,
  ) {}

  accept(tracked: TrackedOrder): void {
    if (tracked.venue.status !== "SUBMITTED") return;
    transitionOrder(tracked.venue, "ACCEPTED");
    tracked.venue.updatedAt = this.clock.now();
    this.events?.onOrderAccepted(tracked.venue);
  }

  trigger(tracked: TrackedOrder): void {
    const venue = tracked.venue;
    this.accept(tracked);
    if (venue.triggered || venue.status !== "ACCEPTED") return;
    venue.triggered = true;
    transitionOrder(venue, "TRIGGERED");
    this.events?.onOrderTriggered(venue);
  }

  /** The venue refused the order (an order already accepted is canceled instead). */
  reject(tracked: TrackedOrder, reason: string): void {
    const venue = tracked.venue;
    if (venue.status !== "SUBMITTED") {
      this.end(tracked, "CANCELED", reason, venue.filledQuantity);
      return;
    }
    transitionOrder(venue, "REJECTED");
    venue.reason = reason;
    tracked.children = [];
    this.events?.onOrderRejected(venue, reason);
  }

  /** Ends an order once its fills have caught up with `filled` (else remembers the end for later). */
  end(tracked: TrackedOrder, status: "CANCELED" | "EXPIRED", reason: string, filled: number): void {
    const venue = tracked.venue;
    if (isTerminalStatus(venue.status)) return;
    if (venue.filledQuantity < filled - EPSILON) {
      tracked.pendingEnd = { status, reason, filled };
      return;
    }
    this.accept(tracked);
    transitionOrder(venue, status);
    venue.reason = reason;
    venue.updatedAt = this.clock.now();
    if (status === "CANCELED") this.events?.onOrderCanceled(venue, reason);
    else this.events?.onOrderExpired(venue, reason);
    this.releaseChildren(tracked);
  }

  /** Applies one venue fill to its order (a liquidation fill is tagged `liquidation`). */
  applyFill(tracked: TrackedOrder, wire: FillWire): void {
    const venue = tracked.venue;
    this.accept(tracked);
    if (!venue.triggered) this.trigger(tracked);
    const quantity = Number(wire.sz);
    const price = Number(wire.px);
    const before = venue.filledQuantity;
    venue.filledQuantity = before + quantity;
    venue.averageFillPrice =
      before === 0 ? price : (venue.averageFillPrice * before + price * quantity) / venue.filledQuantity;
    if (venue.filledQuantity > venue.quantity) venue.quantity = venue.filledQuantity;
    venue.updatedAt = wire.time;
    const full = venue.filledQuantity >= venue.quantity - EPSILON;
    if (!isTerminalStatus(venue.status)) transitionOrder(venue, full ? "FILLED" : "PARTIALLY_FILLED");
    this.events?.onOrderFilled(venue, fillFromWire(wire, venue.id, venue.instrumentId, venue.tag));
    const pending = tracked.pendingEnd;
    if (pending !== undefined && venue.filledQuantity >= pending.filled - EPSILON && !full) {
      this.end(tracked, pending.status, pending.reason, pending.filled);
    }
    if (full || venue.status === "CANCELED") this.releaseChildren(tracked);
  }
}

/**
 * What an order send's outcome ({@link SendOutcome}) does to the tracked order: the venue's answer
 * (resting, filled, waiting, or a per-order error), a refusal, an order the venue already held (adopted,
 * never sent twice), or a give-up.
 */
import { OrderStatusWire, parseWire } from "../venues/hyperliquid/index.ts";
import type { OrderLifecycle } from "./order-lifecycle.ts";
import type { SendOutcome } from "./order-submission.ts";
import type { TrackedOrder } from "./tracked-orders.ts";

const EPSILON = 1e-9;

/** What applying an outcome needs from the execution client. */
export interface OutcomeTarget {
  readonly lifecycle: OrderLifecycle;
  /** Records the venue oid of an order. */
  learnOid(tracked: TrackedOrder, oid: number): void;
  /** The venue said the order (partly) filled: its fills are on their way (gap-fill to be sure). */
  onFilled(): void;
}

/** Applies the outcome of sending `tracked`. */
export function applySendOutcome(target: OutcomeTarget, tracked: TrackedOrder, outcome: SendOutcome): void {
  const lifecycle = target.lifecycle;
  if (outcome.kind === "answered") applyOrderResponse(target, tracked, outcome.response);
  else if (outcome.kind === "refused") lifecycle.reject(tracked, outcome.reason);
  else if (outcome.kind === "failed") lifecycle.reject(tracked, `request failed: ${outcome.reason}`);
  else {
    // An earlier attempt placed it: adopt the venue's order, never send a second one.
    target.learnOid(tracked, outcome.oid);
    if (outcome.status === "rejected" || outcome.status.endsWith("Rejected")) {
      lifecycle.reject(tracked, outcome.status);
      return;
    }
    lifecycle.accept(tracked);
    if (outcome.status === "triggered") lifecycle.trigger(tracked);
    if (outcome.filled > 0) target.onFilled();
    if (!["open", "triggered", "filled"].includes(outcome.status))
      lifecycle.end(tracked, "CANCELED", outcome.status, outcome.filled);
  }
}

/** Applies the first status of an `order` response. */
function applyOrderResponse(target: OutcomeTarget, tracked: TrackedOrder, response: unknown): void {
  const lifecycle = target.lifecycle;
  const statuses = (response as { response?: { data?: { statuses?: unknown[] } } }).response?.data?.statuses;
  const status = parseWire(OrderStatusWire, statuses?.[0], "order status");
  if (typeof status === "string") lifecycle.accept(tracked);
  else if ("resting" in status) {
    target.learnOid(tracked, status.resting.oid);
    lifecycle.accept(tracked);
  } else if ("filled" in status) {
    target.learnOid(tracked, status.filled.oid);
    lifecycle.accept(tracked);
    const total = Number(status.filled.totalSz);
    if (tracked.venue.type === "MARKET" && total < tracked.venue.quantity - EPSILON) {
      lifecycle.end(tracked, "CANCELED", "ioc_unfilled_rest", total);
    }
    target.onFilled();
  } else lifecycle.reject(tracked, status.error);
}

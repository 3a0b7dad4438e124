/**
 * Order life cycle. `SUBMITTED` is an order on its way to the venue; `DENIED` is the pre-trade risk
 * check saying no before it left; `REJECTED` is the venue saying no; `TRIGGERED` marks a stop or
 * take-profit whose trigger price was reached.
 */
export type OrderStatus =
  | "SUBMITTED"
  | "ACCEPTED"
  | "TRIGGERED"
  | "PARTIALLY_FILLED"
  | "FILLED"
  | "CANCELED"
  | "REJECTED"
  | "EXPIRED"
  | "DENIED";

/** Every legal transition, `from → [to...]`. Anything not listed is an invariant violation. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  SUBMITTED: ["ACCEPTED", "REJECTED", "DENIED"],
  ACCEPTED: ["TRIGGERED", "PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED"],
  TRIGGERED: ["PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED"],
  PARTIALLY_FILLED: ["PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED"],
  FILLED: [],
  CANCELED: [],
  REJECTED: [],
  EXPIRED: [],
  DENIED: [],
};

/** Thrown on a transition the table does not allow: a bug, never a market condition. */
export class IllegalOrderTransitionError extends Error {
  constructor(
    readonly orderId: string,
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`order ${orderId}: illegal transition ${from} → ${to}`);
    this.name = "IllegalOrderTransitionError";
  }
}

/** Whether `from → to` is in {@link ORDER_TRANSITIONS}. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Whether no further transition is possible. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}

/** Whether the order can still fill (accepted, triggered or partially filled). */
export function isWorkingStatus(status: OrderStatus): boolean {
  return status === "ACCEPTED" || status === "TRIGGERED" || status === "PARTIALLY_FILLED";
}

/**
 * Moves `order.status` to `to`.
 *
 * @throws IllegalOrderTransitionError when the table does not allow the move.
 */
export function transitionOrder(order: { readonly id: string; status: OrderStatus }, to: OrderStatus): void {
  if (!canTransition(order.status, to)) throw new IllegalOrderTransitionError(order.id, order.status, to);
  order.status = to;
}

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

/** Bit of a status in the masks below (a switch on interned literals: no keyed property loads). */
function statusBit(status: OrderStatus): number {
  switch (status) {
    case "SUBMITTED":
      return 1;
    case "ACCEPTED":
      return 2;
    case "TRIGGERED":
      return 4;
    case "PARTIALLY_FILLED":
      return 8;
    case "FILLED":
      return 16;
    case "CANCELED":
      return 32;
    case "REJECTED":
      return 64;
    case "EXPIRED":
      return 128;
    case "DENIED":
      return 256;
    default:
      return 0;
  }
}

/** {@link ORDER_TRANSITIONS} as one bit mask of allowed targets per source status, by bit position. */
const ALLOWED_TARGETS: readonly number[] = (() => {
  const masks: number[] = [];
  for (const [from, targets] of Object.entries(ORDER_TRANSITIONS) as Array<
    [OrderStatus, readonly OrderStatus[]]
  >) {
    let mask = 0;
    for (const to of targets) mask |= statusBit(to);
    masks[Math.log2(statusBit(from))] = mask;
  }
  return masks;
})();

function allowedTargets(from: OrderStatus): number {
  const bit = statusBit(from);
  return bit === 0 ? 0 : (ALLOWED_TARGETS[31 - Math.clz32(bit)] ?? 0);
}

/** Whether `from → to` is in {@link ORDER_TRANSITIONS}. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return (allowedTargets(from) & statusBit(to)) !== 0;
}

/** Whether no further transition is possible. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return allowedTargets(status) === 0;
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

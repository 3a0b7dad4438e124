import { ValidationError } from "../core/errors.ts";
import { isWorkingStatus, type OrderStatus } from "./order-status.ts";

/** Direction of an order. */
export type OrderSide = "BUY" | "SELL";

/**
 * Order types. Stops and take-profits wait for their trigger price, then act as a market order
 * (`*_MARKET`) or rest as a limit order (`*_LIMIT`). A stop triggers when price moves against the
 * side's favour through the trigger (BUY: price ≥ trigger, SELL: price ≤ trigger); a take-profit
 * triggers in the side's favour (BUY: price ≤ trigger, SELL: price ≥ trigger).
 */
export type OrderType =
  | "MARKET"
  | "LIMIT"
  | "STOP_MARKET"
  | "STOP_LIMIT"
  | "TAKE_PROFIT_MARKET"
  | "TAKE_PROFIT_LIMIT";

/** Good-till-canceled, immediate-or-cancel, add-liquidity-only (post-only). */
export type TimeInForce = "GTC" | "IOC" | "ALO";

/**
 * An order as a venue (or the engine's view of it) tracks it. Mutable: the owner moves `status`
 * only through `transitionOrder`. Missing prices are `NaN` (not `undefined`) so the hot path reads
 * plain numbers.
 */
export interface Order {
  /** Client order id, unique per run. */
  readonly id: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  timeInForce: TimeInForce;
  /** Size in base units, > 0. */
  quantity: number;
  /** Limit price (quote per unit), `NaN` for market-type orders. */
  price: number;
  /** Trigger price for stops and take-profits, `NaN` otherwise. */
  triggerPrice: number;
  /** Only ever reduces the position; the filled size is capped at the position's size. */
  readonly reduceOnly: boolean;
  status: OrderStatus;
  /** Whether a stop / take-profit has been triggered (always true for other types). */
  triggered: boolean;
  /** Filled size so far in base units. */
  filledQuantity: number;
  /** Volume-weighted average fill price, `NaN` before the first fill. */
  averageFillPrice: number;
  /** Bracket parent: the order is dormant until the parent fills. */
  readonly parentId: string | undefined;
  /** One-cancels-other group: when the position these exits protect is flat, the rest are canceled. */
  readonly ocoGroup: string | undefined;
  /** For bracket children, the share (0, 1] of the parent's filled size this order closes. */
  readonly fractionOfParent: number;
  /** Free label carried to fills and trades (`stop_loss`, `tp1`, `signal`, ...). */
  readonly tag: string;
  /** Why the venue rejected, canceled or expired the order, when it did. */
  reason: string | undefined;
  /** Creation time, ms UTC. */
  readonly createdAt: number;
  /** Last change, ms UTC. */
  updatedAt: number;
}

/** An order as sent to a venue (the venue's clock sets the creation time). Absent prices may be `NaN`. */
export interface OrderRequest {
  id: string;
  instrumentId: string;
  side: OrderSide;
  type: OrderType;
  quantity: number;
  price?: number;
  triggerPrice?: number;
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  parentId?: string;
  ocoGroup?: string;
  fractionOfParent?: number;
  tag?: string;
}

/** Changes a venue accepts for a working order (`modify`). Prices in quote per unit, size in base units. */
export interface OrderChanges {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}

/** Whether the type has a limit price. */
export function hasLimitPrice(type: OrderType): boolean {
  return type === "LIMIT" || type === "STOP_LIMIT" || type === "TAKE_PROFIT_LIMIT";
}

/** Whether the type waits for a trigger price. */
export function hasTriggerPrice(type: OrderType): boolean {
  return type !== "MARKET" && type !== "LIMIT";
}

/** Whether the type is a stop (triggers when price moves against the order's side). */
export function isStopType(type: OrderType): boolean {
  return type === "STOP_MARKET" || type === "STOP_LIMIT";
}

/** +1 for BUY, −1 for SELL. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === "BUY" ? 1 : -1;
}

/** The other side. */
export function oppositeSide(side: OrderSide): OrderSide {
  return side === "BUY" ? "SELL" : "BUY";
}

/** Size still to fill, in base units. */
export function remainingQuantity(order: Order): number {
  return order.quantity - order.filledQuantity;
}

/** Whether the order can still fill (accepted, triggered or partially filled). */
export function isWorking(order: Order): boolean {
  return isWorkingStatus(order.status);
}

/**
 * Builds a new order in status `SUBMITTED`, created at `createdAt` (ms UTC).
 *
 * @throws ValidationError as {@link validateOrderRequest}.
 */
export function createOrder(spec: OrderRequest, createdAt: number): Order {
  validateOrderRequest(spec);
  const order = new OrderObject();
  order.id = spec.id;
  order.instrumentId = spec.instrumentId;
  order.side = spec.side;
  order.type = spec.type;
  order.timeInForce = spec.timeInForce ?? (spec.type === "MARKET" ? "IOC" : "GTC");
  order.quantity = spec.quantity;
  order.price = spec.price ?? Number.NaN;
  order.triggerPrice = spec.triggerPrice ?? Number.NaN;
  order.reduceOnly = spec.reduceOnly ?? false;
  order.triggered = !hasTriggerPrice(spec.type);
  order.parentId = spec.parentId;
  order.ocoGroup = spec.ocoGroup;
  order.fractionOfParent = spec.fractionOfParent ?? 1;
  order.tag = spec.tag ?? "";
  order.createdAt = createdAt;
  order.updatedAt = createdAt;
  return order;
}

/**
 * Checks that an order can be built from `spec` (what {@link createOrder} checks first).
 *
 * @throws ValidationError when the size is not > 0, a required price is missing or not > 0, ALO is
 *   used on anything but a limit order, or `fractionOfParent` is outside (0, 1].
 */
export function validateOrderRequest(spec: OrderRequest): void {
  const price = spec.price ?? Number.NaN;
  const triggerPrice = spec.triggerPrice ?? Number.NaN;
  if (!(spec.quantity > 0) || !Number.isFinite(spec.quantity)) {
    throw new ValidationError(`order ${spec.id}: quantity must be > 0, got ${spec.quantity}`, {
      field: "quantity",
    });
  }
  if (hasLimitPrice(spec.type) && !(price > 0 && Number.isFinite(price))) {
    throw new ValidationError(`order ${spec.id}: ${spec.type} needs a limit price > 0, got ${spec.price}`, {
      field: "price",
    });
  }
  if (hasTriggerPrice(spec.type) && !(triggerPrice > 0 && Number.isFinite(triggerPrice))) {
    throw new ValidationError(
      `order ${spec.id}: ${spec.type} needs a trigger price > 0, got ${spec.triggerPrice}`,
      {
        field: "triggerPrice",
      },
    );
  }
  const timeInForce = spec.timeInForce ?? (spec.type === "MARKET" ? "IOC" : "GTC");
  if (timeInForce === "ALO" && spec.type !== "LIMIT") {
    throw new ValidationError(`order ${spec.id}: ALO (post-only) applies to LIMIT orders only`, {
      field: "timeInForce",
    });
  }
  const fraction = spec.fractionOfParent ?? 1;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new ValidationError(`order ${spec.id}: fractionOfParent must be in (0, 1], got ${fraction}`, {
      field: "fractionOfParent",
    });
  }
}

/**
 * The object behind every {@link Order}: instances of one class share one hidden class whose field
 * layout the engine keeps up to date, so reading an order's fields stays a plain load. (Orders built
 * as object literals were each re-laid-out on first access once a field had changed representation —
 * e.g. a whole-unit size turning fractional — which cost about half a microsecond per order.)
 */
class OrderObject implements Order {
  id = "";
  instrumentId = "";
  side: OrderSide = "BUY";
  type: OrderType = "MARKET";
  timeInForce: TimeInForce = "IOC";
  quantity = Number.NaN;
  price = Number.NaN;
  triggerPrice = Number.NaN;
  reduceOnly = false;
  status: OrderStatus = "SUBMITTED";
  triggered = true;
  filledQuantity = 0;
  averageFillPrice = Number.NaN;
  parentId: string | undefined = undefined;
  ocoGroup: string | undefined = undefined;
  fractionOfParent = 1;
  tag = "";
  reason: string | undefined = undefined;
  createdAt = Number.NaN;
  updatedAt = Number.NaN;
}

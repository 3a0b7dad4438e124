import { ValidationError } from "../core/errors.ts";
import {
  type Instrument,
  type OrderRequest,
  type OrderSide,
  type OrderType,
  oppositeSide,
} from "../domain/index.ts";
import type { Sizing } from "./sizing.ts";
import type { BracketOptions, OrderOptions, TakeProfitLeg } from "./strategy.ts";

/**
 * A strategy's order as queued before it is sent: its size may still be a sizing rule, resolved at
 * delivery with the price of that moment. Absent prices are `NaN`. Once its size is set it is also
 * the {@link OrderRequest} sent to the venue (no copy).
 */
export interface OrderIntent {
  kind: "order";
  id: string;
  instrument: number;
  instrumentId: string;
  side: OrderSide;
  type: OrderType;
  /** Size in base units, `NaN` = use `sizing`. */
  quantity: number;
  sizing: Sizing;
  price: number;
  triggerPrice: number;
  timeInForce: "GTC" | "IOC" | "ALO" | undefined;
  reduceOnly: boolean;
  tag: string;
  /** Declared stop (`NaN` if none); the bracket's stop-loss trigger for brackets. */
  stopLoss: number;
  takeProfits: readonly TakeProfitLeg[] | undefined;
  bracket: boolean;
  /** Close the whole position: side and size are taken from the position at delivery. */
  closeAll: boolean;
}

/** Any queued strategy command. An intent is itself the order request sent to the venue. */
export type Intent =
  | OrderIntent
  | { kind: "cancel"; id: string }
  | { kind: "modify"; id: string; changes: { quantity?: number; price?: number; triggerPrice?: number } };

/**
 * The intent of `buy` / `sell`.
 *
 * @throws ValidationError for a quantity that is not > 0.
 */
export function orderIntent(
  id: string,
  instrument: number,
  instrumentId: string,
  side: OrderSide,
  options: OrderOptions,
  sizing: Sizing,
): OrderIntent {
  if (options.quantity !== undefined && !(options.quantity > 0)) {
    throw new ValidationError(`order quantity must be > 0, got ${options.quantity}`, { field: "quantity" });
  }
  return {
    kind: "order",
    id,
    instrument,
    instrumentId,
    side,
    type: options.type ?? (options.price !== undefined ? "LIMIT" : "MARKET"),
    quantity: options.quantity ?? Number.NaN,
    sizing: options.sizing ?? sizing,
    price: options.price ?? Number.NaN,
    triggerPrice: options.triggerPrice ?? Number.NaN,
    timeInForce: options.timeInForce,
    reduceOnly: options.reduceOnly ?? false,
    tag: options.tag ?? "",
    stopLoss: options.stopLoss ?? Number.NaN,
    takeProfits: undefined,
    bracket: false,
    closeAll: false,
  };
}

/**
 * The intent of `bracket`.
 *
 * @throws ValidationError when the stop is not > 0 or a take-profit leg is malformed.
 */
export function bracketIntent(
  id: string,
  instrument: number,
  instrumentId: string,
  options: BracketOptions,
  sizing: Sizing,
): OrderIntent {
  if (!(options.stopLoss > 0)) {
    throw new ValidationError(`bracket stopLoss must be > 0, got ${options.stopLoss}`, { field: "stopLoss" });
  }
  for (const leg of options.takeProfits ?? []) {
    if (!(leg.price > 0) || !(leg.fraction > 0 && leg.fraction <= 1)) {
      throw new ValidationError("bracket take-profit needs price > 0 and fraction in (0, 1]", {
        field: "takeProfits",
      });
    }
  }
  if (options.quantity !== undefined && !(options.quantity > 0)) {
    throw new ValidationError(`bracket quantity must be > 0, got ${options.quantity}`, { field: "quantity" });
  }
  return {
    kind: "order",
    id,
    instrument,
    instrumentId,
    side: options.side,
    type: options.entryType ?? "MARKET",
    quantity: options.quantity ?? Number.NaN,
    sizing: options.sizing ?? sizing,
    price: options.price ?? Number.NaN,
    triggerPrice: options.triggerPrice ?? Number.NaN,
    timeInForce: undefined,
    reduceOnly: false,
    tag: options.tag ?? "",
    stopLoss: options.stopLoss,
    takeProfits: options.takeProfits ?? [],
    bracket: true,
    closeAll: false,
  };
}

/** A reduce-only market order closing the whole position; side and size are set at delivery. */
export function closeIntent(
  id: string,
  instrument: number,
  instrumentId: string,
  tag: string,
  sizing: Sizing,
): OrderIntent {
  return {
    kind: "order",
    id,
    instrument,
    instrumentId,
    side: "SELL",
    type: "MARKET",
    quantity: Number.NaN,
    sizing,
    price: Number.NaN,
    triggerPrice: Number.NaN,
    timeInForce: undefined,
    reduceOnly: true,
    tag,
    stopLoss: Number.NaN,
    takeProfits: undefined,
    bracket: false,
    closeAll: true,
  };
}

/**
 * The legs of a bracket: a reduce-only stop-loss for the whole entry (`<id>-sl`, tag `stop_loss`)
 * and one reduce-only take-profit per leg (`<id>-tpN`, tag `tpN`); the last leg closes what is left.
 * All are children of the entry (dormant until it fills) in one OCO group.
 */
export function bracketChildren(
  intent: OrderIntent,
  instrument: Instrument,
  quantity: number,
): OrderRequest[] {
  const side = oppositeSide(intent.side);
  const leg = (
    suffix: string,
    type: OrderType,
    triggerPrice: number,
    fraction: number,
    tag: string,
  ): OrderRequest => ({
    id: `${intent.id}-${suffix}`,
    instrumentId: instrument.id,
    side,
    type,
    quantity: quantity * fraction,
    triggerPrice,
    reduceOnly: true,
    parentId: intent.id,
    ocoGroup: intent.id,
    fractionOfParent: fraction,
    tag,
  });
  const children: OrderRequest[] = [leg("sl", "STOP_MARKET", intent.stopLoss, 1, "stop_loss")];
  const legs = intent.takeProfits ?? [];
  for (let index = 0; index < legs.length; index++) {
    const takeProfit = legs[index] as TakeProfitLeg;
    const fraction = index === legs.length - 1 ? 1 : takeProfit.fraction;
    children.push(leg(`tp${index + 1}`, "TAKE_PROFIT_MARKET", takeProfit.price, fraction, `tp${index + 1}`));
  }
  return children;
}

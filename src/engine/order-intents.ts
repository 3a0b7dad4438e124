import { ValidationError } from "../core/errors.ts";
import {
  type Instrument,
  type OrderRequest,
  type OrderSide,
  type OrderType,
  oppositeSide,
} from "../domain/index.ts";
import { referenceList } from "./lists.ts";
import type { Sizing } from "./sizing.ts";
import type { BracketOptions, OrderOptions, TakeProfitLeg } from "./strategy.ts";

/**
 * A strategy's order as queued before it is sent: its size may still be a sizing rule, resolved at
 * delivery with the price of that moment. Absent prices are `NaN`. Once its size is set it is also
 * the {@link OrderRequest} sent to the venue (no copy).
 */
export interface OrderIntent {
  kind: "order";
  /** The router's number of the order; `id` is {@link orderIdOf} of it. */
  sequence: number;
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
  /** The strategy's reason for an entry, kept with the trade it opens (undefined when none). */
  signal: unknown;
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
 * The ids of order numbers below this are made once per process and shared: every run numbers its
 * orders from 1, so the runs of a sweep, an optimizer or the API's job worker would otherwise each
 * turn the same numbers into the same strings again (≈ 20 ns an order). At most ≈ 2 MB.
 */
const SHARED_ID_COUNT = 1 << 16;
const SHARED_IDS: string[] = [];

/** The client order id of the router's order number `sequence` ("o1", "o2", …). */
export function orderIdOf(sequence: number): string {
  if (sequence < SHARED_ID_COUNT) {
    const ids = SHARED_IDS;
    while (ids.length <= sequence) ids.push(`o${ids.length}`);
    // A fractional number (never given by the router) is not in the table.
    return ids[sequence] ?? `o${sequence}`;
  }
  return `o${sequence}`;
}

/**
 * The intent of `buy` / `sell`.
 *
 * @throws ValidationError for a quantity that is not > 0.
 */
export function orderIntent(
  into: OrderIntent,
  sequence: number,
  instrument: number,
  instrumentId: string,
  side: OrderSide,
  options: OrderOptions,
  sizing: Sizing,
): OrderIntent {
  if (options.quantity !== undefined && !(options.quantity > 0)) {
    throw new ValidationError(`order quantity must be > 0, got ${options.quantity}`, { field: "quantity" });
  }
  into.sequence = sequence;
  into.id = orderIdOf(sequence);
  into.instrument = instrument;
  into.instrumentId = instrumentId;
  into.side = side;
  into.type = options.type ?? (options.price !== undefined ? "LIMIT" : "MARKET");
  into.quantity = options.quantity ?? Number.NaN;
  into.sizing = options.sizing ?? sizing;
  into.price = options.price ?? Number.NaN;
  into.triggerPrice = options.triggerPrice ?? Number.NaN;
  into.timeInForce = options.timeInForce;
  into.reduceOnly = options.reduceOnly ?? false;
  into.tag = options.tag ?? "";
  into.signal = options.signal;
  into.stopLoss = options.stopLoss ?? Number.NaN;
  into.takeProfits = undefined;
  into.bracket = false;
  into.closeAll = false;
  return into;
}

/**
 * The intent of `bracket`.
 *
 * @throws ValidationError when the stop is not > 0 or a take-profit leg is malformed.
 */
export function bracketIntent(
  into: OrderIntent,
  sequence: number,
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
  into.sequence = sequence;
  into.id = orderIdOf(sequence);
  into.instrument = instrument;
  into.instrumentId = instrumentId;
  into.side = options.side;
  into.type = options.entryType ?? "MARKET";
  into.quantity = options.quantity ?? Number.NaN;
  into.sizing = options.sizing ?? sizing;
  into.price = options.price ?? Number.NaN;
  into.triggerPrice = options.triggerPrice ?? Number.NaN;
  into.timeInForce = undefined;
  into.reduceOnly = false;
  into.tag = options.tag ?? "";
  into.signal = options.signal;
  into.stopLoss = options.stopLoss;
  into.takeProfits = options.takeProfits ?? NO_LEGS;
  into.bracket = true;
  into.closeAll = false;
  return into;
}

/** A reduce-only market order closing the whole position; side and size are set at delivery. */
export function closeIntent(
  into: OrderIntent,
  sequence: number,
  instrument: number,
  instrumentId: string,
  tag: string,
  sizing: Sizing,
): OrderIntent {
  into.sequence = sequence;
  into.id = orderIdOf(sequence);
  into.instrument = instrument;
  into.instrumentId = instrumentId;
  into.side = "SELL";
  into.type = "MARKET";
  into.quantity = Number.NaN;
  into.sizing = sizing;
  into.price = Number.NaN;
  into.triggerPrice = Number.NaN;
  into.timeInForce = undefined;
  into.reduceOnly = true;
  into.tag = tag;
  into.signal = undefined;
  into.stopLoss = Number.NaN;
  into.takeProfits = undefined;
  into.bracket = false;
  into.closeAll = true;
  return into;
}

/**
 * Order intents for reuse: the router takes one per order and gives it back once delivered (the venue
 * never keeps an intent), so a run allocates only as many as are ever queued at once.
 */
export class IntentPool {
  private readonly spare: OrderIntent[] = referenceList();

  /** A blank intent (fields are set by {@link orderIntent}, {@link bracketIntent} or {@link closeIntent}). */
  take(): OrderIntent {
    return this.spare.pop() ?? blankIntent();
  }

  /** Returns a delivered intent; it must no longer be referenced anywhere. */
  give(intent: OrderIntent): void {
    intent.sizing = UNSET_SIZING;
    intent.takeProfits = undefined;
    this.spare.push(intent);
  }
}

const UNSET_SIZING: Sizing = { mode: "all-in" };
const NO_LEGS: readonly TakeProfitLeg[] = [];

function blankIntent(): OrderIntent {
  return {
    kind: "order",
    sequence: 0,
    id: "",
    instrument: 0,
    instrumentId: "",
    side: "SELL",
    type: "MARKET",
    quantity: Number.NaN,
    sizing: UNSET_SIZING,
    price: Number.NaN,
    triggerPrice: Number.NaN,
    timeInForce: undefined,
    reduceOnly: false,
    tag: "",
    signal: undefined,
    stopLoss: Number.NaN,
    takeProfits: undefined,
    bracket: false,
    closeAll: false,
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

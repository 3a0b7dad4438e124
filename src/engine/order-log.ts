import type { Order, OrderSide, OrderStatus, OrderType, TimeInForce } from "../domain/index.ts";

// Numbers of one finished order (row-major, NUMBER_STRIDE per order).
const QUANTITY = 0;
const PRICE = 1;
const TRIGGER_PRICE = 2;
const FILLED_QUANTITY = 3;
const AVERAGE_FILL_PRICE = 4;
const FRACTION_OF_PARENT = 5;
const CREATED_AT = 6;
const UPDATED_AT = 7;
/** Codes of side, type, time in force and status (indices into the lists below), and flags. */
const SIDE = 8;
const TYPE = 9;
const TIME_IN_FORCE = 10;
const STATUS = 11;
/** Bit 1: reduce-only; bit 2: triggered. */
const FLAGS = 12;
const NUMBER_STRIDE = 13;

// Strings of one finished order (row-major, TEXT_STRIDE per order).
const ID = 0;
const INSTRUMENT_ID = 1;
const PARENT_ID = 2;
const OCO_GROUP = 3;
const TAG = 4;
const REASON = 5;
const TEXT_STRIDE = 6;

/** Orders per chunk (a power of two). */
const CHUNK_SHIFT = 9;
const CHUNK_ORDERS = 1 << CHUNK_SHIFT;

const SIDES: readonly OrderSide[] = ["BUY", "SELL"];
const TYPES: readonly OrderType[] = [
  "MARKET",
  "LIMIT",
  "STOP_MARKET",
  "STOP_LIMIT",
  "TAKE_PROFIT_MARKET",
  "TAKE_PROFIT_LIMIT",
];
const TIMES_IN_FORCE: readonly TimeInForce[] = ["GTC", "IOC", "ALO"];
const STATUSES: readonly OrderStatus[] = [
  "SUBMITTED",
  "ACCEPTED",
  "TRIGGERED",
  "PARTIALLY_FILLED",
  "FILLED",
  "CANCELED",
  "REJECTED",
  "EXPIRED",
  "DENIED",
];

/** Index of `value` in `list` (a loop over a few interned strings: cheaper than `indexOf`'s call). */
function codeOf<Value extends string>(list: readonly Value[], value: Value): number {
  for (let index = 0; index < list.length; index++) if (list[index] === value) return index;
  return -1;
}

/**
 * The order log of a run: every order in creation order, one row each. A working order lives as its
 * object (the registry's); once finished, the log copies it into its row (numbers in `Float64Array`
 * chunks of 512 orders, strings in lists of the same size, never moved or copied again) and the
 * object can go. A run with many thousands of orders so keeps no object per finished order alive
 * (less memory, nothing for the garbage collector to copy); {@link orders} rebuilds finished orders
 * as objects when read (once each).
 */
export class OrderLog {
  /** Number of rows. */
  length = 0;
  private readonly numberChunks: Float64Array[] = [];
  private readonly textChunks: Array<Array<string | undefined>> = [];
  /** Objects rebuilt from finished rows, by row. */
  private readonly rebuilt: Array<Order | undefined> = [];

  /** Adds a row for a new (working) order. @returns the row. */
  add(): number {
    const row = this.length;
    if ((row & (CHUNK_ORDERS - 1)) === 0) {
      this.numberChunks.push(new Float64Array(CHUNK_ORDERS * NUMBER_STRIDE).fill(Number.NaN));
      this.textChunks.push(new Array(CHUNK_ORDERS * TEXT_STRIDE).fill(undefined));
    }
    this.length = row + 1;
    return row;
  }

  /** Copies a finished order into its row (from then on the log no longer needs the object). */
  archive(row: number, order: Order): void {
    const numbers = this.numberChunks[row >> CHUNK_SHIFT] as Float64Array;
    const at = (row & (CHUNK_ORDERS - 1)) * NUMBER_STRIDE;
    numbers[at + QUANTITY] = order.quantity;
    numbers[at + PRICE] = order.price;
    numbers[at + TRIGGER_PRICE] = order.triggerPrice;
    numbers[at + FILLED_QUANTITY] = order.filledQuantity;
    numbers[at + AVERAGE_FILL_PRICE] = order.averageFillPrice;
    numbers[at + FRACTION_OF_PARENT] = order.fractionOfParent;
    numbers[at + CREATED_AT] = order.createdAt;
    numbers[at + UPDATED_AT] = order.updatedAt;
    numbers[at + SIDE] = order.side === "BUY" ? 0 : 1;
    numbers[at + TYPE] = codeOf(TYPES, order.type);
    numbers[at + TIME_IN_FORCE] = codeOf(TIMES_IN_FORCE, order.timeInForce);
    numbers[at + STATUS] = codeOf(STATUSES, order.status);
    numbers[at + FLAGS] = (order.reduceOnly ? 1 : 0) + (order.triggered ? 2 : 0);
    const texts = this.textChunks[row >> CHUNK_SHIFT] as Array<string | undefined>;
    const text = (row & (CHUNK_ORDERS - 1)) * TEXT_STRIDE;
    texts[text + ID] = order.id;
    texts[text + INSTRUMENT_ID] = order.instrumentId;
    texts[text + PARENT_ID] = order.parentId;
    texts[text + OCO_GROUP] = order.ocoGroup;
    texts[text + TAG] = order.tag;
    texts[text + REASON] = order.reason;
  }

  /**
   * Every order in creation order: the working ones (`working`, at rows `rows`) as their objects,
   * finished ones rebuilt from their rows.
   */
  orders(working: readonly Order[], rows: readonly number[]): Order[] {
    const result: Order[] = [];
    for (let row = 0; row < this.length; row++) {
      const at = rows.indexOf(row);
      if (at >= 0) {
        result.push(working[at] as Order);
        continue;
      }
      let rebuilt = this.rebuilt[row];
      if (rebuilt === undefined) {
        rebuilt = this.rebuild(row);
        while (this.rebuilt.length < row) this.rebuilt.push(undefined);
        this.rebuilt[row] = rebuilt;
      }
      result.push(rebuilt);
    }
    return result;
  }

  private rebuild(row: number): Order {
    const numbers = this.numberChunks[row >> CHUNK_SHIFT] as Float64Array;
    const at = (row & (CHUNK_ORDERS - 1)) * NUMBER_STRIDE;
    const texts = this.textChunks[row >> CHUNK_SHIFT] as Array<string | undefined>;
    const text = (row & (CHUNK_ORDERS - 1)) * TEXT_STRIDE;
    const flags = numbers[at + FLAGS] as number;
    return {
      id: texts[text + ID] as string,
      instrumentId: texts[text + INSTRUMENT_ID] as string,
      side: SIDES[numbers[at + SIDE] as number] as OrderSide,
      type: TYPES[numbers[at + TYPE] as number] as OrderType,
      timeInForce: TIMES_IN_FORCE[numbers[at + TIME_IN_FORCE] as number] as TimeInForce,
      quantity: numbers[at + QUANTITY] as number,
      price: numbers[at + PRICE] as number,
      triggerPrice: numbers[at + TRIGGER_PRICE] as number,
      reduceOnly: (flags & 1) !== 0,
      status: STATUSES[numbers[at + STATUS] as number] as OrderStatus,
      triggered: (flags & 2) !== 0,
      filledQuantity: numbers[at + FILLED_QUANTITY] as number,
      averageFillPrice: numbers[at + AVERAGE_FILL_PRICE] as number,
      parentId: texts[text + PARENT_ID],
      ocoGroup: texts[text + OCO_GROUP],
      fractionOfParent: numbers[at + FRACTION_OF_PARENT] as number,
      tag: texts[text + TAG] as string,
      reason: texts[text + REASON],
      createdAt: numbers[at + CREATED_AT] as number,
      updatedAt: numbers[at + UPDATED_AT] as number,
    };
  }
}

import { createOrder, type Fill, type Order, type TimeInForce, transitionOrder } from "../domain/index.ts";
import { CodeTable } from "./code-table.ts";
import { referenceList } from "./lists.ts";
import { orderIdOf } from "./order-intents.ts";
import type { ImmediateMarketOrder } from "./ports.ts";

/** What the log keeps of a market order filled at once, besides its fill (an `OrderIntent` qualifies). */
export interface ImmediateOrder
  extends Pick<ImmediateMarketOrder, "instrument" | "side" | "reduceOnly" | "tag"> {
  /** The router's order number: the order id is `orderIdOf(sequence)`. */
  readonly sequence: number;
  readonly timeInForce: TimeInForce | undefined;
}

// Numbers of one order (row-major, STRIDE per order).
const SEQUENCE = 0;
const QUANTITY = 1;
const PRICE = 2;
const TIME = 3;
/**
 * The order's terms as one whole number: ((tag · instruments + instrument) · 4 + time in force) · 4
 * + flags, with the tag's code (see {@link CodeTable}), the instrument's index, the time in force's
 * code ({@link TIMES_IN_FORCE}) and flags bit 1: SELL, bit 2: reduce-only. (Exact below 2^53, i.e.
 * for any number of tags a run can hold.)
 */
const TERMS = 4;
const STRIDE = 5;
/** Orders per chunk (a power of two). */
const CHUNK_SHIFT = 9;
const CHUNK_ORDERS = 1 << CHUNK_SHIFT;
/** Time in force by code. */
const TIMES_IN_FORCE = [undefined, "GTC", "IOC", "ALO"] as const;

function timeInForceCode(timeInForce: TimeInForce | undefined): number {
  return timeInForce === undefined ? 0 : timeInForce === "GTC" ? 1 : timeInForce === "IOC" ? 2 : 3;
}

/**
 * Market orders that an in-process venue filled at once (see `ExecutionClient.executeMarketNow`),
 * kept as numbers only (`Float64Array` chunks of 512 orders; ids, instrument ids, tags and times in
 * force as numbers and codes) rather than as order objects: such an order was filled completely the
 * moment it was sent, so its whole record is its request and its fill, and keeping it costs the
 * garbage collector nothing. {@link order} builds the {@link Order} it would have been (the same
 * fields as an order that went through the venue's books: created, accepted, filled at once).
 */
export class ImmediateFills {
  /** Number of orders. */
  length = 0;
  private readonly chunks: Float64Array[] = referenceList();
  private readonly tags = new CodeTable<string>();

  constructor(
    /** Instrument ids by index (the orders' `instrument`). */
    private readonly instrumentIds: readonly string[],
  ) {}

  /** Records a market order filled at once by `fill` (its size and price are the fill's). */
  add(order: ImmediateOrder, fill: Fill): void {
    const row = this.length;
    const within = row & (CHUNK_ORDERS - 1);
    if (within === 0) this.chunks.push(new Float64Array(CHUNK_ORDERS * STRIDE));
    const numbers = this.chunks[row >> CHUNK_SHIFT] as Float64Array;
    const at = within * STRIDE;
    numbers[at + SEQUENCE] = order.sequence;
    numbers[at + QUANTITY] = fill.quantity;
    numbers[at + PRICE] = fill.price;
    numbers[at + TIME] = fill.timestamp;
    numbers[at + TERMS] =
      ((this.tags.code(order.tag) * this.instrumentIds.length + order.instrument) * 4 +
        timeInForceCode(order.timeInForce)) *
        4 +
      (order.side === "SELL" ? 1 : 0) +
      (order.reduceOnly ? 2 : 0);
    this.length = row + 1;
  }

  /** The order of row `row` as an {@link Order} (a new object; status FILLED). */
  order(row: number): Order {
    const numbers = this.chunks[row >> CHUNK_SHIFT] as Float64Array;
    const at = (row & (CHUNK_ORDERS - 1)) * STRIDE;
    const terms = numbers[at + TERMS] as number;
    const flags = terms % 4;
    const timeInForce = TIMES_IN_FORCE[Math.floor(terms / 4) % 4];
    const instrumentCount = this.instrumentIds.length;
    const instrumentAndTag = Math.floor(terms / 16);
    const quantity = numbers[at + QUANTITY] as number;
    const order = createOrder(
      {
        id: orderIdOf(numbers[at + SEQUENCE] as number),
        instrumentId: this.instrumentIds[instrumentAndTag % instrumentCount] as string,
        side: (flags & 1) !== 0 ? "SELL" : "BUY",
        type: "MARKET",
        quantity,
        reduceOnly: (flags & 2) !== 0,
        tag: this.tags.values[Math.floor(instrumentAndTag / instrumentCount)] as string,
        ...(timeInForce === undefined ? {} : { timeInForce }),
      },
      numbers[at + TIME] as number,
    );
    transitionOrder(order, "ACCEPTED");
    order.filledQuantity = quantity;
    order.averageFillPrice = numbers[at + PRICE] as number;
    transitionOrder(order, "FILLED");
    return order;
  }
}

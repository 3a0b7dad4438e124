import {
  createOrder,
  type Fill,
  type Order,
  type OrderRequest,
  type TimeInForce,
  transitionOrder,
} from "../domain/index.ts";

/** Numbers of one order (row-major, NUMBER_STRIDE per order). */
const QUANTITY = 0;
const PRICE = 1;
const TIME = 2;
/** Bit 1: SELL; bit 2: reduce-only. */
const FLAGS = 3;
const NUMBER_STRIDE = 4;
/** Strings of one order: id, instrument id, tag, time in force (undefined: the default). */
const TEXT_STRIDE = 4;
/** Orders per chunk (a power of two). */
const CHUNK_SHIFT = 9;
const CHUNK_ORDERS = 1 << CHUNK_SHIFT;

/**
 * Market orders that an in-process venue filled at once (see `ExecutionClient.executeMarketNow`),
 * kept as numbers and strings in chunks of 512 orders rather than as order objects: such an order
 * was filled completely the moment it was sent, so its whole record is its request and its fill.
 * {@link order} builds the {@link Order} it would have been (same fields as an order that went
 * through the venue's books: created, accepted, filled at once).
 */
export class ImmediateFills {
  /** Number of orders. */
  length = 0;
  private readonly numberChunks: Float64Array[] = [];
  private readonly textChunks: Array<Array<string | undefined>> = [];

  /**
   * Records a market order filled at once: its request (`quantity` is replaced by the filled size, the
   * request's own being the size before rounding to the lot) and the fill.
   *
   * @returns the order's row.
   */
  add(request: OrderRequest, fill: Fill): number {
    const row = this.length;
    const within = row & (CHUNK_ORDERS - 1);
    if (within === 0) {
      this.numberChunks.push(new Float64Array(CHUNK_ORDERS * NUMBER_STRIDE));
      this.textChunks.push(new Array(CHUNK_ORDERS * TEXT_STRIDE));
    }
    const numbers = this.numberChunks[row >> CHUNK_SHIFT] as Float64Array;
    const at = within * NUMBER_STRIDE;
    numbers[at + QUANTITY] = fill.quantity;
    numbers[at + PRICE] = fill.price;
    numbers[at + TIME] = fill.timestamp;
    numbers[at + FLAGS] = (request.side === "SELL" ? 1 : 0) + (request.reduceOnly ? 2 : 0);
    const texts = this.textChunks[row >> CHUNK_SHIFT] as Array<string | undefined>;
    const text = within * TEXT_STRIDE;
    texts[text] = request.id;
    texts[text + 1] = request.instrumentId;
    texts[text + 2] = request.tag;
    texts[text + 3] = request.timeInForce;
    this.length = row + 1;
    return row;
  }

  /** The order of row `row` as an {@link Order} (a new object; status FILLED). */
  order(row: number): Order {
    const numbers = this.numberChunks[row >> CHUNK_SHIFT] as Float64Array;
    const at = (row & (CHUNK_ORDERS - 1)) * NUMBER_STRIDE;
    const texts = this.textChunks[row >> CHUNK_SHIFT] as Array<string | undefined>;
    const text = (row & (CHUNK_ORDERS - 1)) * TEXT_STRIDE;
    const flags = numbers[at + FLAGS] as number;
    const quantity = numbers[at + QUANTITY] as number;
    const time = numbers[at + TIME] as number;
    const timeInForce = texts[text + 3] as TimeInForce | undefined;
    const order = createOrder(
      {
        id: texts[text] as string,
        instrumentId: texts[text + 1] as string,
        side: (flags & 1) !== 0 ? "SELL" : "BUY",
        type: "MARKET",
        quantity,
        reduceOnly: (flags & 2) !== 0,
        tag: texts[text + 2] as string,
        ...(timeInForce === undefined ? {} : { timeInForce }),
      },
      time,
    );
    transitionOrder(order, "ACCEPTED");
    order.filledQuantity = quantity;
    order.averageFillPrice = numbers[at + PRICE] as number;
    transitionOrder(order, "FILLED");
    return order;
  }
}

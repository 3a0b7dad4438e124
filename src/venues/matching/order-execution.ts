import type { Clock } from "../../core/clock.ts";
import { ValidationError } from "../../core/errors.ts";
import {
  createOrder,
  type Fill,
  type Instrument,
  isWorking,
  type LiquiditySide,
  type Order,
  roundQuantity,
  transitionOrder,
} from "../../domain/index.ts";
import type { Clearinghouse } from "./clearinghouse.ts";
import { type FeeModel, feeRate } from "./fee-model.ts";
import type { MatchingListener } from "./matching-listener.ts";
import { slippedPrice } from "./order-admission.ts";
import { createOrderBook, type OrderBook, removeFrom } from "./order-book.ts";
import type { PricePathHost } from "./price-path.ts";

/** A {@link Fill} that the venue updates in place (see `MatchingOptions.reuseFillEvents`). */
class MutableFill implements Fill {
  tradeId = 0;
  orderId = "";
  instrumentId = "";
  side: Fill["side"] = "BUY";
  quantity = 0;
  price = Number.NaN;
  fee = 0;
  liquidity: LiquiditySide = "TAKER";
  timestamp = 0;
  tag = "";
  realizedPnl = 0;
}

/**
 * The matching engine's state and the state changes of its orders: fills (with the ledger and the
 * fill event), bracket activation, OCO and orphan cancels, cancels, expiries and liquidation. The
 * {@link MatchingEngine} decides when; this class does it. It is also the {@link PricePathHost}, so
 * the intrabar walk calls it directly (no closures in between).
 */
export class OrderExecution implements PricePathHost {
  readonly books: OrderBook[];
  /** Ids of working orders that have contingent children. */
  readonly parents = new Set<string>();
  /** Bumped on every change of balance or positions (fills, funding); keys the liquidation cache. */
  ledgerVersion = 0;
  private tradeSequence = 0;
  private liquidationSequence = 0;
  /**
   * The fill event object updated in place for every fill: handed to the listener itself when the
   * owner asked for reuse, else copied.
   */
  private readonly fillEvent = new MutableFill();
  private readonly reuseFills: boolean;
  /** Fee rates of {@link fees} (fractions of notional), read per fill without a call. */
  private readonly makerRate: number;
  private readonly takerRate: number;

  constructor(
    readonly clearinghouse: Clearinghouse,
    instruments: readonly Instrument[],
    readonly fees: FeeModel,
    /** Slippage as a fraction of price. */
    readonly slippage: number,
    readonly clock: Clock,
    readonly listener: MatchingListener,
    reuseFills: boolean,
  ) {
    this.books = instruments.map((instrument, index) => createOrderBook(index, instrument));
    this.reuseFills = reuseFills;
    this.makerRate = feeRate(fees, "MAKER");
    this.takerRate = feeRate(fees, "TAKER");
  }

  /** Index of an instrument id (a scan: runs hold few instruments and ids are shared strings). */
  bookOf(instrumentId: string): OrderBook {
    const books = this.books;
    for (let index = 0; index < books.length; index++) {
      const book = books[index] as OrderBook;
      if (book.instrument.id === instrumentId) return book;
    }
    throw new ValidationError(`unknown instrument ${instrumentId}`, { field: "instrumentId" });
  }

  /** A working or dormant order by id (books hold few orders, so a scan beats a map's upkeep). */
  findWorking(orderId: string): Order | undefined {
    const books = this.books;
    for (let index = 0; index < books.length; index++) {
      const book = books[index] as OrderBook;
      const orders = book.orders;
      for (let at = 0; at < orders.length; at++) {
        const order = orders[at] as Order;
        if (order.id === orderId) return order;
      }
      const dormant = book.dormant;
      for (let at = 0; at < dormant.length; at++) {
        const order = dormant[at] as Order;
        if (order.id === orderId) return order;
      }
    }
    return undefined;
  }

  positionQuantity(index: number): number {
    return (this.clearinghouse.positions[index] as { quantity: number }).quantity;
  }

  withSlippage(book: OrderBook, price: number, side: "BUY" | "SELL"): number {
    return this.slippage === 0 ? price : slippedPrice(book, price, side, this.slippage);
  }

  moveTo(book: OrderBook, price: number): void {
    book.price = price;
    this.clearinghouse.marks[book.index] = price;
  }

  /**
   * Liquidation price of the book's position. Cached per ledger version when the account holds a
   * single instrument; with several, other marks move it, so it is recomputed.
   */
  liquidationLevel(book: OrderBook): number {
    if (this.books.length === 1 && book.liquidationVersion === this.ledgerVersion)
      return book.liquidationPrice;
    book.liquidationPrice = this.clearinghouse.liquidationPrice(book.index);
    book.liquidationVersion = this.ledgerVersion;
    return book.liquidationPrice;
  }

  reject(order: Order, reason: string): void {
    transitionOrder(order, "REJECTED");
    order.reason = reason;
    this.listener.onOrderRejected(order, reason);
  }

  accept(order: Order): void {
    transitionOrder(order, "ACCEPTED");
    this.listener.onOrderAccepted(order);
  }

  /** Acts on an order the price has reached at `level`. */
  execute(book: OrderBook, order: Order, level: number, restingLiquidity: LiquiditySide): void {
    if (!order.triggered) {
      order.triggered = true;
      order.updatedAt = this.clock.now();
      transitionOrder(order, "TRIGGERED");
      this.listener.onOrderTriggered(order);
      if (Number.isNaN(order.price)) {
        this.fillOrder(book, order, level, "TAKER", true);
      } else if (order.side === "BUY" ? level <= order.price : level >= order.price) {
        this.fillOrder(book, order, level, "TAKER", false);
      }
      return;
    }
    if (Number.isNaN(order.price)) this.fillOrder(book, order, level, "TAKER", true);
    else this.fillOrder(book, order, level, restingLiquidity, false);
  }

  fillOrder(
    book: OrderBook,
    order: Order,
    rawPrice: number,
    liquidity: LiquiditySide,
    slipped: boolean,
  ): void {
    let quantity = order.quantity - order.filledQuantity;
    if (order.reduceOnly) {
      quantity = Math.min(quantity, this.closableQuantity(book.index, order.side));
      if (!(quantity > 0)) {
        this.cancelOrder(book, order, "reduce_only_no_position");
        return;
      }
    }
    if (!this.priceFill(book, order.side, quantity, rawPrice, liquidity, slipped, order.reduceOnly)) {
      this.cancelOrder(book, order, "insufficient_margin");
      return;
    }
    const event = this.bookFill(book, order.id, order.tag, liquidity);
    const price = event.price;
    const filledBefore = order.filledQuantity;
    const filled = filledBefore + quantity;
    order.filledQuantity = filled;
    order.averageFillPrice =
      filledBefore === 0 ? price : (order.averageFillPrice * filledBefore + price * quantity) / filled;
    order.updatedAt = event.timestamp;
    const complete = filled >= order.quantity * (1 - 1e-12);
    transitionOrder(order, complete ? "FILLED" : "PARTIALLY_FILLED");
    if (complete) this.removeOrder(book, order);
    // Listeners that keep fill objects get a fresh one per fill.
    const fill: Fill = this.reuseFills ? event : { ...event };
    this.listener.onOrderFilled(order, fill);
    this.afterFill(book, order);
  }

  /** Size a reduce-only order on `side` may fill: the opposite position's size, else 0. */
  closableQuantity(index: number, side: "BUY" | "SELL"): number {
    const held = this.positionQuantity(index);
    return (held > 0 && side === "SELL") || (held < 0 && side === "BUY") ? Math.abs(held) : 0;
  }

  /**
   * Prices a fill of `quantity` (base units) on `side` into the fill event: `rawPrice` moved by the
   * slippage when `slipped`, clamped to the open bar's [low, high], with the maker or taker fee; then
   * checks that the account can carry it, unless `skipMarginCheck` (reduce-only fills, and fills whose
   * caller has just checked the same amounts).
   *
   * @returns false when the margin (or cash) does not suffice; nothing has changed then.
   */
  priceFill(
    book: OrderBook,
    side: "BUY" | "SELL",
    quantity: number,
    rawPrice: number,
    liquidity: LiquiditySide,
    slipped: boolean,
    skipMarginCheck: boolean,
  ): boolean {
    let price = slipped ? this.withSlippage(book, rawPrice, side) : rawPrice;
    if (book.inBar) price = Math.min(book.high, Math.max(book.low, price));
    // feeFor(fees, notional, liquidity), with the rates read once.
    const fee = Math.abs(quantity * price) * (liquidity === "MAKER" ? this.makerRate : this.takerRate);
    // The fill event carries the amounts into the ledger (an object argument boxes no numbers).
    const event = this.fillEvent;
    event.side = side;
    event.quantity = quantity;
    event.price = price;
    event.fee = fee;
    return skipMarginCheck || this.clearinghouse.canFillAmounts(book.index, event);
  }

  /**
   * Books the fill priced by {@link priceFill} on the account (balance, position, ledger version) and
   * completes the fill event (trade id, order, instrument, time, tag, realized PnL).
   *
   * @returns the venue's fill event object, updated in place by the next fill.
   */
  bookFill(book: OrderBook, orderId: string, tag: string, liquidity: LiquiditySide): Fill {
    const event = this.fillEvent;
    const clearinghouse = this.clearinghouse;
    clearinghouse.applyFillEvent(book.index, event);
    const realized = clearinghouse.lastRealizedPnl;
    this.ledgerVersion++;
    event.tradeId = ++this.tradeSequence;
    event.orderId = orderId;
    event.instrumentId = book.instrument.id;
    event.liquidity = liquidity;
    event.timestamp = this.clock.now();
    event.tag = tag;
    event.realizedPnl = realized;
    return event;
  }

  private afterFill(book: OrderBook, order: Order): void {
    const flat = this.positionQuantity(book.index) === 0;
    if (order.reduceOnly && flat && isWorking(order)) this.cancelOrder(book, order, "position_closed");
    const parents = this.parents;
    if (parents.size > 0 && parents.has(order.id)) {
      this.activateChildren(book, order);
      if (!isWorking(order)) parents.delete(order.id);
    }
    if (order.ocoGroup !== undefined && flat) this.cancelGroup(book, order);
    this.cancelOrphanedExits(book);
  }

  /**
   * Sizes the children of a parent that has filled (further) to its filled size and moves dormant
   * ones to the working orders. Children that already filled or stopped working are left alone.
   */
  private activateChildren(book: OrderBook, parent: Order): void {
    // A snapshot (dormant, then working): activation moves children between the lists.
    const snapshot = book.dormant.concat(book.orders);
    for (let at = 0; at < snapshot.length; at++) {
      const child = snapshot[at] as Order;
      if (child.parentId !== parent.id || child.filledQuantity > 0 || !isWorking(child)) continue;
      child.quantity = roundQuantity(book.instrument, parent.filledQuantity * child.fractionOfParent);
      if (!(child.quantity > 0)) {
        this.cancelOrder(book, child, "quantity_below_lot_size");
        continue;
      }
      if (removeFrom(book.dormant, child)) book.orders.push(child);
    }
  }

  /** The position these exits protect is flat: the other members of the OCO group are canceled. */
  private cancelGroup(book: OrderBook, order: Order): void {
    const group = order.ocoGroup;
    if (!this.hasGroupMember(book.orders, order, group) && !this.hasGroupMember(book.dormant, order, group))
      return;
    const snapshot = book.orders.concat(book.dormant);
    for (let at = 0; at < snapshot.length; at++) {
      const other = snapshot[at] as Order;
      if (other !== order && other.ocoGroup === group) this.cancelOrder(book, other, "oco");
    }
  }

  private hasGroupMember(list: readonly Order[], order: Order, group: string | undefined): boolean {
    for (let at = 0; at < list.length; at++) {
      const other = list[at] as Order;
      if (other !== order && other.ocoGroup === group) return true;
    }
    return false;
  }

  /**
   * Bracket legs (reduce-only members of an OCO group) protect a position; once it is closed or has
   * flipped by any other fill, legs that can no longer reduce it are canceled, as the venue does.
   */
  private cancelOrphanedExits(book: OrderBook): void {
    const orders = book.orders;
    if (orders.length === 0) return;
    const quantity = this.positionQuantity(book.index);
    for (let index = orders.length - 1; index >= 0; index--) {
      const other = orders[index];
      // A cancel can remove more than one order (dormant children), so the index may run past the end.
      if (other === undefined || other.ocoGroup === undefined || !other.reduceOnly) continue;
      const reduces = other.side === "BUY" ? quantity < 0 : quantity > 0;
      if (!reduces) this.cancelOrder(book, other, "position_closed");
    }
  }

  liquidate(book: OrderBook, price: number): void {
    const quantity = this.positionQuantity(book.index);
    const working = book.orders.concat(book.dormant);
    for (let at = 0; at < working.length; at++) this.cancelOrder(book, working[at] as Order, "liquidation");
    const order = createOrder(
      {
        id: `liquidation-${++this.liquidationSequence}`,
        instrumentId: book.instrument.id,
        side: quantity > 0 ? "SELL" : "BUY",
        type: "MARKET",
        quantity: Math.abs(quantity),
        reduceOnly: true,
        tag: "liquidation",
      },
      this.clock.now(),
    );
    transitionOrder(order, "ACCEPTED");
    this.listener.onOrderAccepted(order);
    this.fillOrder(book, order, price, "TAKER", false);
  }

  removeOrder(book: OrderBook, order: Order): void {
    if (!removeFrom(book.orders, order)) removeFrom(book.dormant, order);
  }

  cancelOrder(book: OrderBook, order: Order, reason: string): void {
    if (!isWorking(order)) return;
    transitionOrder(order, "CANCELED");
    order.reason = reason;
    order.updatedAt = this.clock.now();
    this.removeOrder(book, order);
    if (this.parents.size > 0) this.parents.delete(order.id);
    this.listener.onOrderCanceled(order, reason);
    if (order.filledQuantity === 0 && book.dormant.length > 0) {
      const dormant = book.dormant.slice();
      for (let at = 0; at < dormant.length; at++) {
        const child = dormant[at] as Order;
        if (child.parentId === order.id) this.cancelOrder(book, child, "parent_canceled");
      }
    }
  }

  expireOrder(book: OrderBook, order: Order, reason: string): void {
    transitionOrder(order, "EXPIRED");
    order.reason = reason;
    this.removeOrder(book, order);
    this.listener.onOrderExpired(order, reason);
  }
}

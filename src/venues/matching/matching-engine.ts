import type { Clock } from "../../core/clock.ts";
import { ValidationError } from "../../core/errors.ts";
import {
  type AccountSettings,
  createOrder,
  type Fill,
  type Instrument,
  isWorking,
  type LiquiditySide,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type Position,
  roundPrice,
  roundQuantity,
  transitionOrder,
} from "../../domain/index.ts";
import { Clearinghouse } from "./clearinghouse.ts";
import { type FeeModel, feeFor, takerFeeRate } from "./fee-model.ts";
import type { MatchingListener } from "./matching-listener.ts";
import { admissionRejection, roundToInstrument, slippedPrice } from "./order-admission.ts";
import { createOrderBook, NO_ORDERS, type OrderBook, removeFrom } from "./order-book.ts";
import { isExecutableAt } from "./order-triggers.ts";
import { type IntrabarPath, PricePath } from "./price-path.ts";

/** Construction options of a {@link MatchingEngine}. */
export interface MatchingOptions {
  readonly instruments: readonly Instrument[];
  readonly account: AccountSettings;
  readonly fees: FeeModel;
  /** Slippage against the trader on market-type fills, in basis points (≥ 0). */
  readonly slippageBps: number;
  readonly intrabarPath: IntrabarPath;
  readonly clock: Clock;
  readonly listener: MatchingListener;
}

/**
 * Deterministic, synchronous, clock-injected matching for one account over one or more instruments.
 * Used bar by bar by the backtest and tick by tick by the exchange simulator; it knows nothing about
 * either. Per bar call `beginBar`, `processOpen` (resting orders gapped through fill at the open),
 * submit new orders (they meet the open), `processIntrabar` (the price walks the bar's path), `endBar`.
 *
 * Fill rules: market orders fill at the current price ± slippage against the trader; limits fill at
 * their price when the path trades through it, or at the current price when already marketable;
 * triggers fire on touch and fill at the trigger (± slippage), or at the open on a gap. No fill is
 * ever outside the bar's [low, high]. Fees: maker for resting limits, taker otherwise.
 */
export class MatchingEngine {
  readonly clearinghouse: Clearinghouse;
  private readonly books: OrderBook[];
  private readonly path: PricePath;
  private readonly indexById = new Map<string, number>();
  /** Ids of working orders that have contingent children. */
  private readonly parents = new Set<string>();
  private readonly slippage: number;
  private tradeSequence = 0;
  /** Bumped on every change of balance or positions (fills, funding); keys the liquidation cache. */
  private ledgerVersion = 0;
  private liquidationSequence = 0;

  constructor(private readonly options: MatchingOptions) {
    if (!(options.slippageBps >= 0)) {
      throw new ValidationError(`slippage must be ≥ 0 bps, got ${options.slippageBps}`, {
        field: "slippageBps",
      });
    }
    this.clearinghouse = new Clearinghouse(options.account, options.instruments);
    this.slippage = options.slippageBps / 10_000;
    this.books = options.instruments.map((instrument, index) => {
      this.indexById.set(instrument.id, index);
      return createOrderBook(index, instrument);
    });
    this.path = new PricePath(
      {
        positionQuantity: (index) => this.position(index).quantity,
        liquidationLevel: (book) => this.liquidationLevel(book),
        execute: (book, order, level, liquidity) => this.execute(book, order, level, liquidity),
        liquidate: (book, level) => this.liquidate(book, level),
        moveTo: (book, price) => this.moveTo(book, price),
      },
      options.intrabarPath,
    );
  }

  /** Index of an instrument id. @throws ValidationError for an unknown id. */
  instrumentIndex(instrumentId: string): number {
    const index = this.indexById.get(instrumentId);
    if (index === undefined)
      throw new ValidationError(`unknown instrument ${instrumentId}`, { field: "instrumentId" });
    return index;
  }

  /** The position of an instrument (venue view). */
  position(index: number): Position {
    return this.clearinghouse.positions[index] as Position;
  }

  /** Current price of an instrument (`NaN` before the first bar). */
  price(index: number): number {
    return (this.books[index] as OrderBook).price;
  }

  /** Working and dormant orders of one instrument, arrival order. */
  openOrders(index: number): readonly Order[] {
    const book = this.books[index] as OrderBook;
    return [...book.orders, ...book.dormant];
  }

  /** Whether the instrument has working orders or an open position (so the bar needs processing). */
  hasActivity(index: number): boolean {
    const book = this.books[index] as OrderBook;
    return book.orders.length > 0 || book.dormant.length > 0 || this.position(index).quantity !== 0;
  }

  /**
   * Whether a coming bar can change anything: a working order executable at its open or acting
   * inside [low, high], or a position whose liquidation price lies in that range. When false the bar
   * may be skipped entirely (the venue marks the position at its next visited bar). Dormant bracket
   * legs cannot act before their parent, which is a working order itself.
   */
  barMatters(index: number, open: number, high: number, low: number): boolean {
    const book = this.books[index] as OrderBook;
    for (const order of book.orders) {
      if (isExecutableAt(order, open)) return true;
      if (!order.triggered) {
        if (order.triggerPrice >= low && order.triggerPrice <= high) return true;
      } else if (order.side === "BUY" ? low < order.price : high > order.price) {
        return true;
      }
    }
    const quantity = this.position(index).quantity;
    if (quantity === 0) return false;
    const level = this.liquidationLevel(book);
    if (Number.isNaN(level)) return false;
    return quantity > 0 ? low <= level : high >= level;
  }

  /** The fill price a market order of `side` would get now (current price ± slippage). */
  marketPrice(index: number, side: "BUY" | "SELL"): number {
    const book = this.books[index] as OrderBook;
    return this.withSlippage(book, book.price, side);
  }

  /** Opens a bar: sets the current price to `open` and the fill range to [low, high]. */
  beginBar(index: number, open: number, high: number, low: number, close: number): void {
    const book = this.books[index] as OrderBook;
    book.open = open;
    book.high = high;
    book.low = low;
    book.close = close;
    book.price = open;
    book.inBar = true;
    this.clearinghouse.marks[index] = open;
  }

  /** Fills resting orders (and liquidation) that the open has already gapped through, at the open. */
  processOpen(index: number): void {
    const book = this.books[index] as OrderBook;
    if (book.orders.length === 0 && this.position(index).quantity === 0) return;
    this.path.sweepExecutable(book, "MAKER");
  }

  /** Walks the bar's intrabar path (see {@link IntrabarPath}) and leaves the price at the close. */
  processIntrabar(index: number): void {
    const book = this.books[index] as OrderBook;
    if (!book.inBar) return;
    if (!this.path.anythingInRange(book)) {
      this.moveTo(book, book.close);
      return;
    }
    this.path.walkBar(book);
    this.moveTo(book, book.close);
  }

  /** Closes the bar: the price rests at the close; later submissions fill there without a range clamp. */
  endBar(index: number): void {
    const book = this.books[index] as OrderBook;
    if (book.inBar) this.moveTo(book, book.close);
    book.inBar = false;
  }

  /**
   * Moves the price outside of bars (exchange simulator ticks): walks from the current price to
   * `price`, filling what it crosses.
   */
  updatePrice(index: number, price: number): void {
    const book = this.books[index] as OrderBook;
    if (Number.isNaN(book.price)) {
      this.moveTo(book, price);
      return;
    }
    book.low = Math.min(book.price, price);
    book.high = Math.max(book.price, price);
    book.inBar = true;
    this.path.walkTo(book, price, false, false);
    this.moveTo(book, price);
    book.inBar = false;
  }

  /**
   * Receives an order. It is rejected (event, not exception) for: size below one lot, notional below
   * the instrument minimum, ALO that would cross, insufficient margin, or no known price for a market
   * order. Otherwise it is accepted and, when executable at the current price, filled at once (taker).
   * IOC remainders expire. `contingent` orders (bracket children, with `parentId` = this order's id)
   * are accepted with it and stay dormant until it fills; a rejected parent rejects them too.
   *
   * @throws ValidationError for an unknown instrument, a duplicate id or a malformed order.
   */
  submit(request: OrderRequest, contingent: readonly OrderRequest[] = []): Order {
    const index = this.instrumentIndex(request.instrumentId);
    const book = this.books[index] as OrderBook;
    const order = this.createRounded(book, request);
    const reason = admissionRejection(
      book,
      order,
      this.clearinghouse,
      takerFeeRate(this.options.fees),
      this.slippage,
    );
    const children =
      contingent.length === 0
        ? NO_ORDERS
        : contingent.map((child) =>
            this.createRounded(this.books[this.instrumentIndex(child.instrumentId)] as OrderBook, child),
          );
    if (reason !== undefined) {
      this.reject(order, reason);
      for (const child of children) this.reject(child, "parent_rejected");
      return order;
    }
    this.accept(order);
    if (children.length > 0) this.parents.add(order.id);
    for (const child of children) {
      this.accept(child);
      (this.books[this.instrumentIndex(child.instrumentId)] as OrderBook).dormant.push(child);
    }
    if (order.parentId !== undefined) {
      const parent = this.findWorking(order.parentId);
      if (parent === undefined) {
        this.cancelOrder(book, order, "parent_inactive");
        return order;
      }
      if (parent.filledQuantity === 0) {
        book.dormant.push(order);
        return order;
      }
      order.quantity = roundQuantity(book.instrument, parent.filledQuantity * order.fractionOfParent);
    }
    book.orders.push(order);
    if (Number.isNaN(book.price)) return order;
    if (order.type === "MARKET") {
      this.fillOrder(book, order, book.price, "TAKER", true);
      if (isWorking(order)) this.expireOrder(book, order, "market_not_filled");
    } else if (isExecutableAt(order, book.price)) {
      this.execute(book, order, book.price, "TAKER");
    }
    if (order.timeInForce === "IOC" && isWorking(order)) this.expireOrder(book, order, "ioc_not_filled");
    this.path.sweepExecutable(book, "MAKER");
    return order;
  }

  /** A working or dormant order by id (books hold few orders, so a scan beats a map's upkeep). */
  private findWorking(orderId: string): Order | undefined {
    for (const book of this.books) {
      for (const order of book.orders) if (order.id === orderId) return order;
      for (const order of book.dormant) if (order.id === orderId) return order;
    }
    return undefined;
  }

  private createRounded(book: OrderBook, request: OrderRequest): Order {
    if (this.findWorking(request.id) !== undefined)
      throw new ValidationError(`duplicate order id ${request.id}`, { field: "id" });
    const order = createOrder(request, this.options.clock.now());
    roundToInstrument(order, book);
    return order;
  }

  private reject(order: Order, reason: string): void {
    transitionOrder(order, "REJECTED");
    order.reason = reason;
    this.options.listener.onOrderRejected(order, reason);
  }

  private accept(order: Order): void {
    transitionOrder(order, "ACCEPTED");
    this.options.listener.onOrderAccepted(order);
  }

  /** Cancels a working or dormant order (and its dormant children). Returns false if it was not working. */
  cancel(orderId: string, reason = "canceled"): boolean {
    const order = this.findWorking(orderId);
    if (order === undefined) return false;
    this.cancelOrder(this.books[this.instrumentIndex(order.instrumentId)] as OrderBook, order, reason);
    return true;
  }

  /**
   * Changes size, limit or trigger price of a working order. Refused (returns false, order unchanged)
   * when the order is not working, the new size is below what already filled, or an ALO would cross.
   */
  modify(orderId: string, changes: OrderChanges): boolean {
    const order = this.findWorking(orderId);
    if (order === undefined) return false;
    const book = this.books[this.instrumentIndex(order.instrumentId)] as OrderBook;
    const instrument = book.instrument;
    const quantity =
      changes.quantity === undefined ? order.quantity : roundQuantity(instrument, changes.quantity);
    const price = changes.price === undefined ? order.price : roundPrice(instrument, changes.price);
    const trigger =
      changes.triggerPrice === undefined ? order.triggerPrice : roundPrice(instrument, changes.triggerPrice);
    if (!(quantity > order.filledQuantity) || !(price > 0 || Number.isNaN(price))) return false;
    if (!(trigger > 0 || Number.isNaN(trigger))) return false;
    const before = { quantity: order.quantity, price: order.price, triggerPrice: order.triggerPrice };
    order.quantity = quantity;
    order.price = price;
    order.triggerPrice = trigger;
    if (order.timeInForce === "ALO" && !Number.isNaN(book.price) && isExecutableAt(order, book.price)) {
      Object.assign(order, before);
      return false;
    }
    order.updatedAt = this.options.clock.now();
    this.options.listener.onOrderModified(order);
    if (!Number.isNaN(book.price) && !book.dormant.includes(order)) this.path.sweepExecutable(book, "TAKER");
    return true;
  }

  /**
   * Settles one funding payment on the instrument's position at the current price (longs pay
   * positive rates). @returns the amount credited (> 0) or debited (< 0).
   */
  settleFunding(index: number, rate: number): number {
    const book = this.books[index] as OrderBook;
    if (Number.isNaN(book.price)) return 0;
    const amount = this.clearinghouse.settleFunding(index, rate, book.price);
    this.ledgerVersion++;
    if (amount !== 0) {
      this.options.listener.onFunding(book.instrument.id, amount, rate, book.price, this.options.clock.now());
    }
    return amount;
  }

  private withSlippage(book: OrderBook, price: number, side: "BUY" | "SELL"): number {
    return slippedPrice(book, price, side, this.slippage);
  }

  private moveTo(book: OrderBook, price: number): void {
    book.price = price;
    this.clearinghouse.marks[book.index] = price;
  }

  /**
   * Liquidation price of the book's position. Cached per ledger version when the account holds a
   * single instrument; with several, other marks move it, so it is recomputed.
   */
  private liquidationLevel(book: OrderBook): number {
    if (this.books.length === 1 && book.liquidationVersion === this.ledgerVersion)
      return book.liquidationPrice;
    book.liquidationPrice = this.clearinghouse.liquidationPrice(book.index);
    book.liquidationVersion = this.ledgerVersion;
    return book.liquidationPrice;
  }

  /** Acts on an order the price has reached at `level`. */
  private execute(book: OrderBook, order: Order, level: number, restingLiquidity: LiquiditySide): void {
    if (!order.triggered) {
      order.triggered = true;
      order.updatedAt = this.options.clock.now();
      transitionOrder(order, "TRIGGERED");
      this.options.listener.onOrderTriggered(order);
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

  private fillOrder(
    book: OrderBook,
    order: Order,
    rawPrice: number,
    liquidity: LiquiditySide,
    slipped: boolean,
  ): void {
    const index = book.index;
    const position = this.position(index);
    let quantity = order.quantity - order.filledQuantity;
    if (order.reduceOnly) {
      const closable =
        (position.quantity > 0 && order.side === "SELL") || (position.quantity < 0 && order.side === "BUY")
          ? Math.abs(position.quantity)
          : 0;
      quantity = Math.min(quantity, closable);
      if (!(quantity > 0)) {
        this.cancelOrder(book, order, "reduce_only_no_position");
        return;
      }
    }
    let price = slipped ? this.withSlippage(book, rawPrice, order.side) : rawPrice;
    if (book.inBar) price = Math.min(book.high, Math.max(book.low, price));
    const fee = feeFor(this.options.fees, quantity * price, liquidity);
    if (!order.reduceOnly && !this.clearinghouse.canFill(index, order.side, quantity, price, fee)) {
      this.cancelOrder(book, order, "insufficient_margin");
      return;
    }
    const realized = this.clearinghouse.applyFill(index, order.side, quantity, price, fee);
    this.ledgerVersion++;
    const filledBefore = order.filledQuantity;
    order.filledQuantity = filledBefore + quantity;
    order.averageFillPrice =
      filledBefore === 0
        ? price
        : (order.averageFillPrice * filledBefore + price * quantity) / order.filledQuantity;
    order.updatedAt = this.options.clock.now();
    const complete = order.filledQuantity >= order.quantity * (1 - 1e-12);
    transitionOrder(order, complete ? "FILLED" : "PARTIALLY_FILLED");
    if (complete) this.removeOrder(book, order);
    const fill: Fill = {
      tradeId: ++this.tradeSequence,
      orderId: order.id,
      instrumentId: order.instrumentId,
      side: order.side,
      quantity,
      price,
      fee,
      liquidity,
      timestamp: order.updatedAt,
      tag: order.tag,
      realizedPnl: realized,
    };
    this.options.listener.onOrderFilled(order, fill);
    this.afterFill(book, order);
  }

  private afterFill(book: OrderBook, order: Order): void {
    const flat = this.position(book.index).quantity === 0;
    if (order.reduceOnly && flat && isWorking(order)) this.cancelOrder(book, order, "position_closed");
    if (this.parents.has(order.id)) {
      for (const child of [...book.dormant, ...book.orders]) {
        if (child.parentId !== order.id || child.filledQuantity > 0 || !isWorking(child)) continue;
        child.quantity = roundQuantity(book.instrument, order.filledQuantity * child.fractionOfParent);
        if (!(child.quantity > 0)) {
          this.cancelOrder(book, child, "quantity_below_lot_size");
          continue;
        }
        const dormantIndex = book.dormant.indexOf(child);
        if (dormantIndex >= 0) {
          book.dormant.splice(dormantIndex, 1);
          book.orders.push(child);
        }
      }
    }
    if (!isWorking(order)) this.parents.delete(order.id);
    if (order.ocoGroup !== undefined && flat) {
      for (const other of [...book.orders, ...book.dormant]) {
        if (other !== order && other.ocoGroup === order.ocoGroup) this.cancelOrder(book, other, "oco");
      }
    }
    this.cancelOrphanedExits(book);
  }

  /**
   * Bracket legs (reduce-only members of an OCO group) protect a position; once it is closed or has
   * flipped by any other fill, legs that can no longer reduce it are canceled, as the venue does.
   */
  private cancelOrphanedExits(book: OrderBook): void {
    const quantity = this.position(book.index).quantity;
    for (let index = book.orders.length - 1; index >= 0; index--) {
      const other = book.orders[index] as Order;
      if (other.ocoGroup === undefined || !other.reduceOnly) continue;
      const reduces = other.side === "BUY" ? quantity < 0 : quantity > 0;
      if (!reduces) this.cancelOrder(book, other, "position_closed");
    }
  }

  private liquidate(book: OrderBook, price: number): void {
    const position = this.position(book.index);
    for (const order of [...book.orders, ...book.dormant]) this.cancelOrder(book, order, "liquidation");
    const order = createOrder(
      {
        id: `liquidation-${++this.liquidationSequence}`,
        instrumentId: book.instrument.id,
        side: position.quantity > 0 ? "SELL" : "BUY",
        type: "MARKET",
        quantity: Math.abs(position.quantity),
        reduceOnly: true,
        tag: "liquidation",
      },
      this.options.clock.now(),
    );
    transitionOrder(order, "ACCEPTED");
    this.options.listener.onOrderAccepted(order);
    this.fillOrder(book, order, price, "TAKER", false);
  }

  private removeOrder(book: OrderBook, order: Order): void {
    if (!removeFrom(book.orders, order)) removeFrom(book.dormant, order);
  }

  private cancelOrder(book: OrderBook, order: Order, reason: string): void {
    if (!isWorking(order)) return;
    transitionOrder(order, "CANCELED");
    order.reason = reason;
    order.updatedAt = this.options.clock.now();
    this.removeOrder(book, order);
    this.parents.delete(order.id);
    this.options.listener.onOrderCanceled(order, reason);
    if (order.filledQuantity === 0) {
      for (const child of [...book.dormant]) {
        if (child.parentId === order.id) this.cancelOrder(book, child, "parent_canceled");
      }
    }
  }

  private expireOrder(book: OrderBook, order: Order, reason: string): void {
    transitionOrder(order, "EXPIRED");
    order.reason = reason;
    this.removeOrder(book, order);
    this.options.listener.onOrderExpired(order, reason);
  }
}

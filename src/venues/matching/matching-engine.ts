import type { Clock } from "../../core/clock.ts";
import { ValidationError } from "../../core/errors.ts";
import {
  type AccountSettings,
  type CandleColumns,
  createOrder,
  type Fill,
  type Instrument,
  isWorking,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type Position,
  roundPrice,
  roundQuantity,
} from "../../domain/index.ts";
import { Clearinghouse } from "./clearinghouse.ts";
import { type FeeModel, takerFeeRate } from "./fee-model.ts";
import type { MatchingListener } from "./matching-listener.ts";
import {
  type AdmissionTerms,
  type ArrivalQuote,
  admissionRejection,
  arrivalPrice,
  type MarketTerms,
  marketAdmissionRejection,
  roundToInstrument,
} from "./order-admission.ts";
import { NO_ORDERS, type OrderBook } from "./order-book.ts";
import { OrderExecution } from "./order-execution.ts";
import { isExecutableAt } from "./order-triggers.ts";
import { type IntrabarPath, PricePath } from "./price-path.ts";
import { barMatters, quietRange } from "./quiet-range.ts";

/**
 * A market order to fill at once (see {@link MatchingEngine.executeMarketNow}); its terms travel as one
 * object so that no number is boxed on the way. Its `quantity` is the size before rounding to the lot.
 */
export interface MarketOrderTerms extends MarketTerms {
  readonly id: string;
  readonly tag: string;
}

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
  /**
   * Pass the same {@link Fill} object, updated in place, to every `onOrderFilled` instead of a new one
   * per fill (fewer allocations). Only for listeners that copy whatever they keep of a fill.
   */
  readonly reuseFillEvents?: boolean;
  /**
   * Where an arriving order takes liquidity (see {@link ArrivalQuote}); default: the current price,
   * i.e. no spread (backtests). The exchange simulator passes its synthetic book's best bid and ask.
   */
  readonly arrivalQuote?: ArrivalQuote;
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
  private readonly execution: OrderExecution;
  private readonly path: PricePath;
  /** The venue's side of an admission (ledger, taker rate, slippage), read by the admission checks. */
  private readonly admissionTerms: AdmissionTerms;
  /** Scratch terms of the market order being filled at once (its size rounded to the lot). */
  private readonly roundedTerms: { -readonly [Key in keyof MarketTerms]: MarketTerms[Key] } = {
    side: "BUY",
    quantity: Number.NaN,
    reduceOnly: false,
  };

  constructor(private readonly options: MatchingOptions) {
    if (!(options.slippageBps >= 0)) {
      throw new ValidationError(`slippage must be ≥ 0 bps, got ${options.slippageBps}`, {
        field: "slippageBps",
      });
    }
    this.clearinghouse = new Clearinghouse(options.account, options.instruments);
    this.execution = new OrderExecution(
      this.clearinghouse,
      options.instruments,
      options.fees,
      options.slippageBps / 10_000,
      options.clock,
      options.listener,
      options.reuseFillEvents ?? false,
    );
    this.books = this.execution.books;
    this.admissionTerms = {
      clearinghouse: this.clearinghouse,
      takerRate: takerFeeRate(options.fees),
      slippage: this.execution.slippage,
    };
    this.path = new PricePath(this.execution, options.intrabarPath);
  }

  /** Index of an instrument id. @throws ValidationError for an unknown id. */
  instrumentIndex(instrumentId: string): number {
    return this.execution.bookOf(instrumentId).index;
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
    return book.orders.concat(book.dormant);
  }

  /** Whether the instrument has working orders or an open position (so the bar needs processing). */
  hasActivity(index: number): boolean {
    const book = this.books[index] as OrderBook;
    return book.orders.length > 0 || book.dormant.length > 0 || this.position(index).quantity !== 0;
  }

  /**
   * Whether a coming bar can change anything (see {@link barMatters} in `quiet-range.ts`); when false
   * the bar may be skipped entirely.
   */
  barMatters(index: number, open: number, high: number, low: number): boolean {
    return barMatters(this.books[index] as OrderBook, this.execution, open, high, low);
  }

  /**
   * Writes to `range` the prices between which coming bars are quiet (see {@link quietRange} in
   * `quiet-range.ts`). Valid until the instrument's orders or the account change.
   */
  quietRange(index: number, range: Float64Array): void {
    quietRange(this.books[index] as OrderBook, this.execution, this.books.length > 1, range);
  }

  /** The fill price a market order of `side` would get now (current price ± slippage). */
  marketPrice(index: number, side: "BUY" | "SELL"): number {
    const book = this.books[index] as OrderBook;
    return this.execution.withSlippage(book, book.price, side);
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

  /** {@link beginBar} with bar `bar` of `columns` (an index, not prices: the call boxes no numbers). */
  beginBarOf(index: number, columns: CandleColumns, bar: number): void {
    const book = this.books[index] as OrderBook;
    const open = columns.open[bar] as number;
    book.open = open;
    book.high = columns.high[bar] as number;
    book.low = columns.low[bar] as number;
    book.close = columns.close[bar] as number;
    book.price = open;
    book.inBar = true;
    this.clearinghouse.marks[index] = open;
  }

  /** Fills resting orders (and liquidation) that the open has already gapped through, at the open. */
  processOpen(index: number): void {
    const book = this.books[index] as OrderBook;
    if (book.orders.length === 0 && this.execution.positionQuantity(index) === 0) return;
    this.path.sweepExecutable(book, "MAKER");
  }

  /** Walks the bar's intrabar path (see {@link IntrabarPath}) and leaves the price at the close. */
  processIntrabar(index: number): void {
    const book = this.books[index] as OrderBook;
    if (!book.inBar) return;
    if (this.path.anythingInRange(book)) this.path.walkBar(book);
    this.execution.moveTo(book, book.close);
  }

  /** Closes the bar: the price rests at the close; later submissions fill there without a range clamp. */
  endBar(index: number): void {
    const book = this.books[index] as OrderBook;
    if (book.inBar) this.execution.moveTo(book, book.close);
    book.inBar = false;
  }

  /**
   * Moves the price outside of bars (exchange simulator ticks): walks from the current price to
   * `price`, filling what it crosses.
   */
  updatePrice(index: number, price: number): void {
    const book = this.books[index] as OrderBook;
    if (Number.isNaN(book.price)) {
      this.execution.moveTo(book, price);
      return;
    }
    book.low = Math.min(book.price, price);
    book.high = Math.max(book.price, price);
    book.inBar = true;
    this.path.walkTo(book, price, false, false);
    this.execution.moveTo(book, price);
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
  submit(request: OrderRequest, contingent: readonly OrderRequest[] = NO_ORDERS): Order {
    const book = this.execution.bookOf(request.instrumentId);
    const order = this.created(book, request);
    let children: readonly Order[] = NO_ORDERS;
    if (contingent.length > 0) {
      const created: Order[] = [];
      for (const child of contingent)
        created.push(this.created(this.execution.bookOf(child.instrumentId), child));
      children = created;
    }
    this.admit(book, order, children);
    return order;
  }

  /**
   * {@link submit} for orders the caller has already built with `createOrder` (status `SUBMITTED`):
   * the venue takes them over as its own instead of copying them, so caller and venue share one object
   * per order (the in-process backtest). From here on only the venue changes them.
   *
   * @throws ValidationError for an unknown instrument, a duplicate id or an order not in `SUBMITTED`.
   */
  submitOrder(order: Order, contingent: readonly Order[] = NO_ORDERS): Order {
    const book = this.execution.bookOf(order.instrumentId);
    this.takeOver(book, order);
    for (const child of contingent) this.takeOver(this.execution.bookOf(child.instrumentId), child);
    this.admit(book, order, contingent);
    return order;
  }

  /**
   * Fills a market order at once, for an in-process caller that books the fill itself (the backtest):
   * when the instrument has no working or dormant orders (nothing else can interact with it), no
   * arrival quote is configured, and the order passes admission and can fill completely, it fills
   * exactly as {@link submitOrder} would fill it — same size rounding, price, slippage, fee, margin
   * check and trade id — but in one step, without an order object and without order events. The caller
   * must book the returned fill and then call {@link checkLiquidation}, as the venue does after any
   * fill. Otherwise nothing changes and undefined is returned: send the order the regular way (which
   * rejects, cancels or partly fills it as usual).
   *
   * @returns the venue's fill event object (updated in place by the next fill), or undefined.
   */
  executeMarketNow(index: number, order: MarketOrderTerms): Fill | undefined {
    const book = this.books[index] as OrderBook;
    const side = order.side;
    const reduceOnly = order.reduceOnly;
    if (book.orders.length > 0 || book.dormant.length > 0 || this.options.arrivalQuote !== undefined)
      return undefined;
    const execution = this.execution;
    const rounded = roundQuantity(book.instrument, order.quantity);
    const terms = this.roundedTerms;
    terms.side = side;
    terms.quantity = rounded;
    terms.reduceOnly = reduceOnly;
    if (marketAdmissionRejection(book, terms, this.admissionTerms) !== undefined) return undefined;
    if (reduceOnly && execution.closableQuantity(index, side) < rounded) return undefined;
    // Without slippage, and with the price inside the open bar, the fill's price and fee are the ones
    // the admission has just checked the margin for.
    const admittedAmounts =
      execution.slippage === 0 && !(book.inBar && (book.price < book.low || book.price > book.high));
    if (!execution.priceFill(book, side, rounded, book.price, "TAKER", true, reduceOnly || admittedAmounts))
      return undefined;
    return execution.bookFill(book, order.id, order.tag, "TAKER");
  }

  /**
   * Acts on what the current price has reached, as after any fill: the position's liquidation (and
   * any working order now executable; after {@link executeMarketNow} there is none).
   */
  checkLiquidation(index: number): void {
    this.path.sweepExecutable(this.books[index] as OrderBook, "MAKER");
  }

  private admit(book: OrderBook, order: Order, children: readonly Order[]): void {
    const execution = this.execution;
    const quote = arrivalPrice(book, order.side, this.options.arrivalQuote);
    const reason = admissionRejection(book, order, this.admissionTerms, quote);
    if (reason !== undefined) {
      execution.reject(order, reason);
      for (const child of children) execution.reject(child, "parent_rejected");
      return;
    }
    execution.accept(order);
    if (children.length > 0) execution.parents.add(order.id);
    for (const child of children) {
      execution.accept(child);
      execution.bookOf(child.instrumentId).dormant.push(child);
    }
    if (order.parentId !== undefined) {
      const parent = execution.findWorking(order.parentId);
      if (parent === undefined) {
        execution.cancelOrder(book, order, "parent_inactive");
        return;
      }
      if (parent.filledQuantity === 0) {
        book.dormant.push(order);
        return;
      }
      order.quantity = roundQuantity(book.instrument, parent.filledQuantity * order.fractionOfParent);
    }
    book.orders.push(order);
    if (Number.isNaN(book.price)) return;
    // Untriggered orders compare their trigger with the current price; takers meet the quote.
    const arrival = order.triggered ? quote : book.price;
    if (order.type === "MARKET") {
      execution.fillOrder(book, order, quote, "TAKER", true);
      if (isWorking(order)) execution.expireOrder(book, order, "market_not_filled");
    } else if (isExecutableAt(order, arrival)) {
      execution.execute(book, order, arrival, "TAKER");
    }
    if (order.timeInForce === "IOC" && isWorking(order)) execution.expireOrder(book, order, "ioc_not_filled");
    this.path.sweepExecutable(book, "MAKER");
  }

  private created(book: OrderBook, request: OrderRequest): Order {
    if (this.execution.findWorking(request.id) !== undefined)
      throw new ValidationError(`duplicate order id ${request.id}`, { field: "id" });
    const order = createOrder(request, this.options.clock.now());
    roundToInstrument(order, book);
    return order;
  }

  private takeOver(book: OrderBook, order: Order): void {
    if (order.status !== "SUBMITTED")
      throw new ValidationError(`order ${order.id} is ${order.status}, not SUBMITTED`, { field: "status" });
    if (this.execution.findWorking(order.id) !== undefined)
      throw new ValidationError(`duplicate order id ${order.id}`, { field: "id" });
    roundToInstrument(order, book);
  }

  /** Cancels a working or dormant order (and its dormant children). Returns false if it was not working. */
  cancel(orderId: string, reason = "canceled"): boolean {
    const order = this.execution.findWorking(orderId);
    if (order === undefined) return false;
    this.execution.cancelOrder(this.execution.bookOf(order.instrumentId), order, reason);
    return true;
  }

  /**
   * Changes size, limit or trigger price of a working order. Refused (returns false, order unchanged)
   * when the order is not working, the new size is below what already filled, or an ALO would cross.
   */
  modify(orderId: string, changes: OrderChanges): boolean {
    const order = this.execution.findWorking(orderId);
    if (order === undefined) return false;
    const book = this.execution.bookOf(order.instrumentId);
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
    if (
      order.timeInForce === "ALO" &&
      !Number.isNaN(book.price) &&
      isExecutableAt(order, arrivalPrice(book, order.side, this.options.arrivalQuote))
    ) {
      order.quantity = before.quantity;
      order.price = before.price;
      order.triggerPrice = before.triggerPrice;
      return false;
    }
    order.updatedAt = this.options.clock.now();
    this.options.listener.onOrderModified(order);
    if (!Number.isNaN(book.price) && !book.dormant.includes(order)) this.path.sweepExecutable(book, "TAKER");
    return true;
  }

  /** Credits `amount` (quote currency; negative debits) to the balance: deposits and transfers. */
  adjustBalance(amount: number): void {
    this.clearinghouse.balance += amount;
    this.execution.ledgerVersion++;
  }

  /**
   * Settles one funding payment on the instrument's position at the current price (longs pay
   * positive rates). @returns the amount credited (> 0) or debited (< 0).
   */
  settleFunding(index: number, rate: number): number {
    const book = this.books[index] as OrderBook;
    if (Number.isNaN(book.price)) return 0;
    const amount = this.clearinghouse.settleFunding(index, rate, book.price);
    this.execution.ledgerVersion++;
    if (amount !== 0) {
      this.options.listener.onFunding(book.instrument.id, amount, rate, book.price, this.options.clock.now());
    }
    return amount;
  }
}

/**
 * The simulator's exchange core over the shared matching code (`src/venues/matching`, the same code
 * the backtests run): one {@link MatchingEngine} per account does matching, fees, margin, hourly
 * funding, mark-price triggers and liquidation at maintenance margin. On top of it this adapter keeps
 * what Hyperliquid adds: global oids and trade ids, cloids (a reused cloid is refused), margin reserved
 * by resting orders, the synthetic book takers meet (best ask / best bid around the mid) and
 * Hyperliquid's reject reasons.
 *
 * Market model: the mark = oracle = mid. Takers fill their whole size at the best quote of the
 * synthetic book (it is not depleted); resting limits fill at their price when the market trades
 * through them (maker fee); triggers fire on the mark and fill at the trigger (or the open on a gap);
 * a bar is walked stop-first as in backtests. Cross margin only (an isolated flag is recorded and
 * shown, not enforced separately).
 */
import type { Clock } from "../../core/index.ts";
import type { Instrument, OrderRequest, OrderType } from "../../domain/index.ts";
import { type FeeModel, HYPERLIQUID_BASE_FEES } from "../matching/index.ts";
import { EngineEventTranslator } from "./engine-event-translator.ts";
import { instrumentOf, SimulatedAccount } from "./simulated-account.ts";
import type {
  AccountState,
  BookLevel,
  ExchangeEvent,
  ExchangeFill,
  ExchangeOrder,
  FundingPayment,
  OrderUpdateStatus,
  PlaceOrderCommand,
  PlaceOrderResult,
  RejectReason,
  SimulatedExchange,
  SimulatedMarket,
} from "./simulated-exchange.ts";
import {
  bestQuotes,
  DEFAULT_SYNTHETIC_BOOK,
  type SyntheticBookOptions,
  syntheticLevels,
} from "./synthetic-book.ts";

/** Settings of a {@link MatchingExchange}. */
export interface MatchingExchangeOptions {
  markets: readonly SimulatedMarket[];
  /** Starting mid per asset id. */
  initialMids: readonly number[];
  /** Current market time in ms. */
  now: () => number;
  /** Default: Hyperliquid's base tier (taker 0.045 %, maker 0.015 %). */
  fees?: FeeModel;
  book?: SyntheticBookOptions;
}

/** Engine reject reasons → Hyperliquid's. */
const REJECT_REASON: Record<string, RejectReason> = {
  insufficient_margin: "insufficientMargin",
  post_only_would_cross: "postOnlyWouldCross",
  reduce_only_no_position: "reduceOnlyWouldIncrease",
  no_market_price: "noLiquidity",
};

const EMPTY_STATE = (account: string): AccountState => ({
  account,
  balance: 0,
  accountValue: 0,
  totalNotional: 0,
  marginUsed: 0,
  maintenanceMargin: 0,
  withdrawable: 0,
  positions: [],
});

/** The engine's order type of a command. */
function orderTypeOf(command: PlaceOrderCommand): OrderType {
  const trigger = command.trigger;
  if (trigger === null) return "LIMIT";
  if (trigger.kind === "sl") return trigger.isMarket ? "STOP_MARKET" : "STOP_LIMIT";
  return trigger.isMarket ? "TAKE_PROFIT_MARKET" : "TAKE_PROFIT_LIMIT";
}

/** The Hyperliquid-compatible exchange core over the shared matching engine (see the file comment). */
export class MatchingExchange implements SimulatedExchange {
  private readonly marketList: readonly SimulatedMarket[];
  private readonly instruments: readonly Instrument[];
  private readonly midPrices: number[];
  private readonly accounts = new Map<string, SimulatedAccount>();
  private readonly listeners = new Set<(event: ExchangeEvent) => void>();
  private readonly translator: EngineEventTranslator;
  private readonly clock: Clock;
  private readonly fees: FeeModel;
  private readonly bookOptions: SyntheticBookOptions;
  private readonly bookCache = new Map<
    number,
    { mid: number; depth: number; levels: { bids: BookLevel[]; asks: BookLevel[] } }
  >();
  private readonly quoteCache: Array<{ price: number; bid: number; ask: number }> = [];
  private nextOrderId = 1;
  private nextTradeId = 1;

  constructor(private readonly options: MatchingExchangeOptions) {
    this.marketList = options.markets;
    this.instruments = options.markets.map(instrumentOf);
    this.midPrices = [...options.initialMids];
    this.fees = options.fees ?? HYPERLIQUID_BASE_FEES;
    this.bookOptions = options.book ?? DEFAULT_SYNTHETIC_BOOK;
    this.clock = { now: () => options.now() };
    this.translator = new EngineEventTranslator({
      markets: this.marketList,
      now: () => options.now(),
      emit: (event) => {
        for (const listener of this.listeners) listener(event);
      },
      allocateOrderId: () => this.nextOrderId++,
      allocateTradeId: () => this.nextTradeId++,
    });
  }

  markets(): readonly SimulatedMarket[] {
    return this.marketList;
  }

  deposit(account: string, amount: number): void {
    this.account(account).engine.adjustBalance(amount);
  }

  hasAccount(account: string): boolean {
    return this.accounts.has(account);
  }

  onEvent(listener: (event: ExchangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  mids(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const market of this.marketList) result[market.coin] = this.midPrices[market.assetId] ?? 0;
    return result;
  }

  book(assetId: number, depth: number): { bids: BookLevel[]; asks: BookLevel[] } {
    const market = this.marketList[assetId];
    const mid = this.midPrices[assetId];
    if (!market || mid === undefined) return { bids: [], asks: [] };
    const cached = this.bookCache.get(assetId);
    if (cached && cached.mid === mid && cached.depth === depth) return cached.levels;
    const levels = syntheticLevels(mid, market.sizeDecimals, { ...this.bookOptions, levels: depth });
    this.bookCache.set(assetId, { mid, depth, levels });
    return levels;
  }

  openOrders(account: string): ExchangeOrder[] {
    return [...(this.accounts.get(account)?.orders.values() ?? [])];
  }

  findOrder(account: string, target: number | string): ExchangeOrder | null {
    return this.accounts.get(account)?.findOrder(target) ?? null;
  }

  accountState(account: string): AccountState {
    return this.accounts.get(account)?.state() ?? EMPTY_STATE(account);
  }

  fills(account: string): readonly ExchangeFill[] {
    return this.accounts.get(account)?.fills ?? [];
  }

  fundingPayments(account: string): readonly FundingPayment[] {
    return this.accounts.get(account)?.funding ?? [];
  }

  updateLeverage(account: string, assetId: number, isCross: boolean, leverage: number): string | null {
    const market = this.marketList[assetId];
    if (!market) return "Invalid asset.";
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > market.maxLeverage)
      return "Invalid leverage value.";
    const books = this.account(account);
    books.engine.clearinghouse.leverages[assetId] = leverage;
    books.crossMargin[assetId] = isCross;
    return null;
  }

  placeOrder(command: PlaceOrderCommand): PlaceOrderResult {
    const refusal = this.refusal(command, null);
    if (refusal !== null) return refusal;
    return this.submit(this.account(command.account), command);
  }

  cancelOrder(account: string, assetId: number, orderId: number): boolean {
    return this.cancelFound(account, this.findOrder(account, orderId), assetId);
  }

  cancelByClientOrderId(account: string, assetId: number, clientOrderId: string): boolean {
    return this.cancelFound(account, this.findOrder(account, clientOrderId), assetId);
  }

  cancelAllOrders(account: string, status: OrderUpdateStatus): number {
    const books = this.accounts.get(account);
    if (books === undefined) return 0;
    const ids = [...books.orders.keys()];
    for (const id of ids) books.engine.cancel(id, status);
    return ids.length;
  }

  modifyOrder(
    account: string,
    target: number | string,
    command: PlaceOrderCommand,
  ): PlaceOrderResult | { status: "unknownOrder" } {
    const existing = this.findOrder(account, target);
    if (existing === null) return { status: "unknownOrder" };
    const refusal = this.refusal(command, existing);
    if (refusal !== null) return refusal;
    const books = this.account(account);
    const existingId = String(existing.orderId);
    this.translator.silentCancels.add(existingId);
    books.engine.cancel(existingId, "canceled");
    const result = this.submit(books, command);
    if (result.status === "rejected") {
      // The venue keeps the old order when the replacement is refused.
      this.submit(books, { ...this.commandOf(existing), clientOrderId: existing.clientOrderId }, existing);
    } else {
      this.translator.update(existing, "canceled");
    }
    return result;
  }

  updateMarket(
    assetId: number,
    bar: { open: number; high: number; low: number; close: number },
    _time?: number,
  ): void {
    if (!this.marketList[assetId]) return;
    for (const books of this.accounts.values()) {
      const engine = books.engine;
      if (engine.hasActivity(assetId)) {
        engine.beginBar(assetId, bar.open, bar.high, bar.low, bar.close);
        engine.processOpen(assetId);
        engine.processIntrabar(assetId);
        engine.endBar(assetId);
      } else {
        engine.updatePrice(assetId, bar.close);
      }
    }
    this.midPrices[assetId] = bar.close;
  }

  applyFunding(assetId: number, rate: number, time: number): void {
    if (!this.marketList[assetId]) return;
    this.translator.fundingTime = time;
    try {
      for (const books of this.accounts.values()) {
        if (books.positionSize(assetId) !== 0) books.engine.settleFunding(assetId, rate);
      }
    } finally {
      this.translator.fundingTime = undefined;
    }
  }

  // ---- internals ---------------------------------------------------------------------------------

  private account(address: string): SimulatedAccount {
    let books = this.accounts.get(address);
    if (books === undefined) {
      const created: SimulatedAccount = new SimulatedAccount(address, {
        markets: this.marketList,
        instruments: this.instruments,
        mids: this.midPrices,
        fees: this.fees,
        clock: this.clock,
        arrivalQuote: (index, side, price) => this.quote(index, side, price),
        listener: this.translator.listenerFor(() => created),
      });
      books = created;
      this.accounts.set(address, books);
    }
    return books;
  }

  /** Best ask (BUY) or best bid (SELL) of the synthetic book around `price`. */
  private quote(index: number, side: "BUY" | "SELL", price: number): number {
    let cached = this.quoteCache[index];
    if (cached === undefined || cached.price !== price) {
      const { bid, ask } = bestQuotes(price, this.marketList[index]?.sizeDecimals ?? 0);
      cached = { price, bid, ask };
      this.quoteCache[index] = cached;
    }
    return side === "BUY" ? cached.ask : cached.bid;
  }

  /** Hyperliquid's pre-checks of an order (`replacing`: the order a modify replaces), or null. */
  private refusal(command: PlaceOrderCommand, replacing: ExchangeOrder | null): PlaceOrderResult | null {
    const reject = (reason: RejectReason): PlaceOrderResult => ({ status: "rejected", reason });
    const market = this.marketList[command.assetId];
    if (!market || this.midPrices[command.assetId] === undefined) return reject("unknownAsset");
    const books = this.account(command.account);
    const cloid = command.clientOrderId;
    if (cloid && cloid !== replacing?.clientOrderId && books.usedClientOrderIds.has(cloid))
      return reject("duplicateClientOrderId");
    const position = books.positionSize(command.assetId);
    const direction = command.side === "buy" ? 1 : -1;
    if (command.reduceOnly && (position === 0 || Math.sign(position) === direction))
      return reject("reduceOnlyWouldIncrease");
    if (command.reduceOnly) return null;
    const closing = Math.sign(position) === -direction ? Math.min(Math.abs(position), command.size) : 0;
    const increasing = command.size - closing;
    if (increasing <= 0) return null;
    const required = (increasing * command.price) / books.leverage(command.assetId);
    return required <= books.availableMargin(replacing ?? undefined) + 1e-9
      ? null
      : reject("insufficientMargin");
  }

  /** Sends a command to the account's engine under a new oid (or `restoring`'s) and reports the outcome. */
  private submit(
    books: SimulatedAccount,
    command: PlaceOrderCommand,
    restoring?: ExchangeOrder,
  ): PlaceOrderResult {
    const market = this.marketList[command.assetId] as SimulatedMarket;
    const orderId = restoring?.orderId ?? this.nextOrderId++;
    const id = String(orderId);
    const view: ExchangeOrder = restoring ?? {
      orderId,
      account: books.address,
      assetId: command.assetId,
      coin: market.coin,
      side: command.side,
      limitPrice: command.price,
      size: command.size,
      originalSize: command.size,
      reduceOnly: command.reduceOnly,
      timeInForce: command.timeInForce,
      trigger: command.trigger,
      clientOrderId: command.clientOrderId,
      timestamp: this.options.now(),
    };
    const type = orderTypeOf(command);
    const request: OrderRequest = {
      id,
      instrumentId: market.coin,
      side: command.side === "buy" ? "BUY" : "SELL",
      type,
      quantity: command.size,
      timeInForce: command.timeInForce === "Ioc" ? "IOC" : command.timeInForce === "Alo" ? "ALO" : "GTC",
      reduceOnly: command.reduceOnly,
    };
    if (type === "LIMIT" || type === "STOP_LIMIT" || type === "TAKE_PROFIT_LIMIT")
      request.price = command.price;
    if (command.trigger) request.triggerPrice = command.trigger.triggerPrice;
    books.addOrder(view);
    const translator = this.translator;
    translator.placing = id;
    let order: ReturnType<SimulatedAccount["engine"]["submit"]>;
    try {
      order = books.engine.submit(request);
    } finally {
      translator.placing = undefined;
    }
    // A fill leaves the engine's mark at the fill price; the venue's mark stays the mid.
    books.engine.updatePrice(command.assetId, books.engine.price(command.assetId));
    const status = order.status;
    if (status === "ACCEPTED" || status === "TRIGGERED" || status === "PARTIALLY_FILLED") {
      if (command.clientOrderId) books.usedClientOrderIds.add(command.clientOrderId);
      if (restoring === undefined) translator.update(view, "open");
      return order.triggered ? { status: "resting", orderId } : { status: "waitingForTrigger", orderId };
    }
    books.removeOrder(id);
    if (order.filledQuantity > 0) {
      if (command.clientOrderId) books.usedClientOrderIds.add(command.clientOrderId);
      translator.update(view, "filled");
      return this.filledResult(orderId, order);
    }
    if (status === "EXPIRED") return { status: "rejected", reason: "iocCouldNotMatch" };
    const reason = REJECT_REASON[order.reason ?? ""] ?? "insufficientMargin";
    if (reason !== "postOnlyWouldCross") return { status: "rejected", reason };
    const mid = books.engine.price(command.assetId);
    const { bid, ask } = bestQuotes(mid, market.sizeDecimals);
    return { status: "rejected", reason, bestBid: bid, bestAsk: ask };
  }

  private filledResult(
    orderId: number,
    order: { filledQuantity: number; averageFillPrice: number },
  ): PlaceOrderResult {
    return {
      status: "filled",
      orderId,
      filledSize: order.filledQuantity,
      averagePrice: order.averageFillPrice,
    };
  }

  /** The command that would place `order` again (modify's fallback). */
  private commandOf(order: ExchangeOrder): PlaceOrderCommand {
    return {
      account: order.account,
      assetId: order.assetId,
      side: order.side,
      price: order.limitPrice,
      size: order.size,
      reduceOnly: order.reduceOnly,
      timeInForce: order.timeInForce,
      trigger: order.trigger,
      clientOrderId: order.clientOrderId,
    };
  }

  private cancelFound(account: string, order: ExchangeOrder | null, assetId: number): boolean {
    if (order === null || order.assetId !== assetId) return false;
    return this.accounts.get(account)?.engine.cancel(String(order.orderId), "canceled") ?? false;
  }
}

/**
 * A simple, deterministic in-memory exchange core implementing {@link SimulatedExchange}:
 * takers walk a synthetic book around the mid (taker fee), resting limit orders fill at their price
 * when a market update trades through them (maker fee), TP/SL triggers fire on the mark (= mid).
 * Cross margin only; no liquidation engine and no matching between users' own resting orders.
 * It stands in until the shared matching core (`src/venues/matching`) is plugged in behind the same
 * interface.
 */
import { OrderIndex } from "./order-index.ts";
import { ReferenceLedger } from "./reference-ledger.ts";
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
  SimulatedExchange,
  SimulatedMarket,
} from "./simulated-exchange.ts";
import { DEFAULT_SYNTHETIC_BOOK, type SyntheticBookOptions, syntheticLevels } from "./synthetic-book.ts";

/** Settings of the reference exchange. */
export interface ReferenceExchangeOptions {
  markets: readonly SimulatedMarket[];
  /** Starting mid per asset id. */
  initialMids: readonly number[];
  /** Current time in ms (the simulator's market time). */
  now: () => number;
  takerFeeRate?: number;
  makerFeeRate?: number;
  book?: SyntheticBookOptions;
}

const MARKET_TRIGGER_SLIPPAGE = 0.1;

function hashOf(kind: number, id: number): string {
  return `0x${kind.toString(16).padStart(2, "0")}${id.toString(16).padStart(62, "0")}`;
}

/** The reference exchange core (see the file comment for its model). */
export class ReferenceExchange implements SimulatedExchange {
  private readonly marketList: readonly SimulatedMarket[];
  private readonly midPrices: number[];
  private readonly ledger: ReferenceLedger;
  private readonly orders = new OrderIndex();
  private readonly bookCache = new Map<
    number,
    { mid: number; depth: number; levels: { bids: BookLevel[]; asks: BookLevel[] } }
  >();
  private readonly listeners = new Set<(event: ExchangeEvent) => void>();
  private readonly takerFeeRate: number;
  private readonly makerFeeRate: number;
  private readonly bookOptions: SyntheticBookOptions;
  private nextOrderId = 1;
  private nextTradeId = 1;

  constructor(private readonly options: ReferenceExchangeOptions) {
    this.marketList = options.markets;
    this.midPrices = [...options.initialMids];
    this.takerFeeRate = options.takerFeeRate ?? 0.00045;
    this.makerFeeRate = options.makerFeeRate ?? 0.00015;
    this.bookOptions = options.book ?? DEFAULT_SYNTHETIC_BOOK;
    this.ledger = new ReferenceLedger(this.marketList, (assetId) => this.midPrices[assetId] ?? 0);
  }

  markets(): readonly SimulatedMarket[] {
    return this.marketList;
  }

  deposit(account: string, amount: number): void {
    this.ledger.deposit(account, amount);
  }

  hasAccount(account: string): boolean {
    return this.ledger.has(account);
  }

  onEvent(listener: (event: ExchangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ExchangeEvent): void {
    for (const listener of this.listeners) listener(event);
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
    return this.orders.ofAccount(account);
  }

  findOrder(account: string, target: number | string): ExchangeOrder | null {
    const order =
      typeof target === "number" ? this.orders.get(target) : this.orders.findByClientOrderId(account, target);
    return order && order.account === account ? order : null;
  }

  accountState(account: string): AccountState {
    return this.ledger.state(account);
  }

  fills(account: string): readonly ExchangeFill[] {
    return this.ledger.has(account) ? this.ledger.account(account).fills : [];
  }

  fundingPayments(account: string): readonly FundingPayment[] {
    return this.ledger.has(account) ? this.ledger.account(account).funding : [];
  }

  updateLeverage(account: string, assetId: number, isCross: boolean, leverage: number): string | null {
    const market = this.marketList[assetId];
    if (!market) return "Invalid asset.";
    if (leverage < 1 || leverage > market.maxLeverage) return "Invalid leverage value.";
    this.ledger.setLeverage(account, assetId, { leverage, isCross });
    return null;
  }

  placeOrder(command: PlaceOrderCommand): PlaceOrderResult {
    return this.place(command, this.nextOrderId++);
  }

  private place(command: PlaceOrderCommand, orderId: number): PlaceOrderResult {
    const market = this.marketList[command.assetId];
    const mid = this.midPrices[command.assetId];
    if (!market || mid === undefined) return { status: "rejected", reason: "unknownAsset" };
    if (command.clientOrderId && this.findOrder(command.account, command.clientOrderId)) {
      return { status: "rejected", reason: "duplicateClientOrderId" };
    }
    const position = this.ledger.positionSize(command.account, command.assetId);
    const direction = command.side === "buy" ? 1 : -1;
    if (command.reduceOnly && (position === 0 || Math.sign(position) === direction)) {
      return { status: "rejected", reason: "reduceOnlyWouldIncrease" };
    }
    if (!command.reduceOnly && !this.hasMarginFor(command, position)) {
      return { status: "rejected", reason: "insufficientMargin" };
    }
    const order: ExchangeOrder = {
      orderId,
      account: command.account,
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
    if (order.trigger) {
      this.rest(order);
      return { status: "waitingForTrigger", orderId };
    }
    const { bids, asks } = this.book(command.assetId, this.bookOptions.levels);
    const opposite = command.side === "buy" ? asks : bids;
    const best = opposite[0]?.price;
    const crosses =
      best !== undefined && (command.side === "buy" ? command.price >= best : command.price <= best);
    if (order.timeInForce === "Alo" && crosses) {
      return {
        status: "rejected",
        reason: "postOnlyWouldCross",
        bestBid: bids[0]?.price,
        bestAsk: asks[0]?.price,
      };
    }
    if (!crosses) {
      if (order.timeInForce === "Ioc") return { status: "rejected", reason: "iocCouldNotMatch" };
      this.rest(order);
      return { status: "resting", orderId };
    }
    const { filled, notional } = this.take(order, opposite);
    if (order.size > 1e-12 && order.timeInForce === "Gtc") {
      this.rest(order);
      return { status: "resting", orderId };
    }
    if (filled === 0) return { status: "rejected", reason: "iocCouldNotMatch" };
    this.emitUpdate(order, "filled");
    return { status: "filled", orderId, filledSize: filled, averagePrice: notional / filled };
  }

  private hasMarginFor(command: PlaceOrderCommand, position: number): boolean {
    const direction = command.side === "buy" ? 1 : -1;
    const closing = Math.sign(position) === -direction ? Math.min(Math.abs(position), command.size) : 0;
    const increasing = command.size - closing;
    if (increasing <= 0) return true;
    const { leverage } = this.ledger.leverageOf(command.account, command.assetId);
    const available = this.ledger.availableMargin(
      command.account,
      this.orders.reservedNotional(command.account),
    );
    return (increasing * command.price) / leverage <= available + 1e-9;
  }

  private rest(order: ExchangeOrder): void {
    this.orders.add(order);
    this.emitUpdate(order, "open");
  }

  /** Walks the opposite levels up to the limit price; reduces `order.size`. */
  private take(order: ExchangeOrder, levels: BookLevel[]): { filled: number; notional: number } {
    let filled = 0;
    let notional = 0;
    for (const level of levels) {
      if (order.size <= 1e-12) break;
      if (order.side === "buy" ? level.price > order.limitPrice : level.price < order.limitPrice) break;
      const size = this.clipReduceOnly(order, Math.min(level.size, order.size));
      if (size <= 0) break;
      this.execute(order, level.price, size, true);
      filled += size;
      notional += size * level.price;
    }
    return { filled, notional };
  }

  private clipReduceOnly(order: ExchangeOrder, size: number): number {
    if (!order.reduceOnly) return size;
    const position = this.ledger.positionSize(order.account, order.assetId);
    const direction = order.side === "buy" ? 1 : -1;
    if (Math.sign(position) !== -direction) return 0;
    return Math.min(size, Math.abs(position));
  }

  private execute(order: ExchangeOrder, price: number, size: number, taker: boolean): void {
    const time = this.options.now();
    const fee = size * price * (taker ? this.takerFeeRate : this.makerFeeRate);
    const booked = this.ledger.applyFill(order.account, order.assetId, order.side, price, size, fee);
    const tradeId = this.nextTradeId++;
    const hash = hashOf(1, tradeId);
    this.orders.reduce(order, size);
    const fill: ExchangeFill = {
      account: order.account,
      coin: order.coin,
      assetId: order.assetId,
      side: order.side,
      price,
      size,
      time,
      ...booked,
      fee,
      orderId: order.orderId,
      tradeId,
      hash,
      taker,
      clientOrderId: order.clientOrderId,
    };
    this.ledger.account(order.account).fills.push(fill);
    this.emit({ type: "fill", fill });
    const counterparty = "0x0000000000000000000000000000000000000000";
    this.emit({
      type: "trade",
      coin: order.coin,
      side: taker ? order.side : order.side === "buy" ? "sell" : "buy",
      price,
      size,
      time,
      tradeId,
      hash,
      buyer: order.side === "buy" ? order.account : counterparty,
      seller: order.side === "sell" ? order.account : counterparty,
    });
  }

  private remove(order: ExchangeOrder, status: OrderUpdateStatus): void {
    this.orders.delete(order);
    this.emitUpdate(order, status);
  }

  private emitUpdate(order: ExchangeOrder, status: OrderUpdateStatus): void {
    this.emit({ type: "orderUpdate", order: { ...order }, status, time: this.options.now() });
  }

  cancelOrder(account: string, assetId: number, orderId: number): boolean {
    return this.cancelFound(this.findOrder(account, orderId), assetId);
  }

  cancelByClientOrderId(account: string, assetId: number, clientOrderId: string): boolean {
    return this.cancelFound(this.findOrder(account, clientOrderId), assetId);
  }

  private cancelFound(order: ExchangeOrder | null, assetId: number): boolean {
    if (!order || order.assetId !== assetId) return false;
    this.remove(order, "canceled");
    return true;
  }

  cancelAllOrders(account: string, status: OrderUpdateStatus): number {
    const mine = this.openOrders(account);
    for (const order of mine) this.remove(order, status);
    return mine.length;
  }

  modifyOrder(
    account: string,
    target: number | string,
    command: PlaceOrderCommand,
  ): PlaceOrderResult | { status: "unknownOrder" } {
    const existing = this.findOrder(account, target);
    if (!existing) return { status: "unknownOrder" };
    this.orders.delete(existing);
    const result = this.placeOrder(command);
    if (result.status === "rejected") this.orders.add(existing);
    else this.emitUpdate(existing, "canceled");
    return result;
  }

  /** Event times come from `now()`; the bar's own time is not needed by this model. */
  updateMarket(assetId: number, bar: { open: number; high: number; low: number; close: number }): void {
    if (!this.marketList[assetId]) return;
    for (const order of [...this.orders.values()]) {
      if (order.assetId !== assetId) continue;
      if (order.trigger) this.checkTrigger(order, bar);
      else this.checkRestingFill(order, bar);
    }
    this.midPrices[assetId] = bar.close;
  }

  private checkTrigger(order: ExchangeOrder, bar: { open: number; high: number; low: number }): void {
    const trigger = order.trigger;
    if (!trigger) return;
    const firesBelow = (order.side === "sell") === (trigger.kind === "sl");
    const fired = firesBelow ? bar.low <= trigger.triggerPrice : bar.high >= trigger.triggerPrice;
    if (!fired) return;
    this.emitUpdate(order, "triggered");
    const gapped = firesBelow ? bar.open < trigger.triggerPrice : bar.open > trigger.triggerPrice;
    const fillPrice = gapped ? bar.open : trigger.triggerPrice;
    if (!trigger.isMarket) {
      order.trigger = null;
      order.timeInForce = "Gtc";
      this.checkRestingFill(order, bar as { open: number; high: number; low: number; close: number });
      return;
    }
    const cap =
      order.side === "buy"
        ? fillPrice * (1 + MARKET_TRIGGER_SLIPPAGE)
        : fillPrice * (1 - MARKET_TRIGGER_SLIPPAGE);
    const size = this.clipReduceOnly(order, order.size);
    if (size > 0 && (order.side === "buy" ? fillPrice <= cap : fillPrice >= cap))
      this.execute(order, fillPrice, size, true);
    this.remove(order, size > 0 ? "filled" : "reduceOnlyCanceled");
  }

  private checkRestingFill(order: ExchangeOrder, bar: { high: number; low: number }): void {
    const through = order.side === "buy" ? bar.low < order.limitPrice : bar.high > order.limitPrice;
    if (!through) return;
    const size = this.clipReduceOnly(order, order.size);
    if (size > 0) this.execute(order, order.limitPrice, size, false);
    if (order.size <= 1e-12 || size === 0) this.remove(order, size > 0 ? "filled" : "reduceOnlyCanceled");
  }

  applyFunding(assetId: number, rate: number, time: number): void {
    const market = this.marketList[assetId];
    const oracle = this.midPrices[assetId];
    if (!market || oracle === undefined) return;
    for (const account of this.ledger.holders(assetId)) {
      const size = this.ledger.positionSize(account, assetId);
      const amount = -size * oracle * rate;
      this.ledger.applyFunding(account, assetId, amount);
      const payment: FundingPayment = {
        account,
        coin: market.coin,
        time,
        amount,
        positionSize: size,
        rate,
        hash: hashOf(2, this.nextTradeId++),
      };
      this.ledger.account(account).funding.push(payment);
      this.emit({ type: "funding", payment });
    }
  }
}

import type { ExchangeClient, InfoClient } from "@nktkas/hyperliquid";
import type { Clock } from "../core/index.ts";
import {
  createOrder,
  isTerminalStatus,
  isWorking,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type OrderSide,
  transitionOrder,
} from "../domain/index.ts";
import type { ExecutionClient, ExecutionEvents } from "../engine/index.ts";
import {
  type FillWire,
  type FundingPaymentWire,
  OrderStatusWire,
  type OrderUpdateWire,
  parseWire,
} from "../venues/hyperliquid/index.ts";
import { fillFromWire } from "./fill-mapping.ts";
import { DEFAULT_MARKET_SLIPPAGE, toOrderWire } from "./order-wire.ts";
import type { VenueMarket } from "./venue-market.ts";

/** Hyperliquid's base taker fee (0.045 %). */
export const HYPERLIQUID_TAKER_FEE = 0.00045;

/** Callbacks of the node around the client (persistence, gap-fill, logging). */
export interface ExecutionClientHooks {
  /** An order is about to leave, with the cloid it carries (write it down before it is sent). */
  onSend?(order: Order, cloid: `0x${string}`): void;
  /** The venue learned an oid for an order. */
  onVenueOrderId?(order: Order, oid: number): void;
  /** An order response said "filled": fills should arrive; a gap-fill makes sure they do. */
  onFilledResponse?(): void;
  /** A fill on the account that no order of this node placed (manual trade, other bot). */
  onForeignFill?(fill: FillWire): void;
  /** A request failed in a way that is not an order's rejection. */
  onError?(what: string, error: unknown): void;
}

/** Construction options of a {@link HyperliquidExecutionClient}. */
export interface HyperliquidExecutionClientOptions {
  readonly exchange: ExchangeClient;
  readonly info: InfoClient;
  /** The trading account (master address; an agent key only signs). */
  readonly user: `0x${string}`;
  /** One market per engine instrument, same order. */
  readonly markets: readonly VenueMarket[];
  /** Deterministic cloid of an engine order id. */
  readonly cloidOf: (orderId: string) => `0x${string}`;
  readonly clock: Clock;
  /** Market-order price protection as a fraction of the mid; default {@link DEFAULT_MARKET_SLIPPAGE}. */
  readonly slippage?: number;
  readonly takerFeeRate?: number;
  readonly hooks?: ExecutionClientHooks;
}

/** What the client knows about one order it sent or adopted. */
interface Tracked {
  /** The client's copy (the engine mirrors it). */
  readonly venue: Order;
  readonly cloid: `0x${string}`;
  oid: number | undefined;
  readonly instrument: number;
  /** Dormant bracket children, sent when this order has filled. */
  children: OrderRequest[];
  /** A terminal status that waits for fills still in flight (filled size it waits for). */
  pendingEnd: { status: "CANCELED" | "EXPIRED"; reason: string; filled: number } | undefined;
}

const EPSILON = 1e-9;

/**
 * The engine's {@link ExecutionClient} on Hyperliquid (or the simulator) through `@nktkas/hyperliquid`.
 * Requests go out asynchronously; every outcome comes back as {@link ExecutionEvents} from the order
 * response, the `orderUpdates` / `userFills` channels ({@link handleOrderUpdates}, {@link handleFills})
 * and gap-fills. Fills are keyed by venue trade id, so feeding the same fill twice is harmless.
 * Bracket children are held here and sent reduce-only once their parent has filled; exits of an OCO
 * group are canceled when the position is flat.
 */
export class HyperliquidExecutionClient implements ExecutionClient {
  readonly takerFeeRate: number;
  private events: ExecutionEvents | undefined;
  private readonly slippage: number;
  private readonly byId = new Map<string, Tracked>();
  private readonly byCloid = new Map<string, Tracked>();
  private readonly byOid = new Map<number, Tracked>();
  private readonly seenTrades = new Set<number>();
  private readonly mids: number[];
  private readonly positions: number[];
  private readonly inFlight = new Set<Promise<unknown>>();
  private ignoreBefore = 0;

  constructor(private readonly options: HyperliquidExecutionClientOptions) {
    this.takerFeeRate = options.takerFeeRate ?? HYPERLIQUID_TAKER_FEE;
    this.slippage = options.slippage ?? DEFAULT_MARKET_SLIPPAGE;
    this.mids = options.markets.map(() => Number.NaN);
    this.positions = options.markets.map(() => 0);
  }

  /** Wires the receiver of venue events (the engine, or the node in front of it). */
  connect(events: ExecutionEvents): void {
    this.events = events;
  }

  /** Latest mid of an instrument (market orders and sizing use it). */
  setMid(instrument: number, mid: number): void {
    if (mid > 0) this.mids[instrument] = mid;
  }

  /** Venue position size (signed) from the fills seen, or as set by reconciliation. */
  positionSize(instrument: number): number {
    return this.positions[instrument] ?? 0;
  }

  /** Sets the venue position known at start-up. */
  setPositionSize(instrument: number, size: number): void {
    this.positions[instrument] = size;
  }

  /** Fills already accounted for (from the database) and the time before which fills are history. */
  markFillsSeen(tradeIds: Iterable<number>, ignoreBefore?: number): void {
    for (const id of tradeIds) this.seenTrades.add(id);
    if (ignoreBefore !== undefined) this.ignoreBefore = ignoreBefore;
  }

  /** Whether a venue trade id has been applied or marked seen. */
  hasSeenFill(tradeId: number): boolean {
    return this.seenTrades.has(tradeId);
  }

  /** Orders still working or in flight, as the client's copies. */
  openOrders(): Order[] {
    return [...this.byId.values()].filter((t) => !isTerminalStatus(t.venue.status)).map((t) => t.venue);
  }

  /** Venue order id of a tracked order, once known. */
  venueOrderId(orderId: string): number | undefined {
    return this.byId.get(orderId)?.oid;
  }

  /** Cloid of a tracked order. */
  cloidOf(orderId: string): `0x${string}` | undefined {
    return this.byId.get(orderId)?.cloid;
  }

  /**
   * Takes over an order placed by an earlier session (restart): its updates and fills map to
   * `order.id` from now on. `order` is in a working status.
   */
  adopt(order: Order, cloid: `0x${string}`, oid: number | undefined): void {
    const instrument = this.instrumentIndex(order.instrumentId);
    this.track({ venue: order, cloid, oid, instrument, children: [], pendingEnd: undefined });
  }

  /** Resolves when every request sent so far has been answered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  // ---- ExecutionClient -------------------------------------------------------------------------

  submit(request: OrderRequest, contingent: readonly OrderRequest[]): void {
    const venue = createOrder(request, this.options.clock.now());
    const instrument = this.instrumentIndex(request.instrumentId);
    const tracked: Tracked = {
      venue,
      cloid: this.options.cloidOf(request.id),
      oid: undefined,
      instrument,
      children: contingent.map((child) => ({ ...child })),
      pendingEnd: undefined,
    };
    this.track(tracked);
    this.send(tracked);
  }

  cancel(orderId: string): boolean {
    const tracked = this.byId.get(orderId);
    if (tracked === undefined || isTerminalStatus(tracked.venue.status)) return false;
    const market = this.market(tracked.instrument);
    this.run(
      "cancel",
      this.options.exchange
        .cancelByCloid({ cancels: [{ asset: market.assetId, cloid: tracked.cloid }] })
        .then(() => this.end(tracked, "CANCELED", "canceled", tracked.venue.filledQuantity))
        .catch((error: unknown) => this.options.hooks?.onError?.(`cancel ${orderId}`, error)),
    );
    return true;
  }

  modify(orderId: string, changes: OrderChanges): boolean {
    const tracked = this.byId.get(orderId);
    if (tracked === undefined || !isWorking(tracked.venue) || tracked.oid === undefined) return false;
    const venue = tracked.venue;
    const next: OrderRequest = {
      id: venue.id,
      instrumentId: venue.instrumentId,
      side: venue.side,
      type: venue.type,
      quantity: changes.quantity ?? venue.quantity,
      price: changes.price ?? venue.price,
      triggerPrice: changes.triggerPrice ?? venue.triggerPrice,
      timeInForce: venue.timeInForce,
      reduceOnly: venue.reduceOnly,
    };
    const wire = toOrderWire(next, this.wireContext(tracked));
    this.run(
      "modify",
      this.options.exchange
        .modify({ oid: tracked.oid, order: wire as never })
        .then(() => {
          venue.quantity = Number(wire.s);
          if (changes.price !== undefined) venue.price = changes.price;
          if (changes.triggerPrice !== undefined) venue.triggerPrice = changes.triggerPrice;
          venue.updatedAt = this.options.clock.now();
          this.events?.onOrderModified(venue);
        })
        .catch((error: unknown) => this.options.hooks?.onError?.(`modify ${orderId}`, error)),
    );
    return true;
  }

  marketPrice(instrumentIndex: number, _side: OrderSide): number {
    return this.mids[instrumentIndex] ?? Number.NaN;
  }

  // ---- inbound -----------------------------------------------------------------------------------

  /** Applies `orderUpdates` entries (acceptance, triggers, cancels; fills come through fills). */
  handleOrderUpdates(updates: readonly OrderUpdateWire[]): void {
    for (const update of updates) {
      const tracked = this.find(update.order.cloid, update.order.oid);
      if (tracked === undefined) continue;
      if (tracked.oid !== undefined && tracked.oid !== update.order.oid) {
        // A modify replaced the order: the old oid's end is not the order's end.
        if (update.status !== "open") continue;
      }
      this.learnOid(tracked, update.order.oid);
      const filled = Number(update.order.origSz) - Number(update.order.sz);
      if (update.status === "open") this.accept(tracked);
      else if (update.status === "triggered") this.trigger(tracked);
      else if (update.status === "rejected") this.reject(tracked, update.status);
      else if (update.status !== "filled") this.end(tracked, "CANCELED", update.status, filled);
    }
  }

  /**
   * Applies fills (WS `userFills`, `userEvents`, or `userFillsByTime` gap-fills), oldest first.
   * @returns how many were new.
   */
  handleFills(fills: readonly FillWire[]): number {
    let applied = 0;
    const sorted = [...fills].sort((a, b) => a.time - b.time || a.tid - b.tid);
    for (const wire of sorted) {
      if (this.seenTrades.has(wire.tid) || wire.time < this.ignoreBefore) continue;
      const instrument = this.options.markets.findIndex((market) => market.coin === wire.coin);
      if (instrument < 0) continue;
      this.seenTrades.add(wire.tid);
      applied++;
      const signed = wire.side === "B" ? Number(wire.sz) : -Number(wire.sz);
      this.positions[instrument] = roundSize(Number(wire.startPosition) + signed);
      const tracked = this.find(wire.cloid, wire.oid) ?? this.foreign(wire, instrument);
      this.applyFill(tracked, wire);
      if (Math.abs(this.positions[instrument] ?? 0) < EPSILON) this.cancelOcoExits(instrument);
    }
    return applied;
  }

  /** Applies a funding payment from the `user` channel. */
  handleFunding(funding: FundingPaymentWire, time: number): void {
    const market = this.options.markets.find((candidate) => candidate.coin === funding.coin);
    if (market === undefined) return;
    this.events?.onFunding(
      market.instrument.id,
      Number(funding.usdc),
      Number(funding.fundingRate),
      this.mids[this.options.markets.indexOf(market)] ?? Number.NaN,
      time,
    );
  }

  // ---- internals ---------------------------------------------------------------------------------

  private send(tracked: Tracked): void {
    let wire: ReturnType<typeof toOrderWire>;
    try {
      wire = toOrderWire(tracked.venue, this.wireContext(tracked));
    } catch (error) {
      this.reject(tracked, error instanceof Error ? error.message : String(error));
      return;
    }
    tracked.venue.quantity = Number(wire.s);
    this.options.hooks?.onSend?.(tracked.venue, tracked.cloid);
    this.run(
      "order",
      this.options.exchange
        .order({ orders: [wire as never], grouping: "na" })
        .then((response) => this.onOrderResponse(tracked, response))
        .catch((error: unknown) => {
          if (isApiError(error)) this.reject(tracked, error.message.replace(/^Order 0: /, ""));
          else return this.resolveLost(tracked, wire, error, 1);
        }),
    );
  }

  /**
   * A send whose answer was lost (timeout, 429, connection reset): asks the venue about the cloid and
   * re-sends the same wire (same cloid, so never twice) while the venue does not know it.
   */
  private async resolveLost(tracked: Tracked, wire: unknown, error: unknown, attempt: number): Promise<void> {
    this.options.hooks?.onError?.(`order ${tracked.venue.id} (attempt ${attempt})`, error);
    await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    let known: { status: string; order?: { order: { oid: number }; status: string } } | undefined;
    try {
      known = (await this.options.info.orderStatus({
        user: this.options.user,
        oid: tracked.cloid,
      })) as typeof known;
    } catch (lookupError) {
      known = undefined;
      error = lookupError;
    }
    if (known?.status === "order" && known.order !== undefined) {
      this.learnOid(tracked, known.order.order.oid);
      this.accept(tracked);
      if (known.order.status === "filled") this.options.hooks?.onFilledResponse?.();
      return;
    }
    if (known?.status === "unknownOid" && attempt <= 3) {
      try {
        const response = await this.options.exchange.order({ orders: [wire as never], grouping: "na" });
        this.onOrderResponse(tracked, response);
        return;
      } catch (retryError) {
        if (isApiError(retryError)) return this.reject(tracked, retryError.message.replace(/^Order 0: /, ""));
        error = retryError;
      }
    }
    if (attempt < 4) return this.resolveLost(tracked, wire, error, attempt + 1);
    this.reject(tracked, `request failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  private onOrderResponse(tracked: Tracked, response: unknown): void {
    const statuses = (response as { response?: { data?: { statuses?: unknown[] } } }).response?.data
      ?.statuses;
    const status = parseWire(OrderStatusWire, statuses?.[0], "order status");
    if (typeof status === "string") this.accept(tracked);
    else if ("resting" in status) {
      this.learnOid(tracked, status.resting.oid);
      this.accept(tracked);
    } else if ("filled" in status) {
      this.learnOid(tracked, status.filled.oid);
      this.accept(tracked);
      const total = Number(status.filled.totalSz);
      if (tracked.venue.type === "MARKET" && total < tracked.venue.quantity - EPSILON) {
        this.end(tracked, "CANCELED", "ioc_unfilled_rest", total);
      }
      this.options.hooks?.onFilledResponse?.();
    } else this.reject(tracked, status.error);
  }

  private applyFill(tracked: Tracked, wire: FillWire): void {
    const venue = tracked.venue;
    this.accept(tracked);
    if (!venue.triggered) this.trigger(tracked);
    const quantity = Number(wire.sz);
    const price = Number(wire.px);
    const before = venue.filledQuantity;
    venue.filledQuantity = before + quantity;
    venue.averageFillPrice =
      before === 0 ? price : (venue.averageFillPrice * before + price * quantity) / venue.filledQuantity;
    if (venue.filledQuantity > venue.quantity) venue.quantity = venue.filledQuantity;
    venue.updatedAt = wire.time;
    const full = venue.filledQuantity >= venue.quantity - EPSILON;
    if (!isTerminalStatus(venue.status)) transitionOrder(venue, full ? "FILLED" : "PARTIALLY_FILLED");
    this.events?.onOrderFilled(venue, fillFromWire(wire, venue.id, venue.instrumentId, venue.tag));
    const pending = tracked.pendingEnd;
    if (pending !== undefined && venue.filledQuantity >= pending.filled - EPSILON && !full) {
      this.end(tracked, pending.status, pending.reason, pending.filled);
    }
    if (full || venue.status === "CANCELED") this.releaseChildren(tracked);
  }

  /** Sends the bracket children of a (fully or finally) filled parent, sized to what filled. */
  private releaseChildren(tracked: Tracked): void {
    const children = tracked.children;
    tracked.children = [];
    const filled = tracked.venue.filledQuantity;
    if (filled <= 0) return;
    for (const child of children) {
      this.submit({ ...child, quantity: filled * (child.fractionOfParent ?? 1), reduceOnly: true }, []);
    }
  }

  private cancelOcoExits(instrument: number): void {
    for (const tracked of this.byId.values()) {
      const venue = tracked.venue;
      if (
        tracked.instrument === instrument &&
        venue.ocoGroup !== undefined &&
        venue.reduceOnly &&
        isWorking(venue)
      ) {
        this.cancel(venue.id);
      }
    }
  }

  /** A fill of an order this node did not place: an adopted one-fill market order `ext-<tid>`. */
  private foreign(wire: FillWire, instrument: number): Tracked {
    this.options.hooks?.onForeignFill?.(wire);
    const venue = createOrder(
      {
        id: `ext-${wire.tid}`,
        instrumentId: this.market(instrument).instrument.id,
        side: wire.side === "B" ? "BUY" : "SELL",
        type: "MARKET",
        quantity: Number(wire.sz),
        tag: wire.liquidation !== undefined ? "liquidation" : "external",
      },
      wire.time,
    );
    return { venue, cloid: "0x", oid: wire.oid, instrument, children: [], pendingEnd: undefined };
  }

  private accept(tracked: Tracked): void {
    if (tracked.venue.status !== "SUBMITTED") return;
    transitionOrder(tracked.venue, "ACCEPTED");
    tracked.venue.updatedAt = this.options.clock.now();
    this.events?.onOrderAccepted(tracked.venue);
  }

  private trigger(tracked: Tracked): void {
    const venue = tracked.venue;
    this.accept(tracked);
    if (venue.triggered || venue.status !== "ACCEPTED") return;
    venue.triggered = true;
    transitionOrder(venue, "TRIGGERED");
    this.events?.onOrderTriggered(venue);
  }

  private reject(tracked: Tracked, reason: string): void {
    const venue = tracked.venue;
    if (venue.status !== "SUBMITTED") {
      this.end(tracked, "CANCELED", reason, venue.filledQuantity);
      return;
    }
    transitionOrder(venue, "REJECTED");
    venue.reason = reason;
    tracked.children = [];
    this.events?.onOrderRejected(venue, reason);
  }

  /** Ends an order once its fills have caught up with `filled` (else remembers the end for later). */
  private end(tracked: Tracked, status: "CANCELED" | "EXPIRED", reason: string, filled: number): void {
    const venue = tracked.venue;
    if (isTerminalStatus(venue.status)) return;
    if (venue.filledQuantity < filled - EPSILON) {
      tracked.pendingEnd = { status, reason, filled };
      return;
    }
    this.accept(tracked);
    transitionOrder(venue, status);
    venue.reason = reason;
    venue.updatedAt = this.options.clock.now();
    if (status === "CANCELED") this.events?.onOrderCanceled(venue, reason);
    else this.events?.onOrderExpired(venue, reason);
    this.releaseChildren(tracked);
  }

  private learnOid(tracked: Tracked, oid: number): void {
    if (tracked.oid === oid) return;
    tracked.oid = oid;
    this.byOid.set(oid, tracked);
    this.options.hooks?.onVenueOrderId?.(tracked.venue, oid);
  }

  private track(tracked: Tracked): void {
    this.byId.set(tracked.venue.id, tracked);
    this.byCloid.set(tracked.cloid, tracked);
    if (tracked.oid !== undefined) this.byOid.set(tracked.oid, tracked);
  }

  private find(cloid: string | undefined, oid: number): Tracked | undefined {
    return (cloid !== undefined ? this.byCloid.get(cloid) : undefined) ?? this.byOid.get(oid);
  }

  private wireContext(tracked: Tracked) {
    return {
      market: this.market(tracked.instrument),
      cloid: tracked.cloid,
      mid: this.mids[tracked.instrument] ?? Number.NaN,
      slippage: this.slippage,
    };
  }

  private market(instrument: number): VenueMarket {
    const market = this.options.markets[instrument];
    if (market === undefined) throw new Error(`no venue market at instrument index ${instrument}`);
    return market;
  }

  private instrumentIndex(instrumentId: string): number {
    const index = this.options.markets.findIndex((market) => market.instrument.id === instrumentId);
    if (index < 0) throw new Error(`instrument ${instrumentId} is not traded by this client`);
    return index;
  }

  private run(what: string, promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.options.hooks?.onError?.(what, error));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

function isApiError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ApiRequestError";
}

function roundSize(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

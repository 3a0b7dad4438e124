import {
  createOrder,
  isTerminalStatus,
  isWorking,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type OrderSide,
} from "../domain/index.ts";
import type { ExecutionClient, ExecutionEvents } from "../engine/index.ts";
import type { FillWire, FundingPaymentWire, OrderUpdateWire } from "../venues/hyperliquid/index.ts";
import type { DeadMansSwitch } from "./dead-mans-switch.ts";
import type { HyperliquidExecutionClientOptions } from "./execution-client-options.ts";
import { startVenueSession } from "./execution-start.ts";
import { foreignOrderOf } from "./fill-mapping.ts";
import { OrderLifecycle } from "./order-lifecycle.ts";
import { DEFAULT_VENUE_RETRY, OrderSubmission } from "./order-submission.ts";
import { DEFAULT_MARKET_SLIPPAGE, toOrderWire } from "./order-wire.ts";
import { applySendOutcome, type OutcomeTarget } from "./send-outcome.ts";
import { type TrackedOrder, TrackedOrders } from "./tracked-orders.ts";
import type { VenueMarket } from "./venue-market.ts";

/** Hyperliquid's base taker fee (0.045 %). */
export const HYPERLIQUID_TAKER_FEE = 0.00045;

export type { ExecutionClientHooks, HyperliquidExecutionClientOptions } from "./execution-client-options.ts";

const EPSILON = 1e-9;

/**
 * The engine's {@link ExecutionClient} on Hyperliquid (or the simulator) through `@nktkas/hyperliquid`.
 * Requests go out asynchronously; every outcome comes back as {@link ExecutionEvents} from the order
 * response, the `orderUpdates` / `userFills` channels ({@link handleOrderUpdates}, {@link handleFills})
 * and gap-fills. Fills are keyed by venue trade id, so feeding the same fill twice is harmless. Sends
 * survive 429 storms and lost answers without ever placing an order twice (see {@link OrderSubmission}).
 * Bracket children are held here and sent reduce-only once their parent has filled; exits of an OCO
 * group are canceled when the position is flat.
 */
export class HyperliquidExecutionClient implements ExecutionClient {
  readonly takerFeeRate: number;
  private readonly slippage: number;
  private readonly orders = new TrackedOrders();
  private readonly lifecycle: OrderLifecycle;
  private readonly submission: OrderSubmission;
  private readonly seenTrades = new Set<number>();
  private readonly mids: number[];
  private readonly positions: number[];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly outcomeTarget: OutcomeTarget;
  private deadMan: DeadMansSwitch | undefined;
  private ignoreBefore = 0;

  constructor(private readonly options: HyperliquidExecutionClientOptions) {
    this.takerFeeRate = options.takerFeeRate ?? HYPERLIQUID_TAKER_FEE;
    this.slippage = options.slippage ?? DEFAULT_MARKET_SLIPPAGE;
    this.mids = options.markets.map(() => Number.NaN);
    this.positions = options.markets.map(() => 0);
    this.lifecycle = new OrderLifecycle(options.clock, (tracked) => this.releaseChildren(tracked));
    this.outcomeTarget = {
      lifecycle: this.lifecycle,
      learnOid: (tracked, oid) => this.learnOid(tracked, oid),
      onFilled: () => this.options.hooks?.onFilledResponse?.(),
    };
    this.submission = new OrderSubmission({
      exchange: options.exchange,
      info: options.info,
      user: options.user,
      retry: { ...DEFAULT_VENUE_RETRY, ...options.retry },
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      onRetry: (what, reason, attempt) =>
        options.hooks?.onError?.(`${what} (attempt ${attempt}, retrying)`, new Error(reason)),
    });
  }

  /** Wires the receiver of venue events (the engine, or the node in front of it). */
  connect(events: ExecutionEvents): void {
    this.lifecycle.events = events;
  }

  /**
   * Starts trading against the venue: checks that `options.signer` may act for the account (its own
   * key or an approved, unexpired agent), then arms the dead-man's switch when configured.
   * @throws OperationalError with a plain sentence naming the account when the signer is not approved.
   */
  async start(): Promise<void> {
    this.deadMan ??= await startVenueSession(this.options, (what, request) =>
      this.submission.idempotent(what, request),
    );
  }

  /** The dead-man's switch armed by {@link start}, if any (its `beat()` is the heartbeat). */
  get deadMansSwitch(): DeadMansSwitch | undefined {
    return this.deadMan;
  }

  /** Stops the heartbeat (resting orders then die at the switch's deadline) and waits for requests. */
  async stop(): Promise<void> {
    await this.deadMan?.stop();
    await this.idle();
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
    return [...this.orders.values()].filter((t) => !isTerminalStatus(t.venue.status)).map((t) => t.venue);
  }

  /** Venue order id of a tracked order, once known. */
  venueOrderId(orderId: string): number | undefined {
    return this.orders.get(orderId)?.oid;
  }

  /** Cloid of a tracked order. */
  cloidOf(orderId: string): `0x${string}` | undefined {
    return this.orders.get(orderId)?.cloid;
  }

  /**
   * Takes over an order placed by an earlier session (restart): its updates and fills map to
   * `order.id` from now on. `order` is in a working status.
   */
  adopt(order: Order, cloid: `0x${string}`, oid: number | undefined): void {
    const instrument = this.instrumentIndex(order.instrumentId);
    this.orders.add({ venue: order, cloid, oid, instrument, children: [], pendingEnd: undefined });
  }

  /** Resolves when every request sent so far has been answered (or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  // ---- ExecutionClient -------------------------------------------------------------------------

  submit(request: OrderRequest, contingent: readonly OrderRequest[]): void {
    const tracked: TrackedOrder = {
      venue: createOrder(request, this.options.clock.now()),
      cloid: this.options.cloidOf(request.id),
      oid: undefined,
      instrument: this.instrumentIndex(request.instrumentId),
      children: contingent.map((child) => ({ ...child })),
      pendingEnd: undefined,
    };
    this.orders.add(tracked);
    this.send(tracked);
  }

  cancel(orderId: string): boolean {
    const tracked = this.orders.get(orderId);
    if (tracked === undefined || isTerminalStatus(tracked.venue.status)) return false;
    const cancels = [{ asset: this.market(tracked.instrument).assetId, cloid: tracked.cloid }];
    this.run(
      "cancel",
      this.submission
        .idempotent(`cancel ${orderId}`, () => this.options.exchange.cancelByCloid({ cancels }))
        .then(() => this.lifecycle.end(tracked, "CANCELED", "canceled", tracked.venue.filledQuantity))
        .catch((error: unknown) => this.options.hooks?.onError?.(`cancel ${orderId}`, error)),
    );
    return true;
  }

  modify(orderId: string, changes: OrderChanges): boolean {
    const tracked = this.orders.get(orderId);
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
    const oid = tracked.oid;
    this.run(
      "modify",
      this.submission
        .idempotent(`modify ${orderId}`, () => this.options.exchange.modify({ oid, order: wire as never }))
        .then(() => {
          venue.quantity = Number(wire.s);
          if (changes.price !== undefined) venue.price = changes.price;
          if (changes.triggerPrice !== undefined) venue.triggerPrice = changes.triggerPrice;
          venue.updatedAt = this.options.clock.now();
          this.lifecycle.events?.onOrderModified(venue);
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
    const lifecycle = this.lifecycle;
    for (const update of updates) {
      const tracked = this.orders.find(update.order.cloid, update.order.oid);
      if (tracked === undefined) continue;
      // A modify replaced the order: the old oid's end is not the order's end.
      if (tracked.oid !== undefined && tracked.oid !== update.order.oid && update.status !== "open") continue;
      this.learnOid(tracked, update.order.oid);
      const filled = Number(update.order.origSz) - Number(update.order.sz);
      if (update.status === "open") lifecycle.accept(tracked);
      else if (update.status === "triggered") lifecycle.trigger(tracked);
      else if (update.status === "rejected") lifecycle.reject(tracked, update.status);
      else if (update.status !== "filled") lifecycle.end(tracked, "CANCELED", update.status, filled);
    }
  }

  /**
   * Applies fills (WS `userFills`, `userEvents`, or `userFillsByTime` gap-fills), oldest first. A fill
   * of no order of this client (a liquidation, a manual trade) becomes a one-fill order `ext-<tid>`.
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
      let tracked = wire.liquidation === undefined ? this.orders.find(wire.cloid, wire.oid) : undefined;
      if (tracked === undefined) {
        this.options.hooks?.onForeignFill?.(wire);
        const venue = foreignOrderOf(wire, this.market(instrument).instrument.id);
        tracked = { venue, cloid: "0x", oid: wire.oid, instrument, children: [], pendingEnd: undefined };
      }
      this.lifecycle.applyFill(tracked, wire);
      if (Math.abs(this.positions[instrument] ?? 0) < EPSILON) this.cancelOcoExits(instrument);
    }
    return applied;
  }

  /** Applies a funding payment from the `user` channel. */
  handleFunding(funding: FundingPaymentWire, time: number): void {
    const index = this.options.markets.findIndex((candidate) => candidate.coin === funding.coin);
    const market = this.options.markets[index];
    if (market === undefined) return;
    this.lifecycle.events?.onFunding(
      market.instrument.id,
      Number(funding.usdc),
      Number(funding.fundingRate),
      this.mids[index] ?? Number.NaN,
      time,
    );
  }

  // ---- internals ---------------------------------------------------------------------------------

  private send(tracked: TrackedOrder): void {
    let wire: ReturnType<typeof toOrderWire>;
    try {
      wire = toOrderWire(tracked.venue, this.wireContext(tracked));
    } catch (error) {
      this.lifecycle.reject(tracked, error instanceof Error ? error.message : String(error));
      return;
    }
    tracked.venue.quantity = Number(wire.s);
    this.options.hooks?.onSend?.(tracked.venue, tracked.cloid);
    this.run(
      "order",
      this.submission
        .send(wire, tracked.cloid, `order ${tracked.venue.id}`)
        .then((outcome) => applySendOutcome(this.outcomeTarget, tracked, outcome)),
    );
  }

  /** Sends the bracket children of a (fully or finally) filled parent, sized to what filled. */
  private releaseChildren(tracked: TrackedOrder): void {
    const children = tracked.children;
    tracked.children = [];
    const filled = tracked.venue.filledQuantity;
    if (filled <= 0) return;
    for (const child of children) {
      this.submit({ ...child, quantity: filled * (child.fractionOfParent ?? 1), reduceOnly: true }, []);
    }
  }

  private cancelOcoExits(instrument: number): void {
    for (const tracked of this.orders.values()) {
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

  private learnOid(tracked: TrackedOrder, oid: number): void {
    if (this.orders.setOid(tracked, oid)) this.options.hooks?.onVenueOrderId?.(tracked.venue, oid);
  }

  private wireContext(tracked: TrackedOrder) {
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

function roundSize(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

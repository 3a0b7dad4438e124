import {
  ExchangeClient,
  HttpTransport,
  InfoClient,
  SubscriptionClient,
  WebSocketTransport,
} from "@nktkas/hyperliquid";
import { type Clock, LiveClock } from "../core/index.ts";
import { createOrder, type Fill, type Order, transitionOrder } from "../domain/index.ts";
import {
  type ExecutionEvents,
  type PreTradeCheck,
  type PreTradeDecision,
  type PreTradeSnapshot,
  RiskGate,
  type Sizing,
  type Strategy,
  TradingEngine,
} from "../engine/index.ts";
import type { RiskLimits } from "../risk/index.ts";
import {
  CandleSnapshotResponse,
  type CandleWire,
  type FillWire,
  type HyperliquidEndpoints,
  type PrivateKeyWallet,
  parseWire,
  UserFillsResponse,
} from "../venues/hyperliquid/index.ts";
import { deriveCloid } from "./cloid.ts";
import { HyperliquidExecutionClient } from "./hyperliquid-execution-client.ts";
import { intervalMs, LiveSeries } from "./live-series.ts";
import { storedOrderOf } from "./order-records.ts";
import { PositionBook } from "./position-book.ts";
import { type ReconciliationIssue, reconcile } from "./reconciliation.ts";
import type { TradingStore } from "./trading-store.ts";
import { loadVenueMarket, type VenueMarket } from "./venue-market.ts";

/** Construction options of a {@link TradingNode}. */
export interface TradingNodeOptions {
  /** `bots.id` (uuid) the rows belong to. */
  readonly botId: string;
  readonly strategy: Strategy;
  /** Strategy name written on positions and trades. */
  readonly strategyName: string;
  /** Hyperliquid coin, e.g. `BTC`. */
  readonly coin: string;
  /** Candle interval, e.g. `1h`. */
  readonly interval: string;
  readonly endpoints: HyperliquidEndpoints;
  /** Signer: the account's key or an approved agent's. */
  readonly wallet: PrivateKeyWallet;
  /** The trading account (master address). */
  readonly user: `0x${string}`;
  readonly store: TradingStore;
  readonly mode: "paper" | "live";
  readonly sizing: Sizing;
  /** Account leverage, ≥ 1 (default 1). */
  readonly leverage?: number;
  /** Risk limits: a {@link RiskGate} sits in the order path when given. */
  readonly riskLimits?: RiskLimits;
  /** `ws` WebSocket class (Node 20). */
  readonly webSocket: unknown;
  readonly clock?: Clock;
  /** Market-order slippage fraction (default 0.01). */
  readonly slippage?: number;
  /** Closed bars loaded before going live (default 500). */
  readonly historyBars?: number;
  /** Candle poll period, ms (default 5 s; WS candle pushes also trigger a poll). */
  readonly pollMs?: number;
  /** Dead-man's switch: resting orders die this long after the last heartbeat, ms (0 = off; default 60 s). */
  readonly deadManMs?: number;
  /** Heartbeat re-arming the switch, ms (default 20 s). */
  readonly heartbeatMs?: number;
  /** Fill look-back of reconciliation when the database has no fill, ms (default 7 days). */
  readonly lookbackMs?: number;
  readonly log?: (level: "info" | "warn" | "error", message: string, detail?: unknown) => void;
  /**
   * The account-wide risk state (circuit breaker, trading state) kept by the risk service: a refusal it
   * returns denies every entry of this node (exits always pass), so a breaker tripped anywhere stops here too.
   */
  readonly accountGuard?: () => { code: string; message: string } | undefined;
}

/** What `status()` reports (the API's bot view). */
export interface TradingNodeStatus {
  readonly state: "created" | "starting" | "running" | "stopped" | "error";
  readonly botId: string;
  readonly coin: string;
  readonly position: { side: "LONG" | "SHORT"; size: number; entryPrice: number } | null;
  readonly openOrders: ReadonlyArray<{
    id: string;
    side: string;
    type: string;
    quantity: number;
    price: number;
    triggerPrice: number;
    status: string;
  }>;
  readonly equity: number;
  readonly connected: boolean;
  readonly lastBarTime: number | null;
  readonly reconciliationIssues: readonly ReconciliationIssue[];
  readonly riskState: string | null;
  readonly error: string | null;
}

/**
 * Runs one bot live (or paper on the simulator): closed candles drive the {@link TradingEngine} in live
 * mode, orders go through the risk gate to {@link HyperliquidExecutionClient}, every order, fill,
 * position and trade is persisted as it happens, fills are gap-filled after every reconnect and on
 * every "filled" order response, and a dead-man's switch is re-armed on a heartbeat.
 */
export class TradingNode implements ExecutionEvents, PreTradeCheck {
  private state: TradingNodeStatus["state"] = "created";
  private error: string | null = null;
  private readonly clock: Clock;
  private readonly interval: number;
  private readonly http: HttpTransport;
  private readonly info: InfoClient;
  private readonly exchange: ExchangeClient;
  private socket: WebSocketTransport | undefined;
  private market!: VenueMarket;
  private client!: HyperliquidExecutionClient;
  private engine!: TradingEngine;
  private gate: RiskGate | undefined;
  private book!: PositionBook;
  private readonly series = new LiveSeries();
  private issues: ReconciliationIssue[] = [];
  private replaying = false;
  private connected = false;
  private writes: Promise<void> = Promise.resolve();
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private gapFilling: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stops = new Map<string, number>();
  private lastFillTime = 0;
  private emergencyCount = 0;

  constructor(private readonly options: TradingNodeOptions) {
    this.clock = options.clock ?? new LiveClock();
    this.interval = intervalMs(options.interval);
    this.http = new HttpTransport({
      apiUrl: options.endpoints.apiUrl,
      isTestnet: options.endpoints.isTestnet,
      timeout: 10_000,
    });
    this.info = new InfoClient({ transport: this.http });
    this.exchange = new ExchangeClient({ transport: this.http, wallet: options.wallet as never });
  }

  /** Connects, reconciles, warms the strategy up on history and goes live. */
  async start(): Promise<void> {
    this.state = "starting";
    try {
      const options = this.options;
      this.market = await loadVenueMarket(this.info, options.coin);
      const session = await options.store.nextSession(options.botId);
      this.client = new HyperliquidExecutionClient({
        exchange: this.exchange,
        info: this.info,
        user: options.user,
        markets: [this.market],
        cloidOf: (id) => deriveCloid(options.botId, session, id),
        clock: this.clock,
        ...(options.slippage === undefined ? {} : { slippage: options.slippage }),
        hooks: {
          onSend: (order, cloid) => this.persistOrder(order, cloid),
          onVenueOrderId: (order) => this.persistOrder(order),
          onFilledResponse: () => void this.gapFill(),
          onForeignFill: (fill) => this.log("warn", `foreign fill ${fill.tid} on ${fill.coin}`),
          onError: (what, error) => this.log("warn", `venue request failed: ${what}`, error),
        },
      });
      this.client.connect(this);
      this.book = new PositionBook(
        options.coin,
        await options.store.openPosition(options.botId, options.coin),
      );
      const result = await reconcile(
        {
          info: this.info,
          store: options.store,
          client: this.client,
          market: this.market,
          user: options.user,
          botId: options.botId,
          lookbackMs: options.lookbackMs ?? 7 * 86_400_000,
          now: this.clock.now(),
        },
        undefined,
        async (fills) => {
          const applied = this.client.handleFills(fills);
          await this.flush();
          return applied;
        },
      );
      this.issues = result.issues;
      for (const action of result.actions) this.log("info", `reconciliation: ${action}`);
      for (const issue of result.issues) this.log("warn", `reconciliation issue: ${issue.message}`);
      await this.createEngine(result.accountValue, result.venuePosition);
      await this.connectWebSocket();
      this.startTimers();
      this.state = "running";
      await this.syncCandles();
    } catch (error) {
      this.state = "error";
      this.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** Stops timers and the WebSocket (resting orders stay; the dead-man's switch cancels them later). */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    if (this.state === "running") this.engine.stop();
    this.state = "stopped";
    await this.client?.idle();
    await this.flush();
    await this.socket?.close().catch(() => undefined);
    this.connected = false;
  }

  /** The node's view for the API. */
  status(): TradingNodeStatus {
    const position = this.engine?.ledger.positions[0];
    const held = position !== undefined && position.quantity !== 0;
    return {
      state: this.state,
      botId: this.options.botId,
      coin: this.options.coin,
      position: held
        ? {
            side: position.side as "LONG" | "SHORT",
            size: Math.abs(position.quantity),
            entryPrice: position.averageEntryPrice,
          }
        : null,
      openOrders: (this.client?.openOrders() ?? []).map((order) => ({
        id: order.id,
        side: order.side,
        type: order.type,
        quantity: order.quantity,
        price: order.price,
        triggerPrice: order.triggerPrice,
        status: order.status,
      })),
      equity: this.engine?.ledger.equity() ?? Number.NaN,
      connected: this.connected,
      lastBarTime: this.series.count === 0 ? null : this.series.lastTime,
      reconciliationIssues: [...this.issues],
      riskState: this.gate?.state.tradingState ?? null,
      error: this.error,
    };
  }

  /** Clears reconciliation issues after an operator has looked at them: entries are allowed again. */
  resolveIssues(): void {
    this.issues = [];
  }

  /** Waits until every database write queued so far is done. */
  async flush(): Promise<void> {
    let pending: Promise<void>;
    do {
      pending = this.writes;
      await pending;
    } while (pending !== this.writes);
  }

  /** Waits for in-flight venue requests, then for the writes they caused. */
  async settle(): Promise<void> {
    await this.client.idle();
    await this.flush();
  }

  // ---- emergency actions -------------------------------------------------------------------------

  /** Cancels every order of the bot's coin on the venue (also ones this node does not know). */
  async cancelAllOrders(): Promise<void> {
    for (const order of this.client.openOrders()) this.client.cancel(order.id);
    const open = (await this.info.openOrders({ user: this.options.user })) as Array<{
      coin: string;
      oid: number;
      cloid?: string;
    }>;
    const unknown = open.filter(
      (order) =>
        order.coin === this.market.coin &&
        !this.client.openOrders().some((own) => this.client.cloidOf(own.id) === order.cloid),
    );
    if (unknown.length > 0) {
      await this.exchange.cancel({
        cancels: unknown.map((order) => ({ a: this.market.assetId, o: order.oid })),
      });
    }
    await this.client.idle();
  }

  /** Cancels every order and closes the position at market (tag `emergency`). */
  async closeAllPositions(): Promise<void> {
    await this.cancelAllOrders();
    await this.closePosition(this.options.coin);
  }

  /** Closes the position of one coin at market with a reduce-only order (tag `emergency`). */
  async closePosition(coin: string): Promise<void> {
    if (coin !== this.market.coin) throw new Error(`this node trades ${this.market.coin}, not ${coin}`);
    const size = this.client.positionSize(0);
    if (size === 0) return;
    this.emergencyCount++;
    this.client.submit(
      {
        id: `emergency-${this.clock.now()}-${this.emergencyCount}`,
        instrumentId: this.market.instrument.id,
        side: size > 0 ? "SELL" : "BUY",
        type: "MARKET",
        quantity: Math.abs(size),
        reduceOnly: true,
        tag: "emergency",
      },
      [],
    );
    await this.client.idle();
    await this.gapFill();
  }

  /** Fetches fills since the last one seen (`userFillsByTime`) and applies the new ones. */
  gapFill(): Promise<void> {
    if (this.gapFilling !== undefined) return this.gapFilling;
    this.gapFilling = (async () => {
      try {
        const start = Math.max(0, this.lastFillTime - 60_000);
        const raw = await this.info.userFillsByTime({ user: this.options.user, startTime: start });
        this.client.handleFills(parseWire(UserFillsResponse, raw, "userFillsByTime"));
      } catch (error) {
        this.log("warn", "gap-fill failed", error);
      } finally {
        this.gapFilling = undefined;
      }
    })();
    return this.gapFilling;
  }

  /** Loads closed bars the engine has not seen and runs them (WS pushes and the poll timer call it). */
  syncCandles(): Promise<void> {
    if (this.syncing !== undefined) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.syncAgain = false;
        await this.loadClosedBars(false).catch((error) => this.log("warn", "candle sync failed", error));
      } while (this.syncAgain);
      this.syncing = undefined;
    })();
    return this.syncing;
  }

  // ---- PreTradeCheck: the risk gate plus the node's own refusals -----------------------------------

  check(order: Order, snapshot: PreTradeSnapshot): PreTradeDecision {
    if (Number.isFinite(snapshot.stopLossPrice)) this.stops.set(order.id, snapshot.stopLossPrice);
    const held = snapshot.positions[0]?.quantity ?? 0;
    const exit =
      order.reduceOnly || (held > 0 && order.side === "SELL") || (held < 0 && order.side === "BUY");
    if (this.replaying)
      return { approved: false, code: "WARMUP", message: "history replay: no orders are sent" };
    if (!exit) {
      const refusal = this.options.accountGuard?.();
      if (refusal !== undefined) return { approved: false, code: refusal.code, message: refusal.message };
    }
    if (!exit && this.issues.length > 0) {
      return {
        approved: false,
        code: "RECONCILIATION_PENDING",
        message: `entries refused until reconciliation issues are resolved: ${this.issues.map((issue) => issue.message).join("; ")}`,
      };
    }
    return this.gate?.check(order, snapshot) ?? { approved: true };
  }

  // ---- ExecutionEvents: forward to the engine, then persist ---------------------------------------

  onOrderAccepted(order: Order): void {
    if (!order.id.startsWith("db:")) this.engine.onOrderAccepted(order);
    this.persistOrder(order);
  }
  onOrderRejected(order: Order, reason: string): void {
    if (!order.id.startsWith("db:")) this.engine.onOrderRejected(order, reason);
    this.persistOrder(order);
  }
  onOrderTriggered(order: Order): void {
    if (!order.id.startsWith("db:")) this.engine.onOrderTriggered(order);
    this.persistOrder(order);
  }
  onOrderCanceled(order: Order, reason: string): void {
    if (!order.id.startsWith("db:")) this.engine.onOrderCanceled(order);
    this.persistOrder(order);
    void reason;
  }
  onOrderExpired(order: Order, reason: string): void {
    if (!order.id.startsWith("db:")) this.engine.onOrderExpired(order);
    this.persistOrder(order);
    void reason;
  }
  onOrderModified(order: Order): void {
    if (!order.id.startsWith("db:")) this.engine.onOrderModified(order);
    this.persistOrder(order);
  }
  onOrderFilled(order: Order, fill: Fill): void {
    this.lastFillTime = Math.max(this.lastFillTime, fill.timestamp);
    if (this.engine !== undefined) this.forwardFill(order, fill);
    const stop = this.stops.get(order.id);
    const change = this.book.apply(fill, stop);
    const cloid = this.client.cloidOf(order.id) ?? null;
    const options = this.options;
    // The operations manual greps the service log for this event.
    options.log?.("info", "trade_executed", {
      event: "trade_executed",
      symbol: options.coin,
      side: fill.side,
      price: fill.price,
      size: fill.quantity,
      fee: fill.fee,
      mode: options.mode,
      tag: order.tag,
    });
    this.persistOrder(order);
    this.enqueue(async () => {
      await options.store.recordFill({
        botId: options.botId,
        mode: options.mode,
        strategy: options.strategyName,
        leverage: options.leverage ?? 1,
        fill: {
          venueTradeId: String(fill.tradeId),
          clientOrderId: cloid === "0x" ? null : cloid,
          symbol: options.coin,
          side: fill.side === "BUY" ? "buy" : "sell",
          price: fill.price,
          size: fill.quantity,
          fee: fill.fee,
          liquidity: fill.liquidity === "TAKER" ? "taker" : "maker",
          closedPnl: fill.realizedPnl,
          filledAt: fill.timestamp,
        },
        ...change,
      });
    });
    if (this.engine !== undefined) this.observeRisk(fill.timestamp);
  }
  onFunding(instrumentId: string, amount: number, rate: number, price: number, timestamp: number): void {
    this.engine.onFunding(instrumentId, amount);
    void rate;
    void price;
    void timestamp;
    this.book.addFunding(amount);
    this.enqueue(() => this.options.store.recordFunding(this.options.botId, this.options.coin, amount));
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** Fills of adopted orders reach the engine as one-fill market orders (the engine cannot adopt resting ones). */
  private forwardFill(order: Order, fill: Fill): void {
    if (!order.id.startsWith("db:") && !order.id.startsWith("ext-")) {
      this.engine.onOrderFilled(order, fill);
      return;
    }
    const proxy = createOrder(
      {
        id: `${order.id}#${fill.tradeId}`,
        instrumentId: order.instrumentId,
        side: fill.side,
        type: "MARKET",
        quantity: fill.quantity,
        tag: order.tag,
      },
      fill.timestamp,
    );
    transitionOrder(proxy, "ACCEPTED");
    this.engine.onOrderAccepted(proxy);
    transitionOrder(proxy, "FILLED");
    proxy.filledQuantity = fill.quantity;
    proxy.averageFillPrice = fill.price;
    this.engine.onOrderFilled(proxy, fill.orderId === proxy.id ? fill : { ...fill, orderId: proxy.id });
  }

  private async createEngine(
    accountValue: number,
    venuePosition: { size: number; entryPrice: number },
  ): Promise<void> {
    const options = this.options;
    const leverage = options.leverage ?? 1;
    const equity = accountValue > 0 ? accountValue : 1;
    this.engine = new TradingEngine({
      instruments: [this.market.instrument],
      series: [this.series],
      intervalsMs: [this.interval],
      account: { mode: "perpetual", initialBalance: equity, leverage },
      strategy: options.strategy,
      execution: this.client,
      clock: this.clock,
      sizing: options.sizing,
      preTradeCheck: this,
      deliverImmediately: true,
    });
    const position = this.engine.ledger.positions[0];
    if (position !== undefined && venuePosition.size !== 0) {
      position.quantity = venuePosition.size;
      position.averageEntryPrice = venuePosition.entryPrice;
    }
    this.client.setPositionSize(0, venuePosition.size);
    if (options.riskLimits !== undefined) {
      this.gate = new RiskGate(
        [this.market.instrument],
        options.riskLimits,
        leverage,
        equity,
        this.clock.now(),
      );
    }
    this.engine.start();
    await this.loadClosedBars(true);
  }

  /** Fetches candles after the last closed one; all but the newest (in progress) are closed. */
  private async loadClosedBars(history: boolean): Promise<void> {
    const last = this.series.lastTime;
    const startTime = Number.isNaN(last) ? 0 : last + 1;
    const raw = await this.info.candleSnapshot({
      coin: this.market.coin,
      interval: this.options.interval as never,
      startTime,
    });
    const candles = parseWire(CandleSnapshotResponse, raw, "candleSnapshot");
    const newest = candles.at(-1);
    if (newest !== undefined) this.client.setMid(0, Number(newest.c));
    let closed = candles.slice(0, -1).filter((candle) => Number.isNaN(last) || candle.t > last);
    if (history) closed = closed.slice(-(this.options.historyBars ?? 500));
    this.replaying = history;
    try {
      for (const candle of closed) this.runBar(candle);
    } finally {
      this.replaying = false;
    }
  }

  private runBar(candle: CandleWire): void {
    const index = this.series.append(candle);
    this.client.setMid(0, Number(candle.c));
    this.engine.beginStep(index);
    this.engine.closeBar(0, index);
    this.engine.finishStep();
    if (!this.replaying) this.observeRisk(candle.t + this.interval);
  }

  private observeRisk(time: number): void {
    if (this.gate === undefined || this.replaying) return;
    const observation = this.gate.observe(time, this.engine.ledger.equity(), this.engine.recorder.trades);
    if (observation.emergency) {
      this.log("error", "risk state EMERGENCY: canceling every order and closing the position");
      void this.closeAllPositions();
    }
  }

  private async connectWebSocket(): Promise<void> {
    const options = this.options;
    const transport = new WebSocketTransport({
      url: options.endpoints.webSocketUrl,
      isTestnet: options.endpoints.isTestnet,
      timeout: 10_000,
      reconnect: {
        WebSocket: options.webSocket as never,
        reconnectionDelay: (attempt: number) => Math.min(30_000, 100 * 2 ** attempt),
        maxRetries: Number.POSITIVE_INFINITY,
      },
    } as never);
    this.socket = transport;
    const events = transport.socket as unknown as EventTarget;
    events.addEventListener("open", () => {
      this.connected = true;
      void this.gapFill();
      void this.syncCandles();
    });
    events.addEventListener("close", () => {
      this.connected = false;
    });
    const subscriptions = new SubscriptionClient({ transport });
    const user = options.user;
    await subscriptions.orderUpdates({ user }, (data) => this.client.handleOrderUpdates(data as never));
    await subscriptions.userFills({ user }, (data) =>
      this.client.handleFills((data as { fills: FillWire[] }).fills),
    );
    await subscriptions.userEvents({ user }, (data) => {
      const event = data as {
        funding?: {
          coin: string;
          usdc: string;
          szi: string;
          fundingRate: string;
          nSamples: number | null;
          time?: number;
        };
      };
      if (event.funding !== undefined)
        this.client.handleFunding(event.funding, event.funding.time ?? this.clock.now());
    });
    await subscriptions.candle({ coin: this.market.coin, interval: options.interval as never }, (data) => {
      const candle = data as { t: number; c: string };
      this.client.setMid(0, Number(candle.c));
      const last = this.series.lastTime;
      if (Number.isNaN(last) || candle.t > last + this.interval) void this.syncCandles();
    });
    this.connected = true;
  }

  private startTimers(): void {
    const options = this.options;
    this.timers.push(setInterval(() => void this.syncCandles(), options.pollMs ?? 5_000));
    const deadMan = options.deadManMs ?? 60_000;
    if (deadMan > 0) {
      const arm = () =>
        this.exchange
          .scheduleCancel({ time: this.clock.now() + deadMan })
          .catch((error: unknown) => this.log("warn", "dead-man's switch could not be armed", error));
      void arm();
      this.timers.push(setInterval(() => void arm(), options.heartbeatMs ?? 20_000));
    }
  }

  private persistOrder(order: Order, cloid?: `0x${string}`): void {
    const clientOrderId = cloid ?? this.client.cloidOf(order.id);
    if (clientOrderId === undefined || clientOrderId === "0x") return;
    const stored = storedOrderOf(order, {
      botId: this.options.botId,
      symbol: this.options.coin,
      mode: this.options.mode,
      cloid: clientOrderId,
      oid: this.client.venueOrderId(order.id),
    });
    this.enqueue(() => this.options.store.saveOrder(stored));
  }

  private enqueue(write: () => Promise<unknown>): void {
    this.writes = this.writes.then(write).then(
      () => undefined,
      (error: unknown) => this.log("error", "database write failed", error),
    );
  }

  private log(level: "info" | "warn" | "error", message: string, detail?: unknown): void {
    this.options.log?.(level, message, detail);
  }
}

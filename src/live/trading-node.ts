import type { ExchangeClient, InfoClient, WebSocketTransport } from "@nktkas/hyperliquid";
import { type Clock, LiveClock } from "../core/index.ts";
import type { Fill, Order } from "../domain/index.ts";
import type {
  ExecutionEvents,
  PreTradeCheck,
  PreTradeDecision,
  PreTradeSnapshot,
  RiskGate,
  TradingEngine,
} from "../engine/index.ts";
import type { CandleWire } from "../venues/hyperliquid/index.ts";
import type { NodeAccountSnapshot } from "./account-risk-reporter.ts";
import { forwardFillToEngine } from "./adopted-fill.ts";
import { CandleStream, differenceFromRecord } from "./candle-stream.ts";
import { fetchClosedCandles } from "./closed-candles-fetch.ts";
import { CoalescedTask } from "./coalesced-task.ts";
import { cancelEveryOrder, closeAtMarket, type EmergencyContext } from "./emergency-actions.ts";
import type { HyperliquidExecutionClient } from "./hyperliquid-execution-client.ts";
import { intervalMs, LiveSeries } from "./live-series.ts";
import { NodeRiskReporting, nodeAccountSnapshot, nodePreTradeDecision } from "./node-account-risk.ts";
import { createNodeEngine } from "./node-engine.ts";
import { fillChangeOf, orderRowOf, tradeExecutedEvent, withEntrySignal } from "./node-rows.ts";
import {
  createNodeClient,
  createVenueClients,
  fetchRecentFills,
  reconcileAtStart,
  venueName,
} from "./node-startup.ts";
import { describeNodeStatus } from "./node-status.ts";
import { startNodeTimers } from "./node-timers.ts";
import { PositionBook } from "./position-book.ts";
import type { ReconciliationIssue } from "./reconciliation.ts";
import { SerialWrites } from "./serial-writes.ts";
import type { TradingNodeOptions, TradingNodeStatus } from "./trading-node-options.ts";
import { loadVenueMarket, type VenueMarket } from "./venue-market.ts";
import { subscribeToVenue } from "./venue-subscriptions.ts";

export type { TradingNodeOptions, TradingNodeStatus } from "./trading-node-options.ts";

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
  private readonly info: InfoClient;
  private readonly exchange: ExchangeClient;
  private socket: WebSocketTransport | undefined;
  /** Bars closed from the venue's candle pushes. */
  private readonly stream: CandleStream;
  private market!: VenueMarket;
  private client!: HyperliquidExecutionClient;
  private engine!: TradingEngine;
  private gate: RiskGate | undefined;
  private book!: PositionBook;
  private readonly series = new LiveSeries();
  private issues: ReconciliationIssue[] = [];
  private replaying = false;
  private connected = false;
  private readonly writes = new SerialWrites((error) => this.log("error", "database write failed", error));
  private readonly syncing = new CoalescedTask(
    () => this.loadClosedBars(false).catch((error) => this.log("warn", "candle sync failed", error)),
    "repeat",
  );
  private readonly gapFilling = new CoalescedTask(async () => {
    try {
      this.client.handleFills(await fetchRecentFills(this.info, this.options.user, this.lastFillTime));
    } catch (error) {
      this.log("warn", "gap-fill failed", error);
    }
  }, "join");
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stops = new Map<string, number>();
  private lastFillTime = 0;
  private emergencyCount = 0;
  /** Latest venue price of the coin (candle pushes and closed bars). */
  private price = Number.NaN;
  private readonly accountRisk: NodeRiskReporting;

  constructor(private readonly options: TradingNodeOptions) {
    this.clock = options.clock ?? new LiveClock();
    this.interval = intervalMs(options.interval);
    this.stream = new CandleStream(this.interval);
    ({ info: this.info, exchange: this.exchange } = createVenueClients(options.endpoints, options.wallet));
    this.accountRisk = new NodeRiskReporting(options.accountRisk);
  }

  /** Connects, reconciles, warms the strategy up on history and goes live. */
  async start(): Promise<void> {
    this.state = "starting";
    try {
      const options = this.options;
      this.market = await loadVenueMarket(this.info, options.coin);
      const session = await options.store.nextSession(options.botId);
      this.client = createNodeClient(
        {
          ...options,
          exchange: this.exchange,
          info: this.info,
          market: this.market,
          session,
          clock: this.clock,
          signer: options.wallet.address.toLowerCase() as `0x${string}`,
          venue: venueName(options.endpoints),
          deadManMs: options.deadManMs ?? 60_000,
          ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
        },
        {
          persistOrder: (order, cloid) => this.persistOrder(order, cloid),
          gapFill: () => void this.gapFill(),
          log: (level, message, detail) => this.log(level, message, detail),
        },
      );
      this.client.connect(this);
      // The agent may act for the account (else a plain refusal), and resting orders die with us.
      await this.client.start();
      this.book = new PositionBook(
        options.coin,
        await options.store.openPosition(options.botId, options.coin),
      );
      const result = await reconcileAtStart(
        {
          ...options,
          info: this.info,
          client: this.client,
          market: this.market,
          lookbackMs: options.lookbackMs ?? 7 * 86_400_000,
          now: this.clock.now(),
        },
        undefined,
        async (fills) => {
          const applied = this.client.handleFills(fills);
          await this.flush();
          return applied;
        },
        (level, message) => this.log(level, message),
      );
      this.issues = result.issues;
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
    await this.client?.stop();
    await this.flush();
    if (this.engine !== undefined) this.accountRisk.stop(this.accountSnapshot(), this.clock.now());
    await this.socket?.close().catch(() => undefined);
    this.connected = false;
  }

  /** The node's view for the API. */
  status(): TradingNodeStatus {
    return describeNodeStatus({
      state: this.state,
      botId: this.options.botId,
      coin: this.options.coin,
      position: this.engine?.ledger.positions[0],
      openOrders: this.client?.openOrders() ?? [],
      equity: this.engine?.ledger.equity() ?? Number.NaN,
      connected: this.connected,
      lastBarTime: this.series.count === 0 ? null : this.series.lastTime,
      issues: this.issues,
      riskState: this.gate?.state.tradingState ?? null,
      error: this.error,
    });
  }

  /** Clears reconciliation issues after an operator has looked at them: entries are allowed again. */
  resolveIssues(): void {
    this.issues = [];
  }

  /** Waits until every database write queued so far is done. */
  flush(): Promise<void> {
    return this.writes.flush();
  }

  /** Waits for in-flight venue requests, then for the writes they caused. */
  async settle(): Promise<void> {
    await this.client.idle();
    await this.flush();
  }

  // ---- emergency actions -------------------------------------------------------------------------

  /** Cancels every order of the bot's coin on the venue (also ones this node does not know). */
  async cancelAllOrders(): Promise<void> {
    await cancelEveryOrder(this.emergencyContext());
  }

  /** Cancels every order and closes the position at market (tag `emergency`). */
  async closeAllPositions(): Promise<void> {
    await this.cancelAllOrders();
    await this.closePosition(this.options.coin);
  }

  /** Closes the position of one coin at market with a reduce-only order (tag `emergency`). */
  async closePosition(coin: string): Promise<void> {
    if (coin !== this.market.coin) throw new Error(`this node trades ${this.market.coin}, not ${coin}`);
    if (this.client.positionSize(0) === 0) return;
    this.emergencyCount++;
    await closeAtMarket(this.emergencyContext(), `emergency-${this.clock.now()}-${this.emergencyCount}`);
    await this.gapFill();
  }

  private emergencyContext(): EmergencyContext {
    const { client, info, exchange, market } = this;
    return { client, info, exchange, market, user: this.options.user };
  }

  /** Fetches fills since the last one seen (`userFillsByTime`) and applies the new ones. */
  gapFill(): Promise<void> {
    return this.gapFilling.run();
  }

  /** Loads closed bars the engine has not seen and runs them (WS pushes and the poll timer call it). */
  syncCandles(): Promise<void> {
    return this.syncing.run();
  }

  // ---- PreTradeCheck: the risk gate plus the node's own refusals -----------------------------------

  check(order: Order, snapshot: PreTradeSnapshot): PreTradeDecision {
    if (Number.isFinite(snapshot.stopLossPrice)) this.stops.set(order.id, snapshot.stopLossPrice);
    return nodePreTradeDecision(order, snapshot, {
      replaying: this.replaying,
      issues: this.issues,
      guard: this.options.accountGuard,
      account: this.options.accountState?.(),
      gate: this.gate,
      limits: this.options.riskLimits,
    });
  }

  riskScale(): number {
    const account = this.options.accountState?.();
    if (this.gate) return this.gate.riskScale(account);
    return account?.tradingState === "REDUCED" ? (this.options.riskLimits?.reducedRiskMultiplier ?? 1) : 1;
  }

  // ---- ExecutionEvents: forward to the engine, then persist ---------------------------------------

  onOrderAccepted(order: Order): void {
    this.relay(order, () => this.engine.onOrderAccepted(order));
  }
  onOrderRejected(order: Order, reason: string): void {
    this.relay(order, () => this.engine.onOrderRejected(order, reason));
  }
  onOrderTriggered(order: Order): void {
    this.relay(order, () => this.engine.onOrderTriggered(order));
  }
  onOrderCanceled(order: Order, _reason: string): void {
    this.relay(order, () => this.engine.onOrderCanceled(order));
  }
  onOrderExpired(order: Order, _reason: string): void {
    this.relay(order, () => this.engine.onOrderExpired(order));
  }
  onOrderModified(order: Order): void {
    this.relay(order, () => this.engine.onOrderModified(order));
  }
  onOrderFilled(order: Order, fill: Fill): void {
    this.lastFillTime = Math.max(this.lastFillTime, fill.timestamp);
    const tradesBefore = this.engine?.recorder.trades.length ?? 0;
    if (this.engine !== undefined) forwardFillToEngine(this.engine, order, fill);
    const stop = this.stops.get(order.id);
    const change = withEntrySignal(this.book.apply(fill, stop), this.engine?.recorder.trades[tradesBefore]);
    const cloid = this.client.cloidOf(order.id) ?? null;
    const options = this.options;
    options.log?.("info", "trade_executed", tradeExecutedEvent(options, order, fill));
    this.persistOrder(order);
    this.writes.enqueue(() => options.store.recordFill(fillChangeOf(options, fill, cloid, change)));
    this.accountRisk.fill(
      this.engine === undefined ? undefined : this.accountSnapshot(),
      fill.fee,
      change.closed?.trade,
      fill.timestamp,
    );
    if (this.engine !== undefined) this.observeRisk(fill.timestamp);
  }
  onFunding(instrumentId: string, amount: number, _rate: number, _price: number, timestamp: number): void {
    this.engine.onFunding(instrumentId, amount);
    this.book.addFunding(amount);
    this.writes.enqueue(() =>
      this.options.store.recordFunding(this.options.botId, this.options.coin, amount),
    );
    this.accountRisk.funding(this.accountSnapshot(), amount, timestamp);
  }

  // ---- internals ---------------------------------------------------------------------------------

  private async createEngine(
    accountValue: number,
    venuePosition: { size: number; entryPrice: number },
  ): Promise<void> {
    const created = createNodeEngine({
      ...this.options,
      market: this.market,
      series: this.series,
      intervalMs: this.interval,
      client: this.client,
      clock: this.clock,
      preTradeCheck: this,
      leverage: this.options.leverage ?? 1,
      accountValue,
      venuePosition,
    });
    this.engine = created.engine;
    this.gate = created.gate;
    this.engine.start();
    await this.loadClosedBars(true);
    this.accountRisk.start(this.accountSnapshot(), this.clock.now());
  }

  /** Fetches candles after the last closed one; all but the newest (in progress) are closed. */
  private async loadClosedBars(history: boolean): Promise<void> {
    const { closed, latestClose } = await fetchClosedCandles(
      this.info,
      this.market.coin,
      this.options.interval,
      this.series.lastTime,
      history ? (this.options.historyBars ?? 500) : undefined,
    );
    if (!Number.isNaN(latestClose)) this.setPrice(latestClose);
    this.replaying = history;
    try {
      for (const candle of closed) this.runBar(candle);
    } finally {
      this.replaying = false;
    }
  }

  /** Runs the bar a candle push closes (see {@link CandleStream}); returns whether it closed one. */
  private closeFromStream(push: unknown): boolean {
    const closed = this.stream.closedBy(push, this.series.lastTime);
    if (closed === undefined || this.state !== "running") return false;
    this.runBar(closed);
    // The venue's record of the bar, checked after the bar's own orders are out (never delaying them).
    void this.client
      .idle()
      .then(() => differenceFromRecord(this.info, this.market.coin, this.options.interval, closed))
      .then(
        (difference) => difference && this.log("warn", difference),
        (error: unknown) => this.log("warn", "could not check a bar closed from the stream", error),
      );
    return true;
  }

  private runBar(candle: CandleWire): void {
    // A bar already closed (from the stream while a fetch was on its way) runs once only.
    if (candle.t <= this.series.lastTime) return;
    const index = this.series.append(candle);
    this.setPrice(Number(candle.c));
    this.engine.beginStep(index);
    this.engine.closeBar(0, index);
    this.engine.finishStep();
    if (!this.replaying) {
      this.observeRisk(candle.t + this.interval);
      this.accountRisk.mark(this.accountSnapshot(), this.clock.now());
    }
  }

  private setPrice(price: number): void {
    this.price = price;
    this.client.setMid(0, price);
  }

  /** The node's equity, unrealized PnL and open positions at the latest price. */
  private accountSnapshot(): NodeAccountSnapshot {
    return nodeAccountSnapshot(this.engine.ledger, this.price);
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
    this.socket = await subscribeToVenue(
      { ...options, coin: this.market.coin },
      {
        onOpen: () => {
          this.connected = true;
          void this.gapFill();
          void this.syncCandles();
        },
        onClose: () => {
          this.connected = false;
          this.stream.reset();
        },
        onOrderUpdates: (data) => this.client.handleOrderUpdates(data as never),
        onFills: (fills) => this.client.handleFills(fills),
        onFunding: (funding) => this.client.handleFunding(funding, funding.time ?? this.clock.now()),
        onCandle: (candle) => {
          this.setPrice(Number(candle.c));
          if (this.state === "running") this.accountRisk.mark(this.accountSnapshot(), this.clock.now());
          if (this.closeFromStream(candle)) return;
          const last = this.series.lastTime;
          if (Number.isNaN(last) || candle.t > last + this.interval) void this.syncCandles();
        },
      },
    );
    this.connected = true;
  }

  private startTimers(): void {
    this.timers.push(...startNodeTimers(this.options, { poll: () => void this.syncCandles() }));
  }

  private persistOrder(order: Order, cloid?: `0x${string}`): void {
    const row = orderRowOf(this.options, order, this.client, cloid);
    if (row !== undefined) this.writes.enqueue(() => this.options.store.saveOrder(row));
  }

  /** Tells the engine about its own orders (not `db:` ones restored from the database), then persists. */
  private relay(order: Order, tellEngine: () => void): void {
    if (!order.id.startsWith("db:")) tellEngine();
    this.persistOrder(order);
  }

  private log(level: "info" | "warn" | "error", message: string, detail?: unknown): void {
    this.options.log?.(level, message, detail);
  }
}

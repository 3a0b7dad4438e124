import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { AccountRiskFeed } from "../../src/app/risk/account-risk-feed.ts";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { TestClock } from "../../src/core/index.ts";
import type { Strategy, StrategyContext } from "../../src/engine/index.ts";
import { TradingNode } from "../../src/live/trading-node.ts";
import { type RiskLimits, resolveRiskLimits } from "../../src/risk/index.ts";
import { recentAudit } from "../../src/storage/index.ts";
import { TradingRepository } from "../../src/storage/trading-repository.ts";
import { createPrivateKeyWallet, resolveEndpoints } from "../../src/venues/hyperliquid/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const BTC_FILE = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const wallet = createPrivateKeyWallet(`0x${"52".repeat(32)}`);
const USER = wallet.address.toLowerCase() as `0x${string}`;
const silent = pino({ level: "silent" });
/** From bar 628 on, BTC falls: 102 730 → 100 821 → 99 610 → 98 873 (closes of bars 628–631). */
const FALLING_BARS = 628;

interface Plan {
  next?: "buy" | "close";
  quantity: number;
  denied: string[];
}

/** A strategy the test steers: the next bar executes `plan.next`. */
function scripted(plan: Plan): Strategy {
  return {
    onBar(ctx: StrategyContext) {
      const action = plan.next;
      plan.next = undefined;
      if (action === "buy") ctx.buy({ quantity: plan.quantity, stopLoss: ctx.close * 0.9 });
      if (action === "close") ctx.closePosition({ tag: "signal" });
    },
    onRiskDenied(_ctx, _order, code) {
      plan.denied.push(code);
    },
  };
}

describe("account risk fed by paper trading nodes", () => {
  let database: TestDatabase;
  let clock: TestClock;
  let botId: string;
  const closers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    database = await createTestDatabase({ migrate: true });
    clock = new TestClock(Date.now());
    const bot = await database.connection.database
      .insertInto("bots")
      .values({ name: "t", strategy_type: "scripted", symbol: "BTC", params: "{}", risk_overrides: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    botId = bot.id;
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    await database.drop();
  });

  async function simulator(startBar: number): Promise<RunningSimulator> {
    const running = await startSimulator({
      clock,
      accounts: [{ address: USER, usdc: 100_000 }],
      data: [{ file: BTC_FILE }],
      speed: 0,
      startBar,
    });
    closers.push(() => running.close());
    return running;
  }

  async function riskService(limits: RiskLimits): Promise<{ risk: RiskService; feed: AccountRiskFeed }> {
    const risk = new RiskService(database.connection.database, limits, clock, silent, "paper", {
      persistIntervalMs: 200,
    });
    await risk.load(100_000);
    const feed = new AccountRiskFeed(risk, silent, { tickMs: 0 });
    closers.push(() => feed.close());
    return { risk, feed };
  }

  async function node(venue: RunningSimulator, feed: AccountRiskFeed, plan: Plan): Promise<TradingNode> {
    const created = new TradingNode({
      botId,
      strategy: scripted(plan),
      strategyName: "scripted",
      coin: "BTC",
      interval: "1h",
      endpoints: resolveEndpoints("simulator", venue.url),
      wallet,
      user: USER,
      store: new TradingRepository(database.connection.database),
      mode: "paper",
      sizing: { mode: "units", quantity: plan.quantity },
      webSocket: WebSocket,
      clock,
      pollMs: 60_000,
      deadManMs: 0,
      historyBars: 30,
      accountState: () => feed.state,
      accountRisk: feed.reporter(botId),
    });
    closers.push(() => created.stop());
    await created.start();
    return created;
  }

  async function bar(venue: RunningSimulator, target: TradingNode): Promise<void> {
    const before = target.status().lastBarTime;
    venue.advance({ bars: 1 });
    await eventually(() => target.status().lastBarTime !== before, { message: "bar reached the node" });
    await target.settle();
  }

  const metricsRows = () =>
    database.connection.database.selectFrom("risk_daily_metrics").selectAll().orderBy("date").execute();
  const rows = (table: "fills" | "positions" | "trades") =>
    database.connection.database.selectFrom(table).selectAll().execute();

  it("writes a daily metrics row matching the node's fills and trades; hlbot risk report shows it", async () => {
    const venue = await simulator(FALLING_BARS);
    const { risk, feed } = await riskService(resolveRiskLimits());
    const plan: Plan = { quantity: 0.01, denied: [] };
    const bot = await node(venue, feed, plan);
    plan.next = "buy";
    await bar(venue, bot);
    await eventually(() => bot.status().position?.size === 0.01, { message: "long open" });
    plan.next = "close";
    await bar(venue, bot);
    await eventually(async () => (await rows("trades")).length === 1, { message: "trade stored" });
    await bot.settle();

    const [trade] = await rows("trades");
    const fills = await rows("fills");
    const fees = fills.reduce((sum, fill) => sum + Number(fill.fee), 0);
    const netPnl = Number(trade?.pnl);
    const grossPnl = netPnl + Number(trade?.fees) - Number(trade?.funding);
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    const row = await eventually(
      async () => (await metricsRows()).find((candidate) => candidate.trades === 1),
      { message: "metrics row with the trade written" },
    );
    if (row === undefined) throw new Error("no metrics row");
    expect(row).toMatchObject({ scope: "paper", date: today, trades: 1, max_concurrent_positions: 1 });
    expect(row.won + row.lost).toBe(1);
    expect(row.lost).toBe(netPnl < 0 ? 1 : 0);
    expect(Number(row.realized_pnl)).toBeCloseTo(grossPnl, 6);
    expect(Number(row.fees)).toBeCloseTo(fees, 6);
    expect(Number(row.starting_equity)).toBe(100_000);
    expect(Number(row.current_equity)).toBeCloseTo(100_000 + netPnl, 4);
    expect(Number(row.total_pnl)).toBeCloseTo(netPnl, 4);
    expect(row.first_trade_at).not.toBeNull();
    expect(risk.state.equity).toBeCloseTo(100_000 + netPnl, 4);

    const report = await runCli(["risk", "report", "--date", today, "--format", "json"], {
      DATABASE_URL: database.url,
    });
    expect(report.stderr).toBe("");
    expect(JSON.parse(report.stdout)).toMatchObject({
      date: today,
      balance: { starting: 100_000 },
      trades: { total: 1, won: row.won, lost: row.lost },
      risk_metrics: { max_concurrent_positions: 1 },
    });
    expect(JSON.parse(report.stdout).risk_metrics.total_fees).toBeCloseTo(fees, 6);
  });

  it("losses crossing the daily limit trip the breaker; entries are denied, the exit passes; a restart keeps it tripped", async () => {
    const venue = await simulator(FALLING_BARS);
    const limits = resolveRiskLimits({ dailyLossLimitPercent: 1 });
    const { risk, feed } = await riskService(limits);
    const plan: Plan = { quantity: 0.5, denied: [] };
    const bot = await node(venue, feed, plan);
    plan.next = "buy";
    await bar(venue, bot);
    await eventually(() => bot.status().position?.size === 0.5, { message: "long open" });
    for (let step = 0; step < 3 && risk.state.breaker === null; step++) await bar(venue, bot);
    expect(risk.state.tradingState).toBe("HALTED");
    expect(risk.state.breaker).toMatchObject({ code: "DAILY_LOSS_LIMIT" });
    expect(risk.state.breaker?.untilMs).toBe((risk.state.breaker?.trippedAtMs ?? 0) + 24 * 3_600_000);

    plan.quantity = 0.01;
    plan.next = "buy";
    await bar(venue, bot);
    expect(plan.denied).toEqual(["CIRCUIT_BREAKER"]);
    expect(bot.status().position?.size).toBe(0.5);
    plan.next = "close";
    await bar(venue, bot);
    await eventually(() => bot.status().position === null, { message: "the exit was not allowed" });
    await eventually(async () => (await rows("trades")).length === 1, { message: "trade stored" });

    const trips = await eventually(
      async () =>
        (await recentAudit(database.connection.database, { action: "circuit_breaker_tripped" })).filter(
          (entry) => entry.target === "paper",
        ),
      { message: "the trip was not audited" },
    );
    expect(trips[0]).toMatchObject({ actor: "risk-manager", reason: expect.stringContaining("daily loss") });
    await feed.close();
    const stored = await database.connection.database
      .selectFrom("risk_state")
      .selectAll()
      .where("scope", "=", "paper")
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ trading_state: "HALTED", circuit_breaker_tripped: true });

    const restarted = new RiskService(database.connection.database, limits, clock, silent, "paper");
    const state = await restarted.load(100_000);
    expect(state.tradingState).toBe("HALTED");
    expect(state.breaker?.code).toBe("DAILY_LOSS_LIMIT");
    const metrics = await metricsRows();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ trades: 1, lost: 1 });
    expect(Number(metrics[0]?.max_drawdown)).toBeGreaterThanOrEqual(1);
  });

  it("EMERGENCY cancels and closes every position through the emergency handler", async () => {
    const venue = await simulator(FALLING_BARS);
    const limits = resolveRiskLimits({ dailyLossLimitPercent: 0.5, emergencyDailyLossPercent: 1 });
    const { risk, feed } = await riskService(limits);
    const plan: Plan = { quantity: 0.6, denied: [] };
    const bot = await node(venue, feed, plan);
    let emergencies = 0;
    feed.onEmergency(async () => {
      emergencies++;
      await bot.closeAllPositions();
    });
    plan.next = "buy";
    await bar(venue, bot);
    await eventually(() => bot.status().position?.size === 0.6, { message: "long open" });
    for (let step = 0; step < 3 && risk.state.tradingState !== "EMERGENCY"; step++) await bar(venue, bot);
    expect(risk.state.tradingState).toBe("EMERGENCY");
    await eventually(() => bot.status().position === null, { message: "the position was not closed" });
    await bot.settle();
    expect(emergencies).toBe(1);
    expect(await rows("positions")).toMatchObject([{ status: "closed", exit_reason: "emergency" }]);
    expect(await rows("trades")).toMatchObject([{ exit_reason: "emergency" }]);
    plan.quantity = 0.01;
    plan.next = "buy";
    await bar(venue, bot);
    expect(plan.denied).toEqual(["TRADING_HALTED"]);
    expect(bot.status().position).toBeNull();
  });

  it("a new UTC day on the clock starts a new metrics row from the last day's equity", async () => {
    const venue = await simulator(60);
    const { risk, feed } = await riskService(resolveRiskLimits());
    const plan: Plan = { quantity: 0.01, denied: [] };
    const bot = await node(venue, feed, plan);
    plan.next = "buy";
    await bar(venue, bot);
    await eventually(() => bot.status().position?.size === 0.01, { message: "long open" });
    const firstDay = risk.dailyMetrics.date;
    const dayMs = 86_400_000;
    clock.advance(dayMs - (clock.now() % dayMs) + 60_000);
    const secondDay = new Date(clock.now()).toISOString().slice(0, 10);
    await bar(venue, bot);
    await eventually(async () => (await metricsRows()).length === 2, { message: "no row for the new day" });
    const [first, second] = await metricsRows();
    expect(first?.date).toBe(firstDay);
    expect(second?.date).toBe(secondDay);
    expect(Number(second?.starting_equity)).toBeCloseTo(Number(first?.current_equity), 6);
    expect(second).toMatchObject({ trades: 0, max_concurrent_positions: 1 });
    expect(risk.state.dailyBaselineEquity).toBeCloseTo(Number(first?.current_equity), 6);
  });
});

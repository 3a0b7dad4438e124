import { fileURLToPath } from "node:url";
import { HttpTransport, InfoClient } from "@nktkas/hyperliquid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { TestClock } from "../../src/core/index.ts";
import type { Strategy, StrategyContext } from "../../src/engine/index.ts";
import { TradingNode, type TradingNodeOptions } from "../../src/live/trading-node.ts";
import { DEFAULT_RISK_LIMITS } from "../../src/risk/index.ts";
import { TradingRepository } from "../../src/storage/trading-repository.ts";
import { createPrivateKeyWallet, resolveEndpoints } from "../../src/venues/hyperliquid/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const BTC_FILE = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const wallet = createPrivateKeyWallet(`0x${"51".repeat(32)}`);
const USER = wallet.address.toLowerCase() as `0x${string}`;

/** A strategy the test steers: the next bar executes `plan.next`. */
function scripted(plan: {
  next?: "buy" | "buy-no-stop" | "close" | "rest";
  denied: string[];
  seen?: number[];
}): Strategy {
  return {
    onBar(ctx: StrategyContext) {
      plan.seen?.push(ctx.time);
      const action = plan.next;
      plan.next = undefined;
      if (action === "buy")
        ctx.buy({
          quantity: 0.01,
          stopLoss: ctx.close * 0.95,
          signal: { score: 7, reasoning: ["scripted entry"] },
        });
      if (action === "buy-no-stop") ctx.buy({ quantity: 0.01 });
      if (action === "close") ctx.closePosition({ tag: "signal" });
      if (action === "rest")
        ctx.buy({ quantity: 0.01, price: Math.round(ctx.close * 0.8), stopLoss: ctx.close * 0.7 });
    },
    onRiskDenied(_ctx, _order, code) {
      plan.denied.push(code);
    },
  };
}

describe("trading node on the simulator", () => {
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let clock: TestClock;
  let botId: string;
  const nodes: TradingNode[] = [];

  beforeEach(async () => {
    database = await createTestDatabase({ migrate: true });
    clock = new TestClock(Date.now());
    simulator = await startSimulator({
      clock,
      accounts: [{ address: USER, usdc: 100_000 }],
      data: [{ file: BTC_FILE }],
      speed: 0,
      startBar: 50,
    });
    const bot = await database.connection.database
      .insertInto("bots")
      .values({ name: "t", strategy_type: "scripted", symbol: "BTC", params: "{}", risk_overrides: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    botId = bot.id;
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.stop().catch(() => undefined);
    await simulator.close();
    await database.drop();
  });

  function node(
    plan: { next?: "buy" | "buy-no-stop" | "close" | "rest"; denied: string[]; seen?: number[] },
    extra: Partial<TradingNodeOptions> = {},
  ) {
    const created = new TradingNode({
      botId,
      strategy: scripted(plan),
      strategyName: "scripted",
      coin: "BTC",
      interval: "1h",
      endpoints: resolveEndpoints("simulator", simulator.url),
      wallet,
      user: USER,
      store: new TradingRepository(database.connection.database),
      mode: "paper",
      sizing: { mode: "units", quantity: 0.01 },
      webSocket: WebSocket,
      clock,
      pollMs: 60_000,
      deadManMs: 0,
      historyBars: 30,
      ...extra,
    });
    nodes.push(created);
    return created;
  }

  async function bar(target: TradingNode): Promise<void> {
    const before = target.status().lastBarTime;
    simulator.advance({ bars: 1 });
    await eventually(() => target.status().lastBarTime !== before, { message: "bar reached the node" });
    await target.settle();
  }

  const rows = (table: "orders" | "fills" | "positions" | "trades") =>
    database.connection.database.selectFrom(table).selectAll().execute();

  it("opens and closes a position; orders, fills, positions and trades rows appear", async () => {
    const plan: { next?: "buy" | "close"; denied: string[] } = { denied: [] };
    const bot = node(plan);
    await bot.start();
    expect(bot.status()).toMatchObject({ state: "running", connected: true, reconciliationIssues: [] });
    plan.next = "buy";
    await bar(bot);
    await eventually(() => bot.status().position?.size === 0.01, { message: "long open" });
    await bot.settle();
    expect(await rows("positions")).toMatchObject([{ status: "open", side: "long", bot_id: botId }]);
    // The replayed market is from 2025, but the row's times are real time: "open for" and the
    // PositionStuck alert measure how long the position has really been open.
    const [opened] = await rows("positions");
    expect(Math.abs((opened?.created_at.getTime() ?? 0) - Date.now())).toBeLessThan(120_000);
    plan.next = "close";
    await bar(bot);
    await eventually(async () => (await rows("trades")).length === 1, { message: "trade stored" });
    await bot.settle();
    expect(bot.status().position).toBeNull();
    expect(await rows("orders")).toHaveLength(2);
    expect((await rows("orders")).every((order) => order.status === "filled")).toBe(true);
    expect(await rows("fills")).toHaveLength(2);
    expect(await rows("positions")).toMatchObject([{ status: "closed", exit_reason: "signal" }]);
    const [trade] = await rows("trades");
    expect(trade).toMatchObject({ side: "long", strategy: "scripted", exit_reason: "signal", bot_id: botId });
    expect(Number(trade?.fees)).toBeGreaterThan(0);
    // The entry's signal (the strategy's reasoning) is kept with the trade, as in backtests.
    expect(trade?.signal).toEqual({ score: 7, reasoning: ["scripted entry"] });
  });

  it("restarts mid-position: reconciliation restores the position, no fill duplicated", async () => {
    const plan: { next?: "buy" | "close"; denied: string[] } = { denied: [] };
    const first = node(plan);
    await first.start();
    plan.next = "buy";
    await bar(first);
    await eventually(() => first.status().position?.size === 0.01);
    await first.stop();
    simulator.advance({ bars: 2 });
    const second = node(plan);
    await second.start();
    expect(second.status()).toMatchObject({
      reconciliationIssues: [],
      position: { side: "LONG", size: 0.01 },
    });
    expect(await rows("fills")).toHaveLength(1);
    expect(await rows("positions")).toMatchObject([{ status: "open" }]);
    plan.next = "close";
    await bar(second);
    await eventually(async () => (await rows("trades")).length === 1);
    await second.settle();
    expect(await rows("fills")).toHaveLength(2);
    expect(await rows("positions")).toMatchObject([{ status: "closed" }]);
  });

  it("recovers fills lost while the WebSocket is dropped (gap-fill, no duplicates)", async () => {
    const plan: { next?: "buy" | "close"; denied: string[] } = { denied: [] };
    const bot = node(plan);
    await bot.start();
    simulator.inject({ type: "dropWebSocketMessages", count: 1000 });
    plan.next = "buy";
    simulator.advance({ bars: 1 });
    await bot.syncCandles();
    await bot.settle();
    simulator.inject({ type: "dropWebSockets" });
    await eventually(async () => (await rows("fills")).length === 1, { message: "fill recovered" });
    await bot.gapFill();
    await bot.settle();
    expect(await rows("fills")).toHaveLength(1);
    expect(bot.status().position?.size).toBe(0.01);
  });

  it("the risk gate denies an entry without a stop", async () => {
    const plan: { next?: "buy" | "buy-no-stop" | "close"; denied: string[] } = { denied: [] };
    const bot = node(plan, { riskLimits: DEFAULT_RISK_LIMITS });
    await bot.start();
    plan.next = "buy-no-stop";
    await bar(bot);
    expect(plan.denied).toEqual(["MISSING_STOP"]);
    expect(await rows("orders")).toHaveLength(0);
    expect(bot.status().position).toBeNull();
  });

  it("a tripped account-wide circuit breaker denies entries on a running node", async () => {
    const plan: { next?: "buy" | "buy-no-stop" | "close"; denied: string[] } = { denied: [] };
    let breaker: { code: string; message: string } | undefined = {
      code: "CIRCUIT_BREAKER",
      message: "circuit breaker tripped: test",
    };
    const bot = node(plan, { accountGuard: () => breaker });
    await bot.start();
    plan.next = "buy";
    await bar(bot);
    expect(plan.denied).toEqual(["CIRCUIT_BREAKER"]);
    expect(await rows("orders")).toHaveLength(0);
    breaker = undefined;
    plan.next = "buy";
    await bar(bot);
    await eventually(() => bot.status().position?.size === 0.01, {
      message: "the entry after the reset did not fill",
    });
  });

  it("50 concurrent close-all calls close the position exactly once", async () => {
    const plan: { next?: "buy" | "close"; denied: string[] } = { denied: [] };
    const bot = node(plan);
    await bot.start();
    plan.next = "buy";
    await bar(bot);
    await eventually(() => bot.status().position?.size === 0.01);
    await Promise.all(Array.from({ length: 50 }, () => bot.closeAllPositions()));
    await eventually(() => bot.status().position === null, { message: "flat" });
    await bot.settle();
    expect(await rows("trades")).toHaveLength(1);
    expect(await rows("positions")).toMatchObject([{ status: "closed" }]);
    const fills = (await rows("fills")) as Array<{ side: string }>;
    expect(fills.filter((fill) => fill.side === "sell")).toHaveLength(1);
  });

  it("emergency close-all cancels orders and flattens the position", async () => {
    const plan: { next?: "buy" | "close"; denied: string[] } = { denied: [] };
    const bot = node(plan);
    await bot.start();
    plan.next = "buy";
    await bar(bot);
    await eventually(() => bot.status().position?.size === 0.01);
    await bot.closeAllPositions();
    await eventually(() => bot.status().position === null, { message: "flat" });
    await bot.settle();
    expect(await rows("positions")).toMatchObject([{ status: "closed", exit_reason: "emergency" }]);
    expect(await rows("trades")).toMatchObject([{ exit_reason: "emergency" }]);
  });

  it("refuses to start, naming the account, when its key may not act for the account", async () => {
    const stranger = createPrivateKeyWallet(`0x${"52".repeat(32)}`);
    const bot = node({ denied: [] }, { wallet: stranger });
    const failure = await bot.start().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain(USER);
    expect(failure?.message).toContain("may not trade");
    expect(failure?.message).not.toContain("52".repeat(32));
    expect(bot.status().state).toBe("error");
    expect(await rows("orders")).toHaveLength(0);
  });

  it("arms the dead-man's switch at start: resting orders die once the node stops beating", async () => {
    const plan: { next?: "rest"; denied: string[] } = { denied: [] };
    const bot = node(plan, { deadManMs: 6_000, heartbeatMs: 2_000 });
    await bot.start();
    plan.next = "rest";
    await bar(bot);
    const info = new InfoClient({ transport: new HttpTransport({ apiUrl: simulator.url }) });
    await eventually(async () => (await info.openOrders({ user: USER })).length === 1, {
      message: "the resting order is on the venue",
    });
    await bot.stop();
    clock.advance(7_000);
    simulator.advance({ bars: 1 });
    await eventually(async () => (await info.openOrders({ user: USER })).length === 0, {
      message: "the dead-man's switch did not cancel the resting order",
    });
  });

  it("closes bars from the candle stream, without waiting for a candleSnapshot round trip", async () => {
    const bot = node({ denied: [] });
    await bot.start();
    await bar(bot);
    // The next HTTP request is refused: a bar closed by fetching candleSnapshot would be stuck until the
    // next poll (a minute away); the stream closes it at once (the background check eats the 429).
    simulator.inject({ type: "http429", count: 1 });
    const before = bot.status().lastBarTime as number;
    await bar(bot);
    expect(bot.status().lastBarTime).toBe(before + 3_600_000);
  });

  it("falls back to fetching when candle pushes were lost, and runs every bar exactly once", async () => {
    const plan: { denied: string[]; seen: number[] } = { denied: [], seen: [] };
    const bot = node(plan);
    await bot.start();
    await bar(bot);
    const before = bot.status().lastBarTime as number;
    plan.seen.length = 0;
    // Both pushes of the next bar (its final candle and the new one) never arrive.
    simulator.inject({ type: "dropWebSocketMessages", count: 2 });
    simulator.advance({ bars: 1 });
    await bar(bot);
    await eventually(() => bot.status().lastBarTime === before + 2 * 3_600_000, {
      message: "the node caught up with both bars",
    });
    await bot.settle();
    expect(plan.seen).toEqual([before + 3_600_000, before + 2 * 3_600_000]);
  });
});

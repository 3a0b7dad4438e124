import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { TestClock } from "../../src/core/index.ts";
import { PositionManager, type Strategy } from "../../src/engine/index.ts";
import { TradingNode } from "../../src/live/trading-node.ts";
import { DEFAULT_RISK_LIMITS } from "../../src/risk/index.ts";
import { TradingRepository } from "../../src/storage/trading-repository.ts";
import { createPrivateKeyWallet, resolveEndpoints } from "../../src/venues/hyperliquid/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const HOUR = 3_600_000;
const START = Date.UTC(2025, 5, 1);
const HISTORY = 40;
const wallet = createPrivateKeyWallet(`0x${"53".repeat(32)}`);
const USER = wallet.address.toLowerCase() as `0x${string}`;

/**
 * Scripted market (o, h, l, c) after 40 flat bars at 100. With a long entered at the close of bar 40
 * (stop 99, so 1R ≈ 1; TP1 at 101 for half, TP2 at 102):
 * - bar 41 trades up to 101.2 and closes near the high: TP1 fills, and at the close the best price
 *   (≥ 0.5R) moves the stop to the entry (breakeven); the pullback stays under the 0.3R momentum exit;
 * - bar 42 falls through the entry: the breakeven stop closes the rest;
 * - bar 43 is flat at 100, where the second entry is made;
 * - bar 44 opens at 97, below the 99 stop: the stop fills at the gapped open, a loss beyond 1R.
 */
const SCRIPT: Array<[number, number, number, number]> = [
  [100, 100, 100, 100],
  [100, 101.2, 100, 101.15],
  [101.1, 101.15, 99.5, 99.6],
  [100, 100, 100, 100],
  [97, 97.5, 96.5, 97],
  [97, 97, 97, 97],
];

function writeMarket(folder: string): string {
  const rows = ["timestamp,open,high,low,close,volume"];
  const bars = [...Array.from({ length: HISTORY }, () => [100, 100, 100, 100]), ...SCRIPT];
  for (const [index, bar] of bars.entries()) rows.push(`${START + index * HOUR},${bar.join(",")},1000`);
  const file = join(folder, "BTC-PERP-scenario-1h.csv");
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

/** Opens a managed long (stop 1 below the close) when asked; the manager runs TP1/TP2/breakeven/momentum. */
function managedLong(plan: { open: boolean }): Strategy {
  const manager = new PositionManager();
  return {
    onBar(ctx) {
      manager.onBar(ctx);
      if (plan.open && !manager.isManaging() && ctx.position().quantity === 0) {
        plan.open = false;
        manager.open(ctx, { side: "BUY", stopLoss: ctx.close - 1, entryPrice: ctx.close, quantity: 1 });
      }
    },
  };
}

describe("managed positions on the simulator (bracket → TP1 → breakeven → exit; stop gap)", () => {
  let folder: string;
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let node: TradingNode | undefined;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-scenario-"));
    database = await createTestDatabase({ migrate: true });
    // Wall-clock time (signatures carry it as nonces); the market itself is the scripted 2025 data.
    const clock = new TestClock(Date.now());
    simulator = await startSimulator({
      clock,
      accounts: [{ address: USER, usdc: 100_000 }],
      data: [{ file: writeMarket(folder) }],
      speed: 0,
      startBar: HISTORY,
    });
  });
  afterEach(async () => {
    await node?.stop().catch(() => undefined);
    await simulator.close();
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("takes TP1, moves the stop to breakeven, exits there; then a gap fills the stop at the open", async () => {
    const bot = await database.connection.database
      .insertInto("bots")
      .values({ name: "s", strategy_type: "managed", symbol: "BTC", params: "{}", risk_overrides: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const plan = { open: false };
    node = new TradingNode({
      botId: bot.id,
      strategy: managedLong(plan),
      strategyName: "managed",
      coin: "BTC",
      interval: "1h",
      endpoints: resolveEndpoints("simulator", simulator.url),
      wallet,
      user: USER,
      store: new TradingRepository(database.connection.database),
      mode: "paper",
      sizing: { mode: "units", quantity: 1 },
      riskLimits: DEFAULT_RISK_LIMITS,
      webSocket: WebSocket,
      pollMs: 60_000,
      deadManMs: 0,
      historyBars: 30,
    });
    const running = node;
    await running.start();
    const bar = async () => {
      const before = running.status().lastBarTime;
      simulator.advance({ bars: 1 });
      await eventually(() => running.status().lastBarTime !== before, { message: "bar reached the node" });
      await running.settle();
    };
    const trades = async () =>
      await database.connection.database.selectFrom("trades").selectAll().orderBy("exit_time").execute();

    plan.open = true;
    await bar(); // bar 40 closes: entry at market, with the stop and both take-profits resting
    await eventually(() => running.status().position?.size === 1, { message: "long of 1 open" });
    await running.settle();
    const entry = running.status().position?.entryPrice as number;
    expect(entry).toBeGreaterThanOrEqual(100);
    expect(
      running
        .status()
        .openOrders.map((order) => [order.type, order.triggerPrice])
        .sort(),
    ).toEqual([
      ["STOP_MARKET", 99],
      ["TAKE_PROFIT_MARKET", 101],
      ["TAKE_PROFIT_MARKET", 102],
    ]);

    await bar(); // bar 41: TP1 takes half, and at the close the stop moves to the entry
    await eventually(() => running.status().position?.size === 0.5, { message: "TP1 took half" });
    await eventually(
      () =>
        running
          .status()
          .openOrders.some((order) => order.type === "STOP_MARKET" && order.triggerPrice === entry),
      { message: "stop moved to breakeven" },
    );
    await running.settle();
    expect(running.status().openOrders.some((order) => order.triggerPrice === 99)).toBe(false);
    expect(await trades()).toHaveLength(0); // one trade per round trip, stored when it ends

    await bar(); // bar 42: the breakeven stop closes the rest
    await eventually(async () => (await trades()).length === 1, { message: "round trip stored" });
    await running.settle();
    expect(running.status().position).toBeNull();
    const [first] = await trades();
    expect(first).toMatchObject({ side: "long", exit_reason: "breakeven" });
    expect(Number(first?.size)).toBeCloseTo(1, 9);
    // Half out at TP1 (≥ 101), half at about the entry: a winning trade although price fell back.
    expect(Number(first?.exit_price)).toBeGreaterThan(entry + 0.4);
    expect(Number(first?.pnl)).toBeGreaterThan(0.3);

    plan.open = true;
    await bar(); // bar 43: second entry at 100, stop 99
    await eventually(() => running.status().position?.size === 1, { message: "second long open" });
    await bar(); // bar 44 opens at 97: the stop fills at the gap
    await eventually(async () => (await trades()).length === 2, { message: "stop trade stored" });
    const stop = (await trades())[1];
    expect(stop).toMatchObject({ exit_reason: "stop_loss" });
    expect(Number(stop?.exit_price)).toBeLessThan(97.6);
    expect(Number(stop?.exit_price)).toBeGreaterThan(96.4);
    expect(Number(stop?.pnl)).toBeLessThan(-2.4); // a gap loses more than the 1R the stop promised
    const positions = await database.connection.database
      .selectFrom("positions")
      .select(["status", "exit_reason"])
      .orderBy("closed_at")
      .execute();
    expect(positions).toEqual([
      { status: "closed", exit_reason: "breakeven" },
      { status: "closed", exit_reason: "stop_loss" },
    ]);
  });
});

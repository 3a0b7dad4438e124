import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { loadStrategyDefinition } from "../../src/app/run-backtest.ts";
import { TestClock } from "../../src/core/index.ts";
import { TradingNode } from "../../src/live/trading-node.ts";
import { TradingRepository } from "../../src/storage/trading-repository.ts";
import { createPrivateKeyWallet, resolveEndpoints } from "../../src/venues/hyperliquid/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const BTC_FILE = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const STRATEGY = fileURLToPath(new URL("../app/fixtures/clockwork-strategy.ts", import.meta.url));
const wallet = createPrivateKeyWallet(`0x${"61".repeat(32)}`);
const USER = wallet.address.toLowerCase() as `0x${string}`;

describe("hlbot parity on a paper session on the simulator", () => {
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let botId: string;
  const parity = (extra: string[] = []) =>
    runCli(["parity", "--bot", botId, "--data", BTC_FILE, "--history-bars", "100", ...extra], {
      DATABASE_URL: database.url,
    });

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    const clock = new TestClock(Date.now());
    simulator = await startSimulator({
      clock,
      accounts: [{ address: USER, usdc: 100_000 }],
      data: [{ file: BTC_FILE }],
      speed: 0,
      startBar: 300,
    });
    const bot = await database.connection.database
      .insertInto("bots")
      .values({
        name: "parity clockwork",
        strategy_type: STRATEGY,
        symbol: "BTC",
        interval: "1h",
        mode: "paper",
        params: JSON.stringify({ cycle: 4, hold: 2 }),
        risk_overrides: "{}",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    botId = bot.id;
    const definition = await loadStrategyDefinition(STRATEGY);
    const node = new TradingNode({
      botId,
      strategy: definition.create({ cycle: 4, hold: 2 }),
      strategyName: definition.name,
      coin: "BTC",
      interval: "1h",
      endpoints: resolveEndpoints("simulator", simulator.url),
      wallet,
      user: USER,
      store: new TradingRepository(database.connection.database),
      mode: "paper",
      sizing: { mode: "units", quantity: 0.01 },
      leverage: 3,
      webSocket: WebSocket,
      clock,
      pollMs: 60_000,
      deadManMs: 0,
      historyBars: 100,
    });
    await node.start();
    try {
      // 14 bars: three round trips of two bars each, long and short.
      for (let step = 0; step < 14; step++) {
        const before = node.status().lastBarTime;
        simulator.advance({ bars: 1 });
        await eventually(() => node.status().lastBarTime !== before, { message: "bar reached the node" });
        await node.settle();
      }
      await eventually(
        async () =>
          (await database.connection.database.selectFrom("trades").selectAll().execute()).length >= 3,
        { message: "three trades stored" },
      );
      await node.settle();
    } finally {
      await node.stop();
    }
  }, 120_000);
  afterAll(async () => {
    await simulator?.close();
    await database?.drop();
  });

  it("matches every trade of the session within one tick with the same fees (exit code 0)", async () => {
    const stored = await database.connection.database.selectFrom("trades").selectAll().execute();
    const result = await parity(["--format", "json"]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.bot).toMatchObject({ id: botId, strategy: "clockwork", symbol: "BTC", mode: "paper" });
    expect(report.summary).toMatchObject({
      liveTrades: stored.length,
      matched: stored.length,
      liveOnly: 0,
      backtestOnly: 0,
      withinTolerance: true,
    });
    expect(report.summary.maxPriceDiffTicks).toBeLessThanOrEqual(1);
    expect(Math.abs(report.summary.feeDiff)).toBeLessThan(0.0001);
    expect(report.trades.map((row: { side: string }) => row.side)).toEqual(
      expect.arrayContaining(["long", "short"]),
    );
    for (const row of report.trades) {
      expect(row).toMatchObject({ status: "matched", entryTimeDiffMs: 0, exitTimeDiffMs: 0 });
      expect(row.live.fees).toBeGreaterThan(0);
    }
    expect(report.funding).toContain("funding");
    const table = await parity();
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`${stored.length} of ${stored.length} live trades matched`);
    expect(table.stdout).toContain("PARITY OK");
  }, 120_000);

  it("reports a tampered stored trade as a difference and exits 1", async () => {
    const [first] = await database.connection.database
      .selectFrom("trades")
      .select(["id", "exit_price", "fees"])
      .orderBy("entry_time")
      .execute();
    if (!first) throw new Error("no trade");
    await database.connection.database
      .updateTable("trades")
      .set({ exit_price: Number(first.exit_price) + 50, fees: Number(first.fees) + 0.5 })
      .where("id", "=", first.id)
      .execute();
    try {
      const result = await parity();
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /NO: exit price [-+]?\d+(\.\d+)? ticks off; fees differ by 0\.(5|49)\d* USDC/,
      );
      expect(result.stdout).toContain("PARITY FAILED");
      const json = JSON.parse((await parity(["--format", "json"])).stdout);
      const tampered = json.trades.find((row: { liveTradeId: string }) => row.liveTradeId === first.id);
      expect(tampered.withinTolerance).toBe(false);
      expect(Math.abs(tampered.exitPriceDiffTicks)).toBeGreaterThanOrEqual(49);
      expect(json.summary.withinTolerance).toBe(false);
    } finally {
      await database.connection.database
        .updateTable("trades")
        .set({ exit_price: first.exit_price, fees: first.fees })
        .where("id", "=", first.id)
        .execute();
    }
  }, 120_000);

  it("says clearly when the bot is unknown, the id malformed or the candles do not cover the session", async () => {
    const unknown = await runCli(["parity", "--bot", randomUUID()], { DATABASE_URL: database.url });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no bot with id [0-9a-f-]{36}/);
    const malformed = await runCli(["parity", "--bot", "42"], { DATABASE_URL: database.url });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--bot "42" is not a bot id');
    // Without --data the candles table is used, and nothing was downloaded into it.
    const noCandles = await runCli(["parity", "--bot", botId], { DATABASE_URL: database.url });
    expect(noCandles.code).toBe(2);
    expect(noCandles.stderr).toMatch(/candles table \(hyperliquid BTC 1h\) does not cover the session/);
  }, 120_000);
  it("replays candles downloaded into the candles table when no --data is given", async () => {
    const download = await runCli(
      [
        "candles",
        "download",
        "--coin",
        "BTC",
        "--interval",
        "1h",
        "--from",
        "2025-05-27",
        "--network",
        "simulator",
        "--api-url",
        simulator.url,
      ],
      { DATABASE_URL: database.url },
    );
    expect(download.code, download.stderr).toBe(0);
    const result = await runCli(["parity", "--bot", botId, "--history-bars", "100", "--format", "json"], {
      DATABASE_URL: database.url,
    });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.candles).toBe("candles table (hyperliquid BTC 1h)");
    // No recorded funding in the database: the simulator's baseline rate is replayed and the difference shown.
    expect(report.funding).toMatch(/^baseline/);
    expect(report.summary).toMatchObject({ liveOnly: 0, backtestOnly: 0, withinTolerance: true });
  }, 120_000);
});

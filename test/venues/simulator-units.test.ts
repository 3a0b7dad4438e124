import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCandleCsv } from "../../src/data/index.ts";
import {
  bestQuotes,
  coinFromFileName,
  MarketReplay,
  MatchingExchange,
  marketDefaults,
  NonceTracker,
  parseSimulatorCliOptions,
  SignerRegistry,
  simulatorSummary,
  startSimulator,
  syntheticLevels,
  tickSize,
} from "../../src/venues/simulator/index.ts";

const NOW = 1_700_000_000_000;
const BTC = { coin: "BTC", assetId: 0, sizeDecimals: 5, maxLeverage: 40 };

describe("NonceTracker", () => {
  it("accepts increasing nonces and refuses duplicates and out-of-window nonces", () => {
    const tracker = new NonceTracker();
    expect(tracker.use("a", NOW, NOW)).toBeNull();
    expect(tracker.use("a", NOW, NOW)).toBe(`Invalid nonce: duplicate nonce ${NOW}`);
    expect(tracker.use("b", NOW, NOW)).toBeNull();
    expect(tracker.use("a", NOW - 2 * 86_400_000, NOW)).toMatch(/too low/);
    expect(tracker.use("a", NOW + 86_400_000, NOW)).toMatch(/too high/);
    expect(tracker.use("a", NOW - 1, NOW)).toBeNull();
  });

  it("keeps only the 100 highest", () => {
    const tracker = new NonceTracker();
    for (let index = 1; index <= 150; index++) expect(tracker.use("a", NOW + index, NOW)).toBeNull();
    expect(tracker.use("a", NOW + 50, NOW)).toBe(`Invalid nonce: nonce too low ${NOW + 50} < ${NOW + 51}`);
    expect(tracker.use("a", NOW + 51, NOW)).toBe(`Invalid nonce: duplicate nonce ${NOW + 51}`);
    expect(tracker.check("a", NOW + 151, NOW)).toBeNull();
  });
});

describe("SignerRegistry", () => {
  const accounts = new Set(["0xmaster"]);
  it("maps accounts to themselves and agents to their master, with named slots", () => {
    const registry = new SignerRegistry((address) => accounts.has(address));
    expect(registry.accountOf("0xmaster", NOW)).toBe("0xmaster");
    expect(registry.accountOf("0xnobody", NOW)).toBeNull();
    expect(registry.approve("0xmaster", "0xa1", "", NOW)).toBeNull();
    expect(registry.approve("0xmaster", "0xa2", "", NOW)).toBeNull();
    expect(registry.accountOf("0xa1", NOW)).toBeNull();
    expect(registry.accountOf("0xa2", NOW)).toBe("0xmaster");
    for (const name of ["one", "two", "three"])
      expect(registry.approve("0xmaster", `0x${name}`, name, NOW)).toBeNull();
    expect(registry.approve("0xmaster", "0xfour", "four", NOW)).toBe("Too many named agents.");
    expect(registry.approve("0xmaster", "0xthree2", "three", NOW)).toBeNull();
    expect(registry.agentsOf("0xmaster")).toHaveLength(4);
    expect(registry.approve("0xmaster", "0xlong", "x".repeat(17), NOW)).toBe("Agent name too long.");
    expect(registry.approve("0xmaster", "0xold", `old valid_until ${NOW - 1}`, NOW)).toMatch(/past/);
  });
});

describe("synthetic book", () => {
  it("uses the valid tick at each price level", () => {
    expect(tickSize(100_000, 5)).toBe(1);
    expect(tickSize(2_500, 4)).toBe(0.1);
    expect(tickSize(1.2345, 2)).toBe(0.0001);
    expect(tickSize(0.05, 0)).toBe(0.000001);
    expect(bestQuotes(113_377.5, 5)).toEqual({ bid: 113_377, ask: 113_378, tick: 1 });
    expect(bestQuotes(100_000, 5)).toEqual({ bid: 99_999, ask: 100_001, tick: 1 });
  });

  it("builds levels with size worth the level notional", () => {
    const { bids, asks } = syntheticLevels(2_500, 4, { levels: 3, levelNotional: 25_000 });
    expect(bids.map((level) => level.price)).toEqual([2499.9, 2499.8, 2499.7]);
    expect(asks.map((level) => level.price)).toEqual([2500.1, 2500.2, 2500.3]);
    expect(asks[0]?.size).toBeCloseTo(9.9996, 4);
  });
});

describe("MatchingExchange", () => {
  const create = () => {
    let now = NOW;
    const exchange = new MatchingExchange({ markets: [BTC], initialMids: [100_000], now: () => now++ });
    exchange.deposit("0xa", 10_000);
    return exchange;
  };
  const command = (
    side: "buy" | "sell",
    price: number,
    size: number,
    timeInForce: "Gtc" | "Ioc" | "Alo" = "Gtc",
  ) => ({
    account: "0xa",
    assetId: 0,
    side,
    price,
    size,
    reduceOnly: false,
    timeInForce,
    trigger: null,
    clientOrderId: null,
  });

  it("fills resting orders at their price when a bar trades through them (maker fee)", () => {
    const exchange = create();
    expect(exchange.placeOrder(command("buy", 99_000, 0.01))).toMatchObject({ status: "resting" });
    exchange.updateMarket(0, { open: 100_000, high: 100_100, low: 99_000, close: 99_500 });
    expect(exchange.fills("0xa")).toHaveLength(0);
    exchange.updateMarket(0, { open: 99_500, high: 99_600, low: 98_900, close: 99_100 });
    expect(exchange.fills("0xa")).toMatchObject([{ price: 99_000, size: 0.01, taker: false, fee: 0.1485 }]);
    expect(exchange.openOrders("0xa")).toEqual([]);
  });

  it("reserves margin for resting orders", () => {
    const exchange = create();
    expect(exchange.placeOrder(command("buy", 99_000, 1.5))).toMatchObject({ status: "resting" });
    expect(exchange.placeOrder(command("buy", 99_000, 0.6))).toMatchObject({ reason: "insufficientMargin" });
    exchange.cancelAllOrders("0xa", "canceled");
    expect(exchange.placeOrder(command("buy", 99_000, 0.6))).toMatchObject({ status: "resting" });
  });

  it("pays funding from longs to the venue at the oracle price", () => {
    const exchange = create();
    exchange.placeOrder(command("buy", 100_010, 0.1, "Ioc"));
    exchange.applyFunding(0, 0.0001, NOW);
    expect(exchange.fundingPayments("0xa")).toMatchObject([{ amount: -1, positionSize: 0.1, rate: 0.0001 }]);
    expect(exchange.accountState("0xa").positions[0]?.cumulativeFunding.allTime).toBeCloseTo(1);
  });

  it("emits order updates and fills in order", () => {
    const exchange = create();
    const events: string[] = [];
    exchange.onEvent((event) =>
      events.push(event.type === "orderUpdate" ? `order:${event.status}` : event.type),
    );
    exchange.placeOrder(command("sell", 99_990, 0.01, "Ioc"));
    expect(events).toEqual(["fill", "trade", "order:filled"]);
  });
});

describe("MarketReplay", () => {
  const csv = [
    "timestamp,open,high,low,close,volume",
    ...[0, 1, 2, 3].map(
      (index) => `${index * 3_600_000},${100 + index},${102 + index},${99 + index},${101 + index},5`,
    ),
  ].join("\n");

  it("steps one bar at a time, moves the mid and pays funding each hour", () => {
    const exchange = new MatchingExchange({
      markets: [{ ...BTC, coin: "X", sizeDecimals: 2 }],
      initialMids: [101],
      now: () => NOW,
    });
    const replay = new MarketReplay(
      [{ coin: "X", assetId: 0, candles: parseCandleCsv(csv), intervalMs: 3_600_000, funding: null }],
      exchange,
      1,
    );
    expect(replay.marketTime()).toBe(3_600_000);
    expect(replay.candles("X", 3_600_000, 0, Number.MAX_SAFE_INTEGER)).toMatchObject([
      { openTime: 0, close: 101, trades: 1 },
      { openTime: 3_600_000, open: 101, high: 101, low: 101, close: 101, volume: 0, trades: 0 },
    ]);
    exchange.deposit("0xa", 1000);
    exchange.placeOrder({
      account: "0xa",
      assetId: 0,
      side: "buy",
      price: 110,
      size: 1,
      reduceOnly: false,
      timeInForce: "Ioc",
      trigger: null,
      clientOrderId: null,
    });
    expect(replay.step()).toBe(true);
    expect(exchange.mids()).toEqual({ X: 102 });
    expect(exchange.fundingPayments("0xa")).toHaveLength(1);
    expect(replay.step()).toBe(true);
    expect(replay.step()).toBe(true);
    expect(replay.step()).toBe(false);
    expect(replay.candles("X", 7_200_000, 0, Number.MAX_SAFE_INTEGER)).toMatchObject([
      { openTime: 0, open: 100, high: 103, low: 99, close: 102, volume: 10 },
      { openTime: 7_200_000, open: 102, high: 105, low: 101, close: 104, volume: 10 },
      { openTime: 14_400_000, open: 104, close: 104, volume: 0, trades: 0 },
    ]);
    expect(replay.currentCandle("X", 3_600_000)).toMatchObject({
      openTime: 4 * 3_600_000,
      open: 104,
      volume: 0,
    });
    expect(replay.currentCandle("X", 7_200_000)).toMatchObject({
      openTime: 4 * 3_600_000,
      open: 104,
      trades: 0,
    });
  });
});

describe("CLI options", () => {
  const file = join(tmpdir(), "ETH-PERP-test-1h.csv");
  writeFileSync(file, "timestamp,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,1,1,1\n");

  it("parses accounts, data files and speed", () => {
    const options = parseSimulatorCliOptions({
      port: "8080" as never,
      account: [`0x${"AB".repeat(20)}=2500.5`],
      data: [file, `SOL=${file}`],
      speed: "10" as never,
    });
    expect(options).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      speed: 10,
      accounts: [{ address: `0x${"ab".repeat(20)}`, usdc: 2500.5 }],
      data: [
        { coin: "ETH", file },
        { coin: "SOL", file },
      ],
    });
  });

  it.each([
    [{ account: ["0x12=5"] }, /--account 0x12=5: expected ADDRESS=USDC/],
    [{ account: [`0x${"ab".repeat(20)}=-1`] }, /expected ADDRESS=USDC/],
    [
      { data: ["/no/such/file.csv"] },
      /--data \/no\/such\/file.csv: file \/no\/such\/file.csv does not exist/,
    ],
    [{ port: 70000 }, /^--port: /],
    [{ speed: -1 }, /^--speed: /],
  ])("refuses %j", (input, message) => {
    expect(() => parseSimulatorCliOptions(input as never)).toThrow(message);
  });

  it("summarizes a running simulator for the CLI", async () => {
    const options = parseSimulatorCliOptions({
      account: [`0x${"ab".repeat(20)}=100`],
      data: [file],
      speed: 0,
    });
    const simulator = await startSimulator({ ...options, autoAdvance: false });
    try {
      expect(simulatorSummary(simulator, options)).toEqual([
        `Hyperliquid simulator listening on ${simulator.url} (POST /info, POST /exchange) and ${simulator.wsUrl}`,
        "markets: ETH (asset 0, szDecimals 4, max 25x)",
        `account 0x${"ab".repeat(20)}: 100 USDC`,
        `replaying ${file} at 0 bar(s) per second`,
      ]);
    } finally {
      await simulator.close();
    }
  });

  it("infers coins and market defaults", () => {
    expect(coinFromFileName("/x/BTC-PERP-hyperliquid-1h.csv")).toBe("BTC");
    expect(coinFromFileName("BTCUSDT-PERP-binance-1h.csv")).toBe("BTC");
    expect(marketDefaults("BTC", 1)).toEqual({ sizeDecimals: 5, maxLeverage: 40 });
    expect(marketDefaults("NEW", 0.2)).toEqual({ sizeDecimals: 0, maxLeverage: 10 });
    expect(marketDefaults("NEW", 300)).toEqual({ sizeDecimals: 2, maxLeverage: 10 });
  });
});

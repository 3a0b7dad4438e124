import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runBacktestJob } from "../../src/app/run-backtest.ts";
import { listBundledStrategies } from "../../src/app/strategy-catalog.ts";
import { runCli } from "../helpers/run-cli.ts";

const data = (file: string) => fileURLToPath(new URL(`../../../shared/data/${file}`, import.meta.url));
const FIL = data("FILUSDT-PERP-binance-1m-2023-08_2023-11.csv");
const BTC_1H = data("BTCUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv");
const HL_BTC = data("BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv");
const EXIT_REASONS = new Set([
  "stop_loss",
  "tp1",
  "tp2",
  "breakeven",
  "momentum",
  "time_stop",
  "signal",
  "end_of_data",
  "emergency",
  "liquidation",
]);

describe("bundled strategies", () => {
  it("lists four strategies, each with described, bounded parameters and defaults that parse", () => {
    const list = listBundledStrategies();
    expect(list.map((strategy) => strategy.name).sort()).toEqual([
      "confluence",
      "donchian-breakout",
      "rsi-mean-reversion",
      "sma-cross",
    ]);
    for (const strategy of list) {
      expect(strategy.parameters.length).toBeGreaterThan(2);
      for (const parameter of strategy.parameters) {
        expect(parameter.description, `${strategy.name}.${parameter.name}`).not.toBe("");
        expect(parameter.default, `${strategy.name}.${parameter.name}`).not.toBeNull();
      }
    }
    const confluence = list.find((strategy) => strategy.name === "confluence");
    expect(confluence?.parameters.find((parameter) => parameter.name === "tp1R")).toMatchObject({
      default: 1,
      type: "number",
    });
  });

  it("confluence trades FIL 1m signals with the position management exits, deterministically", async () => {
    const request = {
      dataFiles: [FIL],
      strategy: "confluence",
      from: "2023-10-01",
      to: "2023-11-30",
      cash: 10_000,
      leverage: 3,
      sizing: "risk:0.01",
    };
    const first = await runBacktestJob(request);
    const second = await runBacktestJob(request);
    expect(second.output.trades).toEqual(first.output.trades);
    const reasons = new Set(first.output.trades.map((trade) => trade.exitReason));
    expect(first.output.trades.length).toBeGreaterThan(5);
    for (const reason of reasons) expect(EXIT_REASONS.has(reason), reason).toBe(true);
    expect(
      [...reasons].some((reason) => reason === "tp1" || reason === "breakeven" || reason === "momentum"),
    ).toBe(true);
  });

  it.each([
    ["rsi-mean-reversion", BTC_1H],
    ["donchian-breakout", BTC_1H],
  ])("%s trades real 1h data with stops", async (strategy, file) => {
    const result = await runBacktestJob({
      dataFiles: [file],
      strategy,
      to: "2022-12-31",
      cash: 10_000,
      leverage: 3,
    });
    expect(result.output.trades.length).toBeGreaterThan(3);
    for (const trade of result.output.trades)
      expect(EXIT_REASONS.has(trade.exitReason), trade.exitReason).toBe(true);
    expect(result.output.trades.some((trade) => trade.exitReason === "stop_loss")).toBe(true);
  });

  it.each([
    ["confluence", ["tp1R=3", "tp2R=2"], /tp2R/],
    ["confluence", ["profile=weekly"], /profile/],
    ["donchian-breakout", ["exitPeriod=30"], /exitPeriod/],
    ["rsi-mean-reversion", ["oversold=60"], /oversold/],
  ])("%s rejects %j naming the parameter", async (strategy, params, pattern) => {
    await expect(runBacktestJob({ dataFiles: [BTC_1H], strategy, params, to: "2020-12-01" })).rejects.toThrow(
      pattern,
    );
  });

  it("confluence on 1h bars needs the swing profile, and says so", async () => {
    await expect(runBacktestJob({ dataFiles: [HL_BTC], strategy: "confluence" })).rejects.toThrow(
      /profile=swing/,
    );
    await expect(
      runBacktestJob({ dataFiles: [HL_BTC], strategy: "confluence", params: ["profile=swing"] }),
    ).resolves.toBeDefined();
  });
});

describe("hlbot strategies list and hlbot signals", () => {
  it("prints every strategy's parameters with defaults and bounds", async () => {
    const result = await runCli(["strategies", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--param fast=10  (integer, 1 .. 10000)");
    expect(result.stdout).toContain("donchian-breakout:");
    const json = JSON.parse((await runCli(["strategies", "list", "--format", "json"])).stdout);
    expect(json.strategies).toHaveLength(4);
  });

  it("lists confluence signals with scores and reasoning as JSON, and fails clearly on bad input", async () => {
    const result = await runCli([
      "signals",
      "--data",
      FIL,
      "--param",
      "minimumTotalScore=0.65",
      "--format",
      "json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.count).toBe(output.signals.length);
    expect(output.count).toBeGreaterThan(0);
    for (const signal of output.signals) {
      expect(signal.reasoning.scores.total).toBeGreaterThanOrEqual(0.65);
      expect(signal.reasoning.summary).toMatch(/^(LONG|SHORT):/);
      expect(Array.isArray(signal.reasoning.factors)).toBe(true);
    }
    const wrong = await runCli(["signals", "--data", HL_BTC]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("profile=swing");
    const missing = await runCli(["signals", "--data", "/nope.csv"]);
    expect(missing.code).toBe(2);
  });
});

describe("signal reasoning stored with the trade it opens", () => {
  it("every confluence trade carries its signal's reasoning; other strategies' trades carry none", async () => {
    const confluence = await runBacktestJob({
      dataFiles: [FIL],
      strategy: "confluence",
      from: "2023-11-01",
      to: "2023-11-30",
      cash: 10_000,
      leverage: 3,
      sizing: "risk:0.01",
    });
    expect(confluence.output.trades.length).toBeGreaterThan(0);
    for (const trade of confluence.output.trades) {
      const signal = trade.signal as {
        id: string;
        reasoning: { summary: string; scores: { total: number } };
      };
      expect(signal.id).toMatch(/^sig_/);
      expect(signal.reasoning.summary).toMatch(/^(LONG|SHORT):/);
      expect(signal.reasoning.scores.total).toBeGreaterThanOrEqual(0.6);
    }
    // The partial exits of one position (tp1, then momentum/tp2/breakeven) share one entry signal.
    const sma = await runBacktestJob({
      dataFiles: [BTC_1H],
      strategy: "sma-cross",
      to: "2021-01-01",
      cash: 1_000_000,
    });
    expect(sma.output.trades.every((trade) => trade.signal === undefined)).toBe(true);
  });
});

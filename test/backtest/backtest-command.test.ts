import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { describe, expect, it, vi } from "vitest";
import { registerBacktestCommand } from "../../src/cli/commands/backtest-command.ts";
import { describeError, ValidationError } from "../../src/core/errors.ts";

const DATA = new URL("../../../shared/data/", import.meta.url);
const BTC = new URL("BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", DATA).pathname;
const FUNDING = new URL("BTC-PERP-hyperliquid-funding-1h-2025-05-27_2025-08-11.csv", DATA).pathname;
const folder = mkdtempSync(join(tmpdir(), "hlbot-backtest-"));

/** Runs `hlbot backtest ARGS` in-process with the exit-code rules of the CLI (2 = bad input). */
async function backtest(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command("hlbot").exitOverride();
  registerBacktestCommand(program);
  for (const command of program.commands) command.exitOverride();
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  let code = 0;
  try {
    await program.parseAsync(["node", "hlbot", "backtest", ...args]);
  } catch (error) {
    code = error instanceof CommanderError || error instanceof ValidationError ? 2 : 1;
    if (!(error instanceof CommanderError)) stderr += `hlbot: ${describeError(error)}\n`;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

describe("hlbot backtest", () => {
  it("--format json prints one object with stats, trades, equity and perf; no NaN or Infinity", async () => {
    const result = await backtest([
      "--data",
      BTC,
      "--strategy",
      "sma-cross",
      "--cash",
      "1000000",
      "--commission",
      "0.002",
      "--format",
      "json",
    ]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(Object.keys(document)).toEqual(expect.arrayContaining(["stats", "trades", "equity", "perf"]));
    for (const key of [
      "returnPct",
      "buyHoldReturnPct",
      "cagrPct",
      "returnAnnPct",
      "volatilityAnnPct",
      "sharpe",
      "sortino",
      "calmar",
      "maxDrawdownPct",
      "avgDrawdownPct",
      "maxDrawdownDurationDays",
      "avgDrawdownDurationDays",
      "beta",
      "alphaPct",
      "trades",
      "winRatePct",
      "bestTradePct",
      "worstTradePct",
      "avgTradePct",
      "maxTradeDurationDays",
      "avgTradeDurationDays",
      "profitFactor",
      "expectancyPct",
      "sqn",
      "kellyCriterion",
      "exposurePct",
      "equityFinal",
      "equityPeak",
      "commissions",
      "avgR",
      "bestR",
      "worstR",
      "expectancyR",
    ]) {
      expect(document.stats, key).toHaveProperty(key);
    }
    expect(document.equity.values).toHaveLength(1832);
    expect(document.equity.timestamps).toHaveLength(1832);
    expect(document.perf.bars).toBe(1832);
    expect(document.trades[0]).toMatchObject({
      side: expect.any(String),
      exitReason: "signal",
      durationDays: expect.any(Number),
    });
    expect(result.stdout).not.toMatch(/NaN|Infinity/);
    // Every order was affordable: nothing to warn about.
    expect(document.warnings).toEqual([]);
    expect(result.stderr).not.toMatch(/warning/);
  });

  it("warns (and still exits 0) when orders were not sent because all-in could not afford one whole unit", async () => {
    // BTC trades near 100,000 in this file: 10,000 cash buys no whole unit.
    const result = await backtest(["--data", BTC, "--strategy", "sma-cross", "--format", "json"]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.stats.trades).toBe(0);
    expect(document.warnings).toHaveLength(1);
    expect(document.warnings[0]).toMatch(
      /^\d+ orders were not sent because their size came to 0: all-in sizing buys whole units/,
    );
    expect(result.stderr).toBe(`warning: ${document.warnings[0]}\n`);
  });

  it("warns that risk sizing needs a stop when the strategy's orders have none", async () => {
    const result = await backtest(["--data", BTC, "--strategy", "sma-cross", "--sizing", "risk:0.01"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: \d+ orders were not sent because their size came to 0: risk sizing sizes to the distance to an order's stop, and these had none \(stopLoss\)\n$/,
    );
  });

  it("--from and --to select bars by open time, both ends included; a bare --to date includes its whole day", async () => {
    const bars = async (...range: string[]) => {
      const result = await backtest(["--data", BTC, "--strategy", "sma-cross", ...range, "--format", "json"]);
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout);
      return [document.perf.bars, document.stats.start, document.stats.end];
    };
    expect(await bars("--from", "2025-07-19T08:00:00Z", "--to", "2025-07-19T12:00:00Z")).toEqual([
      5,
      "2025-07-19T08:00:00.000Z",
      "2025-07-19T12:00:00.000Z",
    ]);
    expect(await bars("--from", "2025-07-19T08:30:00Z", "--to", "2025-07-19")).toEqual([
      15,
      "2025-07-19T09:00:00.000Z",
      "2025-07-19T23:00:00.000Z",
    ]);
    // Only --from: to the end of the file (2025-08-11 15:00).
    expect(await bars("--from", "2025-08-11")).toEqual([
      16,
      "2025-08-11T00:00:00.000Z",
      "2025-08-11T15:00:00.000Z",
    ]);
  });

  it("warns when the venue rejected orders, with the count per reason", async () => {
    // 0.5 BTC near 118,000 is a 59,000 notional: 10,000 cash at leverage 1 cannot carry it.
    const strategy = fileURLToPath(new URL("fixtures/buy-and-hold-strategy.ts", import.meta.url));
    const result = await backtest([
      ...["--data", BTC, "--strategy", strategy, "--param", "units=0.5"],
      ...["--from", "2025-07-19T08:00:00Z", "--to", "2025-07-19T12:00:00Z", "--format", "json"],
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([
      "1 order was rejected by the venue: insufficient_margin ×1 (an order needs its notional / leverage plus the fee in available margin)",
    ]);
    // With leverage 10 the same order fits: no warning.
    const leveraged = await backtest([
      ...["--data", BTC, "--strategy", strategy, "--param", "units=0.5", "--leverage", "10"],
      ...["--from", "2025-07-19T08:00:00Z", "--to", "2025-07-19T12:00:00Z", "--format", "json"],
    ]);
    expect(JSON.parse(leveraged.stdout).warnings).toEqual([]);
  });

  it("warns when the funding file has no settlement within the data", async () => {
    // Binance bars of 2021 with Hyperliquid funding of 2025.
    const binance = new URL("BTCUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv", DATA).pathname;
    const result = await backtest([
      ...["--data", binance, "--strategy", "sma-cross", "--cash", "1000000", "--funding", FUNDING],
      ...["--from", "2021-01-01", "--to", "2021-01-31", "--format", "json"],
    ]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.trades.length).toBeGreaterThan(0);
    expect(document.trades.every((trade: { funding: number }) => trade.funding === 0)).toBe(true);
    expect(document.warnings).toEqual([
      `funding file ${FUNDING} has no settlement after the first of the data's bars (2021-01-01T00:00:00.000Z to 2021-01-31T23:00:00.000Z; it covers 2025-05-27T08:00:00.000Z to 2025-08-11T15:00:00.000Z): no funding was charged`,
    ]);
  });

  it("charges a funding record at the whole hour it belongs to, even when recorded late", async () => {
    // 10:14:47 (late, as in the recorded Hyperliquid file) belongs to 10:00; 11:00:00.050 to 11:00.
    const funding = join(folder, "late-funding.csv");
    writeFileSync(funding, "timestamp,funding_rate\n1752920087645,0.01\n1752922800050,0.001\n");
    const strategy = fileURLToPath(new URL("fixtures/buy-and-hold-strategy.ts", import.meta.url));
    const result = await backtest([
      ...["--data", BTC, "--strategy", strategy, "--param", "units=0.5", "--cash", "100000"],
      ...["--funding", funding],
      ...["--from", "2025-07-19T08:00:00Z", "--to", "2025-07-19T12:00:00Z", "--finalize-trades"],
      ...["--format", "json"],
    ]);
    expect(result.code).toBe(0);
    const [trade] = JSON.parse(result.stdout).trades;
    // Long 0.5 from the 09:00 open: pays 1 % at the 10:00 open (118,233) and 0.1 % at 11:00 (118,441).
    expect(trade.funding).toBeCloseTo(-0.5 * 118_233 * 0.01 - 0.5 * 118_441 * 0.001, 9);
  });

  it("prints a table by default and writes a self-contained HTML report", async () => {
    const report = join(folder, "report.html");
    const result = await backtest([
      "--data",
      BTC,
      "--strategy",
      "sma-cross",
      "--cash",
      "1000000",
      "--funding",
      FUNDING,
      "--report",
      report,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/returnPct/);
    expect(result.stdout).toMatch(/report written/);
    const html = readFileSync(report, "utf8");
    expect(html).toMatch(/TradingView Lightweight Charts/);
    expect(html).toMatch(/createSeriesMarkers/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/https?:\/\/[^"' ]+\.js/);
  });

  it("loads a strategy from a file path and passes its params", async () => {
    const strategy = fileURLToPath(new URL("fixtures/buy-and-hold-strategy.ts", import.meta.url));
    const result = await backtest([
      "--data",
      BTC,
      "--strategy",
      strategy,
      "--param",
      "units=0.5",
      "--cash",
      "1000000",
      "--format",
      "json",
      "--finalize-trades",
    ]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.strategy).toEqual({ name: "buy-and-hold", params: { units: 0.5 } });
    expect(document.trades).toHaveLength(1);
    expect(document.trades[0]).toMatchObject({ size: 0.5, exitReason: "end_of_data" });
  });

  const malformed = join(folder, "malformed.csv");
  writeFileSync(
    malformed,
    "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n1700000060000,1,2,oops,1.5,10\n",
  );
  it.each([
    ["a missing file", ["--data", "/no/such/file.csv", "--strategy", "sma-cross"], /does not exist/],
    ["a malformed CSV", ["--data", malformed, "--strategy", "sma-cross"], /malformed\.csv:3/],
    ["an unknown strategy", ["--data", BTC, "--strategy", "moon-shot"], /unknown strategy "moon-shot"/],
    [
      "an unknown param",
      ["--data", BTC, "--strategy", "sma-cross", "--param", "speed=3"],
      /unknown param speed/,
    ],
    [
      "a param out of range",
      ["--data", BTC, "--strategy", "sma-cross", "--param", "fast=0"],
      /invalid param fast/,
    ],
    [
      "a malformed param",
      ["--data", BTC, "--strategy", "sma-cross", "--param", "fast"],
      /expected key=value/,
    ],
    ["negative cash", ["--data", BTC, "--strategy", "sma-cross", "--cash", "-5"], /--cash/],
    [
      "a non-numeric flag",
      ["--data", BTC, "--strategy", "sma-cross", "--commission", "lots"],
      /--commission expects a number/,
    ],
    ["a bad sizing", ["--data", BTC, "--strategy", "sma-cross", "--sizing", "half"], /--sizing/],
    ["leverage below 1", ["--data", BTC, "--strategy", "sma-cross", "--leverage", "0.5"], /--leverage/],
    ["a bad date", ["--data", BTC, "--strategy", "sma-cross", "--from", "yesterday"], /--from "yesterday"/],
    ["an empty range", ["--data", BTC, "--strategy", "sma-cross", "--from", "2030-01-01"], /no bars/],
    [
      "both fee styles",
      ["--data", BTC, "--strategy", "sma-cross", "--commission", "0.001", "--taker", "0.001"],
      /either --commission/,
    ],
    [
      "a missing funding file",
      ["--data", BTC, "--strategy", "sma-cross", "--funding", "/no/funding.csv"],
      /does not exist/,
    ],
  ])("exits 2 with one line for %s", async (_name, args, message) => {
    const result = await backtest(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message as RegExp);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });
});

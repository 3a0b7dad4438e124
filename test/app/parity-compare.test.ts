import { describe, expect, it } from "vitest";
import { compareTrades, hyperliquidTick } from "../../src/app/parity/parity-compare.ts";
import type { LiveTrade } from "../../src/app/parity/parity-session.ts";
import type { TradeRecord } from "../../src/engine/index.ts";

const HOUR = 3_600_000;
const T0 = 1_750_000_000_000 - (1_750_000_000_000 % HOUR);
const options = { intervalMs: HOUR, sizeDecimals: 5, tolerance: { priceTicks: 1, maxFeeRate: 0.00045 } };

function live(overrides: Partial<LiveTrade> = {}): LiveTrade {
  return {
    id: "live-1",
    side: "long",
    size: 0.01,
    entryPrice: 100_001,
    exitPrice: 100_499,
    entryTime: T0,
    exitTime: T0 + 2 * HOUR,
    fees: 0.00045 * 0.01 * (100_001 + 100_499),
    funding: -0.01,
    exitReason: "signal",
    ...overrides,
  };
}

function backtest(overrides: Partial<TradeRecord> = {}): TradeRecord {
  // Sized 10× the live trade: fees and funding are compared per unit.
  return {
    side: "LONG",
    quantity: 0.1,
    entryPrice: 100_000,
    exitPrice: 100_500,
    entryTime: T0,
    exitTime: T0 + 2 * HOUR,
    fees: 0.00045 * 0.1 * (100_000 + 100_500),
    funding: -0.1,
    exitReason: "signal",
    ...overrides,
  } as TradeRecord;
}

describe("compareTrades", () => {
  it("uses Hyperliquid's tick: 5 significant figures, capped by 6 − szDecimals decimals", () => {
    expect(hyperliquidTick(100_000, 5)).toBe(1);
    expect(hyperliquidTick(2_500, 4)).toBe(0.1);
    expect(hyperliquidTick(4.252, 1)).toBe(0.0001);
    expect(hyperliquidTick(0.012345, 2)).toBe(0.0001);
  });

  it("matches same-side trades entered in the same bar; one tick and per-unit fees are within tolerance", () => {
    const { trades, summary } = compareTrades([live({ entryTime: T0 + 1_500 })], [backtest()], options);
    expect(trades[0]).toMatchObject({
      status: "matched",
      entryPriceDiffTicks: 1,
      exitPriceDiffTicks: -1,
      entryTimeDiffMs: 1_500,
      withinTolerance: true,
    });
    expect(Math.abs(trades[0]?.feeDiff ?? 1)).toBeLessThan(1e-5);
    expect(trades[0]?.fundingDiff).toBe(0);
    expect(summary).toMatchObject({ matched: 1, maxPriceDiffTicks: 1, withinTolerance: true });
  });

  it("flags prices beyond one tick, other fees and an exit in another bar", () => {
    const { trades, summary } = compareTrades(
      [live({ exitPrice: 100_502, fees: 1, exitTime: T0 + 3 * HOUR })],
      [backtest()],
      options,
    );
    expect(trades[0]?.withinTolerance).toBe(false);
    expect(trades[0]?.problems).toEqual([
      expect.stringMatching(/^exit .* in the backtest$/),
      "exit price 2 ticks off",
      expect.stringMatching(/^fees differ by 0\.0977/),
    ]);
    expect(summary.withinTolerance).toBe(false);
  });

  it("lists unmatched trades on either side: other side or other entry bar", () => {
    const { trades, summary } = compareTrades(
      [live({ side: "short" }), live({ id: "live-2", entryTime: T0 + 5 * HOUR, exitTime: T0 + 6 * HOUR })],
      [backtest(), backtest({ entryTime: T0 + 4 * HOUR, exitTime: T0 + 6 * HOUR })],
      options,
    );
    expect(trades.map((row) => [row.status, row.side])).toEqual([
      ["live-only", "short"],
      ["backtest-only", "long"],
      ["backtest-only", "long"],
      ["live-only", "long"],
    ]);
    expect(summary).toMatchObject({ matched: 0, liveOnly: 2, backtestOnly: 2, withinTolerance: false });
  });
});

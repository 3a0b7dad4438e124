import { describe, expect, it } from "vitest";
import { computeStatistics, geometricMean } from "../../src/backtest/index.ts";
import type { TradeRecord } from "../../src/engine/index.ts";

const DAY = 86_400_000;
const MONDAY = Date.UTC(2024, 0, 1);

function trade(partial: Partial<TradeRecord>): TradeRecord {
  return {
    instrumentId: "X",
    side: "LONG",
    quantity: 1,
    entryTime: MONDAY,
    exitTime: MONDAY,
    entryPrice: 10,
    exitPrice: 10,
    entryBar: 0,
    exitBar: 0,
    pnl: 0,
    returnPct: 0,
    fees: 0,
    funding: 0,
    durationMs: 0,
    exitReason: "signal",
    maePct: 0,
    mfePct: 0,
    stopLossPrice: Number.NaN,
    rMultiple: Number.NaN,
    ...partial,
  };
}

// Five weekdays (Mon..Fri): no weekend bars, so the annualisation factor is 252.
const timestamps = Float64Array.from({ length: 5 }, (_, index) => MONDAY + index * DAY);
const equity = Float64Array.from([100, 110, 99, 121, 110]);
const closes = Float64Array.from([10, 11, 10, 12, 12]);
const trades = [
  trade({
    quantity: 10,
    entryPrice: 10,
    exitPrice: 11,
    pnl: 10,
    returnPct: 10,
    fees: 0.5,
    entryBar: 0,
    exitBar: 1,
    durationMs: DAY,
    rMultiple: 1,
  }),
  trade({
    side: "SHORT",
    quantity: 5,
    entryPrice: 11,
    exitPrice: 12,
    pnl: -5,
    returnPct: (-1 / 11) * 100,
    entryBar: 3,
    exitBar: 3,
  }),
  trade({
    quantity: 1,
    entryPrice: 10,
    exitPrice: 12,
    pnl: 2,
    returnPct: 20,
    entryBar: 3,
    exitBar: 4,
    durationMs: DAY,
    rMultiple: 2,
  }),
];

describe("statistics (backtesting.py definitions) on a hand-checked series", () => {
  const stats = computeStatistics({ timestamps, equity, closes, trades, warmupBars: 1 });
  // Daily returns: +10 %, −10 %, +22.2 %, −9.09 %; their product is 1.1, and backtesting.py's geometric
  // mean divides by all 5 days (the first, undefined return counts as 0).
  const g = 1.1 ** (1 / 5) - 1;
  const dailyReturns = [0.1, -0.1, 121 / 99 - 1, 110 / 121 - 1];
  const average = dailyReturns.reduce((sum, value) => sum + value, 0) / 4;
  const variance = dailyReturns.reduce((sum, value) => sum + (value - average) ** 2, 0) / 3;
  const annual = (1 + g) ** 252 - 1;
  const volatility = Math.sqrt((variance + (1 + g) ** 2) ** 252 - (1 + g) ** 504);

  it("returns, buy & hold from the first valid bar, CAGR over years of 252 trading days", () => {
    expect(stats.returnPct).toBeCloseTo(10, 12);
    expect(stats.buyHoldReturnPct).toBeCloseTo((1 / 11) * 100, 12);
    expect(stats.cagrPct).toBeCloseTo((1.1 ** (252 / 4) - 1) * 100, 6);
    expect(stats.equityFinal).toBe(110);
    expect(stats.equityPeak).toBe(121);
    expect(stats.durationDays).toBe(4);
  });

  it("annualised return, volatility and the ratios", () => {
    expect(stats.returnAnnPct).toBeCloseTo(annual * 100, 6);
    expect(stats.volatilityAnnPct).toBeCloseTo(volatility * 100, 4);
    expect(stats.sharpe).toBeCloseTo(annual / volatility, 9);
    const downside = Math.sqrt((0.01 + (110 / 121 - 1) ** 2) / 4) * Math.sqrt(252);
    expect(stats.sortino).toBeCloseTo(annual / downside, 9);
    expect(stats.calmar).toBeCloseTo(annual / 0.1, 9);
  });

  it("drawdowns: one episode from bar 1 to bar 3, peak 10 %, 2 days; reported negative", () => {
    expect(stats.maxDrawdownPct).toBeCloseTo(-10, 12);
    expect(stats.avgDrawdownPct).toBeCloseTo(-10, 12);
    expect(stats.maxDrawdownDurationDays).toBe(2);
    expect(stats.avgDrawdownDurationDays).toBe(2);
  });

  it("beta from log returns and alpha against buy & hold", () => {
    const equityLog = [Math.log(1.1), Math.log(0.9), Math.log(121 / 99), Math.log(110 / 121)];
    const marketLog = [Math.log(1.1), Math.log(10 / 11), Math.log(1.2), 0];
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const [equityMean, marketMean] = [mean(equityLog), mean(marketLog)];
    const cov =
      equityLog.reduce(
        (sum, value, index) => sum + (value - equityMean) * ((marketLog[index] as number) - marketMean),
        0,
      ) / 3;
    const marketVar = marketLog.reduce((sum, value) => sum + (value - marketMean) ** 2, 0) / 3;
    expect(stats.beta).toBeCloseTo(cov / marketVar, 9);
    expect(stats.alphaPct).toBeCloseTo(10 - (cov / marketVar) * (100 / 11), 9);
  });

  it("trade statistics", () => {
    expect(stats.trades).toBe(3);
    expect(stats.winRatePct).toBeCloseTo(200 / 3, 12);
    expect(stats.bestTradePct).toBeCloseTo(20, 12);
    expect(stats.worstTradePct).toBeCloseTo(-100 / 11, 12);
    expect(stats.avgTradePct).toBeCloseTo((1.2 ** (1 / 3) - 1) * 100, 9);
    expect(stats.profitFactor).toBeCloseTo(0.3 / (1 / 11), 9);
    expect(stats.expectancyPct).toBeCloseTo(((0.1 - 1 / 11 + 0.2) / 3) * 100, 9);
    expect(stats.sqn).toBeCloseTo(
      (Math.sqrt(3) * (7 / 3)) / Math.sqrt(((10 - 7 / 3) ** 2 + (-5 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2) / 2),
      9,
    );
    expect(stats.kellyCriterion).toBeCloseTo(2 / 3 - 1 / 3 / (6 / 5), 12);
    expect(stats.exposurePct).toBe(80);
    expect(stats.maxTradeDurationDays).toBe(1);
    expect(stats.avgTradeDurationDays).toBe(1);
    expect(stats.commissions).toBe(0.5);
    expect([stats.avgR, stats.bestR, stats.worstR, stats.expectancyR]).toEqual([1.5, 2, 1, 1.5]);
  });

  it("uses 365 days a year when the data has weekend bars", () => {
    const everyDay = Float64Array.from({ length: 14 }, (_, index) => MONDAY + index * DAY);
    const rising = Float64Array.from({ length: 14 }, (_, index) => 100 * 1.01 ** index);
    const weekly = computeStatistics({
      timestamps: everyDay,
      equity: rising,
      closes: rising,
      trades: [],
      warmupBars: 0,
    });
    expect(weekly.returnAnnPct).toBeCloseTo(((1.01 ** (13 / 14)) ** 365 - 1) * 100, 6);
  });
});

describe("missing values are null, never NaN or Infinity", () => {
  it("no trades, flat equity", () => {
    const flat = Float64Array.from([100, 100, 100]);
    const stats = computeStatistics({
      timestamps: timestamps.subarray(0, 3),
      equity: flat,
      closes: flat,
      trades: [],
      warmupBars: 0,
    });
    for (const key of [
      "winRatePct",
      "bestTradePct",
      "avgTradePct",
      "profitFactor",
      "sqn",
      "kellyCriterion",
      "sharpe",
      "sortino",
      "calmar",
      "maxDrawdownDurationDays",
      "avgR",
    ] as const) {
      expect(stats[key], key).toBeNull();
    }
    expect(stats.trades).toBe(0);
    expect(JSON.stringify(stats)).not.toMatch(/NaN|Infinity/);
  });

  it("fewer bars than the warm-up: no bar has valid indicators, so buy & hold and alpha are null", () => {
    const stats = computeStatistics({ timestamps, equity, closes, trades: [], warmupBars: 5 });
    expect(stats.buyHoldReturnPct).toBeNull();
    expect(stats.alphaPct).toBeNull();
    // Everything that does not need the indicators is still there.
    expect(stats.returnPct).toBeCloseTo(10, 12);
    expect(stats.beta).not.toBeNull();
    // The last bar is the first valid one: buy & hold over no time is 0.
    expect(
      computeStatistics({ timestamps, equity, closes, trades: [], warmupBars: 4 }).buyHoldReturnPct,
    ).toBe(0);
  });

  it("only winning trades: profit factor and Kelly are null", () => {
    const stats = computeStatistics({
      timestamps,
      equity,
      closes,
      trades: [trades[0] as TradeRecord],
      warmupBars: 0,
    });
    expect(stats.profitFactor).toBeNull();
    expect(stats.kellyCriterion).toBeNull();
    expect(stats.winRatePct).toBe(100);
  });

  it("geometric mean treats NaN as 0 and any loss of 100 % or more as 0", () => {
    expect(geometricMean([Number.NaN, 0.21])).toBeCloseTo(0.1, 12);
    expect(geometricMean([0.5, -1])).toBe(0);
  });
});

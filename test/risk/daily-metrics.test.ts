import { describe, expect, it } from "vitest";
import {
  createDailyMetrics,
  recordAccount,
  recordFee,
  recordFunding,
  recordTrade,
  restoreDailyMetrics,
  rollDailyMetrics,
  toDailyReport,
} from "../../src/risk/index.ts";
import { HOUR, T0 } from "./risk-fixtures.ts";

describe("daily metrics", () => {
  it("accumulates one UTC day and reports it in the original's shape", () => {
    const metrics = createDailyMetrics(10_000, T0);
    recordAccount(metrics, 10_200, 50, 1, T0 + HOUR);
    recordAccount(metrics, 9_996, -30, 2, T0 + 2 * HOUR);
    recordTrade(metrics, 120, T0 + 3 * HOUR);
    recordTrade(metrics, -40, T0 + 4 * HOUR);
    recordTrade(metrics, 0, T0 + 5 * HOUR);
    recordFee(metrics, 6, T0 + 5 * HOUR);
    recordFunding(metrics, -4, T0 + 6 * HOUR);
    recordAccount(metrics, 10_040, -30, 1, T0 + 6 * HOUR);
    expect(toDailyReport(metrics)).toEqual({
      date: "2026-01-05",
      balance: { starting: 10_000, ending: 10_040, peak: 10_200 },
      pnl: { realized: 80, unrealized: -30, total: 40, percent: 0.4 },
      trades: { total: 3, won: 1, lost: 1, win_rate: 50 },
      risk_metrics: { max_drawdown: 2, max_concurrent_positions: 2, total_fees: 6 },
      timestamps: { first_trade: "2026-01-05T15:00:00.000Z", last_updated: "2026-01-05T18:00:00.000Z" },
    });
  });

  it("reports an empty day with a null first trade and a zero win rate", () => {
    const report = toDailyReport(createDailyMetrics(500, T0));
    expect(report.trades).toEqual({ total: 0, won: 0, lost: 0, win_rate: 0 });
    expect(report.timestamps.first_trade).toBeNull();
    expect(report.pnl.percent).toBe(0);
  });

  it("rolls to a new UTC day from the finished day's equity", () => {
    const metrics = createDailyMetrics(10_000, T0);
    recordAccount(metrics, 9_900, 0, 1, T0 + HOUR);
    expect(rollDailyMetrics(metrics, T0 + 11 * HOUR)).toEqual({ current: metrics, finished: null });
    const { current, finished } = rollDailyMetrics(metrics, T0 + 12 * HOUR);
    expect(finished).toBe(metrics);
    expect(current).toMatchObject({
      date: "2026-01-06",
      startingEquity: 9_900,
      trades: 0,
      maxDrawdownPercent: 0,
    });
    expect(JSON.parse(JSON.stringify(current))).toEqual(current);
  });

  it("rejects non-finite amounts", () => {
    const metrics = createDailyMetrics(10_000, T0);
    expect(() => recordTrade(metrics, Number.NaN, T0)).toThrow(/pnl must be a finite number/);
    expect(() => recordAccount(metrics, Number.POSITIVE_INFINITY, 0, 0, T0)).toThrow(/equity/);
  });

  it("restores persisted metrics and rejects inconsistent ones naming the field", () => {
    const metrics = createDailyMetrics(10_000, T0);
    recordTrade(metrics, -5, T0 + HOUR);
    const restored = restoreDailyMetrics(JSON.stringify(metrics));
    expect(restored).toEqual(metrics);
    expect(() => restoreDailyMetrics({ ...metrics, date: "2026-01-06" })).toThrow(
      'daily metrics date: got "2026-01-06"; date must be the UTC date of dayStartMs',
    );
    expect(() => restoreDailyMetrics({ ...metrics, lost: 2 })).toThrow("won + lost must not exceed trades");
    expect(() => restoreDailyMetrics({ ...metrics, fees: Number.NaN })).toThrow(
      "daily metrics fees: got NaN",
    );
  });
});

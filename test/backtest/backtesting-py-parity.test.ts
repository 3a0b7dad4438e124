import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runBacktestJob } from "../../src/app/run-backtest.ts";

const NVDA = fileURLToPath(new URL("../../../shared/data/NVDA-yahoo-1d-1999-2014.csv", import.meta.url));

/**
 * Values printed by backtesting.py's `compute_stats` (pandas 1.5, numpy 1.24) when fed this run's
 * equity curve and trade list: SmaCross(10, 20), commission 0.002, exclusive orders, 10,000 cash,
 * NVDA daily. Durations in days. CAGR divides the calendar span by the annualisation factor
 * (252 here), as backtesting.py does.
 */
const BACKTESTING_PY = {
  returnPct: -90.77466825165997,
  buyHoldReturnPct: 1052.5750136670683,
  returnAnnPct: -13.902825571597122,
  volatilityAnnPct: 57.97016348760455,
  sharpe: -0.23982726173559762,
  sortino: -0.33863872601140954,
  calmar: -0.14466133534984424,
  alphaPct: -119.41027736335445,
  beta: 0.027205290587253086,
  maxDrawdownPct: -96.1060226492102,
  avgDrawdownPct: -33.387767758655684,
  maxDrawdownDurationDays: 5761,
  avgDrawdownDurationDays: 1924,
  trades: 208,
  winRatePct: 37.980769230769226,
  bestTradePct: 74.77367770739669,
  worstTradePct: -31.079225247570808,
  avgTradePct: -1.1337498721620265,
  maxTradeDurationDays: 135,
  avgTradeDurationDays: 28,
  profitFactor: 1.0226210150624184,
  expectancyPct: 0.13402065503365124,
  sqn: -1.5891482170414395,
  kellyCriterion: -0.15421127012873614,
  exposurePct: 98.90329012961116,
  equityFinal: 922.5331748340036,
  equityPeak: 10876.446274658,
} as const;

describe("backtesting.py parity", () => {
  it("sma-cross on NVDA daily gives backtesting.py's statistics", async () => {
    const { output } = await runBacktestJob({
      dataFiles: [NVDA],
      strategy: "sma-cross",
      commission: 0.002,
      exclusiveOrders: true,
      cash: 10_000,
    });
    for (const [key, expected] of Object.entries(BACKTESTING_PY)) {
      const actual = output.stats[key as keyof typeof BACKTESTING_PY];
      expect(actual, key).toBeTypeOf("number");
      expect(Math.abs((actual as number) - expected), key).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(expected)),
      );
    }
    expect(output.stats.cagrPct).toBeCloseTo(((922.5331748340036 / 10_000) ** (252 / 5822) - 1) * 100, 9);
  });
});

import { describe, expect, it } from "vitest";
import {
  assetOf,
  correlationGroupOf,
  createRiskState,
  describeRiskStatus,
  reduceRiskState,
  resolveRiskLimits,
} from "../../src/risk/index.ts";
import { HOUR, limits, T0 } from "./risk-fixtures.ts";

describe("correlation groups", () => {
  it.each([
    ["BTC-PERP.HYPERLIQUID", "BTC"],
    ["btc", "BTC"],
    ["BTCUSDT", "BTC"],
    ["ETH/USDC:USDC", "ETH"],
    ["USDT", "USDT"],
    ["kPEPE", "KPEPE"],
  ])("the asset of %s is %s", (instrument, asset) => {
    expect(assetOf(instrument)).toBe(asset);
  });

  it("finds the group of an instrument by its asset", () => {
    const custom = resolveRiskLimits({
      correlationGroups: [
        ["SOL", "AVAX"],
        ["BTC", "ETH"],
      ],
    });
    expect(correlationGroupOf("ETHUSDT", custom)).toBe(1);
    expect(correlationGroupOf("AVAX-PERP", custom)).toBe(0);
    expect(correlationGroupOf("DOGE", custom)).toBe(-1);
    expect(correlationGroupOf("ETHUSDT", limits)).toBe(0);
  });
});

describe("describeRiskStatus", () => {
  it("summarises the state against the limits as plain JSON", () => {
    const { state } = reduceRiskState(
      createRiskState(10_000, T0),
      { type: "equity", equity: 9_650 },
      limits,
      T0,
    );
    expect(describeRiskStatus(state, limits)).toEqual({
      tradingState: "HALTED",
      equity: 9_650,
      dailyBaselineEquity: 10_000,
      dailyLossPercent: 3.5000000000000004,
      reducedAtDailyLossPercent: 2.25,
      dailyLossLimitPercent: 3,
      emergencyDailyLossPercent: 5,
      highWaterMark: 10_000,
      drawdownPercent: 3.5000000000000004,
      maxDrawdownPercent: 15,
      consecutiveLosses: 0,
      lossStreakLimit: 3,
      lossStreakUntil: null,
      circuitBreaker: {
        code: "DAILY_LOSS_LIMIT",
        reason: "daily loss 3.5 % reached the limit 3 %",
        trippedAt: "2026-01-05T12:00:00.000Z",
        until: new Date(T0 + 24 * HOUR).toISOString(),
        emergency: false,
      },
      updatedAt: "2026-01-05T12:00:00.000Z",
    });
  });
});

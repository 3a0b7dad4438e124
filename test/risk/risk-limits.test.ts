import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { DEFAULT_RISK_LIMITS, parseRiskLimits, resolveRiskLimits } from "../../src/risk/index.ts";

function errorOf(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("risk limits", () => {
  it("has the defaults of issue 6", () => {
    expect(resolveRiskLimits()).toEqual({
      riskPerTradePercent: 2,
      maxRiskPerTradePercent: 3,
      reducedRiskMultiplier: 0.5,
      maxConcurrentPositions: 3,
      maxPositionNotionalPercent: 10,
      maxLeverage: 5,
      correlationGroups: [["BTC", "ETH"]],
      maxCorrelatedNotionalPercent: 15,
      dailyLossLimitPercent: 3,
      reducedAtDailyLossFraction: 0.75,
      emergencyDailyLossPercent: 5,
      maxDrawdownPercent: 15,
      lossStreakLimit: 3,
      lossStreakCooldownHours: 24,
      liquidationDistanceMultiple: 2,
      breakerCooldownHours: 24,
    });
    expect(Object.isFrozen(DEFAULT_RISK_LIMITS)).toBe(true);
  });

  it("merges per-bot overrides over the defaults and replaces whole groups", () => {
    const limits = resolveRiskLimits({ maxLeverage: 3, correlationGroups: [["SOL", "AVAX"]] });
    expect(limits).toMatchObject({
      maxLeverage: 3,
      correlationGroups: [["SOL", "AVAX"]],
      dailyLossLimitPercent: 3,
    });
    expect(resolveRiskLimits({ lossStreakLimit: 5 }, limits)).toMatchObject({
      maxLeverage: 3,
      lossStreakLimit: 5,
    });
    expect(Object.isFrozen(limits.correlationGroups[0])).toBe(true);
  });

  it.each([
    [
      { maxLeverage: 0.5 },
      "maxLeverage",
      "risk limit maxLeverage: got 0.5; Too small: expected number to be >=1",
    ],
    [{ riskPerTradePercent: -2 }, "riskPerTradePercent", "got -2"],
    [{ maxDrawdownPercent: Number.NaN }, "maxDrawdownPercent", "got NaN; expected number, received NaN"],
    [{ maxConcurrentPositions: 2.5 }, "maxConcurrentPositions", "got 2.5; expected int"],
    [{ dailyLossLimitPercent: "3" }, "dailyLossLimitPercent", 'got "3"; expected number, received string'],
    [{ correlationGroups: [["BTC", ""]] }, "correlationGroups.0.1", 'got ""'],
    [
      { reducedAtDailyLossFraction: 1 },
      "reducedAtDailyLossFraction",
      "got 1; Too big: expected number to be <1",
    ],
    [{ maxDailyLoss: 3 }, "maxDailyLoss", "unknown field maxDailyLoss (allowed: riskPerTradePercent,"],
    [
      { riskPerTradePercent: 4 },
      "riskPerTradePercent",
      "risk limit riskPerTradePercent: got 4; must be ≤ maxRiskPerTradePercent (3)",
    ],
    [
      { emergencyDailyLossPercent: 2 },
      "emergencyDailyLossPercent",
      "risk limit emergencyDailyLossPercent: got 2; must be ≥ dailyLossLimitPercent (3)",
    ],
  ])("rejects %j naming the field, the value and what is allowed", (overrides, field, text) => {
    const error = errorOf(() => resolveRiskLimits(overrides));
    expect(error.field).toBe(field);
    expect(error.message).toContain(text);
  });

  it("rejects a non-object and an incomplete full set", () => {
    expect(errorOf(() => resolveRiskLimits(42)).message).toContain("got 42");
    expect(errorOf(() => parseRiskLimits({ maxLeverage: 5 })).message).toContain(
      "risk limit riskPerTradePercent: got undefined",
    );
  });
});

import { describe, expect, it } from "vitest";
import { type SizingRequest, sizePosition } from "../../src/risk/index.ts";
import { limits } from "./risk-fixtures.ts";

const base: SizingRequest = { equity: 10_000, entryPrice: 100, stopPrice: 90, tradingState: "ACTIVE" };

describe("sizePosition", () => {
  it.each<[string, Partial<SizingRequest>, number, string]>([
    ["2 % of equity over the stop distance", {}, 20, "risk"],
    ["a short with the stop above", { stopPrice: 110 }, 20, "risk"],
    ["halved in REDUCED", { tradingState: "REDUCED" }, 10, "risk"],
    ["nothing in HALTED", { tradingState: "HALTED" }, 0, "trading-state"],
    ["nothing in EMERGENCY", { tradingState: "EMERGENCY" }, 0, "trading-state"],
    ["a requested risk above the cap is capped at 3 %", { riskPercent: 10 }, 30, "risk"],
    ["a stop equal to the entry gives 0", { stopPrice: 100 }, 0, "risk"],
    ["a tight stop is capped by the position notional (50 % of equity)", { stopPrice: 99 }, 50, "notional"],
    [
      "the notional cap counts what the position already holds",
      { stopPrice: 99, existingNotional: 4000 },
      10,
      "notional",
    ],
    ["the gross leverage cap", { stopPrice: 99, grossNotional: 49_000 }, 10, "leverage"],
    [
      "the correlation group cap (15 % of equity)",
      { stopPrice: 99, correlatedNotional: 1000 },
      5,
      "correlation",
    ],
    ["no headroom left", { correlatedNotional: 2000 }, 0, "correlation"],
  ])("%s", (_name, overrides, size, bound) => {
    const result = sizePosition({ ...base, ...overrides }, limits);
    expect(result.size).toBeCloseTo(size, 9);
    expect(result.bound).toBe(bound);
    expect(result.notional).toBeCloseTo(size * 100, 6);
  });

  it("reports the risk the size carries", () => {
    expect(sizePosition({ ...base, stopPrice: 99 }, limits).riskPercent).toBeCloseTo(0.5, 9);
  });

  it("rejects a non-positive equity or entry", () => {
    expect(() => sizePosition({ ...base, equity: 0 }, limits)).toThrow(
      /equity must be a finite number > 0, got 0/,
    );
    expect(() => sizePosition({ ...base, entryPrice: Number.NaN }, limits)).toThrow(/entryPrice/);
    expect(() => sizePosition({ ...base, stopPrice: Number.POSITIVE_INFINITY }, limits)).toThrow(/stopPrice/);
  });
});

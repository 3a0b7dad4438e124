import { describe, expect, it } from "vitest";
import { createInstrument } from "../../src/domain/index.ts";
import { parseSizing, resolveQuantity, type Sizing } from "../../src/engine/index.ts";

const instrument = createInstrument({ id: "BTC-PERP.HYPERLIQUID", lotSize: 0.001 });
const inputs = {
  equity: 10_000,
  availableMargin: 8_000,
  leverage: 2,
  price: 100,
  feeRate: 0.001,
  stopLossPrice: 95,
};

describe("sizing", () => {
  it.each([
    [{ mode: "units", quantity: 1.23456 }, 1.234],
    [{ mode: "all-in" }, Math.floor(16_000 / 100.1)],
    [{ mode: "fraction", fraction: 0.5 }, 79.92],
    [{ mode: "risk", fraction: 0.02 }, 40],
  ] as Array<[Sizing, number]>)("%j → %f", (sizing, expected) => {
    expect(resolveQuantity(sizing, instrument, inputs)).toBeCloseTo(expected, 9);
  });

  it("risk sizing needs a stop and is capped by margin", () => {
    expect(
      resolveQuantity({ mode: "risk", fraction: 0.02 }, instrument, { ...inputs, stopLossPrice: Number.NaN }),
    ).toBe(0);
    expect(
      resolveQuantity({ mode: "risk", fraction: 1 }, instrument, { ...inputs, stopLossPrice: 99.99 }),
    ).toBeCloseTo(159.84, 9);
  });

  it("parses the CLI forms and rejects the rest", () => {
    expect(parseSizing("all-in")).toEqual({ mode: "all-in" });
    expect(parseSizing("fraction:0.25")).toEqual({ mode: "fraction", fraction: 0.25 });
    expect(parseSizing("units:3")).toEqual({ mode: "units", quantity: 3 });
    expect(parseSizing("risk:0.01")).toEqual({ mode: "risk", fraction: 0.01 });
    for (const bad of ["", "half", "fraction:2", "fraction:", "risk:-1", "units:abc", "lots:1"]) {
      expect(() => parseSizing(bad)).toThrow(/--sizing/);
    }
  });
});

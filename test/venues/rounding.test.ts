import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatDecimal,
  isValidPrice,
  isValidSize,
  maxPriceDecimals,
  meetsMinimumNotional,
  roundPrice,
  roundSize,
} from "../../src/venues/hyperliquid/index.ts";

describe("formatDecimal", () => {
  it.each([
    [100, 8, "100"],
    [1670.1, 8, "1670.1"],
    [0.0147, 8, "0.0147"],
    [2000.0, 8, "2000"],
    [-0, 8, "0"],
    [1e-7, 8, "0.0000001"],
    [1e21, 2, "1000000000000000000000"],
    [1.005, 2, "1.01"],
    [0.123456789, 4, "0.1235"],
  ])("%s with %i decimals → %s", (value, decimals, text) => {
    expect(formatDecimal(value, decimals)).toBe(text);
  });

  it("refuses NaN and infinities", () => {
    expect(() => formatDecimal(Number.NaN)).toThrow(/finite/);
    expect(() => formatDecimal(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});

describe("price rules", () => {
  it.each([
    ["1234.5", 0, true],
    ["1234.56", 0, false],
    ["0.001234", 0, true],
    ["0.0012345", 0, false],
    ["0.01234", 1, true],
    ["0.012345", 1, false],
    ["123456", 5, true],
    ["12345.6", 0, false],
    ["113377", 5, true],
    ["2000.0", 5, true],
    ["abc", 0, false],
    ["1.5", 5, true],
    ["1.55", 5, false],
  ])("%s (szDecimals %i) valid = %s", (price, sizeDecimals, valid) => {
    expect(isValidPrice(price, sizeDecimals)).toBe(valid);
  });

  it.each([
    [113377.49, 5, "113377"],
    [12345.67, 0, "12346"],
    [1234.567, 0, "1234.6"],
    [0.00123456, 0, "0.001235"],
    [0.00123456, 2, "0.0012"],
    [99999.5, 0, "100000"],
    [1.23456, 5, "1.2"],
  ])("roundPrice(%s, %i) → %s", (price, sizeDecimals, text) => {
    expect(roundPrice(price, sizeDecimals)).toBe(text);
  });

  it("rounds in the asked direction", () => {
    expect(roundPrice(1234.51, 0, { mode: "down" })).toBe("1234.5");
    expect(roundPrice(1234.51, 0, { mode: "up" })).toBe("1234.6");
    expect(roundPrice(0.0000001, 2)).toBe("0.0001");
  });

  it("spot prices get 8 − szDecimals decimals", () => {
    expect(maxPriceDecimals(2, "spot")).toBe(6);
    expect(roundPrice(0.000012345, 2, { kind: "spot" })).toBe("0.000012");
    expect(isValidPrice("0.0000123", 0, "spot")).toBe(true);
  });

  it("refuses non-positive prices", () => {
    expect(() => roundPrice(0, 2)).toThrow(/positive/);
    expect(() => roundPrice(Number.NaN, 2)).toThrow(/finite/);
  });

  it("property: a rounded price is valid, close and idempotent", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-5, max: 5e6, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom("nearest", "up", "down") as fc.Arbitrary<"nearest" | "up" | "down">,
        (price, sizeDecimals, mode) => {
          const text = roundPrice(price, sizeDecimals, { mode });
          expect(isValidPrice(text, sizeDecimals)).toBe(true);
          const rounded = Number(text);
          const tick =
            10 **
            -Math.min(
              maxPriceDecimals(sizeDecimals),
              Math.max(0, 5 - Math.max(1, Math.floor(Math.log10(price)) + 1)),
            );
          if (rounded !== 10 ** -maxPriceDecimals(sizeDecimals)) {
            expect(Math.abs(rounded - price)).toBeLessThanOrEqual(tick * 1.000001 + 1e-12);
          }
          if (mode === "up") expect(rounded).toBeGreaterThanOrEqual(price * (1 - 1e-12));
          if (mode === "down" && rounded >= 10 ** -maxPriceDecimals(sizeDecimals) * 2) {
            expect(rounded).toBeLessThanOrEqual(price * (1 + 1e-12));
          }
          expect(roundPrice(rounded, sizeDecimals, { mode })).toBe(text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("size rules", () => {
  it.each([
    ["1.001", 3, true],
    ["1.0001", 3, false],
    ["5", 0, true],
    ["0", 3, false],
    ["0.000", 3, false],
    ["-1", 3, false],
  ])("%s (szDecimals %i) valid = %s", (size, sizeDecimals, valid) => {
    expect(isValidSize(size, sizeDecimals)).toBe(valid);
  });

  it("rounds towards zero by default", () => {
    expect(roundSize(0.123456, 5)).toBe("0.12345");
    expect(roundSize(0.123456, 5, "nearest")).toBe("0.12346");
    expect(roundSize(2.9, 0)).toBe("2");
    expect(() => roundSize(-1, 2)).toThrow(/negative/);
  });

  it("property: a rounded size is valid or zero and never larger", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 8 }),
        (size, decimals) => {
          const text = roundSize(size, decimals);
          expect(Number(text)).toBeLessThanOrEqual(size);
          expect(size - Number(text)).toBeLessThan(10 ** -decimals + 1e-9);
          expect(text === "0" || isValidSize(text, decimals)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("minimum notional", () => {
  it("needs $10", () => {
    expect(meetsMinimumNotional(100, 0.1)).toBe(true);
    expect(meetsMinimumNotional(100, 0.0999)).toBe(false);
  });
});

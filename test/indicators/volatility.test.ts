import { ATR, BollingerBands as ReferenceBollingerBands } from "technicalindicators";
import { describe, expect, it } from "vitest";
import {
  AverageTrueRange,
  averageTrueRange,
  BollingerBands,
  bollingerBands,
  DonchianChannel,
  donchianChannel,
} from "../../src/indicators/index.ts";
import {
  alignTail,
  collect,
  compareSeries,
  DATA_NAMES,
  firstDifference,
  loadMarketData,
} from "./market-data.ts";

/** Highest high and lowest low of each window, by brute force. */
function referenceDonchian(
  data: { high: Float64Array; low: Float64Array },
  period: number,
): { upper: Float64Array; lower: Float64Array } {
  const length = data.high.length;
  const upper = new Float64Array(length).fill(Number.NaN);
  const lower = new Float64Array(length).fill(Number.NaN);
  for (let index = period - 1; index < length; index++) {
    let highest = Number.NEGATIVE_INFINITY;
    let lowest = Number.POSITIVE_INFINITY;
    for (let back = index - period + 1; back <= index; back++) {
      highest = Math.max(highest, data.high[back] as number);
      lowest = Math.min(lowest, data.low[back] as number);
    }
    upper[index] = highest;
    lower[index] = lowest;
  }
  return { upper, lower };
}

describe.each(DATA_NAMES)("volatility indicators on %s", (dataName) => {
  const data = loadMarketData(dataName);
  const highs = Array.from(data.high);
  const lows = Array.from(data.low);
  const closes = Array.from(data.close);

  it.each([1, 14, 50])("ATR period %i matches technicalindicators to 1e-9 relative, both forms", (period) => {
    const expected = alignTail(ATR.calculate({ high: highs, low: lows, close: closes, period }), data.length);
    const batch = averageTrueRange(data, period);
    const indicator = new AverageTrueRange(period);
    const incremental = collect(data.length, (index) =>
      indicator.update(data.high[index] as number, data.low[index] as number, data.close[index] as number),
    );
    const { mismatches, compared } = compareSeries(batch, expected, period);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(data.length - period);
    expect(firstDifference(incremental, batch)).toBe(-1);
  });

  it.each([
    [20, 2],
    [5, 1.5],
    [100, 3],
  ])(
    "Bollinger (%i, %f) matches technicalindicators (population σ) to 1e-9 relative",
    (period, multiplier) => {
      const reference = ReferenceBollingerBands.calculate({ period, stdDev: multiplier, values: closes });
      const batch = bollingerBands(data.close, { period, multiplier });
      const indicator = new BollingerBands({ period, multiplier });
      const upper = collect(data.length, (index) => {
        indicator.update(data.close[index] as number);
        return indicator.upper;
      });
      for (const band of ["middle", "upper", "lower"] as const) {
        const expected = alignTail(
          reference.map((row) => row[band]),
          data.length,
        );
        const { mismatches } = compareSeries(batch[band], expected, period - 1);
        expect(mismatches, band).toEqual([]);
      }
      expect(firstDifference(upper, batch.upper)).toBe(-1);
      expect(indicator.lower).toBe(batch.lower[data.length - 1]);
    },
  );

  it("Bollinger σ matches a two-pass population deviation to 1e-9 of the price level", () => {
    const period = 20;
    const indicator = new BollingerBands({ period });
    let worst = 0;
    for (let index = 0; index < data.length; index++) {
      const middle = indicator.update(data.close[index] as number);
      if (index < period - 1) continue;
      let squares = 0;
      for (let back = index - period + 1; back <= index; back++) {
        squares += ((data.close[back] as number) - middle) ** 2;
      }
      const error = Math.abs(indicator.standardDeviation - Math.sqrt(squares / period)) / middle;
      worst = Math.max(worst, error);
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it.each([1, 20, 55])("Donchian period %i matches the brute-force window extremes exactly", (period) => {
    const expected = referenceDonchian(data, period);
    const batch = donchianChannel(data, period);
    const indicator = new DonchianChannel(period);
    const middle = collect(data.length, (index) =>
      indicator.update(data.high[index] as number, data.low[index] as number),
    );
    expect(compareSeries(batch.upper, expected.upper, period - 1, { relative: 0 }).mismatches).toEqual([]);
    expect(compareSeries(batch.lower, expected.lower, period - 1, { relative: 0 }).mismatches).toEqual([]);
    const expectedMiddle = expected.upper.map(
      (upper, index) => (upper + (expected.lower[index] as number)) / 2,
    );
    expect(compareSeries(batch.middle, expectedMiddle, period - 1, { relative: 0 }).mismatches).toEqual([]);
    expect(firstDifference(middle, batch.middle)).toBe(-1);
  });
});

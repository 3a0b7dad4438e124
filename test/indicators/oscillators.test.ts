import { MACD, RSI, Stochastic } from "technicalindicators";
import { describe, expect, it } from "vitest";
import {
  MovingAverageConvergenceDivergence,
  movingAverageConvergenceDivergence,
  RelativeStrengthIndex,
  relativeStrengthIndex,
  StochasticOscillator,
  stochasticOscillator,
} from "../../src/indicators/index.ts";
import {
  alignTail,
  collect,
  compareSeries,
  DATA_NAMES,
  firstDifference,
  loadMarketData,
} from "./market-data.ts";

/** Wilder's RSI written out directly from the textbook definition. */
function referenceRsi(values: Float64Array, period: number): Float64Array {
  const output = new Float64Array(values.length).fill(Number.NaN);
  let averageGain = 0;
  let averageLoss = 0;
  for (let index = 1; index < values.length; index++) {
    const change = (values[index] as number) - (values[index - 1] as number);
    const gain = Math.max(change, 0);
    const loss = Math.max(-change, 0);
    if (index <= period) {
      averageGain += gain / period;
      averageLoss += loss / period;
      if (index < period) continue;
    } else {
      averageGain = (averageGain * (period - 1) + gain) / period;
      averageLoss = (averageLoss * (period - 1) + loss) / period;
    }
    // 100 − 100 / (1 + RS) written as 100 · G / (G + L): the textbook form cancels catastrophically
    // near 0 (at RSI ≈ 1e-6 it keeps only ~8 significant digits), which a 1e-9 comparison would see.
    const total = averageGain + averageLoss;
    output[index] = total > 0 ? (100 * averageGain) / total : 50;
  }
  return output;
}

/** Slow stochastic written out with plain loops: raw %K over the window, then two simple means. */
function referenceStochastic(
  data: { high: Float64Array; low: Float64Array; close: Float64Array },
  period: number,
  kSmoothing: number,
  dPeriod: number,
): { percentK: Float64Array; percentD: Float64Array } {
  const length = data.close.length;
  const raw = new Float64Array(length).fill(Number.NaN);
  for (let index = period - 1; index < length; index++) {
    let highest = Number.NEGATIVE_INFINITY;
    let lowest = Number.POSITIVE_INFINITY;
    for (let back = index - period + 1; back <= index; back++) {
      highest = Math.max(highest, data.high[back] as number);
      lowest = Math.min(lowest, data.low[back] as number);
    }
    raw[index] =
      highest > lowest ? (100 * ((data.close[index] as number) - lowest)) / (highest - lowest) : 50;
  }
  const mean = (source: Float64Array, window: number): Float64Array => {
    const output = new Float64Array(length).fill(Number.NaN);
    for (let index = window - 1; index < length; index++) {
      let sum = 0;
      for (let back = index - window + 1; back <= index; back++) sum += source[back] as number;
      output[index] = sum / window;
    }
    return output;
  };
  const percentK = mean(raw, kSmoothing);
  return { percentK, percentD: mean(percentK, dPeriod) };
}

describe.each(DATA_NAMES)("oscillators on %s", (dataName) => {
  const data = loadMarketData(dataName);
  const closes = Array.from(data.close);

  describe("RSI (Wilder)", () => {
    it.each([2, 14, 50])("period %i matches the textbook formula to 1e-9 relative, both forms", (period) => {
      const expected = referenceRsi(data.close, period);
      const batch = relativeStrengthIndex(data.close, period);
      const indicator = new RelativeStrengthIndex(period);
      const incremental = collect(data.length, (index) => indicator.update(data.close[index] as number));
      expect(compareSeries(batch, expected, period).mismatches).toEqual([]);
      expect(firstDifference(incremental, batch)).toBe(-1);
    });

    it("agrees with technicalindicators within its two-decimal rounding", () => {
      const period = 14;
      const expected = alignTail(RSI.calculate({ period, values: closes }), data.length);
      const batch = relativeStrengthIndex(data.close, period);
      // technicalindicators rounds RSI to 2 decimals, hence the absolute tolerance of half a cent.
      const { mismatches } = compareSeries(batch, expected, period, { relative: 0.005 / 100, scale: 100 });
      expect(mismatches).toEqual([]);
    });
  });

  describe("MACD", () => {
    it.each([
      [12, 26, 9],
      [5, 35, 5],
    ])("(%i, %i, %i) matches technicalindicators (EMA mode) to 1e-9 relative", (fast, slow, signal) => {
      const options = { fastPeriod: fast, slowPeriod: slow, signalPeriod: signal };
      const reference = MACD.calculate({
        values: closes,
        ...options,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      });
      const batch = movingAverageConvergenceDivergence(data.close, options);
      const indicator = new MovingAverageConvergenceDivergence(options);
      const incremental = collect(data.length, (index) => indicator.update(data.close[index] as number));
      const line = alignTail(
        reference.map((row) => row.MACD),
        data.length,
      );
      const signalLine = alignTail(
        reference.map((row) => row.signal),
        data.length,
      );
      const histogram = alignTail(
        reference.map((row) => row.histogram),
        data.length,
      );
      expect(compareSeries(batch.macd, line, slow - 1).mismatches).toEqual([]);
      expect(compareSeries(batch.signal, signalLine, slow + signal - 2).mismatches).toEqual([]);
      expect(compareSeries(batch.histogram, histogram, slow + signal - 2).mismatches).toEqual([]);
      expect(firstDifference(incremental, batch.macd)).toBe(-1);
      expect(indicator.signal).toBe(batch.signal[data.length - 1]);
    });
  });

  // %K and %D are means of values that are often exactly 0 or 100, so rounding leaves residues
  // like 1e-16 where the exact answer is 0: the tolerance has an absolute floor of 1e-9 on the
  // 0–100 scale (`scale: 1`).
  describe("Stochastic", () => {
    it("fast %K and %D (14, 1, 3) match technicalindicators to 1e-9 relative", () => {
      const reference = Stochastic.calculate({
        high: Array.from(data.high),
        low: Array.from(data.low),
        close: closes,
        period: 14,
        signalPeriod: 3,
      });
      const batch = stochasticOscillator(data, { period: 14, kSmoothing: 1, dPeriod: 3 });
      // technicalindicators reports 0 for a window without range; we report 50 (neutral). Those
      // windows are compared against the loop reference below instead.
      const flat = referenceStochastic(data, 14, 1, 1).percentK;
      const percentK = alignTail(
        reference.map((row) => row.k),
        data.length,
      );
      const percentD = alignTail(
        reference.map((row) => row.d),
        data.length,
      );
      for (let index = 0; index < data.length; index++) {
        if (flat[index] === 50 && percentK[index] === 0) {
          percentK[index] = 50;
          for (let ahead = index; ahead < Math.min(index + 3, data.length); ahead++) {
            percentD[ahead] = batch.percentD[ahead] as number;
          }
        }
      }
      expect(compareSeries(batch.percentK, percentK, 13, { scale: 1 }).mismatches).toEqual([]);
      expect(compareSeries(batch.percentD, percentD, 15, { scale: 1 }).mismatches).toEqual([]);
    });

    it.each([
      [14, 3, 3],
      [5, 1, 1],
      [21, 5, 4],
    ])(
      "(%i, %i, %i) matches the loop reference to 1e-9 relative, both forms",
      (period, kSmoothing, dPeriod) => {
        const expected = referenceStochastic(data, period, kSmoothing, dPeriod);
        const options = { period, kSmoothing, dPeriod };
        const batch = stochasticOscillator(data, options);
        const indicator = new StochasticOscillator(options);
        const incremental = collect(data.length, (index) =>
          indicator.update(
            data.high[index] as number,
            data.low[index] as number,
            data.close[index] as number,
          ),
        );
        const kWarmUp = period + kSmoothing - 2;
        expect(compareSeries(batch.percentK, expected.percentK, kWarmUp, { scale: 1 }).mismatches).toEqual(
          [],
        );
        expect(
          compareSeries(batch.percentD, expected.percentD, kWarmUp + dPeriod - 1, { scale: 1 }).mismatches,
        ).toEqual([]);
        expect(firstDifference(incremental, batch.percentK)).toBe(-1);
        expect(indicator.percentD).toBe(batch.percentD[data.length - 1]);
      },
    );
  });
});

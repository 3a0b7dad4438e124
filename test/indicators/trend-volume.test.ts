import { ADX, VWAP } from "technicalindicators";
import { describe, expect, it } from "vitest";
import {
  AverageDirectionalIndex,
  averageDirectionalIndex,
  VolumeWeightedAveragePrice,
  volumeWeightedAveragePrice,
} from "../../src/indicators/index.ts";
import {
  alignTail,
  collect,
  compareSeries,
  DATA_NAMES,
  firstDifference,
  loadMarketData,
} from "./market-data.ts";

const DAY_MS = 86_400_000;

/** VWAP restarted at each UTC day, written out with a nested loop over each day's bars. */
function referenceDailyVwap(data: ReturnType<typeof loadMarketData>): Float64Array {
  const output = new Float64Array(data.length).fill(Number.NaN);
  let dayStart = 0;
  for (let index = 0; index < data.length; index++) {
    const day = Math.floor((data.timestamp[index] as number) / DAY_MS);
    if (day !== Math.floor((data.timestamp[dayStart] as number) / DAY_MS)) dayStart = index;
    let priceVolume = 0;
    let volume = 0;
    for (let bar = dayStart; bar <= index; bar++) {
      const typical =
        ((data.high[bar] as number) + (data.low[bar] as number) + (data.close[bar] as number)) / 3;
      priceVolume += typical * (data.volume[bar] as number);
      volume += data.volume[bar] as number;
    }
    output[index] = volume > 0 ? priceVolume / volume : Number.NaN;
  }
  return output;
}

describe.each(DATA_NAMES)("trend and volume indicators on %s", (dataName) => {
  const data = loadMarketData(dataName);
  const highs = Array.from(data.high);
  const lows = Array.from(data.low);
  const closes = Array.from(data.close);

  it.each([5, 14, 30])("ADX period %i with ±DI matches technicalindicators to 1e-9 relative", (period) => {
    const reference = ADX.calculate({ high: highs, low: lows, close: closes, period });
    const batch = averageDirectionalIndex(data, period);
    const indicator = new AverageDirectionalIndex(period);
    const incremental = collect(data.length, (index) =>
      indicator.update(data.high[index] as number, data.low[index] as number, data.close[index] as number),
    );
    const adx = alignTail(
      reference.map((row) => row.adx),
      data.length,
    );
    const plus = alignTail(
      reference.map((row) => row.pdi),
      data.length,
    );
    const minus = alignTail(
      reference.map((row) => row.mdi),
      data.length,
    );
    const adxResult = compareSeries(batch.averageDirectionalIndex, adx, 2 * period - 1);
    expect(adxResult.mismatches).toEqual([]);
    expect(adxResult.compared).toBe(data.length - 2 * period + 1);
    // technicalindicators reports ±DI only from the first ADX on; before that we only check the warm-up.
    const from = 2 * period - 1;
    const tail = (series: Float64Array): Float64Array => series.slice(from);
    expect(compareSeries(tail(batch.plusDirectionalIndicator), tail(plus), 0).mismatches).toEqual([]);
    expect(compareSeries(tail(batch.minusDirectionalIndicator), tail(minus), 0).mismatches).toEqual([]);
    for (const series of [batch.plusDirectionalIndicator, batch.minusDirectionalIndicator]) {
      expect(series.slice(0, period).every(Number.isNaN)).toBe(true);
      expect(Number.isNaN(series[period])).toBe(false);
    }
    expect(firstDifference(incremental, batch.averageDirectionalIndex)).toBe(-1);
    expect(indicator.minusDirectionalIndicator).toBe(batch.minusDirectionalIndicator[data.length - 1]);
  });

  it("cumulative VWAP matches technicalindicators to 1e-9 relative, both forms", () => {
    const expected = alignTail(
      VWAP.calculate({ high: highs, low: lows, close: closes, volume: Array.from(data.volume) }),
      data.length,
    );
    const batch = volumeWeightedAveragePrice(data);
    const indicator = new VolumeWeightedAveragePrice();
    const incremental = collect(data.length, (index) =>
      indicator.update(
        data.high[index] as number,
        data.low[index] as number,
        data.close[index] as number,
        data.volume[index] as number,
      ),
    );
    expect(compareSeries(batch, expected, 0).mismatches).toEqual([]);
    expect(firstDifference(incremental, batch)).toBe(-1);
  });

  it("VWAP anchored by UTC day restarts at midnight and matches the per-day reference", () => {
    const expected = referenceDailyVwap(data);
    const batch = volumeWeightedAveragePrice(data, { anchor: "utc-day" });
    const indicator = new VolumeWeightedAveragePrice({ anchor: "utc-day" });
    const incremental = collect(data.length, (index) =>
      indicator.update(
        data.high[index] as number,
        data.low[index] as number,
        data.close[index] as number,
        data.volume[index] as number,
        data.timestamp[index] as number,
      ),
    );
    expect(compareSeries(batch, expected, 0).mismatches).toEqual([]);
    expect(firstDifference(incremental, batch)).toBe(-1);
    const midnight = data.timestamp.findIndex((timestamp, index) => index > 0 && timestamp % DAY_MS === 0);
    const typical =
      ((data.high[midnight] as number) + (data.low[midnight] as number) + (data.close[midnight] as number)) /
      3;
    expect(batch[midnight]).toBeCloseTo(typical, 9);
  });
});

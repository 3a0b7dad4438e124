import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  CANDLE_INTERVALS,
  type CandleSeries,
  candleSeriesFromColumns,
  copyCandleSeries,
  createCandleSeries,
  inferIntervalMs,
  intervalToMs,
  isCandleInterval,
  msToInterval,
  sliceCandleSeries,
} from "../../src/data/index.ts";

function seriesWithTimestamps(timestamps: number[]): CandleSeries {
  const series = createCandleSeries(timestamps.length);
  series.timestamp.set(timestamps);
  return series;
}

describe("candle series", () => {
  it("createCandleSeries allocates six zeroed columns of the given length", () => {
    const series = createCandleSeries(3);
    expect(series.length).toBe(3);
    for (const column of [
      series.timestamp,
      series.open,
      series.high,
      series.low,
      series.close,
      series.volume,
    ]) {
      expect(column).toBeInstanceOf(Float64Array);
      expect(Array.from(column)).toEqual([0, 0, 0]);
    }
    series.close[2] = 5;
    expect(series.open[2]).toBe(0);
    expect(createCandleSeries(0).length).toBe(0);
    expect(() => createCandleSeries(-1)).toThrow(ValidationError);
    expect(() => createCandleSeries(1.5)).toThrow(/non-negative integer/);
  });

  it("sliceCandleSeries returns shared views; copyCandleSeries detaches", () => {
    const series = seriesWithTimestamps([1, 2, 3, 4, 5]);
    const slice = sliceCandleSeries(series, 1, 4);
    expect(slice.length).toBe(3);
    expect(Array.from(slice.timestamp)).toEqual([2, 3, 4]);
    slice.close[0] = 42;
    expect(series.close[1]).toBe(42);
    const copy = copyCandleSeries(slice);
    copy.close[0] = 7;
    expect(series.close[1]).toBe(42);
    expect(Array.from(copy.timestamp)).toEqual([2, 3, 4]);
    expect(sliceCandleSeries(series, 5, 5).length).toBe(0);
    for (const [from, to] of [
      [-1, 2],
      [3, 2],
      [0, 6],
      [0.5, 2],
    ] as const) {
      expect(() => sliceCandleSeries(series, from, to)).toThrow(ValidationError);
    }
  });

  it("candleSeriesFromColumns rejects columns of different lengths", () => {
    const column = (length: number) => new Float64Array(length);
    expect(
      candleSeriesFromColumns({
        timestamp: column(2),
        open: column(2),
        high: column(2),
        low: column(2),
        close: column(2),
        volume: column(2),
      }).length,
    ).toBe(2);
    expect(() =>
      candleSeriesFromColumns({
        timestamp: column(2),
        open: column(2),
        high: column(2),
        low: column(1),
        close: column(2),
        volume: column(2),
      }),
    ).toThrow(/low has 1 values, timestamp has 2/);
  });

  it("inferIntervalMs: most common positive step, null below 2 bars", () => {
    expect(inferIntervalMs(seriesWithTimestamps([]))).toBeNull();
    expect(inferIntervalMs(seriesWithTimestamps([1000]))).toBeNull();
    expect(inferIntervalMs(seriesWithTimestamps([0, 60_000]))).toBe(60_000);
    // Gaps (trading days) do not change the answer.
    const day = 86_400_000;
    expect(inferIntervalMs(seriesWithTimestamps([0, day, 2 * day, 5 * day, 6 * day, 7 * day, 8 * day]))).toBe(
      day,
    );
    // Ties go to the smaller step.
    expect(inferIntervalMs(seriesWithTimestamps([0, 10, 30, 40, 60]))).toBe(10);
    expect(inferIntervalMs(seriesWithTimestamps([5, 5, 5]))).toBeNull();
  });

  it("intervalToMs / msToInterval round-trip every interval", () => {
    const expected: Record<string, number> = {
      "1m": 60_000,
      "3m": 180_000,
      "5m": 300_000,
      "15m": 900_000,
      "30m": 1_800_000,
      "1h": 3_600_000,
      "2h": 7_200_000,
      "4h": 14_400_000,
      "8h": 28_800_000,
      "12h": 43_200_000,
      "1d": 86_400_000,
      "1w": 604_800_000,
    };
    expect([...CANDLE_INTERVALS]).toEqual(Object.keys(expected));
    for (const [name, ms] of Object.entries(expected)) {
      expect(intervalToMs(name)).toBe(ms);
      expect(msToInterval(ms)).toBe(name);
      expect(isCandleInterval(name)).toBe(true);
    }
  });

  it("unknown intervals are ValidationErrors naming the value and the choices", () => {
    for (const bad of ["1M", "2m", "60m", "", "toString", "1H"]) {
      expect(isCandleInterval(bad)).toBe(false);
      expect(() => intervalToMs(bad)).toThrow(ValidationError);
    }
    expect(() => intervalToMs("2m")).toThrow('unknown candle interval "2m"; expected one of 1m, 3m, 5m');
    expect(() => msToInterval(120_000)).toThrow(ValidationError);
    expect(() => msToInterval(120_000)).toThrow("no candle interval is 120000 ms");
  });
});

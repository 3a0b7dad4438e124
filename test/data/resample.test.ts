import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  bucketStartMs,
  type CandleSeries,
  createCandleSeries,
  createResampler,
  parseCandleCsv,
  resampleCandles,
} from "../../src/data/index.ts";
import { expectSameColumn, expectSameSeries } from "./series-assertions.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

const shared = (name: string): CandleSeries =>
  parseCandleCsv(readFileSync(fileURLToPath(new URL(`../../../shared/data/${name}`, import.meta.url))));

interface Bar {
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function toSeries(bars: Bar[]): CandleSeries {
  const series = createCandleSeries(bars.length);
  bars.forEach((bar, index) => {
    series.timestamp[index] = bar.timestamp;
    series.open[index] = bar.open;
    series.high[index] = bar.high;
    series.low[index] = bar.low;
    series.close[index] = bar.close;
    series.volume[index] = bar.volume;
  });
  return series;
}

/** Valid random bars on a base grid, with random gaps, plus a whole-multiple target interval. */
const scenario = fc
  .record({
    base: fc.constantFrom(MINUTE, 5 * MINUTE, HOUR, DAY),
    multiple: fc.constantFrom(1, 2, 3, 4, 5, 7, 12, 15, 24, 60),
    startSlot: fc.integer({ min: 0, max: 5_000 }),
    bars: fc.array(
      fc.record({
        skip: fc.constantFrom(0, 0, 0, 0, 1, 3),
        open: fc.double({ min: 1, max: 1000, noNaN: true }),
        close: fc.double({ min: 1, max: 1000, noNaN: true }),
        up: fc.double({ min: 0, max: 10, noNaN: true }),
        down: fc.double({ min: 0, max: 0.9, noNaN: true }),
        volume: fc.double({ min: 0, max: 1e6, noNaN: true }),
      }),
      { maxLength: 250 },
    ),
  })
  .map(({ base, multiple, startSlot, bars }) => {
    let slot = startSlot + 19_000 * (DAY / base); // start in 2022-ish
    const list: Bar[] = bars.map((bar) => {
      slot += 1 + bar.skip;
      const high = Math.max(bar.open, bar.close) + bar.up;
      const low = Math.min(bar.open, bar.close) * (1 - bar.down);
      return { timestamp: slot * base, open: bar.open, high, low, close: bar.close, volume: bar.volume };
    });
    return { base, target: base * multiple, bars: list };
  });

describe("resampleCandles", () => {
  it("aggregates OHLCV per UTC bucket and flags the partial last bucket", () => {
    const bars = [0, 1, 2, 3, 4, 5].map((hour) => ({
      timestamp: Date.UTC(2024, 0, 1, hour),
      open: 10 + hour,
      high: 20 + hour,
      low: 5 - hour / 2,
      close: 11 + hour,
      volume: hour + 1,
    }));
    const { series, complete } = resampleCandles(toSeries(bars), 4 * HOUR);
    expect(series.length).toBe(2);
    expect(Array.from(series.timestamp)).toEqual([Date.UTC(2024, 0, 1, 0), Date.UTC(2024, 0, 1, 4)]);
    expect(Array.from(series.open)).toEqual([10, 14]);
    expect(Array.from(series.high)).toEqual([23, 25]);
    expect(Array.from(series.low)).toEqual([3.5, 2.5]);
    expect(Array.from(series.close)).toEqual([14, 16]);
    expect(Array.from(series.volume)).toEqual([10, 11]);
    expect(Array.from(complete)).toEqual([1, 0]);
  });

  it("marks buckets with gaps incomplete and starts bars at the bucket, not at the first bar", () => {
    const bars = [1, 2, 3, 4, 5, 6, 7].map((hour) => ({
      timestamp: Date.UTC(2024, 0, 1, hour),
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 1,
    }));
    const { series, complete } = resampleCandles(toSeries(bars), 4 * HOUR);
    expect(Array.from(series.timestamp)).toEqual([Date.UTC(2024, 0, 1, 0), Date.UTC(2024, 0, 1, 4)]);
    expect(Array.from(complete)).toEqual([0, 1]);
  });

  it("aligns weekly bars to Monday 00:00 UTC", () => {
    expect(new Date(bucketStartMs(Date.UTC(2024, 0, 3, 12), WEEK)).toISOString()).toBe(
      "2024-01-01T00:00:00.000Z",
    );
    expect(bucketStartMs(Date.UTC(2024, 0, 1), WEEK)).toBe(Date.UTC(2024, 0, 1));
    expect(bucketStartMs(Date.UTC(2023, 11, 31, 23, 59), WEEK)).toBe(Date.UTC(2023, 11, 25));
    const daily = shared("ORCL-yahoo-1d-1995-2014.csv");
    const weekly = resampleCandles(daily, WEEK);
    for (const timestamp of weekly.series.timestamp) expect(new Date(timestamp).getUTCDay()).toBe(1);
    // Trading days only: no week has 7 daily bars.
    expect(weekly.complete.every((flag) => flag === 0)).toBe(true);
  });

  it("BTC 1h → 4h and FIL 1m → 1h on the shared data", () => {
    const btc = shared("BTCUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv");
    const fourHours = resampleCandles(btc, 4 * HOUR);
    // 08:00 start is aligned; the last bar (12:00) is alone in its 12:00–16:00 bucket.
    expect(fourHours.series.length).toBe(Math.ceil(31_973 / 4));
    expect(fourHours.complete[0]).toBe(1);
    expect(fourHours.complete[fourHours.series.length - 1]).toBe(0);
    expect(fourHours.complete.subarray(0, -1).every((flag) => flag === 1)).toBe(true);

    const fil = shared("FILUSDT-PERP-binance-1m-2023-08_2023-11.csv");
    const hourly = resampleCandles(fil, HOUR);
    expect(hourly.series.length).toBe(175_680 / 60);
    expect(hourly.complete.every((flag) => flag === 1)).toBe(true);
    expect(hourly.series.open[0]).toBe(fil.open[0]);
    expect(hourly.series.close[0]).toBe(fil.close[59]);
    const daily = resampleCandles(fil, DAY);
    expect(daily.series.length).toBe(122);
  });

  it("rejects a target that is smaller than or not a multiple of the base interval", () => {
    const hourly = toSeries(
      [0, 1, 2].map((hour) => ({ timestamp: hour * HOUR, open: 1, high: 1, low: 1, close: 1, volume: 1 })),
    );
    expect(() => resampleCandles(hourly, 30 * MINUTE)).toThrow(ValidationError);
    expect(() => resampleCandles(hourly, 30 * MINUTE)).toThrow(/smaller interval/);
    expect(() => resampleCandles(hourly, 90 * MINUTE)).toThrow(/not a whole multiple/);
    expect(() => resampleCandles(hourly, 0)).toThrow(/positive integer/);
    expect(() => resampleCandles(hourly, 2 * HOUR, { baseIntervalMs: 7 * MINUTE })).toThrow(
      /not a whole multiple/,
    );
    expect(() => resampleCandles(toSeries([]), Number.NaN)).toThrow(ValidationError);
    expect(resampleCandles(toSeries([]), HOUR).series.length).toBe(0);
    const single = toSeries([{ timestamp: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    expect(() => resampleCandles(single, HOUR)).toThrow(/pass baseIntervalMs/);
    expect(resampleCandles(single, HOUR, { baseIntervalMs: HOUR }).complete[0]).toBe(1);
    expect(() => createResampler(HOUR, 90 * MINUTE)).toThrow(ValidationError);
  });

  it("property: OHLC invariants, volume preserved, one bar per occupied bucket, completeness", () => {
    fc.assert(
      fc.property(scenario, ({ base, target, bars }) => {
        const { series, complete } = resampleCandles(toSeries(bars), target, { baseIntervalMs: base });
        const buckets = new Map<number, Bar[]>();
        for (const bar of bars) {
          const start = bucketStartMs(bar.timestamp, target);
          buckets.set(start, [...(buckets.get(start) ?? []), bar]);
        }
        expect(series.length).toBe(buckets.size);
        let totalIn = 0;
        for (const bar of bars) totalIn += bar.volume;
        let totalOut = 0;
        [...buckets.entries()].forEach(([start, members], index) => {
          const open = series.open[index] as number;
          const high = series.high[index] as number;
          const low = series.low[index] as number;
          const close = series.close[index] as number;
          expect(series.timestamp[index]).toBe(start);
          expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
          expect(low).toBeLessThanOrEqual(Math.min(open, close));
          expect(open).toBe(members[0]?.open);
          expect(close).toBe(members.at(-1)?.close);
          expect(high).toBe(Math.max(...members.map((bar) => bar.high)));
          expect(low).toBe(Math.min(...members.map((bar) => bar.low)));
          expect(complete[index]).toBe(members.length === target / base ? 1 : 0);
          totalOut += series.volume[index] as number;
        });
        expect(Math.abs(totalOut - totalIn)).toBeLessThanOrEqual(1e-9 * Math.max(1, totalIn));
      }),
      { numRuns: 300 },
    );
  });
});

describe("createResampler (streaming, no look-ahead)", () => {
  it("closes a 4h bar exactly when its fourth hourly bar is pushed", () => {
    const resampler = createResampler(HOUR, 4 * HOUR);
    const closes: boolean[] = [];
    for (let hour = 0; hour < 9; hour++) closes.push(resampler.push(hour * HOUR, 10, 12, 8, 10 + hour, 1));
    expect(closes).toEqual([false, false, false, true, false, false, false, true, false]);
    expect(resampler.closedCount).toBe(2);
    expect(resampler.lastTimestamp).toBe(4 * HOUR);
    expect(resampler.lastClose).toBe(17);
    expect(resampler.lastVolume).toBe(4);
    expect(resampler.lastComplete).toBe(true);
    expect(resampler.formingBarCount).toBe(1);
    expect(resampler.formingTimestamp).toBe(8 * HOUR);
    expect(resampler.formingClose).toBe(18);
    expect(resampler.flush()).toBe(true);
    expect(resampler.lastComplete).toBe(false);
    expect(resampler.closedCount).toBe(3);
    expect(resampler.flush()).toBe(false);
  });

  it("a gap closes the previous bucket incomplete; two bars can close in one push", () => {
    const resampler = createResampler(MINUTE, 5 * MINUTE);
    for (const minute of [0, 1, 2]) resampler.push(minute * MINUTE, 1, 1, 1, 1, 1);
    expect(resampler.closedCount).toBe(0);
    // Minute 9 is the last slot of bucket 5–10 and arrives after the incomplete bucket 0–5.
    expect(resampler.push(9 * MINUTE, 2, 2, 2, 2, 2)).toBe(true);
    expect(resampler.closedByLastPush).toBe(2);
    const { series, complete } = resampler.closedSeries();
    expect(Array.from(series.timestamp)).toEqual([0, 5 * MINUTE]);
    expect(Array.from(complete)).toEqual([0, 0]);
    expect(resampler.closedValue(1, "close")).toBe(2);
    expect(() => resampler.closedValue(2, "close")).toThrow(ValidationError);
    expect(() => resampler.push(9 * MINUTE, 1, 1, 1, 1, 1)).toThrow(/ascending time order/);
    resampler.reset();
    expect(resampler.closedCount).toBe(0);
    expect(Number.isNaN(resampler.lastClose)).toBe(true);
  });

  it("property: agrees with resampleCandles and never shows a bucket before its last base bar", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 8 }), ({ base, target, bars }, capacity) => {
        const batch = resampleCandles(toSeries(bars), target, { baseIntervalMs: base });
        // Index of the last base bar of every batch bucket.
        const lastIndex: number[] = [];
        bars.forEach((bar, index) => {
          const bucket = bucketStartMs(bar.timestamp, target);
          if (
            lastIndex.length === 0 ||
            bucketStartMs(bars[lastIndex.at(-1) as number]?.timestamp ?? 0, target) !== bucket
          ) {
            lastIndex.push(index);
          } else {
            lastIndex[lastIndex.length - 1] = index;
          }
        });
        const resampler = createResampler(base, target, capacity);
        bars.forEach((bar, index) => {
          const before = resampler.closedCount;
          const closed = resampler.push(bar.timestamp, bar.open, bar.high, bar.low, bar.close, bar.volume);
          expect(closed).toBe(resampler.closedCount > before);
          // Closed buckets all have their last base bar at or before this one …
          for (let bucket = 0; bucket < resampler.closedCount; bucket++) {
            expect(lastIndex[bucket]).toBeLessThanOrEqual(index);
          }
          // … and every bucket is closed as soon as that is knowable.
          const endsBucket = bar.timestamp + base >= bucketStartMs(bar.timestamp, target) + target;
          const knowable = lastIndex.filter((last) => last < index || (last === index && endsBucket)).length;
          expect(resampler.closedCount).toBe(knowable);
          if (resampler.closedCount > 0) {
            const last = resampler.closedCount - 1;
            expect(resampler.lastClose).toBe(batch.series.close[last]);
            expect(resampler.lastComplete).toBe(batch.complete[last] === 1);
          }
        });
        resampler.flush();
        const streamed = resampler.closedSeries();
        expectSameSeries(streamed.series, batch.series);
        expectSameColumn(streamed.complete, batch.complete, "complete");
      }),
      { numRuns: 300 },
    );
  });

  it("streams the FIL 1m file to 15m bars identical to the batch result", () => {
    const fil = shared("FILUSDT-PERP-binance-1m-2023-08_2023-11.csv");
    const resampler = createResampler(MINUTE, 15 * MINUTE, fil.length / 15);
    let closes = 0;
    for (let index = 0; index < fil.length; index++) {
      if (
        resampler.push(
          fil.timestamp[index] as number,
          fil.open[index] as number,
          fil.high[index] as number,
          fil.low[index] as number,
          fil.close[index] as number,
          fil.volume[index] as number,
        )
      ) {
        closes++;
        // The bar that just closed is the bucket of this very minute: no look-ahead.
        expect(resampler.lastTimestamp + 15 * MINUTE).toBe((fil.timestamp[index] as number) + MINUTE);
      }
    }
    expect(closes).toBe(fil.length / 15);
    expectSameSeries(resampler.closedSeries().series, resampleCandles(fil, 15 * MINUTE).series);
  });
});

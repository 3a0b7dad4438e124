import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { type CandleSeries, intervalToMs, parseCandleCsv, sliceCandleSeries } from "../../src/data/index.ts";
import {
  type ConfluenceOptions,
  createSignalDetector,
  DEFAULT_STRUCTURE_PARAMETERS,
  DEFAULT_SWING_PARAMETERS,
  detectSignals,
  type Signal,
} from "../../src/signals/index.ts";
import { seriesFromRows } from "./candle-builder.ts";

const DATA = new URL("../../../shared/data/", import.meta.url);
const GOLDEN = fileURLToPath(new URL("../fixtures/signals/filusdt-1m-confluence.json", import.meta.url));
const fil = parseCandleCsv(readFileSync(new URL("FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", DATA)), {
  source: "FILUSDT 1m",
});

/** Smaller timeframes and looser thresholds: many signals on short windows, for the property tests. */
const DENSE: ConfluenceOptions = {
  higherTimeframes: [
    { interval: "1h", weight: 2 },
    { interval: "15m", weight: 1 },
  ],
  lowerTimeframes: ["5m", "1m"],
  minimumTotalScore: 0.45,
  minimumAlignment: 0.4,
  minimumEntryConfidence: 0.4,
};

/** Short timeframes and weaker swings, so that 3,000 random 1m candles give signals. */
const RANDOM: ConfluenceOptions = {
  ...DENSE,
  higherTimeframes: [
    { interval: "15m", weight: 2 },
    { interval: "5m", weight: 1 },
  ],
  lowerTimeframes: ["3m", "1m"],
  structure: {
    ...DEFAULT_STRUCTURE_PARAMETERS,
    swing: { ...DEFAULT_SWING_PARAMETERS, minimumStrength: 0.3 },
  },
};

function randomSeries(seed: number, length: number): CandleSeries {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  let price = 100;
  const rows: Array<[number, number, number, number, number]> = [];
  for (let index = 0; index < length; index++) {
    const open = price;
    const close = open * (1 + (random() - 0.5) * 0.01 + (index % 400 < 200 ? 0.0004 : -0.0004));
    const high = Math.max(open, close) * (1 + random() * 0.004);
    const low = Math.min(open, close) * (1 - random() * 0.004);
    rows.push([open, high, low, close, 50 + random() * 100]);
    price = close;
  }
  return seriesFromRows(rows, 60_000);
}

describe("confluence signals on FILUSDT 1m (5m / 15m / 1h / 4h)", () => {
  const signals = detectSignals(fil, { symbol: "FILUSDT" });

  it("matches the golden file", () => {
    if (process.env.UPDATE_SIGNALS_GOLDEN === "1") {
      writeFileSync(GOLDEN, `${JSON.stringify(signals, null, 2)}\n`);
    }
    const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as Signal[];
    expect(signals.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(signals))).toEqual(golden);
  });

  it("is deterministic and plain JSON", () => {
    expect(detectSignals(fil, { symbol: "FILUSDT" })).toEqual(signals);
    expect(JSON.parse(JSON.stringify(signals))).toEqual(signals);
  });

  it("gives coherent signals known at the close of their entry candle", () => {
    for (const signal of signals) {
      const long = signal.side === "LONG";
      expect(signal.time).toBe((fil.timestamp[signal.baseIndex] as number) + 60_000);
      // Evaluated when the finest entry timeframe (5m) closes; the entry pattern may sit on 15m.
      expect(signal.time % 300_000).toBe(0);
      expect(signal.entry).toBe(fil.close[signal.baseIndex]);
      expect(signal.id).toBe(`sig_FILUSDT_${signal.time}`);
      expect(long ? signal.stop < signal.entry : signal.stop > signal.entry).toBe(true);
      for (const target of signal.targets)
        expect(long ? target > signal.entry : target < signal.entry).toBe(true);
      const { scores, entryPattern, bias } = signal.reasoning;
      expect(scores.total).toBeGreaterThanOrEqual(0.6);
      expect(scores.alignment).toBeGreaterThanOrEqual(0.6);
      expect(entryPattern.confidence).toBeGreaterThanOrEqual(0.5);
      expect(bias.direction).toBe(signal.side);
      expect([signal.side, "NEUTRAL"]).toContain(entryPattern.direction);
      for (const timeframe of signal.reasoning.timeframes) {
        if (timeframe.pattern)
          expect(timeframe.pattern.timestamp + intervalToMs(timeframe.interval)).toBeLessThanOrEqual(
            signal.time,
          );
        if (timeframe.lastBreak)
          expect(timeframe.lastBreak.timestamp + intervalToMs(timeframe.interval)).toBeLessThanOrEqual(
            signal.time,
          );
      }
    }
  });
});

describe("signal detector", () => {
  it("gives the same signals incrementally, one base candle at a time", () => {
    const window = sliceCandleSeries(fil, 0, 12_000);
    const detector = createSignalDetector({ ...DENSE, baseIntervalMs: 60_000, symbol: "FIL" });
    const incremental: Signal[] = [];
    for (let index = 0; index < window.length; index++) {
      const signal = detector.update(
        window.timestamp[index] as number,
        window.open[index] as number,
        window.high[index] as number,
        window.low[index] as number,
        window.close[index] as number,
        window.volume[index] as number,
      );
      if (signal) incremental.push(signal);
    }
    expect(incremental.length).toBeGreaterThan(10);
    expect(incremental).toEqual(detectSignals(window, { ...DENSE, symbol: "FIL" }));
    expect(detector.baseCandles).toBe(window.length);
    expect(detector.analyze()?.timeframes.map((timeframe) => timeframe.interval)).toEqual([
      "1h",
      "15m",
      "5m",
      "1m",
    ]);
  });

  it("never changes signals up to candle i when candles after i are appended (real data)", () => {
    // Windows from the months in which FIL moved enough to give signals (Aug–Sep were too quiet).
    const starts = fc.oneof(
      fc.integer({ min: 0, max: 3_000 }),
      fc.integer({ min: 50_000, max: 53_000 }),
      fc.integer({ min: 100_000, max: 103_000 }),
    );
    let signalsSeen = 0;
    fc.assert(
      fc.property(starts, fc.integer({ min: 3_000, max: 8_999 }), (start, cut) => {
        const full = sliceCandleSeries(fil, start, start + 9_000);
        const prefix = sliceCandleSeries(fil, start, start + cut);
        const expected = detectSignals(full, DENSE).filter((signal) => signal.baseIndex < cut);
        signalsSeen += expected.length;
        expect(detectSignals(prefix, DENSE)).toEqual(expected);
      }),
      { numRuns: 8 },
    );
    expect(signalsSeen).toBeGreaterThan(0);
  });

  it("never changes signals up to candle i when candles after i are appended (random walks)", () => {
    let signalsSeen = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 600, max: 2_999 }),
        (seed, cut) => {
          const full = randomSeries(seed, 3_000);
          const expected = detectSignals(full, RANDOM).filter((signal) => signal.baseIndex < cut);
          signalsSeen += expected.length;
          expect(detectSignals(sliceCandleSeries(full, 0, cut), RANDOM)).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
    expect(signalsSeen).toBeGreaterThan(0);
  });

  it("rejects timeframes that are not multiples of the base interval", () => {
    expect(() => createSignalDetector({ baseIntervalMs: 7 * 60_000 })).toThrow(ValidationError);
    expect(() => createSignalDetector({ baseIntervalMs: 0 })).toThrow(/baseIntervalMs/);
    expect(detectSignals(seriesFromRows([]))).toEqual([]);
  });

  it("rejects base candles out of time order", () => {
    const detector = createSignalDetector({ baseIntervalMs: 60_000 });
    detector.update(120_000, 1, 1, 1, 1, 1);
    expect(() => detector.update(60_000, 1, 1, 1, 1, 1)).toThrow(ValidationError);
  });
});

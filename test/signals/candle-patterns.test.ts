import { describe, expect, it } from "vitest";
import {
  computeCandleMetrics,
  DEFAULT_PATTERN_PARAMETERS,
  detectPatterns,
  detectPatternsAt,
  type PatternType,
  strongestRecentPattern,
} from "../../src/signals/index.ts";
import { type CandleRow, seriesFromRows } from "./candle-builder.ts";

const CONTEXT: CandleRow[] = [
  [100, 100.5, 99.5, 100.2],
  [100.2, 100.7, 99.8, 100.1],
  [100.1, 100.6, 99.6, 100.3],
];
const BEARISH: CandleRow = [101, 101.2, 99.8, 100];
const BULLISH: CandleRow = [100, 101.2, 99.8, 101];

interface Case {
  name: string;
  rows: CandleRow[];
  type: PatternType;
  fires: boolean;
  direction?: "LONG" | "SHORT" | "NEUTRAL";
}

const cases: Case[] = [
  {
    name: "bullish engulf after a bearish candle",
    rows: [BEARISH, [99.9, 102.1, 99.7, 102]],
    type: "le",
    fires: true,
    direction: "LONG",
  },
  {
    name: "bearish engulf after a bullish candle",
    rows: [BULLISH, [101.1, 101.3, 98.9, 99]],
    type: "le",
    fires: true,
    direction: "SHORT",
  },
  {
    name: "engulf after a candle of the same colour",
    rows: [BULLISH, [100.9, 103.1, 100.7, 103]],
    type: "le",
    fires: false,
  },
  {
    name: "body that does not cover the previous body",
    rows: [BEARISH, [99.9, 100.9, 99.7, 100.8]],
    type: "le",
    fires: false,
  },
  {
    name: "engulf with long wicks (body ratio < 0.5)",
    rows: [BEARISH, [99.9, 104, 99.7, 102]],
    type: "le",
    fires: false,
  },
  {
    name: "the original detector's le (upper wick ≥ 2×body, close in the top 30 %)",
    rows: [BEARISH, [100, 100.4, 98, 100.1]],
    type: "le",
    fires: false,
  },
  {
    name: "bullish marubozu",
    rows: [BULLISH, [100, 102.1, 99.9, 102]],
    type: "small_wick",
    fires: true,
    direction: "LONG",
  },
  {
    name: "bearish marubozu",
    rows: [BULLISH, [102, 102.1, 99.9, 100]],
    type: "small_wick",
    fires: true,
    direction: "SHORT",
  },
  {
    name: "strong body with a 0.4×body wick",
    rows: [BULLISH, [100, 102.8, 99.9, 102]],
    type: "small_wick",
    fires: false,
  },
  {
    name: "hammer",
    rows: [BULLISH, [100, 100.35, 98.5, 100.3]],
    type: "steeper_wick",
    fires: true,
    direction: "LONG",
  },
  {
    name: "shooting star",
    rows: [BULLISH, [100.3, 101.8, 99.95, 100]],
    type: "steeper_wick",
    fires: true,
    direction: "SHORT",
  },
  {
    name: "long wick on both sides (imbalance < 3)",
    rows: [BULLISH, [100, 100.9, 98.5, 100.3]],
    type: "steeper_wick",
    fires: false,
  },
  {
    name: "wick shorter than 1.5×body",
    rows: [BULLISH, [100, 101.05, 99.95, 101]],
    type: "steeper_wick",
    fires: false,
  },
  {
    name: "doji with balanced wicks",
    rows: [BULLISH, [100, 101, 99, 100.05]],
    type: "celery",
    fires: true,
    direction: "NEUTRAL",
  },
  {
    name: "small body with unbalanced wicks",
    rows: [BULLISH, [100, 101.5, 99.8, 100.05]],
    type: "celery",
    fires: false,
  },
  { name: "flat candle (no range)", rows: [BULLISH, [100, 100, 100, 100]], type: "celery", fires: false },
];

describe("candle patterns on crafted candles", () => {
  it.each(cases)("$type: $name", ({ rows, type, fires, direction }) => {
    const series = seriesFromRows([...CONTEXT, ...rows]);
    const last = series.length - 1;
    const found = detectPatternsAt(series, last).find((detection) => detection.type === type);
    if (!fires) {
      expect(found).toBeUndefined();
      return;
    }
    expect(found).toMatchObject({ type, direction, index: last, timestamp: series.timestamp[last] });
    expect(found?.confidence).toBeGreaterThanOrEqual(0.3);
    expect(found?.confidence).toBeLessThanOrEqual(1);
  });

  it("evaluates the last closed candle (the original stopped one short)", () => {
    const series = seriesFromRows([...CONTEXT, BULLISH, [100, 102.1, 99.9, 102]]);
    const detections = detectPatterns(series);
    expect(detections.some((detection) => detection.index === series.length - 1)).toBe(true);
  });

  it("scores le with the documented weights", () => {
    const series = seriesFromRows([...CONTEXT, BEARISH, [99.9, 102.1, 99.7, 102, 100]]);
    const found = detectPatternsAt(series, series.length - 1).find((detection) => detection.type === "le");
    const bodyRatio = 2.1 / 2.4;
    const closePosition = (102 - 99.7) / 2.4;
    const expected = Math.min(2.1 / 3, 1) * 0.3 + closePosition * 0.25 + bodyRatio * 0.2 + 1 * 0.1;
    expect(found?.rawConfidence).toBeCloseTo(expected, 12);
    expect(found?.generatesSignal).toBe(expected > 0.7);
    expect(found?.signalStrength).toBeCloseTo(Math.min(1.2 * expected, 1), 12);
  });

  it("takes le thresholds as parameters", () => {
    const rows: CandleRow[] = [...CONTEXT, BEARISH, [99.9, 104, 99.7, 102]];
    const series = seriesFromRows(rows);
    const parameters = {
      ...DEFAULT_PATTERN_PARAMETERS,
      le: { ...DEFAULT_PATTERN_PARAMETERS.le, minimumBodyRatio: 0.4, minimumClosePosition: 0.5 },
    };
    expect(detectPatternsAt(series, 4).some((detection) => detection.type === "le")).toBe(false);
    expect(detectPatternsAt(series, 4, 0, { parameters }).some((detection) => detection.type === "le")).toBe(
      true,
    );
  });

  it("applies the market-cycle multipliers, capped at 1", () => {
    const series = seriesFromRows([...CONTEXT, BULLISH, [100, 102.1, 99.9, 102]]);
    const plain = detectPatternsAt(series, 4).find((detection) => detection.type === "small_wick");
    const drive = detectPatternsAt(series, 4, 0, { cycle: "DRIVE" }).find(
      (detection) => detection.type === "small_wick",
    );
    const range = detectPatternsAt(series, 4, 0, { cycle: "RANGE" }).find(
      (detection) => detection.type === "small_wick",
    );
    expect(plain?.cycleMultiplier).toBe(1);
    expect(drive?.confidence).toBeCloseTo(Math.min((plain?.confidence ?? 0) * 1.2, 1), 12);
    expect(range?.confidence).toBeCloseTo((plain?.confidence ?? 0) * 0.8, 12);
  });

  it("drops detections below the minimum confidence", () => {
    const series = seriesFromRows([...CONTEXT, [100, 100.9, 98.5, 100.3]]);
    expect(detectPatternsAt(series, 3, 0, { minimumConfidence: 0.99 })).toEqual([]);
  });

  it("picks the strongest recent pattern, preferring the newer candle on ties", () => {
    const marubozu: CandleRow = [100, 102.1, 99.9, 102];
    const series = seriesFromRows([
      ...CONTEXT,
      [102, 102.1, 99.9, 100],
      marubozu,
      [102, 102.1, 99.9, 104.1 - 2.1],
    ]);
    const best = strongestRecentPattern(series, 0, series.length, 3);
    const all = detectPatterns(series, { from: 0 }).filter(
      (detection) => detection.index >= series.length - 3,
    );
    const top = Math.max(...all.map((detection) => detection.confidence));
    expect(best?.confidence).toBe(top);
    expect(best?.index).toBe(
      Math.max(...all.filter((detection) => detection.confidence === top).map((d) => d.index)),
    );
  });

  it("measures candles as the original did", () => {
    const series = seriesFromRows([
      [10, 11, 9, 10, 100],
      [10, 12, 9, 11, 300],
      [11, 14, 10, 13, 400],
    ]);
    const metrics = computeCandleMetrics(series, 2, 0, 20);
    expect(metrics).toMatchObject({
      body: 2,
      upperWick: 1,
      lowerWick: 1,
      range: 4,
      bullish: true,
      bodyRatio: 0.5,
    });
    expect(metrics.upperWickRatio).toBe(0.5);
    expect(metrics.closePosition).toBe(0.75);
    expect(metrics.volumeRatio).toBe(2);
    expect(metrics.rangeRatio).toBeCloseTo(4 / 2.5, 12);
    expect(metrics.trendSlope).toBeCloseTo(1.5, 12);
    expect(metrics.trendStrength).toBeCloseTo(1.5 / (34 / 3), 12);
  });
});

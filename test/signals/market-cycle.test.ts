import { describe, expect, it } from "vitest";
import {
  classifyMarketCycle,
  computeMarketCycleMetrics,
  cycleSubPhase,
  MarketCycleClassifier,
  momentumScore,
  scoreMarketCycles,
  transitionProbability,
} from "../../src/signals/index.ts";
import { type CandleRow, seriesFromRows } from "./candle-builder.ts";

/** Three candles up 1.2 %, one down 0.4 %, with small wicks. */
function driveRows(count: number, start = 100): CandleRow[] {
  const rows: CandleRow[] = [];
  let price = start;
  for (let index = 0; index < count; index++) {
    const close = index % 4 === 3 ? price * 0.996 : price * 1.012;
    rows.push([price, Math.max(price, close) * 1.001, Math.min(price, close) * 0.999, close]);
    price = close;
  }
  return rows;
}

/** Closes on a ±0.5 % sine of period 6 around 100, small wicks. */
function rangeRows(count: number): CandleRow[] {
  const rows: CandleRow[] = [];
  let previous = 100;
  for (let index = 1; index <= count; index++) {
    const close = 100 + 0.5 * Math.sin((index * 2 * Math.PI) / 6);
    rows.push([previous, Math.max(previous, close) + 0.02, Math.min(previous, close) - 0.02, close]);
    previous = close;
  }
  return rows;
}

/** Long-wicked candles that alternately sweep the previous highs and lows and close back inside. */
function liquidityRows(count: number): CandleRow[] {
  const pattern: CandleRow[] = [
    [100, 100.6, 99.4, 100.1],
    [100.1, 101.5, 99.5, 100.2],
    [100.1, 100.6, 99.4, 100],
    [99.7, 100.1, 98.5, 99.9],
  ];
  return Array.from({ length: count }, (_, index) => pattern[index % 4] as CandleRow);
}

describe("market cycle classifier on synthetic regimes", () => {
  it.each([
    { name: "drive", rows: driveRows(60), cycle: "DRIVE", bias: "LONG" },
    {
      name: "falling drive",
      rows: driveRows(60).map(([o, h, l, c]) => [200 - o, 200 - l, 200 - h, 200 - c] as const),
      cycle: "DRIVE",
      bias: "SHORT",
    },
    { name: "range", rows: rangeRows(60), cycle: "RANGE", bias: null },
    { name: "liquidity sweeps", rows: liquidityRows(60), cycle: "LIQUIDITY", bias: null },
  ])("classifies a $name regime as $cycle", ({ rows, cycle, bias }) => {
    const state = classifyMarketCycle(seriesFromRows(rows));
    expect(state.cycle).toBe(cycle);
    expect(state.bias).toBe(bias);
    expect(state.confidence).toBe(state.scores[state.cycle]);
    for (const score of Object.values(state.scores)) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(state.subPhase).toBe(cycleSubPhase(state.cycle, state.metrics ?? expect.fail("no metrics")));
  });

  it("measures the liquidity regime's sweeps, reversals and wicks", () => {
    const series = seriesFromRows(liquidityRows(60));
    const metrics = computeMarketCycleMetrics(series, 20, 60);
    expect(metrics.sweeps).toBeGreaterThanOrEqual(5);
    expect(metrics.reversals).toBeGreaterThan(0);
    expect(metrics.wickDominance).toBeGreaterThan(0.6);
    expect(classifyMarketCycle(series).subPhase).toBe("multi_sweep");
  });

  it("answers RANGE with confidence 0 below 30 candles", () => {
    const state = classifyMarketCycle(seriesFromRows(driveRows(29)));
    expect(state).toMatchObject({
      cycle: "RANGE",
      confidence: 0,
      subPhase: "insufficient_data",
      metrics: null,
    });
  });

  it("computes momentum from the rate of change and the weighted returns", () => {
    const closes = new Float64Array(Array.from({ length: 10 }, (_, index) => 100 * 1.001 ** index));
    const roc = 1.001 ** 9 - 1;
    let weighted = 0;
    for (let step = 0; step < 9; step++) weighted += Math.exp(-1 + step / 8) * 0.001;
    expect(momentumScore(closes, 0, 10)).toBeCloseTo(0.4 * (roc / 0.05) + 0.6 * (weighted / 0.05), 12);
    expect(momentumScore(closes, 0, 9)).toBe(0);
  });

  it("scores each cycle with the original formulas", () => {
    const base = computeMarketCycleMetrics(seriesFromRows(rangeRows(40)), 0, 40);
    const metrics = {
      ...base,
      momentum: 0.9,
      directionalStrength: 0.85,
      breaks: 3,
      higherHighs: 2,
      lowerLows: 0,
      acceleration: 0.3,
      normalizedVolatility: 0.1,
      meanReversion: 0.7,
      oscillations: 4,
      tightness: 0.5,
      wickDominance: 0.7,
      sweeps: 2,
      falseBreaks: 2,
      reversals: 1,
      largeWicks: 2,
    };
    const scores = scoreMarketCycles(metrics);
    expect(scores.DRIVE).toBeCloseTo(
      Math.min((0.4 * 0.25) / 0.35 + (0.25 * 0.15) / 0.3 + 0.15 * 0.6 + 0.1 * 0.5 + 0.1 * 0.6, 1),
      12,
    );
    expect(scores.RANGE).toBeCloseTo(
      0.3 * (1 - 0.1 / 0.35) + (0.25 * 0.1) / 0.4 + 0.2 * 0.5 + 0.15 * 0.5 + 0.1 * 0.1,
      12,
    );
    expect(scores.LIQUIDITY).toBeCloseTo(
      (0.3 * 0.1) / 0.4 + 0.25 * 0.4 + 0.2 * 0.5 + 0.15 * 0.25 + 0.1 * 0.4,
      12,
    );
  });

  it("computes the transition probability", () => {
    expect(transitionProbability("RANGE", { DRIVE: 0.6, RANGE: 0.4, LIQUIDITY: 0.1 })).toBeCloseTo(0.5, 12);
    expect(transitionProbability("RANGE", { DRIVE: 0.9, RANGE: 0.4, LIQUIDITY: 0.1 })).toBe(1);
    expect(transitionProbability("DRIVE", { DRIVE: 0.8, RANGE: 0.4, LIQUIDITY: 0.1 })).toBe(0.1);
    expect(transitionProbability("DRIVE", { DRIVE: 0.5, RANGE: 0.3, LIQUIDITY: 0.1 })).toBeCloseTo(0.8, 12);
    expect(transitionProbability("LIQUIDITY", { DRIVE: 0.2, RANGE: 0, LIQUIDITY: 0 })).toBe(1);
  });

  it("keeps a young cycle until it is 5 classifications old unless the new one scores ≥ 0.75", () => {
    const drive = seriesFromRows(driveRows(60));
    const range = seriesFromRows(rangeRows(60));
    const rangeScore = classifyMarketCycle(range).scores.RANGE;
    expect(rangeScore).toBeLessThan(0.75);
    const classifier = new MarketCycleClassifier();
    const reported: string[] = [];
    for (let step = 0; step < 3; step++) reported.push(classifier.classify(drive).cycle);
    for (let step = 0; step < 4; step++) {
      const state = classifier.classify(range);
      reported.push(`${state.cycle}:${state.age}`);
    }
    expect(reported).toEqual(["DRIVE", "DRIVE", "DRIVE", "DRIVE:4", "DRIVE:5", "RANGE:1", "RANGE:2"]);
    classifier.reset();
    expect(classifier.cycle).toBeNull();
    expect(classifier.classify(range).cycle).toBe("RANGE");
  });

  it("switches a young cycle at once for a winner scoring ≥ 0.75", () => {
    const classifier = new MarketCycleClassifier({
      minimumCandles: 30,
      lookback: 40,
      stabilityPeriods: 5,
      stabilityOverride: 0.5,
    });
    classifier.classify(seriesFromRows(driveRows(60)));
    expect(classifier.classify(seriesFromRows(rangeRows(60))).cycle).toBe("RANGE");
  });
});

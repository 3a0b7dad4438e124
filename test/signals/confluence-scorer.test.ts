import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import type { CandleInterval } from "../../src/data/index.ts";
import {
  analyzeMarketStructure,
  buildSignal,
  computeBias,
  DEFAULT_CONFLUENCE_PARAMETERS,
  type Direction,
  type MarketCycle,
  type PatternDetection,
  type PatternDirection,
  resolveConfluenceParameters,
  type SupportResistanceZone,
  scoreConfluence,
  structureStop,
  type TimeframeAnalysis,
} from "../../src/signals/index.ts";
import { seriesFromRows } from "./candle-builder.ts";

const EMPTY_STRUCTURE = analyzeMarketStructure(seriesFromRows([]), 0, 0);
const TIME = 1_700_000_000_000;

function zone(kind: "support" | "resistance", price: number): SupportResistanceZone {
  return {
    kind,
    price,
    low: price,
    high: price,
    width: 0,
    touches: 2,
    strength: 0.6,
    firstTouch: 0,
    lastTouch: 0,
    active: true,
    broken: false,
  };
}

function pattern(
  type: PatternDetection["type"],
  direction: PatternDirection,
  confidence: number,
): PatternDetection {
  return {
    type,
    direction,
    index: 99,
    timestamp: TIME - 300_000,
    confidence,
    rawConfidence: confidence,
    cycleMultiplier: 1,
    generatesSignal: confidence > 0.7,
    signalStrength: Math.min(1.2 * confidence, 1),
  };
}

function timeframe(
  interval: CandleInterval,
  options: {
    trend?: Direction | null;
    trendStrength?: number;
    cycle?: MarketCycle;
    cycleConfidence?: number;
    pattern?: PatternDetection | null;
    momentum?: number;
    support?: number[];
    resistance?: number[];
    lastClose?: number;
  },
): TimeframeAnalysis {
  const higher = interval === "4h" || interval === "1h";
  const support = (options.support ?? []).map((price) => zone("support", price));
  const resistance = (options.resistance ?? []).map((price) => zone("resistance", price));
  const lastClose = options.lastClose ?? 100;
  const near = [...support, ...resistance].find(
    (item) => Math.abs(lastClose - item.price) / item.price <= 0.005,
  );
  const momentum = options.momentum ?? 0;
  return {
    interval,
    role: higher ? "higher" : "lower",
    weight: interval === "4h" ? 2 : interval === "1h" ? 1 : 0,
    candles: 100,
    timestamp: TIME - 300_000,
    lastClose,
    pattern: options.pattern ?? null,
    structure: {
      ...EMPTY_STRUCTURE,
      trend: options.trend ?? null,
      trendStrength: options.trendStrength ?? 0,
      supportZones: support,
      resistanceZones: resistance,
    },
    cycle: {
      cycle: options.cycle ?? "RANGE",
      confidence: options.cycleConfidence ?? 0,
      subPhase: "balanced",
      scores: { DRIVE: 0, RANGE: 0, LIQUIDITY: 0 },
      transitionProbability: 0,
      bias: null,
      health: 0,
      sizeMultiplier: 1,
      age: 1,
      metrics: null,
    },
    momentum,
    momentumDirection: momentum > 0.1 ? "LONG" : momentum < -0.1 ? "SHORT" : null,
    nearZone:
      near === undefined
        ? null
        : {
            kind: near.kind,
            price: near.price,
            distance: Math.abs(lastClose - near.price) / near.price,
            strength: near.strength,
          },
  };
}

const BULLISH = [
  timeframe("4h", { trend: "LONG", trendStrength: 0.8, cycle: "DRIVE", cycleConfidence: 0.6 }),
  timeframe("1h", {
    trend: "LONG",
    trendStrength: 0.8,
    cycle: "DRIVE",
    cycleConfidence: 0.6,
    resistance: [101],
  }),
  timeframe("15m", {
    trend: "LONG",
    trendStrength: 0.5,
    cycle: "DRIVE",
    cycleConfidence: 0.6,
    pattern: pattern("steeper_wick", "SHORT", 0.6),
  }),
  timeframe("5m", {
    cycle: "LIQUIDITY",
    cycleConfidence: 0.4,
    momentum: 0.5,
    pattern: pattern("le", "LONG", 0.7),
    support: [99.8],
  }),
];

describe("confluence scorer", () => {
  it("computes the component scores, alignment and thresholds of the original", () => {
    const result = scoreConfluence(BULLISH, DEFAULT_CONFLUENCE_PARAMETERS);
    expect(result.bias).toMatchObject({ direction: "LONG", shortScore: 0, cycle: "DRIVE" });
    expect(result.bias.strength).toBeCloseTo(0.8, 12);
    expect(result.entry).toMatchObject({ type: "le", direction: "LONG", interval: "5m", confidence: 0.7 });
    const scores = result.scores;
    expect(scores.pattern).toBeCloseTo((0.84 + 0.3) / 2, 12);
    expect(scores.structure).toBeCloseTo((1 + 1 + 0.65 + 0) / 4, 12);
    expect(scores.cycle).toBeCloseTo((0.72 * 3 + 0.2) / 4, 12);
    expect(scores.zone).toBeCloseTo((0.5 * 3 + 0.8) / 4, 12);
    const total = 0.25 * scores.pattern + 0.3 * scores.structure + 0.25 * scores.cycle + 0.2 * scores.zone;
    expect(scores.total).toBeCloseTo(total, 12);
    expect(scores.alignment).toBe(3.5 / 4);
    expect(scores.confidence).toBeCloseTo(0.6 * total + 0.3 * 0.875 + 0.1 * result.bias.strength, 12);
    expect(scores.signalStrength).toBeCloseTo(0.4 * 0.7 + 0.4 * total + 0.2 * 0.875, 12);
    expect(result.qualifies).toBe(true);
    expect(result.rejections).toEqual([]);
    expect(result.factors.map((note) => note.code)).toEqual([
      "htf_bias",
      "htf_drive",
      "strong_alignment",
      "entry_pattern",
      "near_support",
    ]);
    expect(result.warnings.map((note) => note.code)).toEqual(["mixed_cycles"]);
  });

  it("rejects without a bias, and lists every failed threshold", () => {
    const mixed = [
      timeframe("4h", {}),
      timeframe("1h", { trend: "LONG", trendStrength: 0.8 }),
      timeframe("15m", {}),
      timeframe("5m", { pattern: pattern("le", "LONG", 0.4) }),
    ];
    const result = scoreConfluence(mixed, DEFAULT_CONFLUENCE_PARAMETERS);
    expect(result.bias.direction).toBeNull();
    expect(result.entry).toBeNull();
    expect(result.qualifies).toBe(false);
    expect(result.rejections[0]).toBe("no higher-timeframe bias");
    expect(result.warnings.map((note) => note.code)).toEqual([
      "low_alignment",
      "htf_range",
      "conflicting_trends",
    ]);
  });

  it("needs a bias share above 0.3", () => {
    const vote = (trend: Direction | null, trendStrength: number, weight: number) => ({
      trend,
      trendStrength,
      weight,
      cycle: "RANGE" as const,
    });
    expect(computeBias([vote(null, 0, 2), vote("LONG", 0.8, 1)], 0.3).direction).toBeNull();
    expect(computeBias([vote("SHORT", 0.5, 2), vote(null, 0, 1)], 0.3)).toMatchObject({
      direction: "SHORT",
      strength: 1 / 3,
    });
  });

  it("builds a signal with the stop at structure and targets at 1R and 2R", () => {
    const result = scoreConfluence(BULLISH, DEFAULT_CONFLUENCE_PARAMETERS);
    const signal = buildSignal(result, BULLISH, DEFAULT_CONFLUENCE_PARAMETERS, {
      symbol: "BTC",
      time: TIME,
      baseIndex: 7,
    });
    const stop = 99.8 * 0.998;
    expect(signal).toMatchObject({
      id: `sig_BTC_${TIME}`,
      side: "LONG",
      entryInterval: "5m",
      entry: 100,
      stopSource: "zone",
      baseIndex: 7,
    });
    expect(signal.stop).toBeCloseTo(stop, 12);
    expect(signal.targets[0]).toBeCloseTo(100 + (100 - stop), 12);
    expect(signal.targets[1]).toBeCloseTo(100 + 2 * (100 - stop), 12);
    expect(signal.riskReward).toBeCloseTo(1, 12);
    expect(signal.structureTargets).toEqual([101 * 0.998]);
    expect(signal.expiresAt).toBe(TIME + 3 * 300_000);
    expect(signal.reasoning.entryPattern).toMatchObject({ type: "le", interval: "5m" });
    expect(JSON.parse(JSON.stringify(signal))).toEqual(signal);
    const structural = buildSignal(
      result,
      BULLISH,
      { ...DEFAULT_CONFLUENCE_PARAMETERS, targetMode: "structure" },
      { symbol: "BTC", time: TIME, baseIndex: 7 },
    );
    expect(structural.targets).toEqual([101 * 0.998]);
  });

  it("falls back from zones to swings to a 1 % stop", () => {
    const plain = [timeframe("5m", {})];
    expect(structureStop("SHORT", 100, plain, DEFAULT_CONFLUENCE_PARAMETERS)).toEqual({
      stop: 101,
      source: "default",
    });
    const withSwing = [
      {
        ...plain[0],
        structure: {
          ...EMPTY_STRUCTURE,
          swingHighs: [
            { kind: "high" as const, index: 1, timestamp: 0, price: 100.5, strength: 1, confirmed: true },
          ],
        },
      } as TimeframeAnalysis,
    ];
    const stop = structureStop("SHORT", 100, withSwing, DEFAULT_CONFLUENCE_PARAMETERS);
    expect(stop.source).toBe("swing");
    expect(stop.stop).toBeCloseTo(100.5 * 1.002, 12);
  });

  it("validates options and names the field", () => {
    expect(() => resolveConfluenceParameters({ lowerTimeframes: [] })).toThrow(ValidationError);
    expect(() => resolveConfluenceParameters({ lowerTimeframes: ["7m" as CandleInterval] })).toThrow(/7m/);
    expect(() => resolveConfluenceParameters({ minimumAlignment: 1.5 })).toThrow(/minimumAlignment/);
    expect(() =>
      resolveConfluenceParameters({
        higherTimeframes: [{ interval: "1h", weight: 1 }],
        lowerTimeframes: ["1h"],
      }),
    ).toThrow(/twice/);
    expect(resolveConfluenceParameters().lowerTimeframes).toEqual(["15m", "5m"]);
  });
});

import type { CandleInterval, CandleSeries } from "../data/index.ts";
import type { ConfluenceParameters } from "./confluence-options.ts";
import type { MarketCycleState } from "./market-cycle-classifier.ts";
import { analyzeMarketStructure, type MarketStructure } from "./market-structure.ts";
import { clamp, meanOf } from "./numeric.ts";
import { type PatternDetection, strongestRecentPattern } from "./pattern-scan.ts";
import type { Direction } from "./signal-types.ts";

/** The active zone nearest to the last close, when it lies within the proximity. */
export interface NearZone {
  kind: "support" | "resistance";
  price: number;
  /** |close − price| / price. */
  distance: number;
  strength: number;
}

/** Everything the confluence scorer knows about one timeframe at one moment. */
export interface TimeframeAnalysis {
  interval: CandleInterval;
  role: "higher" | "lower";
  /** Bias vote weight (higher timeframes only; 0 for lower ones). */
  weight: number;
  /** Closed candles available. */
  candles: number;
  /** Open time of the last closed candle, ms UTC. */
  timestamp: number;
  lastClose: number;
  /** Strongest pattern of the last `patternRecentBars` candles, cycle multiplier applied. */
  pattern: PatternDetection | null;
  structure: MarketStructure;
  cycle: MarketCycleState;
  /** clip(100·(C_last − C_first) / mean close, ±1) over the last `momentumLookback` closes. */
  momentum: number;
  /** Direction of the momentum when |momentum| > `momentumThreshold`. */
  momentumDirection: Direction | null;
  nearZone: NearZone | null;
}

/** Per-timeframe momentum, see {@link TimeframeAnalysis.momentum}. */
export function timeframeMomentum(series: CandleSeries, to: number, lookback: number): number {
  const from = Math.max(0, to - lookback);
  if (to - from < 2) return 0;
  const mean = meanOf(series.close, from, to);
  return clamp((100 * ((series.close[to - 1] as number) - (series.close[from] as number))) / mean, -1, 1);
}

/** The active zone nearest to `price` within `proximity` (fraction of the zone price), or null. */
export function findNearZone(structure: MarketStructure, price: number, proximity: number): NearZone | null {
  let best: NearZone | null = null;
  for (const zones of [structure.supportZones, structure.resistanceZones]) {
    for (const zone of zones) {
      const distance = Math.abs(price - zone.price) / zone.price;
      if (distance <= proximity && (best === null || distance < best.distance)) {
        best = { kind: zone.kind, price: zone.price, distance, strength: zone.strength };
      }
    }
  }
  return best;
}

/** Market structure of the last `structureLookback` closed candles (`to` = closed count). */
export function timeframeStructure(
  series: CandleSeries,
  to: number,
  parameters: ConfluenceParameters,
): MarketStructure {
  return analyzeMarketStructure(
    series,
    Math.max(0, to - parameters.structureLookback),
    to,
    parameters.structure,
  );
}

/** Strongest recent pattern of the closed candles `[0, to)`, with the timeframe's cycle. */
export function timeframePattern(
  series: CandleSeries,
  to: number,
  cycle: MarketCycleState,
  parameters: ConfluenceParameters,
): PatternDetection | null {
  const from = Math.max(0, to - parameters.patternLookback - parameters.patternRecentBars);
  return strongestRecentPattern(series, from, to, parameters.patternRecentBars, {
    parameters: parameters.patterns,
    cycle: cycle.confidence > 0 ? cycle.cycle : null,
    lookback: parameters.patternLookback,
    minimumConfidence: parameters.minimumPatternConfidence,
  });
}

/**
 * Assembles the analysis of one timeframe from its closed candles `[0, to)`, its current cycle
 * state and (optionally precomputed) structure and pattern.
 */
export function analyzeTimeframe(
  series: CandleSeries,
  to: number,
  timeframe: { interval: CandleInterval; role: "higher" | "lower"; weight: number },
  cycle: MarketCycleState,
  parameters: ConfluenceParameters,
  precomputed: { structure?: MarketStructure; pattern?: PatternDetection | null } = {},
): TimeframeAnalysis {
  const structure = precomputed.structure ?? timeframeStructure(series, to, parameters);
  const pattern =
    precomputed.pattern !== undefined ? precomputed.pattern : timeframePattern(series, to, cycle, parameters);
  const lastClose = series.close[to - 1] as number;
  const momentum = timeframeMomentum(series, to, parameters.momentumLookback);
  return {
    interval: timeframe.interval,
    role: timeframe.role,
    weight: timeframe.weight,
    candles: to,
    timestamp: series.timestamp[to - 1] as number,
    lastClose,
    pattern,
    structure,
    cycle,
    momentum,
    momentumDirection:
      momentum > parameters.momentumThreshold
        ? "LONG"
        : momentum < -parameters.momentumThreshold
          ? "SHORT"
          : null,
    nearZone: findNearZone(structure, lastClose, parameters.zoneProximity),
  };
}

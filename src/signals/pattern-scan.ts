import type { CandleSeries } from "../data/index.ts";
import { type CandleMetrics, computeCandleMetrics, createCandleMetrics } from "./candle-metrics.ts";
import {
  type CandlePrices,
  DEFAULT_PATTERN_PARAMETERS,
  PATTERN_CYCLE_MULTIPLIERS,
  type PatternParameters,
  type PatternScore,
  scoreCelery,
  scoreLiquidityEngulf,
  scoreSmallWick,
  scoreSteeperWick,
} from "./candle-patterns.ts";
import { type MarketCycle, PATTERN_TYPES, type PatternDirection, type PatternType } from "./signal-types.ts";

/** One pattern found on one candle. Plain data (JSON-safe). */
export interface PatternDetection {
  type: PatternType;
  direction: PatternDirection;
  /** Index of the candle in the series that was scanned. */
  index: number;
  /** Open time of that candle, ms UTC. */
  timestamp: number;
  /** Confidence in [0, 1] after the market-cycle multiplier (capped at 1). */
  confidence: number;
  /** Confidence before the multiplier. */
  rawConfidence: number;
  /** The multiplier applied (1 when no cycle was given). */
  cycleMultiplier: number;
  /** confidence > 0.7 (the original `generates_signal`). */
  generatesSignal: boolean;
  /** min(1.2 × confidence, 1). */
  signalStrength: number;
}

/** Options of the pattern scan. */
export interface PatternScanOptions {
  /** Pattern thresholds; default {@link DEFAULT_PATTERN_PARAMETERS}. */
  parameters?: PatternParameters;
  /** Market cycle of the timeframe, for {@link PATTERN_CYCLE_MULTIPLIERS}; none by default. */
  cycle?: MarketCycle | null;
  /** Context candles before each candle for its metrics (20). */
  lookback?: number;
  /** Detections below this confidence (after the multiplier) are dropped (0.3). */
  minimumConfidence?: number;
}

/** Default context length of the candle metrics. */
export const DEFAULT_PATTERN_LOOKBACK = 20;
/** Default minimum pattern confidence. */
export const DEFAULT_MINIMUM_PATTERN_CONFIDENCE = 0.3;
/** Candles a pattern needs before it (metrics need 3 closes; `le` needs the previous candle). */
const MINIMUM_PRIOR_CANDLES = 2;

const scratchMetrics: CandleMetrics = createCandleMetrics();
const scratchCurrent: CandlePrices = { open: 0, high: 0, low: 0, close: 0 };
const scratchPrevious: CandlePrices = { open: 0, high: 0, low: 0, close: 0 };

function loadPrices(series: CandleSeries, index: number, out: CandlePrices): void {
  out.open = series.open[index] as number;
  out.high = series.high[index] as number;
  out.low = series.low[index] as number;
  out.close = series.close[index] as number;
}

function scorePattern(
  type: PatternType,
  metrics: CandleMetrics,
  parameters: PatternParameters,
): PatternScore {
  switch (type) {
    case "le":
      return scoreLiquidityEngulf(metrics, scratchCurrent, scratchPrevious, parameters.le);
    case "small_wick":
      return scoreSmallWick(metrics, parameters.smallWick);
    case "steeper_wick":
      return scoreSteeperWick(metrics, parameters.steeperWick);
    case "celery":
      return scoreCelery(metrics, parameters.celery);
  }
}

function makeDetection(
  series: CandleSeries,
  index: number,
  type: PatternType,
  score: PatternScore,
  cycle: MarketCycle | null,
): PatternDetection {
  const multiplier = cycle === null ? 1 : PATTERN_CYCLE_MULTIPLIERS[type][cycle];
  const confidence = Math.min(score.confidence * multiplier, 1);
  return {
    type,
    direction: score.direction,
    index,
    timestamp: series.timestamp[index] as number,
    confidence,
    rawConfidence: score.confidence,
    cycleMultiplier: multiplier,
    generatesSignal: confidence > 0.7,
    signalStrength: Math.min(1.2 * confidence, 1),
  };
}

/**
 * Every pattern that fires on candle `index` (confidence ≥ the minimum), in
 * {@link PATTERN_TYPES} order. Reads only candles in `[from, index]`.
 *
 * @param from first candle the metrics context may use (a window start); candles with fewer than
 *   2 candles before them inside the window are not evaluated.
 */
export function detectPatternsAt(
  series: CandleSeries,
  index: number,
  from = 0,
  options: PatternScanOptions = {},
): PatternDetection[] {
  const detections: PatternDetection[] = [];
  if (index - from < MINIMUM_PRIOR_CANDLES || index >= series.length) return detections;
  const parameters = options.parameters ?? DEFAULT_PATTERN_PARAMETERS;
  const cycle = options.cycle ?? null;
  const minimum = options.minimumConfidence ?? DEFAULT_MINIMUM_PATTERN_CONFIDENCE;
  computeCandleMetrics(series, index, from, options.lookback ?? DEFAULT_PATTERN_LOOKBACK, scratchMetrics);
  loadPrices(series, index, scratchCurrent);
  loadPrices(series, index - 1, scratchPrevious);
  for (const type of PATTERN_TYPES) {
    const score = scorePattern(type, scratchMetrics, parameters);
    if (score.confidence <= 0) continue;
    const detection = makeDetection(series, index, type, score, cycle);
    if (detection.confidence >= minimum) detections.push(detection);
  }
  return detections;
}

/**
 * Scans candles `from + 2 … to − 1` — the last candle included (the original stopped one short
 * and never evaluated the last closed candle) — and returns every detection, oldest first.
 */
export function detectPatterns(
  series: CandleSeries,
  options: PatternScanOptions & { from?: number; to?: number } = {},
): PatternDetection[] {
  const from = options.from ?? 0;
  const to = options.to ?? series.length;
  const detections: PatternDetection[] = [];
  for (let index = from + MINIMUM_PRIOR_CANDLES; index < to; index++) {
    for (const detection of detectPatternsAt(series, index, from, options)) detections.push(detection);
  }
  return detections;
}

/**
 * The strongest pattern among the last `recentBars` candles of `[from, to)` (the original
 * confluence scorer looked at candles with index ≥ n − 3): highest confidence after the cycle
 * multiplier; ties go to the more recent candle, then to the earlier type in
 * {@link PATTERN_TYPES}. Allocates only the returned detection.
 *
 * @returns `null` when nothing reaches the minimum confidence.
 */
export function strongestRecentPattern(
  series: CandleSeries,
  from: number,
  to: number,
  recentBars: number,
  options: PatternScanOptions = {},
): PatternDetection | null {
  const parameters = options.parameters ?? DEFAULT_PATTERN_PARAMETERS;
  const cycle = options.cycle ?? null;
  const minimum = options.minimumConfidence ?? DEFAULT_MINIMUM_PATTERN_CONFIDENCE;
  const lookback = options.lookback ?? DEFAULT_PATTERN_LOOKBACK;
  let bestConfidence = -1;
  let bestIndex = -1;
  let bestType: PatternType = "le";
  let bestScore: PatternScore | null = null;
  const first = Math.max(from + MINIMUM_PRIOR_CANDLES, to - recentBars);
  for (let index = to - 1; index >= first; index--) {
    computeCandleMetrics(series, index, from, lookback, scratchMetrics);
    loadPrices(series, index, scratchCurrent);
    loadPrices(series, index - 1, scratchPrevious);
    for (const type of PATTERN_TYPES) {
      const score = scorePattern(type, scratchMetrics, parameters);
      if (score.confidence <= 0) continue;
      const multiplier = cycle === null ? 1 : PATTERN_CYCLE_MULTIPLIERS[type][cycle];
      const confidence = Math.min(score.confidence * multiplier, 1);
      if (confidence >= minimum && confidence > bestConfidence) {
        bestConfidence = confidence;
        bestIndex = index;
        bestType = type;
        bestScore = score;
      }
    }
  }
  return bestScore === null ? null : makeDetection(series, bestIndex, bestType, bestScore, cycle);
}

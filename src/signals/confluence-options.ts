import { ValidationError } from "../core/errors.ts";
import { type CandleInterval, intervalToMs, isCandleInterval } from "../data/index.ts";
import { DEFAULT_PATTERN_PARAMETERS, type PatternParameters } from "./candle-patterns.ts";
import { DEFAULT_MARKET_CYCLE_PARAMETERS, type MarketCycleParameters } from "./market-cycle-classifier.ts";
import { DEFAULT_STRUCTURE_PARAMETERS, type StructureParameters } from "./market-structure.ts";

/** A higher timeframe and the weight of its trend in the bias vote. */
export interface HigherTimeframe {
  interval: CandleInterval;
  weight: number;
}

/** Every parameter of the confluence engine, resolved (see {@link resolveConfluenceParameters}). */
export interface ConfluenceParameters {
  /** Bias timeframes with vote weights; default 4h (2) and 1h (1). */
  higherTimeframes: HigherTimeframe[];
  /** Entry timeframes; default 15m and 5m. Signals are evaluated when one of them closes a candle. */
  lowerTimeframes: CandleInterval[];
  /** Component weights of the total score: pattern 0.25, structure 0.30, cycle 0.25, zone 0.20. */
  weights: { pattern: number; structure: number; cycle: number; zone: number };
  /** A signal needs total ≥ 0.60, alignment ≥ 0.60 and entry confidence ≥ 0.50. */
  minimumTotalScore: number;
  minimumAlignment: number;
  minimumEntryConfidence: number;
  /** A bias needs a vote share above this (0.3) and above the other side's. */
  minimumBiasScore: number;
  /** Closed candles every timeframe needs before any evaluation: 20. */
  minimumCandles: number;
  /** Candles of each timeframe the market structure reads: 100 (structure needs ≥ 50). */
  structureLookback: number;
  /** Most recent candles searched for the strongest pattern: 3 (the original's n − 3). */
  patternRecentBars: number;
  /** Context candles of the candle metrics: 20. */
  patternLookback: number;
  /** Patterns below this confidence are ignored: 0.3. */
  minimumPatternConfidence: number;
  /** Whether a NEUTRAL pattern (celery) may be the entry pattern: true (the original had no directions). */
  allowNeutralEntry: boolean;
  /** "Near a zone" = within this fraction of the zone price: 0.005. */
  zoneProximity: number;
  /** Closes of the per-timeframe momentum clip(100·(C_last − C_first) / mean close, ±1): 10. */
  momentumLookback: number;
  /** |momentum| above which the timeframe has a momentum direction: 0.1. */
  momentumThreshold: number;
  /** Stop beyond the structure level by this fraction (0.002 → ×0.998 / ×1.002). */
  stopBuffer: number;
  /** Stop distance when no structure level exists: 0.01 of the entry. */
  defaultStopFraction: number;
  /** Targets in multiples of the risk: [1, 2] (TP1, TP2 of the position manager). */
  targetRiskMultiples: number[];
  /** "risk": targets at the multiples; "structure": zone levels beyond entry when any, else the multiples. */
  targetMode: "risk" | "structure";
  /** Most structure targets listed: 3. */
  maximumStructureTargets: number;
  /** The signal expires after this many entry-timeframe candles: 3. */
  expiryCandles: number;
  patterns: PatternParameters;
  structure: StructureParameters;
  cycle: MarketCycleParameters;
}

/** Options accepted by the engine: any subset of {@link ConfluenceParameters}. */
export type ConfluenceOptions = Partial<ConfluenceParameters>;

/** The defaults: the original system's values, timeframes 4h / 1h / 15m / 5m. */
export const DEFAULT_CONFLUENCE_PARAMETERS: ConfluenceParameters = {
  higherTimeframes: [
    { interval: "4h", weight: 2 },
    { interval: "1h", weight: 1 },
  ],
  lowerTimeframes: ["15m", "5m"],
  weights: { pattern: 0.25, structure: 0.3, cycle: 0.25, zone: 0.2 },
  minimumTotalScore: 0.6,
  minimumAlignment: 0.6,
  minimumEntryConfidence: 0.5,
  minimumBiasScore: 0.3,
  minimumCandles: 20,
  structureLookback: 100,
  patternRecentBars: 3,
  patternLookback: 20,
  minimumPatternConfidence: 0.3,
  allowNeutralEntry: true,
  zoneProximity: 0.005,
  momentumLookback: 10,
  momentumThreshold: 0.1,
  stopBuffer: 0.002,
  defaultStopFraction: 0.01,
  targetRiskMultiples: [1, 2],
  targetMode: "risk",
  maximumStructureTargets: 3,
  expiryCandles: 3,
  patterns: DEFAULT_PATTERN_PARAMETERS,
  structure: DEFAULT_STRUCTURE_PARAMETERS,
  cycle: DEFAULT_MARKET_CYCLE_PARAMETERS,
};

const fail = (field: string, message: string): never => {
  throw new ValidationError(`confluence option ${field}: ${message}`, { field });
};

/**
 * Fills `options` with the defaults and checks them.
 *
 * @throws ValidationError naming the option when an interval is unknown or repeated, a list is
 *   empty, a weight or lookback is not positive, or a threshold is outside [0, 1].
 */
export function resolveConfluenceParameters(options: ConfluenceOptions = {}): ConfluenceParameters {
  const parameters: ConfluenceParameters = { ...DEFAULT_CONFLUENCE_PARAMETERS, ...options };
  if (parameters.higherTimeframes.length === 0) fail("higherTimeframes", "needs at least one timeframe");
  if (parameters.lowerTimeframes.length === 0) fail("lowerTimeframes", "needs at least one timeframe");
  const seen = new Set<string>();
  const all = [
    ...parameters.higherTimeframes.map((timeframe) => timeframe.interval),
    ...parameters.lowerTimeframes,
  ];
  for (const interval of all) {
    if (!isCandleInterval(interval)) intervalToMs(interval);
    if (seen.has(interval)) fail("timeframes", `interval ${interval} is listed twice`);
    seen.add(interval);
  }
  for (const timeframe of parameters.higherTimeframes) {
    if (!(timeframe.weight > 0))
      fail("higherTimeframes", `weight of ${timeframe.interval} must be > 0, got ${timeframe.weight}`);
  }
  for (const name of [
    "minimumTotalScore",
    "minimumAlignment",
    "minimumEntryConfidence",
    "minimumBiasScore",
  ] as const) {
    const value = parameters[name];
    if (!(value >= 0 && value <= 1)) fail(name, `must be in [0, 1], got ${value}`);
  }
  for (const name of [
    "structureLookback",
    "patternRecentBars",
    "minimumCandles",
    "momentumLookback",
    "expiryCandles",
  ] as const) {
    const value = parameters[name];
    if (!Number.isInteger(value) || value < 1) fail(name, `must be a positive integer, got ${value}`);
  }
  if (
    parameters.targetRiskMultiples.length === 0 ||
    parameters.targetRiskMultiples.some((value) => !(value > 0))
  ) {
    fail("targetRiskMultiples", "needs one or more positive multiples");
  }
  return parameters;
}

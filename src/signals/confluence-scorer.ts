import type { CandleInterval } from "../data/index.ts";
import type { ConfluenceParameters } from "./confluence-options.ts";
import type { PatternDetection } from "./pattern-scan.ts";
import { type Direction, type MarketCycle, oppositeDirection } from "./signal-types.ts";
import type { TimeframeAnalysis } from "./timeframe-analysis.ts";

/** One factor or warning of a confluence evaluation (stable `code`, readable `message`). */
export interface ReasonNote {
  code: string;
  message: string;
  timeframe?: CandleInterval;
}

/** The higher-timeframe bias. */
export interface Bias {
  direction: Direction | null;
  /** The winning vote share (0 without a bias). */
  strength: number;
  /** Σ weight·trend strength of the timeframes trending LONG (SHORT), / Σ weight. */
  longScore: number;
  shortScore: number;
  /** Most frequent cycle of the higher timeframes (ties: the first listed). */
  cycle: MarketCycle | null;
}

/** The entry pattern chosen on a lower timeframe. */
export interface EntryPattern extends PatternDetection {
  interval: CandleInterval;
}

/** Component scores and derived figures, all in [0, 1]. */
export interface ConfluenceScores {
  pattern: number;
  structure: number;
  cycle: number;
  zone: number;
  /** Weighted sum of the four components. */
  total: number;
  /** Σ(1 per timeframe trending with the bias, 0.5 when only its momentum agrees) / #timeframes. */
  alignment: number;
  /** 0.6·total + 0.3·alignment + 0.1·bias strength. */
  confidence: number;
  /** 0.4·entry confidence + 0.4·total + 0.2·alignment. */
  signalStrength: number;
  /** Confidence of the entry pattern (0 without one). */
  entryQuality: number;
}

/** A complete confluence evaluation; `qualifies` says whether it is a signal. */
export interface ConfluenceAnalysis {
  bias: Bias;
  entry: EntryPattern | null;
  scores: ConfluenceScores;
  factors: ReasonNote[];
  warnings: ReasonNote[];
  qualifies: boolean;
  /** Why it does not qualify (empty when it does). */
  rejections: string[];
}

/** Trend, strength and weight of one higher timeframe, as the bias vote needs them. */
export interface BiasVote {
  trend: Direction | null;
  trendStrength: number;
  weight: number;
  cycle: MarketCycle;
}

/**
 * Higher-timeframe bias: long = Σ weight·strength over LONG trends / Σ weight (short alike); the
 * bias is the side whose share is larger and above `minimumBiasScore`.
 */
export function computeBias(votes: readonly BiasVote[], minimumBiasScore: number): Bias {
  let long = 0;
  let short = 0;
  let weights = 0;
  const cycleCounts = new Map<MarketCycle, number>();
  for (const vote of votes) {
    weights += vote.weight;
    if (vote.trend === "LONG") long += vote.weight * vote.trendStrength;
    else if (vote.trend === "SHORT") short += vote.weight * vote.trendStrength;
    cycleCounts.set(vote.cycle, (cycleCounts.get(vote.cycle) ?? 0) + 1);
  }
  const longScore = weights > 0 ? long / weights : 0;
  const shortScore = weights > 0 ? short / weights : 0;
  let cycle: MarketCycle | null = null;
  let cycleCount = 0;
  for (const [candidate, count] of cycleCounts) {
    if (count > cycleCount) {
      cycle = candidate;
      cycleCount = count;
    }
  }
  let direction: Direction | null = null;
  if (longScore > shortScore && longScore > minimumBiasScore) direction = "LONG";
  else if (shortScore > longScore && shortScore > minimumBiasScore) direction = "SHORT";
  const strength = direction === "LONG" ? longScore : direction === "SHORT" ? shortScore : 0;
  return { direction, strength, longScore, shortScore, cycle };
}

/**
 * The entry pattern: the most confident pattern of the lower timeframes whose direction is the
 * bias (or NEUTRAL when allowed); ties go to the timeframe listed first. The original took the
 * most confident pattern whatever its direction, since its patterns carried none.
 */
export function selectEntryPattern(
  candidates: ReadonlyArray<{ interval: CandleInterval; pattern: PatternDetection | null }>,
  bias: Direction | null,
  allowNeutral: boolean,
): EntryPattern | null {
  if (bias === null) return null;
  let best: EntryPattern | null = null;
  for (const { interval, pattern } of candidates) {
    if (pattern === null) continue;
    if (pattern.direction !== bias && !(allowNeutral && pattern.direction === "NEUTRAL")) continue;
    if (best === null || pattern.confidence > best.confidence) best = { ...pattern, interval };
  }
  return best;
}

const CYCLE_SCORE_MULTIPLIER: Readonly<Record<MarketCycle, number>> = {
  DRIVE: 1.2,
  RANGE: 0.7,
  LIQUIDITY: 0.5,
};

const percent = (value: number): string => `${Math.round(value * 100)}%`;

/**
 * Scores a set of timeframe analyses (the original `ConfluenceScorer`):
 * - pattern = mean over timeframes with a pattern of min(conf × 1.2 if it points with the bias,
 *   × 0.5 if against, × 1 if neutral, 1);
 * - structure = mean over timeframes of min(trend strength × 1.3 if trending with the bias,
 *   × 0.5 if against, 1);
 * - cycle = mean of min(cycle confidence × 1.2 DRIVE / 0.7 RANGE / 0.5 LIQUIDITY, 1);
 * - zone = mean of 0.8 (near support with a LONG bias, near resistance with SHORT), 0.3 (near
 *   another zone), 0.5 (no zone near);
 * - total = weighted sum (0.25 / 0.30 / 0.25 / 0.20); alignment as in {@link ConfluenceScores}
 *   (the original truncated the aligned count to an integer, losing the half votes).
 * A signal qualifies with a bias, an entry pattern, total ≥ 0.60, alignment ≥ 0.60 and entry
 * confidence ≥ 0.50.
 */
export function scoreConfluence(
  analyses: readonly TimeframeAnalysis[],
  parameters: ConfluenceParameters,
): ConfluenceAnalysis {
  const higher = analyses.filter((analysis) => analysis.role === "higher");
  const lower = analyses.filter((analysis) => analysis.role === "lower");
  const bias = computeBias(
    higher.map((analysis) => ({
      trend: analysis.structure.trend,
      trendStrength: analysis.structure.trendStrength,
      weight: analysis.weight,
      cycle: analysis.cycle.cycle,
    })),
    parameters.minimumBiasScore,
  );
  const side = bias.direction;
  const entry = selectEntryPattern(lower, side, parameters.allowNeutralEntry);

  let patternSum = 0;
  let patternCount = 0;
  let structureSum = 0;
  let cycleSum = 0;
  let zoneSum = 0;
  let aligned = 0;
  let longTrends = 0;
  let shortTrends = 0;
  const cycles = new Set<MarketCycle>();
  for (const analysis of analyses) {
    const { pattern, structure, cycle, nearZone } = analysis;
    if (pattern !== null) {
      const factor =
        side === null || pattern.direction === "NEUTRAL" ? 1 : pattern.direction === side ? 1.2 : 0.5;
      patternSum += Math.min(pattern.confidence * factor, 1);
      patternCount++;
    }
    const trendFactor = side === null || structure.trend === null ? 1 : structure.trend === side ? 1.3 : 0.5;
    structureSum += Math.min(structure.trendStrength * trendFactor, 1);
    cycleSum += Math.min(cycle.confidence * CYCLE_SCORE_MULTIPLIER[cycle.cycle], 1);
    const supportive =
      nearZone !== null &&
      ((nearZone.kind === "support" && side === "LONG") ||
        (nearZone.kind === "resistance" && side === "SHORT"));
    zoneSum += nearZone === null ? 0.5 : supportive ? 0.8 : 0.3;
    if (side !== null && structure.trend === side) aligned += 1;
    else if (side !== null && analysis.momentumDirection === side) aligned += 0.5;
    if (structure.trend === "LONG") longTrends++;
    else if (structure.trend === "SHORT") shortTrends++;
    cycles.add(cycle.cycle);
  }
  const count = Math.max(analyses.length, 1);
  const weights = parameters.weights;
  const pattern = patternCount > 0 ? patternSum / patternCount : 0;
  const structure = structureSum / count;
  const cycle = cycleSum / count;
  const zone = zoneSum / count;
  const total =
    weights.pattern * pattern + weights.structure * structure + weights.cycle * cycle + weights.zone * zone;
  const alignment = aligned / count;
  const entryQuality = entry?.confidence ?? 0;
  const scores: ConfluenceScores = {
    pattern,
    structure,
    cycle,
    zone,
    total,
    alignment,
    confidence: 0.6 * total + 0.3 * alignment + 0.1 * bias.strength,
    signalStrength: 0.4 * entryQuality + 0.4 * total + 0.2 * alignment,
    entryQuality,
  };

  const warnings: ReasonNote[] = [];
  const factors: ReasonNote[] = [];
  if (alignment < 0.5)
    warnings.push({ code: "low_alignment", message: `only ${percent(alignment)} of timeframes align` });
  if (cycles.size > 1)
    warnings.push({
      code: "mixed_cycles",
      message: `timeframes disagree on the cycle (${[...cycles].join(", ")})`,
    });
  if (bias.cycle === "RANGE") warnings.push({ code: "htf_range", message: "higher timeframes are ranging" });
  if (bias.cycle === "LIQUIDITY")
    warnings.push({ code: "htf_liquidity", message: "higher timeframes are sweeping liquidity" });
  if (side !== null && bias.strength < 0.4)
    warnings.push({ code: "weak_bias", message: `bias strength ${bias.strength.toFixed(2)} < 0.40` });
  if (Math.abs(longTrends - shortTrends) <= 1) {
    warnings.push({
      code: "conflicting_trends",
      message: `${longTrends} timeframe(s) trend LONG, ${shortTrends} SHORT`,
    });
  }
  if (side !== null) {
    factors.push({
      code: "htf_bias",
      message: `higher-timeframe bias ${side} (${bias.strength.toFixed(2)})`,
    });
    for (const analysis of analyses) {
      const change = analysis.structure.lastChangeOfCharacter;
      if (change === null || change.to !== oppositeDirection(side)) continue;
      const age = analysis.candles - 1 - change.structureBreak.index;
      if (age < parameters.patternRecentBars) {
        warnings.push({
          code: "opposing_change_of_character",
          message: `change of character to ${change.to} ${age} candle(s) ago`,
          timeframe: analysis.interval,
        });
      }
    }
  }
  if (bias.cycle === "DRIVE") factors.push({ code: "htf_drive", message: "higher timeframes are driving" });
  if (alignment >= 0.75)
    factors.push({ code: "strong_alignment", message: `${percent(alignment)} of timeframes align` });
  if (entry !== null) {
    factors.push({
      code: "entry_pattern",
      message: `${entry.type} ${entry.direction} on ${entry.interval} (${entry.confidence.toFixed(2)})`,
      timeframe: entry.interval,
    });
  }
  for (const analysis of analyses) {
    const zone = analysis.nearZone;
    if (zone === null) continue;
    factors.push({
      code: zone.kind === "support" ? "near_support" : "near_resistance",
      message: `close ${(zone.distance * 100).toFixed(2)}% from ${zone.kind} ${zone.price}`,
      timeframe: analysis.interval,
    });
  }

  const rejections: string[] = [];
  if (side === null) rejections.push("no higher-timeframe bias");
  if (entry === null) rejections.push("no entry pattern on a lower timeframe");
  if (total < parameters.minimumTotalScore)
    rejections.push(`total ${total.toFixed(3)} < ${parameters.minimumTotalScore}`);
  if (alignment < parameters.minimumAlignment) {
    rejections.push(`alignment ${alignment.toFixed(3)} < ${parameters.minimumAlignment}`);
  }
  if (entryQuality < parameters.minimumEntryConfidence) {
    rejections.push(`entry confidence ${entryQuality.toFixed(3)} < ${parameters.minimumEntryConfidence}`);
  }
  return { bias, entry, scores, factors, warnings, qualifies: rejections.length === 0, rejections };
}

import { type CandleInterval, intervalToMs } from "../data/index.ts";
import type { ConfluenceParameters } from "./confluence-options.ts";
import type { ConfluenceAnalysis, ConfluenceScores, ReasonNote } from "./confluence-scorer.ts";
import { round6 } from "./numeric.ts";
import type { Direction, MarketCycle, PatternDirection, PatternType } from "./signal-types.ts";
import type { TimeframeAnalysis } from "./timeframe-analysis.ts";

/** What each timeframe looked like when the signal fired (part of {@link SignalReasoning}). */
export interface TimeframeSummary {
  interval: CandleInterval;
  role: "higher" | "lower";
  trend: Direction | null;
  trendStrength: number;
  cycle: MarketCycle;
  cycleConfidence: number;
  cyclePhase: string;
  momentum: number;
  pattern: { type: PatternType; direction: PatternDirection; confidence: number; timestamp: number } | null;
  nearZone: { kind: "support" | "resistance"; price: number } | null;
  lastBreak: { kind: "bos_high" | "bos_low"; price: number; timestamp: number } | null;
  lastChangeOfCharacter: { to: Direction; confidence: number; timestamp: number } | null;
}

/**
 * Why a signal fired: plain JSON (numbers rounded to 6 decimals), stored with the trade it opens
 * and shown by `hlbot signals`.
 */
export interface SignalReasoning {
  scores: ConfluenceScores;
  bias: {
    direction: Direction;
    strength: number;
    longScore: number;
    shortScore: number;
    cycle: MarketCycle | null;
  };
  entryPattern: {
    type: PatternType;
    direction: PatternDirection;
    interval: CandleInterval;
    confidence: number;
    timestamp: number;
  };
  factors: ReasonNote[];
  warnings: ReasonNote[];
  timeframes: TimeframeSummary[];
  /** One line for people, e.g. "LONG: le on 5m (0.71), 4h/1h bias LONG 0.53, total 0.64 …". */
  summary: string;
}

/** A trade signal of the confluence engine. Plain data (JSON-safe). */
export interface Signal {
  /** Deterministic id: `sig_<symbol>_<time>`. */
  id: string;
  symbol: string;
  /** When the signal became known: close time of the base candle that closed the entry candle, ms UTC. */
  time: number;
  /** Index of that base candle in the base series (0-based count of updates − 1). */
  baseIndex: number;
  side: Direction;
  entryInterval: CandleInterval;
  /** The latest close when the signal fired (see {@link latestClose}). */
  entry: number;
  /** Stop beyond the nearest structure level (zone, else swing), else `defaultStopFraction` away. */
  stop: number;
  stopSource: "zone" | "swing" | "default";
  /** |entry − stop|, price units. */
  risk: number;
  /** Take-profit prices, nearest first (default 1R and 2R). */
  targets: number[];
  /** Zone levels beyond the entry in the trade's direction (with the stop buffer), nearest first. */
  structureTargets: number[];
  /** |targets[0] − entry| / risk. */
  riskReward: number;
  confidence: number;
  signalStrength: number;
  /** time + `expiryCandles` entry-timeframe candles, ms UTC. */
  expiresAt: number;
  reasoning: SignalReasoning;
}

function roundScores(scores: ConfluenceScores): ConfluenceScores {
  const rounded = { ...scores };
  for (const key of Object.keys(rounded) as Array<keyof ConfluenceScores>)
    rounded[key] = round6(rounded[key]);
  return rounded;
}

function summarize(analysis: TimeframeAnalysis): TimeframeSummary {
  const { structure, cycle, pattern, nearZone } = analysis;
  const lastBreak = structure.lastBreak;
  const change = structure.lastChangeOfCharacter;
  return {
    interval: analysis.interval,
    role: analysis.role,
    trend: structure.trend,
    trendStrength: structure.trendStrength,
    cycle: cycle.cycle,
    cycleConfidence: round6(cycle.confidence),
    cyclePhase: cycle.subPhase,
    momentum: round6(analysis.momentum),
    pattern:
      pattern === null
        ? null
        : {
            type: pattern.type,
            direction: pattern.direction,
            confidence: round6(pattern.confidence),
            timestamp: pattern.timestamp,
          },
    nearZone: nearZone === null ? null : { kind: nearZone.kind, price: nearZone.price },
    lastBreak:
      lastBreak === null
        ? null
        : { kind: lastBreak.kind, price: lastBreak.price, timestamp: lastBreak.timestamp },
    lastChangeOfCharacter:
      change === null
        ? null
        : {
            to: change.to,
            confidence: round6(change.confidence),
            timestamp: change.structureBreak.timestamp,
          },
  };
}

/** Stop level and its source for `side` at `entry`, from the structures of every timeframe. */
export function structureStop(
  side: Direction,
  entry: number,
  analyses: readonly TimeframeAnalysis[],
  parameters: Pick<ConfluenceParameters, "stopBuffer" | "defaultStopFraction">,
): { stop: number; source: "zone" | "swing" | "default" } {
  const long = side === "LONG";
  let zoneLevel = Number.NaN;
  let swingLevel = Number.NaN;
  for (const { structure } of analyses) {
    for (const zone of long ? structure.supportZones : structure.resistanceZones) {
      if (
        long
          ? zone.price < entry && !(zone.price <= zoneLevel)
          : zone.price > entry && !(zone.price >= zoneLevel)
      ) {
        zoneLevel = zone.price;
      }
    }
    for (const swing of long ? structure.swingLows : structure.swingHighs) {
      if (!swing.confirmed) continue;
      if (
        long
          ? swing.price < entry && !(swing.price <= swingLevel)
          : swing.price > entry && !(swing.price >= swingLevel)
      ) {
        swingLevel = swing.price;
      }
    }
  }
  const buffer = long ? 1 - parameters.stopBuffer : 1 + parameters.stopBuffer;
  if (!Number.isNaN(zoneLevel)) return { stop: zoneLevel * buffer, source: "zone" };
  if (!Number.isNaN(swingLevel)) return { stop: swingLevel * buffer, source: "swing" };
  return {
    stop: long ? entry * (1 - parameters.defaultStopFraction) : entry * (1 + parameters.defaultStopFraction),
    source: "default",
  };
}

/**
 * The most recent close among the timeframes: the close of the candle that ends last (ties: the
 * shorter timeframe). The original took the last close of the entry timeframe, which is stale
 * when a coarser entry candle (15m) is evaluated at the close of a finer one (5m).
 */
export function latestClose(analyses: readonly TimeframeAnalysis[]): number {
  let best = Number.NaN;
  let bestEnd = Number.NEGATIVE_INFINITY;
  let bestLength = Number.POSITIVE_INFINITY;
  for (const analysis of analyses) {
    const length = intervalToMs(analysis.interval);
    const end = analysis.timestamp + length;
    if (end > bestEnd || (end === bestEnd && length < bestLength)) {
      best = analysis.lastClose;
      bestEnd = end;
      bestLength = length;
    }
  }
  return best;
}

/**
 * Turns a qualifying confluence evaluation into a {@link Signal}: entry = {@link latestClose}; stop from {@link structureStop}; targets entry ± m·risk for each of
 * `targetRiskMultiples` (or, with `targetMode: "structure"`, the zone levels beyond the entry —
 * resistances × 0.998 for a LONG — when there are any).
 *
 * @throws Error when `analysis` does not qualify (an invariant of the caller).
 */
export function buildSignal(
  analysis: ConfluenceAnalysis,
  analyses: readonly TimeframeAnalysis[],
  parameters: ConfluenceParameters,
  context: { symbol: string; time: number; baseIndex: number },
): Signal {
  const { bias, entry: pattern } = analysis;
  const side = bias.direction;
  if (!analysis.qualifies || side === null || pattern === null)
    throw new Error("buildSignal: evaluation does not qualify");
  const entry = latestClose(analyses);
  const long = side === "LONG";
  const { stop, source } = structureStop(side, entry, analyses, parameters);
  const risk = Math.abs(entry - stop);
  const levels = new Set<number>();
  for (const { structure } of analyses) {
    for (const zone of long ? structure.resistanceZones : structure.supportZones) {
      const level = zone.price * (long ? 1 - parameters.stopBuffer : 1 + parameters.stopBuffer);
      if (long ? level > entry : level < entry) levels.add(level);
    }
  }
  const structureTargets = [...levels]
    .sort((left, right) => (long ? left - right : right - left))
    .slice(0, parameters.maximumStructureTargets);
  const riskTargets = parameters.targetRiskMultiples.map((multiple) =>
    long ? entry + multiple * risk : entry - multiple * risk,
  );
  const targets =
    parameters.targetMode === "structure" && structureTargets.length > 0 ? structureTargets : riskTargets;
  const firstTarget = targets[0] as number;
  const reasoning: SignalReasoning = {
    scores: roundScores(analysis.scores),
    bias: {
      direction: side,
      strength: round6(bias.strength),
      longScore: round6(bias.longScore),
      shortScore: round6(bias.shortScore),
      cycle: bias.cycle,
    },
    entryPattern: {
      type: pattern.type,
      direction: pattern.direction,
      interval: pattern.interval,
      confidence: round6(pattern.confidence),
      timestamp: pattern.timestamp,
    },
    factors: analysis.factors,
    warnings: analysis.warnings,
    timeframes: analyses.map(summarize),
    summary:
      `${side}: ${pattern.type} on ${pattern.interval} (${pattern.confidence.toFixed(2)}), ` +
      `bias ${bias.strength.toFixed(2)}, total ${analysis.scores.total.toFixed(2)}, ` +
      `alignment ${analysis.scores.alignment.toFixed(2)}, stop at ${source}`,
  };
  return {
    id: `sig_${context.symbol}_${context.time}`,
    symbol: context.symbol,
    time: context.time,
    baseIndex: context.baseIndex,
    side,
    entryInterval: pattern.interval,
    entry,
    stop,
    stopSource: source,
    risk,
    targets,
    structureTargets,
    riskReward: risk > 0 ? Math.abs(firstTarget - entry) / risk : 0,
    confidence: analysis.scores.confidence,
    signalStrength: analysis.scores.signalStrength,
    expiresAt: context.time + parameters.expiryCandles * intervalToMs(pattern.interval),
    reasoning,
  };
}

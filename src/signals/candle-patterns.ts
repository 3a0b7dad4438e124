import type { CandleMetrics } from "./candle-metrics.ts";
import type { MarketCycle, PatternDirection, PatternType } from "./signal-types.ts";

/**
 * Thresholds of the `le` (liquidity engulf) pattern.
 *
 * Choice of definition: the original system had two. Its detector required a long upper wick
 * (upper wick ≥ 2 × body) *and* a close in the top 30 % of the range, which together leave almost
 * only tiny-bodied candles and describe no engulfing at all (it fired on ~1.7 % of candles); the
 * strategy author's own description (the rule-extraction prompt) was "a large engulfing candle
 * with small wicks". We implement the latter, because it is what the name says, it has a
 * direction (needed to align an entry with the higher-timeframe bias), and its hard rules are not
 * self-contradictory. From the detector we keep the close-position rule, made directional, and
 * the liquidity part of the name becomes a score: a bullish engulf that first swept the previous
 * candle's low (a bearish one, its high) scores higher.
 *
 * Hard requirements (bullish; bearish mirrored): previous candle bearish (when
 * `requireOppositePrevious`), open ≤ min(previous open, previous close), close ≥ max(previous
 * open, previous close), body ≥ `minimumEngulfRatio` × previous body, body / range ≥
 * `minimumBodyRatio`, close position ≥ `minimumClosePosition`.
 * Score = 0.30·min(body / previous body / 3, 1) + 0.25·directional close position
 * + 0.20·body ratio + 0.15·min((volume ratio − 1) / 2, 1) [if volume ratio > `volumeThreshold`]
 * + 0.10·(1 if the previous candle's opposite extreme was swept, else 0.3).
 */
export interface LiquidityEngulfParameters {
  minimumBodyRatio: number;
  minimumClosePosition: number;
  minimumEngulfRatio: number;
  requireOppositePrevious: boolean;
  volumeThreshold: number;
}

/** Thresholds of `small_wick` (a strong-bodied candle with short wicks; direction = its colour). */
export interface SmallWickParameters {
  /** Largest allowed wick / body of either wick (0.3). */
  maximumWickRatio: number;
  /** Smallest body / range (0.6). */
  minimumBodyRatio: number;
  /** Volume ratio above which volume scores (1.1). */
  volumeThreshold: number;
}

/** Thresholds of `steeper_wick` (one long rejection wick; lower wick → LONG, upper → SHORT). */
export interface SteeperWickParameters {
  /** Smallest long wick / body (1.5). */
  minimumWickToBody: number;
  /** Smallest long wick / short wick (3.0; infinite when the short wick is 0). */
  minimumImbalance: number;
}

/** Thresholds of `celery` (a small body between two balanced wicks: indecision, no direction). */
export interface CeleryParameters {
  /** Largest body / range (0.2). */
  maximumBodyRatio: number;
  /** Smallest wick balance 1 − |upper − lower| / (upper + lower) (0.7). */
  minimumWickBalance: number;
}

/** All pattern thresholds. */
export interface PatternParameters {
  le: LiquidityEngulfParameters;
  smallWick: SmallWickParameters;
  steeperWick: SteeperWickParameters;
  celery: CeleryParameters;
}

/** The defaults (the original system's values where it had one). */
export const DEFAULT_PATTERN_PARAMETERS: PatternParameters = {
  le: {
    minimumBodyRatio: 0.5,
    minimumClosePosition: 0.7,
    minimumEngulfRatio: 1,
    requireOppositePrevious: true,
    volumeThreshold: 1.2,
  },
  smallWick: { maximumWickRatio: 0.3, minimumBodyRatio: 0.6, volumeThreshold: 1.1 },
  steeperWick: { minimumWickToBody: 1.5, minimumImbalance: 3 },
  celery: { maximumBodyRatio: 0.2, minimumWickBalance: 0.7 },
};

/**
 * Confidence multipliers by market cycle (the result is capped at 1):
 * le 1.10/0.90/1.15, small_wick 1.20/0.80/1.00, steeper_wick 1.00/1.10/1.05, celery 0.90/1.20/0.95
 * for DRIVE/RANGE/LIQUIDITY.
 */
export const PATTERN_CYCLE_MULTIPLIERS: Readonly<Record<PatternType, Readonly<Record<MarketCycle, number>>>> =
  {
    le: { DRIVE: 1.1, RANGE: 0.9, LIQUIDITY: 1.15 },
    small_wick: { DRIVE: 1.2, RANGE: 0.8, LIQUIDITY: 1 },
    steeper_wick: { DRIVE: 1, RANGE: 1.1, LIQUIDITY: 1.05 },
    celery: { DRIVE: 0.9, RANGE: 1.2, LIQUIDITY: 0.95 },
  };

/** Open, high, low and close of one candle. */
export interface CandlePrices {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Score of one pattern on one candle: 0 when a hard requirement fails. */
export interface PatternScore {
  confidence: number;
  direction: PatternDirection;
}

const REJECTED: PatternScore = Object.freeze({ confidence: 0, direction: "NEUTRAL" }) as PatternScore;

const trendAligned = (metrics: CandleMetrics): boolean =>
  (metrics.bullish && metrics.trendSlope > 0) || (metrics.bearish && metrics.trendSlope < 0);

/** `le`, see {@link LiquidityEngulfParameters}. */
export function scoreLiquidityEngulf(
  metrics: CandleMetrics,
  current: CandlePrices,
  previous: CandlePrices,
  parameters: LiquidityEngulfParameters,
): PatternScore {
  if (!metrics.bullish && !metrics.bearish) return REJECTED;
  const { open, close } = current;
  const previousBody = Math.abs(previous.close - previous.open);
  const previousTop = Math.max(previous.open, previous.close);
  const previousBottom = Math.min(previous.open, previous.close);
  if (parameters.requireOppositePrevious) {
    if (metrics.bullish && !(previous.close < previous.open)) return REJECTED;
    if (metrics.bearish && !(previous.close > previous.open)) return REJECTED;
  }
  const engulfs = metrics.bullish
    ? open <= previousBottom && close >= previousTop
    : open >= previousTop && close <= previousBottom;
  if (!engulfs) return REJECTED;
  const engulfRatio = previousBody > 0 ? metrics.body / previousBody : Number.POSITIVE_INFINITY;
  if (engulfRatio < parameters.minimumEngulfRatio) return REJECTED;
  if (metrics.bodyRatio < parameters.minimumBodyRatio) return REJECTED;
  const closePosition = metrics.bullish ? metrics.closePosition : 1 - metrics.closePosition;
  if (closePosition < parameters.minimumClosePosition) return REJECTED;
  const swept = metrics.bullish ? current.low < previous.low : current.high > previous.high;
  let confidence = Math.min(engulfRatio / 3, 1) * 0.3 + closePosition * 0.25 + metrics.bodyRatio * 0.2;
  if (metrics.volumeRatio > parameters.volumeThreshold) {
    confidence += Math.min((metrics.volumeRatio - 1) / 2, 1) * 0.15;
  }
  confidence += (swept ? 1 : 0.3) * 0.1;
  return { confidence, direction: metrics.bullish ? "LONG" : "SHORT" };
}

/**
 * `small_wick`. Hard: max(upper, lower wick) / body ≤ `maximumWickRatio`, body ratio ≥
 * `minimumBodyRatio`. Score = 0.35·(1 − max wick ratio / maximum) + 0.30·body ratio
 * + 0.20·min((volume ratio − 1) / 1.5, 1) [if > threshold] + 0.15·(min(3·trend strength, 1) when
 * the candle goes with the trend slope, else 0.2).
 */
export function scoreSmallWick(metrics: CandleMetrics, parameters: SmallWickParameters): PatternScore {
  const wickRatio = Math.max(metrics.upperWickRatio, metrics.lowerWickRatio);
  if (!(wickRatio <= parameters.maximumWickRatio)) return REJECTED;
  if (metrics.bodyRatio < parameters.minimumBodyRatio) return REJECTED;
  let confidence = (1 - wickRatio / parameters.maximumWickRatio) * 0.35 + metrics.bodyRatio * 0.3;
  if (metrics.volumeRatio > parameters.volumeThreshold) {
    confidence += Math.min((metrics.volumeRatio - 1) / 1.5, 1) * 0.2;
  }
  confidence += (trendAligned(metrics) ? Math.min(3 * metrics.trendStrength, 1) : 0.2) * 0.15;
  return { confidence, direction: metrics.bullish ? "LONG" : "SHORT" };
}

/**
 * `steeper_wick`. Hard: long wick / body ≥ `minimumWickToBody`, long / short wick ≥
 * `minimumImbalance`. Score = 0.30·min(long wick ratio / 3, 1) + 0.25·min(imbalance / 6, 1)
 * + 0.20·(body ratio if ≥ 0.3 else 0.3) + 0.15·min(volume ratio, 2) / 2 [if > 1]
 * + 0.10·(min(2·trend strength, 1) when the wick rejects the trend — upper wick in an uptrend,
 * lower in a downtrend — else 0.5).
 */
export function scoreSteeperWick(metrics: CandleMetrics, parameters: SteeperWickParameters): PatternScore {
  const upperIsLong = metrics.upperWick > metrics.lowerWick;
  const longWick = upperIsLong ? metrics.upperWick : metrics.lowerWick;
  const shortWick = upperIsLong ? metrics.lowerWick : metrics.upperWick;
  if (!(longWick > 0)) return REJECTED;
  const wickRatio = metrics.body > 0 ? longWick / metrics.body : Number.POSITIVE_INFINITY;
  const imbalance = shortWick > 0 ? longWick / shortWick : Number.POSITIVE_INFINITY;
  if (wickRatio < parameters.minimumWickToBody || imbalance < parameters.minimumImbalance) return REJECTED;
  let confidence = Math.min(wickRatio / 3, 1) * 0.3 + Math.min(imbalance / 6, 1) * 0.25;
  confidence += Math.max(metrics.bodyRatio, 0.3) * 0.2;
  if (metrics.volumeRatio > 1) confidence += (Math.min(metrics.volumeRatio, 2) / 2) * 0.15;
  const rejectsTrend = upperIsLong ? metrics.trendSlope > 0 : metrics.trendSlope < 0;
  confidence += (rejectsTrend ? Math.min(2 * metrics.trendStrength, 1) : 0.5) * 0.1;
  return { confidence, direction: upperIsLong ? "SHORT" : "LONG" };
}

/**
 * `celery`. Hard: body ratio ≤ `maximumBodyRatio`, wick balance 1 − |u − l| / (u + l) ≥
 * `minimumWickBalance` (needs wicks). Score = 0.35·(1 − body ratio / maximum) + 0.30·balance
 * + 0.20·(min(range ratio, 2) / 2 if range ratio ≥ 0.5 else 0.3) + 0.15·min(volume ratio, 2) / 2
 * [if > 1]. Direction NEUTRAL.
 */
export function scoreCelery(metrics: CandleMetrics, parameters: CeleryParameters): PatternScore {
  if (metrics.bodyRatio > parameters.maximumBodyRatio) return REJECTED;
  const wicks = metrics.upperWick + metrics.lowerWick;
  if (!(wicks > 0)) return REJECTED;
  const balance = 1 - Math.abs(metrics.upperWick - metrics.lowerWick) / wicks;
  if (balance < parameters.minimumWickBalance) return REJECTED;
  let confidence = (1 - metrics.bodyRatio / parameters.maximumBodyRatio) * 0.35 + balance * 0.3;
  confidence += (metrics.rangeRatio >= 0.5 ? Math.min(metrics.rangeRatio, 2) / 2 : 0.3) * 0.2;
  if (metrics.volumeRatio > 1) confidence += (Math.min(metrics.volumeRatio, 2) / 2) * 0.15;
  return { confidence, direction: "NEUTRAL" };
}

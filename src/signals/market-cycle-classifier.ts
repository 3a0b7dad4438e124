import type { CandleSeries } from "../data/index.ts";
import { computeMarketCycleMetrics, type MarketCycleMetrics } from "./market-cycle-metrics.ts";
import { type Direction, MARKET_CYCLES, type MarketCycle } from "./signal-types.ts";

/** Score of each cycle in [0, 1]. */
export type MarketCycleScores = Record<MarketCycle, number>;

/** One classification. Plain data (JSON-safe). */
export interface MarketCycleState {
  cycle: MarketCycle;
  /** Score of the reported cycle in [0, 1]; 0 for `insufficient_data`. */
  confidence: number;
  /**
   * DRIVE: strong | moderate | accelerating | exhausting | steady; RANGE: tight | choppy |
   * mean_reverting | balanced; LIQUIDITY: multi_sweep | false_breakout_zone | reversal_zone |
   * liquidity_grab; `insufficient_data` with fewer than `minimumCandles` candles.
   */
  subPhase: string;
  scores: MarketCycleScores;
  /** Probability in [0, 1] that the cycle is about to change (see {@link transitionProbability}). */
  transitionProbability: number;
  /** Directional bias of the cycle, `null` when none. */
  bias: Direction | null;
  /** Health of the reported cycle in [0, 1] (weights 0.4 / 0.3 / 0.3, see {@link cycleHealth}). */
  health: number;
  /** Position-size adjustment the original recommended for this cycle (0.72 … 1.2). */
  sizeMultiplier: number;
  /** Consecutive classifications in this cycle, including this one (1 for a fresh cycle). */
  age: number;
  metrics: MarketCycleMetrics | null;
}

/** Parameters of the classifier. */
export interface MarketCycleParameters {
  /** Fewer candles give RANGE with confidence 0 (`insufficient_data`): 30. */
  minimumCandles: number;
  /** Candles the classifier reads (the longest metric window is 2 × 20): 40. */
  lookback: number;
  /** A cycle younger than this many classifications is kept … : 5. */
  stabilityPeriods: number;
  /** … unless another cycle wins with at least this score: 0.75. */
  stabilityOverride: number;
}

/** The original system's classifier parameters. */
export const DEFAULT_MARKET_CYCLE_PARAMETERS: MarketCycleParameters = {
  minimumCandles: 30,
  lookback: 40,
  stabilityPeriods: 5,
  stabilityOverride: 0.75,
};

/**
 * The three cycle scores, each capped at 1:
 * - DRIVE = 0.40·(|mom| − 0.65) / 0.35 [|mom| > 0.65] + 0.25·(dir − 0.70) / 0.30 [dir > 0.70]
 *   + 0.15·min(breaks / 5, 1) [breaks ≥ 2] + 0.10·min(max(HH, LL) / 4, 1)
 *   + 0.10·min(|acc| / 0.5, 1) [|acc| > 0.2];
 * - RANGE = 0.30·(1 − vol / 0.35) [vol < 0.35] + 0.25·(mr − 0.6) / 0.4 [mr > 0.6]
 *   + 0.20·min(osc / 8, 1) [osc ≥ 3] + 0.15·tightness + 0.10·(1 − |mom|);
 * - LIQUIDITY = 0.30·(wd − 0.6) / 0.4 [wd > 0.6] + 0.25·min(sweeps / 5, 1) [sweeps ≥ 2]
 *   + 0.20·min(false breaks / 4, 1) [≥ 2] + 0.15·min(reversals / 4, 1) [> 0]
 *   + 0.10·min(large wicks / 5, 1) [> 0].
 */
export function scoreMarketCycles(metrics: MarketCycleMetrics): MarketCycleScores {
  const momentum = Math.abs(metrics.momentum);
  let drive = 0;
  if (momentum > 0.65) drive += (0.4 * (momentum - 0.65)) / 0.35;
  if (metrics.directionalStrength > 0.7) drive += (0.25 * (metrics.directionalStrength - 0.7)) / 0.3;
  if (metrics.breaks >= 2) drive += 0.15 * Math.min(metrics.breaks / 5, 1);
  drive += 0.1 * Math.min(Math.max(metrics.higherHighs, metrics.lowerLows) / 4, 1);
  if (Math.abs(metrics.acceleration) > 0.2) drive += 0.1 * Math.min(Math.abs(metrics.acceleration) / 0.5, 1);

  let range = 0;
  if (metrics.normalizedVolatility < 0.35) range += 0.3 * (1 - metrics.normalizedVolatility / 0.35);
  if (metrics.meanReversion > 0.6) range += (0.25 * (metrics.meanReversion - 0.6)) / 0.4;
  if (metrics.oscillations >= 3) range += 0.2 * Math.min(metrics.oscillations / 8, 1);
  range += 0.15 * metrics.tightness + 0.1 * (1 - momentum);

  let liquidity = 0;
  if (metrics.wickDominance > 0.6) liquidity += (0.3 * (metrics.wickDominance - 0.6)) / 0.4;
  if (metrics.sweeps >= 2) liquidity += 0.25 * Math.min(metrics.sweeps / 5, 1);
  if (metrics.falseBreaks >= 2) liquidity += 0.2 * Math.min(metrics.falseBreaks / 4, 1);
  if (metrics.reversals > 0) liquidity += 0.15 * Math.min(metrics.reversals / 4, 1);
  if (metrics.largeWicks > 0) liquidity += 0.1 * Math.min(metrics.largeWicks / 5, 1);
  return { DRIVE: Math.min(drive, 1), RANGE: Math.min(range, 1), LIQUIDITY: Math.min(liquidity, 1) };
}

/** Sub-phase of `cycle` (first matching rule, see {@link MarketCycleState.subPhase}). */
export function cycleSubPhase(cycle: MarketCycle, metrics: MarketCycleMetrics): string {
  switch (cycle) {
    case "DRIVE": {
      const momentum = Math.abs(metrics.momentum);
      if (momentum > 0.85) return "strong";
      if (momentum > 0.7) return "moderate";
      if (metrics.acceleration > 0.3) return "accelerating";
      if (metrics.acceleration < -0.3) return "exhausting";
      return "steady";
    }
    case "RANGE":
      if (metrics.tightness > 0.8) return "tight";
      if (metrics.oscillations > 6) return "choppy";
      if (metrics.meanReversion > 0.8) return "mean_reverting";
      return "balanced";
    case "LIQUIDITY":
      if (metrics.sweeps > 3) return "multi_sweep";
      if (metrics.falseBreaks > 3) return "false_breakout_zone";
      if (metrics.reversals > 2) return "reversal_zone";
      return "liquidity_grab";
  }
}

/**
 * Probability that `cycle` ends soon: with `other` the best score of the other cycles and
 * `current` the score of `cycle`: min((other − current) / current, 1) when other > current
 * (1 when current is 0); 0.1 when current > 0.75; else max(0, 1 − (current − other)).
 */
export function transitionProbability(cycle: MarketCycle, scores: MarketCycleScores): number {
  const current = scores[cycle];
  let other = 0;
  for (const candidate of MARKET_CYCLES) if (candidate !== cycle) other = Math.max(other, scores[candidate]);
  if (other > current) return current > 0 ? Math.min((other - current) / current, 1) : 1;
  if (current > 0.75) return 0.1;
  return Math.max(0, 1 - (current - other));
}

/**
 * Health of `cycle` in [0, 1] (the original weighted three measures 0.4 / 0.3 / 0.3; its exact
 * inputs are not recorded, these are ours): DRIVE 0.4·|mom| + 0.3·directional strength
 * + 0.3·min(breaks / 5, 1); RANGE 0.4·tightness + 0.3·mean reversion + 0.3·(1 − |mom|);
 * LIQUIDITY 0.4·min(wick dominance, 1) + 0.3·min(sweeps / 5, 1) + 0.3·min(reversals / 4, 1).
 */
export function cycleHealth(cycle: MarketCycle, metrics: MarketCycleMetrics): number {
  const momentum = Math.abs(metrics.momentum);
  switch (cycle) {
    case "DRIVE":
      return (
        0.4 * momentum +
        0.3 * Math.min(metrics.directionalStrength, 1) +
        0.3 * Math.min(metrics.breaks / 5, 1)
      );
    case "RANGE":
      return 0.4 * metrics.tightness + 0.3 * metrics.meanReversion + 0.3 * (1 - momentum);
    case "LIQUIDITY":
      return (
        0.4 * Math.min(metrics.wickDominance, 1) +
        0.3 * Math.min(metrics.sweeps / 5, 1) +
        0.3 * Math.min(metrics.reversals / 4, 1)
      );
  }
}

/** Bias: momentum > 0.4 → LONG, < −0.4 → SHORT; else HH > LL + 1 → LONG, LL > HH + 1 → SHORT. */
export function cycleBias(metrics: MarketCycleMetrics): Direction | null {
  if (metrics.momentum > 0.4) return "LONG";
  if (metrics.momentum < -0.4) return "SHORT";
  if (metrics.higherHighs > metrics.lowerLows + 1) return "LONG";
  if (metrics.lowerLows > metrics.higherHighs + 1) return "SHORT";
  return null;
}

function insufficientData(): MarketCycleState {
  return {
    cycle: "RANGE",
    confidence: 0,
    subPhase: "insufficient_data",
    scores: { DRIVE: 0, RANGE: 0, LIQUIDITY: 0 },
    transitionProbability: 0,
    bias: null,
    health: 0,
    sizeMultiplier: 1,
    age: 0,
    metrics: null,
  };
}

function describe(cycle: MarketCycle, age: number, metrics: MarketCycleMetrics, scores: MarketCycleScores) {
  const health = cycleHealth(cycle, metrics);
  const transition = transitionProbability(cycle, scores);
  let sizeMultiplier = 1;
  if (cycle === "DRIVE") sizeMultiplier = health > 0.7 ? 1.2 : 1;
  else if (cycle === "RANGE") sizeMultiplier = metrics.tightness > 0.7 ? 1.1 : 0.9;
  else sizeMultiplier = 0.8;
  if (transition > 0.6) sizeMultiplier *= 0.9;
  const state: MarketCycleState = {
    cycle,
    confidence: scores[cycle],
    subPhase: cycleSubPhase(cycle, metrics),
    scores,
    transitionProbability: transition,
    bias: cycleBias(metrics),
    health,
    sizeMultiplier,
    age,
    metrics,
  };
  return state;
}

function winnerOf(scores: MarketCycleScores): MarketCycle {
  let winner: MarketCycle = "DRIVE";
  for (const cycle of MARKET_CYCLES) if (scores[cycle] > scores[winner]) winner = cycle;
  return winner;
}

/** Stateless classification of candles `[from, to)` (the arg-max cycle, no stability rule). */
export function classifyMarketCycle(
  series: CandleSeries,
  from = 0,
  to: number = series.length,
  parameters: MarketCycleParameters = DEFAULT_MARKET_CYCLE_PARAMETERS,
): MarketCycleState {
  if (to - from < parameters.minimumCandles) return insufficientData();
  const metrics = computeMarketCycleMetrics(series, Math.max(from, to - parameters.lookback), to);
  const scores = scoreMarketCycles(metrics);
  return describe(winnerOf(scores), 1, metrics, scores);
}

/**
 * Stateful classifier of one timeframe, called once per closed candle (the original kept a
 * history per instance; the confluence scorer never reached it because it called a method that
 * did not exist). Stability rule: while the current cycle is younger than `stabilityPeriods`
 * classifications, a different winner replaces it only with a score ≥ `stabilityOverride`.
 * Classifications with too few candles do not touch the state.
 */
export class MarketCycleClassifier {
  private currentCycle: MarketCycle | null = null;
  private currentAge = 0;

  constructor(private readonly parameters: MarketCycleParameters = DEFAULT_MARKET_CYCLE_PARAMETERS) {}

  /** Classifies candles `[from, to)` and advances the state. Reads no candle at or after `to`. */
  classify(series: CandleSeries, from = 0, to: number = series.length): MarketCycleState {
    if (to - from < this.parameters.minimumCandles) return insufficientData();
    const metrics = computeMarketCycleMetrics(series, Math.max(from, to - this.parameters.lookback), to);
    const scores = scoreMarketCycles(metrics);
    const winner = winnerOf(scores);
    const current = this.currentCycle;
    if (current === null) {
      this.currentCycle = winner;
      this.currentAge = 1;
    } else if (winner === current) {
      this.currentAge++;
    } else if (
      this.currentAge < this.parameters.stabilityPeriods &&
      scores[winner] < this.parameters.stabilityOverride
    ) {
      this.currentAge++;
    } else {
      this.currentCycle = winner;
      this.currentAge = 1;
    }
    return describe(this.currentCycle as MarketCycle, this.currentAge, metrics, scores);
  }

  /** The current cycle, `null` before the first classification. */
  get cycle(): MarketCycle | null {
    return this.currentCycle;
  }

  /** Forgets the state. */
  reset(): void {
    this.currentCycle = null;
    this.currentAge = 0;
  }
}

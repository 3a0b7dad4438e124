import { ValidationError } from "../core/errors.ts";
import {
  type CandleInterval,
  type CandleResampler,
  type CandleSeries,
  createResampler,
  inferIntervalMs,
  intervalToMs,
} from "../data/index.ts";
import {
  type ConfluenceOptions,
  type ConfluenceParameters,
  resolveConfluenceParameters,
} from "./confluence-options.ts";
import {
  type ConfluenceAnalysis,
  computeBias,
  scoreConfluence,
  selectEntryPattern,
} from "./confluence-scorer.ts";
import { MarketCycleClassifier, type MarketCycleState } from "./market-cycle-classifier.ts";
import type { MarketStructure } from "./market-structure.ts";
import type { PatternDetection } from "./pattern-scan.ts";
import { RollingCandles } from "./rolling-candles.ts";
import { reportConfluenceScore } from "./score-observer.ts";
import {
  analyzeTimeframe,
  type TimeframeAnalysis,
  timeframePattern,
  timeframeStructure,
} from "./timeframe-analysis.ts";
import { buildSignal, type Signal } from "./trade-signal.ts";

/** Options of {@link SignalDetector} and {@link detectSignals}. */
export interface SignalDetectorOptions extends ConfluenceOptions {
  /** Length of a base candle in ms (e.g. 60_000 for 1m); every timeframe must be a multiple. */
  baseIntervalMs: number;
  /** Symbol used in signal ids; default "asset". */
  symbol?: string;
}

interface TimeframeState {
  interval: CandleInterval;
  role: "higher" | "lower";
  weight: number;
  resampler: CandleResampler;
  classifier: MarketCycleClassifier;
  candles: RollingCandles;
  series: CandleSeries;
  closed: number;
  cycle: MarketCycleState | null;
  structure: MarketStructure | null;
  pattern: PatternDetection | null | undefined;
}

/**
 * Incremental confluence engine for the bar loop. Feed every closed base candle, in time order,
 * to {@link update}; it resamples them to each configured timeframe with the data layer's
 * streaming resampler (a higher-timeframe candle exists only once its last base candle has been
 * fed, so nothing looks ahead), classifies each timeframe's market cycle once per closed candle,
 * and evaluates the confluence whenever a lower (entry) timeframe closes a candle.
 *
 * Work and memory per base candle are bounded: each timeframe keeps its recent closed candles in
 * a {@link RollingCandles} buffer, every analysis reads a fixed window of them
 * (`structureLookback`, the classifier's `lookback`, `patternLookback + patternRecentBars`), and
 * structures and patterns are computed lazily and cached until their timeframe closes again. An
 * entry pattern is reported at most once: later evaluations that pick the same pattern candle do
 * not repeat the signal.
 */
export class SignalDetector {
  readonly parameters: ConfluenceParameters;
  readonly baseIntervalMs: number;
  readonly symbol: string;
  private readonly timeframes: TimeframeState[];
  private readonly higher: TimeframeState[];
  private readonly lower: TimeframeState[];
  private updates = 0;
  private lastEntryKey = "";

  constructor(options: SignalDetectorOptions) {
    this.parameters = resolveConfluenceParameters(options);
    if (!Number.isSafeInteger(options.baseIntervalMs) || options.baseIntervalMs <= 0) {
      throw new ValidationError(`baseIntervalMs must be a positive integer, got ${options.baseIntervalMs}`, {
        field: "baseIntervalMs",
      });
    }
    this.baseIntervalMs = options.baseIntervalMs;
    this.symbol = options.symbol ?? "asset";
    const parameters = this.parameters;
    const keep = Math.max(
      parameters.structureLookback,
      parameters.cycle.lookback,
      parameters.cycle.minimumCandles,
      parameters.patternLookback + parameters.patternRecentBars,
      parameters.momentumLookback,
      parameters.minimumCandles,
    );
    const make = (interval: CandleInterval, role: "higher" | "lower", weight: number): TimeframeState => {
      const resampler = createResampler(this.baseIntervalMs, intervalToMs(interval), 256);
      const candles = new RollingCandles(keep);
      return {
        interval,
        role,
        weight,
        resampler,
        classifier: new MarketCycleClassifier(parameters.cycle),
        candles,
        series: candles.series,
        closed: 0,
        cycle: null,
        structure: null,
        pattern: undefined,
      };
    };
    this.higher = this.parameters.higherTimeframes.map((timeframe) =>
      make(timeframe.interval, "higher", timeframe.weight),
    );
    this.lower = this.parameters.lowerTimeframes.map((interval) => make(interval, "lower", 0));
    this.timeframes = [...this.higher, ...this.lower];
  }

  /** Base candles fed so far. */
  get baseCandles(): number {
    return this.updates;
  }

  /**
   * Feeds the next closed base candle (open time `timestamp`, ms UTC).
   *
   * @returns the signal that this candle completes, or `null`.
   * @throws ValidationError when `timestamp` is not after the previous one.
   */
  update(
    timestamp: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): Signal | null {
    const baseIndex = this.updates++;
    let lowerClosed = false;
    for (const state of this.timeframes) {
      const resampler = state.resampler;
      if (!resampler.push(timestamp, open, high, low, close, volume)) continue;
      const count = resampler.closedCount;
      for (let index = count - resampler.closedByLastPush; index < count; index++) {
        state.candles.push(
          resampler.closedValue(index, "timestamp"),
          resampler.closedValue(index, "open"),
          resampler.closedValue(index, "high"),
          resampler.closedValue(index, "low"),
          resampler.closedValue(index, "close"),
          resampler.closedValue(index, "volume"),
        );
        state.cycle = state.classifier.classify(state.series, 0, state.series.length);
      }
      state.closed = state.series.length;
      state.structure = null;
      state.pattern = undefined;
      if (state.role === "lower") lowerClosed = true;
    }
    if (!lowerClosed) return null;
    return this.evaluate(timestamp + this.baseIntervalMs, baseIndex);
  }

  /** The full confluence evaluation of the current state, or `null` while a timeframe lacks candles. */
  analyze(): { analysis: ConfluenceAnalysis; timeframes: TimeframeAnalysis[] } | null {
    if (!this.ready()) return null;
    const timeframes = this.timeframes.map((state) => this.analysisOf(state));
    return { analysis: scoreConfluence(timeframes, this.parameters), timeframes };
  }

  private ready(): boolean {
    for (const state of this.timeframes)
      if (state.candles.total < this.parameters.minimumCandles) return false;
    return true;
  }

  private structureOf(state: TimeframeState): MarketStructure {
    state.structure ??= timeframeStructure(state.series, state.closed, this.parameters);
    return state.structure;
  }

  private patternOf(state: TimeframeState): PatternDetection | null {
    if (state.pattern === undefined) {
      state.pattern = timeframePattern(
        state.series,
        state.closed,
        state.cycle as MarketCycleState,
        this.parameters,
      );
    }
    return state.pattern;
  }

  private analysisOf(state: TimeframeState): TimeframeAnalysis {
    return analyzeTimeframe(
      state.series,
      state.closed,
      state,
      state.cycle as MarketCycleState,
      this.parameters,
      {
        structure: this.structureOf(state),
        pattern: this.patternOf(state),
      },
    );
  }

  private evaluate(time: number, baseIndex: number): Signal | null {
    if (!this.ready()) return null;
    const parameters = this.parameters;
    // Cheap necessary conditions first (same functions as the full scorer, so the result is
    // identical): a bias from the higher timeframes, then a qualifying entry pattern.
    const bias = computeBias(
      this.higher.map((state) => {
        const structure = this.structureOf(state);
        return {
          trend: structure.trend,
          trendStrength: structure.trendStrength,
          weight: state.weight,
          cycle: (state.cycle as MarketCycleState).cycle,
        };
      }),
      parameters.minimumBiasScore,
    );
    if (bias.direction === null) return null;
    const entry = selectEntryPattern(
      this.lower.map((state) => ({ interval: state.interval, pattern: this.patternOf(state) })),
      bias.direction,
      parameters.allowNeutralEntry,
    );
    if (entry === null || entry.confidence < parameters.minimumEntryConfidence) return null;
    const entryKey = `${entry.interval}:${entry.timestamp}:${entry.type}`;
    if (entryKey === this.lastEntryKey) return null;
    const timeframes = this.timeframes.map((state) => this.analysisOf(state));
    const analysis = scoreConfluence(timeframes, parameters);
    reportConfluenceScore(analysis.scores.total);
    if (!analysis.qualifies) return null;
    this.lastEntryKey = entryKey;
    return buildSignal(analysis, timeframes, parameters, { symbol: this.symbol, time, baseIndex });
  }
}

/** Creates a {@link SignalDetector}. */
export function createSignalDetector(options: SignalDetectorOptions): SignalDetector {
  return new SignalDetector(options);
}

/**
 * Every confluence signal of a base series, in time order, each with the time it became known
 * (the close of the base candle that completed its entry candle). Equivalent to feeding every
 * candle to a {@link SignalDetector}; signals up to candle i never depend on candles after i.
 *
 * @param options.baseIntervalMs default: inferred from the series.
 * @throws ValidationError when the base interval cannot be inferred or a timeframe is not a
 *   multiple of it, or timestamps are not ascending.
 */
export function detectSignals(
  series: CandleSeries,
  options: ConfluenceOptions & { baseIntervalMs?: number; symbol?: string } = {},
): Signal[] {
  const baseIntervalMs = options.baseIntervalMs ?? inferIntervalMs(series);
  if (baseIntervalMs === null) {
    if (series.length === 0) return [];
    throw new ValidationError("cannot infer the base interval of the series; pass baseIntervalMs", {
      field: "baseIntervalMs",
    });
  }
  const detector = new SignalDetector({ ...options, baseIntervalMs });
  const signals: Signal[] = [];
  const { timestamp, open, high, low, close, volume } = series;
  for (let index = 0; index < series.length; index++) {
    const signal = detector.update(
      timestamp[index] as number,
      open[index] as number,
      high[index] as number,
      low[index] as number,
      close[index] as number,
      volume[index] as number,
    );
    if (signal !== null) signals.push(signal);
  }
  return signals;
}

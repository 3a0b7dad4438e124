import { ValidationError } from "../core/errors.ts";
import { ExponentialMovingAverage } from "./exponential-moving-average.ts";
import type { ValueIndicator } from "./indicator.ts";
import { requirePeriod } from "./validation.ts";

/** Parameters of {@link MovingAverageConvergenceDivergence}. */
export interface MovingAverageConvergenceDivergenceOptions {
  /** Fast EMA period, a positive integer smaller than `slowPeriod`. Default 12. */
  fastPeriod?: number;
  /** Slow EMA period, a positive integer. Default 26. */
  slowPeriod?: number;
  /** Signal EMA period (over the MACD line), a positive integer. Default 9. */
  signalPeriod?: number;
}

/** The outputs of {@link movingAverageConvergenceDivergence}, each as long as the input. */
export interface MovingAverageConvergenceDivergenceSeries {
  /** `EMA(fast) − EMA(slow)`. */
  macd: Float64Array;
  /** `EMA(signalPeriod)` of the MACD line. */
  signal: Float64Array;
  /** `macd − signal`. */
  histogram: Float64Array;
}

/**
 * Moving average convergence/divergence (MACD), in the unit of the input:
 * `macd = EMA_fast(x) − EMA_slow(x)`, `signal = EMA_signalPeriod(macd)`, `histogram = macd − signal`.
 * Every EMA is SMA-seeded (see {@link ExponentialMovingAverage}); the fast and slow EMAs start at the
 * first input, the signal EMA at the first defined MACD value.
 *
 * Warm-up: the MACD line is `NaN` for the first `slowPeriod − 1` updates, the signal line and the
 * histogram for the first `slowPeriod + signalPeriod − 2`. O(1) per update, no allocation.
 */
export class MovingAverageConvergenceDivergence implements ValueIndicator {
  /** Fast EMA period. */
  readonly fastPeriod: number;
  /** Slow EMA period. */
  readonly slowPeriod: number;
  /** Signal EMA period. */
  readonly signalPeriod: number;
  /** `slowPeriod − 1`: the number of leading `NaN` values of the MACD line. */
  readonly warmUpLength: number;
  private readonly fast: ExponentialMovingAverage;
  private readonly slow: ExponentialMovingAverage;
  private readonly signalAverage: ExponentialMovingAverage;
  private currentMacd = Number.NaN;

  /**
   * @throws ValidationError when a period is not a positive integer or `fastPeriod ≥ slowPeriod`.
   */
  constructor(options: MovingAverageConvergenceDivergenceOptions = {}) {
    this.fastPeriod = requirePeriod("fastPeriod", options.fastPeriod ?? 12);
    this.slowPeriod = requirePeriod("slowPeriod", options.slowPeriod ?? 26);
    this.signalPeriod = requirePeriod("signalPeriod", options.signalPeriod ?? 9);
    if (this.fastPeriod >= this.slowPeriod) {
      throw new ValidationError(
        `fastPeriod must be smaller than slowPeriod, received fastPeriod ${this.fastPeriod} and slowPeriod ${this.slowPeriod}`,
        { field: "fastPeriod" },
      );
    }
    this.warmUpLength = this.slowPeriod - 1;
    this.fast = new ExponentialMovingAverage(this.fastPeriod);
    this.slow = new ExponentialMovingAverage(this.slowPeriod);
    this.signalAverage = new ExponentialMovingAverage(this.signalPeriod);
  }

  /** The MACD line, `NaN` for the first `slowPeriod − 1` updates. */
  get value(): number {
    return this.currentMacd;
  }

  /** The MACD line `EMA_fast − EMA_slow`. */
  get macd(): number {
    return this.currentMacd;
  }

  /** The signal line, `NaN` for the first `slowPeriod + signalPeriod − 2` updates. */
  get signal(): number {
    return this.signalAverage.value;
  }

  /** `macd − signal`, `NaN` while the signal line is. */
  get histogram(): number {
    return this.currentMacd - this.signalAverage.value;
  }

  /** True once the signal line is defined. */
  get isReady(): boolean {
    return this.signalAverage.isReady;
  }

  /** Consumes `value` and returns the MACD line (`NaN` for the first `slowPeriod − 1` updates). */
  update(value: number): number {
    const fast = this.fast.update(value);
    const slow = this.slow.update(value);
    if (this.slow.isReady) {
      this.currentMacd = fast - slow;
      this.signalAverage.update(this.currentMacd);
    }
    return this.currentMacd;
  }

  /** Forgets every consumed value. */
  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signalAverage.reset();
    this.currentMacd = Number.NaN;
  }
}

/**
 * Batch {@link MovingAverageConvergenceDivergence}. Runs the incremental form, so both agree exactly.
 *
 * @throws ValidationError when a period is invalid or `fastPeriod ≥ slowPeriod`.
 */
export function movingAverageConvergenceDivergence(
  values: Float64Array,
  options: MovingAverageConvergenceDivergenceOptions = {},
): MovingAverageConvergenceDivergenceSeries {
  const indicator = new MovingAverageConvergenceDivergence(options);
  const macd = new Float64Array(values.length);
  const signal = new Float64Array(values.length);
  const histogram = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    macd[index] = indicator.update(values[index] as number);
    signal[index] = indicator.signal;
    histogram[index] = indicator.histogram;
  }
  return { macd, signal, histogram };
}

import type { ValueIndicator } from "./indicator.ts";
import { requirePeriod, requirePositiveNumber } from "./validation.ts";

/** Parameters of {@link BollingerBands}. */
export interface BollingerBandsOptions {
  /** Window length in updates, a positive integer. Default 20. */
  period?: number;
  /** Band half-width in standard deviations, a finite number > 0. Default 2. */
  multiplier?: number;
}

/** The three bands of {@link bollingerBands}, each as long as the input. */
export interface BollingerBandsSeries {
  /** The simple moving average. */
  middle: Float64Array;
  /** `middle + multiplier · σ`. */
  upper: Float64Array;
  /** `middle − multiplier · σ`. */
  lower: Float64Array;
}

/**
 * Bollinger Bands: `middle = SMA(period)`, `upper/lower = middle ± multiplier · σ`, where σ is the
 * **population** standard deviation of the same window, `σ = √(Σ (x − middle)² / period)` (as in
 * Bollinger's definition, TA-Lib and `technicalindicators`; not the sample deviation with
 * `period − 1`). All outputs in the unit of the input.
 *
 * Warm-up: the first `period − 1` outputs are `NaN`. O(1) per update: the window sum and the sum of
 * squared deviations are updated when a value enters and one leaves (a sliding Welford update) and
 * recomputed exactly (two-pass) each time the ring buffer wraps.
 */
export class BollingerBands implements ValueIndicator {
  /** Window length in updates. */
  readonly period: number;
  /** Band half-width in standard deviations. */
  readonly multiplier: number;
  /** `period − 1`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private readonly window: Float64Array;
  private cursor = 0;
  private sum = 0;
  private squaredDeviations = 0;
  private filled = false;
  private currentMiddle = Number.NaN;
  private currentDeviation = Number.NaN;

  /**
   * @throws ValidationError when `period` is not a positive integer or `multiplier` is not a
   *   finite number > 0.
   */
  constructor(options: BollingerBandsOptions = {}) {
    this.period = requirePeriod("period", options.period ?? 20);
    this.multiplier = requirePositiveNumber("multiplier", options.multiplier ?? 2);
    this.warmUpLength = this.period - 1;
    this.window = new Float64Array(this.period);
  }

  /** The middle band (the SMA), `NaN` during warm-up. */
  get value(): number {
    return this.currentMiddle;
  }

  /** The middle band (the SMA), `NaN` during warm-up. */
  get middle(): number {
    return this.currentMiddle;
  }

  /** `middle + multiplier · σ`, `NaN` during warm-up. */
  get upper(): number {
    return this.currentMiddle + this.multiplier * this.currentDeviation;
  }

  /** `middle − multiplier · σ`, `NaN` during warm-up. */
  get lower(): number {
    return this.currentMiddle - this.multiplier * this.currentDeviation;
  }

  /** The population standard deviation σ of the window, `NaN` during warm-up. */
  get standardDeviation(): number {
    return this.currentDeviation;
  }

  /** True once `period` values have been consumed. */
  get isReady(): boolean {
    return this.filled;
  }

  /** Consumes `value` and returns the middle band (`NaN` for the first `period − 1` updates). */
  update(value: number): number {
    const window = this.window;
    const period = this.period;
    let cursor = this.cursor;
    const previous = window[cursor] as number;
    window[cursor] = value;
    const previousMean = this.sum / period;
    this.sum += value - previous;
    if (this.filled) {
      const mean = this.sum / period;
      this.squaredDeviations += (value - previous) * (value - mean + previous - previousMean);
    }
    cursor++;
    if (cursor === period) {
      cursor = 0;
      this.resynchronize();
    }
    this.cursor = cursor;
    if (this.filled) {
      const squaredDeviations = Math.max(this.squaredDeviations, 0);
      this.currentMiddle = this.sum / period;
      this.currentDeviation = Math.sqrt(squaredDeviations / period);
    }
    return this.currentMiddle;
  }

  /** Forgets every consumed value. */
  reset(): void {
    this.window.fill(0);
    this.cursor = 0;
    this.sum = 0;
    this.squaredDeviations = 0;
    this.filled = false;
    this.currentMiddle = Number.NaN;
    this.currentDeviation = Number.NaN;
  }

  private resynchronize(): void {
    const window = this.window;
    let sum = 0;
    for (let index = 0; index < window.length; index++) sum += window[index] as number;
    const mean = sum / window.length;
    let squaredDeviations = 0;
    for (let index = 0; index < window.length; index++) {
      const deviation = (window[index] as number) - mean;
      squaredDeviations += deviation * deviation;
    }
    this.sum = sum;
    this.squaredDeviations = squaredDeviations;
    this.filled = true;
  }
}

/**
 * Batch {@link BollingerBands}; the first `period − 1` outputs of every band are `NaN`. Runs the
 * incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` or `multiplier` is invalid.
 */
export function bollingerBands(
  values: Float64Array,
  options: BollingerBandsOptions = {},
): BollingerBandsSeries {
  const indicator = new BollingerBands(options);
  const middle = new Float64Array(values.length);
  const upper = new Float64Array(values.length);
  const lower = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    middle[index] = indicator.update(values[index] as number);
    upper[index] = indicator.upper;
    lower[index] = indicator.lower;
  }
  return { middle, upper, lower };
}

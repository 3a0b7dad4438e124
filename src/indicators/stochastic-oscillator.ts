import type { HighLowCloseColumns, HighLowCloseIndicator } from "./indicator.ts";
import { RollingMaximum } from "./rolling-maximum.ts";
import { SimpleMovingAverage } from "./simple-moving-average.ts";
import { requirePeriod, requireSameLength } from "./validation.ts";

/** Parameters of {@link StochasticOscillator}. */
export interface StochasticOscillatorOptions {
  /** Look-back window of the highest high and lowest low, in bars. Default 14. */
  period?: number;
  /** SMA length applied to the raw %K (1 = the "fast" stochastic). Default 1. */
  kSmoothing?: number;
  /** SMA length of %D over %K. Default 3. */
  dPeriod?: number;
}

/** The outputs of {@link stochasticOscillator}, each as long as the input. */
export interface StochasticOscillatorSeries {
  /** %K (smoothed when `kSmoothing > 1`), 0–100. */
  percentK: Float64Array;
  /** %D, the SMA of %K, 0–100. */
  percentD: Float64Array;
}

/**
 * Stochastic oscillator on a 0–100 scale. Raw
 * `%K = 100 · (close − lowestLow) / (highestHigh − lowestLow)` over the last `period` bars
 * (50 when the window has no range: a flat window is neutral, not oversold);
 * `%K = SMA_kSmoothing(raw %K)`; `%D = SMA_dPeriod(%K)`. Defaults 14 / 1 / 3 (the fast stochastic;
 * use `kSmoothing: 3` for the slow one).
 *
 * Warm-up: %K is `NaN` for the first `period + kSmoothing − 2` bars, %D for the first
 * `period + kSmoothing + dPeriod − 3`. The highest high and lowest low use monotonic queues
 * (amortized O(1)); no allocation per update.
 */
export class StochasticOscillator implements HighLowCloseIndicator {
  /** Look-back window in bars. */
  readonly period: number;
  /** SMA length of %K. */
  readonly kSmoothing: number;
  /** SMA length of %D. */
  readonly dPeriod: number;
  /** `period + kSmoothing − 2`: the number of leading `NaN` values of %K. */
  readonly warmUpLength: number;
  private readonly highest: RollingMaximum;
  private readonly negatedLowest: RollingMaximum;
  private readonly kAverage: SimpleMovingAverage;
  private readonly dAverage: SimpleMovingAverage;
  private currentK = Number.NaN;
  private currentD = Number.NaN;

  /** @throws ValidationError when a period is not a positive integer. */
  constructor(options: StochasticOscillatorOptions = {}) {
    this.period = requirePeriod("period", options.period ?? 14);
    this.kSmoothing = requirePeriod("kSmoothing", options.kSmoothing ?? 1);
    this.dPeriod = requirePeriod("dPeriod", options.dPeriod ?? 3);
    this.warmUpLength = this.period + this.kSmoothing - 2;
    this.highest = new RollingMaximum(this.period);
    this.negatedLowest = new RollingMaximum(this.period);
    this.kAverage = new SimpleMovingAverage(this.kSmoothing);
    this.dAverage = new SimpleMovingAverage(this.dPeriod);
  }

  /** %K, `NaN` during its warm-up. */
  get value(): number {
    return this.currentK;
  }

  /** %K (smoothed), 0–100. */
  get percentK(): number {
    return this.currentK;
  }

  /** %D, 0–100, `NaN` during its warm-up. */
  get percentD(): number {
    return this.currentD;
  }

  /** True once %D is defined. */
  get isReady(): boolean {
    return this.dAverage.isReady;
  }

  /** Consumes one bar and returns %K (`NaN` for the first `period + kSmoothing − 2` bars). */
  update(high: number, low: number, close: number): number {
    const highestHigh = this.highest.push(high);
    const lowestLow = -this.negatedLowest.push(-low);
    if (!this.highest.isFull) return this.currentK;
    const range = highestHigh - lowestLow;
    const raw = range > 0 ? (100 * (close - lowestLow)) / range : 50;
    const k = this.kAverage.update(raw);
    if (this.kAverage.isReady) {
      this.currentK = k;
      this.currentD = this.dAverage.update(k);
    }
    return this.currentK;
  }

  /** Forgets every consumed bar. */
  reset(): void {
    this.highest.reset();
    this.negatedLowest.reset();
    this.kAverage.reset();
    this.dAverage.reset();
    this.currentK = Number.NaN;
    this.currentD = Number.NaN;
  }
}

/**
 * Batch {@link StochasticOscillator} over the `high`, `low` and `close` columns (a `CandleSeries`
 * fits). Runs the incremental form, so both agree exactly.
 *
 * @throws ValidationError when a period is invalid or the columns differ in length.
 */
export function stochasticOscillator(
  columns: HighLowCloseColumns,
  options: StochasticOscillatorOptions = {},
): StochasticOscillatorSeries {
  const { high, low, close } = columns;
  const length = requireSameLength({ high, low, close });
  const indicator = new StochasticOscillator(options);
  const percentK = new Float64Array(length);
  const percentD = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    percentK[index] = indicator.update(high[index] as number, low[index] as number, close[index] as number);
    percentD[index] = indicator.percentD;
  }
  return { percentK, percentD };
}

import type { HighLowColumns, Indicator } from "./indicator.ts";
import { RollingMaximum } from "./rolling-maximum.ts";
import { requirePeriod, requireSameLength } from "./validation.ts";

/** The outputs of {@link donchianChannel}, each as long as the input. */
export interface DonchianChannelSeries {
  /** Highest high of the last `period` bars. */
  upper: Float64Array;
  /** Lowest low of the last `period` bars. */
  lower: Float64Array;
  /** `(upper + lower) / 2`. */
  middle: Float64Array;
}

/**
 * Donchian channel, in price units: `upper = max(high)` and `lower = min(low)` over the last
 * `period` bars **including the current one**, `middle = (upper + lower) / 2`. (A breakout rule
 * compares a bar's close with the previous bar's channel.)
 *
 * Warm-up: the first `period − 1` outputs are `NaN`. Monotonic queues over preallocated ring
 * buffers give amortized O(1) updates with no allocation.
 */
export class DonchianChannel implements Indicator {
  /** Window length in bars. */
  readonly period: number;
  /** `period − 1`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private readonly highest: RollingMaximum;
  private readonly negatedLowest: RollingMaximum;
  private currentUpper = Number.NaN;
  private currentLower = Number.NaN;

  /**
   * @param period window length in bars, a positive integer (20 is customary).
   * @throws ValidationError when `period` is not a positive integer.
   */
  constructor(period: number) {
    this.period = requirePeriod("period", period);
    this.warmUpLength = period - 1;
    this.highest = new RollingMaximum(period);
    this.negatedLowest = new RollingMaximum(period);
  }

  /** The middle line, `NaN` during warm-up. */
  get value(): number {
    return (this.currentUpper + this.currentLower) / 2;
  }

  /** Highest high of the window, `NaN` during warm-up. */
  get upper(): number {
    return this.currentUpper;
  }

  /** Lowest low of the window, `NaN` during warm-up. */
  get lower(): number {
    return this.currentLower;
  }

  /** `(upper + lower) / 2`, `NaN` during warm-up. */
  get middle(): number {
    return (this.currentUpper + this.currentLower) / 2;
  }

  /** True once `period` bars have been consumed. */
  get isReady(): boolean {
    return this.highest.isFull;
  }

  /** Consumes one bar and returns the middle line (`NaN` for the first `period − 1` bars). */
  update(high: number, low: number): number {
    const upper = this.highest.push(high);
    const lower = -this.negatedLowest.push(-low);
    if (this.highest.isFull) {
      this.currentUpper = upper;
      this.currentLower = lower;
    }
    return (this.currentUpper + this.currentLower) / 2;
  }

  /** Forgets every consumed bar. */
  reset(): void {
    this.highest.reset();
    this.negatedLowest.reset();
    this.currentUpper = Number.NaN;
    this.currentLower = Number.NaN;
  }
}

/**
 * Batch {@link DonchianChannel} over the `high` and `low` columns (a `CandleSeries` fits). Runs the
 * incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` is invalid or the columns differ in length.
 */
export function donchianChannel(columns: HighLowColumns, period: number): DonchianChannelSeries {
  const { high, low } = columns;
  const length = requireSameLength({ high, low });
  const indicator = new DonchianChannel(period);
  const upper = new Float64Array(length);
  const lower = new Float64Array(length);
  const middle = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    middle[index] = indicator.update(high[index] as number, low[index] as number);
    upper[index] = indicator.upper;
    lower[index] = indicator.lower;
  }
  return { upper, lower, middle };
}

import type { ValueIndicator } from "./indicator.ts";
import { requirePeriod } from "./validation.ts";

/**
 * Exponential moving average (EMA) with smoothing factor `α = 2 / (period + 1)`:
 * `EMA_t = EMA_{t−1} + α · (x_t − EMA_{t−1})`, in the unit of the input.
 *
 * Seeding: the first value is the simple mean of the first `period` inputs (the TA-Lib and
 * `technicalindicators` convention), so the first `period − 1` outputs are `NaN`. O(1) per update,
 * no allocation.
 */
export class ExponentialMovingAverage implements ValueIndicator {
  /** Number of inputs in the seed average; sets `α = 2 / (period + 1)`. */
  readonly period: number;
  /** The smoothing factor `2 / (period + 1)`. */
  readonly smoothing: number;
  /** `period − 1`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private count = 0;
  private seedSum = 0;
  private current = Number.NaN;

  /**
   * @param period seed length, a positive integer.
   * @throws ValidationError when `period` is not a positive integer.
   */
  constructor(period: number) {
    this.period = requirePeriod("period", period);
    this.smoothing = 2 / (period + 1);
    this.warmUpLength = period - 1;
  }

  /** The newest average, `NaN` during warm-up. */
  get value(): number {
    return this.current;
  }

  /** True once `period` values have been consumed. */
  get isReady(): boolean {
    return this.count >= this.period;
  }

  /** Consumes `value` and returns the newest average (`NaN` for the first `period − 1` updates). */
  update(value: number): number {
    if (this.count >= this.period) {
      const previous = this.current;
      this.current = previous + this.smoothing * (value - previous);
      return this.current;
    }
    this.seedSum += value;
    this.count++;
    if (this.count === this.period) this.current = this.seedSum / this.period;
    return this.current;
  }

  /** Forgets every consumed value. */
  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link ExponentialMovingAverage} (SMA-seeded, `α = 2 / (period + 1)`); the first
 * `period − 1` outputs are `NaN`. Runs the incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` is not a positive integer.
 */
export function exponentialMovingAverage(values: Float64Array, period: number): Float64Array {
  const indicator = new ExponentialMovingAverage(period);
  const output = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++)
    output[index] = indicator.update(values[index] as number);
  return output;
}

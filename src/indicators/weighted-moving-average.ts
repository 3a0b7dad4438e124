import type { ValueIndicator } from "./indicator.ts";
import { requirePeriod } from "./validation.ts";

/**
 * Linearly weighted moving average (WMA): the newest of the last `period` values has weight
 * `period`, the oldest weight 1,
 * `WMA_t = Σ_{k=1..period} k · x_{t−period+k} / (period · (period + 1) / 2)`, in the unit of the input.
 *
 * Warm-up: the first `period − 1` outputs are `NaN`. O(1) per update: with `S` the plain sum of the
 * window and `W` the weighted sum, a new value `x` gives `W ← W − S + period · x` and
 * `S ← S − x_oldest + x`. Both sums are recomputed from the ring buffer each time it wraps, so
 * rounding error never accumulates beyond one window.
 */
export class WeightedMovingAverage implements ValueIndicator {
  /** Window length in updates. */
  readonly period: number;
  /** `period − 1`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private readonly window: Float64Array;
  private readonly divisor: number;
  private cursor = 0;
  private sum = 0;
  private weightedSum = 0;
  private filled = false;
  private current = Number.NaN;

  /**
   * @param period window length, a positive integer.
   * @throws ValidationError when `period` is not a positive integer.
   */
  constructor(period: number) {
    this.period = requirePeriod("period", period);
    this.warmUpLength = period - 1;
    this.window = new Float64Array(period);
    this.divisor = (period * (period + 1)) / 2;
  }

  /** The newest average, `NaN` during warm-up. */
  get value(): number {
    return this.current;
  }

  /** True once `period` values have been consumed. */
  get isReady(): boolean {
    return this.filled;
  }

  /** Consumes `value` and returns the newest average (`NaN` for the first `period − 1` updates). */
  update(value: number): number {
    const window = this.window;
    const period = this.period;
    let cursor = this.cursor;
    const previous = window[cursor] as number;
    window[cursor] = value;
    this.weightedSum += period * value - this.sum;
    this.sum += value - previous;
    cursor++;
    if (cursor === period) {
      cursor = 0;
      let sum = 0;
      let weightedSum = 0;
      for (let index = 0; index < period; index++) {
        const item = window[index] as number;
        sum += item;
        weightedSum += (index + 1) * item;
      }
      this.sum = sum;
      this.weightedSum = weightedSum;
      this.filled = true;
    }
    this.cursor = cursor;
    if (this.filled) this.current = this.weightedSum / this.divisor;
    return this.current;
  }

  /** Forgets every consumed value. */
  reset(): void {
    this.window.fill(0);
    this.cursor = 0;
    this.sum = 0;
    this.weightedSum = 0;
    this.filled = false;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link WeightedMovingAverage}; the first `period − 1` outputs are `NaN`. Runs the
 * incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` is not a positive integer.
 */
export function weightedMovingAverage(values: Float64Array, period: number): Float64Array {
  const indicator = new WeightedMovingAverage(period);
  const output = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++)
    output[index] = indicator.update(values[index] as number);
  return output;
}

import type { ValueIndicator } from "./indicator.ts";
import { requirePeriod } from "./validation.ts";

/**
 * Simple moving average (SMA): the arithmetic mean of the last `period` values,
 * `SMA_t = (x_{t−period+1} + … + x_t) / period`, in the unit of the input (usually quote currency).
 *
 * Warm-up: the first `period − 1` outputs are `NaN`. The update keeps a running sum over a
 * preallocated ring buffer (O(1), no allocation); each time the ring wraps, the sum is recomputed
 * from the window, so rounding error never accumulates beyond one window.
 */
export class SimpleMovingAverage implements ValueIndicator {
  /** Window length in updates. */
  readonly period: number;
  /** `period − 1`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private readonly window: Float64Array;
  private cursor = 0;
  private sum = 0;
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
    let cursor = this.cursor;
    const previous = window[cursor] as number;
    window[cursor] = value;
    this.sum += value - previous;
    cursor++;
    if (cursor === this.period) {
      cursor = 0;
      let sum = 0;
      for (let index = 0; index < window.length; index++) sum += window[index] as number;
      this.sum = sum;
      this.filled = true;
    }
    this.cursor = cursor;
    if (this.filled) this.current = this.sum / this.period;
    return this.current;
  }

  /** Forgets every consumed value. */
  reset(): void {
    this.window.fill(0);
    this.cursor = 0;
    this.sum = 0;
    this.filled = false;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link SimpleMovingAverage}: output `i` is the mean of `values[i − period + 1 … i]`; the
 * first `period − 1` outputs are `NaN`. Computed by running the incremental form, so both agree
 * exactly.
 *
 * @throws ValidationError when `period` is not a positive integer.
 */
export function simpleMovingAverage(values: Float64Array, period: number): Float64Array {
  const indicator = new SimpleMovingAverage(period);
  const output = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++)
    output[index] = indicator.update(values[index] as number);
  return output;
}

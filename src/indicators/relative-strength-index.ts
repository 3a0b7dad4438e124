import type { ValueIndicator } from "./indicator.ts";
import { requirePeriod } from "./validation.ts";

/**
 * Relative strength index (RSI) with Wilder's smoothing, on a 0–100 scale.
 *
 * With `change_t = x_t − x_{t−1}`, `gain = max(change, 0)` and `loss = max(−change, 0)`, the first
 * average gain and loss are the simple means of the first `period` changes; after that
 * `avg_t = (avg_{t−1} · (period − 1) + current) / period` (Wilder; evaluated as
 * `avg · ((period − 1) / period) + current · (1 / period)`). Then
 * `RSI = 100 − 100 / (1 + avgGain / avgLoss) = 100 · avgGain / (avgGain + avgLoss)` (evaluated in
 * the second form, one division), which is 100 when `avgLoss = 0` and 50 when both averages are 0
 * (a flat series).
 *
 * Warm-up: the first `period` outputs are `NaN` (`period` changes need `period + 1` values).
 * O(1) per update, no allocation.
 */
export class RelativeStrengthIndex implements ValueIndicator {
  /** Number of price changes averaged. */
  readonly period: number;
  /** `period`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private count = 0;
  private previous = Number.NaN;
  private readonly retention: number;
  private readonly weight: number;
  private averageGain = 0;
  private averageLoss = 0;
  private current = Number.NaN;

  /**
   * @param period number of changes in the Wilder average, a positive integer (14 is customary).
   * @throws ValidationError when `period` is not a positive integer.
   */
  constructor(period: number) {
    this.period = requirePeriod("period", period);
    this.warmUpLength = period;
    this.retention = (period - 1) / period;
    this.weight = 1 / period;
  }

  /** The newest RSI in [0, 100], `NaN` during warm-up. */
  get value(): number {
    return this.current;
  }

  /** True once `period + 1` values have been consumed. */
  get isReady(): boolean {
    return this.count > this.period;
  }

  /** Consumes `value` and returns the newest RSI (`NaN` for the first `period` updates). */
  update(value: number): number {
    const change = value - this.previous;
    this.previous = value;
    const gain = Math.max(change, 0);
    const loss = Math.max(-change, 0);
    if (this.count > this.period) {
      const averageGain = this.averageGain * this.retention + gain * this.weight;
      const averageLoss = this.averageLoss * this.retention + loss * this.weight;
      this.averageGain = averageGain;
      this.averageLoss = averageLoss;
      const total = averageGain + averageLoss;
      this.current = total > 0 ? (100 * averageGain) / total : 50;
      return this.current;
    }
    return this.warmUp(gain, loss);
  }

  private warmUp(gain: number, loss: number): number {
    const count = this.count;
    this.count = count + 1;
    // The first value has no change; the next `period` changes are summed for the seed averages.
    if (count === 0) return this.current;
    this.averageGain += gain;
    this.averageLoss += loss;
    if (count < this.period) return this.current;
    this.averageGain /= this.period;
    this.averageLoss /= this.period;
    const total = this.averageGain + this.averageLoss;
    this.current = total > 0 ? (100 * this.averageGain) / total : 50;
    return this.current;
  }

  /** Forgets every consumed value. */
  reset(): void {
    this.count = 0;
    this.previous = Number.NaN;
    this.averageGain = 0;
    this.averageLoss = 0;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link RelativeStrengthIndex} (Wilder); the first `period` outputs are `NaN`. Runs the
 * incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` is not a positive integer.
 */
export function relativeStrengthIndex(values: Float64Array, period: number): Float64Array {
  const indicator = new RelativeStrengthIndex(period);
  const output = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++)
    output[index] = indicator.update(values[index] as number);
  return output;
}

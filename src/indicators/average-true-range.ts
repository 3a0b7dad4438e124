import type { HighLowCloseColumns, HighLowCloseIndicator } from "./indicator.ts";
import { requirePeriod, requireSameLength } from "./validation.ts";

/**
 * The true range of a bar given the previous close:
 * `max(high − low, |high − previousClose|, |low − previousClose|)`, in price units.
 * With `previousClose = NaN` (no previous bar) it is `high − low`.
 */
export function trueRange(high: number, low: number, previousClose: number): number {
  const range = high - low;
  const up = Math.abs(high - previousClose);
  const down = Math.abs(low - previousClose);
  // NaN comparisons are false, so a missing previous close leaves `high − low`.
  let result = range;
  if (up > result) result = up;
  if (down > result) result = down;
  return result;
}

/**
 * Average true range (ATR) with Wilder's smoothing, in price units.
 *
 * The true range is defined from the second bar on (it needs the previous close; the TA-Lib and
 * `technicalindicators` convention). The first ATR is the simple mean of the first `period` true
 * ranges; after that `ATR_t = (ATR_{t−1} · (period − 1) + TR_t) / period`.
 *
 * Warm-up: the first `period` outputs are `NaN`. O(1) per update, no allocation.
 */
export class AverageTrueRange implements HighLowCloseIndicator {
  /** Number of true ranges averaged. */
  readonly period: number;
  /** `period`: the number of leading `NaN` outputs. */
  readonly warmUpLength: number;
  private count = 0;
  private previousClose = Number.NaN;
  private average = 0;
  private current = Number.NaN;

  /**
   * @param period Wilder period, a positive integer (14 is customary).
   * @throws ValidationError when `period` is not a positive integer.
   */
  constructor(period: number) {
    this.period = requirePeriod("period", period);
    this.warmUpLength = period;
  }

  /** The newest ATR in price units, `NaN` during warm-up. */
  get value(): number {
    return this.current;
  }

  /** True once `period + 1` bars have been consumed. */
  get isReady(): boolean {
    return this.count > this.period;
  }

  /** Consumes one bar and returns the newest ATR (`NaN` for the first `period` updates). */
  update(high: number, low: number, close: number): number {
    const period = this.period;
    const count = this.count;
    const range = trueRange(high, low, this.previousClose);
    this.previousClose = close;
    if (count > period) {
      this.average = (this.average * (period - 1) + range) / period;
      this.current = this.average;
      return this.current;
    }
    this.count = count + 1;
    if (count === 0) return this.current;
    this.average += range;
    if (count === period) {
      this.average /= period;
      this.current = this.average;
    }
    return this.current;
  }

  /** Forgets every consumed bar. */
  reset(): void {
    this.count = 0;
    this.previousClose = Number.NaN;
    this.average = 0;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link AverageTrueRange} over the `high`, `low` and `close` columns (a `CandleSeries`
 * fits); the first `period` outputs are `NaN`. Runs the incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` is not a positive integer or the columns differ in length.
 */
export function averageTrueRange(columns: HighLowCloseColumns, period: number): Float64Array {
  const { high, low, close } = columns;
  const length = requireSameLength({ high, low, close });
  const indicator = new AverageTrueRange(period);
  const output = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    output[index] = indicator.update(high[index] as number, low[index] as number, close[index] as number);
  }
  return output;
}

import { trueRange } from "./average-true-range.ts";
import type { HighLowCloseColumns, HighLowCloseIndicator } from "./indicator.ts";
import { requirePeriod, requireSameLength } from "./validation.ts";

/** The outputs of {@link averageDirectionalIndex}, each as long as the input, 0–100. */
export interface AverageDirectionalIndexSeries {
  /** ADX, Wilder's average of DX. */
  averageDirectionalIndex: Float64Array;
  /** +DI. */
  plusDirectionalIndicator: Float64Array;
  /** −DI. */
  minusDirectionalIndicator: Float64Array;
}

/**
 * Wilder's average directional index (ADX) with the directional indicators +DI and −DI, 0–100.
 *
 * From the second bar on: `up = high − previousHigh`, `down = previousLow − low`,
 * `+DM = up > down && up > 0 ? up : 0`, `−DM = down > up && down > 0 ? down : 0`, and the true
 * range TR. Each is Wilder-smoothed as a running sum (the first is the sum of `period` values, then
 * `S ← S − S / period + value`); `+DI = 100 · S(+DM) / S(TR)`, `−DI = 100 · S(−DM) / S(TR)` (both 0 when `S(TR) = 0`),
 * `DX = 100 · |+DI − −DI| / (+DI + −DI)` (0 when both are 0). ADX is the mean of the first `period`
 * DX values, then `ADX_t = (ADX_{t−1} · (period − 1) + DX_t) / period`. (Wilder, TA-Lib and
 * `technicalindicators` agree on this.)
 *
 * Warm-up: +DI and −DI are `NaN` for the first `period` bars, ADX for the first `2 · period − 1`.
 * O(1) per update, no allocation.
 */
export class AverageDirectionalIndex implements HighLowCloseIndicator {
  /** Wilder period. */
  readonly period: number;
  /** `2 · period − 1`: the number of leading `NaN` ADX values. */
  readonly warmUpLength: number;
  private count = 0;
  private previousHigh = Number.NaN;
  private previousLow = Number.NaN;
  private previousClose = Number.NaN;
  private smoothedRange = 0;
  private smoothedPlus = 0;
  private smoothedMinus = 0;
  private directionalSum = 0;
  private currentPlus = Number.NaN;
  private currentMinus = Number.NaN;
  private currentIndex = Number.NaN;
  private current = Number.NaN;

  /**
   * @param period Wilder period, a positive integer (14 is customary).
   * @throws ValidationError when `period` is not a positive integer.
   */
  constructor(period: number) {
    this.period = requirePeriod("period", period);
    this.warmUpLength = 2 * period - 1;
  }

  /** ADX, `NaN` for the first `2 · period − 1` bars. */
  get value(): number {
    return this.current;
  }

  /** +DI, `NaN` for the first `period` bars. */
  get plusDirectionalIndicator(): number {
    return this.currentPlus;
  }

  /** −DI, `NaN` for the first `period` bars. */
  get minusDirectionalIndicator(): number {
    return this.currentMinus;
  }

  /** DX, the unsmoothed directional index, `NaN` for the first `period` bars. */
  get directionalIndex(): number {
    return this.currentIndex;
  }

  /** True once ADX is defined. */
  get isReady(): boolean {
    return this.count >= 2 * this.period;
  }

  /** Consumes one bar and returns ADX (`NaN` for the first `2 · period − 1` bars). */
  update(high: number, low: number, close: number): number {
    const period = this.period;
    const count = this.count;
    const range = trueRange(high, low, this.previousClose);
    const up = high - this.previousHigh;
    const down = this.previousLow - low;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
    if (count === 0) {
      this.count = 1;
      return this.current;
    }
    const plus = up > down && up > 0 ? up : 0;
    const minus = down > up && down > 0 ? down : 0;
    if (count > period) {
      this.smoothedRange += range - this.smoothedRange / period;
      this.smoothedPlus += plus - this.smoothedPlus / period;
      this.smoothedMinus += minus - this.smoothedMinus / period;
    } else {
      this.smoothedRange += range;
      this.smoothedPlus += plus;
      this.smoothedMinus += minus;
      if (count < period) {
        this.count = count + 1;
        return this.current;
      }
    }
    const smoothedRange = this.smoothedRange;
    const plusIndicator = smoothedRange > 0 ? (100 * this.smoothedPlus) / smoothedRange : 0;
    const minusIndicator = smoothedRange > 0 ? (100 * this.smoothedMinus) / smoothedRange : 0;
    const total = plusIndicator + minusIndicator;
    const index = total > 0 ? (100 * Math.abs(plusIndicator - minusIndicator)) / total : 0;
    this.currentPlus = plusIndicator;
    this.currentMinus = minusIndicator;
    this.currentIndex = index;
    // count runs from period (first DX) to 2·period − 1 (the DX that completes the ADX seed).
    if (count >= 2 * period) {
      this.current = (this.current * (period - 1) + index) / period;
    } else {
      this.directionalSum += index;
      this.count = count + 1;
      if (count === 2 * period - 1) this.current = this.directionalSum / period;
    }
    return this.current;
  }

  /** Forgets every consumed bar. */
  reset(): void {
    this.count = 0;
    this.previousHigh = Number.NaN;
    this.previousLow = Number.NaN;
    this.previousClose = Number.NaN;
    this.smoothedRange = 0;
    this.smoothedPlus = 0;
    this.smoothedMinus = 0;
    this.directionalSum = 0;
    this.currentPlus = Number.NaN;
    this.currentMinus = Number.NaN;
    this.currentIndex = Number.NaN;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link AverageDirectionalIndex} over the `high`, `low` and `close` columns (a
 * `CandleSeries` fits). Runs the incremental form, so both agree exactly.
 *
 * @throws ValidationError when `period` is invalid or the columns differ in length.
 */
export function averageDirectionalIndex(
  columns: HighLowCloseColumns,
  period: number,
): AverageDirectionalIndexSeries {
  const { high, low, close } = columns;
  const length = requireSameLength({ high, low, close });
  const indicator = new AverageDirectionalIndex(period);
  const adx = new Float64Array(length);
  const plus = new Float64Array(length);
  const minus = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    adx[index] = indicator.update(high[index] as number, low[index] as number, close[index] as number);
    plus[index] = indicator.plusDirectionalIndicator;
    minus[index] = indicator.minusDirectionalIndicator;
  }
  return { averageDirectionalIndex: adx, plusDirectionalIndicator: plus, minusDirectionalIndicator: minus };
}

/**
 * Columnar OHLCV bars, structurally identical to `CandleSeries` of `src/data` so the engine can read
 * any loaded series without importing the data layer.
 *
 * Invariants: every column has `length` elements; `timestamp` is the bar open time in ms UTC,
 * strictly ascending; `low ≤ min(open, close) ≤ max(open, close) ≤ high`.
 */
export interface CandleColumns {
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** One bar as a plain object (for events and tests, not for the bar loop). */
export interface Candle {
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Builds columns from plain bars (tests, small inline scenarios). */
export function candleColumnsFrom(candles: readonly Candle[]): CandleColumns {
  const length = candles.length;
  const columns = {
    length,
    timestamp: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
  candles.forEach((candle, index) => {
    columns.timestamp[index] = candle.timestamp;
    columns.open[index] = candle.open;
    columns.high[index] = candle.high;
    columns.low[index] = candle.low;
    columns.close[index] = candle.close;
    columns.volume[index] = candle.volume;
  });
  return columns;
}

/** The most common bar spacing in ms (median of up to 1,000 gaps); 0 for fewer than two bars. */
export function barIntervalOf(columns: CandleColumns): number {
  const count = Math.min(columns.length - 1, 1000);
  if (count < 1) return 0;
  const gaps = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    gaps[index] = (columns.timestamp[index + 1] ?? 0) - (columns.timestamp[index] ?? 0);
  }
  gaps.sort();
  return gaps[Math.floor(count / 2)] ?? 0;
}

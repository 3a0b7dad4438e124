import type { CandleSeries } from "../data/index.ts";

/**
 * The most recent closed candles of one timeframe in preallocated columns: appending is O(1)
 * amortized and allocation-free; when the columns are full, the last `keep` candles are moved to
 * the front. `series` always exposes the candles in order at indices `[0, series.length)`.
 */
export class RollingCandles {
  /** The buffered candles (the columns are longer than `length`; read only below it). */
  readonly series: { -readonly [K in keyof CandleSeries]: CandleSeries[K] };
  /** Candles ever appended. */
  total = 0;
  private readonly capacity: number;

  /**
   * @param keep candles kept when the columns are compacted (≥ the longest analysis window).
   * @param capacity column length, > keep (default 8 × keep).
   */
  constructor(
    private readonly keep: number,
    capacity = keep * 8,
  ) {
    this.capacity = Math.max(capacity, keep + 1);
    const column = (): Float64Array => new Float64Array(this.capacity);
    this.series = {
      length: 0,
      timestamp: column(),
      open: column(),
      high: column(),
      low: column(),
      close: column(),
      volume: column(),
    };
  }

  /** Appends a closed candle. */
  push(timestamp: number, open: number, high: number, low: number, close: number, volume: number): void {
    const series = this.series;
    if (series.length === this.capacity) {
      const from = series.length - this.keep;
      for (const column of [
        series.timestamp,
        series.open,
        series.high,
        series.low,
        series.close,
        series.volume,
      ]) {
        column.copyWithin(0, from, series.length);
      }
      series.length = this.keep;
    }
    const index = series.length;
    series.timestamp[index] = timestamp;
    series.open[index] = open;
    series.high[index] = high;
    series.low[index] = low;
    series.close[index] = close;
    series.volume[index] = volume;
    series.length++;
    this.total++;
  }
}

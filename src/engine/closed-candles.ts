import type { CandleColumns } from "../domain/index.ts";

/**
 * Read-only view of the bars of one series that have closed so far. Index 0 is the oldest bar;
 * reading at or beyond `length` returns `NaN`, so a strategy cannot see the future by accident.
 */
export class ClosedCandles {
  /** Number of closed bars visible now. */
  length = 0;

  constructor(
    private readonly columns: CandleColumns,
    /** Bar interval in ms. */
    readonly intervalMs: number,
  ) {}

  /** Bar open time (ms UTC) of closed bar `index`. */
  timestamp(index: number): number {
    return index < this.length && index >= 0 ? (this.columns.timestamp[index] as number) : Number.NaN;
  }
  open(index: number): number {
    return index < this.length && index >= 0 ? (this.columns.open[index] as number) : Number.NaN;
  }
  high(index: number): number {
    return index < this.length && index >= 0 ? (this.columns.high[index] as number) : Number.NaN;
  }
  low(index: number): number {
    return index < this.length && index >= 0 ? (this.columns.low[index] as number) : Number.NaN;
  }
  close(index: number): number {
    return index < this.length && index >= 0 ? (this.columns.close[index] as number) : Number.NaN;
  }
  volume(index: number): number {
    return index < this.length && index >= 0 ? (this.columns.volume[index] as number) : Number.NaN;
  }
  /** Close `back` bars before the last closed one (0 = last). */
  closeBack(back: number): number {
    return this.close(this.length - 1 - back);
  }
}

/**
 * Aggregates base bars into `intervalMs` buckets aligned to the epoch (UTC days for 1d). A bucket's
 * open is its first bar's open, close its last bar's close, high/low the extremes, volume the sum.
 * Each output bar depends only on the base bars inside its bucket.
 */
export function resampleColumns(base: CandleColumns, intervalMs: number): CandleColumns {
  const capacity = base.length;
  const timestamp = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  let count = 0;
  let bucket = Number.NaN;
  for (let index = 0; index < base.length; index++) {
    const time = base.timestamp[index] as number;
    const start = Math.floor(time / intervalMs) * intervalMs;
    if (start !== bucket) {
      bucket = start;
      timestamp[count] = start;
      open[count] = base.open[index] as number;
      high[count] = base.high[index] as number;
      low[count] = base.low[index] as number;
      close[count] = base.close[index] as number;
      volume[count] = base.volume[index] as number;
      count++;
    } else {
      const last = count - 1;
      high[last] = Math.max(high[last] as number, base.high[index] as number);
      low[last] = Math.min(low[last] as number, base.low[index] as number);
      close[last] = base.close[index] as number;
      volume[last] = (volume[last] as number) + (base.volume[index] as number);
    }
  }
  return {
    length: count,
    timestamp: timestamp.subarray(0, count),
    open: open.subarray(0, count),
    high: high.subarray(0, count),
    low: low.subarray(0, count),
    close: close.subarray(0, count),
    volume: volume.subarray(0, count),
  };
}

/**
 * A higher-timeframe view that advances with the base series: a higher bar becomes visible only once
 * its last base bar has closed (`start + intervalMs ≤ base bar open + base interval`), so the
 * still-forming bar is never seen.
 */
export class TimeframeCursor {
  readonly view: ClosedCandles;
  private readonly timestamps: Float64Array;

  constructor(
    base: CandleColumns,
    private readonly baseIntervalMs: number,
    readonly intervalMs: number,
  ) {
    const columns = resampleColumns(base, intervalMs);
    this.timestamps = columns.timestamp;
    this.view = new ClosedCandles(columns, intervalMs);
  }

  /** Makes visible every higher bar that has closed by the close of the base bar opening at `baseOpenTime`. */
  advance(baseOpenTime: number): void {
    const closedBy = baseOpenTime + this.baseIntervalMs;
    let visible = this.view.length;
    while (
      visible < this.timestamps.length &&
      (this.timestamps[visible] as number) + this.intervalMs <= closedBy
    )
      visible++;
    this.view.length = visible;
  }
}

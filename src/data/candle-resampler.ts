import { ValidationError } from "../core/errors.ts";
import type { CandleSeries } from "./candle-series.ts";
import { barsPerBucket, bucketStartMs } from "./resample.ts";

/**
 * Streaming form of {@link resampleCandles} for the bar loop, without look-ahead: base bars are
 * pushed one at a time, and a higher-timeframe bar becomes visible (closed) only once its last
 * base bar has been pushed, or — when that bar is missing from the data — once a bar of a later
 * bucket arrives, or at {@link flush}. The closed bars equal what {@link resampleCandles} computes
 * for the whole series, bar for bar, including the `complete` flags.
 *
 * No allocation per push: the closed bars are appended to preallocated columns that double when
 * full (give `expectedBars` to `createResampler` to avoid even that).
 */
export class CandleResampler {
  /** Length of a pushed (base) bar in ms. */
  readonly baseIntervalMs: number;
  /** Length of a closed (target) bar in ms. */
  readonly targetIntervalMs: number;
  /** Base bars that make a complete target bar. */
  readonly barsPerBucket: number;

  private capacity: number;
  private count = 0;
  private closedThisPush = 0;
  private timestamps: Float64Array;
  private opens: Float64Array;
  private highs: Float64Array;
  private lows: Float64Array;
  private closes: Float64Array;
  private volumes: Float64Array;
  private completes: Uint8Array;

  private lastPushed = Number.NEGATIVE_INFINITY;
  private partialBars = 0;
  private partialStart = Number.NaN;
  private partialOpen = Number.NaN;
  private partialHigh = Number.NaN;
  private partialLow = Number.NaN;
  private partialClose = Number.NaN;
  private partialVolume = 0;

  constructor(baseIntervalMs: number, targetIntervalMs: number, expectedBars = 64) {
    this.barsPerBucket = barsPerBucket(baseIntervalMs, targetIntervalMs);
    this.baseIntervalMs = baseIntervalMs;
    this.targetIntervalMs = targetIntervalMs;
    this.capacity = Math.max(1, Math.floor(expectedBars));
    this.timestamps = new Float64Array(this.capacity);
    this.opens = new Float64Array(this.capacity);
    this.highs = new Float64Array(this.capacity);
    this.lows = new Float64Array(this.capacity);
    this.closes = new Float64Array(this.capacity);
    this.volumes = new Float64Array(this.capacity);
    this.completes = new Uint8Array(this.capacity);
  }

  /**
   * Feeds the next base bar (bar open time `timestamp` in ms UTC).
   *
   * @returns `true` when one or more target bars closed with this bar (usually one; two when the
   *   previous bucket was left incomplete by a gap and this bar is also the last of its own bucket;
   *   see {@link closedByLastPush}).
   * @throws ValidationError when `timestamp` is not after the previous push.
   */
  push(timestamp: number, open: number, high: number, low: number, close: number, volume: number): boolean {
    if (!(timestamp > this.lastPushed)) {
      throw new ValidationError(
        `resampler bars must be pushed in ascending time order: ${timestamp} after ${this.lastPushed}`,
        { field: "timestamp" },
      );
    }
    this.lastPushed = timestamp;
    let closed = 0;
    const bucket = bucketStartMs(timestamp, this.targetIntervalMs);
    if (this.partialBars > 0 && bucket !== this.partialStart) {
      this.closeForming();
      closed++;
    }
    if (this.partialBars === 0) {
      this.partialStart = bucket;
      this.partialOpen = open;
      this.partialHigh = high;
      this.partialLow = low;
      this.partialClose = close;
      this.partialVolume = volume;
      this.partialBars = 1;
    } else {
      if (high > this.partialHigh) this.partialHigh = high;
      if (low < this.partialLow) this.partialLow = low;
      this.partialClose = close;
      this.partialVolume += volume;
      this.partialBars++;
    }
    if (timestamp + this.baseIntervalMs >= bucket + this.targetIntervalMs) {
      this.closeForming();
      closed++;
    }
    this.closedThisPush = closed;
    return closed > 0;
  }

  /**
   * Closes the forming bar at the end of the data (it is incomplete unless it already had every
   * base bar, which cannot happen since it would have closed). Use only when no more bars will come.
   *
   * @returns `true` when a bar was closed.
   */
  flush(): boolean {
    if (this.partialBars === 0) {
      this.closedThisPush = 0;
      return false;
    }
    this.closeForming();
    this.closedThisPush = 1;
    return true;
  }

  /** Forgets all bars (keeps the allocated capacity). */
  reset(): void {
    this.count = 0;
    this.closedThisPush = 0;
    this.lastPushed = Number.NEGATIVE_INFINITY;
    this.partialBars = 0;
    this.partialStart = Number.NaN;
  }

  private closeForming(): void {
    if (this.count === this.capacity) this.grow();
    const index = this.count;
    this.timestamps[index] = this.partialStart;
    this.opens[index] = this.partialOpen;
    this.highs[index] = this.partialHigh;
    this.lows[index] = this.partialLow;
    this.closes[index] = this.partialClose;
    this.volumes[index] = this.partialVolume;
    this.completes[index] = this.partialBars === this.barsPerBucket ? 1 : 0;
    this.count++;
    this.partialBars = 0;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const grown = (old: Float64Array): Float64Array => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.timestamps = grown(this.timestamps);
    this.opens = grown(this.opens);
    this.highs = grown(this.highs);
    this.lows = grown(this.lows);
    this.closes = grown(this.closes);
    this.volumes = grown(this.volumes);
    const completes = new Uint8Array(capacity);
    completes.set(this.completes);
    this.completes = completes;
    this.capacity = capacity;
  }

  /** Number of closed target bars so far. */
  get closedCount(): number {
    return this.count;
  }

  /** How many target bars the last `push`/`flush` closed (0, 1 or 2). */
  get closedByLastPush(): number {
    return this.closedThisPush;
  }

  /** Open time (bucket start) of the last closed bar, ms UTC; NaN before the first close. */
  get lastTimestamp(): number {
    return this.count > 0 ? (this.timestamps[this.count - 1] as number) : Number.NaN;
  }

  /** Open of the last closed bar; NaN before the first close. */
  get lastOpen(): number {
    return this.count > 0 ? (this.opens[this.count - 1] as number) : Number.NaN;
  }

  /** High of the last closed bar; NaN before the first close. */
  get lastHigh(): number {
    return this.count > 0 ? (this.highs[this.count - 1] as number) : Number.NaN;
  }

  /** Low of the last closed bar; NaN before the first close. */
  get lastLow(): number {
    return this.count > 0 ? (this.lows[this.count - 1] as number) : Number.NaN;
  }

  /** Close of the last closed bar; NaN before the first close. */
  get lastClose(): number {
    return this.count > 0 ? (this.closes[this.count - 1] as number) : Number.NaN;
  }

  /** Volume of the last closed bar; NaN before the first close. */
  get lastVolume(): number {
    return this.count > 0 ? (this.volumes[this.count - 1] as number) : Number.NaN;
  }

  /** Whether the last closed bar had every base bar; false before the first close. */
  get lastComplete(): boolean {
    return this.count > 0 && this.completes[this.count - 1] === 1;
  }

  /**
   * Base bars in the forming bar: the current bucket, not closed yet; 0 when none. The forming
   * bar only holds bars already pushed (no look-ahead) but is partial; strategies that want
   * finished higher-timeframe bars read the closed ones.
   */
  get formingBarCount(): number {
    return this.partialBars;
  }

  /** Bucket start of the forming bar, ms UTC; NaN when none. */
  get formingTimestamp(): number {
    return this.partialBars > 0 ? this.partialStart : Number.NaN;
  }

  /** Open of the forming bar; NaN when none. */
  get formingOpen(): number {
    return this.partialBars > 0 ? this.partialOpen : Number.NaN;
  }

  /** High so far of the forming bar; NaN when none. */
  get formingHigh(): number {
    return this.partialBars > 0 ? this.partialHigh : Number.NaN;
  }

  /** Low so far of the forming bar; NaN when none. */
  get formingLow(): number {
    return this.partialBars > 0 ? this.partialLow : Number.NaN;
  }

  /** Latest close of the forming bar; NaN when none. */
  get formingClose(): number {
    return this.partialBars > 0 ? this.partialClose : Number.NaN;
  }

  /** Volume so far of the forming bar; NaN when none. */
  get formingVolume(): number {
    return this.partialBars > 0 ? this.partialVolume : Number.NaN;
  }

  /**
   * The closed bars so far, oldest first, as views (no copy) that stay valid until the next
   * push or flush (growth may move them). Allocates the view objects; call it outside the bar loop
   * or only when a bar closed.
   */
  closedSeries(): { series: CandleSeries; complete: Uint8Array } {
    const length = this.count;
    return {
      series: {
        length,
        timestamp: this.timestamps.subarray(0, length),
        open: this.opens.subarray(0, length),
        high: this.highs.subarray(0, length),
        low: this.lows.subarray(0, length),
        close: this.closes.subarray(0, length),
        volume: this.volumes.subarray(0, length),
      },
      complete: this.completes.subarray(0, length),
    };
  }

  /**
   * Field `field` of closed bar `index` (0 = oldest), without allocating.
   *
   * @throws ValidationError when `index` is not a closed bar.
   */
  closedValue(index: number, field: "timestamp" | "open" | "high" | "low" | "close" | "volume"): number {
    if (!(index >= 0 && index < this.count) || !Number.isInteger(index)) {
      throw new ValidationError(`no closed bar ${index} (have ${this.count})`, { field: "index" });
    }
    switch (field) {
      case "timestamp":
        return this.timestamps[index] as number;
      case "open":
        return this.opens[index] as number;
      case "high":
        return this.highs[index] as number;
      case "low":
        return this.lows[index] as number;
      case "close":
        return this.closes[index] as number;
      case "volume":
        return this.volumes[index] as number;
    }
  }
}

/**
 * Creates a streaming resampler from `baseIntervalMs` bars to `targetIntervalMs` bars (see
 * {@link CandleResampler}).
 *
 * @param expectedBars initial capacity for closed target bars (the columns double when full).
 * @throws ValidationError when the target is not a whole multiple (≥ 1×) of the base interval.
 */
export function createResampler(
  baseIntervalMs: number,
  targetIntervalMs: number,
  expectedBars = 64,
): CandleResampler {
  return new CandleResampler(baseIntervalMs, targetIntervalMs, expectedBars);
}

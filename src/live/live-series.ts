import type { CandleColumns } from "../domain/index.ts";
import type { CandleWire } from "../venues/hyperliquid/index.ts";

/** Default room for closed bars of one node run (about 4.5 months of 1-minute bars). */
export const DEFAULT_SERIES_CAPACITY = 200_000;

/**
 * A growing columnar candle series for the live engine: columns are allocated once with room for
 * `capacity` bars and filled as bars close (the engine only reads bars it has been told are closed).
 */
export class LiveSeries implements CandleColumns {
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Bars appended so far. */
  count = 0;

  constructor(capacity = DEFAULT_SERIES_CAPACITY) {
    this.length = capacity;
    this.timestamp = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
  }

  /** Open time of the last bar, NaN when empty. */
  get lastTime(): number {
    return this.count === 0 ? Number.NaN : (this.timestamp[this.count - 1] as number);
  }

  /**
   * Appends a closed venue candle.
   * @returns its index.
   * @throws Error when the series is full.
   */
  append(candle: CandleWire): number {
    if (this.count >= this.length)
      throw new Error(`live series is full (${this.length} bars); restart the node`);
    const index = this.count++;
    this.timestamp[index] = candle.t;
    this.open[index] = Number(candle.o);
    this.high[index] = Number(candle.h);
    this.low[index] = Number(candle.l);
    this.close[index] = Number(candle.c);
    this.volume[index] = Number(candle.v);
    return index;
  }
}

/** Milliseconds of a Hyperliquid candle interval (`1m` … `1M`). */
export function intervalMs(interval: string): number {
  const match = /^(\d+)([mhdwM])$/.exec(interval);
  if (!match) throw new Error(`bad candle interval ${interval}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000 }[
    match[2] as "m" | "h" | "d" | "w" | "M"
  ];
  return Number(match[1]) * unit;
}

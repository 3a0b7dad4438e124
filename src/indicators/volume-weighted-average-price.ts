import { ValidationError } from "../core/errors.ts";
import type { CandleSeries } from "../data/index.ts";
import type { Indicator } from "./indicator.ts";
import { requireSameLength } from "./validation.ts";

const DAY_MS = 86_400_000;

/** When a {@link VolumeWeightedAveragePrice} starts over: never, or at each UTC midnight. */
export type VolumeWeightedAveragePriceAnchor = "none" | "utc-day";

/** The anchors {@link VolumeWeightedAveragePrice} accepts. */
export const VOLUME_WEIGHTED_AVERAGE_PRICE_ANCHORS: readonly VolumeWeightedAveragePriceAnchor[] = [
  "none",
  "utc-day",
];

/** Parameters of {@link VolumeWeightedAveragePrice}. */
export interface VolumeWeightedAveragePriceOptions {
  /** `"none"` (default): cumulative over every bar; `"utc-day"`: restart at each UTC day. */
  anchor?: VolumeWeightedAveragePriceAnchor;
}

/**
 * The columns {@link volumeWeightedAveragePrice} reads (a `CandleSeries` fits); `timestamp`
 * (bar open time, ms UTC) is needed only with the `"utc-day"` anchor.
 */
export type VolumeWeightedAveragePriceColumns = Pick<CandleSeries, "high" | "low" | "close" | "volume"> & {
  readonly timestamp?: Float64Array;
};

/**
 * Volume-weighted average price (VWAP), in price units:
 * `VWAP = Σ typical · volume / Σ volume` with `typical = (high + low + close) / 3`, summed since the
 * first bar (anchor `"none"`) or since the first bar of the current UTC day (anchor `"utc-day"`,
 * decided by the bar's open timestamp in ms).
 *
 * Warm-up: none; the output is `NaN` only while the summed volume is 0 (at the start, and after each
 * anchor reset until a bar with volume arrives). O(1) per update, no allocation.
 */
export class VolumeWeightedAveragePrice implements Indicator {
  /** When the sums restart. */
  readonly anchor: VolumeWeightedAveragePriceAnchor;
  /** 0: the first bar with volume already defines the VWAP. */
  readonly warmUpLength = 0;
  private readonly anchoredByDay: boolean;
  private day = Number.NaN;
  private priceVolume = 0;
  private volume = 0;
  private current = Number.NaN;

  /** @throws ValidationError when `anchor` is not one of {@link VOLUME_WEIGHTED_AVERAGE_PRICE_ANCHORS}. */
  constructor(options: VolumeWeightedAveragePriceOptions = {}) {
    const anchor = options.anchor ?? "none";
    if (!VOLUME_WEIGHTED_AVERAGE_PRICE_ANCHORS.includes(anchor)) {
      throw new ValidationError(
        `anchor must be one of ${VOLUME_WEIGHTED_AVERAGE_PRICE_ANCHORS.join(", ")}, received ${String(anchor)}`,
        { field: "anchor" },
      );
    }
    this.anchor = anchor;
    this.anchoredByDay = anchor === "utc-day";
  }

  /** The newest VWAP, `NaN` while no volume has been summed. */
  get value(): number {
    return this.current;
  }

  /** True while the summed volume is positive. */
  get isReady(): boolean {
    return this.volume > 0;
  }

  /**
   * Consumes one bar and returns the newest VWAP.
   *
   * @param timestamp bar open time in ms UTC; required with the `"utc-day"` anchor, ignored otherwise.
   * @throws ValidationError with the `"utc-day"` anchor when `timestamp` is missing or not finite.
   */
  update(high: number, low: number, close: number, volume: number, timestamp = Number.NaN): number {
    if (this.anchoredByDay) {
      if (!Number.isFinite(timestamp)) {
        throw new ValidationError(
          `the "utc-day" anchor needs a finite bar timestamp in ms, received ${String(timestamp)}`,
          { field: "timestamp" },
        );
      }
      const day = Math.floor(timestamp / DAY_MS);
      if (day !== this.day) {
        this.day = day;
        this.priceVolume = 0;
        this.volume = 0;
      }
    }
    this.priceVolume += ((high + low + close) / 3) * volume;
    this.volume += volume;
    this.current = this.volume > 0 ? this.priceVolume / this.volume : Number.NaN;
    return this.current;
  }

  /** Forgets every consumed bar. */
  reset(): void {
    this.day = Number.NaN;
    this.priceVolume = 0;
    this.volume = 0;
    this.current = Number.NaN;
  }
}

/**
 * Batch {@link VolumeWeightedAveragePrice} over the `high`, `low`, `close`, `volume` (and, for the
 * `"utc-day"` anchor, `timestamp`) columns. Runs the incremental form, so both agree exactly.
 *
 * @throws ValidationError when the anchor is unknown, the columns differ in length, or the
 *   `"utc-day"` anchor is asked for without a `timestamp` column.
 */
export function volumeWeightedAveragePrice(
  columns: VolumeWeightedAveragePriceColumns,
  options: VolumeWeightedAveragePriceOptions = {},
): Float64Array {
  const indicator = new VolumeWeightedAveragePrice(options);
  const { high, low, close, volume, timestamp } = columns;
  const length = requireSameLength({ high, low, close, volume });
  if (indicator.anchor === "utc-day") {
    if (timestamp === undefined) {
      throw new ValidationError('the "utc-day" anchor needs a timestamp column, received none', {
        field: "timestamp",
      });
    }
    requireSameLength({ high, timestamp });
  }
  const output = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    output[index] = indicator.update(
      high[index] as number,
      low[index] as number,
      close[index] as number,
      volume[index] as number,
      timestamp === undefined ? Number.NaN : (timestamp[index] as number),
    );
  }
  return output;
}

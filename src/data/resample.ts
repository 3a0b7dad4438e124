import { ValidationError } from "../core/errors.ts";
import { type CandleSeries, createCandleSeries, inferIntervalMs } from "./candle-series.ts";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, the first Monday after the epoch (a Thursday). */
const MONDAY_OFFSET_MS = 4 * DAY_MS;

/** Result of {@link resampleCandles}. */
export interface ResampledCandles {
  /** One bar per bucket that holds at least one base bar; `timestamp` = bucket start. */
  readonly series: CandleSeries;
  /**
   * Per bar: 1 when the bucket holds every base bar it should (`target / base` bars), 0 when bars
   * are missing — in particular a partial last bucket, and buckets with gaps in the data.
   */
  readonly complete: Uint8Array;
}

/**
 * Start of the UTC-aligned bucket of length `intervalMs` that contains `timestamp`:
 * `floor(timestamp / interval) * interval`, except that intervals that are whole weeks start on
 * Monday 00:00 UTC (as exchanges align weekly candles).
 *
 * @param timestamp ms UTC.
 * @param intervalMs bucket length in ms, > 0.
 */
export function bucketStartMs(timestamp: number, intervalMs: number): number {
  const offset = intervalMs % WEEK_MS === 0 ? MONDAY_OFFSET_MS : 0;
  return Math.floor((timestamp - offset) / intervalMs) * intervalMs + offset;
}

/**
 * Checks a base/target interval pair and returns how many base bars make one target bar.
 *
 * @throws ValidationError when either interval is not a positive integer number of ms, the target
 *   is smaller than the base, or the target is not a whole multiple of the base.
 */
export function barsPerBucket(baseIntervalMs: number, targetIntervalMs: number): number {
  if (!Number.isSafeInteger(baseIntervalMs) || baseIntervalMs <= 0) {
    throw new ValidationError(
      `base interval must be a positive integer number of ms, got ${baseIntervalMs}`,
      {
        field: "baseIntervalMs",
      },
    );
  }
  if (!Number.isSafeInteger(targetIntervalMs) || targetIntervalMs <= 0) {
    throw new ValidationError(
      `target interval must be a positive integer number of ms, got ${targetIntervalMs}`,
      { field: "targetIntervalMs" },
    );
  }
  if (targetIntervalMs < baseIntervalMs) {
    throw new ValidationError(
      `cannot resample ${baseIntervalMs} ms bars to a smaller interval of ${targetIntervalMs} ms`,
      { field: "targetIntervalMs" },
    );
  }
  if (targetIntervalMs % baseIntervalMs !== 0) {
    throw new ValidationError(
      `target interval ${targetIntervalMs} ms is not a whole multiple of the base interval ${baseIntervalMs} ms`,
      { field: "targetIntervalMs" },
    );
  }
  return targetIntervalMs / baseIntervalMs;
}

/**
 * Aggregates bars into longer UTC-aligned bars (see {@link bucketStartMs}): open = first bar's
 * open, high = max, low = min, close = last bar's close, volume = sum, timestamp = bucket start.
 * Buckets without any base bar produce no bar. Base bars are assumed to sit on the target grid
 * (a base bar never straddles a bucket boundary).
 *
 * @param series base bars, timestamps strictly ascending.
 * @param targetIntervalMs target bar length in ms; a whole multiple (≥ 1×) of the base interval.
 * @param options.baseIntervalMs base bar length; default {@link inferIntervalMs} of `series`.
 * @returns the bars plus a per-bar completeness flag (a partial last bucket is incomplete).
 * @throws ValidationError for an unusable interval pair, when the base interval cannot be inferred
 *   (fewer than 2 bars and no `baseIntervalMs`), or when timestamps are not strictly ascending.
 */
export function resampleCandles(
  series: CandleSeries,
  targetIntervalMs: number,
  options: { baseIntervalMs?: number } = {},
): ResampledCandles {
  const length = series.length;
  const baseIntervalMs = options.baseIntervalMs ?? inferIntervalMs(series);
  if (baseIntervalMs === null) {
    if (length > 0) {
      throw new ValidationError(
        `cannot infer the base interval of ${length} bar(s) without a positive time step; pass baseIntervalMs`,
        { field: "baseIntervalMs" },
      );
    }
    barsPerBucket(targetIntervalMs, targetIntervalMs); // still reject a bad target
    return { series: createCandleSeries(0), complete: new Uint8Array(0) };
  }
  const expected = barsPerBucket(baseIntervalMs, targetIntervalMs);
  const { timestamp, open, high, low, close, volume } = series;

  // Pass 1: count buckets (and check the order).
  let buckets = 0;
  let currentBucket = Number.NaN;
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < length; index++) {
    const time = timestamp[index] as number;
    if (!(time > previous)) {
      throw new ValidationError(
        `candle timestamps must be strictly ascending: bar ${index} (${time}) follows ${previous}`,
        { field: "timestamp" },
      );
    }
    previous = time;
    const bucket = bucketStartMs(time, targetIntervalMs);
    if (bucket !== currentBucket) {
      buckets++;
      currentBucket = bucket;
    }
  }

  // Pass 2: aggregate.
  const output = createCandleSeries(buckets);
  const complete = new Uint8Array(buckets);
  let out = -1;
  let count = 0;
  currentBucket = Number.NaN;
  for (let index = 0; index < length; index++) {
    const bucket = bucketStartMs(timestamp[index] as number, targetIntervalMs);
    if (bucket !== currentBucket) {
      if (out >= 0) complete[out] = count === expected ? 1 : 0;
      out++;
      currentBucket = bucket;
      count = 0;
      output.timestamp[out] = bucket;
      output.open[out] = open[index] as number;
      output.high[out] = high[index] as number;
      output.low[out] = low[index] as number;
      output.volume[out] = 0;
    }
    const barHigh = high[index] as number;
    const barLow = low[index] as number;
    if (barHigh > (output.high[out] as number)) output.high[out] = barHigh;
    if (barLow < (output.low[out] as number)) output.low[out] = barLow;
    output.close[out] = close[index] as number;
    output.volume[out] = (output.volume[out] as number) + (volume[index] as number);
    count++;
  }
  if (out >= 0) complete[out] = count === expected ? 1 : 0;
  return { series: output, complete };
}

import { ValidationError } from "../core/errors.ts";

/**
 * A run of OHLCV bars stored column by column. This is the series type of the whole engine: the bar
 * loop reads `close[index]` directly and allocates nothing per bar.
 *
 * Invariants (guaranteed by the loaders in this folder, assumed by the engine):
 * - every column has exactly `length` elements;
 * - `timestamp` is the bar open time in integer milliseconds since the Unix epoch (UTC), strictly
 *   ascending;
 * - prices are finite and > 0, `low ≤ min(open, close)`, `high ≥ max(open, close)`, volume ≥ 0.
 */
export interface CandleSeries {
  /** Number of bars. */
  readonly length: number;
  /** Bar open time, integer ms since the epoch (UTC), strictly ascending. */
  readonly timestamp: Float64Array;
  /** Opening price. */
  readonly open: Float64Array;
  /** Highest price of the bar. */
  readonly high: Float64Array;
  /** Lowest price of the bar. */
  readonly low: Float64Array;
  /** Closing price. */
  readonly close: Float64Array;
  /** Traded volume in base units (0 when the source has no volume column). */
  readonly volume: Float64Array;
}

/** The column names of a {@link CandleSeries}, in file order. */
export const CANDLE_COLUMNS = ["timestamp", "open", "high", "low", "close", "volume"] as const;

/** One column name of a {@link CandleSeries}. */
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];

/** The candle intervals the suite understands (Hyperliquid's set without `1M`). */
export const CANDLE_INTERVALS = [
  "1m",
  "3m",
  "5m",
  "15m",
  "30m",
  "1h",
  "2h",
  "4h",
  "8h",
  "12h",
  "1d",
  "1w",
] as const;

/** A candle interval name such as `"1h"`. */
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  "1m": MINUTE_MS,
  "3m": 3 * MINUTE_MS,
  "5m": 5 * MINUTE_MS,
  "15m": 15 * MINUTE_MS,
  "30m": 30 * MINUTE_MS,
  "1h": HOUR_MS,
  "2h": 2 * HOUR_MS,
  "4h": 4 * HOUR_MS,
  "8h": 8 * HOUR_MS,
  "12h": 12 * HOUR_MS,
  "1d": DAY_MS,
  "1w": 7 * DAY_MS,
};

/**
 * Allocates a zero-filled series of `length` bars. All six columns share one `ArrayBuffer`
 * (column after column), so the series is one allocation and can be written to disk in one piece.
 *
 * @param length number of bars, a non-negative safe integer.
 * @throws ValidationError when `length` is negative, fractional or not a number.
 */
export function createCandleSeries(length: number): CandleSeries {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new ValidationError(`candle series length must be a non-negative integer, got ${length}`, {
      field: "length",
    });
  }
  const buffer = new ArrayBuffer(length * 6 * Float64Array.BYTES_PER_ELEMENT);
  const column = (index: number): Float64Array =>
    new Float64Array(buffer, index * length * Float64Array.BYTES_PER_ELEMENT, length);
  return {
    length,
    timestamp: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}

/**
 * Builds a series from existing columns without copying them.
 *
 * @param columns six arrays of equal length; timestamps in ms UTC.
 * @throws ValidationError when the columns differ in length. The values themselves are not
 *   checked (use the CSV parser for untrusted input).
 */
export function candleSeriesFromColumns(columns: {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}): CandleSeries {
  const length = columns.timestamp.length;
  for (const name of CANDLE_COLUMNS) {
    if (columns[name].length !== length) {
      throw new ValidationError(
        `candle column ${name} has ${columns[name].length} values, timestamp has ${length}`,
        { field: name },
      );
    }
  }
  return { length, ...columns };
}

/**
 * A window of bars `[from, to)` of `series`, as views that share memory with `series` (no copy;
 * writes through either are visible in both). Use {@link copyCandleSeries} for a detached copy.
 *
 * @param from first bar index, inclusive (0 ≤ from ≤ to).
 * @param to end bar index, exclusive (≤ series.length).
 * @throws ValidationError when the bounds are not integers in range.
 */
export function sliceCandleSeries(series: CandleSeries, from: number, to: number): CandleSeries {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > series.length) {
    throw new ValidationError(
      `invalid candle slice [${from}, ${to}) of a series with ${series.length} bars (need 0 ≤ from ≤ to ≤ length)`,
      { field: "from" },
    );
  }
  return {
    length: to - from,
    timestamp: series.timestamp.subarray(from, to),
    open: series.open.subarray(from, to),
    high: series.high.subarray(from, to),
    low: series.low.subarray(from, to),
    close: series.close.subarray(from, to),
    volume: series.volume.subarray(from, to),
  };
}

/** A deep copy of `series` in one fresh buffer (see {@link createCandleSeries}). */
export function copyCandleSeries(series: CandleSeries): CandleSeries {
  const copy = createCandleSeries(series.length);
  for (const name of CANDLE_COLUMNS) copy[name].set(series[name].subarray(0, series.length));
  return copy;
}

/**
 * The bar interval of a series in ms: the most common positive step between consecutive
 * timestamps (gaps and the odd missing bar do not change it). Ties go to the smaller step.
 *
 * @returns the interval in ms, or `null` when the series has fewer than 2 bars or no positive step.
 */
export function inferIntervalMs(series: CandleSeries): number | null {
  const timestamps = series.timestamp;
  if (series.length < 2) return null;
  // Count runs of equal steps, so a gap-free series touches the map only once.
  const counts = new Map<number, number>();
  let previous = timestamps[0] as number;
  let lastStep = Number.NaN;
  let lastCount = 0;
  for (let index = 1; index < series.length; index++) {
    const current = timestamps[index] as number;
    const step = current - previous;
    previous = current;
    if (!(step > 0)) continue;
    if (step === lastStep) {
      lastCount++;
      continue;
    }
    if (lastCount > 0) counts.set(lastStep, (counts.get(lastStep) ?? 0) + lastCount);
    lastStep = step;
    lastCount = 1;
  }
  if (lastCount > 0) counts.set(lastStep, (counts.get(lastStep) ?? 0) + lastCount);
  let best: number | null = null;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

/** Whether `value` is one of {@link CANDLE_INTERVALS}. */
export function isCandleInterval(value: string): value is CandleInterval {
  return Object.hasOwn(INTERVAL_MS, value);
}

/**
 * The length of a candle interval in ms, e.g. `intervalToMs("1h") === 3_600_000`.
 *
 * @throws ValidationError naming the value and the accepted intervals when `interval` is unknown.
 */
export function intervalToMs(interval: string): number {
  if (!isCandleInterval(interval)) {
    throw new ValidationError(
      `unknown candle interval "${interval}"; expected one of ${CANDLE_INTERVALS.join(", ")}`,
      { field: "interval" },
    );
  }
  return INTERVAL_MS[interval];
}

/**
 * The interval name for a length in ms, e.g. `msToInterval(3_600_000) === "1h"`.
 *
 * @throws ValidationError when `intervalMs` is not exactly one of {@link CANDLE_INTERVALS}.
 */
export function msToInterval(intervalMs: number): CandleInterval {
  for (const name of CANDLE_INTERVALS) {
    if (INTERVAL_MS[name] === intervalMs) return name;
  }
  throw new ValidationError(
    `no candle interval is ${intervalMs} ms; expected the length of one of ${CANDLE_INTERVALS.join(", ")}`,
    { field: "interval" },
  );
}

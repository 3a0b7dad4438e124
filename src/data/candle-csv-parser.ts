import { CandleFileError } from "./candle-file-error.ts";
import { type CandleSeries, candleSeriesFromColumns } from "./candle-series.ts";
import { type CsvColumnSpec, readNumericCsv } from "./numeric-csv-reader.ts";

/** Header names accepted for the bar-time column (case-insensitive). */
export const TIME_COLUMN_NAMES: readonly string[] = [
  "timestamp",
  "time",
  "date",
  "datetime",
  "open_time",
  "open time",
];

const CANDLE_COLUMN_SPECS: readonly CsvColumnSpec[] = [
  { name: "timestamp", aliases: TIME_COLUMN_NAMES, kind: "time", required: true, fallback: 0 },
  { name: "open", aliases: ["open"], kind: "number", required: true, fallback: 0 },
  { name: "high", aliases: ["high"], kind: "number", required: true, fallback: 0 },
  { name: "low", aliases: ["low"], kind: "number", required: true, fallback: 0 },
  { name: "close", aliases: ["close"], kind: "number", required: true, fallback: 0 },
  { name: "volume", aliases: ["volume", "vol"], kind: "number", required: false, fallback: 0 },
];

/** Options of {@link parseCandleCsv}. */
export interface CandleCsvOptions {
  /** Name used in error messages (`SOURCE:LINE: …`); default `"<input>"`. */
  source?: string;
}

const encoder = new TextEncoder();

/** Renders a timestamp for a message: `1700000000000 (2023-11-14T22:13:20.000Z)`. */
export function describeTimestamp(timestamp: number): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp) : `${timestamp} (${date.toISOString()})`;
}

/**
 * Parses candle CSV bytes into a {@link CandleSeries}, working on the bytes directly (no string
 * per line, no object per row).
 *
 * Formats: a header line, then one bar per line.
 * - `timestamp,open,high,low,close,volume` with the bar open time as integer ms UTC (the format of
 *   the shared data folder);
 * - the same with ISO-8601 dates or datetimes in the time column (`2024-01-02` = 00:00 UTC,
 *   `2024-01-02T03:00:00Z`, `2024-01-02 05:00:00+02:00`; no zone = UTC);
 * - Yahoo-style `Date,Open,High,Low,Close,Adj Close,Volume`.
 * Column names are matched case-insensitively in any order; the time column may be called
 * `timestamp`, `time`, `date`, `datetime`, `open_time` or `open time`; other columns are ignored;
 * a missing volume column gives volume 0. Accepts a UTF-8 BOM, CRLF line ends, blank lines and a
 * missing or extra final newline.
 *
 * Each row must satisfy: finite numbers; open, high, low, close > 0; high ≥ low;
 * high ≥ max(open, close); low ≤ min(open, close); volume ≥ 0; timestamp strictly greater than the
 * previous row's.
 *
 * @param input file bytes (a `Buffer` works) or text.
 * @throws CandleFileError naming the source, the 1-based line and the reason (see
 *   {@link CandleFileError} for the reason codes), e.g. `btc.csv:17: high 9.5 is below low 10`.
 */
export function parseCandleCsv(input: Uint8Array | string, options: CandleCsvOptions = {}): CandleSeries {
  const bytes = typeof input === "string" ? encoder.encode(input) : input;
  const source = options.source ?? "<input>";
  const table = readNumericCsv(bytes, source, CANDLE_COLUMN_SPECS, "timestamp,open,high,low,close,volume");
  const [timestamp, open, high, low, close, volume] = table.columns as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const length = table.length;
  let previousTimestamp = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < length; row++) {
    const time = timestamp[row] as number;
    const openPrice = open[row] as number;
    const highPrice = high[row] as number;
    const lowPrice = low[row] as number;
    const closePrice = close[row] as number;
    const barVolume = volume[row] as number;
    // All in-range comparisons false for NaN, so one branch guards the common case.
    if (
      !(
        openPrice > 0 &&
        highPrice > 0 &&
        lowPrice > 0 &&
        closePrice > 0 &&
        highPrice < Number.POSITIVE_INFINITY &&
        barVolume >= 0 &&
        barVolume < Number.POSITIVE_INFINITY &&
        highPrice >= lowPrice &&
        highPrice >= openPrice &&
        highPrice >= closePrice &&
        lowPrice <= openPrice &&
        lowPrice <= closePrice &&
        time > previousTimestamp
      )
    ) {
      throw describeBadRow(table.lineOfRow(row), row, source, table.columns, table.lineOfRow);
    }
    previousTimestamp = time;
  }
  return candleSeriesFromColumns({ timestamp, open, high, low, close, volume });
}

/** Builds the error for a row that failed the combined check (cold path). */
function describeBadRow(
  line: number,
  row: number,
  source: string,
  columns: Float64Array[],
  lineOfRow: (row: number) => number,
): CandleFileError {
  const names = ["timestamp", "open", "high", "low", "close", "volume"] as const;
  const values = names.map((_, index) => (columns[index] as Float64Array)[row] as number);
  const [time, open, high, low, close, volume] = values as [number, number, number, number, number, number];
  for (let index = 1; index < names.length; index++) {
    const value = values[index] as number;
    if (!Number.isFinite(value)) {
      return new CandleFileError(
        source,
        line,
        "not-finite",
        `${names[index]} ${value} is not a finite number`,
        names[index],
      );
    }
  }
  for (let index = 1; index <= 4; index++) {
    const value = values[index] as number;
    if (!(value > 0)) {
      return new CandleFileError(
        source,
        line,
        "non-positive-price",
        `${names[index]} ${value} is not positive (prices must be > 0)`,
        names[index],
      );
    }
  }
  if (high < low) {
    return new CandleFileError(source, line, "high-below-low", `high ${high} is below low ${low}`, "high");
  }
  if (high < open || high < close) {
    const [name, value] = open >= close ? ["open", open] : ["close", close];
    return new CandleFileError(
      source,
      line,
      "high-below-body",
      `high ${high} is below ${name} ${value} (high must be ≥ max(open, close))`,
      "high",
    );
  }
  if (low > open || low > close) {
    const [name, value] = open <= close ? ["open", open] : ["close", close];
    return new CandleFileError(
      source,
      line,
      "low-above-body",
      `low ${low} is above ${name} ${value} (low must be ≤ min(open, close))`,
      "low",
    );
  }
  if (volume < 0) {
    return new CandleFileError(source, line, "negative-volume", `volume ${volume} is negative`, "volume");
  }
  // Only the ordering is left.
  const previousLine = lineOfRow(row - 1);
  const previous = (columns[0] as Float64Array)[row - 1] as number;
  if (time === previous) {
    return new CandleFileError(
      source,
      line,
      "duplicate-timestamp",
      `duplicate timestamp ${describeTimestamp(time)}, the same as on line ${previousLine}`,
      "timestamp",
    );
  }
  return new CandleFileError(
    source,
    line,
    "unsorted",
    `timestamp ${describeTimestamp(time)} is before ${describeTimestamp(previous)} on line ${previousLine}; rows must be in ascending time order`,
    "timestamp",
  );
}

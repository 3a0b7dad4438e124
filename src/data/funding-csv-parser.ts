import { describeTimestamp, TIME_COLUMN_NAMES } from "./candle-csv-parser.ts";
import { CandleFileError } from "./candle-file-error.ts";
import { type CsvColumnSpec, readNumericCsv } from "./numeric-csv-reader.ts";

/**
 * Funding-rate history, column by column. `timestamp` is the venue's recorded funding time in ms
 * UTC exactly as in the source (Hyperliquid's carries jitter of a few ms and the odd late entry;
 * round to the hour to match candles). `rate` is the rate per funding period as a fraction
 * (`1.25e-05` = 0.00125 %), positive when longs pay shorts, and may be negative.
 */
export interface FundingSeries {
  /** Number of entries. */
  readonly length: number;
  /** Funding time, ms UTC, strictly ascending. */
  readonly timestamp: Float64Array;
  /** Funding rate per period, fraction, finite. */
  readonly rate: Float64Array;
}

const FUNDING_COLUMN_SPECS: readonly CsvColumnSpec[] = [
  { name: "timestamp", aliases: TIME_COLUMN_NAMES, kind: "time", required: true, fallback: 0 },
  {
    name: "funding_rate",
    aliases: ["funding_rate", "fundingrate", "funding rate", "rate", "funding"],
    kind: "number",
    required: true,
    fallback: 0,
  },
];

const encoder = new TextEncoder();

/**
 * Parses a `timestamp,funding_rate` CSV (header names as in {@link parseCandleCsv}: any order,
 * case-insensitive, time column `timestamp`/`time`/`date`/…, rate column `funding_rate` or `rate`;
 * integer ms or ISO-8601 times). Timestamps are kept as they are (no rounding).
 *
 * @param input file bytes or text.
 * @param options.source name used in error messages; default `"<input>"`.
 * @throws CandleFileError with the same reasons as the candle parser where they apply
 *   (`not-a-number`, `not-finite`, `unsorted`, `duplicate-timestamp`, header problems, …).
 */
export function parseFundingCsv(
  input: Uint8Array | string,
  options: { source?: string } = {},
): FundingSeries {
  const bytes = typeof input === "string" ? encoder.encode(input) : input;
  const source = options.source ?? "<input>";
  const table = readNumericCsv(bytes, source, FUNDING_COLUMN_SPECS, "timestamp,funding_rate");
  const [timestamp, rate] = table.columns as [Float64Array, Float64Array];
  let previous = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < table.length; row++) {
    const time = timestamp[row] as number;
    const value = rate[row] as number;
    if (!Number.isFinite(value)) {
      throw new CandleFileError(
        source,
        table.lineOfRow(row),
        "not-finite",
        `funding_rate ${value} is not a finite number`,
        "funding_rate",
      );
    }
    if (!(time > previous)) {
      const line = table.lineOfRow(row);
      const previousLine = table.lineOfRow(row - 1);
      throw time === previous
        ? new CandleFileError(
            source,
            line,
            "duplicate-timestamp",
            `duplicate timestamp ${describeTimestamp(time)}, the same as on line ${previousLine}`,
            "timestamp",
          )
        : new CandleFileError(
            source,
            line,
            "unsorted",
            `timestamp ${describeTimestamp(time)} is before ${describeTimestamp(previous)} on line ${previousLine}; rows must be in ascending time order`,
            "timestamp",
          );
    }
    previous = time;
  }
  return { length: table.length, timestamp, rate };
}

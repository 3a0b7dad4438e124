import { ValidationError } from "../core/errors.ts";

/**
 * Why a candle or funding file was rejected. Stable, machine-readable; the message says the same in
 * words with the offending values.
 */
export type CandleFileErrorReason =
  /** The file has no header line at all. */
  | "empty-file"
  /** The header lacks a required column (or the first line is data, not a header). */
  | "missing-columns"
  /** Two header columns mean the same thing (e.g. `date` and `timestamp`). */
  | "duplicate-column"
  /** A header but no data rows. */
  | "no-rows"
  /** A row has a different number of fields than the header. */
  | "column-count"
  /** A field is empty or not a decimal number. */
  | "not-a-number"
  /** A field is NaN or ±Infinity (or overflows to it). */
  | "not-finite"
  /** The time field is neither an integer ms timestamp nor an ISO-8601 date. */
  | "invalid-timestamp"
  /** open, high, low or close ≤ 0. */
  | "non-positive-price"
  /** high < low. */
  | "high-below-low"
  /** high < max(open, close). */
  | "high-below-body"
  /** low > min(open, close). */
  | "low-above-body"
  /** volume < 0. */
  | "negative-volume"
  /** A timestamp is earlier than the one on the previous row. */
  | "unsorted"
  /** A timestamp equals the one on the previous row. */
  | "duplicate-timestamp";

/**
 * A candle/funding file that cannot be loaded, pointing at the offending line:
 * `message` reads `SOURCE:LINE: detail`, e.g. `btc.csv:17: high 9.5 is below low 10`.
 */
export class CandleFileError extends ValidationError {
  /** The file name (or the `source` label given to the parser). */
  readonly source: string;
  /** 1-based line number in the file (the header is line 1 unless blank lines precede it). */
  readonly line: number;
  /** Machine-readable reason. */
  readonly reason: CandleFileErrorReason;
  /** The column involved, when there is one (canonical name such as `high`). */
  readonly column: string | undefined;

  constructor(source: string, line: number, reason: CandleFileErrorReason, detail: string, column?: string) {
    super(`${source}:${line}: ${detail}`, { field: column ?? `line ${line}` });
    this.source = source;
    this.line = line;
    this.reason = reason;
    this.column = column;
  }
}

/**
 * The byte-level CSV reader shared by the candle and funding parsers: header matching, CRLF/BOM
 * handling, column counting and number/time parsing into preallocated `Float64Array` columns. It
 * works on the raw bytes, allocates nothing per row and leaves domain checks (OHLC, ordering) to
 * its callers.
 */
import { Buffer } from "node:buffer";
import { CandleFileError } from "./candle-file-error.ts";
import { parseDecimal } from "./decimal-parser.ts";
import { parseIsoTimestamp } from "./iso-timestamp.ts";

/** One column the caller wants out of the file. */
export interface CsvColumnSpec {
  /** Canonical name used in messages, e.g. `high`. */
  readonly name: string;
  /** Accepted header names, lower case (matched case-insensitively after trimming). */
  readonly aliases: readonly string[];
  /** `time`: integer ms or ISO-8601 date; `number`: decimal. */
  readonly kind: "time" | "number";
  /** Whether the header must contain it. */
  readonly required: boolean;
  /** Value of every row when an optional column is absent. */
  readonly fallback: number;
}

/** The columns read from a file, in the order of the specs. */
export interface NumericCsvTable {
  readonly length: number;
  readonly columns: Float64Array[];
  /** 1-based file line of data row `row` (for error messages). */
  lineOfRow(row: number): number;
}

const CHAR_NEWLINE = 10;
const CHAR_RETURN = 13;
const CHAR_SPACE = 32;
const CHAR_TAB = 9;
const CHAR_QUOTE = 34;
const CHAR_0 = 48;

// Byte codes relative to "0", as the row loop sees them.
const COMMA_CODE = 44 - CHAR_0; // ","
const NEWLINE_CODE = CHAR_NEWLINE - CHAR_0;
const RETURN_CODE = CHAR_RETURN - CHAR_0;
const SPACE_CODE = CHAR_SPACE - CHAR_0;
const TAB_CODE = CHAR_TAB - CHAR_0;
const MINUS_CODE = 45 - CHAR_0;
const DOT_CODE = 46 - CHAR_0;

const KIND_IGNORED = 0;
const KIND_NUMBER = 1;
const KIND_TIME = 2;

/** 2^53: integers below it are exact doubles. */
const EXACT_INTEGER_LIMIT = 9_007_199_254_740_992;

/** 10^0 … 10^22, each an exact double (so `mantissa / 10^scale` is correctly rounded). */
const POWERS_OF_TEN = new Float64Array(23);
for (let exponent = 0; exponent < POWERS_OF_TEN.length; exponent++) POWERS_OF_TEN[exponent] = 10 ** exponent;

const decoder = new TextDecoder("utf-8");

/** End of the line content starting at `start` (excluding `\r\n`/`\n`) and the start of the next line. */
function lineBounds(bytes: Uint8Array, start: number): { contentEnd: number; next: number } {
  const newline = bytes.indexOf(CHAR_NEWLINE, start);
  const lineEnd = newline < 0 ? bytes.length : newline;
  let contentEnd = lineEnd;
  if (contentEnd > start && bytes[contentEnd - 1] === CHAR_RETURN) contentEnd--;
  return { contentEnd, next: newline < 0 ? bytes.length : newline + 1 };
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte !== CHAR_SPACE && byte !== CHAR_TAB) return false;
  }
  return true;
}

function normalizeHeaderName(raw: string): string {
  let name = raw.trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).trim();
  return name.toLowerCase();
}

/** Text of a field for an error message, quoted and shortened. */
function quoteField(bytes: Uint8Array, start: number, end: number): string {
  const limit = 60;
  const text = decoder.decode(bytes.subarray(start, Math.min(end, start + limit)));
  return JSON.stringify(end - start > limit ? `${text}…` : text);
}

/**
 * Reads the numeric columns `specs` out of CSV `bytes`.
 *
 * @param source file name used in error messages.
 * @param exampleHeader shown when the header is missing or wrong, e.g. `timestamp,open,high,low,close,volume`.
 * @throws CandleFileError (`empty-file`, `missing-columns`, `duplicate-column`, `no-rows`,
 *   `column-count`, `not-a-number`, `not-finite`, `invalid-timestamp`).
 */
export function readNumericCsv(
  bytes: Uint8Array,
  source: string,
  specs: readonly CsvColumnSpec[],
  exampleHeader: string,
): NumericCsvTable {
  const end = bytes.length;
  let position = 0;
  if (end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) position = 3;

  // Header: the first non-blank line.
  let line = 1;
  let headerEnd = -1;
  while (position < end) {
    const { contentEnd, next } = lineBounds(bytes, position);
    if (!isBlank(bytes, position, contentEnd)) {
      headerEnd = contentEnd;
      break;
    }
    position = next;
    line++;
  }
  if (headerEnd < 0) {
    throw new CandleFileError(
      source,
      line,
      "empty-file",
      `file is empty; expected a header such as ${exampleHeader}`,
    );
  }
  const headerLine = line;
  const headerText = decoder.decode(bytes.subarray(position, headerEnd));
  const headerNames = headerText.split(",").map(normalizeHeaderName);
  const columnCount = headerNames.length;
  /** For each file column: index into specs, or -1 to ignore it. */
  const targets = new Int32Array(columnCount).fill(-1);
  const specColumn = new Int32Array(specs.length).fill(-1);
  for (let column = 0; column < columnCount; column++) {
    const name = headerNames[column] as string;
    const specIndex = specs.findIndex((spec) => spec.aliases.includes(name));
    if (specIndex < 0) continue;
    const previous = specColumn[specIndex] as number;
    if (previous >= 0) {
      throw new CandleFileError(
        source,
        headerLine,
        "duplicate-column",
        `header has two ${(specs[specIndex] as CsvColumnSpec).name} columns: "${headerNames[previous]}" and "${name}"`,
        (specs[specIndex] as CsvColumnSpec).name,
      );
    }
    specColumn[specIndex] = column;
    targets[column] = specIndex;
  }
  const missing = specs.filter((spec, index) => spec.required && (specColumn[index] as number) < 0);
  if (missing.length > 0) {
    const firstField = (headerText.split(",")[0] ?? "").trim();
    const firstFieldBytes = new TextEncoder().encode(firstField);
    const looksLikeData =
      !Number.isNaN(parseDecimal(firstFieldBytes, 0, firstFieldBytes.length)) ||
      !Number.isNaN(parseIsoTimestamp(firstFieldBytes, 0, firstFieldBytes.length));
    const names = missing
      .map((spec) =>
        spec.aliases.length > 1
          ? `${spec.name} (or ${spec.aliases.filter((alias) => alias !== spec.name).join("/")})`
          : spec.name,
      )
      .join(", ");
    const detail = looksLikeData
      ? `the first line is data, not a header; expected a header such as ${exampleHeader}`
      : `header is missing column${missing.length > 1 ? "s" : ""} ${names}; found ${JSON.stringify(headerText)}`;
    throw new CandleFileError(source, headerLine, "missing-columns", detail, missing[0]?.name);
  }
  position = lineBounds(bytes, position).next;
  line++;
  const dataStart = position;
  const firstDataLine = line;

  // Capacity: one row per remaining line (blank lines make it an overestimate).
  // Buffer#indexOf is memchr; Uint8Array#indexOf is several times slower.
  const searchable = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let capacity = 0;
  for (let scan = position; scan < end; ) {
    const newline = searchable.indexOf(CHAR_NEWLINE, scan);
    capacity++;
    if (newline < 0) break;
    scan = newline + 1;
  }
  const columns = specs.map((spec) => {
    const column = new Float64Array(capacity);
    if (spec.fallback !== 0) column.fill(spec.fallback);
    return column;
  });
  const empty = new Float64Array(0);
  const outputs: Float64Array[] = [];
  const kinds = new Uint8Array(columnCount); // 0 ignore, 1 number, 2 time
  const columnSpecs: CsvColumnSpec[] = [];
  for (let column = 0; column < columnCount; column++) {
    const specIndex = targets[column] as number;
    const spec = specs[specIndex];
    outputs.push(spec ? (columns[specIndex] as Float64Array) : empty);
    columnSpecs.push(spec ?? (specs[0] as CsvColumnSpec));
    if (spec) kinds[column] = spec.kind === "time" ? KIND_TIME : KIND_NUMBER;
  }

  const context: RowContext = { source, kinds, outputs, columnSpecs, firstBlankRow: -1 };
  const row = readRows(bytes, position, line, context);
  const firstBlankRow = context.firstBlankRow;
  if (row === 0) {
    throw new CandleFileError(source, headerLine + 1, "no-rows", "no data rows after the header");
  }

  const length = row;
  const trimmed = length === capacity ? columns : columns.map((column) => column.subarray(0, length));
  return {
    length,
    columns: trimmed,
    lineOfRow(target: number): number {
      if (firstBlankRow < 0 || target < firstBlankRow) return firstDataLine + target;
      // Blank lines were skipped: count lines again (error path only).
      let scanLine = firstDataLine;
      let scanRow = 0;
      for (let scan = dataStart; scan < end; ) {
        const { contentEnd, next } = lineBounds(bytes, scan);
        if (!isBlank(bytes, scan, contentEnd)) {
          if (scanRow === target) return scanLine;
          scanRow++;
        }
        scan = next;
        scanLine++;
      }
      return scanLine;
    },
  };
}

/** State shared between {@link readNumericCsv} and its row loop. */
interface RowContext {
  readonly source: string;
  /** Per file column: 0 ignore, 1 number, 2 time. */
  readonly kinds: Uint8Array;
  /** Per file column: the output column (an empty array for ignored columns). */
  readonly outputs: Float64Array[];
  /** Per file column: the spec (any spec for ignored columns; only used for messages). */
  readonly columnSpecs: CsvColumnSpec[];
  /** Set to the row index at the first skipped blank line. */
  firstBlankRow: number;
}

/**
 * The hot loop: parses every data row from `start` (file line `firstLine`) into the output
 * columns. Kept apart from the header code so that V8 optimises it as a whole function.
 *
 * @returns the number of rows read.
 */
function readRows(bytes: Uint8Array, start: number, firstLine: number, context: RowContext): number {
  const end = bytes.length;
  const { source, kinds, outputs } = context;
  const columnCount = kinds.length;
  let position = start;
  let line = firstLine;
  let row = 0;
  while (position < end) {
    // Blank line (only `\n`, `\r\n`, or spaces/tabs): skip it.
    let code = (bytes[position] as number) - CHAR_0;
    if (code === NEWLINE_CODE || code === RETURN_CODE || code === SPACE_CODE || code === TAB_CODE) {
      const { contentEnd, next } = lineBounds(bytes, position);
      if (isBlank(bytes, position, contentEnd)) {
        if (context.firstBlankRow < 0) context.firstBlankRow = row;
        position = next;
        line++;
        continue;
      }
    }
    let column = 0;
    for (;;) {
      const fieldStart = position;
      const kind = column < columnCount ? (kinds[column] as number) : KIND_IGNORED;
      let value = Number.NaN;
      // `code` is always the current byte minus "0"; reading at `end` gives undefined → NaN,
      // which ends every digit loop and reads as "end of input".
      code = (bytes[position] as number) - CHAR_0;
      if (kind !== KIND_IGNORED) {
        // Fast path, one pass: [-]digits[.digits] then `,`, `\n`, `\r\n` or the end of input.
        const negative = code === MINUS_CODE;
        if (negative) code = (bytes[++position] as number) - CHAR_0;
        const integerStart = position;
        let mantissa = 0;
        while (code >= 0 && code <= 9) {
          mantissa = mantissa * 10 + code;
          code = (bytes[++position] as number) - CHAR_0;
        }
        let digitCount = position - integerStart;
        let scale = 0;
        if (code === DOT_CODE && kind === KIND_NUMBER) {
          const fractionStart = ++position;
          let fraction = 0;
          code = (bytes[position] as number) - CHAR_0;
          while (code >= 0 && code <= 9) {
            fraction = fraction * 10 + code;
            code = (bytes[++position] as number) - CHAR_0;
          }
          scale = position - fractionStart;
          digitCount += scale;
          // Exact: if the true mantissa is below 2^53, every step here is an exact integer.
          if (scale > 0) mantissa = mantissa * (POWERS_OF_TEN[scale] as number) + fraction;
        }
        if (
          digitCount > 0 &&
          mantissa < EXACT_INTEGER_LIMIT &&
          scale <= 22 &&
          (code === COMMA_CODE ||
            code === NEWLINE_CODE ||
            position >= end ||
            (code === RETURN_CODE && (position + 1 === end || bytes[position + 1] === CHAR_NEWLINE)))
        ) {
          // One correctly rounded IEEE division of two exact doubles = Number(text).
          value = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
          if (negative) value = -value;
        }
      }
      if (Number.isNaN(value)) {
        // General path: find the field end, then parse (or skip) the field.
        position = fieldStart;
        code = NEWLINE_CODE;
        while (position < end) {
          code = (bytes[position] as number) - CHAR_0;
          if (code === COMMA_CODE || code === NEWLINE_CODE) break;
          position++;
        }
        if (position >= end) code = NEWLINE_CODE;
        let fieldEnd = position;
        if (code === NEWLINE_CODE && fieldEnd > fieldStart && bytes[fieldEnd - 1] === CHAR_RETURN) fieldEnd--;
        if (kind !== KIND_IGNORED) {
          const spec = context.columnSpecs[column] as CsvColumnSpec;
          value =
            kind === KIND_TIME
              ? parseTimeField(bytes, fieldStart, fieldEnd, source, line, spec)
              : parseNumberField(bytes, fieldStart, fieldEnd, source, line, spec);
        }
      }
      if (kind !== KIND_IGNORED) (outputs[column] as Float64Array)[row] = value;
      column++;
      if (code === COMMA_CODE) {
        position++;
        continue;
      }
      // End of line: skip `\r\n` or `\n` (stepping past the end is fine).
      position += code === RETURN_CODE ? 2 : 1;
      break;
    }
    if (column !== columnCount) {
      throw new CandleFileError(
        source,
        line,
        "column-count",
        `expected ${columnCount} columns as in the header, found ${column}`,
      );
    }
    row++;
    line++;
  }
  return row;
}

/** Bounds of a field without surrounding spaces/tabs and one pair of double quotes. */
function trimField(bytes: Uint8Array, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  while (from < to && (bytes[from] === CHAR_SPACE || bytes[from] === CHAR_TAB)) from++;
  while (to > from && (bytes[to - 1] === CHAR_SPACE || bytes[to - 1] === CHAR_TAB)) to--;
  if (to - from >= 2 && bytes[from] === CHAR_QUOTE && bytes[to - 1] === CHAR_QUOTE) {
    from++;
    to--;
    while (from < to && (bytes[from] === CHAR_SPACE || bytes[from] === CHAR_TAB)) from++;
    while (to > from && (bytes[to - 1] === CHAR_SPACE || bytes[to - 1] === CHAR_TAB)) to--;
  }
  return [from, to];
}

const NON_FINITE_WORDS = new Set([
  "nan",
  "inf",
  "infinity",
  "+inf",
  "-inf",
  "+infinity",
  "-infinity",
  "+nan",
  "-nan",
]);

/** Slow path of a number field the fast path did not take (exponents, long mantissas, spaces, quotes); throws when it is not a number. */
function parseNumberField(
  bytes: Uint8Array,
  start: number,
  end: number,
  source: string,
  line: number,
  spec: CsvColumnSpec,
): number {
  let value = parseDecimal(bytes, start, end);
  if (!Number.isNaN(value)) return value;
  // Rare from here on (the tuple below is the only allocation on this path).
  const [from, to] = trimField(bytes, start, end);
  value = parseDecimal(bytes, from, to);
  if (!Number.isNaN(value)) return value;
  const text = decoder.decode(bytes.subarray(from, to)).toLowerCase();
  if (NON_FINITE_WORDS.has(text)) {
    throw new CandleFileError(
      source,
      line,
      "not-finite",
      `${spec.name} is not a finite number: ${quoteField(bytes, start, end)}`,
      spec.name,
    );
  }
  const detail =
    from === to ? `${spec.name} is empty` : `${spec.name} is not a number: ${quoteField(bytes, start, end)}`;
  throw new CandleFileError(source, line, "not-a-number", detail, spec.name);
}

/** Slow path of a time field that is not a plain integer: ISO-8601 date, or throws. */
function parseTimeField(
  bytes: Uint8Array,
  start: number,
  end: number,
  source: string,
  line: number,
  spec: CsvColumnSpec,
): number {
  // ISO dates (Yahoo files) come here on every row: no allocation before the rare trimming.
  let value = parseIsoTimestamp(bytes, start, end);
  if (!Number.isNaN(value)) return value;
  value = parseDecimal(bytes, start, end);
  if (Number.isSafeInteger(value)) return value;
  const [from, to] = trimField(bytes, start, end);
  value = parseDecimal(bytes, from, to);
  if (Number.isSafeInteger(value)) return value;
  if (Number.isNaN(value)) {
    value = parseIsoTimestamp(bytes, from, to);
    if (!Number.isNaN(value)) return value;
  }
  const detail =
    from === to
      ? `${spec.name} is empty`
      : `${spec.name} is neither an integer ms timestamp nor an ISO-8601 date: ${quoteField(bytes, start, end)}`;
  throw new CandleFileError(source, line, "invalid-timestamp", detail, spec.name);
}

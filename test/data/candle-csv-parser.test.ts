import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  CandleFileError,
  type CandleFileErrorReason,
  type CandleSeries,
  parseCandleCsv,
} from "../../src/data/index.ts";

const fixture = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../fixtures/candles/${name}`, import.meta.url)));

const HEADER = "timestamp,open,high,low,close,volume";
const csv = (...lines: string[]): string => `${[HEADER, ...lines].join("\n")}\n`;

/** Parses and returns the CandleFileError (fails the test when parsing succeeds). */
function failure(input: string | Uint8Array, source?: string): CandleFileError {
  try {
    parseCandleCsv(input, source === undefined ? {} : { source });
  } catch (error) {
    expect(error).toBeInstanceOf(CandleFileError);
    expect(error).toBeInstanceOf(ValidationError);
    return error as CandleFileError;
  }
  return expect.fail("expected parseCandleCsv to throw");
}

const rows = (series: CandleSeries): number[][] =>
  Array.from({ length: series.length }, (_, index) => [
    series.timestamp[index] as number,
    series.open[index] as number,
    series.high[index] as number,
    series.low[index] as number,
    series.close[index] as number,
    series.volume[index] as number,
  ]);

describe("parseCandleCsv: accepted formats", () => {
  it("reads the shared-data format (integer ms timestamps)", () => {
    const series = parseCandleCsv(csv("1000,10,11,9,10.5,100", "2000,10.5,12,10,11,0"));
    expect(rows(series)).toEqual([
      [1000, 10, 11, 9, 10.5, 100],
      [2000, 10.5, 12, 10, 11, 0],
    ]);
  });

  it("accepts a Buffer, a BOM, CRLF line ends, no final newline and trailing blank lines", () => {
    const text = `\uFEFF${HEADER}\r\n1000,10,11,9,10.5,100\r\n2000,10.5,12,10,11,7\r\n`;
    const expected = [
      [1000, 10, 11, 9, 10.5, 100],
      [2000, 10.5, 12, 10, 11, 7],
    ];
    expect(rows(parseCandleCsv(Buffer.from(text)))).toEqual(expected);
    expect(rows(parseCandleCsv(text.trimEnd()))).toEqual(expected);
    expect(rows(parseCandleCsv(`${text}\r\n\n  \n`))).toEqual(expected);
  });

  it("reads ISO-8601 dates and datetimes (date-only = 00:00 UTC, offsets honoured, no zone = UTC)", () => {
    const series = parseCandleCsv(
      csv(
        "2024-01-02,10,11,9,10,1",
        "2024-01-02T03:00:00Z,10,11,9,10,1",
        "2024-01-02T06:00:00+02:00,10,11,9,10,1",
        "2024-01-02 05:30:00.250-00:30,10,11,9,10,1",
        "2024-01-02T07:00,10,11,9,10,1",
      ),
    );
    expect(Array.from(series.timestamp)).toEqual([
      Date.UTC(2024, 0, 2),
      Date.UTC(2024, 0, 2, 3),
      Date.UTC(2024, 0, 2, 4),
      Date.UTC(2024, 0, 2, 6, 0, 0, 250),
      Date.UTC(2024, 0, 2, 7),
    ]);
  });

  it("handles the Binance original's DST switch via explicit offsets", () => {
    // Israel time: 01:00+03:00 is followed by 01:00+02:00, one hour later.
    const series = parseCandleCsv(
      "open_time,open,high,low,close,volume\n2020-10-25 01:00:00+03:00,1,2,1,2,3\n2020-10-25 01:00:00+02:00,2,3,1,2,3\n",
    );
    expect((series.timestamp[1] as number) - (series.timestamp[0] as number)).toBe(3_600_000);
  });

  it("reads Yahoo headers: any case, any order, Adj Close ignored, missing volume = 0", () => {
    const yahoo = parseCandleCsv(
      "Date,Open,High,Low,Close,Adj Close,Volume\n1995-01-03,2.1,2.2,2.0,2.05,1.9,36301200\n",
    );
    expect(rows(yahoo)).toEqual([[Date.UTC(1995, 0, 3), 2.1, 2.2, 2.0, 2.05, 36301200]]);

    const shuffled = parseCandleCsv("VOLUME,close,Low,TIME,extra,HIGH,open\n5,10.5,9,1000,zzz,11,10\n");
    expect(rows(shuffled)).toEqual([[1000, 10, 11, 9, 10.5, 5]]);

    const noVolume = parseCandleCsv(" Date , Open,High,Low,Close\n2024-01-01,1,2,1,2\n2024-01-02,2,3,1,2\n");
    expect(Array.from(noVolume.volume)).toEqual([0, 0]);
  });

  it("loads the fixture files (Yahoo style with quotes and spaces; ISO with offsets)", () => {
    const yahoo = parseCandleCsv(fixture("yahoo-style.csv"), { source: "yahoo-style.csv" });
    expect(yahoo.length).toBe(4);
    expect(yahoo.timestamp[0]).toBe(Date.UTC(2014, 11, 26));
    expect(yahoo.close[3]).toBe(44.970001);
    const iso = parseCandleCsv(fixture("iso-offsets.csv"), { source: "iso-offsets.csv" });
    expect(Array.from(iso.timestamp)).toEqual([
      Date.UTC(2024, 2, 31, 0),
      Date.UTC(2024, 2, 31, 1),
      Date.UTC(2024, 2, 31, 2),
    ]);
  });

  it("accepts time column names time, date, timestamp, datetime, open_time", () => {
    for (const name of ["time", "Date", "TIMESTAMP", "datetime", "open_time"]) {
      expect(parseCandleCsv(`${name},open,high,low,close\n1000,1,1,1,1\n`).timestamp[0]).toBe(1000);
    }
  });

  it("parses signs, exponents, long mantissas, quotes and spaces like Number()", () => {
    const series = parseCandleCsv(
      csv(
        '1000,+1.5, 2.5e0 ,1.25e-1,"1.0000000000000000001",0',
        "2000,1e2,123456789012345678901,0.001,100.0,1e-7",
      ),
    );
    expect(rows(series)).toEqual([
      [1000, 1.5, 2.5, 0.125, Number("1.0000000000000000001"), 0],
      [2000, 100, Number("123456789012345678901"), 0.001, 100, 1e-7],
    ]);
  });

  it("reads only its view of a larger buffer (no bytes past the end)", () => {
    const whole = new TextEncoder().encode(`junk${HEADER}\n1000,1,2,0.5,1.5,7123`);
    const view = whole.subarray(4, whole.length - 3);
    expect(rows(parseCandleCsv(view))).toEqual([[1000, 1, 2, 0.5, 1.5, 7]]);
    expect(rows(parseCandleCsv(Buffer.from(view.buffer, view.byteOffset, view.byteLength)))).toEqual([
      [1000, 1, 2, 0.5, 1.5, 7],
    ]);
  });

  it("allocates compact columns of exactly `length` values", () => {
    const series = parseCandleCsv(csv("1000,1,1,1,1,1", "", "2000,1,1,1,1,1", ""));
    expect(series.length).toBe(2);
    for (const column of [
      series.timestamp,
      series.open,
      series.high,
      series.low,
      series.close,
      series.volume,
    ]) {
      expect(column.length).toBe(2);
    }
  });
});

describe("parseCandleCsv: rejected input names the line and the reason", () => {
  const cases: Array<{
    title: string;
    input: string;
    line: number;
    reason: CandleFileErrorReason;
    message: string;
  }> = [
    { title: "empty file", input: "", line: 1, reason: "empty-file", message: "file is empty" },
    {
      title: "BOM and blank lines only",
      input: "\uFEFF\n  \r\n",
      line: 3,
      reason: "empty-file",
      message: "empty",
    },
    { title: "header only", input: `${HEADER}\n`, line: 2, reason: "no-rows", message: "no data rows" },
    {
      title: "header missing high and low",
      input: "timestamp,open,close,volume\n1,1,1,1\n",
      line: 1,
      reason: "missing-columns",
      message: "header is missing columns high, low",
    },
    {
      title: "header without a time column",
      input: "open,high,low,close\n1,1,1,1\n",
      line: 1,
      reason: "missing-columns",
      message: "missing column timestamp (or time/date/datetime/open_time/open time)",
    },
    {
      title: "no header at all",
      input: "1000,1,2,0.5,1.5,10\n",
      line: 1,
      reason: "missing-columns",
      message: "the first line is data, not a header",
    },
    {
      title: "two time columns",
      input: "date,timestamp,open,high,low,close\n",
      line: 1,
      reason: "duplicate-column",
      message: 'two timestamp columns: "date" and "timestamp"',
    },
    {
      title: "too few columns",
      input: csv("1000,1,1,1,1,1", "2000,1,1,1,1"),
      line: 3,
      reason: "column-count",
      message: "expected 6 columns as in the header, found 5",
    },
    {
      title: "too many columns",
      input: csv("1000,1,1,1,1,1,9"),
      line: 2,
      reason: "column-count",
      message: "found 7",
    },
    {
      title: "non-numeric close",
      input: csv("1000,1,1,1,1,1", "2000,1,1,1,abc,1"),
      line: 3,
      reason: "not-a-number",
      message: 'close is not a number: "abc"',
    },
    {
      title: "empty volume",
      input: csv("1000,1,1,1,1,"),
      line: 2,
      reason: "not-a-number",
      message: "volume is empty",
    },
    {
      title: "hex is not a decimal",
      input: csv("1000,0x10,1,1,1,1"),
      line: 2,
      reason: "not-a-number",
      message: 'open is not a number: "0x10"',
    },
    {
      title: "NaN",
      input: csv("1000,1,NaN,1,1,1"),
      line: 2,
      reason: "not-finite",
      message: 'high is not a finite number: "NaN"',
    },
    {
      title: "Infinity",
      input: csv("1000,1,1,1,1,-Infinity"),
      line: 2,
      reason: "not-finite",
      message: "volume is not a finite number",
    },
    {
      title: "overflow to Infinity",
      input: csv("1000,1,1e999,1,1,1"),
      line: 2,
      reason: "not-finite",
      message: "high Infinity is not a finite number",
    },
    {
      title: "negative price",
      input: csv("1000,-1,1,1,1,1"),
      line: 2,
      reason: "non-positive-price",
      message: "open -1 is not positive",
    },
    {
      title: "zero price",
      input: csv("1000,1,1,0,1,1"),
      line: 2,
      reason: "non-positive-price",
      message: "low 0 is not positive",
    },
    {
      title: "high below low",
      input: csv("1000,10,11,9,10,1", "2000,10,9.5,10,10,1"),
      line: 3,
      reason: "high-below-low",
      message: "<input>:3: high 9.5 is below low 10",
    },
    {
      title: "high below close",
      input: csv("1000,10,10.5,9,11,1"),
      line: 2,
      reason: "high-below-body",
      message: "high 10.5 is below close 11",
    },
    {
      title: "high below open",
      input: csv("1000,12,10.5,9,10,1"),
      line: 2,
      reason: "high-below-body",
      message: "high 10.5 is below open 12",
    },
    {
      title: "low above open",
      input: csv("1000,10,12,10.5,11,1"),
      line: 2,
      reason: "low-above-body",
      message: "low 10.5 is above open 10",
    },
    {
      title: "negative volume",
      input: csv("1000,1,1,1,1,-5"),
      line: 2,
      reason: "negative-volume",
      message: "volume -5 is negative",
    },
    {
      title: "unsorted timestamps",
      input: csv("1000,1,1,1,1,1", "3000,1,1,1,1,1", "2000,1,1,1,1,1"),
      line: 4,
      reason: "unsorted",
      message:
        "timestamp 2000 (1970-01-01T00:00:02.000Z) is before 3000 (1970-01-01T00:00:03.000Z) on line 3",
    },
    {
      title: "duplicate timestamps",
      input: csv("1000,1,1,1,1,1", "1000,1,1,1,1,1"),
      line: 3,
      reason: "duplicate-timestamp",
      message: "duplicate timestamp 1000 (1970-01-01T00:00:01.000Z), the same as on line 2",
    },
    {
      title: "invalid ISO date",
      input: csv("2024-02-30,1,1,1,1,1"),
      line: 2,
      reason: "invalid-timestamp",
      message: 'timestamp is neither an integer ms timestamp nor an ISO-8601 date: "2024-02-30"',
    },
    {
      title: "fractional ms timestamp",
      input: csv("1000.5,1,1,1,1,1"),
      line: 2,
      reason: "invalid-timestamp",
      message: '"1000.5"',
    },
    {
      title: "line numbers count blank lines and CRLF",
      input: `${HEADER}\r\n\r\n1000,1,1,1,1,1\r\n\r\n\r\n2000,1,1,1,1,-1\r\n`,
      line: 6,
      reason: "negative-volume",
      message: "<input>:6: volume -1 is negative",
    },
    {
      title: "ordering error after blank lines names the right previous line",
      input: `${HEADER}\n1000,1,1,1,1,1\n\n\n1000,1,1,1,1,1\n`,
      line: 5,
      reason: "duplicate-timestamp",
      message: "the same as on line 2",
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.title} → ${testCase.reason} on line ${testCase.line}`, () => {
      const error = failure(testCase.input);
      expect(error.reason).toBe(testCase.reason);
      expect(error.line).toBe(testCase.line);
      expect(error.source).toBe("<input>");
      expect(error.message).toContain(testCase.message);
      expect(error.message.startsWith(`<input>:${testCase.line}: `)).toBe(true);
      expect(error.code).toBe("VALIDATION_ERROR");
    });
  }

  it("names the source file and the column", () => {
    const error = failure(csv("1000,10,9.5,10,10,1"), "btc.csv");
    expect(error.message).toBe("btc.csv:2: high 9.5 is below low 10");
    expect(error.source).toBe("btc.csv");
    expect(error.column).toBe("high");
    expect(error.field).toBe("high");
  });

  it("rejects malformed fixture files with their line numbers", () => {
    const error = failure(fixture("malformed-high-below-low.csv"), "malformed-high-below-low.csv");
    expect(error.message).toBe("malformed-high-below-low.csv:4: high 9.5 is below low 10");
    const unsorted = failure(fixture("malformed-unsorted.csv"), "malformed-unsorted.csv");
    expect(unsorted.reason).toBe("unsorted");
    expect(unsorted.line).toBe(4);
  });
});

describe("parseCandleCsv: properties", () => {
  /** Positive decimal texts of many shapes: plain, long, with exponents. */
  const positiveDecimal = fc.oneof(
    fc.double({ min: 1e-9, max: 1e12, noNaN: true }).map((value) => String(value)),
    fc
      .tuple(
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 10 ** 8 }),
      )
      .filter(([integer, , fraction]) => integer + fraction > 0)
      .map(([integer, zeros, fraction]) => `${integer}.${"0".repeat(zeros)}${fraction}`),
    fc
      .tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: -12, max: 12 }))
      .map(([mantissa, exponent]) => `${mantissa}e${exponent}`),
    fc.bigInt({ min: 1n, max: 10n ** 25n }).map((value) => `${value}`),
  );

  it("every parsed value equals Number(text) of its field", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(positiveDecimal, positiveDecimal, positiveDecimal, positiveDecimal, positiveDecimal),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.boolean(),
        (bars, crlf) => {
          const lines = bars.map(([a, b, c, d, volume], index) => {
            const sorted = [a, b, c, d].sort((left, right) => Number(left) - Number(right));
            // open, high, low, close = 2nd, max, min, 3rd.
            return [1_000 * (index + 1), sorted[1], sorted[3], sorted[0], sorted[2], volume];
          });
          const text = [HEADER, ...lines.map((line) => line.join(","))].join(crlf ? "\r\n" : "\n");
          const series = parseCandleCsv(text);
          expect(series.length).toBe(lines.length);
          lines.forEach((line, index) => {
            expect(series.timestamp[index]).toBe(line[0]);
            expect(Object.is(series.open[index], Number(line[1]))).toBe(true);
            expect(Object.is(series.high[index], Number(line[2]))).toBe(true);
            expect(Object.is(series.low[index], Number(line[3]))).toBe(true);
            expect(Object.is(series.close[index], Number(line[4]))).toBe(true);
            expect(Object.is(series.volume[index], Number(line[5]))).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

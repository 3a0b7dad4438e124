import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { CandleFileError, loadFundingFile, parseFundingCsv } from "../../src/data/index.ts";

describe("parseFundingCsv", () => {
  it("keeps raw jittered timestamps and signed rates", () => {
    const funding = parseFundingCsv(
      "timestamp,funding_rate\n1748332800121,1.25e-05\n1748336400022,-2.69e-05\r\n1748341300000,0.00015\n",
    );
    expect(funding.length).toBe(3);
    expect(Array.from(funding.timestamp)).toEqual([1748332800121, 1748336400022, 1748341300000]);
    expect(Array.from(funding.rate)).toEqual([1.25e-5, -2.69e-5, 0.00015]);
  });

  it("accepts other header names, ISO times and extra columns", () => {
    const funding = parseFundingCsv("Time,coin,Rate\n2025-05-27T08:00:00.121Z,BTC,0.0000125\n");
    expect(funding.timestamp[0]).toBe(Date.parse("2025-05-27T08:00:00.121Z"));
    expect(funding.rate[0]).toBe(1.25e-5);
  });

  it("rejects bad files with line and reason", () => {
    const cases: Array<[string, number, string, string]> = [
      ["", 1, "empty-file", "file is empty"],
      ["timestamp,funding_rate\n", 2, "no-rows", "no data rows"],
      ["timestamp,open\n1,2\n", 1, "missing-columns", "missing column funding_rate"],
      ["timestamp,funding_rate\n1,x\n", 2, "not-a-number", 'funding_rate is not a number: "x"'],
      ["timestamp,funding_rate\n1,inf\n", 2, "not-finite", "not a finite number"],
      ["timestamp,funding_rate\n1,1e400\n", 2, "not-finite", "funding_rate Infinity is not a finite number"],
      ["timestamp,funding_rate\n2,0\n1,0\n", 3, "unsorted", "is before 2"],
      ["timestamp,funding_rate\n2,0\n2,0\n", 3, "duplicate-timestamp", "the same as on line 2"],
      ["timestamp,funding_rate\n2,0,5\n", 2, "column-count", "expected 2 columns"],
    ];
    for (const [input, line, reason, message] of cases) {
      let caught: unknown;
      try {
        parseFundingCsv(input, { source: "funding.csv" });
      } catch (error) {
        caught = error;
      }
      expect(caught, input).toBeInstanceOf(CandleFileError);
      const error = caught as CandleFileError;
      expect([error.line, error.reason], input).toEqual([line, reason]);
      expect(error.message).toContain(`funding.csv:${line}: `);
      expect(error.message).toContain(message);
    }
  });

  it("property: every rate equals Number(text), negative ones included", () => {
    const rateText = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ min: -1, max: 1, noNaN: true }).map((value) => value.toFixed(8)),
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
    );
    fc.assert(
      fc.property(fc.array(rateText, { minLength: 1, maxLength: 40 }), (rates) => {
        const text = `timestamp,funding_rate\n${rates.map((rate, index) => `${index * 3_600_000},${rate}`).join("\n")}`;
        const funding = parseFundingCsv(text);
        rates.forEach((rate, index) => {
          expect(Object.is(funding.rate[index], Number(rate)), rate).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("loadFundingFile reads a file and reports a missing one as a ValidationError", () => {
    const folder = mkdtempSync(join(tmpdir(), "hlbot-funding-"));
    try {
      const path = join(folder, "funding.csv");
      writeFileSync(path, "timestamp,funding_rate\n1,0.5\n");
      expect(loadFundingFile(path).rate[0]).toBe(0.5);
      expect(() => loadFundingFile(join(folder, "missing.csv"))).toThrow(ValidationError);
      expect(() => loadFundingFile(join(folder, "missing.csv"))).toThrow(/does not exist/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
